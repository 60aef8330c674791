"""Remote-store mode: the same API over a real `oxigraph serve-read-only`, queries checked here, run there."""

from __future__ import annotations

import httpx
from problem_checks import assert_problem


def test_health_names_the_remote_store(remote_server_url: str, oxigraph_url: str):
    health = httpx.get(remote_server_url + "/health").json()
    assert health["store"] == f"SPARQL endpoint {oxigraph_url}" and health["triples"] > 1000


def test_the_lookup_gives_the_same_duties_as_the_embedded_store(remote_server_url: str, http: httpx.Client):
    params = {"service": "eu-online-platform", "condition": "accessible-to-minors", "date": "2025-06-01"}
    remote = httpx.get(remote_server_url + "/jurisdictions/FR/duties", params=params, timeout=30).json()
    embedded = http.get("/jurisdictions/FR/duties", params=params).json()
    assert [d["id"] for d in remote["duties"]] == [d["id"] for d in embedded["duties"]]
    assert "duty-eu-dsa-art28-1" in {d["id"] for d in remote["duties"]}


def test_sparql_is_forwarded_after_the_same_checks(remote_server_url: str):
    sparql = remote_server_url + "/sparql"
    count = httpx.get(sparql, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, timeout=30)
    assert count.status_code == 200 and int(count.json()["results"]["bindings"][0]["n"]["value"]) > 1000
    xml = httpx.post(sparql, data={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+xml"})
    assert xml.headers["content-type"].startswith("application/sparql-results+xml") and b"true" in xml.content
    assert_problem(httpx.get(sparql, params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}), 400)
    assert_problem(httpx.get(sparql, params={"query": "LOAD <http://127.0.0.1:9/x>"}), 403)
    assert_problem(httpx.get(sparql, params={"query": "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"}), 400)
    assert_problem(httpx.get(sparql, params={"query": "SELECT * WHERE { ?s ?p"}), 400)
