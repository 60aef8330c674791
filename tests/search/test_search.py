"""Full-text search: expected results in English and French (tests/search/expected.yaml), through the
library, `GET /search`, the explorer's results page and `dutygraph search`; did-you-mean suggestions."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import quality
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.search import index
from dutygraph.graph.store import EmbeddedStore

BINARY = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")
CASES = quality.cases()


def test_every_expected_duty_exists(catalogue: Catalogue, embedded: EmbeddedStore):
    named = {d for c in CASES for d in [*c.get("relevant", []), *c.get("must_find", [])]}
    ids = {d.iri.rsplit("/", 1)[1] for d in index(embedded, catalogue, "en").docs if d.type == "duty"}
    assert named <= ids, f"not in the graph: {sorted(named - ids)}"


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['q']}" for c in CASES])
def test_expected_results(case: dict, embedded: EmbeddedStore, catalogue: Catalogue):
    outcome = quality.run(embedded, catalogue, case)
    if case.get("none"):
        assert outcome.ranked == []
        return
    for duty in case["must_find"]:
        rank = outcome.rank(duty)
        assert rank is not None and rank <= case["within"], f"{duty} ranks {rank}, expected within {case['within']}"


def test_top3_hit_rate(embedded: EmbeddedStore, catalogue: Catalogue):
    figures = quality.summary([quality.run(embedded, catalogue, c) for c in CASES])
    assert figures["top3_hit_rate"] >= 0.9, figures


def test_index_is_built_once_per_language(embedded: EmbeddedStore, catalogue: Catalogue):
    first = index(embedded, catalogue, "fr")
    assert index(embedded, catalogue, "fr") is first
    assert index(embedded, catalogue, "en") is not first
    assert first.size_bytes > 0 and len(first.docs) > 100


def test_http_search_links_each_hit_to_its_page_and_official_text(http: httpx.Client):
    response = http.get("/search", params={"q": "vérification de l'âge", "lang": "fr", "type": "duty"})
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert hits and all(h["type"] == "duty" for h in hits)
    assert any("<mark>" in h["snippet"] for h in hits)
    assert all(h["official_text"] for h in hits), "every duty names its official text"
    page = http.get(hits[0]["page"], headers={"Accept": "text/html"})
    assert page.status_code == 200


def test_http_search_filters_by_jurisdiction(http: httpx.Client):
    hits = http.get("/search", params={"q": "age", "jurisdiction": "AU", "type": "duty", "limit": 100}).json()["hits"]
    assert hits
    assert {j["code"] for h in hits for j in h["jurisdictions"]} <= {"AU"}


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"q": "  "}, "at least one word"),
        ({"q": "age", "type": "dutty"}, "type"),
        ({"q": "age", "jurisdiction": "FRR"}, "did you mean 'FR'"),
        ({"q": "x" * 201}, "200"),
    ],
)
def test_http_search_bad_input_is_a_precise_400(http: httpx.Client, params: dict, needle: str):
    response = http.get("/search", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert needle in response.json()["detail"]


def test_unknown_codes_suggest_the_nearest(http: httpx.Client):
    response = http.get("/compare", params={"theme": "age-assurence"})
    assert response.status_code == 400
    body = response.json()
    assert body["suggestions"][0] == "age-assurance"
    assert "did you mean 'age-assurance'" in body["detail"]


def test_every_page_has_a_search_box_and_the_feeds(http: httpx.Client):
    for path in ("/", "/explore/timeline", "/explore/search?q=ofcom"):
        html = http.get(path).text
        assert 'action="/explore/search"' in html, path
        assert 'href="/changes.atom"' in html and 'href="/deadlines.ics"' in html, path


def test_results_page_lists_hits_with_links(http: httpx.Client):
    response = http.get("/explore/search", params={"q": "signalement pédopornographie", "lang": "fr"})
    assert response.status_code == 200
    assert 'href="/id/duty-us-18-usc-2258a-a-report-csam?lang=fr"' in response.text
    assert "<mark>" in response.text


def test_cli_search_in_french():
    result = subprocess.run(
        [BINARY, "search", "signalement pédopornographie", "--lang", "fr", "--type", "duty", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    ids = [h["id"] for h in json.loads(result.stdout)["hits"]]
    assert "duty-us-18-usc-2258a-a-report-csam" in ids[:5]


def test_cli_unknown_code_suggests():
    result = subprocess.run([BINARY, "duties", "FR", "--service", "eu-onlin-platform"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "did you mean 'eu-online-platform'" in result.stderr
    assert result.stderr.count("\n") == 1
