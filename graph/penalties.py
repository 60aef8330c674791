"""Maximum penalties by instrument: "what can this cost, under which regime, and who imposes it?"

The figures are the law's (dg:MaximumPenalty, with the provision that sets
each); this module only groups them and says them in plain words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from . import query_files
from .catalogue import DG, DGID, Catalogue, parse_date, parse_iri_or_code
from .duty_records import natural_key, ref, refs
from .errors import NotFound
from .evidence import sources
from .models import Evidence, Penalty, ProvisionRef
from .store import Store, Term

SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "US$", "AUD": "A$"}


def penalties(
    store: Store,
    catalogue: Catalogue,
    instruments: Iterable[str] | None = None,
    lang: str = "en",
    day: dt.date | None = None,
) -> list[Penalty]:
    """The maximum penalties of `instruments` (every instrument's when None), in force on `day` when given."""
    everything = catalogue.once("penalties", lang, lambda: _all_penalties(store, catalogue, lang))
    wanted = None if instruments is None else set(instruments)
    found = [p for p in everything if wanted is None or p.instrument.iri in wanted]
    if day is not None:
        found = [p for p in found if _in_force(p, day)]
    return sorted(found, key=lambda p: (p.instrument.label.lower(), natural_key(p.id)))


def penalties_for(
    store: Store,
    catalogue: Catalogue,
    law: str | None = None,
    jurisdiction: str | None = None,
    lang: str = "en",
    date: str | dt.date | None = None,
) -> list[Penalty]:
    """By regime: one instrument's (`law`), or those of the instruments whose duties reach a place."""
    from .duty_records import fetch
    from .reach import Scope

    if law:
        iri = parse_iri_or_code(law)
        if iri not in catalogue.entries or DG + "Instrument" not in catalogue.entries[iri].types:
            raise NotFound(f"no instrument {law!r}; GET /laws or `dutygraph show` lists them")
        chosen: set[str] | None = {iri}
    else:
        chosen = None
    if jurisdiction:
        place = catalogue.jurisdiction(jurisdiction)
        day = parse_date(date)
        reached = {r.law for r in fetch(store, via=Scope.of(catalogue, place.iri, day).reaches)}
        chosen = reached if chosen is None else chosen & reached
    return penalties(store, catalogue, chosen, lang)


def _all_penalties(store: Store, catalogue: Catalogue, lang: str) -> list[Penalty]:
    """Every maximum penalty of the graph, read once per store and language (the graph does not change)."""
    values: dict[str, tuple[list[str], list[list[Term | None]]]] = {"lang": (["lang"], [[Term(lang, "literal")]])}
    grouped: dict[str, list[dict[str, Term]]] = {}
    for row in store.select(query_files.render("penalties", values)):
        grouped.setdefault(row["penalty"].value, []).append(row)
    return [_penalty(catalogue, iri, rows, lang) for iri, rows in grouped.items()]


def _in_force(p: Penalty, day: dt.date) -> bool:
    return (p.effective_from is None or p.effective_from <= day) and (
        p.effective_until is None or day < p.effective_until
    )


def _first(rows: list[dict[str, Term]], *names: str) -> str | None:
    """The smallest value of the first variable bound in any row (so row order never matters)."""
    for name in names:
        values = sorted(r[name].value for r in rows if name in r)
        if values:
            return values[0]
    return None


def _all(rows: list[dict[str, Term]], name: str) -> set[str]:
    return {r[name].value for r in rows if name in r}


def _penalty(catalogue: Catalogue, iri: str, rows: list[dict[str, Term]], lang: str) -> Penalty:
    instrument = rows[0]["instrument"].value
    set_by = _first(rows, "setBy")
    amount = _first(rows, "amount")
    share = _first(rows, "share")
    authority = _first(rows, "authority")
    role = _first(rows, "role")
    notes = sorted(_all(rows, "note")) or sorted(_all(rows, "noteEn"))
    p = Penalty.model_construct(
        iri=iri,
        id=iri.removeprefix(DGID),
        label=_first(rows, "label", "labelEn") or iri.removeprefix(DGID),
        instrument=ref(catalogue, instrument, lang),
        set_by=ProvisionRef.model_construct(
            iri=set_by,
            id=set_by.removeprefix(DGID),
            label=_first(rows, "setByLabel", "setByLabelEn") or set_by.removeprefix(DGID),
            citation=_first(rows, "setByCitation"),
            official_text=_first(rows, "setByText"),
        )
        if set_by
        else None,
        max_amount=float(amount) if amount else None,
        currency=_first(rows, "currency"),
        max_turnover_share=float(share) if share else None,
        turnover_basis=_first(rows, "basis", "basisEn"),
        greater_of=_first(rows, "greater") == "true",
        per_violation=_first(rows, "perViolation") == "true",
        imposed_by=ref(catalogue, authority, lang) if authority else None,
        imposed_by_role=ref(catalogue, role, lang) if role else None,
        for_categories=refs(catalogue, _all(rows, "category"), lang),
        covers_provisions=refs(catalogue, _all(rows, "covers"), lang),
        effective_from=_date(_first(rows, "from")),
        effective_until=_date(_first(rows, "until")),
        evidence=Evidence.model_construct(
            verification=_first(rows, "verification"),
            sources=sources(_all(rows, "source")),
            retrieved_on=_date(_first(rows, "retrieved")),
            notes=notes,
        ),
        text="",
    )
    p.text = describe(p, lang)
    return p


def describe(p: Penalty, lang: str) -> str:
    """ "up to £18,000,000 or 10 % of qualifying worldwide revenue, whichever is greater" and the like."""
    fr = lang == "fr"
    parts = []
    if p.max_amount is not None:
        amount = f"{p.max_amount:,.0f}".replace(",", "\u202f" if fr else ",")
        symbol = SYMBOLS.get(p.currency or "", (p.currency or "") + " ")
        parts.append(f"{amount} {p.currency}" if fr else f"{symbol}{amount}")
    if p.max_turnover_share is not None:
        pct = f"{p.max_turnover_share * 100:g}".replace(".", "," if fr else ".")
        basis = f" {p.turnover_basis}" if p.turnover_basis else ""
        parts.append(f"{pct} %{' du' if fr and basis else ''}{basis}" if fr else f"{pct}% of{basis or ' turnover'}")
    joined = (" ou " if fr else " or ").join(parts)
    text = ("jusqu’à " if fr else "up to ") + joined
    if p.greater_of and len(parts) == 2:
        text += ", le montant le plus élevé étant retenu" if fr else ", whichever is greater"
    if p.per_violation:
        text += " par infraction" if fr else " per violation"
    return text


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
