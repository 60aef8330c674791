"""Instruments (laws, codes, rules) as the browse routes list them, with their provisions and duties."""

from __future__ import annotations

from collections import defaultdict

from . import query_files
from .catalogue import DGID, Catalogue, parse_iri_or_code
from .duties import all_records
from .duty_records import jurisdiction_ref, natural_key
from .duty_view import duty_fact
from .errors import NotFound
from .models import LawDetail, LawItem, ProvisionRef
from .rows import first, lang_values, ref_or_none, smallest, to_date
from .store import Row, Store, Term


def laws(store: Store, catalogue: Catalogue, lang: str = "en") -> list[LawItem]:
    """Every instrument, by identifier, with how many duties the graph records under it."""
    counts: dict[str, int] = defaultdict(int)
    for record in all_records(store, catalogue, "en"):
        counts[record.law] += 1
    return _laws(store, catalogue, lang, counts)


def law(store: Store, catalogue: Catalogue, identifier: str, lang: str = "en") -> LawDetail:
    iri = parse_iri_or_code(identifier)
    records = [r for r in all_records(store, catalogue, lang) if r.law == iri]
    found = _laws(store, catalogue, lang, {iri: len(records)}, only=iri)
    if not found:
        raise NotFound(f"no law {identifier!r} ({iri}); GET /laws lists them")
    provisions: dict[str, ProvisionRef] = {}
    values = {"law": (["law"], [[Term(iri)]]), **lang_values(lang)}
    for row in store.select(query_files.render("law_provisions", values)):
        p = row["provision"].value
        current = provisions.get(p)
        label = first(row, "label", "labelEn") or p.removeprefix(DGID)
        if current is None or label < current.label:
            provisions[p] = ProvisionRef(
                iri=p,
                id=p.removeprefix(DGID),
                label=label,
                citation=first(row, "citation"),
                official_text=first(row, "text"),
            )
    return LawDetail(
        **found[0].model_dump(),
        provisions=sorted(provisions.values(), key=lambda p: natural_key(p.id)),
        duties=[duty_fact(store, catalogue, r, lang) for r in records],
    )


def _laws(
    store: Store, catalogue: Catalogue, lang: str, counts: dict[str, int], only: str | None = None
) -> list[LawItem]:
    values = {**lang_values(lang), **({"law": (["law"], [[Term(only)]])} if only else {})}
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
                label=smallest(rows, "label", "labelEn") or iri.removeprefix(DGID),
                short_title=smallest(rows, "short", "shortEn"),
                citation=smallest(rows, "citation"),
                instrument_type=ref_or_none(catalogue, smallest(rows, "type"), lang),
                legal_status=ref_or_none(catalogue, smallest(rows, "status"), lang),
                applies_in=[jurisdiction_ref(catalogue, p, lang) for p in places],
                adopted=to_date(smallest(rows, "adopted")),
                in_force_from=to_date(smallest(rows, "inForce")),
                applies_from=to_date(smallest(rows, "applies")),
                official_text=smallest(rows, "text"),
                duty_count=counts.get(iri, 0),
            )
        )
    return sorted(items, key=lambda i: natural_key(i.id))
