"""Service assessment: categories from features and thresholds, duties per country."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dutygraph.graph.assess import assess, load_profile, parse_profile
from dutygraph.graph.errors import BadProfile, UnknownCode

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def example(embedded, catalogue):  # type: ignore[no-untyped-def]
    profile = load_profile(EXAMPLES / "service-profile.yaml").model_copy(update={"date": dt.date(2026, 12, 3)})
    return assess(embedded, catalogue, profile)


def by_code(result):  # type: ignore[no-untyped-def]
    return {j.jurisdiction.code: j for j in result.jurisdictions}


def test_us_social_platform_in_gb_fr_ie_gets_osa_dsa_and_the_french_layer(example):
    places = by_code(example)
    assert {d.instrument.id for d in places["GB"].duties} >= {"gb-osa-2023"}
    assert "eu-dsa" in {d.instrument.id for d in places["FR"].duties}
    assert any(d.instrument.id.startswith("fr-") for d in places["FR"].duties)
    assert "eu-dsa" in {d.instrument.id for d in places["IE"].duties}
    assert not any(d.instrument.id.startswith("fr-") for d in places["IE"].duties)


def test_vlop_threshold_reasoning_is_spelled_out(example):
    fr = by_code(example)["FR"]
    vlop = next(c for c in fr.categories if c.category.id == "eu-vlop")
    assert "48,000,000" in vlop.reason and "45,000,000" in vlop.reason
    assert vlop.requires_designation
    assert {"duty-eu-dsa-art34", "duty-eu-dsa-art35"} <= {d.id for d in fr.duties}


def test_small_platform_is_not_a_vlop(embedded, catalogue):
    profile = parse_profile(
        {
            "name": "Tiny",
            "countries": ["FR"],
            "monthly_active_users": {"FR": 1000},
            "features": ["social-network"],
            "conditions": ["micro-or-small-enterprise"],
            "date": "2026-12-03",
        }
    )
    fr = assess(embedded, catalogue, profile).jurisdictions[0]
    assert "eu-vlop" not in {c.category.id for c in fr.categories}
    assert "duty-eu-dsa-art28-1" not in {d.id for d in fr.duties}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"countries": ["FR"]}, "name"),
        ({"name": "x", "countries": []}, "countries"),
        ({"name": "x", "countries": ["FR"], "colour": "red"}, "colour"),
        ({"name": "x", "countries": ["FR"], "monthly_active_users": {"FR": "many"}}, "monthly_active_users"),
        (["not", "a", "mapping"], "mapping"),
    ],
)
def test_malformed_profiles_are_refused_with_the_field(data, message):
    with pytest.raises(BadProfile) as caught:
        parse_profile(data)
    assert message in caught.value.detail


def test_unknown_feature_lists_the_valid_ones(embedded, catalogue):
    profile = parse_profile({"name": "x", "countries": ["FR"], "features": ["teleportation"], "date": "2026-12-03"})
    with pytest.raises(UnknownCode) as caught:
        assess(embedded, catalogue, profile)
    assert "user-generated-content" in caught.value.detail


def test_unreadable_profile_file_is_a_bad_profile(tmp_path):
    with pytest.raises(BadProfile):
        load_profile(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(BadProfile) as caught:
        load_profile(broken)
    assert "not valid YAML" in caught.value.detail
