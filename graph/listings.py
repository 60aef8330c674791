"""Lists and pages of the graph's things: jurisdictions, duties, laws, authorities, concepts, events.

The lookups answer questions; these functions list what the questions can be
about, for `GET /duties`, `GET /laws/{id}` and the like. They return every item
in a stable order (by identifier, or as the lookups order duties); paging is the
caller's business. Duties come through `duty_records.fetch`, so a duty reads the
same here as in a lookup; the rest comes from the Catalogue and a few `.rq` files.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Literal

from pydantic import BaseModel, Field

from . import query_files
from .catalogue import DG, DGID, KINDS, SKOS_BROADER, Catalogue, Entry, parse_iri_or_code
from .compare import correspondences
from .duty_records import DutyRecord, fetch, jurisdiction_ref, natural_key, ref, refs
from .errors import NotFound, UnknownCode
from .models import Correspondence, JurisdictionRef, MembershipStep, ProvisionRef, Ref, TimelineEntry
from .store import Row, Store, Term
from .timeline import timeline

JURISDICTION_KINDS = {
    DG + "Country": "country",
    DG + "SupranationalUnion": "supranational-union",
    DG + "SubnationalRegion": "subnational-region",
}
WITHIN = DG + "withinJurisdiction"
COMPETENT_IN = DG + "competentIn"
IMPLIED_BY_FEATURE = DG + "impliedByFeature"


# --- answer shapes


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


class DutySummary(BaseModel):
    iri: str
    id: str
    label: str
    instrument: Ref
    instrument_short_title: str | None = None
    citation: str | None = None
    applies_in: JurisdictionRef
    legal_status: Ref
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    planned_from: dt.date | None = None
    bearers: list[Ref]
    themes: list[Ref]


class DutyDetail(DutySummary):
    summary: str | None = None
    provisions: list[ProvisionRef]
    official_text: str | None = None
    enforced_by: list[Ref]
    harms: list[Ref]
    protects: list[Ref]
    requires_conditions: list[Ref]
    exempt_when: list[Ref]
    exemption_overridden_by: list[Ref]
    verification: str | None = None
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
    duties: list[DutySummary]


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
    duties_enforced: list[DutySummary]
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


# --- jurisdictions


def jurisdictions(catalogue: Catalogue, lang: str = "en") -> list[JurisdictionItem]:
    """Every jurisdiction the lookups accept, by code."""
    return [_jurisdiction_item(catalogue, e, lang) for _, e in sorted(catalogue.jurisdictions.items())]


def jurisdiction(store: Store, catalogue: Catalogue, code: str, lang: str = "en") -> JurisdictionDetail:
    entry = catalogue.jurisdiction(code)
    item = _jurisdiction_item(catalogue, entry, lang)
    inside = [c for c, up in catalogue.links[WITHIN].items() if entry.iri in up and c in catalogue.entries]
    regions = sorted(inside, key=lambda c: catalogue.entries[c].code)
    steps = [m for m in catalogue.memberships if entry.iri in (m.member, m.union)]
    competent = [a for a, places in catalogue.links[COMPETENT_IN].items() if entry.iri in places]
    return JurisdictionDetail(
        **item.model_dump(),
        regions=[jurisdiction_ref(catalogue, r, lang) for r in regions],
        memberships=[
            MembershipStep(
                membership=m.iri,
                kind=m.kind,  # type: ignore[arg-type]
                member=jurisdiction_ref(catalogue, m.member, lang),
                union=jurisdiction_ref(catalogue, m.union, lang),
                start=m.start,
                end=m.end,
            )
            for m in steps
        ],
        authorities=refs(catalogue, competent, lang),
        laws=[
            Ref(iri=law.iri, id=law.id, label=law.label)
            for law in laws(store, catalogue, lang)
            if any(j.iri == entry.iri for j in law.applies_in)
        ],
    )


def _jurisdiction_item(catalogue: Catalogue, entry: Entry, lang: str) -> JurisdictionItem:
    kind = next((k for t, k in JURISDICTION_KINDS.items() if t in entry.types), "country")
    within = [w for w in _chain(catalogue, entry.iri) if w in catalogue.entries]
    return JurisdictionItem(
        iri=entry.iri,
        id=entry.iri.removeprefix(DGID),
        code=entry.code,
        label=entry.label(lang),
        kind=kind,  # type: ignore[arg-type]
        within=[jurisdiction_ref(catalogue, w, lang) for w in within],
    )


def _chain(catalogue: Catalogue, place: str) -> list[str]:
    """Territories `place` lies within, nearest first."""
    chain: list[str] = []
    todo = [place]
    while todo:
        for parent in sorted(catalogue.links[WITHIN].get(todo.pop(0), ())):
            if parent not in chain and parent != place:
                chain.append(parent)
                todo.append(parent)
    return chain


# --- duties


def duties(
    store: Store,
    catalogue: Catalogue,
    lang: str = "en",
    jurisdiction: str | None = None,
    law: str | None = None,
    theme: str | None = None,
    harm: str | None = None,
    authority: str | None = None,
) -> list[DutySummary]:
    """Every duty, or those set in one jurisdiction, by one law, on a theme, harm or enforcer.

    `jurisdiction` keeps the duties whose dg:appliesIn is that place; which duties reach a
    place (through unions and regions) is the lookup's question, not this list's.
    """
    records = _all_records(store, catalogue, lang)
    if jurisdiction:
        place = catalogue.jurisdiction(jurisdiction).iri
        records = [r for r in records if r.applies_in == place]
    if law:
        iri = parse_iri_or_code(law)
        known = {r.law for r in _all_records(store, catalogue, "en")}
        if iri not in known:
            raise UnknownCode("law", law, [k.removeprefix(DGID) for k in known])
        records = [r for r in records if r.law == iri]
    if theme:
        themes = catalogue.narrower_closure([catalogue.code("theme", theme).iri])
        records = [r for r in records if r.themes & themes]
    if harm:
        harms_ = catalogue.narrower_closure([catalogue.code("harm", harm).iri])
        records = [r for r in records if r.harms & harms_]
    if authority:
        body = catalogue.code("authority", authority).iri
        records = [r for r in records if body in r.enforcers]
    return [_summary(catalogue, r, lang) for r in records]


def duty(store: Store, catalogue: Catalogue, identifier: str, lang: str = "en") -> DutyDetail:
    iri = parse_iri_or_code(identifier)
    records = fetch(store, duties=[iri], lang=lang)
    if not records:
        raise NotFound(f"no duty {identifier!r} ({iri}); GET /duties lists them")
    record = records[0]
    return DutyDetail(
        **_summary(catalogue, record, lang).model_dump(),
        summary=record.summary,
        provisions=record.provisions,
        official_text=record.official_text,
        enforced_by=refs(catalogue, record.enforcers, lang),
        harms=refs(catalogue, record.harms, lang),
        protects=refs(catalogue, record.protects, lang),
        requires_conditions=refs(catalogue, record.requires, lang),
        exempt_when=refs(catalogue, record.exempt_when, lang),
        exemption_overridden_by=refs(catalogue, record.overridden_by, lang),
        verification=record.verification,
        correspondences=correspondences(store, catalogue, iri, lang),
    )


def _all_records(store: Store, catalogue: Catalogue, lang: str) -> list[DutyRecord]:
    return fetch(store, via=[e.iri for e in catalogue.jurisdictions.values()], lang=lang)


def _summary(catalogue: Catalogue, record: DutyRecord, lang: str) -> DutySummary:
    return DutySummary(
        iri=record.iri,
        id=record.iri.removeprefix(DGID),
        label=record.label,
        instrument=Ref(iri=record.law, id=record.law.removeprefix(DGID), label=record.law_label),
        instrument_short_title=record.law_short,
        citation=record.citation,
        applies_in=jurisdiction_ref(catalogue, record.applies_in, lang),
        legal_status=ref(catalogue, record.status, lang),
        effective_from=record.effective_from,
        effective_until=record.effective_until,
        planned_from=record.planned_from,
        bearers=refs(catalogue, record.bearers, lang),
        themes=refs(catalogue, record.themes, lang),
    )


# --- laws


def laws(store: Store, catalogue: Catalogue, lang: str = "en") -> list[LawItem]:
    """Every instrument, by identifier, with how many duties the graph records under it."""
    counts: dict[str, int] = defaultdict(int)
    for record in _all_records(store, catalogue, "en"):
        counts[record.law] += 1
    return _laws(store, catalogue, lang, counts)


def law(store: Store, catalogue: Catalogue, identifier: str, lang: str = "en") -> LawDetail:
    iri = parse_iri_or_code(identifier)
    records = [r for r in _all_records(store, catalogue, lang) if r.law == iri]
    found = _laws(store, catalogue, lang, {iri: len(records)}, only=iri)
    if not found:
        raise NotFound(f"no law {identifier!r} ({iri}); GET /laws lists them")
    provisions: dict[str, ProvisionRef] = {}
    values = {"law": (["law"], [[Term(iri)]]), **_lang(lang)}
    for row in store.select(query_files.render("law_provisions", values)):
        p = row["provision"].value
        current = provisions.get(p)
        label = _first(row, "label", "labelEn") or p.removeprefix(DGID)
        if current is None or label < current.label:
            provisions[p] = ProvisionRef(
                iri=p,
                id=p.removeprefix(DGID),
                label=label,
                citation=_first(row, "citation"),
                official_text=_first(row, "text"),
            )
    return LawDetail(
        **found[0].model_dump(),
        provisions=sorted(provisions.values(), key=lambda p: natural_key(p.id)),
        duties=[_summary(catalogue, r, lang) for r in records],
    )


def _laws(
    store: Store, catalogue: Catalogue, lang: str, counts: dict[str, int], only: str | None = None
) -> list[LawItem]:
    values = {**_lang(lang), **({"law": (["law"], [[Term(only)]])} if only else {})}
    by_law: dict[str, list[Row]] = defaultdict(list)
    for row in store.select(query_files.render("laws", values)):
        by_law[row["law"].value].append(row)
    items = []
    for iri, rows in by_law.items():
        places = sorted({r["appliesIn"].value for r in rows if "appliesIn" in r})
        items.append(
            LawItem(
                iri=iri,
                id=iri.removeprefix(DGID),
                label=_smallest(rows, "label", "labelEn") or iri.removeprefix(DGID),
                short_title=_smallest(rows, "short", "shortEn"),
                citation=_smallest(rows, "citation"),
                instrument_type=_ref_or_none(catalogue, _smallest(rows, "type"), lang),
                legal_status=_ref_or_none(catalogue, _smallest(rows, "status"), lang),
                applies_in=[jurisdiction_ref(catalogue, p, lang) for p in places],
                adopted=_date(_smallest(rows, "adopted")),
                in_force_from=_date(_smallest(rows, "inForce")),
                applies_from=_date(_smallest(rows, "applies")),
                official_text=_smallest(rows, "text"),
                duty_count=counts.get(iri, 0),
            )
        )
    return sorted(items, key=lambda i: natural_key(i.id))


# --- authorities


def authorities(store: Store, catalogue: Catalogue, lang: str = "en") -> list[AuthorityItem]:
    return [
        AuthorityItem(**a.model_dump(include=set(AuthorityItem.model_fields)))
        for a in _authorities(store, catalogue, lang)
    ]


def authority(store: Store, catalogue: Catalogue, code: str, lang: str = "en") -> AuthorityDetail:
    entry = catalogue.code("authority", code)
    found = _authorities(store, catalogue, lang, only=entry.iri)
    if not found:
        raise NotFound(f"no authority {code!r}")
    detail = found[0]
    detail.duties_enforced = duties(store, catalogue, lang, authority=entry.code)
    detail.events = timeline(store, catalogue, authority=entry.code, lang=lang).entries
    return detail


def _authorities(store: Store, catalogue: Catalogue, lang: str, only: str | None = None) -> list[AuthorityDetail]:
    values = {**_lang(lang), **({"authority": (["authority"], [[Term(only)]])} if only else {})}
    by_body: dict[str, list[Row]] = defaultdict(list)
    for row in store.select(query_files.render("authorities", values)):
        by_body[row["authority"].value].append(row)
    found = []
    for iri, rows in by_body.items():
        regulator = any(r["type"].value == DG + "Regulator" for r in rows)
        found.append(
            AuthorityDetail(
                iri=iri,
                id=iri.removeprefix(DGID),
                label=catalogue.label(iri, lang),
                kind="regulator" if regulator else "non-regulatory-body",
                roles=refs(catalogue, {r["role"].value for r in rows if "role" in r}, lang),
                competent_in=[
                    jurisdiction_ref(catalogue, j, lang)
                    for j in sorted({r["competentIn"].value for r in rows if "competentIn" in r})
                ],
                homepage=_smallest(rows, "homepage"),
                description=_smallest(rows, "description", "descriptionEn"),
                established_on=_date(_smallest(rows, "established")),
                duties_enforced=[],
                events=[],
            )
        )
    return sorted(found, key=lambda a: natural_key(a.id))


# --- concept schemes


def service_categories(store: Store, catalogue: Catalogue, lang: str = "en") -> list[ConceptItem]:
    """The categories a duty's bearer can be, with their hierarchy and the features that imply them."""
    return _concepts(store, catalogue, "category", lang)


