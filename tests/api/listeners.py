"""Loopback listeners the tests start: one that records connections, one that never answers.

Both are real sockets on 127.0.0.1 (no mocks); `Recorder` proves a query made no outbound
request, `HangingProxy` stands for a remote store that stops answering mid-life.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class Recorder:
    """Accepts connections on a free loopback port and keeps the first bytes each one sent."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._done.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(1.0)
                try:
                    self.received.append(connection.recv(4096) or b"(connected, sent nothing)")
                except OSError:
                    self.received.append(b"(connected)")

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        self.server.close()


class HangingProxy:
    """Forwards TCP to `upstream` until `hang()`; from then on accepts and holds connections, answering nothing."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.server = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.server.getsockname()[1]
        self.hanging = threading.Event()
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self) -> None:
        self.hanging.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if self.hanging.is_set():
                self._held.append(client)
                continue
            threading.Thread(target=self._pipe, args=(client,), daemon=True).start()

    def _pipe(self, client: socket.socket) -> None:
        with contextlib.suppress(OSError), client, socket.create_connection(self.upstream) as upstream:

            def copy(src: socket.socket, dst: socket.socket) -> None:
                with contextlib.suppress(OSError):
                    while data := src.recv(65536):
                        if not self.hanging.is_set():  # once hanging, a kept-alive connection goes silent too
                            dst.sendall(data)
                with contextlib.suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)

            back = threading.Thread(target=copy, args=(upstream, client), daemon=True)
            back.start()
            copy(client, upstream)
            back.join()

    def close(self) -> None:
        self.server.close()
        for held in self._held:
            held.close()
