"""The REST lookups over HTTP against the live server: exact content where the data allows it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml
from problem_checks import assert_problem

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FR_PLATFORM = {"service": "eu-online-platform", "condition": "accessible-to-minors", "date": "2026-11-01"}


def duty_ids(body: dict) -> set[str]:  # type: ignore[type-arg]
    return {d["id"] for d in body["duties"]}


def test_french_online_platform_accessible_to_minors_gets_dsa_article_28_through_the_eu(http: httpx.Client):
    response = http.get("/jurisdictions/FR/duties", params={**FR_PLATFORM, "date": "2025-06-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["jurisdiction"]["code"] == "FR"
    assert {"duty-eu-dsa-art28-1", "duty-eu-dsa-art28-2"} <= duty_ids(body)
    art28 = next(d for d in body["duties"] if d["id"] == "duty-eu-dsa-art28-1")
    assert art28["iri"] == "https://w3id.org/dutygraph/id/duty-eu-dsa-art28-1"
    assert art28["applicability"] == "applies"
    assert art28["why"]["route"] == "membership"
    assert art28["why"]["jurisdiction"]["code"] == "EU"
    assert art28["why"]["membership"]["member"]["code"] == "FR"
    assert [c["id"] for c in art28["why"]["conditions_met"]] == ["cond-accessible-to-minors"]
    assert "European Union" in art28["why"]["text"]


def test_a_condition_that_does_not_hold_removes_the_duties_requiring_it(http: httpx.Client):
    body = http.get(
        "/jurisdictions/FR/duties", params={"service": "eu-online-platform", "condition": "!accessible-to-minors"}
    ).json()
    assert "duty-eu-dsa-art28-1" not in duty_ids(body)
    assert "duty-eu-dsa-art28-2" in duty_ids(body)  # Art. 28(2) needs no service-level condition


def test_before_the_dsa_applied_article_28_is_only_upcoming(http: httpx.Client):
    params = {**FR_PLATFORM, "date": "2023-06-01"}
    assert "duty-eu-dsa-art28-1" not in duty_ids(http.get("/jurisdictions/FR/duties", params=params).json())
    pending = http.get("/jurisdictions/FR/duties", params={**params, "include_pending": "true"}).json()
    art28 = next(d for d in pending["duties"] if d["id"] == "duty-eu-dsa-art28-1")
    assert art28["applicability"] == "upcoming"


def test_repeated_services_and_conditions_are_all_used(http: httpx.Client):
    response = http.get(
        "/jurisdictions/FR/duties",
        params=[
            ("service", "eu-online-platform"),
            ("service", "eu-online-search-engine"),
            ("condition", "accessible-to-minors"),
            ("condition", "!micro-or-small-enterprise"),
        ],
    )
    body = response.json()
    assert [c["id"] for c in body["categories"]] == ["eu-online-platform", "eu-online-search-engine"]
    assert [c["id"] for c in body["conditions_false"]] == ["cond-micro-or-small-enterprise"]


def test_unknown_jurisdiction_in_the_path_is_a_404_listing_the_valid_codes(http: httpx.Client):
    # an unknown resource named in the path is missing (404); an unknown code in a query parameter stays a 400
    body = assert_problem(http.get("/jurisdictions/XX/duties"), 404)
    assert assert_problem(http.get("/jurisdictions/XX"), 404)["status"] == 404
    assert {"FR", "GB", "EU", "UK"} <= set(body["valid"])  # type: ignore[arg-type]
    assert "XX" in str(body["detail"]) and "FR" in str(body["detail"])


def test_unknown_service_category_lists_the_valid_ones(http: httpx.Client):
    body = assert_problem(http.get("/jurisdictions/FR/duties", params={"service": "spaceship"}), 400)
    assert "eu-online-platform" in body["valid"]  # type: ignore[operator]


def test_a_misspelt_parameter_is_an_error_not_ignored(http: httpx.Client):
    body = assert_problem(http.get("/jurisdictions/FR/duties", params={"servce": "eu-online-platform"}), 400)
    assert "servce" in str(body["detail"]) and "service" in body["valid"]  # type: ignore[operator]


def test_a_bad_date_names_the_parameter(http: httpx.Client):
    body = assert_problem(http.get("/jurisdictions/FR/duties", params={"date": "25/12/2025"}), 400)
    assert "'date'" in str(body["detail"])
    assert body["errors"][0]["parameter"] == "date"  # type: ignore[index]


@pytest.mark.parametrize(
    "how", [{"params": {"lang": "fr"}}, {"headers": {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}}]
)
def test_labels_are_french_on_request(http: httpx.Client, how: dict):  # type: ignore[type-arg]
    kwargs = {"params": {**FR_PLATFORM, **how.get("params", {})}, "headers": how.get("headers", {})}
    response = http.get("/jurisdictions/FR/duties", **kwargs)
    assert response.headers["content-language"] == "fr"
    body = response.json()
    art28 = next(d for d in body["duties"] if d["id"] == "duty-eu-dsa-art28-1")
    assert art28["label"].startswith("Garantir un niveau élevé")
    assert body["jurisdiction"]["label"] == "France"
    assert art28["why"]["jurisdiction"]["label"] == "Union européenne"


def test_english_is_the_default_and_unsupported_languages_fall_back_to_it(http: httpx.Client):
    response = http.get("/jurisdictions/EU", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert response.headers["content-language"] == "en"
    assert response.json()["label"] == "European Union"
    assert_problem(http.get("/jurisdictions/EU", params={"lang": "de"}), 400)


def test_lists_paginate_with_total_and_stable_next_links(http: httpx.Client):
    first = http.get("/duties", params={"limit": 10}).json()
    assert first["total"] > 60 and len(first["items"]) == 10 and first["prev"] is None
    second = http.get(first["next"])
    assert second.status_code == 200
    page2 = second.json()
    assert page2["offset"] == 10 and page2["prev"] is not None
    assert not {d["id"] for d in first["items"]} & {d["id"] for d in page2["items"]}
    whole = http.get("/duties", params={"limit": 1000}).json()["items"]
    assert [d["id"] for d in whole[10:20]] == [d["id"] for d in page2["items"]]
    assert 'rel="next"' in second.headers["link"]


def test_the_last_page_has_no_next_link(http: httpx.Client):
    total = http.get("/jurisdictions", params={"limit": 1}).json()["total"]
    last = http.get("/jurisdictions", params={"limit": 5, "offset": total - 2}).json()
    assert last["next"] is None and len(last["items"]) == 2


def test_out_of_range_paging_is_refused(http: httpx.Client):
    assert_problem(http.get("/duties", params={"limit": 0}), 400)
    assert_problem(http.get("/duties", params={"limit": 100_000}), 400)
    assert_problem(http.get("/duties", params={"offset": -1}), 400)


def test_duties_filter_by_law_and_theme(http: httpx.Client):
    dsa = http.get("/duties", params={"law": "eu-dsa", "limit": 1000}).json()["items"]
    assert {"duty-eu-dsa-art28-1", "duty-eu-dsa-art28-2"} <= {d["id"] for d in dsa}
    assert {d["instrument"]["id"] for d in dsa} == {"eu-dsa"}
    ages = http.get("/duties", params={"theme": "age-assurance", "jurisdiction": "EU", "limit": 1000}).json()
    assert "duty-eu-dsa-art28-1" in {d["id"] for d in ages["items"]}
    assert {d["applies_in"]["code"] for d in ages["items"]} == {"EU"}
    body = assert_problem(http.get("/duties", params={"law": "no-such-law"}), 400)
    assert "eu-dsa" in body["valid"]  # type: ignore[operator]


def test_one_duty_with_its_provisions_and_official_text(http: httpx.Client):
    duty = http.get("/duties/duty-eu-dsa-art28-1").json()
    assert duty["instrument"]["id"] == "eu-dsa"
    assert duty["applies_in"]["code"] == "EU"
    assert [b["id"] for b in duty["bearers"]] == ["eu-online-platform"]
    assert duty["official_text"] == "http://data.europa.eu/eli/reg/2022/2065/art_28/oj"
    assert "eu-dsa-art28-1" in {p["id"] for p in duty["provisions"]}
    assert_problem(http.get("/duties/duty-that-does-not-exist"), 404)


def test_laws_list_and_one_law_with_its_duties(http: httpx.Client):
    laws = http.get("/laws", params={"limit": 1000}).json()["items"]
    dsa = next(law for law in laws if law["id"] == "eu-dsa")
    assert dsa["short_title"] == "DSA" and dsa["duty_count"] >= 10
    assert [j["code"] for j in dsa["applies_in"]] == ["EU"]
    detail = http.get("/laws/eu-dsa").json()
    assert "duty-eu-dsa-art28-1" in {d["id"] for d in detail["duties"]}
    assert "eu-dsa-art28" in {p["id"] for p in detail["provisions"]}
    assert_problem(http.get("/laws/no-such-law"), 404)


def test_jurisdictions_list_and_detail_with_memberships(http: httpx.Client):
    codes = [j["code"] for j in http.get("/jurisdictions", params={"limit": 1000}).json()["items"]]
    assert codes == sorted(codes) and {"EU", "FR", "GB", "US"} <= set(codes)
    gb = http.get("/jurisdictions/UK").json()  # the alias users type
    assert gb["code"] == "GB"
    eu_steps = [m for m in gb["memberships"] if m["union"]["code"] == "EU"]
    assert eu_steps and all(m["end"] is not None for m in eu_steps)  # the UK left
    assert "ofcom" in {a["id"] for a in gb["authorities"]}
    assert "gb-osa-2023" in {law["id"] for law in gb["laws"]}


def test_authorities_list_and_detail(http: httpx.Client):
    items = http.get("/authorities", params={"limit": 1000}).json()["items"]
    ofcom = next(a for a in items if a["id"] == "ofcom")
    assert ofcom["kind"] == "regulator" and [j["code"] for j in ofcom["competent_in"]] == ["GB"]
    detail = http.get("/authorities/ofcom").json()
    assert detail["duties_enforced"] and all(d["applies_in"]["code"] == "GB" for d in detail["duties_enforced"])
    assert_problem(http.get("/authorities/nobody"), 404)


def test_service_categories_and_harms_carry_their_hierarchy(http: httpx.Client):
    categories = http.get("/service-categories", params={"limit": 1000}).json()["items"]
    platform = next(c for c in categories if c["code"] == "eu-online-platform")
    assert [b["id"] for b in platform["broader"]] == ["eu-hosting-service"]
    assert "eu-vlop" in {n["id"] for n in platform["narrower"]}
    harms = http.get("/harms", params={"limit": 1000, "lang": "fr"}).json()["items"]
    assert "csam" in {h["code"] for h in harms}


def test_assess_applies_the_vlop_threshold_and_says_why(http: httpx.Client):
    profile = yaml.safe_load((EXAMPLES / "service-profile.yaml").read_text(encoding="utf-8"))
    response = http.post("/assess", json={**profile, "date": "2026-11-01"})
    assert response.status_code == 200, response.text
    places = {j["jurisdiction"]["code"]: j for j in response.json()["jurisdictions"]}
    assert set(places) == {"GB", "FR", "IE", "US"}
    vlop = next(c for c in places["FR"]["categories"] if c["category"]["id"] == "eu-vlop")
    assert "48,000,000" in vlop["reason"] and "45,000,000" in vlop["reason"]
    assert "duty-eu-dsa-art28-1" in duty_ids(places["FR"]) or "duty-eu-dsa-art28-1" in {
        d["id"] for d in places["FR"]["exempt"]
    }


def test_assess_refuses_a_malformed_profile_naming_the_field(http: httpx.Client):
    body = assert_problem(http.post("/assess", json={"name": "x", "countries": []}), 400)
    assert "countries" in str(body["detail"])
    body = assert_problem(http.post("/assess", json={"name": "x", "countries": ["FR"], "colour": "red"}), 400)
    assert "colour" in str(body["detail"])
    assert_problem(http.post("/assess", content=b"not json", headers={"Content-Type": "application/json"}), 400)
    body = assert_problem(http.post("/assess", json={"name": "x", "countries": ["XX"]}), 400)
    assert "FR" in body["valid"]  # type: ignore[operator]


def test_compare_a_theme_across_jurisdictions(http: httpx.Client):
    body = http.get(
        "/compare", params=[("theme", "age-assurance"), ("jurisdictions", "GB,FR"), ("date", "2026-11-01")]
    ).json()
    assert [c["jurisdiction"]["code"] for c in body["cells"]] == ["GB", "FR"]
    fr = body["cells"][1]
    assert "duty-eu-dsa-art28-1" in {d["id"] for d in fr["duties"]}
    assert_problem(http.get("/compare"), 400)  # neither theme nor duty


def test_timeline_and_event_lists(http: httpx.Client):
    body = http.get("/timeline", params={"from": "2024-02-01", "to": "2024-02-29", "jurisdiction": "FR"}).json()
    starts = [e for e in body["entries"] if e["kind"] == "duty-starts"]
    assert "duty-eu-dsa-art28-1" in {e["id"] for e in starts}
    assert all(e["date"].startswith("2024-02") for e in body["entries"])
    enforcement = http.get("/enforcement", params={"limit": 1000}).json()
    assert enforcement["total"] > 0 and all(e["action_type"] and e["status"] for e in enforcement["items"])
    fines = http.get("/enforcement", params={"status": "fine", "minors": "true", "limit": 1000}).json()["items"]
    assert fines and all(f["status"]["id"] == "action-status-fine" and f["about_minors"] for f in fines)
    assert all(f["legal_basis"] and f["targets"] for f in fines)
    assert_problem(http.get("/enforcement", params={"status": "finished"}), 400)
    dates = [e["date"] for e in enforcement["items"]]
    assert dates == sorted(dates)
    cooperation = http.get("/cooperation", params={"authority": "ofcom", "limit": 1000}).json()
    assert "coop-2026-01-19-hce-ofcom-meeting" in {e["id"] for e in cooperation["items"]}  # the seed news item
    assert_problem(http.get("/timeline", params={"from": "2025-01-01", "to": "2024-01-01"}), 400)
