"""`dutygraph serve`: uvicorn with the limits from the settings, in one or several processes.

Several processes share the port (uvicorn's workers: one listening socket,
inherited), each with its own store, applicability index and SPARQL workers, so
the cores are used without threads contending for one interpreter. The protocol
is h11, whose `h11_max_incomplete_event_size` bounds the request line plus
headers: a client sending an endless or unfinished header is cut off at
`max_header_bytes` instead of growing the process (httptools has no such bound).
"""

from __future__ import annotations

import os

import uvicorn

from .settings import Settings


def worker_count(asked: int | None, settings: Settings) -> int:
    """--workers, else the setting, else one per core (0 means one per core)."""
    chosen = asked if asked is not None else settings.workers
    return chosen if chosen > 0 else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def run(host: str, port: int, log_level: str, workers: int | None = None) -> None:
    settings = Settings()
    uvicorn.run(
        "dutygraph.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        log_level=log_level,
        workers=worker_count(workers, settings),
        http="h11",
        h11_max_incomplete_event_size=settings.max_header_bytes,
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=max(1, round(settings.keep_alive_s)),
        backlog=settings.backlog,
    )
