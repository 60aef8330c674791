"""Fixtures for the HTTP API tests: the default server's SPARQL URL, and two more servers with other settings.

`http` / `server_url` (tests/conftest.py) are the default server: embedded store, a 3 s SPARQL
time limit, two workers. `tight_server_url` has one worker, room for one query, 20 kB queries
and 50 kB results, set in a TOML file (DUTYGRAPH_SETTINGS_FILE). `remote_server_url` serves the
graph held by a real `oxigraph serve-read-only`. All are real `dutygraph serve` processes.
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


def start_server(env_extra: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """`dutygraph serve` with extra environment, once /health answers (the output is kept for a failure)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {
        **os.environ,
        "DUTYGRAPH_HOST": "127.0.0.1",
        "DUTYGRAPH_PORT": str(port),
        "DUTYGRAPH_LOG_LEVEL": "warning",
        **env_extra,
    }
    binary = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")
    log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server; not a pipe, which could fill
    process = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace")
            raise RuntimeError(f"dutygraph serve exited with {process.returncode}:\n{output[-3000:]}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_server(process)
    raise RuntimeError(f"dutygraph serve at {url} did not answer within 60 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def tight_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = tmp_path_factory.mktemp("settings") / "dutygraph.toml"
    settings.write_text(
        "sparql_workers = 1\nsparql_max_concurrent = 1\nquery_timeout_s = 2.5\nmax_result_bytes = 50000\n"
        "max_query_bytes = 20000\n",
        encoding="utf-8",
    )
    process, url = start_server({"DUTYGRAPH_SETTINGS_FILE": str(settings)})
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def remote_server_url(oxigraph_url: str) -> Iterator[str]:
    process, url = start_server({"DUTYGRAPH_STORE": oxigraph_url, "DUTYGRAPH_QUERY_TIMEOUT_S": "5"})
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def sparql_url(server_url: str) -> str:
    return server_url + "/sparql"
