"""Where the graph's coverage stops: which layers of law it models for a place.

A lookup for Germany or Texas reaches EU or federal duties only; without a word,
a reader would take the answer for the whole law. Every answer therefore carries
the coverage statements of the place and what contains it, and a plain warning
for each layer that is not modelled (or has no statement, which is read the same).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import query_files
from .catalogue import DG, DGID, Catalogue
from .duty_records import jurisdiction_ref
from .models import CoverageNote
from .reach import Scope, chain
from .store import Store, Term
from .wording import say

LAYERS = {
    DG + "SupranationalUnion": "supranational",
    DG + "Country": "national",
    DG + "SubnationalRegion": "subnational",
}


@dataclass(frozen=True)
class Statement:
    jurisdiction: str
    layer: str
    modelled: bool
    reviewed_on: dt.date | None
    note: str | None


def statements(store: Store, catalogue: Catalogue, lang: str) -> dict[tuple[str, str], Statement]:
    """(jurisdiction, layer) -> statement, read once per store and language."""

    def build() -> dict[tuple[str, str], Statement]:
        found: dict[tuple[str, str], Statement] = {}
        for row in store.select(query_files.render("coverage", {"lang": (["lang"], [[Term(lang, "literal")]])})):
            layer = row["layer"].value.removeprefix(DGID + "layer-")
            note = (row.get("note") or row.get("noteEn") or Term("", "literal")).value or None
            reviewed = row.get("reviewed")
            key = (row["jurisdiction"].value, layer)
            if key in found and (note is None or (found[key].note or "") <= note):
                continue
            found[key] = Statement(
                key[0],
                layer,
                row["modelled"].value == "true",
                dt.date.fromisoformat(reviewed.value) if reviewed else None,
                note,
            )
        return found

    return catalogue.once("coverage", lang, build)


def own_layer(catalogue: Catalogue, iri: str) -> str:
    types = catalogue.entries[iri].types if iri in catalogue.entries else set()
    return next((layer for cls, layer in LAYERS.items() if cls in types), "national")


def coverage(store: Store, catalogue: Catalogue, scope: Scope, lang: str) -> tuple[list[CoverageNote], list[str]]:
    """The coverage notes of the place, the territories it lies in and the unions reaching it; the gaps in words."""
    table = statements(store, catalogue, lang)
    places = [*chain(catalogue, scope.place), *(v for v in scope.reaches if v not in chain(catalogue, scope.place))]
    notes: list[CoverageNote] = []
    for iri in places:
        layer = own_layer(catalogue, iri)
        found = table.get((iri, layer))
        notes.append(
            CoverageNote.model_construct(
                jurisdiction=jurisdiction_ref(catalogue, iri, lang),
                layer=layer,
                modelled=bool(found and found.modelled),
                reviewed_on=found.reviewed_on if found else None,
                text=(
                    found.note
                    if found and found.note
                    else say(
                        "coverage-gap-alone", lang, layer=say(f"layer-{layer}", lang), place=catalogue.label(iri, lang)
                    )
                ),
            )
        )
    modelled = [n.jurisdiction for n in notes if n.modelled]
    gaps = []
    for n in notes:
        if n.modelled:
            continue
        layer = say(f"layer-{n.layer}", lang)
        if modelled:
            others = ", ".join(f"{j.label} ({j.code})" for j in modelled)
            gaps.append(say("coverage-gap", lang, layer=layer, place=n.jurisdiction.label, others=others))
        else:
            gaps.append(say("coverage-gap-alone", lang, layer=layer, place=n.jurisdiction.label))
    return notes, gaps
