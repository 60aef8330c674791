"""What the server holds for its whole life: store, index, Catalogue, SPARQL workers, computed answers.

Opened once per process in the app's lifespan, never per request. The graph does
not change while the server runs, so the duty records are read once into the
applicability index (graph/duty_index.py), answers that are the same for every
caller (lists, dumps, resource pages) are computed once and kept (`Memo`), and
rendered lookups, assessments and comparisons are kept by bytes (`AnswerLRU`).
With a remote store, the index is read again every `index_refresh_s`, and the
store's health is probed in the background so /health never waits on it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import jinja2
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.duty_index import DutyIndex, IndexedStore
from dutygraph.graph.sources import sources
from dutygraph.graph.store import EmbeddedStore, Store, open_store

from .answers import AnswerLRU
from .settings import Settings
from .sparql_cache import AnswerCache
from .sparql_pool import WorkerPool
from .sparql_workers import WorkerConfig

T = TypeVar("T")
log = logging.getLogger("dutygraph.api")
PROBE_EVERY_S = 5.0


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
    # rendered answers (lookup, assessment, comparison, timeline) by normalised request, bounded by bytes
    answers: AnswerLRU = field(default_factory=lambda: AnswerLRU(256 * 1024 * 1024))
    pid: int = field(default_factory=os.getpid)
    # with a remote store: what the last background probe found (None: not probed yet), and when
    remote_error: str | None = None
    remote_checked: float | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    # answers of /sparql by query text, media type and dataset: the same reasoning, bounded by bytes
    sparql_answers: AnswerCache = field(default_factory=AnswerCache)

    @classmethod
    async def open(cls, settings: Settings) -> AppState:
        """Open the store and the Catalogue (in a thread: loading blocks) and start the SPARQL workers."""
        raw = await asyncio.to_thread(open_store, settings.store, (), settings.query_timeout_s)
        catalogue = await asyncio.to_thread(Catalogue, raw)
        store = IndexedStore(raw, await asyncio.to_thread(DutyIndex, raw))
        graphs = await asyncio.to_thread(_named_graphs, raw)
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
        state = cls(
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
            answers=AnswerLRU(settings.cache_mb * 1024 * 1024),
        )
        state.tasks.append(asyncio.create_task(state._precompute()))
        if remote is not None:
            state.tasks.append(asyncio.create_task(state._probe_remote()))
            if settings.index_refresh_s > 0:
                state.tasks.append(asyncio.create_task(state._refresh_index()))
        return state

    async def _precompute(self) -> None:
        """The dumps, rendered once in the background after start, so the first download does not wait."""
        from .routes.dumps import DUMPS, dump_file  # routes import this module

        for fmt in DUMPS.values():
            try:
                await asyncio.to_thread(dump_file, self, fmt)
            except Exception as exc:  # a remote store that fails now is reported by /health
                log.warning("precomputing the %s dump failed: %s", fmt, exc)

    async def _probe_remote(self) -> None:
        """Ask the remote store `ASK {}` every few seconds; /health reports the last finding at once."""
        assert self.remote is not None
        while True:
            try:
                reply = await self.remote.post(
                    self.settings.store,
                    content=b"ASK {}",
                    timeout=min(2.0, self.settings.query_timeout_s),
                    headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
                )
                reply.raise_for_status()
                self.remote_error = None
            except httpx.HTTPError as exc:
                self.remote_error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            self.remote_checked = time.time()
            await asyncio.sleep(PROBE_EVERY_S)

    async def _refresh_index(self) -> None:
        """Read the remote store's duty records again, then swap the index and drop the rendered answers."""
        assert isinstance(self.store, IndexedStore)
        while True:
            await asyncio.sleep(self.settings.index_refresh_s)
            try:
                catalogue = await asyncio.to_thread(Catalogue, self.store.inner)
                index = await asyncio.to_thread(DutyIndex, self.store.inner)
            except Exception as exc:  # keep serving the index we have
                log.warning("refreshing the applicability index failed: %s", exc)
                continue
            self.store = IndexedStore(self.store.inner, index)
            self.catalogue = catalogue
            self.answers.clear()
            self.memo = Memo()

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.pool.close()
        if self.remote is not None:
            await self.remote.aclose()
        close = getattr(self.store, "close", None)  # the remote store's HTTP client
        if close is not None:
            await asyncio.to_thread(close)


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