def harms(store: Store, catalogue: Catalogue, lang: str = "en") -> list[ConceptItem]:
    return _concepts(store, catalogue, "harm", lang)


def _concepts(store: Store, catalogue: Catalogue, kind: str, lang: str) -> list[ConceptItem]:
    cls, _ = KINDS[kind]
    rows = store.select(query_files.render("concepts", {"type": (["type"], [[Term(cls)]]), **_lang(lang)}))
    by_concept: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_concept[row["concept"].value].append(row)
    narrower: dict[str, set[str]] = defaultdict(set)
    for child, parents in catalogue.links[SKOS_BROADER].items():
        for parent in parents:
            narrower[parent].add(child)
    items = []
    for code, entry in catalogue.by_kind[kind].items():
        concept_rows = by_concept.get(entry.iri, [])
        items.append(
            ConceptItem(
                iri=entry.iri,
                id=entry.iri.removeprefix(DGID),
                code=code,
                label=entry.label(lang),
                definition=_smallest(concept_rows, "definition", "definitionEn"),
                broader=refs(catalogue, catalogue.links[SKOS_BROADER].get(entry.iri, ()), lang),
                narrower=refs(catalogue, narrower.get(entry.iri, ()), lang),
                defined_by=refs(catalogue, {r["definedBy"].value for r in concept_rows if "definedBy" in r}, lang),
                implied_by_features=refs(catalogue, catalogue.links[IMPLIED_BY_FEATURE].get(entry.iri, ()), lang),
            )
        )
    return sorted(items, key=lambda i: natural_key(i.code))


# --- events


def events(
    store: Store,
    catalogue: Catalogue,
    kind: Literal["enforcement", "cooperation"],
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    jurisdiction: str | None = None,
    authority: str | None = None,
    lang: str = "en",
) -> list[TimelineEntry]:
    """Enforcement actions or cooperation events, oldest first (the timeline, without duty dates)."""
    entries = timeline(store, catalogue, start, end, jurisdiction, authority, lang).entries
    return [e for e in entries if e.kind == kind]


# --- helpers


def _lang(lang: str) -> dict[str, tuple[list[str], list[list[Term | None]]]]:
    return {"lang": (["lang"], [[Term(lang, "literal")]])}


def _first(row: Row, *names: str) -> str | None:
    for name in names:
        if name in row:
            return row[name].value
    return None


def _smallest(rows: list[Row], *names: str) -> str | None:
    """The first name any row binds, taking its smallest value, so the answer does not depend on row order."""
    for name in names:
        values = [r[name].value for r in rows if name in r]
        if values:
            return min(values)
    return None


def _ref_or_none(catalogue: Catalogue, iri: str | None, lang: str) -> Ref | None:
    return ref(catalogue, iri, lang) if iri else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
