"""The legal-status layer: court decisions on whether a duty can be enforced (and which one stands
on a given day), and the stage a pending bill has reached.

A law can be in force and still unenforceable: a court has enjoined it, or
struck it down; a later decision may lift the block again. The decisions are
data (dg:CourtDecision); this module reads them once per store and answers one
question for the judgement: which decision governs this duty on this day? The
latest one dated on or before the day does; whether that blocks the duty is
the judgement's to say (graph/judgement.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from . import query_files
from .store import Store, Term


@dataclass(frozen=True)
class Ruling:
    """One court decision as it bears on one duty."""

    iri: str
    day: dt.date
    labels: dict[str, str]
    places: frozenset[str]  # where the duties it bears on apply
    case: str
    docket: str | None
    court: str
    court_labels: dict[str, str]
    effect: str
    effect_labels: dict[str, str]
    blocks: bool  # the effect bars enforcement (enjoined, struck down)
    limited_to_parties: bool  # only the plaintiffs (or an association's members) are protected
    url: str | None

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.case

    def court_label(self, lang: str) -> str:
        return self.court_labels.get(lang) or self.court_labels.get("en") or self.court

    def effect_label(self, lang: str) -> str:
        return self.effect_labels.get(lang) or self.effect_labels.get("en") or self.effect


def load(store: Store) -> dict[str, list[Ruling]]:
    """Every decision, by the duties it bears on, oldest first."""
    rows = store.select(query_files.render("court_decisions"))
    places: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        places[row["decision"].value].add(row["where"].value)
    found: dict[str, dict[str, Ruling]] = defaultdict(dict)
    for row in rows:
        ruling = Ruling(
            iri=row["decision"].value,
            day=dt.date.fromisoformat(row["date"].value[:10]),
            labels=_labels(row, "label"),
            places=frozenset(places[row["decision"].value]),
            case=row["case"].value,
            docket=_text(row.get("docket")),
            court=row["court"].value,
            court_labels=_labels(row, "court"),
            effect=row["effect"].value,
            effect_labels=_labels(row, "effect"),
            blocks=_text(row.get("blocks")) in ("true", "1"),
            limited_to_parties=_text(row.get("limited")) in ("true", "1"),
            url=_text(row.get("url")),
        )
        found[row["duty"].value].setdefault(ruling.iri, ruling)
    return {duty: sorted(rulings.values(), key=lambda r: (r.day, r.iri)) for duty, rulings in found.items()}


def every_decision(by_duty: dict[str, list[Ruling]]) -> list[Ruling]:
    """Each decision once, oldest first."""
    unique = {r.iri: r for rulings in by_duty.values() for r in rulings}
    return sorted(unique.values(), key=lambda r: (r.day, r.iri))


def standing(rulings: Sequence[Ruling], day: dt.date) -> Ruling | None:
    """The decision that governs on `day`: the latest given on or before it."""
    given = [r for r in rulings if r.day <= day]
    return given[-1] if given else None


@dataclass(frozen=True)
class Stage:
    """How far a pending bill has gone, as the data says."""

    labels: dict[str, str]
    day: dt.date | None

    def text(self, lang: str) -> str | None:
        label = self.labels.get(lang) or self.labels.get("en")
        if label and self.day:
            return f"{label} ({self.day.isoformat()})"
        return label or (self.day.isoformat() if self.day else None)


def stages(store: Store) -> dict[str, Stage]:
    """The stage reached by each bill that records one, by instrument."""
    found: dict[str, Stage] = {}
    for row in store.select(query_files.render("bill_stages")):
        day = dt.date.fromisoformat(row["date"].value[:10]) if "date" in row else None
        found[row["instrument"].value] = Stage(_labels(row, "stage"), day)
    return found


def _labels(row: dict[str, Term], prefix: str) -> dict[str, str]:
    return {lang: row[prefix + suffix].value for lang, suffix in (("en", "En"), ("fr", "Fr")) if prefix + suffix in row}


def _text(term: Term | None) -> str | None:
    return term.value if term is not None else None
