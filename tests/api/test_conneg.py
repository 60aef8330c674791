"""Content negotiation as a table of real clients' Accept headers, and the same over HTTP."""

from __future__ import annotations

import httpx
import pytest
from dutygraph.api.conneg import GRAPHS, RESOURCE, RESULTS, negotiate, negotiate_language
from problem_checks import assert_problem

JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"
CSV, TSV = "text/csv", "text/tab-separated-values"
TTL, NT, JSONLD, RDFXML = "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"

FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROME = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)
SPARQLWRAPPER_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SPARQLWRAPPER_N3 = "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3"
RDFLIB_SPARQLSTORE = "application/rdf+xml, application/sparql-results+xml"
COMUNICA = "application/sparql-results+json;q=1.0,application/sparql-results+xml;q=0.7"
COMUNICA_RDF = (
    "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,application/n-triples;q=0.8,"
    "text/turtle;q=0.6,application/rdf+xml;q=0.5,text/n3;q=0.4,text/html;q=0.2,application/xhtml+xml;q=0.18"
)
YASGUI = "application/sparql-results+json,*/*;q=0.9"

# (who, Accept, SELECT/ASK result type, CONSTRUCT/DESCRIBE result type); None: 406
CASES = [
    ("no Accept", None, JSON, TTL),
    ("curl", "*/*", JSON, TTL),
    ("Firefox", FIREFOX, XML, RDFXML),  # application/xml;q=0.9 beats */*;q=0.8
    ("Chrome", CHROME, XML, RDFXML),
    ("SPARQLWrapper JSON", SPARQLWRAPPER_JSON, JSON, JSONLD),  # application/json names JSON-LD for graphs
    ("SPARQLWrapper XML", XML, XML, None),
    ("SPARQLWrapper CSV", CSV, CSV, None),
    ("SPARQLWrapper TSV", TSV, TSV, None),
    ("SPARQLWrapper Turtle", "application/turtle,text/turtle", None, TTL),
    ("SPARQLWrapper N3", SPARQLWRAPPER_N3, None, TTL),
    ("SPARQLWrapper RDF/XML", RDFXML, None, RDFXML),
    ("SPARQLWrapper JSON-LD", "application/ld+json,application/x-json+ld", None, JSONLD),
    ("rdflib SPARQLStore", RDFLIB_SPARQLSTORE, XML, RDFXML),
    ("Comunica", COMUNICA, JSON, None),
    ("Comunica RDF", COMUNICA_RDF, None, JSONLD),
    ("YASGUI", YASGUI, JSON, TTL),
    ("a wildcard subtype", "text/*", CSV, TTL),
    ("specific beats a wildcard of equal q", "text/csv, */*", CSV, TTL),
    ("q=0 excludes", "application/sparql-results+json;q=0, */*;q=0.5", XML, TTL),
    ("case and parameters", "TEXT/CSV; charset=utf-8", CSV, None),
    ("a malformed q is skipped", "text/csv;q=high, application/sparql-results+xml;q=0.5", XML, None),
    ("junk only", ";;, ,/", JSON, TTL),
    ("an image", "image/png", None, None),
]


@pytest.mark.parametrize(("who", "accept", "results", "graph"), CASES, ids=[c[0] for c in CASES])
def test_accept_headers_of_real_clients(who: str, accept: str | None, results: str | None, graph: str | None):
    chosen_results = negotiate(accept, RESULTS)
    chosen_graph = negotiate(accept, GRAPHS)
    assert (chosen_results.media_type if chosen_results else None) == results
    assert (chosen_graph.media_type if chosen_graph else None) == graph


@pytest.mark.parametrize(
    ("formats", "results", "graph"),
    [
        (["json", "json", "json"], JSON, JSONLD),  # SPARQLWrapper sends format, output and results
        (["xml"], XML, RDFXML),
        (["tsv", TSV], TSV, None),
        (["json-ld", JSONLD], None, JSONLD),
        (["turtle"], None, TTL),
        (["csv"], CSV, None),
        (["html"], None, None),
    ],
)
def test_format_parameters_override_accept(formats: list[str], results: str | None, graph: str | None):
    chosen_results = negotiate(FIREFOX, RESULTS, formats)
    chosen_graph = negotiate(FIREFOX, GRAPHS, formats)
    assert (chosen_results.media_type if chosen_results else None) == results
    assert (chosen_graph.media_type if chosen_graph else None) == graph


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, TTL),
        ("*/*", TTL),
        (FIREFOX, "text/html"),
        (CHROME, "text/html"),
        (JSONLD, JSONLD),
        ("text/turtle;q=0.5, text/html;q=0.4", TTL),
    ],
)
def test_resources_give_browsers_html_and_everyone_else_data(accept: str | None, expected: str):
    offer = negotiate(accept, RESOURCE)
    assert offer is not None and offer.media_type == expected


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "en"),
        ("fr", "fr"),
        ("fr-CA,fr;q=0.9,en;q=0.8", "fr"),
        ("en-GB,fr;q=0.9", "en"),
        ("de,fr;q=0.5", "fr"),
        ("*", "en"),
        ("fr;q=0,en;q=0.1", "en"),
        ("fr;q=x", "en"),
    ],
)
def test_accept_language(header: str | None, lang: str):
    assert negotiate_language(header) == lang


@pytest.mark.parametrize(("who", "accept", "results", "graph"), [c for c in CASES if c[1] is not None][:12])
def test_the_endpoint_answers_with_the_negotiated_type(
    http: httpx.Client, who: str, accept: str, results: str | None, graph: str | None
):
    for query, expected in (
        ("ASK { ?s ?p ?o }", results),
        ("CONSTRUCT WHERE { ?s a <https://w3id.org/dutygraph/ontology#Regulator> }", graph),
    ):
        response = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
        if expected is None:
            body = assert_problem(response, 406)
            assert body["valid"] and all(isinstance(v, str) for v in body["valid"])  # type: ignore[union-attr]
        else:
            assert response.status_code == 200, response.text
            assert response.headers["content-type"].split(";")[0] == expected
            assert "Accept" in response.headers["vary"]
