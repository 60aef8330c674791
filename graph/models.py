"""The shapes of the engine's answers, shared by the command line (JSON/CSV output) and the API.

Pydantic models, so the API can use them as response models and OpenAPI
documents them; answers are small (tens to hundreds of rows), so per-row models
cost little here. Bulk data (SPARQL results, dumps) never goes through them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class Ref(BaseModel):
    """A resource of the graph: its IRI, short identifier and label in the asked language."""

    iri: str
    id: str
    label: str


class JurisdictionRef(Ref):
    code: str = Field(description="ISO 3166 code (EU for the European Union)")


class ProvisionRef(Ref):
    citation: str | None = None
    official_text: str | None = None


class MembershipStep(BaseModel):
    """A dated membership through which a union's duties reach a country."""

    membership: str
    kind: Literal["membership", "transition"]
    member: JurisdictionRef
    union: JurisdictionRef
    start: dt.date | None
    end: dt.date | None


class Why(BaseModel):
    """Why a duty applies: through which jurisdiction, category and conditions."""

    route: Literal["direct", "within", "membership", "transition"]
    jurisdiction: JurisdictionRef = Field(description="where the duty applies (its dg:appliesIn)")
    within: list[JurisdictionRef] = Field(default_factory=list, description="regions the asked place lies in")
    membership: MembershipStep | None = None
    matched_categories: list[Ref] = Field(default_factory=list, description="bearer categories the service falls in")
    conditions_met: list[Ref] = Field(default_factory=list)
    conditions_unknown: list[Ref] = Field(default_factory=list, description="required conditions not stated either way")
    exemptions_unknown: list[Ref] = Field(
        default_factory=list, description="exemptions that would lift the duty if they held"
    )
    exemption_lifted_by: list[Ref] = Field(default_factory=list)
    text: str = Field(description="the reasoning in one sentence")


Applicability = Literal[
    "applies",
    "conditional",
    "designation-required",
    "upcoming",
    "pending",
    "not-in-force",
    "enjoined",
    "exempt",
    "ended",
    "not-applicable",
]
"""The verdicts of the one judgement (graph/judgement.py), from binding to set aside."""

ReasonCode = Literal[
    "reached",
    "not-reached",
    "membership-ends-before-start",
    "harm-not-addressed",
    "category-matched",
    "category-not-matched",
    "condition-met",
    "condition-unknown",
    "condition-not-met",
    "displaced",
    "in-force",
    "upcoming",
    "pending",
    "not-in-force",
    "no-start-date",
    "ended",
    "exempt",
    "exemption-unknown",
    "exemption-lifted",
    "designation-required",
    "designated",
    "enjoined",
    "enjoined-for-parties",
    "court-cleared",
]


class Reason(BaseModel):
    """One step of the judgement, for or against the duty, with the graph's resources it rests on."""

    code: ReasonCode
    holds: bool = Field(description="true when this step supports the duty binding the service, false when not")
    text: str = Field(description="the step in plain words, in the asked language")
    refs: list[Ref] = Field(default_factory=list)


class CompetentAuthority(BaseModel):
    """Who enforces this duty against this service, and on what legal basis."""

    authority: Ref | None = Field(description="the authority, when the graph can name it for this profile")
    role: Ref | None = Field(
        default=None, description="the role whose holder is competent (e.g. Digital Services Coordinator)"
    )
    kind: Literal["exclusive", "shared", "recorded"] = Field(
        description="exclusive or shared competence under the legal basis; `recorded` when only dg:enforcedBy says so"
    )
    legal_basis: ProvisionRef | None = None
    place: JurisdictionRef | None = Field(
        default=None, description="whose authority it is (e.g. the state of establishment)"
    )
    text: str = Field(description="why this authority, in plain words")


class Source(BaseModel):
    iri: str
    official: bool = Field(description="true for the official text or the regulator's own page")


class MeasureRef(Ref):
    """A measure a regulator's code or guidance recommends towards a duty: shown beside it, never judged."""

    citation: str | None = None
    official_text: str | None = None
    legal_effect: Ref = Field(description="safe harbour, non-binding guidance or binding")
    legal_status: Ref | None = Field(default=None, description="in force, or pending while the code is in draft")
    effective_from: dt.date | None = None
    verification: str | None = Field(default=None, description="official, secondary or unverified")


