"""Enforcement and cooperation events as plain timeline entries (GET /cooperation)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .catalogue import Catalogue
from .models import TimelineEntry
from .store import Store
from .timeline import timeline


def events(
    store: Store,
    catalogue: Catalogue,
    kind: Literal["enforcement", "cooperation"],
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    jurisdiction: str | None = None,
    authority: str | None = None,
    lang: str = "en",
) -> list[TimelineEntry]:
    """Enforcement actions or cooperation events, oldest first (the timeline, without duty dates)."""
    entries = timeline(store, catalogue, start, end, jurisdiction, authority, lang).entries
    return [e for e in entries if e.kind == kind]
