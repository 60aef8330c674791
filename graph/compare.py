"""Comparison: the corresponding duties across jurisdictions for a theme or for one duty, as a matrix.

Rows are jurisdictions, cells the duties that reach there, each with the one
judgement's verdict on the date asked for a service of any category whose
conditions are not known (so a duty that starts later is `upcoming`, a repealed
one `ended`, one that needs a designation `designation-required`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from . import query_files
from .catalogue import DGID, Catalogue, parse_date, parse_iri_or_code
from .duty_records import DutyRecord, fetch, jurisdiction_ref, ref
from .duty_view import duty_answer
from .errors import InvalidInput, NotFound
from .judgement import ServiceFacts, judge_all
from .models import Comparison, ComparisonCell, Correspondence, DutyAnswer, Ref, ThemeMatrix, ThemeRow
from .reach import Scope
from .store import Store, Term

SKOS = "http://www.w3.org/2004/02/skos/core#"
IN_MATRIX = {"applies", "conditional", "designation-required", "upcoming", "exempt", "enjoined"}
IN_MATRIX_WITH_PENDING = IN_MATRIX | {"pending", "not-in-force", "ended"}


def compare(
    store: Store,
    catalogue: Catalogue,
    theme: str | None = None,
    duty: str | None = None,
    jurisdictions: Sequence[str] = (),
    date: str | dt.date | None = None,
    lang: str = "en",
    include_pending: bool = False,
) -> Comparison:
    """The matrix for one theme or one duty and its correspondences; pending, not-in-force and ended
    duties only with `include_pending`."""
    if bool(theme) == bool(duty):
        raise InvalidInput("give exactly one of a theme or a duty to compare")
    day = parse_date(date)
    places = [catalogue.jurisdiction(j) for j in jurisdictions]
    theme_entry = catalogue.code("theme", theme) if theme else None
    correspondences: list[Correspondence] = []
    if theme_entry:
        themes = catalogue.narrower_closure([theme_entry.iri])
        rows = store.select(
            query_files.render("duties_by_theme", {"theme": (["theme"], [[Term(t)] for t in sorted(themes)])})
        )
        duty_iris = {r["duty"].value for r in rows}
        duty_ref = None
    else:
        iri = parse_iri_or_code(duty or "")
        correspondences = _correspondences(store, catalogue, iri, lang)
        duty_iris = {iri, *(d.iri for c in correspondences for d in c.duties)}
        duty_ref = None
    records = fetch(store, duties=duty_iris, lang=lang)
    if duty and not any(r.iri == parse_iri_or_code(duty) for r in records):
        raise NotFound(f"no duty {duty!r}; `dutygraph show` or GET /duties lists the duties")
    if duty:
        own = next(r for r in records if r.iri == parse_iri_or_code(duty))
        duty_ref = Ref(iri=own.iri, id=own.iri.removeprefix(DGID), label=own.label)
    if not places:
        codes = sorted({r.applies_in for r in records}, key=lambda i: catalogue.label(i, "en"))
        places = [catalogue.entries[c] for c in codes if c in catalogue.entries]
    judged = judge_cells(store, catalogue, records, [p.iri for p in places], day, include_pending, lang)
    cells = [
        ComparisonCell(jurisdiction=jurisdiction_ref(catalogue, p.iri, lang), duties=judged[p.iri]) for p in places
    ]
    return Comparison(
        theme=ref(catalogue, theme_entry.iri, lang) if theme_entry else None,
        duty=duty_ref,
        jurisdictions=[c.jurisdiction for c in cells],
        cells=cells,
        correspondences=correspondences,
    )


def judge_cells(
    store: Store,
    catalogue: Catalogue,
    records: list[DutyRecord],
    places: list[str],
    day: dt.date,
    include_pending: bool,
    lang: str,
) -> dict[str, list[DutyAnswer]]:
    """Each place's duties among `records`, as the one judgement sees them for a service of any category
    whose conditions are not known (a comparison is about the law, not one service)."""
    facts = ServiceFacts()
    shown = IN_MATRIX_WITH_PENDING if include_pending else IN_MATRIX
    found: dict[str, list[DutyAnswer]] = {}
    for place in places:
        scope = Scope.of(catalogue, place, day)
        reached = [r for r in records if r.applies_in in scope.candidates()]
        found[place] = [
            duty_answer(store, catalogue, record, judgement, scope, facts, lang)
            for record, judgement in judge_all(catalogue, reached, scope, facts, lang)
            if judgement.verdict in shown
        ]
    return found


def theme_matrix(
    store: Store,
    catalogue: Catalogue,
    themes: Sequence[str] = (),
    jurisdictions: Sequence[str] = (),
    date: str | dt.date | None = None,
    include_pending: bool = False,
    lang: str = "en",
) -> ThemeMatrix:
    """Themes × jurisdictions (every theme when none is given): the explorer's comparison page, in one pass."""
    day = parse_date(date)
    places = [catalogue.jurisdiction(j) for j in dict.fromkeys(jurisdictions)]
    if not places:
        raise InvalidInput("choose at least one jurisdiction to compare")
    chosen = [catalogue.code("theme", t) for t in themes] or sorted(
        catalogue.by_kind["theme"].values(), key=lambda e: e.label(lang).casefold()
    )
    vias = set().union(*(Scope.of(catalogue, p.iri, day).candidates() for p in places))
    records = fetch(store, via=vias, lang=lang)
    judged = judge_cells(store, catalogue, records, [p.iri for p in places], day, include_pending, lang)
    rows = []
    for theme in chosen:
        covered = catalogue.narrower_closure([theme.iri])
        cells = [
            ComparisonCell(
                jurisdiction=jurisdiction_ref(catalogue, p.iri, lang),
                duties=[d for d in judged[p.iri] if any(t.iri in covered for t in d.themes)],
            )
            for p in places
        ]
        rows.append(ThemeRow(theme=ref(catalogue, theme.iri, lang), cells=cells))
    return ThemeMatrix(date=day, jurisdictions=[jurisdiction_ref(catalogue, p.iri, lang) for p in places], rows=rows)


