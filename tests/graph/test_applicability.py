"""The lookup on the shipped graph, every date pinned (DAY stands for "today" in these questions)."""

from __future__ import annotations

import pytest
from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.errors import BadDate, UnknownCode

DAY = "2026-12-03"
DSA_28_1 = "duty-eu-dsa-art28-1"
DSA_28_2 = "duty-eu-dsa-art28-2"


def ids(answer) -> set[str]:  # type: ignore[no-untyped-def]
    return {d.id for d in answer.duties}


def test_france_platform_accessible_to_minors_gets_dsa_28_through_the_eu(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "FR", DAY, ["eu-online-platform"], ["accessible-to-minors"])
    found = {d.id: d for d in answer.duties}
    assert {DSA_28_1, DSA_28_2} <= found.keys()
    for key in (DSA_28_1, DSA_28_2):
        why = found[key].why
        assert why.route == "membership"
        assert why.jurisdiction.code == "EU"
        assert why.membership is not None and why.membership.member.code == "FR"
        assert found[key].applicability == "applies"
    assert "accessible to minors" in found[DSA_28_1].why.text


def test_france_gets_no_online_safety_act_duty(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "FR", DAY, [], [], include_pending=True)
    assert answer.duties
    assert not [d.id for d in answer.duties if d.instrument.id.startswith("gb-")]


def test_france_gets_its_national_layer_directly(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "FR", DAY)
    direct = {d.instrument.id for d in answer.duties if d.why.route == "direct"}
    assert "fr-lcen" in direct
    assert all(d.applies_in.code in ("FR", "EU") for d in answer.duties)


def test_region_inherits_its_countrys_duties(embedded, catalogue):
    country = applicable_duties(embedded, catalogue, "FR", "2025-09-01")
    region = applicable_duties(embedded, catalogue, "FR-IDF", "2025-09-01")
    assert ids(region) == ids(country)
    assert region.duties and all(d.why.within for d in region.duties if d.applies_in.code == "FR")


def test_uk_is_an_alias_of_gb(embedded, catalogue):
    assert ids(applicable_duties(embedded, catalogue, "UK", DAY)) == ids(
        applicable_duties(embedded, catalogue, "GB", DAY)
    )


