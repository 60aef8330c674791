"""Counts of what the graph holds, for `dutygraph stats` and `GET /health`."""

from __future__ import annotations

from . import __version__, query_files
from .models import Stats
from .store import Store

DG = "https://w3id.org/dutygraph/ontology#"


def stats(store: Store) -> Stats:
    counts = {
        row["class"].value.removeprefix(DG): int(row["n"].value)
        for row in store.select(query_files.render("class_counts"))
    }
    return Stats(triples=store.triple_count(), counts=counts, store=store.description, version=__version__)
