"""The one judgement: does this duty bind this service, here, on this date, and why or why not.

Every surface (lookup, assessment, comparison, timeline, ODRL view, pages, CLI)
asks `judge`; nothing else decides. The verdict is one of:

- `applies`: binds the service on the date;
- `conditional`: would bind, but a required condition is not stated either way;
- `designation-required`: binds only once the service is designated or
  categorised (a VLOP, an OSA Category 1 service...), which the profile does not say;
- `upcoming`: binds from a later date (and, when it reaches the place through a
  union, the place still belongs to the union on that date);
- `pending` (a bill) / `not-in-force` (enacted, not in force, or no start date);
- `exempt`: an exemption holds for the service;
- `ended`: repealed, lapsed or past its end date;
- `not-applicable`: it does not reach the place, the service is not of its
  category, a required condition does not hold, or a national rule displaces it.

Each step of the reasoning is a `Reason` (for or against), so an answer can say
why a duty is there and, on request, why the others are not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .catalogue import DG, DGID, Catalogue
from .duty_records import DutyRecord, jurisdiction_ref, refs
from .models import Applicability, JurisdictionRef, Reason, Ref
from .reach import Reach, Scope, member_on
from .wording import TEXTS, say

IN_FORCE = {DGID + "status-in-force", DGID + "status-partly-in-force"}
PENDING = {DGID + "status-pending": "pending", DGID + "status-not-in-force": "not-in-force"}
REQUIRES_DESIGNATION = DG + "requiresDesignation"
BINDING = {"applies", "conditional", "designation-required", "exempt"}


@dataclass
class ServiceFacts:
    """What is known of the service: categories (with everything above them), conditions, designations."""

    categories: list[str] = field(default_factory=list)
    category_closure: set[str] | None = None  # None: no category given, every bearer matches
    true: set[str] = field(default_factory=set)
    false: set[str] = field(default_factory=set)
    designated: set[str] = field(default_factory=set)  # designation categories held, with those above them
    establishment: str | None = None  # EU Member State of main establishment

    @classmethod
    def build(
        cls,
        catalogue: Catalogue,
        categories: Iterable[str],
        true: Iterable[str],
        false: Iterable[str],
        designations: Iterable[str] = (),
        establishment: str | None = None,
        eligible: Iterable[str] = (),
    ) -> ServiceFacts:
        """`categories` are stated (a stated VLOP is a designated one); `eligible` ones were inferred from
        features and thresholds, so those that need a designation bind only if `designations` holds them."""
        true_all = catalogue.condition_closure(true)
        false_all = catalogue.condition_falsity(false)
        cats = list(dict.fromkeys([*categories, *designations, *eligible]))
        if cats:  # a condition can place a service in a category (hosting pornography: a porn service in France)
            cats += sorted(catalogue.categories_implied_by_conditions(true_all) - set(cats))
        stated = set(categories) | set(designations)
        held = [c for c in cats if needs_designation(catalogue, c) and c in stated]
        return cls(
            categories=cats,
            category_closure=catalogue.broader_closure(cats) if cats else None,
            true=true_all,
            false=false_all,
            designated=catalogue.broader_closure([*designations, *held]),
            establishment=establishment,
        )


@dataclass
class Judgement:
    verdict: Applicability
    reasons: list[Reason]
    how: Reach | None
    matched: set[str] = field(default_factory=set)
    unknown: set[str] = field(default_factory=set)
    exempt_by: set[str] = field(default_factory=set)
    exempt_unknown: set[str] = field(default_factory=set)
    lifted: set[str] = field(default_factory=set)


def needs_designation(catalogue: Catalogue, category: str) -> bool:
    return "true" in catalogue.links[REQUIRES_DESIGNATION].get(category, ())


def timing(record: DutyRecord, day: dt.date) -> Applicability:
    """When a duty binds as law, on its status and dates alone."""
    if record.status in PENDING:
        return PENDING[record.status]  # type: ignore[return-value]
    if record.effective_until and record.effective_until <= day:
        return "ended"
    if record.status not in IN_FORCE and record.effective_until is None:
        return "ended"  # repealed or lapsed, with no end date: it cannot be said to bind on any date
    # in force, or repealed or lapsed since: judged on its dates, so a question about the past is answered
    if record.effective_from is None:
        return "not-in-force"  # in force as law, but no date from which this duty applies is recorded
    if record.effective_from > day:
        return "upcoming"
    return "applies"


def judge(
    catalogue: Catalogue,
    record: DutyRecord,
    scope: Scope,
    facts: ServiceFacts,
    lang: str,
    displaced_by: Iterable[str] = (),
) -> Judgement:
    """The verdict on one duty for one question, with every step of the reasoning."""
    r: list[Reason] = []
    where = jurisdiction_ref(catalogue, record.applies_in, lang)
    how = scope.reaches.get(record.applies_in)
    if how is None:
        return Judgement("not-applicable", [_not_reached(catalogue, record, scope, lang)], None)
    when = timing(record, scope.day)
    start = record.effective_from if when == "upcoming" else record.planned_from
    if how.membership is not None and when in ("upcoming", "pending", "not-in-force") and start:
        memberships = scope.unions.get(how.membership.union, [])
        if not member_on(memberships, start):
            text = say(
                "membership-ends",
                lang,
                member=catalogue.label(how.membership.member, lang),
                union=where.label,
                end=_iso(how.membership.end),
                start=start.isoformat(),
            )
            return Judgement(
                "not-applicable",
                [Reason(code="membership-ends-before-start", holds=False, text=text, refs=[where])],
                how,
            )
    r.append(_reached(catalogue, how, where, lang))
    bearers = record.bearers
    if facts.category_closure is not None:
        matched = bearers & facts.category_closure
        if not matched:
            text = say("category-not-matched", lang, bearers=_names(catalogue, bearers, lang))
            r.append(Reason(code="category-not-matched", holds=False, text=text, refs=refs(catalogue, bearers, lang)))
            return Judgement("not-applicable", r, how)
        r.append(
            Reason(
                code="category-matched",
                holds=True,
                text=say("category-matched", lang, categories=_names(catalogue, matched, lang)),
                refs=refs(catalogue, matched, lang),
            )
        )
    else:
        matched = set()
    failed = record.requires & facts.false
    if failed:
        text = say("condition-not-met", lang, conditions=_names(catalogue, failed, lang))
        r.append(Reason(code="condition-not-met", holds=False, text=text, refs=refs(catalogue, failed, lang)))
        return Judgement("not-applicable", r, how, matched)
    met = record.requires & facts.true
    if met:
        r.append(
            Reason(
                code="condition-met",
                holds=True,
                text=say("condition-met", lang, conditions=_names(catalogue, met, lang)),
                refs=refs(catalogue, met, lang),
            )
        )
    displacing = set(displaced_by)
    if displacing:
        text = say("displaced", lang, by=", ".join(sorted(d.removeprefix(DGID) for d in displacing)))
        r.append(
            Reason(
                code="displaced",
                holds=False,
                text=text,
                refs=[Ref(iri=d, id=d.removeprefix(DGID), label=d.removeprefix(DGID)) for d in sorted(displacing)],
            )
        )
        return Judgement("not-applicable", r, how, matched)
    r.append(_timing_reason(record, when, lang))
    verdict: Applicability = when
    unknown = record.requires - facts.true
    usable = (facts.category_closure or set()) - {
        c for c in (facts.category_closure or set()) if needs_designation(catalogue, c) and c not in facts.designated
    }
    lifted = record.overridden_by & usable
    exempt_now = set() if lifted else record.exempt_when & facts.true
    exempt_unknown = set() if lifted else record.exempt_when - facts.true - facts.false
    if lifted and record.exempt_when:
        r.append(
            Reason(
                code="exemption-lifted",
                holds=True,
                text=say("exemption-lifted", lang, categories=_names(catalogue, lifted, lang)),
                refs=refs(catalogue, lifted, lang),
            )
        )
    if exempt_now:
        r.append(
            Reason(
                code="exempt",
                holds=False,
                text=say("exempt", lang, conditions=_names(catalogue, exempt_now, lang)),
                refs=refs(catalogue, exempt_now, lang),
            )
        )
        if when == "applies":
            verdict = "exempt"
    elif exempt_unknown:
        r.append(
            Reason(
                code="exemption-unknown",
                holds=True,
                text=say("exemption-unknown", lang, conditions=_names(catalogue, exempt_unknown, lang)),
                refs=refs(catalogue, exempt_unknown, lang),
            )
        )
    bearing = matched or bearers
    needing = {c for c in bearing if needs_designation(catalogue, c)}
    if needing and needing == bearing:
        held = needing & facts.designated
        if held:
            r.append(
                Reason(
                    code="designated",
                    holds=True,
                    text=say("designated", lang, categories=_names(catalogue, held, lang)),
                    refs=refs(catalogue, held, lang),
                )
            )
        else:
            r.append(
                Reason(
                    code="designation-required",
                    holds=False,
                    text=say("designation-required", lang, categories=_names(catalogue, needing, lang)),
                    refs=refs(catalogue, needing, lang),
                )
            )
            if verdict == "applies":
                verdict = "designation-required"
    if unknown:
        r.append(
            Reason(
                code="condition-unknown",
                holds=False,
                text=say("condition-unknown", lang, conditions=_names(catalogue, unknown, lang)),
                refs=refs(catalogue, unknown, lang),
            )
        )
        if verdict == "applies":
            verdict = "conditional"
    return Judgement(verdict, r, how, matched, unknown, exempt_now, exempt_unknown, lifted)


def judge_all(
    catalogue: Catalogue, records: list[DutyRecord], scope: Scope, facts: ServiceFacts, lang: str
) -> list[tuple[DutyRecord, Judgement]]:
    """Judge every record; a duty that binds here displaces the defaults it replaces (dg:displaces)."""
    first = [(rec, judge(catalogue, rec, scope, facts, lang)) for rec in records]
    displacing: dict[str, set[str]] = {}
    for rec, j in first:
        if j.verdict in BINDING and timing(rec, scope.day) == "applies":
            for other in rec.displaces:
                displacing.setdefault(other, set()).add(rec.iri)
    if not displacing:
        return first
    return [
        (rec, judge(catalogue, rec, scope, facts, lang, displacing[rec.iri]) if rec.iri in displacing else j)
        for rec, j in first
    ]


def _timing_reason(record: DutyRecord, when: Applicability, lang: str) -> Reason:
    dates = {
        "start": _iso(record.effective_from),
        "end": _iso(record.effective_until),
        "planned": _iso(record.planned_from),
    }
    code = {"applies": "in-force", "upcoming": "upcoming", "pending": "pending", "ended": "ended"}.get(when)
    if when == "not-in-force":
        code = "no-start-date" if record.status in IN_FORCE else "not-in-force"
    key = code or "in-force"
    if key == "ended" and not record.effective_until:
        key = "ended-status"
    return Reason(code=code or "in-force", holds=when == "applies", text=say(key, lang, **dates))  # type: ignore[arg-type]


def _reached(catalogue: Catalogue, how: Reach, where: JurisdictionRef, lang: str) -> Reason:
    m = how.membership
    name = f"{where.label} ({say('code-' + where.code, lang) if 'code-' + where.code in TEXTS else where.code})"
    if how.route == "direct":
        text = say("reached-direct", lang, where=name)
    elif how.route == "within" or m is None:
        text = say("reached-within", lang, where=name)
    else:
        key = "reached-transition" if how.route == "transition" else "reached-membership"
        text = say(
            key,
            lang,
            where=name,
            member=catalogue.label(m.member, lang),
            start=_iso(m.start),
            end=m.end.isoformat() if m.end else say("now", lang),
        )
    return Reason(code="reached", holds=True, text=text, refs=[where])


def _not_reached(catalogue: Catalogue, record: DutyRecord, scope: Scope, lang: str) -> Reason:
    where = jurisdiction_ref(catalogue, record.applies_in, lang)
    place = catalogue.label(scope.place, lang)
    memberships = scope.unions.get(record.applies_in)
    if memberships:
        spans = ", ".join(f"{_iso(m.start)} – {_iso(m.end)}" for m in memberships)
        text = say("not-member-on", lang, place=place, union=where.label, day=scope.day.isoformat(), spans=spans)
    else:
        text = say("not-reached", lang, place=place, where=where.label)
    return Reason(code="not-reached", holds=False, text=text, refs=[where])


def _names(catalogue: Catalogue, iris: Iterable[str], lang: str) -> str:
    return ", ".join(sorted(catalogue.label(i, lang) for i in iris))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "…"
