"""HEAD wherever GET is: the request runs as a GET and its body is dropped (RFC 9110 §9.3.2).

FastAPI, unlike Starlette, does not add HEAD to its GET routes, so lists, pages and
/sparql answered HEAD with 405. This middleware answers HEAD with exactly the GET's
status and headers (Content-Length included), whichever route serves it; a path with
no GET still gets its 405, whose Allow then names the methods it has.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
