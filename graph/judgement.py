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
- `enjoined`: in force as law, but a court has barred its enforcement (an
  injunction, a judgment striking it down) and no later decision lifted that;
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
from .rulings import Ruling, Stage, standing
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
    matched: set[str] = set()
    if facts.category_closure is not None:
        matched = bearers & facts.category_closure
        if not matched:
            return Judgement("not-applicable", [*r, _step(catalogue, "category-not-matched", bearers, lang)], how)
        r.append(_step(catalogue, "category-matched", matched, lang))
    failed = record.requires & facts.false
    if failed:
        return Judgement("not-applicable", [*r, _step(catalogue, "condition-not-met", failed, lang)], how, matched)
    if record.requires & facts.true:
        r.append(_step(catalogue, "condition-met", record.requires & facts.true, lang))
    displacing = sorted(set(displaced_by))
    if displacing:
        by = [Ref(iri=d, id=d.removeprefix(DGID), label=d.removeprefix(DGID)) for d in displacing]
        text = say("displaced", lang, by=", ".join(d.id for d in by))
        return Judgement(
            "not-applicable", [*r, Reason(code="displaced", holds=False, text=text, refs=by)], how, matched
        )
    r.append(_timing_reason(record, when, lang, catalogue.stages.get(record.law)))
    verdict: Applicability = when
    ruling = standing(catalogue.rulings.get(record.iri, ()), scope.day)
    if ruling is not None and when in ("applies", "upcoming", "not-in-force"):
        reason = _court_reason(ruling, lang)
        r.append(reason)
        verdict = "enjoined" if reason.code == "enjoined" else verdict
    unknown = record.requires - facts.true
    held_categories = {
        c for c in (facts.category_closure or set()) if not needs_designation(catalogue, c) or c in facts.designated
    }
    lifted = record.overridden_by & held_categories
    exempt_now = set() if lifted else record.exempt_when & facts.true
    exempt_unknown = set() if lifted else record.exempt_when - facts.true - facts.false
    if lifted and record.exempt_when:
        r.append(_step(catalogue, "exemption-lifted", lifted, lang))
    if exempt_now:
        r.append(_step(catalogue, "exempt", exempt_now, lang))
        verdict = "exempt" if when == "applies" else verdict
    elif exempt_unknown:
        r.append(_step(catalogue, "exemption-unknown", exempt_unknown, lang))
    bearing = matched or bearers
    needing = {c for c in bearing if needs_designation(catalogue, c)}
    if needing and needing == bearing:
        if needing & facts.designated:
            r.append(_step(catalogue, "designated", needing & facts.designated, lang))
        else:
            r.append(_step(catalogue, "designation-required", needing, lang))
            verdict = "designation-required" if verdict == "applies" else verdict
    if unknown:
        r.append(_step(catalogue, "condition-unknown", unknown, lang))
        verdict = "conditional" if verdict == "applies" else verdict
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


# the steps that name resources (categories, conditions), whether they count for the duty binding or against
HOLDS = {
    "category-matched": True,
    "category-not-matched": False,
    "condition-met": True,
    "condition-not-met": False,
    "condition-unknown": False,
    "exempt": False,
    "exemption-unknown": True,
    "exemption-lifted": True,
    "designated": True,
    "designation-required": False,
}


def _step(catalogue: Catalogue, code: str, iris: set[str], lang: str) -> Reason:
    """A step of the reasoning about named resources: its sentence, and the resources as references."""
    text = say(code, lang, items=_names(catalogue, iris, lang))
    return Reason(code=code, holds=HOLDS[code], text=text, refs=refs(catalogue, iris, lang))  # type: ignore[arg-type]


def _timing_reason(record: DutyRecord, when: Applicability, lang: str, stage: Stage | None = None) -> Reason:
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
    text = say(key, lang, **dates)
    reached = stage.text(lang) if stage and when in ("pending", "not-in-force") else None
    if reached:
        text += say("stage-reached", lang, stage=reached)
    return Reason(code=code or "in-force", holds=when == "applies", text=text)  # type: ignore[arg-type]


def _court_reason(ruling: Ruling, lang: str) -> Reason:
    """The decision that stands on the day: it blocks the duty, blocks it for the plaintiffs only, or clears it."""
    code = "enjoined-for-parties" if ruling.limited_to_parties else "enjoined"
    code = code if ruling.blocks else "court-cleared"
    case = f"{ruling.case}, {ruling.docket}" if ruling.docket else ruling.case
    text = say(
        code,
        lang,
        effect=ruling.effect_label(lang),
        court=ruling.court_label(lang),
        case=case,
        date=ruling.day.isoformat(),
    )
    ref = Ref(iri=ruling.iri, id=ruling.iri.removeprefix(DGID), label=f"{ruling.case} ({ruling.day.isoformat()})")
    return Reason(code=code, holds=code != "enjoined", text=text, refs=[ref])  # type: ignore[arg-type]


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
