"""What runs inside a SPARQL worker process: check the query, run it, answer the server.

Neither pyoxigraph nor rdflib can cancel a running query, and a thread cannot be
killed; a process can (the server side is api/sparql_pool.py). Each worker (started
with 'spawn': uvicorn and fork do not mix) opens the store once: it loads the shipped
graph itself (about 0.2 s) or opens the configured on-disk store read-only. In
remote-store mode it holds no store and only checks queries, which the server then
forwards. Untrusted query text is only ever parsed in a worker, so a pathological
query cannot stall the server.

A worker checks the query with graph.sparql_guard (read-only, no SERVICE, FROM only
within the store), runs it and serialises the result into a size-capped buffer.

Where Linux allows it, a worker first moves into an empty network namespace (as
root, or through a user namespace without root): even a query that slipped past the
guard could not reach any host. A worker also runs under an address-space limit, so
a query that needs too much memory stops its own worker, not the machine; under a
CPU-time limit set afresh before each query (the time limit plus a margin); and with
the kernel's parent-death signal, so a worker outlives neither its server nor its
query, even when the server is killed with SIGKILL.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox
from dutygraph.graph.errors import DutygraphError
from dutygraph.graph.load import load_sources
from dutygraph.graph.sources import sources
from dutygraph.graph.sparql import check_dataset, inspect_query, run_inspected

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