def _eu_duties_in_force(embedded, day: str) -> set[str]:
    rows = embedded.select(
        "PREFIX dg: <https://w3id.org/dutygraph/ontology#> PREFIX dgid: <https://w3id.org/dutygraph/id/> "
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?d WHERE { ?d a dg:Duty ; dg:appliesIn dgid:eu ; "
        "dg:legalStatus dgid:status-in-force ; dg:effectiveFrom ?f . OPTIONAL { ?d dg:effectiveUntil ?u } "
        f'FILTER(?f <= "{day}"^^xsd:date && (!BOUND(?u) || "{day}"^^xsd:date < ?u)) }}'
    )
    return {r["d"].value.rsplit("/", 1)[1] for r in rows}


def _eu_reaching(answer):  # type: ignore[no-untyped-def]
    """EU duties that reach the place: shown, or displaced there by a national rule (with explain)."""
    shown = [d for d in answer.duties if d.applies_in.code == "EU"]
    displaced = [d for d in answer.set_aside if d.applies_in.code == "EU" and d.reasons[-1].code == "displaced"]
    return shown, displaced


def test_uk_in_2019_gets_the_eu_duties_in_force_then(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "GB", "2019-06-01", explain=True)
    shown, displaced = _eu_reaching(answer)
    expected = _eu_duties_in_force(embedded, "2019-06-01")
    assert expected, "the graph should hold EU duties in force in mid-2019 (GDPR Art. 8)"
    assert {d.id for d in shown} | {d.id for d in displaced} == expected
    assert all(d.why.route == "membership" for d in [*shown, *displaced])
    # the UK's own age of 13 (DPA 2018 s. 9) takes the place of the GDPR's default of 16
    assert {d.id for d in displaced} == {"duty-eu-gdpr-art8-1", "duty-eu-gdpr-art8-2"}
    assert {"duty-eu-gdpr-art8-1-gb", "duty-eu-gdpr-art8-2-gb"} <= ids(answer)


def test_uk_in_2020_gets_eu_duties_through_the_transition_period(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "GB", "2020-06-01", explain=True)
    shown, displaced = _eu_reaching(answer)
    assert [*shown, *displaced] and all(d.why.route == "transition" for d in [*shown, *displaced])


def test_uk_in_2021_gets_no_eu_duty(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "GB", "2021-06-01")
    assert not [d.id for d in answer.duties if d.applies_in.code == "EU"]


def test_vlop_bears_risk_assessment_and_mitigation(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "DE", "2025-01-01", ["eu-vlop"])
    assert {"duty-eu-dsa-art34", "duty-eu-dsa-art35"} <= ids(answer)
    # and the duties of every broader category: online platform, hosting, intermediary
    assert DSA_28_2 in ids(answer)


def test_plain_online_platform_does_not_bear_vlop_duties(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "DE", "2025-01-01", ["eu-online-platform"])
    assert not {"duty-eu-dsa-art34", "duty-eu-dsa-art35"} & ids(answer)


def test_micro_enterprise_platform_is_exempt_from_article_28_1(embedded, catalogue):
    answer = applicable_duties(
        embedded,
        catalogue,
        "FR",
        DAY,
        ["eu-online-platform"],
        ["accessible-to-minors", "micro-or-small-enterprise"],
    )
    assert DSA_28_1 not in ids(answer)
    assert DSA_28_1 in {d.id for d in answer.exempt}


def test_vlop_keeps_article_28_1_even_if_small(embedded, catalogue):
    answer = applicable_duties(
        embedded, catalogue, "FR", DAY, ["eu-vlop"], ["accessible-to-minors", "micro-or-small-enterprise"]
    )
    assert DSA_28_1 in ids(answer)


def test_unknown_condition_keeps_the_duty_as_conditional(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "FR", DAY, ["eu-online-platform"], [])
    duty = next(d for d in answer.duties if d.id == DSA_28_1)
    assert duty.applicability == "conditional"
    assert [c.id for c in duty.why.conditions_unknown] == ["cond-accessible-to-minors"]


def test_denied_condition_removes_the_duty(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "FR", DAY, ["eu-online-platform"], ["!accessible-to-minors"])
    assert DSA_28_1 not in ids(answer)


def test_pending_and_not_in_force_duties_only_when_asked(embedded, catalogue):
    plain = applicable_duties(embedded, catalogue, "FR", DAY)
    assert all(d.applicability in ("applies", "conditional", "designation-required") for d in plain.duties)
    with_pending = applicable_duties(embedded, catalogue, "FR", DAY, include_pending=True)
    extra = {d.applicability for d in with_pending.duties} - {"applies", "conditional"}
    assert extra & {"pending", "not-in-force", "upcoming"}


def test_harm_filter_is_hierarchy_aware(embedded, catalogue):
    broad = applicable_duties(embedded, catalogue, "GB", DAY, harm="sexual-exploitation")
    narrow = applicable_duties(embedded, catalogue, "GB", DAY, harm="csam")
    assert narrow.duties and ids(narrow) <= ids(broad)


def test_french_labels_on_request(embedded, catalogue):
    answer = applicable_duties(
        embedded, catalogue, "FR", DAY, ["eu-online-platform"], ["accessible-to-minors"], lang="fr"
    )
    assert answer.jurisdiction.label == "France"
    assert any("S’applique" in d.why.text for d in answer.duties)


@pytest.mark.parametrize(
    ("kwargs", "error", "hint"),
    [
        ({"jurisdiction": "XX"}, UnknownCode, "valid values: AT"),
        ({"jurisdiction": "FR", "categories": ["platform"]}, UnknownCode, "eu-online-platform"),
        ({"jurisdiction": "FR", "conditions": ["minors"]}, UnknownCode, "accessible-to-minors"),
        ({"jurisdiction": "FR", "harm": "bad"}, UnknownCode, "csam"),
        ({"jurisdiction": "FR", "date": "2024-02-30"}, BadDate, "ISO date"),
    ],
)
def test_bad_input_is_refused_with_the_valid_values(embedded, catalogue, kwargs, error, hint):
    with pytest.raises(error) as caught:
        applicable_duties(embedded, catalogue, **kwargs)
    assert hint in caught.value.detail
