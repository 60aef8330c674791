"""HEAD is answered wherever GET is (same status and headers, no body), and a 405 names every allowed method."""

from __future__ import annotations

import httpx
import pytest

GETS = [
    "/jurisdictions",
    "/jurisdictions/FR/duties?date=2025-06-01",
    "/duties",
    "/laws/eu-dsa",
    "/sparql",
    "/sparql?query=ASK%20%7B%7D",
    "/",
    "/explore/assess",
    "/explore/compare",
    "/explore/timeline",
    "/explore/sparql",
    "/id/ofcom",
    "/ontology",
    "/dump.ttl",
    "/health",
    "/docs",
    "/openapi.json",
    "/static/explorer.css",
]


@pytest.mark.parametrize("url", GETS)
def test_head_answers_like_get_without_a_body(http: httpx.Client, url: str):
    got = http.get(url)
    head = http.head(url)
    assert head.status_code == got.status_code == 200, url
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [("/sparql", "GET, HEAD, POST"), ("/duties", "GET, HEAD"), ("/assess", "POST"), ("/id/ofcom", "GET, HEAD")],
)
def test_a_wrong_method_gets_405_naming_every_allowed_one(http: httpx.Client, url: str, allowed: str):
    response = http.request("PUT", url)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert allowed in response.json()["detail"]
