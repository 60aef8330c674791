"""A remote store that stops answering (accepts, then never replies) cannot block cached answers or /health,
and a question that needs the store ends at the configured time limit with a 503, not a hung request.

The store is a real `oxigraph serve-read-only` behind a loopback TCP relay the test can switch to "hang".
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from problem_checks import assert_problem
from servers import start_dutygraph, stop

LOOKUP = "/jurisdictions/FR/duties"
PARAMS = {"service": "eu-online-platform", "date": "2025-01-01"}


class Relay:
    """Forwards loopback connections to `target`; once `hang` is set, new connections are held unanswered."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.hang = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.hang.is_set():
                self.held.append(client)  # read nothing, answer nothing
                continue
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if self.hang.is_set():
                    return  # an open connection goes quiet too
                sink.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        self.listener.close()
        for sock in self.held:
            sock.close()


@pytest.fixture(scope="module")
def relay_and_server(oxigraph_url: str) -> Iterator[tuple[Relay, str]]:
    parts = urlsplit(oxigraph_url)
    relay = Relay((parts.hostname or "127.0.0.1", parts.port or 80))
    store = f"http://127.0.0.1:{relay.port}{parts.path}"
    process, url = start_dutygraph(
        {"DUTYGRAPH_STORE": store, "DUTYGRAPH_QUERY_TIMEOUT_S": "2", "DUTYGRAPH_SPARQL_WORKERS": "1"}
    )
    try:
        yield relay, url
    finally:
        stop(process)
        relay.close()


def test_a_hung_remote_store_blocks_neither_cached_answers_nor_health(relay_and_server: tuple[Relay, str]) -> None:
    relay, url = relay_and_server
    with httpx.Client(base_url=url, timeout=30) as client:
        before = client.get(LOOKUP, params=PARAMS)
        assert before.status_code == 200 and before.json()["duties"]
        relay.hang.set()
        with httpx.Client(base_url=url, timeout=30) as fresh:  # new connections after the store went quiet
            cached = fresh.get(LOOKUP, params=PARAMS)
            assert cached.status_code == 200 and cached.json() == before.json()
            assert fresh.get("/health").status_code in (200, 503)  # it answers: from the probe's last finding
            uncached = fresh.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
            assert_problem(uncached, 503)  # ended by the configured 2 s limit, not the client's 30 s
