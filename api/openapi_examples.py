"""Record the examples of the OpenAPI document: `python -m dutygraph.api.openapi_examples`.

Each example is a real answer of the app over the shipped graph, asked in process
at a pinned date, with lists cut to two items and long texts to a few lines, so the
examples stay true to the schemas (tests/api/test_openapi_document.py checks them)
and readable in /docs. Run it again when a model or the data changes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DATE = "2025-06-01"
QUERY = "PREFIX dg: <https://w3id.org/dutygraph/ontology#>\nSELECT ?duty WHERE { ?duty a dg:Duty } LIMIT 2"
CONSTRUCT = "DESCRIBE <https://w3id.org/dutygraph/id/ofcom>"
PROFILE = {
    "name": "ExampleTube",
    "countries": ["GB", "FR"],
    "monthly_active_users": {"GB": 12000000, "FR": 20000000, "DE": 25000000},
    "features": ["social-network", "video-sharing", "known-child-users"],
    "conditions": ["!micro-or-small-enterprise"],
    "date": DATE,
}
JSON = "application/json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGISTERS = ("lookupDuties", "assessService", "compareDuties", "compareMatrix")
# operationId -> (method, path, query parameters); each JSON answer is recorded as the 200 example
CALLS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "listJurisdictions": ("GET", "/jurisdictions", {"limit": 2}),
    "getJurisdiction": ("GET", "/jurisdictions/FR", {}),
    "lookupDuties": (
        "GET",
        "/jurisdictions/FR/duties",
        {"service": "eu-online-platform", "condition": "accessible-to-minors", "date": DATE},
    ),
    "listDuties": ("GET", "/duties", {"jurisdiction": "EU", "limit": 2}),
    "getDuty": ("GET", "/duties/duty-eu-dsa-art28-1", {}),
    "listLaws": ("GET", "/laws", {"limit": 2}),
    "getLaw": ("GET", "/laws/eu-dsa", {}),
    "listAuthorities": ("GET", "/authorities", {"limit": 2}),
    "getAuthority": ("GET", "/authorities/ofcom", {}),
    "listServiceCategories": ("GET", "/service-categories", {"limit": 2}),
    "listHarms": ("GET", "/harms", {"limit": 2}),
    "compareDuties": ("GET", "/compare", {"theme": "age-assurance", "jurisdictions": "GB,FR", "date": DATE}),
    "compareMatrix": (
        "GET",
        "/compare/matrix",
        {"theme": "age-assurance", "jurisdictions": "GB,FR", "date": DATE},
    ),
    "listPenalties": ("GET", "/penalties", {"law": "eu-dsa", "limit": 2}),
    "listProviders": ("GET", "/providers", {"limit": 2}),
    "getProvider": ("GET", "/providers/provider-tiktok", {}),
    "providerDuties": ("GET", "/providers/provider-tiktok/duties", {"jurisdiction": "FR", "date": DATE}),
    "getTimeline": ("GET", "/timeline", {"from": "2025-01-01", "to": "2025-12-31", "jurisdiction": "GB"}),
    "listEnforcementActions": ("GET", "/enforcement", {"status": "fine", "limit": 2}),
    "listCooperationEvents": ("GET", "/cooperation", {"limit": 2}),
    "getHealth": ("GET", "/health", {}),
    "search": ("GET", "/search", {"q": "age verification", "type": "duty", "limit": 2}),
    "diffDuties": (
        "GET",
        "/diff",
        {"jurisdiction": "GB", "from": "2025-03-01", "to": "2025-08-01", "service": "gb-user-to-user-service"},
    ),
}
# the feeds: operationId -> (path, query parameters, media type), recorded as text (JSON Feed as JSON)
FEEDS: dict[str, tuple[str, dict[str, Any], str]] = {
    "changesAtom": (
        "/changes.atom",
        {"jurisdiction": "GB", "from": "2025-07-01", "to": "2025-07-31"},
        "application/atom+xml",
    ),
    "changesJsonFeed": (
        "/changes.json",
        {"jurisdiction": "GB", "from": "2025-07-01", "to": "2025-07-31"},
        "application/feed+json",
    ),
    "deadlinesCalendar": ("/deadlines.ics", {"jurisdiction": "GB", "from": DATE, "to": "2025-12-31"}, "text/calendar"),
}
DUMPS = {"dumpTurtle": "ttl", "dumpNTriples": "nt", "dumpJsonLd": "jsonld", "dumpTrig": "trig", "dumpOdrl": "odrl.ttl"}


def abridged(value: Any, depth: int = 0) -> Any:
    """Lists cut to two items, recursively; `next`/`prev` links and totals left as answered."""
    if isinstance(value, list):
        return [abridged(v, depth + 1) for v in value[:2]]
    if isinstance(value, dict):
        return {k: abridged(v, depth + 1) for k, v in value.items()}
    return value


def lines(text: str, n: int = 12) -> str:
    kept = text.splitlines()[:n]
    return "\n".join(kept) + ("\n…" if len(text.splitlines()) > n else "")


def record() -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from .app import create_app
    from .settings import Settings

    found: dict[str, Any] = {}
    with TestClient(create_app(Settings())) as client:
        for oid, (method, path, params) in CALLS.items():
            answer = client.request(method, path, params=params)
            answer.raise_for_status()
            found[oid] = {"responses": {"200": {JSON: abridged(answer.json())}}}
        answer = client.post("/assess", json=PROFILE)
        answer.raise_for_status()
        found["assessService"] = {"request": {JSON: PROFILE}, "responses": {"200": {JSON: abridged(answer.json())}}}
        for oid in REGISTERS:  # the same answers as an obligations register
            method, path, params = CALLS.get(oid, ("POST", "/assess", {}))
            csv = client.request(
                method, path, params=params, json=PROFILE if method == "POST" else None, headers={"Accept": "text/csv"}
            )
            found[oid]["responses"]["200"]["text/csv"] = lines(csv.text, 4)
            found[oid]["responses"]["200"][XLSX] = "(an XLSX workbook: the register, and a sheet saying what was asked)"
        for oid, suffix in DUMPS.items():
            answer = client.get(f"/dump.{suffix}")
            media = answer.headers["content-type"].split(";")[0]
            found[oid] = {"responses": {"200": {media: _body(answer, media)}}}
        found["sparqlQuery"] = {"responses": {"200": sparql_answers(client)}}
        found["sparqlQueryPost"] = {
            "request": {"application/sparql-query": QUERY, "application/x-www-form-urlencoded": {"query": QUERY}},
            "responses": {"200": sparql_answers(client)},
        }
        for oid, (path, params, media) in FEEDS.items():
            answer = client.get(path, params=params)
            body = abridged(answer.json()) if media.endswith("json") else lines(answer.text, 30)
            found[oid] = {"responses": {"200": {media: body}}}
        found["getResource"] = {"responses": {"200": resource_answers(client, "/id/ofcom")}}
        found["getOntology"] = {"responses": {"200": resource_answers(client, "/ontology")}}
    return found


def sparql_answers(client: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for media in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv"):
        out[media] = _body(client.get("/sparql", params={"query": QUERY}, headers={"Accept": media}), media)
    out["text/tab-separated-values"] = client.get("/sparql", params={"query": QUERY, "format": "tsv"}).text
    for media in ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"):
        out[media] = _body(client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": media}), media)
    return out


def resource_answers(client: Any, path: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for media in ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "text/html"):
        out[media] = _body(client.get(path, headers={"Accept": media}), media)
    return out


def _body(answer: Any, media: str) -> Any:
    answer.raise_for_status()
    if media.endswith("json"):
        return abridged(answer.json())
    return lines(answer.text)


def main() -> None:
    target = Path(__file__).with_name("openapi_examples.json")
    target.write_text(json.dumps(record(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":
    main()
