"""Providers and "which duties apply to this provider here today, and through which designation?"

A provider's answer is the lookup (graph/applicability.py) asked with what the
graph records of it: the categories its services fall in by nature, the
designations that bind on the date, and its EU main establishment. No rule of
applicability lives here; this module only gathers those facts and, after the
judgement, says which designation each listed duty binds the provider through.
"""

from __future__ import annotations

import datetime as dt

from . import query_files
from .applicability import applicable_duties
from .catalogue import DGID, Catalogue, parse_date, parse_iri_or_code
from .designations import catalogue_id, designations, on_day, registers
from .duty_records import jurisdiction_ref, natural_key, refs
from .errors import InvalidInput, NotFound
from .evidence import sources
from .judgement import needs_designation
from .models import (
    Designation,
    DutyAnswer,
    DutyDependency,
    Evidence,
    ProviderDetail,
    ProviderDuties,
    ProviderSummary,
    Ref,
)
from .reach import Scope
from .rows import lang_values, smallest, to_date
from .store import Row, Store, Term


def providers(store: Store, catalogue: Catalogue, lang: str = "en") -> list[ProviderSummary]:
    """Every provider, by name, with its categories, main establishment and number of designations."""
    counts: dict[str, int] = {}
    for d in designations(store, catalogue, None, lang):
        counts[d.provider.iri] = counts.get(d.provider.iri, 0) + 1
    found = [_summary(catalogue, iri, rows, counts.get(iri, 0), lang) for iri, rows in _rows(store, None, lang).items()]
    return sorted(found, key=lambda p: (p.label.lower(), p.id))


def provider(store: Store, catalogue: Catalogue, identifier: str, lang: str = "en") -> ProviderDetail:
    """One provider with its designations (and their decisions); NotFound for an unknown one."""
    iri = _iri(identifier)
    rows = _rows(store, iri, lang).get(iri)
    if not rows:
        raise NotFound(f"no service provider {catalogue_id(iri)!r}; GET /providers lists them")
    held = _with_register_labels(store, catalogue, designations(store, catalogue, [iri], lang), lang)
    base = _summary(catalogue, iri, rows, len(held), lang)
    return ProviderDetail.model_construct(
        **dict(base),
        description=smallest(rows, "description", "descriptionEn"),
        homepage=smallest(rows, "homepage"),
        designation_list=held,
        evidence=Evidence.model_construct(
            verification=smallest(rows, "verification"),
            sources=sources({r["source"].value for r in rows if "source" in r}),
            retrieved_on=to_date(smallest(rows, "retrieved")),
            notes=sorted(
                {r["note"].value for r in rows if "note" in r} or {r["noteEn"].value for r in rows if "noteEn" in r}
            ),
        ),
    )


def provider_duties(
    store: Store,
    catalogue: Catalogue,
    provider_id: str,
    jurisdiction: str,
    date: str | dt.date | None = None,
    lang: str = "en",
    service: str | None = None,
    include_pending: bool = False,
    explain: bool = False,
) -> ProviderDuties:
    """The lookup for this provider on this date, each duty with the designations it binds through."""
    place = catalogue.jurisdiction(jurisdiction)
    day = parse_date(date)
    detail = provider(store, catalogue, provider_id, lang)
    held = detail.designation_list
    if service:
        wanted = service.strip().lower()
        held = [d for d in held if d.service.lower() == wanted]
        if not held:
            names = sorted({d.service for d in detail.designation_list})
            raise InvalidInput(
                f"{detail.label} has no designated service {service!r}; its designated services: {names}"
            )
    dated = [on_day(d, day, lang) for d in held]
    binding = [d for d in dated if d.in_force]
    own = [c.iri for c in detail.categories if not needs_designation(catalogue, c.iri)]
    seat = detail.main_establishment.code if detail.main_establishment else None
    lookup = applicable_duties(
        store,
        catalogue,
        jurisdiction,
        day,
        categories=[catalogue_id(c) for c in own],
        designations=sorted({catalogue_id(d.category.iri) for d in binding}),
        establishment=seat,
        include_pending=include_pending,
        lang=lang,
        explain=explain,
    )
    scope = Scope.of(catalogue, place.iri, day)
    here = [r for r in registers(store, catalogue, lang) if r.applies_in and r.applies_in.iri in scope.reaches]
    own_closure = catalogue.broader_closure(own)
    return ProviderDuties.model_construct(
        provider=Ref.model_construct(iri=detail.iri, id=detail.id, label=detail.label),
        service=service,
        jurisdiction=jurisdiction_ref(catalogue, place.iri, lang),
        date=day,
        designations=dated,
        registers=here,
        lookup=lookup,
        depends_on=[_dependency(catalogue, duty, binding, own_closure) for duty in [*lookup.duties, *lookup.exempt]],
    )


def _dependency(catalogue: Catalogue, duty: DutyAnswer, binding: list[Designation], own: set[str]) -> DutyDependency:
    """A duty binds through a designation when a category it matched comes from that designation, not from
    the provider's own categories (the `category-matched` and `designated` steps of the judgement); a
    designation lifts an exemption when the `exemption-lifted` step names its category."""

    def using(codes: tuple[str, ...]) -> list[Ref]:
        matched = {r.iri for reason in duty.reasons if reason.code in codes for r in reason.refs} - own
        return [
            Ref.model_construct(iri=d.iri, id=d.id, label=d.label)
            for d in binding
            if matched & catalogue.broader_closure([d.category.iri])
        ]

    return DutyDependency.model_construct(
        duty=Ref.model_construct(iri=duty.iri, id=duty.id, label=duty.label),
        applicability=duty.applicability,
        designations=using(("category-matched", "designated")),
        exemption_lifted_by=using(("exemption-lifted",)),
    )


def _with_register_labels(store: Store, catalogue: Catalogue, held: list[Designation], lang: str) -> list[Designation]:
    labels = {r.iri: r.label for r in registers(store, catalogue, lang)}
    out = []
    for d in held:
        if d.listed_in is not None:
            named = d.listed_in.model_copy(update={"label": labels.get(d.listed_in.iri, d.listed_in.label)})
            d = d.model_copy(update={"listed_in": named})
        out.append(d)
    return out


def _iri(identifier: str) -> str:
    iri = parse_iri_or_code(identifier)
    if not iri.startswith(DGID + "provider-"):
        raise NotFound(f"no service provider {identifier!r}; provider identifiers start with 'provider-'")
    return iri


def _rows(store: Store, iri: str | None, lang: str) -> dict[str, list[Row]]:
    values = lang_values(lang)
    if iri is not None:
        values["selection"] = (["provider"], [[Term(iri)]])
    grouped: dict[str, list[Row]] = {}
    for row in store.select(query_files.render("providers", values)):
        grouped.setdefault(row["provider"].value, []).append(row)
    return grouped


def _summary(catalogue: Catalogue, iri: str, rows: list[Row], count: int, lang: str) -> ProviderSummary:
    seat = smallest(rows, "seat")
    cats = sorted({r["category"].value for r in rows if "category" in r}, key=natural_key)
    return ProviderSummary.model_construct(
        iri=iri,
        id=catalogue_id(iri),
        label=smallest(rows, "label", "labelEn") or catalogue_id(iri),
        also_known_as=sorted({r["alt"].value for r in rows if "alt" in r}),
        categories=refs(catalogue, cats, lang),
        main_establishment=jurisdiction_ref(catalogue, seat, lang) if seat else None,
        designations=count,
    )
