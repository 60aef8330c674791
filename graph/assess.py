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

from .applicability import ServiceFacts, judge_all, parse_conditions
from .catalogue import DG, Catalogue, Threshold, parse_date
from .duty_records import jurisdiction_ref, ref, refs
from .errors import BadProfile
from .models import Assessment, CategoryReason, JurisdictionAssessment
from .store import Store

IMPLIED_BY_FEATURE = DG + "impliedByFeature"
IMPLIES_CONDITION = DG + "impliesCondition"
REQUIRES_DESIGNATION = DG + "requiresDesignation"
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
    true, false = parse_conditions(catalogue, profile.conditions)
    users = _users(catalogue, profile.monthly_active_users)
    implied_conditions = {c for f in features for c in catalogue.links[IMPLIES_CONDITION].get(f, ())}
    true_all = sorted({*true, *implied_conditions} - set(false))
    notes: list[str] = []
    if not features and not explicit:
        notes.append("no features or categories given: every duty in each country is listed whatever its bearer")
    results = []
    for code in dict.fromkeys(c.upper() for c in profile.countries):
        place = catalogue.jurisdiction(code)
        reasons = categorise(catalogue, features, explicit, users, lang)
        cats = [r.category.iri for r in reasons]
        facts = ServiceFacts.build(catalogue, cats, true_all, false)
        if not cats and (features or explicit):
            facts.category_closure = set()
        duties, exempt = judge_all(store, catalogue, place.iri, day, facts, None, False, lang)
        results.append(
            JurisdictionAssessment(
                jurisdiction=jurisdiction_ref(catalogue, place.iri, lang),
                categories=[r for r in reasons if _relevant(catalogue, r.category.iri, duties)] or reasons,
                conditions=refs(catalogue, true_all, lang),
                duties=duties,
                exempt=exempt,
            )
        )
    return Assessment(service=profile.name, date=day, jurisdictions=results, notes=notes)


def categorise(
    catalogue: Catalogue, features: set[str], explicit: list[str], users: dict[str, int], lang: str
) -> list[CategoryReason]:
    """Categories the service falls in, each with the reason (a feature, a threshold, or the profile)."""
    reasons: dict[str, CategoryReason] = {}
    by_category: dict[str, list[Threshold]] = {}
    for t in catalogue.thresholds:
        by_category.setdefault(t.category, []).append(t)
    for iri in explicit:
        reasons[iri] = CategoryReason(category=ref(catalogue, iri, lang), reason="stated in the profile")
    for category, implied in sorted(catalogue.links[IMPLIED_BY_FEATURE].items()):
        hit = sorted(implied & features)
        if hit and category not in by_category and category not in reasons:
            names = ", ".join(catalogue.label(f, lang) for f in hit)
            designation = bool(catalogue.links[REQUIRES_DESIGNATION].get(category))
            suffix = " (binds once designated)" if designation else ""
            reasons[category] = CategoryReason(
                category=ref(catalogue, category, lang),
                reason=f"feature: {names}{suffix}",
                requires_designation=designation,
            )
    changed = True
    while changed:  # a threshold category needs its broader category first (VLOP needs online platform)
        changed = False
        for category, thresholds in sorted(by_category.items()):
            if category in reasons:
                continue
            parents = catalogue.links["http://www.w3.org/2004/02/skos/core#broader"].get(category, set())
            implied = catalogue.links[IMPLIED_BY_FEATURE].get(category, set())
            if parents and not parents & reasons.keys() and not implied & features:
                continue
            for t in thresholds:
                met = _threshold_met(catalogue, t, features, users, lang)
                if met:
                    designation = bool(catalogue.links[REQUIRES_DESIGNATION].get(category))
                    label = catalogue.label(category, lang)
                    suffix = " (binds once designated)" if designation else ""
                    reasons[category] = CategoryReason(
                        category=ref(catalogue, category, lang),
                        reason=f"{label}: {met}{suffix}",
                        requires_designation=designation,
                    )
                    changed = True
                    break
    return sorted(reasons.values(), key=lambda r: r.category.id)


def _threshold_met(
    catalogue: Catalogue, t: Threshold, features: set[str], users: dict[str, int], lang: str
) -> str | None:
    if not t.features <= features:
        return None
    where = t.measured_in
    count = users.get(where or "")
    if count is None:
        return None
    place = catalogue.entries[where].code if where in catalogue.entries else "?"
    feats = " with " + ", ".join(catalogue.label(f, lang) for f in sorted(t.features)) if t.features else ""
    if t.min_users is not None and count >= t.min_users:
        return f"{count:,} average monthly users in {place} >= {t.min_users:,}{feats}"
    if t.exceeds_users is not None and count > t.exceeds_users:
        return f"{count:,} average monthly users in {place} > {t.exceeds_users:,}{feats}"
    return None


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


def _relevant(catalogue: Catalogue, category: str, duties: list) -> bool:  # type: ignore[type-arg]
    """Whether any kept duty is borne by this category or one above it (the root, "any online
    service", does not count: every category lies under it, so it says nothing about this one)."""
    above = catalogue.broader_closure([category]) - {ROOT_CATEGORY}
    return any(b.iri in above for d in duties for b in d.bearers)
