"""Enforcement actions as a register: stage, legal basis, target, fine, and whether minors are concerned.

Which actions a question sees (a period, a place and the unions reaching it on
the action's date, an authority) is the timeline's rule; this module adds what
each action is about and filters by stage and by minors.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from . import query_files
from .catalogue import DGID, Catalogue
from .duty_records import natural_key, ref
from .evidence import sources
from .models import EnforcementAction, Evidence, ProvisionRef, Ref
from .store import Row, Store, Term
from .timeline import timeline


def enforcement_actions(
    store: Store,
    catalogue: Catalogue,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    jurisdiction: str | None = None,
    authority: str | None = None,
    status: str | None = None,
    minors: bool | None = None,
    lang: str = "en",
) -> list[EnforcementAction]:
    """Enforcement actions, oldest first, at a stage (open, fine...) and about minors or not, when asked."""
    stage = catalogue.code("action-status", status).iri if status else None
    entries = [
        e
        for e in timeline(store, catalogue, start, end, jurisdiction, authority, lang).entries
        if e.kind == "enforcement"
    ]
    if not entries:
        return []
    values = {
        "selection": (["action"], [[Term(e.iri)] for e in entries]),
        "lang": (["lang"], [[Term(lang, "literal")]]),
    }
    rows: dict[str, list[Row]] = defaultdict(list)
    for row in store.select(query_files.render("enforcement_details", values)):
        rows[row["action"].value].append(row)
    found = []
    for e in entries:
        got = rows.get(e.iri, [])
        action = EnforcementAction.model_construct(
            iri=e.iri,
            id=e.id,
            label=e.label,
            date=e.date,
            date_precision=e.date_precision,
            detail=e.detail,
            authorities=e.authorities,
            jurisdictions=e.jurisdictions,
            action_type=_ref(catalogue, _first(got, "type"), lang),
            status=_ref(catalogue, _first(got, "status"), lang),
            about_minors=_bool(_first(got, "minors")),
            legal_basis=_provisions(got),
            targets=[
                Ref.model_construct(iri=t, id=t.removeprefix(DGID), label=_label(got, t))
                for t in sorted(_all(got, "target"))
            ],
            fine_amount=float(amount) if (amount := _first(got, "amount")) else None,
            currency=_first(got, "currency"),
            evidence=Evidence.model_construct(
                verification=_first(got, "verification"),
                sources=sources(_all(got, "source")),
                retrieved_on=_date(_first(got, "retrieved")),
                notes=[],
            ),
        )
        if stage and (action.status is None or action.status.iri != stage):
            continue
        if minors is not None and action.about_minors is not minors:
            continue
        found.append(action)
    return found


def _first(rows: list[Row], name: str) -> str | None:
    values = sorted(r[name].value for r in rows if name in r)
    return values[0] if values else None


def _all(rows: list[Row], name: str) -> set[str]:
    return {r[name].value for r in rows if name in r}


def _label(rows: list[Row], target: str) -> str:
    for name in ("targetLabel", "targetLabelEn"):
        values = sorted(r[name].value for r in rows if r.get("target", Term("")).value == target and name in r)
        if values:
            return values[0]
    return target.removeprefix(DGID)


def _provisions(rows: list[Row]) -> list[ProvisionRef]:
    found: dict[str, ProvisionRef] = {}
    for r in sorted(rows, key=lambda r: tuple(sorted((k, v.value) for k, v in r.items()))):
        if "basis" not in r or r["basis"].value in found:
            continue
        iri = r["basis"].value
        found[iri] = ProvisionRef.model_construct(
            iri=iri,
            id=iri.removeprefix(DGID),
            label=(r.get("basisLabel") or r.get("basisLabelEn") or Term(iri.removeprefix(DGID))).value,
            citation=r["basisCitation"].value if "basisCitation" in r else None,
            official_text=r["basisText"].value if "basisText" in r else None,
        )
    return [found[k] for k in sorted(found, key=natural_key)]


def _ref(catalogue: Catalogue, iri: str | None, lang: str) -> Ref | None:
    return ref(catalogue, iri, lang) if iri else None


def _bool(value: str | None) -> bool | None:
    return None if value is None else value in ("true", "1")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