class Evidence(BaseModel):
    """How the duty was checked: the level, the documents read and when, and what stays uncertain."""

    verification: str | None = Field(description="official, secondary or unverified")
    sources: list[Source] = Field(default_factory=list)
    retrieved_on: dt.date | None = None
    notes: list[str] = Field(default_factory=list, description="editorial notes: caveats, deadlines, uncertainties")


class DutyAnswer(BaseModel):
    """The one view of a duty: what it requires and where it comes from, with evidence; with a question
    (a lookup, an assessment, a comparison) also the verdict, the reasoning and the competent authority."""

    iri: str
    id: str
    label: str
    summary: str | None = None
    instrument: Ref
    instrument_short_title: str | None = None
    provisions: list[ProvisionRef]
    citation: str | None = None
    official_text: str | None = None
    legal_status: Ref
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    planned_from: dt.date | None = None
    applies_in: JurisdictionRef
    bearers: list[Ref]
    enforced_by: list[Ref]
    harms: list[Ref]
    themes: list[Ref]
    protects: list[Ref]
    requires_conditions: list[Ref]
    exempt_when: list[Ref]
    verification: str | None = None
    evidence: Evidence
    applicability: Applicability | None = Field(
        default=None, description="the one judgement's verdict for the question asked (none in plain lists)"
    )
    why: Why | None = None
    reasons: list[Reason] = Field(default_factory=list, description="every step of the judgement, for and against")
    competent_authorities: list[CompetentAuthority] = Field(
        default_factory=list, description="who enforces it for the service asked about"
    )
    measures: list[MeasureRef] = Field(
        default_factory=list, description="measures the regulator recommends towards it (not duties, no verdict)"
    )


class CoverageNote(BaseModel):
    """Whether the graph models a layer of law (supranational, national, sub-national) of a place."""

    jurisdiction: JurisdictionRef
    layer: Literal["supranational", "national", "subnational"]
    modelled: bool
    reviewed_on: dt.date | None = None
    text: str = Field(description="what is and is not modelled, in plain words")


class Penalty(BaseModel):
    """The most an instrument lets an authority impose, as the law sets it."""

    iri: str
    id: str
    label: str
    instrument: Ref
    set_by: ProvisionRef | None = None
    max_amount: float | None = None
    currency: str | None = None
    max_turnover_share: float | None = Field(default=None, description="0.06 for 6 % of turnover")
    turnover_basis: str | None = None
    greater_of: bool = False
    per_violation: bool = False
    imposed_by: Ref | None = None
    imposed_by_role: Ref | None = None
    for_categories: list[Ref] = Field(default_factory=list)
    covers_provisions: list[Ref] = Field(default_factory=list)
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    evidence: Evidence
    text: str = Field(description="the maximum in plain words")


class DutyLookup(BaseModel):
    """The answer to "which duties apply here, to this service, on this date"."""

    jurisdiction: JurisdictionRef
    date: dt.date
    categories: list[Ref]
    designations: list[Ref] = Field(default_factory=list, description="designations the service holds")
    establishment: JurisdictionRef | None = Field(default=None, description="EU Member State of main establishment")
    conditions_true: list[Ref]
    conditions_false: list[Ref]
    harm: Ref | None = None
    include_pending: bool
    duties: list[DutyAnswer]
    exempt: list[DutyAnswer] = Field(default_factory=list, description="duties the service is exempt from, and why")
    set_aside: list[DutyAnswer] = Field(
        default_factory=list, description="with explain: every other candidate duty and why it does not bind"
    )
    coverage: list[CoverageNote] = Field(
        default_factory=list, description="for the place and what contains it: which layers of law the graph models"
    )
    coverage_gaps: list[str] = Field(default_factory=list, description="plain warnings where a layer is not modelled")
    penalties: list[Penalty] = Field(default_factory=list, description="maximum penalties of the instruments listed")


