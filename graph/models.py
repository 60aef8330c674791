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


Applicability = Literal["applies", "conditional", "upcoming", "pending", "not-in-force", "exempt", "ended"]


class DutyAnswer(BaseModel):
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
    applicability: Applicability
    why: Why


class DutyLookup(BaseModel):
    """The answer to "which duties apply here, to this service, on this date"."""

    jurisdiction: JurisdictionRef
    date: dt.date
    categories: list[Ref]
    conditions_true: list[Ref]
    conditions_false: list[Ref]
    harm: Ref | None = None
    include_pending: bool
    duties: list[DutyAnswer]
    exempt: list[DutyAnswer] = Field(default_factory=list, description="duties the service is exempt from, and why")


class CategoryReason(BaseModel):
    category: Ref
    reason: str
    requires_designation: bool = False


class JurisdictionAssessment(BaseModel):
    jurisdiction: JurisdictionRef
    categories: list[CategoryReason]
    conditions: list[Ref]
    duties: list[DutyAnswer]
    exempt: list[DutyAnswer] = Field(default_factory=list)


class Assessment(BaseModel):
    service: str
    date: dt.date
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


class TimelineEntry(BaseModel):
    date: dt.date
    date_precision: str = "day"
    kind: Literal["duty-starts", "duty-ends", "enforcement", "cooperation"]
    iri: str
    id: str
    label: str
    jurisdictions: list[JurisdictionRef] = Field(default_factory=list)
    authorities: list[Ref] = Field(default_factory=list)
    detail: str | None = None
    source: str | None = None


class Timeline(BaseModel):
    start: dt.date
    end: dt.date
    jurisdiction: JurisdictionRef | None
    authority: Ref | None
    entries: list[TimelineEntry]


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


class Stats(BaseModel):
    triples: int
    counts: dict[str, int]
    store: str
    version: str
