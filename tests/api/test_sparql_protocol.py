"""The SPARQL 1.1 Protocol with real clients (SPARQLWrapper, rdflib's SPARQLStore) and plain HTTP."""

from __future__ import annotations

import warnings

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from problem_checks import assert_problem
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

DG = "https://w3id.org/dutygraph/ontology#"
DSA_GRAPH = "https://w3id.org/dutygraph/graph/eu/dsa"
REGULATORS = f"SELECT ?r WHERE {{ ?r a <{DG}Regulator> }} ORDER BY ?r"
ART28 = "https://w3id.org/dutygraph/id/duty-eu-dsa-art28-1"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_select(sparql_url: str, method: str, fmt: str):
    client = SPARQLWrapper(sparql_url)
    client.setMethod(method)
    client.setReturnFormat(fmt)
    client.setQuery(REGULATORS)
    result = client.queryAndConvert()
    if fmt == JSON:
        found = [b["r"]["value"] for b in result["results"]["bindings"]]  # type: ignore[index]
    else:
        found = [n.firstChild.firstChild.nodeValue for n in result.getElementsByTagName("binding")]  # type: ignore[union-attr]
    assert "https://w3id.org/dutygraph/id/ofcom" in found and found == sorted(found)


def test_sparqlwrapper_ask_and_construct(sparql_url: str):
    client = SPARQLWrapper(sparql_url)
    client.setReturnFormat(JSON)
    client.setQuery(f"ASK {{ <{ART28}> a <{DG}Duty> }}")
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]
    client.setReturnFormat(TURTLE)
    client.setQuery(f"CONSTRUCT WHERE {{ <{ART28}> ?p ?o }}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SPARQLWrapper warns that it returns Turtle as bytes
        body = client.queryAndConvert()
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value == DG + "bearer" for t in triples)


def test_sparqlwrapper_csv_over_post(sparql_url: str):
    client = SPARQLWrapper(sparql_url)
    client.setMethod(POST)
    client.setReturnFormat(CSV)
    client.setQuery(REGULATORS + " LIMIT 2")
    lines = client.queryAndConvert().decode().splitlines()  # type: ignore[union-attr]
    assert lines[0] == "r" and len(lines) == 3


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_rdflib_sparqlstore_reads_the_graph(sparql_url: str, method: str):
    """rdflib asks for XML results, prepends its ~30 PREFIX lines and POSTs application/sparql-query."""
    graph = rdflib.Graph(SPARQLStore(sparql_url, method=method, returnFormat="xml"))
    rows = list(graph.query(f"SELECT ?label WHERE {{ <{ART28}> skos:prefLabel ?label FILTER(LANG(?label) = 'fr') }}"))
    assert str(rows[0][0]).startswith("Garantir un niveau élevé")
    assert graph.query(f"ASK {{ <{ART28}> ?p ?o }}").askAnswer is True
    assert (rdflib.URIRef(ART28), rdflib.RDF.type, rdflib.URIRef(DG + "Duty")) in graph


def test_post_direct_and_form_give_the_same_answer(http: httpx.Client):
    direct = http.post("/sparql", content=REGULATORS.encode(), headers={"Content-Type": "application/sparql-query"})
    form = http.post("/sparql", data={"query": REGULATORS})
    get = http.get("/sparql", params={"query": REGULATORS})
    assert direct.status_code == form.status_code == get.status_code == 200
    assert direct.json() == form.json() == get.json()


def test_the_trailing_slash_form_is_served_too(http: httpx.Client):
    assert http.get("/sparql/", params={"query": "ASK {}"}).json() == {"head": {}, "boolean": True}
    assert http.post("/sparql/", data={"query": "ASK {}"}).json()["boolean"] is True


def test_default_graph_uri_narrows_the_dataset(http: httpx.Client):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/dutygraph/ontology#Duty> }"

    def duties(**params: object) -> int:
        response = http.get("/sparql", params={"query": count, **params})
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    everything, dsa = duties(), duties(**{"default-graph-uri": DSA_GRAPH})
    assert 0 < dsa < everything
    assert duties(**{"named-graph-uri": DSA_GRAPH}) == 0  # named graphs only: the default graph is empty
    named = http.get(
        "/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": DSA_GRAPH}
    ).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [DSA_GRAPH]


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("graph", ["http://127.0.0.1:9/data.ttl", "file:///etc/passwd", "not an iri"])
def test_graph_parameters_outside_the_store_are_refused(http: httpx.Client, parameter: str, graph: str):
    body = assert_problem(http.get("/sparql", params={"query": "ASK {}", parameter: graph}), 400)
    assert parameter in str(body["detail"])


def test_without_a_query_clients_get_a_service_description(http: httpx.Client):
    response = http.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = [t.object.value for t in triples if t.predicate.value == sd + "endpoint"]
    assert endpoints == [str(http.base_url).rstrip("/") + "/sparql"]
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert DSA_GRAPH in names
    jsonld = http.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json"


def test_browsers_without_a_query_go_to_the_editor(http: httpx.Client):
    response = http.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 303 and response.headers["location"] == "/explore/sparql"


def test_other_post_content_types_are_415(http: httpx.Client):
    body = assert_problem(http.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415)
    assert "application/sparql-query" in body["valid"]  # type: ignore[operator]
    assert_problem(http.post("/sparql", content=b"ASK {}"), 415)


def test_update_requests_are_read_only(http: httpx.Client):
    update = b"INSERT DATA { <http://a> <http://b> <http://c> }"
    assert_problem(http.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}), 403)
    assert_problem(http.post("/sparql", data={"update": update.decode()}), 403)


def test_two_queries_or_non_utf8_text_are_refused(http: httpx.Client):
    assert_problem(http.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]), 400)
    body = assert_problem(
        http.post(
            "/sparql",
            content="ASK { ?s ?p 'é' }".encode("latin-1"),
            headers={"Content-Type": "application/sparql-query"},
        ),
        400,
    )
    assert "UTF-8" in str(body["detail"])


def test_cors_lets_browser_clients_read_results(http: httpx.Client):
    response = http.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    preflight = http.options(
        "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_large_results_arrive_whole_from_every_worker(http: httpx.Client):
    """Results bigger than a pipe buffer, several times so that each worker answers at least once."""
    query = "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 4000"
    bodies = []
    for _ in range(4):
        response = http.get("/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"})
        assert response.status_code == 200, response.text[:300]
        bodies.append(response.content)
    assert len(bodies[0]) > 200_000 and len(set(bodies)) == 1
    assert bodies[0].count(b"\n") == 4001
