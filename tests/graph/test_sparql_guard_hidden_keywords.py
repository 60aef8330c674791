"""SERVICE and FROM hidden from a tokeniser but not from the engine: CR comments, escaped names, `<` as less-than.

Each query below made pyoxigraph open a connection before the guard was fixed
(checked with a listening socket); now each is refused before it runs.
"""

from __future__ import annotations

import pytest
from dutygraph.graph.errors import QueryRejected
from dutygraph.graph.sparql import inspect_query

GRAPHS = {"https://w3id.org/dutygraph/graph/eu/dsa"}
URL = "http://127.0.0.1:9/sparql"


@pytest.mark.parametrize(
    "query",
    [
        # SPARQL ends a comment at CR as well as LF
        f"SELECT * WHERE {{ ?s ?p ?o # note\rSERVICE <{URL}> {{ ?a ?b ?c }} }}",
        # `\#` and `\'` are escapes inside a prefixed name, not a comment or a string
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ?p ex:a\\#b . SERVICE <{URL}> {{ ?a ?b ?c }} }}",
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ?p ex:a\\'b . SERVICE <{URL}> {{ ?a ?b ?c }} BIND('x' AS ?z) }}",
        # `<` as less-than, read by a tokeniser as an IRI that hides what follows
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'x>')SERVICE <{URL}> {{ ?a ?b ?c }} BIND('z' AS ?q) }}",
        f"SELECT * WHERE {{ VALUES ?x {{ <{URL}> }} ?s ?p ?o FILTER(1<2)SERVICE?x#>\n {{ ?a ?b ?c }} }}",
    ],
)
def test_hidden_service_is_refused(query: str):
    with pytest.raises(QueryRejected) as caught:
        inspect_query(query, GRAPHS)
    assert "SERVICE" in caught.value.detail


def test_hidden_from_is_refused():
    query = "SELECT (?x<'a>' AS ?y) FROM <file:///etc/passwd> WHERE { BIND('b' AS ?x) }"
    with pytest.raises(QueryRejected) as caught:
        inspect_query(query, GRAPHS)
    assert "FROM" in caught.value.detail


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'online service from the EU')) }",
        "# every service category, from the graph\nSELECT * WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s a <http://www.w3.org/ns/sparql-service-description#Service> }",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\#b ?o }",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
    ],
)
def test_legitimate_mentions_pass(query: str):
    assert inspect_query(query, GRAPHS).form == "SELECT"
