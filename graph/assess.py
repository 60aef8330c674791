"""Service assessment: from a service profile, every applicable duty in every country it is offered in.

Features map to service categories (dg:impliedByFeature) and to conditions
(dg:impliesCondition); size thresholds (dg:SizeThreshold) place a service in
narrower categories such as a VLOP or OSA Category 1, with the reasoning
spelled out ("VLOP: 48,000,000 average monthly users in EU >= 45,000,000").
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .applicability import establishment_of, judge_place, parse_conditions
from .catalogue import DG, SKOS_BROADER, Catalogue, Threshold, parse_date
from .coverage import coverage
from .duty_records import jurisdiction_ref, ref, refs
from .errors import BadProfile
from .judgement import ServiceFacts, needs_designation
from .models import Assessment, CategoryReason, DutyAnswer, JurisdictionAssessment, ThresholdTest
from .penalties import penalties
from .reach import Scope
from .store import Store
from .wording import say

IMPLIED_BY_FEATURE = DG + "impliedByFeature"
IMPLIES_CONDITION = DG + "impliesCondition"
ROOT_CATEGORY = "https://w3id.org/dutygraph/id/online-service"


class ServiceProfile(BaseModel):
    """What a compliance team knows about its service."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="the service's name")
    countries: list[str] = Field(min_length=1, max_length=100, description="ISO codes where the service is offered")
    monthly_active_users: dict[str, int] = Field(
        default_factory=dict,
        description="average monthly active users per jurisdiction code (EU is summed from member states if absent)",
    )
    features: list[str] = Field(default_factory=list, description="feature codes, e.g. user-generated-content")
    categories: list[str] = Field(default_factory=list, description="service categories known to apply")
    conditions: list[str] = Field(
        default_factory=list, description="conditions that hold; prefix ! for ones that do not"
    )
    designations: list[str] = Field(
        default_factory=list,
        description="designations or categorisations the service holds, e.g. eu-vlop, gb-category-1-service",
    )
    establishment: str | None = Field(
        default=None, max_length=20, description="EU Member State of main establishment (ISO code), e.g. IE"
    )
    date: dt.date | None = None


