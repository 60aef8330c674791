"""Session fixtures: the shipped graph in an embedded store, a real `oxigraph serve` holding
the same graph, and a real `dutygraph serve` (uvicorn) on a loopback port.

Servers are real processes reached over HTTP; nothing is mocked. A server that
cannot start fails the tests that need it with its own output, not a hang.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.export import dump
from dutygraph.graph.store import EmbeddedStore, RemoteStore, open_store

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("DUTYGRAPH_TEST_ARTIFACTS", ROOT / "test-artifacts"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}:\n{out[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server at {url} did not answer within {timeout_s}s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.fail("the `oxigraph` server binary is not installed (pip install oxigraph); .ci/run installs it")
    workdir = Path(tempfile.mkdtemp(prefix="dutygraph-oxigraph-"))
    dataset = workdir / "graph.trig"
    dataset.write_bytes(dump(embedded, "trig"))
    subprocess.run(
        [binary, "load", "--location", str(workdir / "db"), "--file", str(dataset)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve-read-only",
            "--location",
            str(workdir / "db"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        yield url
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
    port = free_port()
    env = {
        **os.environ,
        "DUTYGRAPH_PORT": str(port),
        "DUTYGRAPH_HOST": "127.0.0.1",
        "DUTYGRAPH_QUERY_TIMEOUT_S": "3",
        "DUTYGRAPH_SPARQL_WORKERS": "2",
        "DUTYGRAPH_CORS_ORIGINS": "*",
        "DUTYGRAPH_LOG_LEVEL": "warning",
    }
    binary = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")
    process = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/health", process)
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