class ThresholdTest(BaseModel):
    """One size threshold tested against the profile, met or not, with the figures."""

    category: Ref
    provision: Ref | None = None
    measured_in: JurisdictionRef | None = None
    users: int | None = Field(description="the profile's figure, or null when it gives none")
    limit: int
    comparison: Literal[">=", ">"]
    features_required: list[Ref] = Field(default_factory=list)
    features_missing: list[Ref] = Field(default_factory=list)
    met: bool
    requires_designation: bool = False
    designated: bool = False
    text: str


class CategoryReason(BaseModel):
    category: Ref
    reason: str
    requires_designation: bool = False
    designated: bool = False


class JurisdictionAssessment(BaseModel):
    jurisdiction: JurisdictionRef
    categories: list[CategoryReason]
    thresholds: list[ThresholdTest] = Field(default_factory=list, description="every threshold tested, met or not")
    conditions: list[Ref]
    duties: list[DutyAnswer]
    exempt: list[DutyAnswer] = Field(default_factory=list)
    set_aside: list[DutyAnswer] = Field(default_factory=list)
    coverage_gaps: list[str] = Field(default_factory=list)
    penalties: list[Penalty] = Field(default_factory=list)


class Assessment(BaseModel):
    service: str
    date: dt.date
    designations: list[Ref] = Field(default_factory=list)
    establishment: JurisdictionRef | None = None
    jurisdictions: list[JurisdictionAssessment]
    notes: list[str] = Field(default_factory=list)


class ComparisonCell(BaseModel):
    jurisdiction: JurisdictionRef
    duties: list[DutyAnswer]


class Correspondence(BaseModel):
    iri: str | None
    duties: list[Ref]
    strength: Literal["close", "related"]
    note: str | None = None


class Comparison(BaseModel):
    theme: Ref | None
    duty: Ref | None
    jurisdictions: list[JurisdictionRef]
    cells: list[ComparisonCell]
    correspondences: list[Correspondence]


class ThemeRow(BaseModel):
    theme: Ref
    cells: list[ComparisonCell]


class ThemeMatrix(BaseModel):
    """Themes × jurisdictions, each cell the duties of that theme judged in that place on the date."""

    date: dt.date
    jurisdictions: list[JurisdictionRef]
    rows: list[ThemeRow]


class TimelineEntry(BaseModel):
    date: dt.date
    date_precision: str = "day"
    kind: Literal["duty-starts", "duty-ends", "enforcement", "cooperation", "court-decision"]
    iri: str
    id: str
    label: str
    jurisdictions: list[JurisdictionRef] = Field(default_factory=list)
    authorities: list[Ref] = Field(default_factory=list)
    detail: str | None = None
    source: str | None = None


class EnforcementAction(BaseModel):
    """An enforcement action as a register row: who, against whom, on what basis, at what stage, what fine."""

    iri: str
    id: str
    label: str
    date: dt.date
    date_precision: str = "day"
    detail: str | None = None
    authorities: list[Ref] = Field(default_factory=list)
    jurisdictions: list[JurisdictionRef] = Field(default_factory=list)
    action_type: Ref | None = None
    status: Ref | None = Field(default=None, description="open, preliminary findings, decision, fine, closed")
    about_minors: bool | None = None
    legal_basis: list[ProvisionRef] = Field(default_factory=list)
    targets: list[Ref] = Field(default_factory=list)
    fine_amount: float | None = None
    currency: str | None = None
    evidence: Evidence


class Timeline(BaseModel):
    start: dt.date
    end: dt.date
    jurisdiction: JurisdictionRef | None
    authority: Ref | None
    entries: list[TimelineEntry]


# --- what the browse routes list: jurisdictions, laws, authorities, concepts, a duty's own page


class JurisdictionItem(BaseModel):
    iri: str
    id: str
    code: str = Field(description="ISO 3166 code (EU for the European Union)")
    label: str
    kind: Literal["country", "supranational-union", "subnational-region"]
    within: list[JurisdictionRef] = Field(description="territories it lies within, nearest first")


class JurisdictionDetail(JurisdictionItem):
    regions: list[JurisdictionRef] = Field(description="territories that lie within it")
    memberships: list[MembershipStep] = Field(description="dated memberships it holds or its members hold")
    authorities: list[Ref] = Field(description="authorities competent in it")
    laws: list[Ref] = Field(description="instruments that apply in it directly")


