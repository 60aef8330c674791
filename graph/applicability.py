"""Which duties apply to a service in a jurisdiction on a date, and why.

A duty reaches a place directly, through a territory the place lies within
(a region inherits its country's duties), or through a union the place's country
belongs to on that date (dated memberships, so the UK gets EU duties only while
a member or in the Brexit transition period). It binds a service whose category
is the bearer or narrower than it, when its conditions hold and no exemption does.

Conditions are three-valued: asserted true, asserted false (`!name`), or unknown.
An unknown required condition keeps the duty in the answer, marked `conditional`;
an unknown exemption is listed in the reasoning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .catalogue import DGID, Catalogue, Membership, parse_date
from .duty_records import DutyRecord, fetch, jurisdiction_ref, ref, refs
from .models import Applicability, DutyAnswer, DutyLookup, JurisdictionRef, MembershipStep, Ref, Why
from .store import Store

IN_FORCE = {DGID + "status-in-force", DGID + "status-partly-in-force"}
PENDING = {DGID + "status-pending": "pending", DGID + "status-not-in-force": "not-in-force"}


@dataclass(frozen=True)
class Reach:
    """One jurisdiction whose duties reach the asked place, and how."""

    via: str
    route: str  # direct | within | membership | transition
    within: tuple[str, ...] = ()
    membership: Membership | None = None


@dataclass
class ServiceFacts:
    """What is known of the service: categories (with everything above them) and conditions."""

    categories: list[str] = field(default_factory=list)
    category_closure: set[str] | None = None  # None: no category given, every bearer matches
    true: set[str] = field(default_factory=set)
    false: set[str] = field(default_factory=set)

    @classmethod
    def build(
        cls, catalogue: Catalogue, categories: Iterable[str], true: Iterable[str], false: Iterable[str]
    ) -> ServiceFacts:
        cats = list(categories)
        return cls(
            categories=cats,
            category_closure=catalogue.broader_closure(cats) if cats else None,
            true=catalogue.broader_closure(true),
            false=catalogue.narrower_closure(false),
        )


def reach(catalogue: Catalogue, place: str, day: dt.date) -> list[Reach]:
    """The place, the territories it lies within, and the unions they belong to on `day`."""
    found = [Reach(place, "direct")]
    chain = [place]
    todo = [place]
    while todo:
        for parent in sorted(
            catalogue.links["https://w3id.org/dutygraph/ontology#withinJurisdiction"].get(todo.pop(), ())
        ):
            if parent not in chain:
                chain.append(parent)
                todo.append(parent)
                found.append(Reach(parent, "within", tuple(chain[1:])))
    for territory in chain:
        for membership in catalogue.memberships_of(territory):
            if membership.covers(day):
                found.append(
                    Reach(
                        membership.union,
                        membership.kind,
                        tuple(chain[1 : chain.index(territory) + 1]),
                        membership,
                    )
                )
    return found


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
) -> DutyLookup:
    """The lookup behind `dutygraph duties` and `GET /jurisdictions/{code}/duties`."""
    place = catalogue.jurisdiction(jurisdiction)
    day = parse_date(date)
    cats = [e.iri for e in catalogue.codes("category", categories)]
    true, false = parse_conditions(catalogue, conditions)
    harm_entry = catalogue.code("harm", harm) if harm else None
    facts = ServiceFacts.build(catalogue, cats, true, false)
    duties, exempt = judge_all(
        store, catalogue, place.iri, day, facts, harm_entry.iri if harm_entry else None, include_pending, lang
    )
    return DutyLookup(
        jurisdiction=jurisdiction_ref(catalogue, place.iri, lang),
        date=day,
        categories=refs(catalogue, cats, lang),
        conditions_true=refs(catalogue, true, lang),
        conditions_false=refs(catalogue, false, lang),
        harm=ref(catalogue, harm_entry.iri, lang) if harm_entry else None,
        include_pending=include_pending,
        duties=duties,
        exempt=exempt,
    )


def judge_all(
    store: Store,
    catalogue: Catalogue,
    place: str,
    day: dt.date,
    facts: ServiceFacts,
    harm: str | None,
    include_pending: bool,
    lang: str,
) -> tuple[list[DutyAnswer], list[DutyAnswer]]:
    """Fetch the duties reaching `place` and keep those that bind the service on `day`."""
    reaches = {r.via: r for r in reach(catalogue, place, day)}
    harms = catalogue.narrower_closure([harm]) if harm else None
    kept: list[DutyAnswer] = []
    exempt: list[DutyAnswer] = []
    for record in fetch(store, via=reaches, lang=lang):
        verdict = judge(catalogue, record, reaches[record.applies_in], day, facts, harms, include_pending, lang)
        if verdict is None:
            continue
        (exempt if verdict.applicability == "exempt" else kept).append(verdict)
    return kept, exempt


def judge(
    catalogue: Catalogue,
    record: DutyRecord,
    how: Reach,
    day: dt.date,
    facts: ServiceFacts,
    harms: set[str] | None,
    include_pending: bool,
    lang: str,
) -> DutyAnswer | None:
    """The duty as it stands for this service on this day, or None when it does not apply at all."""
    applicability = timing(record, day)
    if applicability == "ended" or (applicability != "applies" and not include_pending):
        return None
    if harms is not None and not record.harms & harms:
        return None
    if facts.category_closure is not None:
        matched = record.bearers & facts.category_closure
        if not matched:
            return None
    else:
        matched = set()
    if record.requires & facts.false:
        return None
    unknown = record.requires - facts.true
    lifted = record.overridden_by & (facts.category_closure or set())
    exempt_now = set() if lifted else record.exempt_when & facts.true
    exempt_unknown = set() if lifted else record.exempt_when - facts.true - facts.false
    if exempt_now:
        applicability = "exempt"
    elif unknown and applicability == "applies":
        applicability = "conditional"
    why = Why.model_construct(
        route=how.route,  # type: ignore[arg-type]
        jurisdiction=jurisdiction_ref(catalogue, record.applies_in, lang),
        within=[jurisdiction_ref(catalogue, w, lang) for w in how.within],
        membership=_membership(catalogue, how.membership, lang),
        matched_categories=refs(catalogue, matched, lang),
        conditions_met=refs(catalogue, record.requires & facts.true, lang),
        conditions_unknown=refs(catalogue, unknown, lang),
        exemptions_unknown=refs(catalogue, exempt_unknown, lang),
        exemption_lifted_by=refs(catalogue, lifted if record.exempt_when else set(), lang),
        text="",
    )
    answer = to_answer(catalogue, record, applicability, why, lang)
    answer.why.text = explain(answer, (exempt_now and refs(catalogue, exempt_now, lang)) or [], lang)
    return answer


def to_answer(
    catalogue: Catalogue, record: DutyRecord, applicability: Applicability, why: Why, lang: str
) -> DutyAnswer:
    return DutyAnswer.model_construct(
        iri=record.iri,
        id=record.iri.removeprefix(DGID),
        label=record.label,
        summary=record.summary,
        instrument=Ref.model_construct(iri=record.law, id=record.law.removeprefix(DGID), label=record.law_label),
        instrument_short_title=record.law_short,
        provisions=record.provisions,
        citation=record.citation,
        official_text=record.official_text,
        legal_status=ref(catalogue, record.status, lang),
        effective_from=record.effective_from,
        effective_until=record.effective_until,
        planned_from=record.planned_from,
        applies_in=jurisdiction_ref(catalogue, record.applies_in, lang),
        bearers=refs(catalogue, record.bearers, lang),
        enforced_by=refs(catalogue, record.enforcers, lang),
        harms=refs(catalogue, record.harms, lang),
        themes=refs(catalogue, record.themes, lang),
        protects=refs(catalogue, record.protects, lang),
        requires_conditions=refs(catalogue, record.requires, lang),
        exempt_when=refs(catalogue, record.exempt_when, lang),
        verification=record.verification,
        applicability=applicability,
        why=why,
    )


def timing(record: DutyRecord, day: dt.date) -> Applicability:
    """When a duty binds, judged on its status and dates alone: the one rule every page and answer uses."""
    if record.status in PENDING:
        return PENDING[record.status]  # type: ignore[return-value]
    if record.status not in IN_FORCE:
        return "ended"  # repealed or lapsed
    if record.effective_until and record.effective_until <= day:
        return "ended"
    if record.effective_from is None:
        return "pending"  # in force as law, but no start date recorded for this duty
    if record.effective_from > day:
        return "upcoming"
    return "applies"


def _membership(catalogue: Catalogue, m: Membership | None, lang: str) -> MembershipStep | None:
    if m is None:
        return None
    return MembershipStep.model_construct(
        membership=m.iri,
        kind=m.kind,  # type: ignore[arg-type]
        member=jurisdiction_ref(catalogue, m.member, lang),
        union=jurisdiction_ref(catalogue, m.union, lang),
        start=m.start,
        end=m.end,
    )


def _names(items: Iterable[Ref | JurisdictionRef]) -> str:
    return ", ".join(i.label for i in items)


def explain(answer: DutyAnswer, exempt_by: list[Ref], lang: str) -> str:
    """The reasoning in one sentence, in English or French."""
    why = answer.why
    fr = lang == "fr"
    where = why.jurisdiction
    if why.route == "direct":
        parts = [f"{'S’applique en' if fr else 'Applies in'} {where.label} ({where.code})"]
    elif why.route == "within":
        parts = [
            f"{'S’applique en' if fr else 'Applies in'} {where.label} ({where.code}), "
            f"{'qui comprend le lieu demandé' if fr else 'which contains the place asked'}"
        ]
    else:
        m = why.membership
        assert m is not None
        since = m.start.isoformat() if m.start else "?"
        until = m.end.isoformat() if m.end else ("aujourd’hui" if fr else "now")
        if why.route == "transition":
            parts = [
                f"{'S’applique via' if fr else 'Applies through'} {where.label} ({where.code}): "
                f"{'période de transition de' if fr else 'transition period of'} {m.member.label} {since} – {until}"
            ]
        else:
            parts = [
                f"{'S’applique via' if fr else 'Applies through'} {where.label} ({where.code}), "
                f"{'dont' if fr else 'of which'} {m.member.label} {'est membre' if fr else 'is a member'} "
                f"({since} – {until})"
            ]
    if why.matched_categories:
        parts.append(f"{'à la charge de' if fr else 'borne by'} {_names(why.matched_categories)}")
    else:
        parts.append(f"{'à la charge de' if fr else 'borne by'} {_names(answer.bearers)}")
    if why.conditions_met:
        parts.append(f"{'conditions remplies' if fr else 'conditions met'}: {_names(why.conditions_met)}")
    if why.conditions_unknown:
        parts.append(f"{'seulement si' if fr else 'only if'}: {_names(why.conditions_unknown)}")
    if exempt_by:
        parts.append(f"{'exempté car' if fr else 'exempt because'}: {_names(exempt_by)}")
    elif why.exemption_lifted_by:
        parts.append(f"{'exemption levée pour' if fr else 'exemption lifted for'} {_names(why.exemption_lifted_by)}")
    elif why.exemptions_unknown:
        parts.append(f"{'sauf si' if fr else 'unless'}: {_names(why.exemptions_unknown)}")
    if answer.applicability == "upcoming" and answer.effective_from:
        parts.append(f"{'à compter du' if fr else 'from'} {answer.effective_from.isoformat()}")
    return "; ".join(parts) + "."
