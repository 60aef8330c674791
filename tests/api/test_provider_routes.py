"""GET /providers, /providers/{id}, /providers/{id}/duties and the provider pages, on a real server."""

from __future__ import annotations

import httpx
import pytest
from problem_checks import assert_problem


def test_the_list_gives_each_provider_its_designations_and_establishment(http: httpx.Client):
    page = http.get("/providers", params={"limit": 1000}).json()
    found = {p["id"]: p for p in page["items"]}
    assert page["total"] == len(found) >= 40
    assert found["provider-tiktok"]["designations"] == 3
    assert found["provider-tiktok"]["main_establishment"]["code"] == "IE"
    assert found["provider-4chan"]["designations"] == 0


def test_one_provider_lists_its_designations_with_their_decisions(http: httpx.Client):
    body = http.get("/providers/provider-aylo").json()
    listings = {d["id"]: d for d in body["designation_list"]}
    arrete = listings["designation-fr-arrete-2025-02-26-pornhub"]
    assert (arrete["designated_on"], arrete["binds_from"]) == ("2025-02-26", "2025-06-07")
    assert (arrete["suspended_from"], arrete["suspended_until"]) == ("2025-06-16", "2025-07-15")
    assert arrete["legal_basis"]["id"] == "fr-lcen-art10"
    assert arrete["listed_in"]["id"] == "register-fr-arrete-2025-02-26"
    assert arrete["evidence"]["verification"] == "secondary" and arrete["evidence"]["notes"]
    assert any(s["official"] for s in arrete["evidence"]["sources"])


def test_the_duties_answer_names_the_designation_each_depends_on(http: httpx.Client):
    params = {"jurisdiction": "IE", "date": "2026-11-01", "service": "YouTube"}
    body = http.get("/providers/provider-google/duties", params=params).json()
    through = {d["duty"]["id"]: [x["id"] for x in d["designations"]] for d in body["depends_on"]}
    assert through["duty-ie-online-safety-code-part-b-age-assurance"] == ["designation-ie-vsps-youtube"]
    assert through["duty-eu-dsa-art34"] == ["designation-eu-2023-04-25-youtube"]
    assert through["duty-eu-dsa-art28-1"] == []
    assert body["lookup"]["establishment"]["code"] == "IE"


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/providers/provider-nobody", {}, 404),
        ("/providers/meta", {}, 404),
        ("/providers/provider-nobody/duties", {"jurisdiction": "FR"}, 404),
        ("/providers/provider-tiktok/duties", {}, 400),
        ("/providers/provider-tiktok/duties", {"jurisdiction": "XX"}, 400),
        ("/providers/provider-tiktok/duties", {"jurisdiction": "FR", "date": "2026-13-01"}, 400),
        ("/providers/provider-tiktok/duties", {"jurisdiction": "FR", "date": "20261101"}, 400),
        ("/providers/provider-tiktok/duties", {"jurisdiction": "FR", "service": "Gmail"}, 400),
        ("/providers/provider-tiktok/duties", {"jurisdiction": "FR", "colour": "red"}, 400),
    ],
)
def test_bad_requests_are_problems(http: httpx.Client, path: str, params: dict[str, str], status: int):
    assert_problem(http.get(path, params=params), status)


def test_the_provider_page_shows_its_designations_and_links_to_its_duties(http: httpx.Client):
    page = http.get("/id/provider-tiktok", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert 'data-designation="designation-eu-2023-04-25-tiktok"' in page.text
    assert 'data-designation="designation-ie-vsps-tiktok"' in page.text
    for code in ("FR", "IE", "GB", "AU"):
        assert f"/explore/provider-duties?provider=provider-tiktok&amp;jurisdiction={code}" in page.text
    other = http.get("/id/ofcom", headers={"accept": "text/html"})
    assert "provider-designations" not in other.text


def test_the_duties_page_says_which_register_is_not_published(http: httpx.Client):
    params = {"provider": "provider-tiktok", "jurisdiction": "GB", "date": "2026-11-01"}
    page = http.get("/explore/provider-duties", params=params)
    assert page.status_code == 200
    assert 'data-register="register-gb-ofcom-categorised-services"' in page.text
    french = http.get("/explore/provider-duties", params={**params, "lang": "fr"})
    assert "Par la désignation" in french.text


def test_the_duties_page_shows_bad_input_as_an_error_with_its_status(http: httpx.Client):
    page = http.get("/explore/provider-duties", params={"provider": "provider-nobody", "jurisdiction": "FR"})
    assert page.status_code == 404 and 'role="alert"' in page.text
    page = http.get(
        "/explore/provider-duties", params={"provider": "provider-tiktok", "jurisdiction": "FR", "date": "x"}
    )
    assert page.status_code == 400
