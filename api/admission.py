"""Admission: how much work one server process takes on, and what it refuses at once.

A process works on at most `max_in_flight` requests; one more is answered 503 with
Retry-After straight away, without touching the app, instead of queueing behind the
others until every client times out. /health is never counted or refused, so it
answers while the REST work is saturated. A request with more than `max_headers`
headers is a 431, a body longer than `max_body_bytes` a 413 (by Content-Length, or
as it arrives when none is given). Header size, the request line and idle
connections are bounded by uvicorn itself (`dutygraph serve` passes the settings).
"""

from __future__ import annotations

import json
from typing import Any

from dutygraph.graph.errors import DOCS
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .settings import Settings

UNCOUNTED = frozenset({"/health"})


class Admission:
    """ASGI middleware, outermost: counts the requests in flight and refuses the excess cheaply."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.max_in_flight = settings.max_in_flight
        self.retry_after = str(settings.retry_after_s)
        self.max_headers = settings.max_headers
        self.max_body = settings.max_body_bytes
        self.in_flight = 0
        self.refused = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["admission"] = self
        headers = scope["headers"]
        if len(headers) > self.max_headers:
            await _problem(
                send,
                scope,
                431,
                "Request too large",
                "request-too-large",
                f"more request headers than the limit of {self.max_headers} (DUTYGRAPH_MAX_HEADERS)",
            )
            return
        length = next((v for k, v in headers if k == b"content-length"), None)
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _problem(
                send,
                scope,
                413,
                "Request too large",
                "request-too-large",
                f"the request body is over the limit of {self.max_body} bytes (DUTYGRAPH_MAX_BODY_BYTES)",
            )
            return
        if scope["path"] in UNCOUNTED:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            self.refused += 1
            await _problem(
                send,
                scope,
                503,
                "Too many concurrent requests",
                "overloaded",
                f"this server process is answering {self.max_in_flight} requests; retry shortly",
                [(b"retry-after", self.retry_after.encode())],
            )
            return
        self.in_flight += 1
        try:
            await self._bounded(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _bounded(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; a body without Content-Length (chunked) is read here first, up to `max_body` bytes."""
        if not any(k == b"transfer-encoding" for k, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        received = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if received > self.max_body:
                await _problem(
                    send,
                    scope,
                    413,
                    "Request too large",
                    "request-too-large",
                    f"the request body is over the limit of {self.max_body} bytes (DUTYGRAPH_MAX_BODY_BYTES)",
                )
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    def status(self) -> dict[str, int]:
        return {"in_flight": self.in_flight, "max_in_flight": self.max_in_flight, "refused": self.refused}


async def _problem(
    send: Send,
    scope: Scope,
    status: int,
    title: str,
    slug: str,
    detail: str,
    extra_headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """An RFC 9457 document, rendered without the app (so it costs next to nothing)."""
    body: dict[str, Any] = {
        "type": f"{DOCS}#{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": scope["path"],
    }
    data = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(data)).encode()),
        *(extra_headers or []),
    ]
    if status != 503:
        headers.append((b"connection", b"close"))  # what is left of the request is not read
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
