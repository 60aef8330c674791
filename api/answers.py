"""Answers serialised once to JSON bytes, kept in an LRU bounded by bytes, served with an ETag.

The graph does not change while the server runs, so an answer is a pure function of
the normalised request (route, parsed parameters, language). It is rendered once
(pydantic-core, straight to bytes: no second validation pass), kept by that key
until the byte budget pushes it out (least recently used first), and sent with a
weak ETag; a client that already holds it gets 304 Not Modified. Concurrent callers
of one key wait for the first instead of computing it again.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import pydantic_core
from fastapi import Request, Response
from pydantic import BaseModel

# what one entry costs beyond its body: the key tuple, the entry, the ETag, the dict slot
ENTRY_OVERHEAD = 512


@dataclass(frozen=True, slots=True)
class Answer:
    body: bytes
    etag: str

    @property
    def size(self) -> int:
        return len(self.body) + ENTRY_OVERHEAD


class AnswerLRU:
    """Rendered answers by request key, holding at most `max_bytes` (bodies plus a fixed overhead each)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._bytes = 0
        self._entries: OrderedDict[Hashable, Answer] = OrderedDict()
        self._guard = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], BaseModel]) -> Answer:
        found = self._lookup(key)
        if found is not None:
            return found
        with self._guard:
            lock = self._computing.setdefault(key, threading.Lock())
        try:
            with lock:
                found = self._lookup(key, count=False)
                if found is not None:
                    return found
                answer = render(compute())
                self._store(key, answer)
                return answer
        finally:
            with self._guard:  # a key that failed (bad input) leaves no lock behind
                self._computing.pop(key, None)

    def _lookup(self, key: Hashable, count: bool = True) -> Answer | None:
        with self._guard:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += count
            elif count:
                self.misses += 1
            return found

    def _store(self, key: Hashable, answer: Answer) -> None:
        if answer.size > self.max_bytes // 8:  # one huge answer must not evict every other
            return
        with self._guard:
            if key in self._entries:
                return
            self._entries[key] = answer
            self._bytes += answer.size
            while self._bytes > self.max_bytes:
                _, old = self._entries.popitem(last=False)
                self._bytes -= old.size

    def clear(self) -> None:
        with self._guard:
            self._entries.clear()
            self._bytes = 0

    def status(self) -> dict[str, int]:
        with self._guard:
            return {
                "entries": len(self._entries),
                "bytes": self._bytes,
                "max_bytes": self.max_bytes,
                "hits": self.hits,
                "misses": self.misses,
            }


def render(model: BaseModel) -> Answer:
    body = pydantic_core.to_json(model)
    return Answer(body, f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"')


def respond(request: Request, answer: Answer, headers: Response | None = None) -> Response:
    """200 with the bytes, or 304 when If-None-Match names this answer (weak comparison, RFC 9110 §13.1.2).
    `headers`: the route's injected Response, whose headers (Content-Language, Vary, Link) are kept."""
    kept = dict(headers.headers) if headers is not None else {}
    kept.pop("content-length", None)
    kept["ETag"] = answer.etag
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        if "*" in tags or answer.etag.removeprefix("W/") in tags:
            return Response(status_code=304, headers=kept)
    return Response(answer.body, media_type="application/json", headers=kept)
