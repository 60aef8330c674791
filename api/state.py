"""What the server holds for its whole life: store, Catalogue, SPARQL workers, computed answers.

Opened once per process in the app's lifespan, never per request. The graph does
not change while the server runs, so answers that are the same for every caller
(lists, dumps, resource pages) are computed once and kept (`Memo`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import jinja2
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.sources import sources
from dutygraph.graph.store import EmbeddedStore, Store, open_store

from .settings import Settings
from .sparql_cache import AnswerCache
from .sparql_pool import WorkerPool
from .sparql_workers import WorkerConfig

T = TypeVar("T")


class Memo:
    """Values computed at most once per key (concurrent callers of one key wait for the first)."""

    def __init__(self, max_entries: int = 2048) -> None:
        self._values: dict[Hashable, Any] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()
        self._max = max_entries

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if key in self._values:
            return self._values[key]  # type: ignore[no-any-return]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        try:
            with lock:
                if key in self._values:
                    return self._values[key]  # type: ignore[no-any-return]
                value = compute()
                if len(self._values) < self._max:  # past the bound, compute every time rather than grow
                    self._values[key] = value
                return value
        finally:
            with self._guard:  # a key that failed (bad input) must not leave a lock behind for ever
                self._locks.pop(key, None)


@dataclass
class AppState:
    settings: Settings
    store: Store
    catalogue: Catalogue
    pool: WorkerPool
    known_graphs: frozenset[str]
    triples: int
    last_modified: dt.datetime
    templates: jinja2.Environment
    remote: httpx.AsyncClient | None = None
    memo: Memo = field(default_factory=Memo)
    # answers to the main lookup: the graph does not change while the process runs, so a repeated
    # question (same place, date, categories, conditions, harm, language) is answered from here
    lookups: Memo = field(default_factory=lambda: Memo(4096))
    # answers of /sparql by query text, media type and dataset: the same reasoning, bounded by bytes
    sparql_answers: AnswerCache = field(default_factory=AnswerCache)

    @classmethod
    async def open(cls, settings: Settings) -> AppState:
        """Open the store and the Catalogue (in a thread: loading blocks) and start the SPARQL workers."""
        store = await asyncio.to_thread(open_store, settings.store, (), settings.query_timeout_s)
        catalogue = await asyncio.to_thread(Catalogue, store)
        graphs = await asyncio.to_thread(_named_graphs, store)
        triples = await asyncio.to_thread(store.triple_count)
        config = WorkerConfig(
            store=None if settings.remote else settings.store,
            known_graphs=graphs,
            max_query_bytes=settings.max_query_bytes,
            max_result_bytes=settings.max_result_bytes,
            memory_mb=settings.sparql_worker_memory_mb,
            isolate_network=settings.sparql_worker_isolation,
            query_timeout_s=settings.query_timeout_s,
        )
        pool = WorkerPool(config, settings.sparql_workers, settings.sparql_max_concurrent)
        await pool.start()
        templates = jinja2.Environment(
            loader=jinja2.PackageLoader("dutygraph.api", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        remote = httpx.AsyncClient(timeout=settings.query_timeout_s) if settings.remote else None
        return cls(
            settings,
            store,
            catalogue,
            pool,
            graphs,
            triples,
            _last_modified(settings),
            templates,
            remote,
            sparql_answers=AnswerCache(settings.sparql_cache_mb * 1024 * 1024),
        )

    async def close(self) -> None:
        await self.pool.close()
        if self.remote is not None:
            await self.remote.aclose()


def _named_graphs(store: Store) -> frozenset[str]:
    if isinstance(store, EmbeddedStore):
        return frozenset(g.value for g in store.ox.named_graphs())  # type: ignore[union-attr]
    return frozenset(row["g"].value for row in store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"))


def _last_modified(settings: Settings) -> dt.datetime:
    """When the served graph last changed: the newest shipped file for the in-memory store, else now."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    if settings.store not in ("", "memory"):
        return now
    newest = max((Path(s.path).stat().st_mtime for s in sources()), default=now.timestamp())
    return dt.datetime.fromtimestamp(int(newest), dt.UTC)
