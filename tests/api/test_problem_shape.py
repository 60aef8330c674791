"""Every error path answers with the same RFC 9457 problem document (type, title, status, detail, instance)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from problem_checks import assert_problem

SPARQL_DIRECT = {"Content-Type": "application/sparql-query"}

# (what, method, path, request keyword arguments, status)
ERRORS: list[tuple[str, str, str, dict[str, Any], int]] = [
    ("unknown jurisdiction", "GET", "/jurisdictions/ZZ/duties", {}, 404),
    ("unknown jurisdiction page", "GET", "/jurisdictions/ZZ", {}, 404),
    ("timestamp as a date", "GET", "/jurisdictions/FR/duties", {"params": {"date": "1767225600"}}, 400),
    ("zero as a date", "GET", "/jurisdictions/FR/duties", {"params": {"date": "0"}}, 400),
    ("compact date", "GET", "/compare", {"params": {"theme": "age-assurance", "date": "20250725"}}, 400),
    ("timestamp as a timeline start", "GET", "/timeline", {"params": {"from": "0"}}, 400),
    (
        "not a member state as establishment",
        "GET",
        "/jurisdictions/FR/duties",
        {"params": {"establishment": "US"}},
        400,
    ),
    ("unknown category", "GET", "/jurisdictions/FR/duties", {"params": {"service": "x"}}, 400),
    ("unknown condition", "GET", "/jurisdictions/FR/duties", {"params": {"condition": "!x"}}, 400),
    ("unknown harm", "GET", "/jurisdictions/FR/duties", {"params": {"harm": "x"}}, 400),
    ("bad date", "GET", "/jurisdictions/FR/duties", {"params": {"date": "2025-13-45"}}, 400),
    ("bad boolean", "GET", "/jurisdictions/FR/duties", {"params": {"include_pending": "perhaps"}}, 400),
    ("unknown parameter", "GET", "/duties", {"params": {"jurisdction": "FR"}}, 400),
    ("bad language", "GET", "/duties", {"params": {"lang": "xx"}}, 400),
    ("bad limit", "GET", "/laws", {"params": {"limit": "many"}}, 400),
    ("unknown theme filter", "GET", "/duties", {"params": {"theme": "x"}}, 400),
    ("unknown duty", "GET", "/duties/duty-nope", {}, 404),
    ("unknown law", "GET", "/laws/nope", {}, 404),
    ("unknown authority", "GET", "/authorities/nope", {}, 404),
    ("bad identifier", "GET", "/duties/a%20b", {}, 400),
    ("compare without a subject", "GET", "/compare", {}, 400),
    ("compare with both", "GET", "/compare", {"params": {"theme": "age-assurance", "duty": "x"}}, 400),
    ("timeline backwards", "GET", "/timeline", {"params": {"from": "2025-01-01", "to": "2020-01-01"}}, 400),
    ("timeline unknown authority", "GET", "/timeline", {"params": {"authority": "x"}}, 400),
    ("assess without a body", "POST", "/assess", {}, 400),
    ("assess a list", "POST", "/assess", {"json": ["FR"]}, 400),
    (
        "assess an unknown feature",
        "POST",
        "/assess",
        {"json": {"name": "x", "countries": ["FR"], "features": ["x"]}},
        400,
    ),
    (
        "assess negative users",
        "POST",
        "/assess",
        {"json": {"name": "x", "countries": ["FR"], "monthly_active_users": {"FR": -1}}},
        400,
    ),
    ("unknown route", "GET", "/no/such/route", {}, 404),
    ("wrong method", "DELETE", "/duties", {}, 405),
    ("wrong method on assess", "GET", "/assess", {}, 405),
    ("unknown dump", "GET", "/dump.xml", {}, 404),
    ("unknown resource", "GET", "/id/nope", {}, 404),
    ("resource not acceptable", "GET", "/id/ofcom", {"headers": {"Accept": "image/png"}}, 406),
    ("malformed query", "GET", "/sparql", {"params": {"query": "SELEKT"}}, 400),
    ("update", "GET", "/sparql", {"params": {"query": "CLEAR ALL"}}, 403),
    ("service", "GET", "/sparql", {"params": {"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}}, 400),
    ("results not acceptable", "GET", "/sparql", {"params": {"query": "ASK {}"}, "headers": {"Accept": "x/y"}}, 406),
    ("unknown format", "GET", "/sparql", {"params": {"query": "ASK {}", "format": "html"}}, 406),
    ("description not acceptable", "GET", "/sparql", {"headers": {"Accept": "image/png"}}, 406),
    ("unsupported content type", "POST", "/sparql", {"content": b"ASK {}", "headers": {"Content-Type": "text/x"}}, 415),
    ("query too long", "POST", "/sparql", {"content": b"ASK {} #" + b"x" * 200_000, "headers": SPARQL_DIRECT}, 413),
    (
        "graph outside the store",
        "GET",
        "/sparql",
        {"params": {"query": "ASK {}", "default-graph-uri": "http://x"}},
        400,
    ),
    ("empty query", "GET", "/sparql", {"params": {"query": "  "}}, 400),
    ("not a query", "POST", "/sparql", {"content": b"hello", "headers": SPARQL_DIRECT}, 400),
    ("evaluation error", "GET", "/sparql", {"params": {"query": "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"}}, 400),
]


@pytest.mark.parametrize(("what", "method", "path", "kwargs", "status"), ERRORS, ids=[e[0] for e in ERRORS])
def test_every_error_is_a_problem_document(
    http: httpx.Client, what: str, method: str, path: str, kwargs: dict[str, Any], status: int
):
    body = assert_problem(http.request(method, path, **kwargs), status)
    assert body["instance"] == path.split("?")[0].replace("%20", " ") or body["instance"] == path


def test_unknown_codes_list_the_valid_values(http: httpx.Client):
    body = assert_problem(http.get("/jurisdictions/FR/duties", params={"harm": "nope"}), 400)
    assert body["kind"] == "harm" and body["value"] == "nope" and "csam" in body["valid"]  # type: ignore[operator]


def test_a_wrong_method_lists_the_allowed_ones(http: httpx.Client):
    response = http.delete("/duties")
    body = assert_problem(response, 405)
    assert "GET" in response.headers["allow"] and "GET" in str(body["detail"])


def test_validation_problems_name_every_parameter(http: httpx.Client):
    body = assert_problem(http.get("/duties", params={"limit": "x", "offset": "-3"}), 400)
    assert {e["parameter"] for e in body["errors"]} == {"limit", "offset"}  # type: ignore[union-attr]
