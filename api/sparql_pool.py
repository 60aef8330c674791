"""The server's side of the SPARQL workers: a fixed pool, admission control, replacement, the pipe protocol.

The server awaits a worker's answer without blocking its event loop (the reply is
read as it arrives, api/sparql_workers.py writes it); past the time limit it kills
the worker, starts a replacement and answers 503. It watches each idle worker's
process sentinel, so a worker that dies while idle is replaced at once, is not
counted idle by /health and is never handed a query. Workers are started from the
event loop's thread: the parent-death signal they arm follows the thread that
started them, and this one lives as long as the server.
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import pickle
import struct
from multiprocessing.process import BaseProcess
from typing import Any

from dutygraph.graph import errors as graph_errors
from dutygraph.graph.errors import DutygraphError, Overloaded, QueryTimeout

from . import http_errors
from .http_errors import WorkerStopped
from .sparql_workers import Answer, NothingAcceptable, QueryTask, WorkerConfig, serve

log = logging.getLogger("dutygraph.api.sparql")

SEND_INLINE_CHARS = 32_000  # a task this small is written straight from the event loop


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
        if len(task.text) < SEND_INLINE_CHARS:  # fits the socket buffer: sending cannot block the loop
            self.conn.send(task)
        else:
            await asyncio.to_thread(self.conn.send, task)
        return await self._receive(timeout_s)

    async def _receive(self, timeout_s: float) -> tuple[Any, ...]:
        """Read the worker's next message on the event loop, as the bytes arrive: no thread, no blocking read.

        The framing is multiprocessing.Connection's (a 4-byte length, or -1 and an 8-byte length),
        which the worker writes with `conn.send`.
        """
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()
        buffer = bytearray()
        frame: list[int] = []  # [header length, total length] once known

        def readable() -> None:
            if done.done():
                return
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:
                return
            except OSError as exc:
                done.set_exception(exc)
                return
            if not chunk:
                done.set_exception(EOFError("the worker closed its pipe"))
                return
            buffer.extend(chunk)
            if not frame and len(buffer) >= 4:
                (size,) = struct.unpack("!i", buffer[:4])
                if size >= 0:
                    frame.extend((4, 4 + size))
                elif len(buffer) >= 12:
                    (size,) = struct.unpack("!Q", buffer[4:12])
                    frame.extend((12, 12 + size))
            if frame and len(buffer) >= frame[1]:
                done.set_result(None)

        os.set_blocking(fd, False)
        loop.add_reader(fd, readable)
        try:
            async with asyncio.timeout(timeout_s):
                await done
        finally:
            loop.remove_reader(fd)
            os.set_blocking(fd, True)  # the Connection (send) expects a blocking socket
        return pickle.loads(memoryview(buffer)[frame[0] : frame[1]])  # type: ignore[no-any-return]  # noqa: S301 - our own worker

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
