"""Fixtures for the HTTP API tests: the default server's SPARQL URL, and two more servers with other settings.

`http` / `server_url` (tests/conftest.py) are the default server: embedded store, a 3 s SPARQL
time limit, two workers. `tight_server_url` has one worker, room for one query, 20 kB queries
and 50 kB results, set in a TOML file (DUTYGRAPH_SETTINGS_FILE). `remote_server_url` serves the
graph held by a real `oxigraph serve-read-only`. All are real `dutygraph serve` processes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from servers import start_dutygraph, stop


@pytest.fixture(scope="session")
def tight_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = tmp_path_factory.mktemp("settings") / "dutygraph.toml"
    settings.write_text(
        "sparql_workers = 1\nsparql_max_concurrent = 1\nquery_timeout_s = 2.5\nmax_result_bytes = 50000\n"
        "max_query_bytes = 20000\n",
        encoding="utf-8",
    )
    process, url = start_dutygraph({"DUTYGRAPH_SETTINGS_FILE": str(settings)})
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def remote_server_url(oxigraph_url: str) -> Iterator[str]:
    process, url = start_dutygraph({"DUTYGRAPH_STORE": oxigraph_url, "DUTYGRAPH_QUERY_TIMEOUT_S": "5"})
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def sparql_url(server_url: str) -> str:
    return server_url + "/sparql"


@pytest.fixture(scope="session")
def unisolated_server_url() -> Iterator[str]:
    """The default server with worker network isolation off: the guard alone stands between a query and the net."""
    process, url = start_dutygraph({"DUTYGRAPH_QUERY_TIMEOUT_S": "3", "DUTYGRAPH_SPARQL_WORKER_ISOLATION": "false"})
    try:
        yield url
    finally:
        stop(process)
