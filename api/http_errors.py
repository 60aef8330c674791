"""Errors only HTTP has (406, 413, 415, a stopped worker), in the graph package's hierarchy.

They subclass graph.errors.DutygraphError, so api/problems.py renders every error
the same way. This module imports nothing from FastAPI: the SPARQL worker
processes import it too, and they should start quickly.
"""

from __future__ import annotations

from collections.abc import Iterable

from dutygraph.graph.errors import DutygraphError, InvalidInput


class NotAcceptable(DutygraphError):
    """No media type the client accepts is offered; `valid` lists the offered ones."""

    status, title, slug = 406, "Not acceptable", "not-acceptable"

    def __init__(self, what: str, offered: Iterable[str], asked: str | None) -> None:
        options = list(offered)
        super().__init__(
            f"{what} can be given as {', '.join(options)}; the request accepts none of them (Accept: {asked or '-'})",
            valid=options,
        )


class UnsupportedMediaType(DutygraphError):
    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"


class RequestTooLarge(InvalidInput):
    status, title, slug = 413, "Request too large", "request-too-large"


class WorkerStopped(DutygraphError):
    """The worker process running a query died (out of memory, most likely) and was replaced."""

    status, title, slug = 503, "Query stopped its worker", "worker-stopped"
