"""Answers of the SPARQL endpoint, kept by request, because the graph does not change while the server runs.

A query asked again (a dashboard, a notebook re-run, a benchmark) is answered from
memory: no worker hop, no guard, no engine. The key is everything that decides the
answer: the query text, the media types the client accepts for each query form, and
the protocol's dataset parameters. Only complete 200 answers are kept, bounded by
their total size (least recently used first out); a body larger than an eighth of
the budget is never kept, so one huge answer cannot evict every other.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable


class AnswerCache:
    """An LRU of (body, media type) by request key, holding at most `max_bytes` of bodies."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[bytes, str]] = OrderedDict()
        self._bytes = 0

    def get(self, key: Hashable) -> tuple[bytes, str] | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: Hashable, body: bytes, media: str) -> None:
        if len(body) > self.max_bytes // 8 or key in self._entries:
            return
        self._entries[key] = (body, media)
        self._bytes += len(body)
        while self._bytes > self.max_bytes:
            _, (old, _) = self._entries.popitem(last=False)
            self._bytes -= len(old)

    def __len__(self) -> int:
        return len(self._entries)