class DutyDetail(DutyAnswer):
    """A duty's own page: the one duty view, plus what lifts its exemption and its equivalents elsewhere."""

    exemption_overridden_by: list[Ref] = Field(default_factory=list)
    correspondences: list[Correspondence] = Field(description="corresponding duties in other jurisdictions")


class LawItem(BaseModel):
    iri: str
    id: str
    label: str
    short_title: str | None = None
    citation: str | None = None
    instrument_type: Ref | None = None
    legal_status: Ref | None = None
    applies_in: list[JurisdictionRef]
    adopted: dt.date | None = None
    in_force_from: dt.date | None = None
    applies_from: dt.date | None = None
    official_text: str | None = None
    duty_count: int = Field(description="duties the graph records under this instrument")


class LawDetail(LawItem):
    provisions: list[ProvisionRef]
    duties: list[DutyAnswer]


class AuthorityItem(BaseModel):
    iri: str
    id: str
    label: str
    kind: Literal["regulator", "non-regulatory-body"]
    roles: list[Ref]
    competent_in: list[JurisdictionRef]
    homepage: str | None = None


class AuthorityDetail(AuthorityItem):
    description: str | None = None
    established_on: dt.date | None = None
    duties_enforced: list[DutyAnswer]
    events: list[TimelineEntry] = Field(description="enforcement actions and cooperation it took part in")


class ConceptItem(BaseModel):
    iri: str
    id: str
    code: str = Field(description="the code the lookups accept, e.g. eu-online-platform or csam")
    label: str
    definition: str | None = None
    broader: list[Ref]
    narrower: list[Ref]
    defined_by: list[Ref] = Field(description="provisions that define it")
    implied_by_features: list[Ref] = Field(default_factory=list, description="features that place a service in it")


class Statement(BaseModel):
    predicate: Ref
    value: str
    kind: Literal["iri", "literal", "bnode"]
    label: str | None = None
    lang: str | None = None
    datatype: str | None = None


class Entity(BaseModel):
    """A resource with what it says and what points at it."""

    iri: str
    id: str
    label: str
    types: list[Ref]
    statements: list[Statement]
    incoming: list[Statement]


class JurisdictionCounts(BaseModel):
    """Duties that apply in one jurisdiction, by how they were checked."""

    code: str
    iri: str
    duties: int = 0
    official: int = 0
    secondary: int = 0
    unverified: int = 0


class Stats(BaseModel):
    triples: int
    counts: dict[str, int]
    store: str
    version: str


# --- Providers and their designations (graph/providers.py)


class Register(BaseModel):
    """A register or published list of designated services, published or not."""

    iri: str
    id: str
    label: str
    kept_by: Ref | None = None
    applies_in: JurisdictionRef | None = None
    published: bool
    official_text: str | None = None
    verification: str | None = None
    notes: list[str] = Field(default_factory=list)


class Designation(BaseModel):
    """One authority's dated designation (or published assessment) of one named service."""

    iri: str
    id: str
    label: str
    service: str = Field(description="the designated service's name, as the decision gives it")
    provider: Ref
    category: Ref
    falls_in_category: bool = Field(description="false when the authority's view is that the service is not in it")
    designated_by: Ref | None = None
    applies_in: JurisdictionRef | None = None
    decision: str | None = Field(default=None, description="web address of the decision")
    legal_basis: ProvisionRef | None = None
    designated_on: dt.date | None = None
    binds_from: dt.date | None = Field(default=None, description="first day the category's duties bind the service")
    ends_on: dt.date | None = Field(default=None, description="first day it no longer binds")
    suspended_from: dt.date | None = None
    suspended_until: dt.date | None = None
    listed_in: Ref | None = Field(default=None, description="the register it belongs to")
    in_force: bool | None = Field(default=None, description="binding on the date asked (null when no date was asked)")
    status: str | None = Field(default=None, description="why it binds or not on the date asked, in plain words")
    evidence: Evidence


class ProviderSummary(BaseModel):
    iri: str
    id: str
    label: str
    also_known_as: list[str] = Field(default_factory=list)
    categories: list[Ref] = Field(default_factory=list, description="categories its services fall in by nature")
    main_establishment: JurisdictionRef | None = None
    designations: int = Field(description="how many designations the graph records for it")