def load_profile(path: Path) -> ServiceProfile:
    """Read a YAML or JSON profile file; any problem becomes one BadProfile line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadProfile(f"cannot read profile {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise BadProfile(
            f"{path} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}".replace("\n", " ")
        ) from None
    return parse_profile(data, str(path))


def parse_profile(data: object, where: str = "profile") -> ServiceProfile:
    if not isinstance(data, dict):
        raise BadProfile(f"{where}: expected a mapping with name, countries, features...")
    try:
        return ServiceProfile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "profile"
        raise BadProfile(f"{where}: {loc}: {first['msg']}") from None


def assess(store: Store, catalogue: Catalogue, profile: ServiceProfile, lang: str = "en") -> Assessment:
    day = parse_date(profile.date)
    features = catalogue.broader_closure(e.iri for e in catalogue.codes("feature", profile.features))
    explicit = [e.iri for e in catalogue.codes("category", profile.categories)]
    held = [e.iri for e in catalogue.codes("category", profile.designations)]
    seat = establishment_of(catalogue, profile.establishment)
    true, false = parse_conditions(catalogue, profile.conditions)
    users = _users(catalogue, profile.monthly_active_users)
    implied_conditions = {c for f in features for c in catalogue.links[IMPLIES_CONDITION].get(f, ())}
    true_all = sorted({*true, *implied_conditions} - set(false))
    designated = catalogue.broader_closure(held)
    notes: list[str] = []
    if not features and not explicit:
        notes.append(say("assess-no-features", lang))
    if not profile.monthly_active_users:
        notes.append(say("assess-no-users", lang))
    results = []
    for code in dict.fromkeys(c.upper() for c in profile.countries):
        place = catalogue.jurisdiction(code)
        scope = Scope.of(catalogue, place.iri, day)
        reasons, tests = categorise(catalogue, features, [*explicit, *held], users, designated, lang)
        tests = [t for t in tests if t.measured_in is None or t.measured_in.iri in scope.reaches]
        inferred = [r.category.iri for r in reasons if r.category.iri not in explicit and r.category.iri not in held]
        facts = ServiceFacts.build(catalogue, explicit, true_all, false, held, seat, inferred)
        if not reasons and (features or explicit):
            facts.category_closure = set()
        duties, exempt, set_aside = judge_place(store, catalogue, scope, facts, None, False, lang)
        _, gaps = coverage(store, catalogue, scope, lang)
        results.append(
            JurisdictionAssessment(
                jurisdiction=jurisdiction_ref(catalogue, place.iri, lang),
                categories=[r for r in reasons if _relevant(catalogue, r.category.iri, duties)] or reasons,
                thresholds=tests,
                conditions=refs(catalogue, true_all, lang),
                duties=duties,
                exempt=exempt,
                set_aside=[d for d in set_aside if d.applicability != "not-applicable" or _near(d)],
                coverage_gaps=gaps,
                penalties=penalties(store, catalogue, {d.instrument.iri for d in duties}, lang, day),
            )
        )
    return Assessment(
        service=profile.name,
        date=day,
        designations=refs(catalogue, held, lang),
        establishment=jurisdiction_ref(catalogue, seat, lang) if seat else None,
        jurisdictions=results,
        notes=notes,
    )


def _near(answer: DutyAnswer) -> bool:
    """A set-aside duty worth showing in an assessment: reached, but not binding this service."""
    return any(r.code == "reached" for r in answer.reasons)


def categorise(
    catalogue: Catalogue,
    features: set[str],
    explicit: list[str],
    users: dict[str, int],
    designated: set[str],
    lang: str,
) -> tuple[list[CategoryReason], list[ThresholdTest]]:
    """Categories the service falls in, each with the reason, and every threshold tested, met or not."""
    reasons: dict[str, CategoryReason] = {}
    tests: list[ThresholdTest] = []
    by_category: dict[str, list[Threshold]] = {}
    for t in catalogue.thresholds:
        by_category.setdefault(t.category, []).append(t)
    for iri in explicit:
        reasons[iri] = CategoryReason(
            category=ref(catalogue, iri, lang),
            reason=say("stated-in-profile", lang),
            requires_designation=needs_designation(catalogue, iri),
            designated=iri in designated,
        )
    for category, implied in sorted(catalogue.links[IMPLIED_BY_FEATURE].items()):
        hit = sorted(implied & features)
        if hit and category not in by_category and category not in reasons:
            designation = needs_designation(catalogue, category)
            names = ", ".join(catalogue.label(f, lang) for f in hit)
            reasons[category] = CategoryReason(
                category=ref(catalogue, category, lang),
                reason=say("feature-reason", lang, features=names)
                + _designation_suffix(designation, category in designated, lang),
                requires_designation=designation,
                designated=category in designated,
            )
    tested: set[str] = set()
    changed = True
    while changed:  # a threshold category needs its broader category first (VLOP needs online platform)
        changed = False
        for category, thresholds in sorted(by_category.items()):
            if category in tested:
                continue
            parents = catalogue.links[SKOS_BROADER].get(category, set())
            implied = catalogue.links[IMPLIED_BY_FEATURE].get(category, set())
            if parents and not parents & reasons.keys() and not implied & features:
                continue
            tested.add(category)
            changed = True
            category_tests = [_test(catalogue, t, features, users, designated, lang) for t in thresholds]
            tests += category_tests
            met = next((t for t in category_tests if t.met), None)
            if met and category not in reasons:
                designation = needs_designation(catalogue, category)
                reasons[category] = CategoryReason(
                    category=ref(catalogue, category, lang),
                    reason=f"{catalogue.label(category, lang)}: {met.text}",
                    requires_designation=designation,
                    designated=category in designated,
                )
    return sorted(reasons.values(), key=lambda r: r.category.id), tests


def _test(
    catalogue: Catalogue, t: Threshold, features: set[str], users: dict[str, int], designated: set[str], lang: str
) -> ThresholdTest:
    """One threshold against the profile: the figures, the features it needs, and whether it is met."""
    where = t.measured_in
    count = users.get(where or "")
    limit = t.min_users if t.min_users is not None else (t.exceeds_users or 0)
    comparison = ">=" if t.min_users is not None else ">"
    missing = sorted(t.features - features)
    met = not missing and count is not None and (count >= limit if comparison == ">=" else count > limit)
    place = catalogue.entries[where].code if where in catalogue.entries else "?"
    label = catalogue.label(t.category, lang)
    designation = needs_designation(catalogue, t.category)
    if count is None:
        text = say("threshold-no-figure", lang, place=place, category=label)
    else:
        key = (
            "threshold-met"
            if met
            else (
                "threshold-features-missing" if missing and _passes(count, limit, comparison) else "threshold-not-met"
            )
        )
        text = say(
            key,
            lang,
            users=f"{count:,}",
            place=place,
            op=comparison if met else ("<" if comparison == ">=" else "≤"),
            limit=f"{limit:,}",
            category=label,
            features=", ".join(catalogue.label(f, lang) for f in missing),
        )
    if t.features and met:
        text += say("threshold-with", lang, features=", ".join(catalogue.label(f, lang) for f in sorted(t.features)))
    if met:
        text += _designation_suffix(designation, t.category in designated, lang)
    return ThresholdTest.model_construct(
        category=ref(catalogue, t.category, lang),
        provision=ref(catalogue, t.provision, lang) if t.provision else None,
        measured_in=jurisdiction_ref(catalogue, where, lang) if where else None,
        users=count,
        limit=limit,
        comparison=comparison,
        features_required=refs(catalogue, t.features, lang),
        features_missing=refs(catalogue, missing, lang),
        met=met,
        requires_designation=designation,
        designated=t.category in designated,
        text=text,
    )


def _passes(count: int, limit: int, comparison: str) -> bool:
    return count >= limit if comparison == ">=" else count > limit


def _designation_suffix(requires: bool, held: bool, lang: str) -> str:
    if not requires:
        return ""
    return say("designated-suffix" if held else "eligible-suffix", lang)


def _users(catalogue: Catalogue, given: dict[str, int]) -> dict[str, int]:
    """User counts by jurisdiction IRI; a union's count is the sum of its members' if not given."""
    counts: dict[str, int] = {}
    for code, count in given.items():
        if count < 0:
            raise BadProfile(f"monthly_active_users.{code}: must be zero or more")
        counts[catalogue.jurisdiction(code).iri] = count
    for union in {m.union for m in catalogue.memberships}:
        if union not in counts:
            members = {
                m.member for m in catalogue.memberships if m.union == union and m.kind == "membership" and m.end is None
            }
            total = sum(counts.get(m, 0) for m in members)
            if total:
                counts[union] = total
    return counts


def _relevant(catalogue: Catalogue, category: str, duties: list[DutyAnswer]) -> bool:
    """Whether any kept duty is borne by this category or one above it (the root, "any online
    service", does not count: every category lies under it, so it says nothing about this one)."""
    above = catalogue.broader_closure([category]) - {ROOT_CATEGORY}
    return any(b.iri in above for d in duties for b in d.bearers)