def correspondences(store: Store, catalogue: Catalogue, duty: str, lang: str = "en") -> list[Correspondence]:
    """The duties recorded as corresponding to `duty` (an IRI or short id), for a duty's own page."""
    return _correspondences(store, catalogue, parse_iri_or_code(duty), lang)


def _correspondences(store: Store, catalogue: Catalogue, duty: str, lang: str) -> list[Correspondence]:
    values = {"duty": (["duty"], [[Term(duty)]]), "lang": (["lang"], [[Term(lang, "literal")]])}
    found: dict[tuple[str | None, str], Correspondence] = {}
    for row in store.select(query_files.render("correspondences", values)):
        other = row["other"].value
        if other == duty:
            continue
        corr = row["corr"].value if "corr" in row else None
        strength = "related" if row.get("strength") and row["strength"].value == SKOS + "relatedMatch" else "close"
        note = row["note"].value if "note" in row else (row["noteEn"].value if "noteEn" in row else None)
        label = (row.get("otherLabel") or row.get("otherLabelEn") or Term(other.removeprefix(DGID))).value
        key = (corr, other)
        seen = found.get(key)
        if seen is None or label < seen.duties[0].label or (note and (seen.note is None or note < seen.note)):
            found[key] = Correspondence(
                iri=corr,
                duties=[
                    Ref(
                        iri=other,
                        id=other.removeprefix(DGID),
                        label=min(label, seen.duties[0].label) if seen else label,
                    )
                ],
                strength=strength,
                note=min(filter(None, (note, seen.note if seen else None)), default=None),  # type: ignore[arg-type]
            )
    described = {c.duties[0].iri for c in found.values() if c.iri}
    kept = [c for c in found.values() if c.iri or c.duties[0].iri not in described]  # a bare skos link repeats its node
    return sorted(kept, key=lambda c: (c.strength, c.duties[0].id))
