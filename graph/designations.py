"""Reading the registers of designated services: designations and registers as answer models.

A designation binds on a day when that day is on or after the day its duties
begin (dg:bindsFrom, else the decision's date), before its end, outside any
court suspension, and when the authority's view is that the service is in the
category. This decides only which designations a provider holds on a date; what
they make apply is left to the one judgement (graph/judgement.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from . import query_files
from .catalogue import DGID, Catalogue
from .duty_records import jurisdiction_ref, natural_key, ref
from .evidence import sources
from .models import Designation, Evidence, ProvisionRef, Ref, Register
from .rows import lang_values, smallest, to_date
from .store import Row, Store, Term


def designations(store: Store, catalogue: Catalogue, providers: Iterable[str] | None, lang: str) -> list[Designation]:
    """The designations of `providers` (all when None), in date order."""
    values = lang_values(lang)
    if providers is not None:
        wanted = sorted(set(providers))
        if not wanted:
            return []
        values["selection"] = (["provider"], [[Term(p)] for p in wanted])
    grouped: dict[str, list[Row]] = {}
    for row in store.select(query_files.render("designations", values)):
        grouped.setdefault(row["designation"].value, []).append(row)
    found = [_designation(catalogue, iri, rows, lang) for iri, rows in grouped.items()]
    return sorted(found, key=lambda d: (d.binds_from or d.designated_on or dt.date.min, natural_key(d.id)))


def registers(store: Store, catalogue: Catalogue, lang: str) -> list[Register]:
    grouped: dict[str, list[Row]] = {}
    for row in store.select(query_files.render("registers", lang_values(lang))):
        grouped.setdefault(row["register"].value, []).append(row)
    out = []
    for iri, rows in sorted(grouped.items()):
        kept, where = smallest(rows, "keptBy"), smallest(rows, "where")
        out.append(
            Register.model_construct(
                iri=iri,
                id=catalogue_id(iri),
                label=smallest(rows, "label", "labelEn") or catalogue_id(iri),
                kept_by=ref(catalogue, kept, lang) if kept else None,
                applies_in=jurisdiction_ref(catalogue, where, lang) if where else None,
                published=smallest(rows, "published") == "true",
                official_text=smallest(rows, "officialText"),
                verification=smallest(rows, "verification"),
                notes=sorted({r["note"].value for r in rows if "note" in r} or _english(rows)),
            )
        )
    return out


def on_day(designation: Designation, day: dt.date, lang: str) -> Designation:
    """The designation with `in_force` and `status` said for `day`."""
    start = designation.binds_from or designation.designated_on
    fr = lang == "fr"
    if not designation.falls_in_category:
        held, text = False, ("avis : hors de la catégorie" if fr else "the authority's view: not in the category")
    elif start is not None and day < start:
        held, text = False, (f"ne s'impose qu'à partir du {start}" if fr else f"binds only from {start}")
    elif designation.ends_on is not None and day >= designation.ends_on:
        held, text = False, (f"a pris fin le {designation.ends_on}" if fr else f"ended on {designation.ends_on}")
    elif _suspended(designation, day):
        held = False
        text = (
            f"suspendue du {designation.suspended_from} au {designation.suspended_until}"
            if fr
            else f"suspended from {designation.suspended_from} until {designation.suspended_until}"
        )
    else:
        held = True
        if designation.binds_from is not None:
            text = f"s'impose depuis le {start}" if fr else f"binding since {start}"
        elif start is not None:
            text = (
                f"s'impose ; date de début des obligations non enregistrée, comptée depuis la décision du {start}"
                if fr
                else f"binding; the day its duties began is not recorded, counted from the decision of {start}"
            )
        else:
            text = (
                "s'impose ; aucune date enregistrée pour la désignation"
                if fr
                else "binding; no date is recorded for the designation"
            )
    return designation.model_copy(update={"in_force": held, "status": text})


def _suspended(designation: Designation, day: dt.date) -> bool:
    start, end = designation.suspended_from, designation.suspended_until
    return start is not None and start <= day and (end is None or day < end)


def _designation(catalogue: Catalogue, iri: str, rows: list[Row], lang: str) -> Designation:
    def one(name: str) -> str | None:
        return smallest(rows, name)

    basis = one("basis")
    where = one("where")
    register = one("register")
    by = one("by")
    provider = one("provider") or ""
    return Designation.model_construct(
        iri=iri,
        id=catalogue_id(iri),
        label=one("label") or one("labelEn") or catalogue_id(iri),
        service=one("service") or "",
        provider=Ref.model_construct(
            iri=provider, id=catalogue_id(provider), label=one("providerLabel") or one("providerLabelEn") or provider
        ),
        category=ref(catalogue, one("category") or "", lang),
        falls_in_category=one("falls") != "false",
        designated_by=ref(catalogue, by, lang) if by else None,
        applies_in=jurisdiction_ref(catalogue, where, lang) if where else None,
        decision=one("decision"),
        legal_basis=ProvisionRef.model_construct(
            iri=basis,
            id=catalogue_id(basis),
            label=one("basisLabel") or one("basisLabelEn") or catalogue_id(basis),
            citation=one("basisCitation"),
            official_text=one("basisText"),
        )
        if basis
        else None,
        designated_on=to_date(one("on")),
        binds_from=to_date(one("binds")),
        ends_on=to_date(one("ends")),
        suspended_from=to_date(one("suspendedFrom")),
        suspended_until=to_date(one("suspendedUntil")),
        listed_in=Ref.model_construct(iri=register, id=catalogue_id(register), label=catalogue_id(register))
        if register
        else None,
        evidence=Evidence.model_construct(
            verification=one("verification"),
            sources=sources({r["source"].value for r in rows if "source" in r}, one("decision")),
            retrieved_on=to_date(one("retrieved")),
            notes=sorted({r["note"].value for r in rows if "note" in r} or _english(rows)),
        ),
    )


def _english(rows: list[Row]) -> set[str]:
    return {r["noteEn"].value for r in rows if "noteEn" in r}


def catalogue_id(iri: str) -> str:
    return iri.removeprefix(DGID)
