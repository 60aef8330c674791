"""SPARQL workers die with the server, and a worker that died while idle is never handed a query.

Each test starts its own `dutygraph serve` (it kills processes); worker processes are found
as the server's children in /proc. Waits poll for the state they expect, with generous bounds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
from servers import binary, free_port, start_dutygraph, stop

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (a killed child nobody has reaped yet counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def workers_of(process_pid: int, count: int) -> list[int]:
    """The server's SPARQL worker processes (spawned Python children), once all `count` exist."""
    assert wait_for(lambda: len(_python_children(process_pid)) >= count, 30)
    return _python_children(process_pid)


def _python_children(pid: int) -> list[int]:
    pids = []
    for child in children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing" in cmdline and b"resource_tracker" not in cmdline and running(child):
            pids.append(child)
    return pids


@pytest.fixture
def own_server():  # type: ignore[no-untyped-def]
    process, url = start_dutygraph({"DUTYGRAPH_QUERY_TIMEOUT_S": "20", "DUTYGRAPH_SPARQL_WORKERS": "1"})
    yield process, url
    if process.poll() is None:
        stop(process)


def test_a_busy_worker_dies_when_the_server_is_killed(own_server):  # type: ignore[no-untyped-def]
    process, url = own_server
    (worker,) = workers_of(process.pid, 1)

    def ask() -> None:
        with contextlib.suppress(httpx.HTTPError):  # the server is killed under this request
            httpx.get(url + "/sparql", params={"query": CROSS_PRODUCT}, timeout=60)

    threading.Thread(target=ask, daemon=True).start()
    assert wait_for(lambda: httpx.get(url + "/health").json()["sparql"]["idle"] == 0, 10)  # the query is running
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert wait_for(lambda: not running(worker), 10), f"worker {worker} outlived its server"


def test_a_dead_idle_worker_is_not_counted_idle_and_not_handed_a_query(own_server):  # type: ignore[no-untyped-def]
    process, url = own_server
    (worker,) = workers_of(process.pid, 1)
    assert httpx.get(url + "/health").json()["sparql"]["idle"] == 1
    os.kill(worker, signal.SIGKILL)
    assert wait_for(lambda: not running(worker), 5)
    seen = []
    assert wait_for(lambda: seen.append(httpx.get(url + "/health").json()["sparql"]) or seen[-1]["idle"] == 0, 5), seen
    answer = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.json()["boolean"] is True


def test_the_server_warns_loudly_when_workers_run_without_isolation(tmp_path: Path):
    log = tmp_path / "serve.log"
    port = free_port()
    env = {
        **os.environ,
        "DUTYGRAPH_HOST": "127.0.0.1",
        "DUTYGRAPH_PORT": str(port),
        "DUTYGRAPH_LOG_LEVEL": "warning",
        "DUTYGRAPH_SPARQL_WORKER_ISOLATION": "false",
    }
    with log.open("wb") as out:
        process = subprocess.Popen([binary("dutygraph"), "serve"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:

        def up() -> bool:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        assert wait_for(up, 60), log.read_text(errors="replace")
        assert httpx.get(f"http://127.0.0.1:{port}/health").json()["sparql"]["network_isolated"] is False
        assert "WITHOUT NETWORK ISOLATION" in log.read_text(errors="replace")
    finally:
        stop(process)
