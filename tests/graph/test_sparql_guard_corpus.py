"""The hostile corpus against the guard alone, and ordinary queries that must pass it cheaply.

The corpus (tests/fixtures/sparql-hostile) holds queries on which a tokeniser and the
engine could read SERVICE, FROM or an update differently; each must be refused with the
status its manifest gives. The shipped queries (graph/queries, examples) must all pass,
comments and all, without the guard importing a second parser.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from dutygraph.graph.errors import DutygraphError
from dutygraph.graph.sparql import inspect_query

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "sparql-hostile"
GRAPHS = {"https://w3id.org/dutygraph/graph/eu/dsa"}


def corpus() -> list[tuple[str, int, str]]:
    rows = []
    for line in (CORPUS / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, status, detail = line.split("\t")
            rows.append((name, int(status), detail))
    return rows


def load(name: str, port: int = 9) -> str:
    return (CORPUS / name).read_text(encoding="utf-8").replace("{PORT}", str(port))


def test_every_corpus_file_is_listed():
    assert sorted(p.name for p in CORPUS.glob("*.rq")) == sorted(name for name, _, _ in corpus())


@pytest.mark.parametrize(("name", "status", "detail"), corpus())
def test_the_guard_refuses_each_hostile_query(name: str, status: int, detail: str):
    with pytest.raises(DutygraphError) as caught:
        inspect_query(load(name), GRAPHS)
    assert caught.value.status == status, caught.value.detail
    assert detail.lower() in caught.value.detail.lower(), caught.value.detail


SHIPPED = sorted([*(ROOT / "graph" / "queries").glob("*.rq"), *(ROOT / "examples").glob("*.rq")])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_queries_with_their_comments_pass(path: Path):
    assert inspect_query(path.read_text(encoding="utf-8"), None).form in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


@pytest.mark.parametrize(
    "query",
    [
        "# every service, from the graph\nSELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o<3&&?o>1) }",  # `<3&&?o>` looks like an IRI; nothing to hide
        "PREFIX service: <http://x/> SELECT ?service ?from WHERE { ?service service:p ?from }",
        "SELECT * WHERE { VALUES (?a ?b) { (<http://a> <http://b>) } ?a ?p ?b }",
        "SELECT * WHERE { ?s <http://www.w3.org/ns/sparql-service-description#endpoint> ?o }",
        "SELECT ?x WHERE { BIND('SERVICE <http://x/> { } FROM <file:///etc/passwd>' AS ?x) }",
        'SELECT ?x WHERE { BIND("""a long string, from here\nto there""" AS ?x) }',
    ],
)
def test_ordinary_queries_pass(query: str):
    assert inspect_query(query, GRAPHS).form == "SELECT"


def test_a_comment_saying_from_does_not_need_a_second_parser():
    """The rdflib parse (~50 ms) used to run whenever a comment said "from"; the verdict needs no other parser."""
    query = (ROOT / "graph" / "queries" / "applicable_duties.rq").read_text(encoding="utf-8")
    assert "from" in query.lower()
    script = (
        "import sys; from dutygraph.graph.sparql import inspect_query; "
        f"inspect_query({query!r}, None); print('rdflib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_repeated_query_is_judged_once():
    from dutygraph.graph import sparql_guard

    query = "# from a comment\nSELECT * WHERE { ?s ?p ?o } LIMIT 7"
    inspect_query(query, GRAPHS)
    before = sparql_guard.verdict.cache_info().hits
    inspect_query(query, GRAPHS)
    assert sparql_guard.verdict.cache_info().hits == before + 1
