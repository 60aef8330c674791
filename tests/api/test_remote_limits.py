"""Remote-store mode keeps the embedded promises: no broken 200, a hung store answers 503 in time.

Each test starts its own `oxigraph serve-read-only` (with `--timeout-s`, as api/README.md says
to run it) and `dutygraph serve` in front of it; a `HangingProxy` between them stands for a
store that stops answering. Times are only checked against generous upper bounds.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from dutygraph.graph.export import dump
from dutygraph.graph.store import EmbeddedStore
from listeners import HangingProxy
from problem_checks import assert_problem
from servers import binary, free_port, start, start_dutygraph, stop

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
STREAMING = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 50 million rows: the store starts sending at once


def oxigraph(embedded: EmbeddedStore, timeout_s: int) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    workdir = Path(tempfile.mkdtemp(prefix="dutygraph-oxigraph-limits-"))
    (workdir / "graph.trig").write_bytes(dump(embedded, "trig"))
    command = [binary("oxigraph"), "load", "--location", str(workdir / "db"), "--file", str(workdir / "graph.trig")]
    subprocess.run(command, check=True, capture_output=True)
    port = free_port()
    process = start(
        [
            binary("oxigraph"),
            "serve-read-only",
            "--location",
            str(workdir / "db"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            "--timeout-s",
            str(timeout_s),
        ],
        f"http://127.0.0.1:{port}/",
    )
    try:
        yield process, port
    finally:
        stop(process)


@pytest.fixture
def slow_store_fast_limit(embedded: EmbeddedStore) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Oxigraph stopping queries at 1 s, behind a dutygraph that would wait 20 s for a result."""
    for process, port in oxigraph(embedded, 1):
        server, url = start_dutygraph(
            {
                "DUTYGRAPH_STORE": f"http://127.0.0.1:{port}/query",
                "DUTYGRAPH_QUERY_TIMEOUT_S": "20",
                "DUTYGRAPH_MAX_RESULT_BYTES": "1000000000",
            }
        )
        try:
            yield process, url
        finally:
            stop(server)


def test_a_result_the_store_cut_short_is_a_503_not_a_broken_200(slow_store_fast_limit):  # type: ignore[no-untyped-def]
    _, url = slow_store_fast_limit
    response = httpx.post(
        url + "/sparql", content=STREAMING.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=60
    )
    body = assert_problem(response, 503)
    assert "store" in str(body["detail"])


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@pytest.fixture
def store_with_limit(embedded: EmbeddedStore) -> Iterator[tuple[subprocess.Popen[bytes], HangingProxy, str]]:
    """Oxigraph with the same 2 s limit as dutygraph, reached through a proxy the test can make hang."""
    for process, port in oxigraph(embedded, 2):
        proxy = HangingProxy(("127.0.0.1", port))
        server, url = start_dutygraph(
            {
                "DUTYGRAPH_STORE": f"http://127.0.0.1:{proxy.port}/query",
                "DUTYGRAPH_QUERY_TIMEOUT_S": "2",
                "DUTYGRAPH_MAX_RESULT_BYTES": "1000000000",
            }
        )
        try:
            yield process, proxy, url
        finally:
            stop(server)
            proxy.close()


def test_the_store_stops_a_query_when_the_limit_passes(store_with_limit):  # type: ignore[no-untyped-def]
    """Oxigraph checks its limit as it produces rows: a streaming query stops with the client's 503.

    (A COUNT over a cross product produces no row until it ends, and Oxigraph 0.5 may run it far
    past `--timeout-s`: api/README.md says so; nothing on this side can stop it.)
    """
    process, _, url = store_with_limit
    response = httpx.get(url + "/sparql", params={"query": STREAMING}, timeout=60)
    assert_problem(response, 503)
    # the store is not left running the query: its CPU time stops growing within a few seconds
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        before = cpu_ticks(process.pid)
        time.sleep(0.5)
        if cpu_ticks(process.pid) - before <= 5:  # 5 ticks in 0.5 s: idle, not a query at full speed
            break
    else:
        pytest.fail("oxigraph kept running the query after dutygraph answered 503")


def test_a_hung_store_answers_503_in_time_while_health_and_cached_answers_keep_answering(store_with_limit):  # type: ignore[no-untyped-def]
    _, proxy, url = store_with_limit
    cached = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    first = httpx.get(url + "/sparql", params={"query": cached}, timeout=30)
    assert first.status_code == 200
    proxy.hang()
    start_time = time.monotonic()
    response = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p 'never asked before' }"}, timeout=60)
    assert_problem(response, 503)
    assert time.monotonic() - start_time < 2 + 3
    start_time = time.monotonic()
    lookup = httpx.get(url + "/jurisdictions/IE/duties", params={"date": "2024-03-01"}, timeout=60)
    assert_problem(lookup, 503)
    assert time.monotonic() - start_time < 2 + 3
    start_time = time.monotonic()
    health = httpx.get(url + "/health", timeout=30)
    assert health.status_code in (200, 503) and time.monotonic() - start_time < 3 + 1
    again = httpx.get(url + "/sparql", params={"query": cached}, timeout=30)
    assert again.status_code == 200 and again.content == first.content
