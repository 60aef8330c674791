"""Counts of what the graph holds, for `dutygraph stats` and `GET /health`."""

from __future__ import annotations

from . import __version__, query_files
from .models import JurisdictionCounts, Stats
from .store import Store

DG = "https://w3id.org/dutygraph/ontology#"


def stats(store: Store) -> Stats:
    counts = {
        row["class"].value.removeprefix(DG): int(row["n"].value)
        for row in store.select(query_files.render("class_counts"))
    }
    return Stats(triples=store.triple_count(), counts=counts, store=store.description, version=__version__)


def by_jurisdiction(store: Store) -> list[JurisdictionCounts]:
    """Duties applying in each jurisdiction, by verification level: how far each place's law is checked."""
    found: dict[str, JurisdictionCounts] = {}
    for row in store.select(query_files.render("duty_counts_by_jurisdiction")):
        code = row["code"].value.upper()
        counts = found.setdefault(code, JurisdictionCounts(code=code, iri=row["where"].value))
        level = row["verification"].value
        n = int(row["n"].value)
        counts.duties += n
        if level in ("official", "secondary", "unverified"):
            setattr(counts, level, getattr(counts, level) + n)
    return sorted(found.values(), key=lambda c: c.code)
