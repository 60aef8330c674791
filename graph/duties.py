"""Duties as the browse routes list them (GET /duties, a duty's page): the one duty view, without a question.

Which duties reach a place, through unions and regions, is the lookup's question
(graph/applicability.py); this list filters on what a duty records about itself.
"""

from __future__ import annotations

from .catalogue import DGID, Catalogue, parse_iri_or_code
from .compare import correspondences
from .duty_records import DutyRecord, fetch, refs
from .duty_view import duty_fact
from .errors import NotFound, UnknownCode
from .models import DutyAnswer, DutyDetail
from .store import Store


def duties(
    store: Store,
    catalogue: Catalogue,
    lang: str = "en",
    jurisdiction: str | None = None,
    law: str | None = None,
    theme: str | None = None,
    harm: str | None = None,
    authority: str | None = None,
) -> list[DutyAnswer]:
    """Every duty, or those set in one jurisdiction, by one law, on a theme, harm or enforcer.

    `jurisdiction` keeps the duties whose dg:appliesIn is that place; which duties reach a
    place (through unions and regions) is the lookup's question, not this list's.
    """
    records = all_records(store, catalogue, lang)
    if jurisdiction:
        place = catalogue.jurisdiction(jurisdiction).iri
        records = [r for r in records if r.applies_in == place]
    if law:
        iri = parse_iri_or_code(law)
        known = {r.law for r in all_records(store, catalogue, "en")}
        if iri not in known:
            raise UnknownCode("law", law, [k.removeprefix(DGID) for k in known])
        records = [r for r in records if r.law == iri]
    if theme:
        themes = catalogue.narrower_closure([catalogue.code("theme", theme).iri])
        records = [r for r in records if r.themes & themes]
    if harm:
        harms_ = catalogue.narrower_closure([catalogue.code("harm", harm).iri])
        records = [r for r in records if r.harms & harms_]
    if authority:
        body = catalogue.code("authority", authority).iri
        records = [r for r in records if body in r.enforcers]
    return [duty_fact(store, catalogue, r, lang) for r in records]


def duty(store: Store, catalogue: Catalogue, identifier: str, lang: str = "en") -> DutyDetail:
    iri = parse_iri_or_code(identifier)
    records = fetch(store, duties=[iri], lang=lang)
    if not records:
        raise NotFound(f"no duty {identifier!r} ({iri}); GET /duties lists them")
    record = records[0]
    return DutyDetail.model_construct(
        **dict(duty_fact(store, catalogue, record, lang)),
        exemption_overridden_by=refs(catalogue, record.overridden_by, lang),
        correspondences=correspondences(store, catalogue, iri, lang),
    )


def all_records(store: Store, catalogue: Catalogue, lang: str) -> list[DutyRecord]:
    return fetch(store, via=[e.iri for e in catalogue.jurisdictions.values()], lang=lang)
