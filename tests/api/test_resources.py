"""Dereferenceable IRIs: /id/{slug} and /ontology in Turtle, JSON-LD, N-Triples and HTML."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest
from problem_checks import assert_problem

DG = "https://w3id.org/dutygraph/ontology#"
ART28 = "https://w3id.org/dutygraph/id/duty-eu-dsa-art28-1"


def test_an_iri_resolves_to_turtle_by_default(http: httpx.Client):
    response = http.get("/id/duty-eu-dsa-art28-1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert "Accept" in response.headers["vary"]
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    about = {(t.predicate.value, str(t.object)) for t in triples if t.subject.value == ART28}
    assert (DG + "bearer", "<https://w3id.org/dutygraph/id/eu-online-platform>") in about
    assert ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"<{DG}Duty>") in about
    assert any(p == "http://www.w3.org/2004/02/skos/core#prefLabel" and o.endswith("@fr") for p, o in about)
    # and what points at it
    assert any(t.object == ox.NamedNode(ART28) for t in triples)


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_an_iri_resolves_to_other_rdf_formats(http: httpx.Client, accept: str, media: str, fmt: ox.RdfFormat):
    response = http.get("/id/ofcom", headers={"Accept": accept})
    assert response.headers["content-type"].split(";")[0] == media
    subjects = {t.subject.value for t in ox.parse(response.content, format=fmt)}
    assert "https://w3id.org/dutygraph/id/ofcom" in subjects


def test_json_ld_is_also_given_for_format_jsonld(http: httpx.Client):
    response = http.get("/id/ofcom", params={"format": "jsonld"}, headers={"Accept": "text/html"})
    assert response.headers["content-type"] == "application/ld+json"
    assert any(node.get("@id") == "https://w3id.org/dutygraph/id/ofcom" for node in json.loads(response.content))


def test_browsers_get_an_html_page_with_labels_and_local_links(http: httpx.Client):
    response = http.get("/id/duty-eu-dsa-art28-1", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>Ensure a high level of privacy, safety and security of minors</h1>" in page
    assert 'href="/id/eu-online-platform"' in page  # a neighbour, resolved on this server
    assert 'href="http://data.europa.eu/eli/reg/2022/2065/art_28/oj"' in page  # the official source
    french = http.get("/id/duty-eu-dsa-art28-1", params={"lang": "fr"}, headers={"Accept": "text/html"})
    assert '<html lang="fr">' in french.text and "Garantir un niveau élevé" in french.text


def test_an_iri_the_graph_does_not_hold_is_404(http: httpx.Client):
    assert_problem(http.get("/id/nothing-here"), 404)
    page = http.get("/id/nothing-here", headers={"Accept": "text/html"})  # a browser gets a page (issue 13)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "nothing-here" in page.text


def test_an_unacceptable_type_is_406(http: httpx.Client):
    body = assert_problem(http.get("/id/ofcom", headers={"Accept": "image/png"}), 406)
    assert "text/html" in body["valid"]  # type: ignore[operator]


def test_the_ontology_resolves_with_its_schemes(http: httpx.Client):
    response = http.get("/ontology")
    assert response.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    subjects = {t.subject.value for t in triples}
    assert {DG + "Duty", DG + "appliesIn", "https://w3id.org/dutygraph/id/eu-online-platform"} <= subjects
    assert not any(s.startswith("https://w3id.org/dutygraph/id/duty-") for s in subjects)  # no data
    html = http.get("/ontology", headers={"Accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
