"""The applicability index: every duty record, per language, read once from the store.

The graph does not change while a server runs, so the records a lookup judges are
read at start by the same queries `fetch` runs (graph/queries/applicable_duties.rq
and duty_links.rq, for every place a duty applies in) and kept in memory, grouped
by place and by duty. A lookup is then a filter over these records plus the one
judgement; the verdicts do not change, only where the records come from.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from . import query_files
from .duty_records import DutyRecord, read_records
from .store import Row, Store, Term

LANGUAGES = ("en", "fr")


@dataclass
class _Records:
    ordered: list[DutyRecord]  # in `fetch`'s order: instrument, provision, place
    position: dict[int, int] = field(default_factory=dict)  # id(record) -> index in `ordered`
    by_place: dict[str, list[DutyRecord]] = field(default_factory=dict)
    by_duty: dict[str, list[DutyRecord]] = field(default_factory=dict)


class DutyIndex:
    """Duty records by place and by duty, for each language the API speaks."""

    def __init__(self, store: Store, languages: Sequence[str] = LANGUAGES) -> None:
        started = time.perf_counter()
        places = sorted(row["via"].value for row in store.select(query_files.render("duty_places")))
        self.places = frozenset(places)
        self._by_lang: dict[str, _Records] = {}
        for lang in languages:
            ordered = read_records(store, via=places, lang=lang)
            records = _Records(ordered, {id(r): i for i, r in enumerate(ordered)})
            for record in ordered:
                records.by_place.setdefault(record.applies_in, []).append(record)
                records.by_duty.setdefault(record.iri, []).append(record)
            self._by_lang[lang] = records
        self.duties = len({r.iri for r in next(iter(self._by_lang.values())).ordered}) if self._by_lang else 0
        self.records = sum(len(r.ordered) for r in self._by_lang.values())
        self.build_seconds = time.perf_counter() - started

    def find(self, via: Iterable[str], duties: Iterable[str], lang: str) -> list[DutyRecord] | None:
        """What `fetch(store, via=..., duties=...)` answers, or None for a language the index does not hold."""
        records = self._by_lang.get(lang)
        if records is None:
            return None
        via_set, duty_set = set(via), set(duties)
        if not via_set and not duty_set:
            return []
        table, keys = (records.by_duty, duty_set) if duty_set else (records.by_place, via_set)
        found = [r for k in keys for r in table.get(k, ())]
        if len(keys) > 1:
            found.sort(key=lambda r: records.position[id(r)])
        return found


class IndexedStore:
    """A store with its applicability index: `fetch` reads records from the index; every other SELECT
    goes to the store once per query text (the graph does not change) and its rows are kept, up to
    `max_rows` rows in all, least recently used dropped first. Callers read rows, never change them."""

    def __init__(self, store: Store, index: DutyIndex, max_rows: int = 50_000) -> None:
        self.inner = store
        self.duty_index = index
        self.description = store.description
        self._rows: OrderedDict[str, list[Row]] = OrderedDict()
        self._held = 0
        self._max_rows = max_rows
        self._lock = threading.Lock()

    def select(self, query: str) -> list[Row]:
        with self._lock:
            rows = self._rows.get(query)
            if rows is not None:
                self._rows.move_to_end(query)
                return list(rows)
        rows = self.inner.select(query)
        if len(rows) <= self._max_rows // 4:
            with self._lock:
                if query not in self._rows:
                    self._rows[query] = rows
                    self._held += len(rows)
                while self._held > self._max_rows:
                    _, dropped = self._rows.popitem(last=False)
                    self._held -= len(dropped)
        return list(rows)

    def ask(self, query: str) -> bool:
        return self.inner.ask(query)

    def construct(self, query: str) -> list[tuple[Term, Term, Term]]:
        return self.inner.construct(query)

    def quads(self) -> Iterator[tuple[Term, Term, Term, Term | None]]:
        return self.inner.quads()

    def triple_count(self) -> int:
        return self.inner.triple_count()

    def __getattr__(self, name: str) -> object:  # `ox` of an embedded store, `close` of a remote one
        return getattr(self.inner, name)
