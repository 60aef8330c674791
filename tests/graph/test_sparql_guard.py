"""The read-only, no-egress guard in front of free SPARQL."""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest
from dutygraph.graph.errors import QueryRejected, ResultTooLarge, UnsupportedQueryForm
from dutygraph.graph.sparql import execute, inspect_query

GRAPHS = {"https://w3id.org/dutygraph/graph/eu/dsa"}


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "  # comment\n  clear all",
        "DROP GRAPH <http://x>",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_as_read_only(query):
    with pytest.raises(UnsupportedQueryForm) as caught:
        inspect_query(query, GRAPHS)
    assert caught.value.status == 403


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { OPTIONAL { sErViCe   <http://x/> { ?s ?p ?o } } }",
        "SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }",
        "PREFIX e: <http://evil/> SELECT * WHERE {\nSERVICE\te:x { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE#comment\n<http://x/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(query):
    with pytest.raises(QueryRejected) as caught:
        inspect_query(query, GRAPHS)
    assert "SERVICE" in caught.value.detail


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service ?p "SERVICE <http://x/>" }',
        "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }",
        "SELECT * WHERE { ?s <http://x/SERVICE> ?o } # SERVICE in a comment",
    ],
)
def test_the_word_service_elsewhere_is_fine(query):
    assert inspect_query(query, GRAPHS).form == "SELECT"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://127.0.0.1:9/x.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }",
    ],
)
def test_from_outside_the_store_is_refused(query):
    with pytest.raises(QueryRejected) as caught:
        inspect_query(query, GRAPHS)
    assert "does not hold" in caught.value.detail


def test_from_a_graph_of_the_store_is_allowed(embedded):
    graphs = {g.value for g in embedded.ox.named_graphs()}
    body, media, form = execute(
        embedded.ox,
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/dutygraph/graph/eu/dsa> WHERE { ?s ?p ?o }",
        known_graphs=graphs,
    )
    assert form == "SELECT" and media == "application/sparql-results+json" and b'"n"' in body


def test_service_makes_no_outbound_connection(embedded):
    """Even with a listener ready on loopback, a SERVICE query never reaches it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(1.0)
    port = listener.getsockname()[1]
    hits: list[object] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            hits.append(listener.accept())

    thread = threading.Thread(target=accept)
    thread.start()
    with pytest.raises(QueryRejected):
        execute(embedded.ox, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}")
    thread.join()
    listener.close()
    assert hits == []


def test_malformed_query_reports_the_parser_position(embedded):
    with pytest.raises(QueryRejected) as caught:
        execute(embedded.ox, "SELECT * WHERE { ?s ?p ")
    assert "error at 1:" in caught.value.detail


def test_too_long_query_is_refused():
    with pytest.raises(QueryRejected) as caught:
        inspect_query("SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000, GRAPHS, max_bytes=100_000)
    assert "limit" in caught.value.detail


def test_oversized_result_is_an_error_not_a_truncated_body(embedded):
    with pytest.raises(ResultTooLarge):
        execute(embedded.ox, "SELECT * WHERE { ?s ?p ?o }", max_result_bytes=10_000)


@pytest.mark.parametrize(
    ("query", "media"),
    [
        ("ASK { ?s ?p ?o }", "text/csv"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/n-triples"),
        ("DESCRIBE <https://w3id.org/dutygraph/id/ofcom>", "application/ld+json"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 2", "application/sparql-results+xml"),
    ],
)
def test_each_query_form_serialises_in_its_formats(embedded, query, media):
    body, got, _ = execute(embedded.ox, query, media)
    assert got == media and body


def test_construct_cannot_be_given_as_csv(embedded):
    with pytest.raises(QueryRejected) as caught:
        execute(embedded.ox, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")
    assert "text/turtle" in caught.value.detail
