"""Session fixtures: the shipped graph in an embedded store, a real `oxigraph serve` holding
the same graph, and a real `dutygraph serve` (uvicorn) on a loopback port.

Servers are real processes reached over HTTP; nothing is mocked. A server that
cannot start fails the tests that need it with its own output, not a hang.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.export import dump
from dutygraph.graph.store import EmbeddedStore, RemoteStore, open_store
from servers import binary, free_port, start, start_dutygraph, stop

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("DUTYGRAPH_TEST_ARTIFACTS", ROOT / "test-artifacts"))


@pytest.fixture(scope="session")
def embedded() -> EmbeddedStore:
    store = open_store()
    assert isinstance(store, EmbeddedStore)
    return store


@pytest.fixture(scope="session")
def catalogue(embedded: EmbeddedStore) -> Catalogue:
    return Catalogue(embedded)


@pytest.fixture(scope="session")
def oxigraph_url(embedded: EmbeddedStore) -> Iterator[str]:
    """A real Oxigraph server (PyPI `oxigraph`) holding the shipped graph, union default graph on."""
    oxigraph = binary("oxigraph")
    if not Path(oxigraph).exists():
        pytest.fail("the `oxigraph` server binary is not installed (pip install oxigraph); .ci/run installs it")
    workdir = Path(tempfile.mkdtemp(prefix="dutygraph-oxigraph-"))
    dataset = workdir / "graph.trig"
    dataset.write_bytes(dump(embedded, "trig"))
    subprocess.run(
        [oxigraph, "load", "--location", str(workdir / "db"), "--file", str(dataset)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    command = [
        oxigraph,
        "serve-read-only",
        "--location",
        str(workdir / "db"),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    process = start(command, f"http://127.0.0.1:{port}/")
    try:
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def remote(oxigraph_url: str) -> RemoteStore:
    return RemoteStore(oxigraph_url)


@pytest.fixture(scope="session")
def remote_catalogue(remote: RemoteStore) -> Catalogue:
    return Catalogue(remote)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """`dutygraph serve` on a loopback port, with a short SPARQL time limit for the hostile-query tests."""
    process, url = start_dutygraph(
        {"DUTYGRAPH_QUERY_TIMEOUT_S": "3", "DUTYGRAPH_SPARQL_WORKERS": "2", "DUTYGRAPH_CORS_ORIGINS": "*"}
    )
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def http(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
