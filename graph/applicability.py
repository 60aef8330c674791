"""The lookup: which duties apply to a service in a jurisdiction on a date, and why (and, on request, why not).

The verdicts come from the one judgement (graph/judgement.py); this module
reads the question, fetches the candidate duties (those of every jurisdiction
that reaches the place on the date, or through a union on another date), and
sorts them into binding, exempt and set aside. Conditions are three-valued:
asserted true, asserted false (`!name`), or unknown (the duty stays, marked
`conditional`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from .catalogue import Catalogue, parse_date
from .coverage import coverage
from .duty_records import DutyRecord, fetch, jurisdiction_ref, ref, refs
from .duty_view import duty_answer
from .errors import InvalidInput
from .judgement import ServiceFacts, judge_all
from .models import DutyAnswer, DutyLookup
from .penalties import penalties
from .reach import Scope
from .store import Store

SHOWN = {"applies", "conditional", "designation-required"}
SHOWN_WITH_PENDING = SHOWN | {"upcoming", "pending", "not-in-force", "enjoined"}


def parse_conditions(catalogue: Catalogue, values: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split `accessible-to-minors` (holds) from `!micro-or-small-enterprise` (does not hold)."""
    true: list[str] = []
    false: list[str] = []
    for value in values:
        text = value.strip()
        if not text:
            continue
        negated = text.startswith(("!", "not:"))
        name = text.removeprefix("!").removeprefix("not:")
        (false if negated else true).append(catalogue.code("condition", name).iri)
    return true, false


def establishment_of(catalogue: Catalogue, code: str | None) -> str | None:
    """The EU Member State of main establishment, checked: a country that is or was in a union."""
    if not code:
        return None
    entry = catalogue.jurisdiction(code)
    if not catalogue.memberships_of(entry.iri):
        raise InvalidInput(f"establishment must be an EU Member State, got {code!r}")
    return entry.iri


def applicable_duties(
    store: Store,
    catalogue: Catalogue,
    jurisdiction: str,
    date: str | dt.date | None = None,
    categories: Sequence[str] = (),
    conditions: Sequence[str] = (),
    harm: str | None = None,
    include_pending: bool = False,
    lang: str = "en",
    designations: Sequence[str] = (),
    establishment: str | None = None,
    explain: bool = False,
) -> DutyLookup:
    """The lookup behind `dutygraph duties` and `GET /jurisdictions/{code}/duties`."""
    place = catalogue.jurisdiction(jurisdiction)
    day = parse_date(date)
    cats = [e.iri for e in catalogue.codes("category", categories)]
    held = [e.iri for e in catalogue.codes("category", designations)]
    true, false = parse_conditions(catalogue, conditions)
    harm_entry = catalogue.code("harm", harm) if harm else None
    seat = establishment_of(catalogue, establishment)
    facts = ServiceFacts.build(catalogue, cats, true, false, held, seat)
    scope = Scope.of(catalogue, place.iri, day)
    harms = catalogue.narrower_closure([harm_entry.iri]) if harm_entry else None
    shown, exempt, set_aside = judge_place(store, catalogue, scope, facts, harms, include_pending, lang, explain)
    notes, gaps = coverage(store, catalogue, scope, lang)
    return DutyLookup.model_construct(
        jurisdiction=jurisdiction_ref(catalogue, place.iri, lang),
        date=day,
        categories=refs(catalogue, cats, lang),
        designations=refs(catalogue, held, lang),
        establishment=jurisdiction_ref(catalogue, seat, lang) if seat else None,
        conditions_true=refs(catalogue, true, lang),
        conditions_false=refs(catalogue, false, lang),
        harm=ref(catalogue, harm_entry.iri, lang) if harm_entry else None,
        include_pending=include_pending,
        duties=shown,
        exempt=exempt,
        set_aside=set_aside if explain else [],
        coverage=notes,
        coverage_gaps=gaps,
        penalties=penalties(store, catalogue, {d.instrument.iri for d in shown}, lang, day),
    )


def judge_place(
    store: Store,
    catalogue: Catalogue,
    scope: Scope,
    facts: ServiceFacts,
    harms: set[str] | None,
    include_pending: bool,
    lang: str,
    explain: bool = True,
) -> tuple[list[DutyAnswer], list[DutyAnswer], list[DutyAnswer]]:
    """Every candidate duty judged: (shown, exempt, set aside), each in the order the records come;
    the set-aside duties are built into answers only when `explain` asks for them."""
    records = [r for r in candidates(store, scope, lang) if harms is None or r.harms & harms]
    keep = SHOWN_WITH_PENDING if include_pending else SHOWN
    shown: list[DutyAnswer] = []
    exempt: list[DutyAnswer] = []
    set_aside: list[DutyAnswer] = []
    for record, judgement in judge_all(catalogue, records, scope, facts, lang):
        into = shown if judgement.verdict in keep else exempt if judgement.verdict == "exempt" else set_aside
        if into is not set_aside or explain:
            into.append(duty_answer(store, catalogue, record, judgement, scope, facts, lang))
    return shown, exempt, set_aside


def candidates(store: Store, scope: Scope, lang: str) -> list[DutyRecord]:
    """The duties worth judging for the place: set where it is, in what contains it, or in a union it was ever in."""
    return fetch(store, via=scope.candidates(), lang=lang)
