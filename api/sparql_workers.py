"""SPARQL endpoint queries run in worker processes, so a query past its time limit can be stopped.

Neither pyoxigraph nor rdflib can cancel a running query, and a thread cannot be
killed; a process can. Each worker (started with 'spawn': uvicorn and fork do not
mix) opens the store once: it loads the shipped graph itself (about 0.2 s) or
opens the configured on-disk store read-only. In remote-store mode it holds no
store and only checks queries, which the server then forwards.

A worker checks the query with graph.sparql (read-only, no SERVICE, FROM only
within the store), runs it and serialises the result into a size-capped buffer.
The server awaits the answer without blocking its event loop; past the time limit
it kills the worker, starts a replacement and answers 503. Untrusted query text is
only ever parsed in a worker, so a pathological query cannot stall the server.

Where Linux allows it, a worker first moves into an empty network namespace (as
root, or through a user namespace without root): even a query that slipped past the
guard could not reach any host. The server warns loudly at start when it could not.
A worker also runs under an address-space limit, so a query that needs too much
memory stops its own worker, not the machine; under a CPU-time limit set afresh
before each query (the time limit plus a margin), and with the kernel's
parent-death signal, so a worker outlives neither its server nor its query, even
when the server is killed with SIGKILL. The server watches each worker's process
sentinel: a worker that dies while idle is replaced at once and never handed a query.
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import signal
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import pyoxigraph as ox
from dutygraph.graph import errors as graph_errors
from dutygraph.graph.errors import DutygraphError, Overloaded, QueryTimeout
from dutygraph.graph.load import load_sources
from dutygraph.graph.sources import sources
from dutygraph.graph.sparql import check_dataset, inspect_query, run_inspected

from . import http_errors
from .http_errors import WorkerStopped

log = logging.getLogger("dutygraph.api.sparql")

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
CPU_MARGIN_S = 5  # CPU seconds past the time limit before the kernel stops a worker on its own


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs; sent to it once, at start."""

    store: str | None  # "memory", an on-disk store folder, or None: check queries only (remote store)
    known_graphs: frozenset[str]
    max_query_bytes: int
    max_result_bytes: int
    memory_mb: int
    isolate_network: bool
    query_timeout_s: float = 30.0


@dataclass(frozen=True)
class QueryTask:
    text: str
    results_media: str | None  # the negotiated type for SELECT/ASK results; None: the client accepts none
    graph_media: str | None  # the same for CONSTRUCT/DESCRIBE
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A checked query: its form and chosen media type, and the result unless the store is remote."""

    form: str
    media: str
    body: bytes | None


class NothingAcceptable(Exception):
    """The query's form has no result format the client accepts (the route turns it into a 406)."""

    def __init__(self, form: str) -> None:
        super().__init__(form)
        self.form = form


# --- inside a worker process


def serve(conn: Connection, config: WorkerConfig) -> None:
    """A worker's life: tie it to the server, isolate, open the store, then answer tasks until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group; the server stops us
    _die_with_parent()
    isolated = _isolate_network() if config.isolate_network else False
    _limit_memory(config.memory_mb)
    store = _open(config.store)
    conn.send(("ready", isolated))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        _limit_cpu(config.query_timeout_s)
        conn.send(_reply(store, task, config))


def _reply(store: ox.Store | None, task: QueryTask, config: WorkerConfig) -> tuple[Any, ...]:
    known = config.known_graphs
    try:
        info = inspect_query(task.text, known, config.max_query_bytes)
        check_dataset(task.default_graphs, task.named_graphs, known)
        media = task.results_media if info.form in ("SELECT", "ASK") else task.graph_media
        if media is None:
            return ("not-acceptable", info.form)
        if store is None:
            return ("answer", Answer(info.form, media, None))
        body, media, form = run_inspected(
            store, task.text, info, media, config.max_result_bytes, task.default_graphs, task.named_graphs
        )
        return ("answer", Answer(form, media, body))
    except DutygraphError as exc:
        return ("error", type(exc).__name__, exc.detail, exc.extra)
    except MemoryError:
        return ("error", "WorkerStopped", "the query needed more memory than a SPARQL worker may use", {})
    except Exception as exc:  # a failure of ours, not of the query: the server logs it and answers 500
        return ("crash", f"{type(exc).__name__}: {exc}")


def _die_with_parent() -> None:
    """Ask the kernel to SIGKILL this worker when the server's main thread ends, however it ends."""
    parent = multiprocessing.parent_process()
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent.pid:  # the server died before the signal was armed
        os._exit(1)


