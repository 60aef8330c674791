"""Hostile and oversized queries: refused before they run, or stopped at the time limit, never a 500.

The live server runs with a 3 s SPARQL time limit (tests/conftest.py). Times are only
asserted as generous upper bounds that prove nothing hung.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from problem_checks import assert_problem

TIME_LIMIT_S = 3.0
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture
def listener() -> Iterator[tuple[int, list[object]]]:
    """A loopback port that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    hits: list[object] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                connection, _ = server.accept()
                hits.append(connection)
                connection.close()
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    time.sleep(0.3)  # time for a late connection to arrive before the check below reads `hits`
    done.set()
    thread.join()
    server.close()


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "# a comment first\nDROP GRAPH <https://w3id.org/dutygraph/graph/eu/dsa>",
    ],
)
def test_updates_and_load_are_refused_as_read_only(http: httpx.Client, query: str):
    for response in (
        http.get("/sparql", params={"query": query}),
        http.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}),
    ):
        body = assert_problem(response, 403)
        assert "read-only" in str(body["detail"])


def hidden_service_queries(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ sErViCe SILENT <{url}> {{ ?a ?b ?c }} }} }}",
        f"PREFIX e: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE\te:sparql {{ ?s ?p ?o }} }}",
        # a comment ends at CR as well as LF
        f"SELECT * WHERE {{ ?s ?p ?o # note\rSERVICE <{url}> {{ ?a ?b ?c }} }}",
        # an escaped '#' or quote in a prefixed name starts neither a comment nor a string
        "PREFIX ex: <http://e/> SELECT * WHERE { { ?s ?p ?o } UNION { ?s ?p ex:a\\#b } "
        f"SERVICE <{url}> {{ ?a ?b ?c }} }}",
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ?p ex:a\\'b . SERVICE <{url}> {{ ?a ?b ?c }} BIND('x' AS ?z) }}",
        # `<` as less-than, which a tokeniser can take for the start of an IRI
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'x>')SERVICE <{url}> {{ ?a ?b ?c }} BIND('z' AS ?q) }}",
        f"SELECT * WHERE {{ VALUES ?x {{ <{url}> }} ?s ?p ?o FILTER(1<2)SERVICE?x#>\n {{ ?a ?b ?c }} }}",
    ]


def test_service_is_refused_and_no_connection_is_made(http: httpx.Client, listener: tuple[int, list[object]]):
    port, hits = listener
    for query in hidden_service_queries(port):
        body = assert_problem(http.get("/sparql", params={"query": query}), 400)
        assert "SERVICE" in str(body["detail"]), query
        assert_problem(http.post("/sparql", data={"query": query}), 400)
    assert hits == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }",
    ],
)
def test_from_outside_the_store_is_refused(http: httpx.Client, query: str):
    body = assert_problem(http.get("/sparql", params={"query": query}), 400)
    assert "does not hold" in str(body["detail"])
    assert "https://w3id.org/dutygraph/graph/eu/dsa" in body["valid"]  # type: ignore[operator]


def test_from_loopback_makes_no_connection(http: httpx.Client, listener: tuple[int, list[object]]):
    port, hits = listener
    query = f"SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}"
    assert_problem(http.get("/sparql", params={"query": query}), 400)
    assert hits == []


def test_the_word_service_in_strings_iris_and_comments_is_fine(http: httpx.Client):
    query = (
        "# every online service, FROM the graph\n"
        "SELECT ?s WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l "
        "FILTER(CONTAINS(?l, 'online service')) } LIMIT 3"
    )
    response = http.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"]


def test_a_long_query_is_stopped_with_a_503_while_health_keeps_answering(http: httpx.Client, server_url: str):
    outcome: dict[str, object] = {}

    def run() -> None:
        start = time.monotonic()
        with httpx.Client(base_url=server_url, timeout=60) as client:
            outcome["response"] = client.get("/sparql", params={"query": CROSS_PRODUCT})
        outcome["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=run)
    thread.start()
    health_times = []
    while thread.is_alive():
        start = time.monotonic()
        assert http.get("/health").status_code == 200
        health_times.append(time.monotonic() - start)
        time.sleep(0.25)
    thread.join()
    body = assert_problem(outcome["response"], 503)  # type: ignore[arg-type]
    assert str(TIME_LIMIT_S).rstrip("0").rstrip(".") in str(body["detail"])
    assert float(outcome["seconds"]) < TIME_LIMIT_S + 10  # type: ignore[arg-type]
    assert len(health_times) >= 3 and max(health_times) < 2.0, health_times
    start = time.monotonic()
    assert http.get("/health").status_code == 200
    assert time.monotonic() - start < 2.0
    # the stopped worker is replaced: queries are answered again
    assert http.get("/sparql", params={"query": "ASK {}"}, timeout=60).json()["boolean"] is True


def test_a_megabyte_query_is_refused_with_413(http: httpx.Client):
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_000
    for response in (
        http.post("/sparql", content=huge.encode(), headers={"Content-Type": "application/sparql-query"}),
        http.post("/sparql", data={"query": huge}),
    ):
        body = assert_problem(response, 413)
        assert "limit" in str(body["detail"])


def test_a_malformed_query_reports_the_parser_position(http: httpx.Client):
    body = assert_problem(http.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n"}), 400)
    assert "malformed query" in str(body["detail"])
    assert (body["line"], body["column"]) == (3, 1), body


def test_an_unsupported_accept_is_406_listing_the_offered_types(http: httpx.Client):
    response = http.get(
        "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "application/pdf"}
    )
    body = assert_problem(response, 406)
    assert body["valid"] == [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ]
    assert "application/pdf" in str(body["detail"])
