"""The difference two dates make for one service profile: `applicable_duties` asked on both, compared.

No rule of its own: a duty begins when its verdict becomes binding (applies, conditional, designation
required), ends when it stops being binding, and changes when its verdict differs otherwise (a bill
becoming upcoming law, say). Each keeps its citation, reasons and evidence from the one duty view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .applicability import SHOWN, applicable_duties
from .catalogue import Catalogue, parse_date
from .errors import BadDate
from .models import DutyAnswer, DutyChange, DutyDiff
from .store import Store


def diff(
    store: Store,
    catalogue: Catalogue,
    jurisdiction: str,
    start: str | dt.date | None,
    end: str | dt.date | None,
    categories: Sequence[str] = (),
    conditions: Sequence[str] = (),
    designations: Sequence[str] = (),
    establishment: str | None = None,
    lang: str = "en",
) -> DutyDiff:
    if start is None or end is None:
        raise BadDate("give both 'from' and 'to' (YYYY-MM-DD)")
    first, last = parse_date(start, "from"), parse_date(end, "to")
    if last < first:
        raise BadDate(f"'to' ({last}) is before 'from' ({first})")

    def ask(day: dt.date) -> tuple[object, dict[str, DutyAnswer]]:
        found = applicable_duties(
            store, catalogue, jurisdiction, day, categories, conditions, None, True, lang, designations,
            establishment, explain=True,
        )  # fmt: skip
        return found, {d.iri: d for d in (*found.duties, *found.exempt, *found.set_aside)}

    _, before = ask(first)
    after_lookup, after = ask(last)
    changes: list[DutyChange] = []
    for iri in sorted(before.keys() | after.keys()):
        was = before[iri].applicability if iri in before else None
        now = after[iri].applicability if iri in after else None
        if was == now:
            continue
        kind = (
            "begins"
            if now in SHOWN and was not in SHOWN
            else "ends"
            if was in SHOWN and now not in SHOWN
            else "changes"
        )
        changes.append(DutyChange(change=kind, before=was, after=now, duty=after.get(iri) or before[iri]))
    order = {"begins": 0, "ends": 1, "changes": 2}
    changes.sort(key=lambda c: (order[c.change], c.duty.effective_from or last, c.duty.id))
    lookup = after_lookup
    return DutyDiff(
        jurisdiction=lookup.jurisdiction,  # type: ignore[attr-defined]
        start=first,
        end=last,
        categories=lookup.categories,  # type: ignore[attr-defined]
        conditions_true=lookup.conditions_true,  # type: ignore[attr-defined]
        conditions_false=lookup.conditions_false,  # type: ignore[attr-defined]
        designations=lookup.designations,  # type: ignore[attr-defined]
        changes=changes,
    )