def _limit_cpu(timeout_s: float) -> None:
    """Let this worker use at most the time limit (plus a margin) of CPU from now: the kernel stops it past that."""
    if not sys.platform.startswith("linux"):
        return
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + timeout_s + CPU_MARGIN_S)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _isolate_network() -> bool:
    """Move this process into a new, empty network namespace, where no address is reachable."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    # as root CLONE_NEWNET alone works; otherwise a user namespace may grant it (if the kernel allows)
    return any(libc.unshare(flags) == 0 for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET))


def _limit_memory(megabytes: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker stopped by a limit leaves no 2 GiB core file
    if megabytes <= 0:
        return

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _open(location: str | None) -> ox.Store | None:
    if location is None:
        return None
    if location in ("", "memory"):
        store = ox.Store()
        load_sources(store, sources())
        return store
    return ox.Store.read_only(location)


# --- in the server


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, context: multiprocessing.context.SpawnContext, config: WorkerConfig) -> None:
        self.conn, self._child = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(
            target=serve, args=(self._child, config), name="dutygraph-sparql-worker", daemon=True
        )
        self.isolated = False
        self.retired = False  # killed or found dead: never handed another query

    async def start(self, timeout_s: float) -> None:
        # started from the event loop's thread, not a pool thread: the parent-death signal follows the
        # thread that forked the worker, and this one lives as long as the server
        self.process.start()
        self._child.close()
        message = await self._receive(timeout_s)
        if message[0] != "ready":
            raise RuntimeError(f"unexpected first message from a SPARQL worker: {message!r}")
        self.isolated = bool(message[1])

    @property
    def alive(self) -> bool:
        return not self.retired and self.process.is_alive()

    async def ask(self, task: QueryTask, timeout_s: float) -> tuple[Any, ...]:
        await asyncio.to_thread(self.conn.send, task)
        return await self._receive(timeout_s)

    async def _receive(self, timeout_s: float) -> tuple[Any, ...]:
        """Wait until the worker speaks (without a thread: the event loop watches the pipe), then read."""
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        try:
            async with asyncio.timeout(timeout_s):
                await readable
        finally:
            loop.remove_reader(fd)
            os.set_blocking(fd, True)  # uvloop makes a watched fd non-blocking; Connection needs it blocking
        return await asyncio.to_thread(self.conn.recv)  # type: ignore[no-any-return]

    def kill(self) -> None:
        self.retired = True
        if self.process.is_alive():
            self.process.kill()

    async def stop(self) -> None:
        self.kill()
        if self.process.pid is not None:
            await asyncio.to_thread(self.process.join, 5)
        self.conn.close()


class WorkerPool:
    """A fixed number of SPARQL workers, a cap on admitted queries, and replacement of stopped workers."""

    def __init__(self, config: WorkerConfig, size: int, max_concurrent: int) -> None:
        self.config = config
        self.size = size
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._idle_now: set[_Worker] = set()  # the same workers as the queue, for counting and for the watcher
        self._admission = asyncio.Semaphore(max_concurrent)
        self._max_concurrent = max_concurrent
        self._workers: set[_Worker] = set()
        self._replacing: set[asyncio.Task[None]] = set()
        self._closed = False
        self.network_isolated = False

    async def start(self, timeout_s: float = 120.0) -> None:
        """Start every worker and wait until each has opened the store."""
        workers = [_Worker(self._context, self.config) for _ in range(self.size)]
        self._workers.update(workers)
        await asyncio.gather(*(w.start(timeout_s) for w in workers))
        self.network_isolated = all(w.isolated for w in workers)
        if not self.network_isolated:
            why = (
                "it is switched off (sparql_worker_isolation)"
                if not self.config.isolate_network
                else ("this system allows neither a network namespace nor a user namespace")
            )
            log.warning(
                "SPARQL WORKERS RUN WITHOUT NETWORK ISOLATION: %s. Only the query guard keeps /sparql from making "
                "outbound requests; see api/README.md",
                why,
            )
        for worker in workers:
            self._put_idle(worker)

    def _put_idle(self, worker: _Worker) -> None:
        self._idle_now.add(worker)
        self._idle.put_nowait(worker)
        loop = asyncio.get_running_loop()
        loop.add_reader(worker.process.sentinel, self._died_idle, worker)

    async def _take_idle(self) -> _Worker:
        """The next idle worker that is alive; dead ones found on the way are replaced."""
        while True:
            worker = await self._idle.get()
            self._idle_now.discard(worker)
            asyncio.get_running_loop().remove_reader(worker.process.sentinel)
            if worker.alive:
                return worker
            if not worker.retired:
                self._replace(worker)

    def _died_idle(self, worker: _Worker) -> None:
        """The sentinel of an idle worker became readable: it died. Replace it now (it stays queued, skipped)."""
        asyncio.get_running_loop().remove_reader(worker.process.sentinel)
        if worker in self._idle_now and not worker.retired:
            log.warning(
                "idle SPARQL worker %s died (exit code %s); replacing it", worker.process.pid, worker.process.exitcode
            )
            self._idle_now.discard(worker)
            self._replace(worker)

    def status(self) -> dict[str, object]:
        return {
            "workers": self.size,
            "idle": sum(w.alive for w in list(self._idle_now)),
            "starting": len(self._replacing),
            "max_concurrent": self._max_concurrent,
            "network_isolated": self.network_isolated,
        }

    async def run(self, task: QueryTask, timeout_s: float) -> Answer:
        """Check and run one query in a worker; raise the graph's errors as the worker reported them."""
        retry_after = max(1, math.ceil(timeout_s))
        if self._admission.locked():
            raise Overloaded(
                f"{self._max_concurrent} SPARQL queries are already running or waiting; retry in {retry_after} s",
                retry_after=retry_after,
            )
        async with self._admission:
            try:
                async with asyncio.timeout(timeout_s):  # not wait_for: on 3.11 it can drop a worker it got
                    worker = await self._take_idle()
            except TimeoutError:
                raise Overloaded(
                    f"all {self.size} SPARQL workers stayed busy for {timeout_s:g} s; retry in {retry_after} s",
                    retry_after=retry_after,
                ) from None
            try:
                reply = await worker.ask(task, timeout_s)
            except TimeoutError:
                self._replace(worker)
                raise QueryTimeout(
                    f"the query ran past the {timeout_s:g} s limit and was stopped; narrow it (a LIMIT, fewer "
                    "unbound patterns) or run it on a copy of the graph (GET /dump.trig)",
                    limit_s=timeout_s,
                ) from None
            except (EOFError, OSError) as exc:
                log.warning(
                    "SPARQL worker %s stopped: %r (exit code %s)", worker.process.pid, exc, worker.process.exitcode
                )
                self._replace(worker)
                raise WorkerStopped(
                    "the query stopped the worker process running it (most likely it needed more than the "
                    f"{self.config.memory_mb} MiB a worker may use); the worker was replaced"
                ) from None
            except BaseException:  # cancelled mid-query: the worker's state is unknown
                self._replace(worker)
                raise
            self._put_idle(worker)
        return _unpack(reply)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.discard(worker)
        task = asyncio.create_task(self._start_replacement(worker))
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _start_replacement(self, old: _Worker) -> None:
        await old.stop()
        delay = 0.5
        while not self._closed:
            worker = _Worker(self._context, self.config)
            self._workers.add(worker)
            try:
                await worker.start(120.0)
            except Exception:
                log.exception("a replacement SPARQL worker did not start; retrying in %.1f s", delay)
                self._workers.discard(worker)
                await worker.stop()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if self._closed:
                await worker.stop()
            else:
                self._put_idle(worker)
            return

    async def close(self) -> None:
        self._closed = True
        loop = asyncio.get_running_loop()
        for worker in list(self._idle_now):
            loop.remove_reader(worker.process.sentinel)
        self._idle_now.clear()
        for task in list(self._replacing):
            task.cancel()
        await asyncio.gather(*(w.stop() for w in list(self._workers)), return_exceptions=True)
        self._workers.clear()


def _unpack(reply: tuple[Any, ...]) -> Answer:
    kind = reply[0]
    if kind == "answer":
        return reply[1]  # type: ignore[no-any-return]
    if kind == "not-acceptable":
        raise NothingAcceptable(reply[1])
    if kind == "error":
        _, name, detail, extra = reply
        cls = getattr(graph_errors, name, None) or getattr(http_errors, name, None) or DutygraphError
        error = DutygraphError.__new__(cls)
        DutygraphError.__init__(error, detail, **extra)
        raise error
    if kind == "crash":
        raise RuntimeError(f"a SPARQL worker failed: {reply[1]}")
    raise RuntimeError(f"unexpected reply from a SPARQL worker: {kind!r}")
