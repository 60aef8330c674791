"""The hostile corpus against the real servers: embedded (isolation on and off) and remote.

Each query must get the 4xx problem document its manifest names, and a loopback listener
started here must receive nothing: not from a SPARQL worker, nor from `oxigraph serve`
running the query in remote-store mode. With isolation off and in remote mode only the
guard stands in the way, so these are the runs that prove it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from listeners import Recorder
from problem_checks import assert_problem

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "sparql-hostile"
UNWRITABLE = ROOT / "tests" / "fixtures" / "sparql-unwritable"


def manifest(folder: Path) -> list[list[str]]:
    lines = (folder / "expected.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    listener = Recorder()
    yield listener
    listener.close()


@pytest.fixture(params=["embedded", "embedded-unisolated", "remote"])
def sparql_endpoint(request: pytest.FixtureRequest) -> str:
    fixture = {"embedded": "server_url", "embedded-unisolated": "unisolated_server_url", "remote": "remote_server_url"}
    return str(request.getfixturevalue(fixture[request.param])) + "/sparql"


def test_no_corpus_query_reaches_the_listener(sparql_endpoint: str, recorder: Recorder):
    wrong = []
    with httpx.Client(timeout=30) as client:
        for name, status, detail in manifest(CORPUS):
            query = (CORPUS / name).read_text(encoding="utf-8").replace("{PORT}", str(recorder.port))
            for response in (
                client.post(
                    sparql_endpoint, content=query.encode(), headers={"Content-Type": "application/sparql-query"}
                ),
                client.post(sparql_endpoint, data={"query": query}),
            ):
                if response.status_code != int(status) or detail.lower() not in response.text.lower():
                    wrong.append(f"{name}: {response.status_code} {response.text[:200]}")
                    continue
                assert_problem(response, int(status))
    # a late connection (a worker still running a query) would show up by now: the last answers came back
    assert recorder.received == [], recorder.received
    assert wrong == []


@pytest.mark.parametrize(("name", "accept", "status", "detail"), manifest(UNWRITABLE))
def test_results_xml_cannot_write_are_refused_naming_the_term(
    sparql_endpoint: str, name: str, accept: str, status: str, detail: str
):
    query = (UNWRITABLE / name).read_text(encoding="utf-8")
    response = httpx.post(
        sparql_endpoint,
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
        timeout=30,
    )
    body = assert_problem(response, int(status))
    assert detail in str(body["detail"]), body
    # the same result in a format that can hold it is served
    other = "text/turtle" if accept == "application/rdf+xml" else "application/sparql-results+json"
    fine = httpx.post(
        sparql_endpoint,
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": other},
        timeout=30,
    )
    assert fine.status_code == 200, fine.text
