"""Fetch duties with everything an answer shows about them, in two queries.

Used by the lookup, the assessment, the comparison and the entity pages, so a
duty reads the same wherever it appears.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import query_files
from .catalogue import DG, DGID, Catalogue
from .models import JurisdictionRef, MeasureRef, ProvisionRef, Ref
from .store import Store, Term

PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_LINK_FIELDS = {
    DG + "bearer": "bearers",
    DG + "requiresCondition": "requires",
    DG + "exemptWhen": "exempt_when",
    DG + "exemptionOverriddenBy": "overridden_by",
    DG + "addressesHarm": "harms",
    DG + "theme": "themes",
    DG + "enforcedBy": "enforcers",
    DG + "protects": "protects",
    DG + "displaces": "displaces",
    PROV_DERIVED: "sources",
}
PAV_RETRIEVED = "http://purl.org/pav/retrievedOn"
EDITORIAL_NOTE = "http://www.w3.org/2004/02/skos/core#editorialNote"


# Oxigraph 0.5 estimates a triple pattern with two constants (`?duty a dg:Duty`) at about 1,000 rows: a
# VALUES block longer than that is planned after the pattern and probed once per duty of the whole graph
# (30k duties x 1,008 rows: 5 s + 17 s at 1M triples). Selections are sent in chunks below that size.
MAX_SELECTION = 500


@dataclass
class DutyRecord:
    """One duty as stored, before it is judged against a service."""

    iri: str
    applies_in: str
    status: str
    label: str
    summary: str | None
    citation: str | None
    official_text: str | None
    verification: str | None
    law: str
    law_label: str
    law_short: str | None
    effective_from: dt.date | None
    effective_until: dt.date | None
    planned_from: dt.date | None
    provisions: list[ProvisionRef] = field(default_factory=list)
    bearers: set[str] = field(default_factory=set)
    requires: set[str] = field(default_factory=set)
    exempt_when: set[str] = field(default_factory=set)
    overridden_by: set[str] = field(default_factory=set)
    harms: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    enforcers: set[str] = field(default_factory=set)
    protects: set[str] = field(default_factory=set)
    displaces: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    retrieved_on: dt.date | None = None
    notes: dict[str, list[str]] = field(default_factory=dict)  # language -> editorial notes
    measures: list[MeasureRef] = field(default_factory=list)  # codes' and guidance's measures towards it
    # language -> the parts of its answer that depend only on the record (graph/duty_view.py)
    views: dict[str, dict[str, object]] = field(default_factory=dict, repr=False, compare=False)

    def notes_in(self, lang: str) -> list[str]:
        """Editorial notes in `lang`, plus English ones where that language has none of its own."""
        own = self.notes.get(lang, [])
        return sorted(own) if own or lang == "en" else sorted(self.notes.get("en", []))


def fetch(
    store: Store,
    *,
    via: Iterable[str] = (),
    duties: Iterable[str] = (),
    lang: str = "en",
) -> list[DutyRecord]:
    """Duties applying in any of `via`, or the given duty IRIs; sorted by instrument then provision.

    A store carrying an applicability index (graph/duty_index.py, the server's) answers from it: the
    same records, read once at start by `read_records` below."""
    index = getattr(store, "duty_index", None)
    if index is not None:
        found = index.find(via, duties, lang)
        if found is not None:
            return found
    return read_records(store, via=via, duties=duties, lang=lang)


def read_records(
    store: Store,
    *,
    via: Iterable[str] = (),
    duties: Iterable[str] = (),
    lang: str = "en",
) -> list[DutyRecord]:
    """`fetch` by the queries themselves (applicable_duties.rq, duty_links.rq): what the index holds."""
    values: dict[str, tuple[list[str], list[list[Term | None]]]] = {
        "lang": (["lang"], [[Term(lang, "literal")]]),
    }
    via_list, duty_list = sorted(set(via)), sorted(set(duties))
    if len(duty_list) > MAX_SELECTION:
        chunks = [duty_list[i : i + MAX_SELECTION] for i in range(0, len(duty_list), MAX_SELECTION)]
        found = [r for chunk in chunks for r in read_records(store, duties=chunk, lang=lang)]
        return sorted(found, key=lambda r: (r.law_label.lower(), natural_key(r.iri), r.applies_in))
    if via_list:
        values["selection"] = (["via"], [[Term(v)] for v in via_list])
    if duty_list:
        values["selection"] = (["duty"], [[Term(d)] for d in duty_list])
    if not via_list and not duty_list:
        return []
    records: dict[tuple[str, str], DutyRecord] = {}
    for row in store.select(query_files.render("applicable_duties", values)):
        key = (row["duty"].value, row["via"].value)
        record = records.get(key)
        if record is None:
            record = records[key] = DutyRecord(
                iri=key[0],
                applies_in=key[1],
                status=row["status"].value,
                label=_text(row, "label", "labelEn") or key[0].removeprefix(DGID),
                summary=_text(row, "summary", "summaryEn"),
                citation=_text(row, "citation"),
                official_text=_text(row, "text"),
                verification=_text(row, "verification"),
                law=row["law"].value,
                law_label=_text(row, "lawLabel", "lawLabelEn") or row["law"].value.removeprefix(DGID),
                law_short=_text(row, "lawShort", "lawShortEn"),
                effective_from=_date(row.get("from")),
                effective_until=_date(row.get("until")),
                planned_from=_date(row.get("planned")),
            )
        else:
            _keep_smallest(record, row)
        provision = row["provision"].value
        if all(p.iri != provision for p in record.provisions):
            record.provisions.append(
                ProvisionRef.model_construct(
                    iri=provision,
                    id=provision.removeprefix(DGID),
                    label=_text(row, "provisionLabel") or provision.removeprefix(DGID),
                    citation=_text(row, "provisionCitation"),
                    official_text=_text(row, "provisionText"),
                )
            )
    links_values = {k: v for k, v in values.items() if k == "selection"}
    by_duty: dict[str, list[DutyRecord]] = defaultdict(list)
    for record in records.values():
        by_duty[record.iri].append(record)
    for row in store.select(query_files.render("duty_links", links_values)):
        p, o = row["p"].value, row["o"]
        attr = _LINK_FIELDS.get(p)
        for record in by_duty.get(row["duty"].value, ()):
            if attr:
                getattr(record, attr).add(o.value)
            elif p == PAV_RETRIEVED:
                day = _date(o)
                if day and (record.retrieved_on is None or day > record.retrieved_on):
                    record.retrieved_on = day
            elif p == EDITORIAL_NOTE:
                notes = record.notes.setdefault(o.lang or "en", [])
                if o.value not in notes:
                    notes.append(o.value)
    for record in records.values():
        record.provisions.sort(key=lambda p: natural_key(p.iri))
    _attach_measures(store, by_duty, lang)
    return sorted(records.values(), key=lambda r: (r.law_label.lower(), natural_key(r.iri), r.applies_in))


def _attach_measures(store: Store, by_duty: dict[str, list[DutyRecord]], lang: str) -> None:
    """The measures that help meet each duty, sorted by measure IRI (one query for the whole selection)."""
    if not by_duty:
        return
    duties = sorted(by_duty)
    rows = []
    for start in range(0, len(duties), MAX_SELECTION):  # chunked for the same planner reason as fetch()
        values = {
            "duty": (["duty"], [[Term(d)] for d in duties[start : start + MAX_SELECTION]]),
            "lang": (["lang"], [[Term(lang, "literal")]]),
        }
        rows += store.select(query_files.render("duty_measures", values))
    found: dict[str, dict[str, MeasureRef]] = defaultdict(dict)
    for row in rows:
        iri = row["measure"].value
        measure = MeasureRef.model_construct(
            iri=iri,
            id=iri.removeprefix(DGID),
            label=_text(row, "label", "labelEn") or iri.removeprefix(DGID),
            citation=_text(row, "citation"),
            official_text=_text(row, "text"),
            legal_effect=_named_ref(row, "effect", "effectLabel", "effectLabelEn"),
            legal_status=_named_ref(row, "status", "statusLabel", "statusLabelEn"),
            effective_from=_date(row.get("from")),
            verification=_text(row, "verification"),
        )
        kept = found[row["duty"].value].get(iri)
        if kept is None or (measure.label, measure.citation or "") < (kept.label, kept.citation or ""):
            found[row["duty"].value][iri] = measure
    for duty, measures in found.items():
        ordered = [measures[i] for i in sorted(measures, key=natural_key)]
        for record in by_duty[duty]:
            record.measures = ordered


def _named_ref(row: dict[str, Term], name: str, *labels: str) -> Ref:
    iri = row[name].value
    return Ref.model_construct(iri=iri, id=iri.removeprefix(DGID), label=_text(row, *labels) or iri.removeprefix(DGID))


def _keep_smallest(record: DutyRecord, row: dict[str, Term]) -> None:
    """Several rows for one duty (several labels or provisions): keep the smallest value of each
    single-valued field, so the answer does not depend on the order the store returns rows in."""
    for attr, names in (
        ("label", ("label", "labelEn")),
        ("summary", ("summary", "summaryEn")),
        ("citation", ("citation",)),
        ("official_text", ("text",)),
        ("law_label", ("lawLabel", "lawLabelEn")),
        ("law_short", ("lawShort", "lawShortEn")),
    ):
        value = _text(row, *names)
        current = getattr(record, attr)
        if value is not None and (current is None or value < current):
            setattr(record, attr, value)


@functools.lru_cache(maxsize=1 << 16)  # the same IRIs are sorted again for every answer
def natural_key(text: str) -> tuple[object, ...]:
    """Sort `s9` before `s10` and `art28-1` before `art28-2`."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


# Answers are built from values the engine has already checked, so the models are
# constructed without re-validation (model_construct): a lookup builds thousands of them. A reference
# depends only on the IRI and the language, and is never changed once built, so each is built once per
# Catalogue (one per process) and shared by every answer.
def ref(catalogue: Catalogue, iri: str, lang: str) -> Ref:
    built = _built(catalogue, "ref")
    found = built.get((iri, lang))
    if found is None:
        found = built[(iri, lang)] = Ref.model_construct(
            iri=iri, id=iri.removeprefix(DGID), label=catalogue.label(iri, lang)
        )
    return found  # type: ignore[return-value]


def refs(catalogue: Catalogue, iris: Iterable[str], lang: str) -> list[Ref]:
    return [ref(catalogue, i, lang) for i in sorted(iris, key=natural_key)]


def jurisdiction_ref(catalogue: Catalogue, iri: str, lang: str) -> JurisdictionRef:
    built = _built(catalogue, "jurisdiction")
    found = built.get((iri, lang))
    if found is None:
        entry = catalogue.entries.get(iri)
        code = entry.code if entry else iri.removeprefix(DGID).upper()
        found = built[(iri, lang)] = JurisdictionRef.model_construct(
            iri=iri, id=iri.removeprefix(DGID), label=catalogue.label(iri, lang), code=code
        )
    return found  # type: ignore[return-value]


def _built(catalogue: Catalogue, kind: str) -> dict[tuple[str, str], object]:
    table = catalogue.derived.get((f"built-{kind}", ""))
    if table is None:
        table = catalogue.derived[(f"built-{kind}", "")] = {}
    return table  # type: ignore[return-value]


def _text(row: dict[str, Term], *names: str) -> str | None:
    for name in names:
        if name in row:
            return row[name].value
    return None


def _date(term: Term | None) -> dt.date | None:
    if term is None:
        return None
    try:
        return dt.date.fromisoformat(term.value)
    except ValueError:
        return None