class ProviderDetail(ProviderSummary):
    description: str | None = None
    homepage: str | None = None
    designation_list: list[Designation] = Field(default_factory=list)
    evidence: Evidence


class DutyDependency(BaseModel):
    """The designations a duty binds the provider through (none: it binds by the provider's own categories)."""

    duty: Ref
    applicability: Applicability | None = None
    designations: list[Ref] = Field(description="designations the duty binds the provider through")
    exemption_lifted_by: list[Ref] = Field(
        default_factory=list, description="designations that lift an exemption the provider would otherwise have"
    )


class ProviderDuties(BaseModel):
    """Which duties apply to this provider here on this date, and which designation each depends on."""

    provider: Ref
    service: str | None = Field(default=None, description="the one service asked about, when given")
    jurisdiction: JurisdictionRef
    date: dt.date
    designations: list[Designation] = Field(description="the provider's designations, each binding or not on the date")
    registers: list[Register] = Field(default_factory=list, description="registers with effect here, published or not")
    lookup: DutyLookup = Field(
        description="the lookup run with the provider's categories, designations and establishment"
    )
    depends_on: list[DutyDependency] = Field(description="for each duty listed, the designations it binds through")


# --- new ways in: search, the change feed and deadlines, the difference between two dates


class SearchHit(BaseModel):
    """One thing the full-text search found, with where to read it."""

    iri: str
    id: str
    type: Literal["duty", "provision", "law", "authority", "provider", "concept"]
    label: str
    snippet: str = Field(description="the best-matching passage, as HTML: text escaped, matched words in <mark>")
    score: float = Field(description="BM25 rank from SQLite FTS5 (higher is better)")
    page: str = Field(description="the entity's page in the explorer, /id/{id}")
    official_text: str | None = Field(default=None, description="the official text (or homepage) it comes from")
    instrument: Ref | None = None
    jurisdictions: list[JurisdictionRef] = Field(default_factory=list)


class SearchResult(BaseModel):
    query: str
    lang: str
    jurisdiction: JurisdictionRef | None = None
    type: str | None = None
    suggestions: list[str] = Field(default_factory=list, description="close index terms when nothing matched")
    hits: list[SearchHit]


class Change(BaseModel):
    """A change in the law the graph records: a duty starting or ending, an instrument entering into force or
    applying, a designation made, binding or ending, an enforcement action, a court decision that blocks or clears
    enforcement. `date` is when it happens in law;
    `modified` when the graph's record of it last changed (its own dct:modified, else its data file's)."""

    key: str = Field(description="stable identifier of this change (entity IRI and kind)")
    date: dt.date
    kind: Literal[
        "duty-starts",
        "duty-ends",
        "instrument-in-force",
        "instrument-applies",
        "designation",
        "designation-binds",
        "designation-ends",
        "enforcement",
        "court-decision",
    ]
    iri: str
    id: str
    label: str
    text: str = Field(description="the change in one sentence, with its citation")
    citation: str | None = None
    official_text: str | None = None
    jurisdictions: list[JurisdictionRef] = Field(default_factory=list)
    modified: dt.date | None = None


class ChangeFeed(BaseModel):
    jurisdiction: JurisdictionRef | None
    categories: list[Ref]
    themes: list[Ref]
    start: dt.date
    end: dt.date
    updated: dt.date | None = Field(description="the newest `modified` of the entries")
    entries: list[Change]


class DutyChange(BaseModel):
    """A duty whose verdict for the service differs between the two dates."""

    change: Literal["begins", "ends", "changes"]
    before: Applicability | None = Field(description="verdict on `from` (none: not among the candidates)")
    after: Applicability | None
    duty: DutyAnswer = Field(description="the duty as judged on `to` (on `from` when it ends)")


class DutyDiff(BaseModel):
    """What `applicable_duties` says differently for one service profile on two dates."""

    jurisdiction: JurisdictionRef
    start: dt.date
    end: dt.date
    categories: list[Ref]
    conditions_true: list[Ref]
    conditions_false: list[Ref]
    designations: list[Ref]
    changes: list[DutyChange]
