"""Timeline: duties that start or stop applying between two dates, and enforcement and cooperation events."""

from __future__ import annotations

import datetime as dt
import functools

from . import query_files
from .applicability import reach
from .catalogue import DG, DGID, Catalogue, parse_date
from .duty_records import jurisdiction_ref, ref
from .errors import BadDate
from .models import Timeline, TimelineEntry
from .store import Store, Term

XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
COMPETENT_IN = DG + "competentIn"


def timeline(
    store: Store,
    catalogue: Catalogue,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    jurisdiction: str | None = None,
    authority: str | None = None,
    lang: str = "en",
) -> Timeline:
    first = parse_date(start or "2000-01-01", "from")
    last = parse_date(end or dt.date(dt.date.today().year + 2, 12, 31), "to")
    if last < first:
        raise BadDate(f"'to' ({last}) is before 'from' ({first})")
    place = catalogue.jurisdiction(jurisdiction) if jurisdiction else None
    body = catalogue.code("authority", authority) if authority else None
    values = {
        "period": (
            ["start", "end"],
            [[Term(first.isoformat(), "literal", XSD_DATE), Term(last.isoformat(), "literal", XSD_DATE)]],
        ),
        "lang": (["lang"], [[Term(lang, "literal")]]),
    }

    # a place sees its own entries, and a union's only for dates on which it belongs to the union
    # (the UK gets no EU duty that starts after it left)
    @functools.cache
    def reaches_on(day: dt.date) -> frozenset[str]:
        assert place is not None
        return frozenset(r.via for r in reach(catalogue, place.iri, day))

    def seen_from_place(jurisdictions: set[str], day: dt.date) -> bool:
        return place is None or bool(jurisdictions & reaches_on(day))

    entries: list[TimelineEntry] = []
    if body is None:
        duty_entries: dict[tuple[str, str, str], TimelineEntry] = {}
        for row in store.select(query_files.render("timeline_duties", values)):
            via = row["via"].value
            label = (row.get("label") or row.get("labelEn") or row["duty"]).value
            for key, kind in (("from", "duty-starts"), ("until", "duty-ends")):
                if key not in row or not first.isoformat() <= row[key].value <= last.isoformat():
                    continue
                if not seen_from_place({via}, dt.date.fromisoformat(row[key].value)):
                    continue
                seen = duty_entries.get((row["duty"].value, via, kind))
                if seen is not None:  # several rows for one duty: keep the smallest values, whatever the row order
                    seen.label = min(seen.label, label)
                    continue
                duty_entries[(row["duty"].value, via, kind)] = TimelineEntry(
                    date=dt.date.fromisoformat(row[key].value),
                    kind=kind,
                    iri=row["duty"].value,  # type: ignore[arg-type]
                    id=row["duty"].value.removeprefix(DGID),
                    label=label,
                    jurisdictions=[jurisdiction_ref(catalogue, via, lang)],
                    detail=row["citation"].value if "citation" in row else None,
                    source=row["text"].value if "text" in row else None,
                )
        entries.extend(duty_entries.values())
    events: dict[str, TimelineEntry] = {}
    authorities_of: dict[str, set[str]] = {}
    for row in store.select(query_files.render("timeline_events", values)):
        iri = row["event"].value
        authorities_of.setdefault(iri, set())
        if "authority" in row:
            authorities_of[iri].add(row["authority"].value)
        label = (row.get("label") or row.get("labelEn") or row["event"]).value
        detail = (row.get("description") or row.get("descriptionEn") or Term("", "literal")).value or None
        source = row["source"].value if "source" in row else None
        if iri in events:  # several rows per event: keep the smallest values, whatever the row order
            seen = events[iri]
            seen.label = min(seen.label, label)
            seen.detail = min(filter(None, (seen.detail, detail)), default=None)
            seen.source = min(filter(None, (seen.source, source)), default=None)
            continue
        kind = "enforcement" if row["type"].value == DG + "EnforcementAction" else "cooperation"
        events[iri] = TimelineEntry(
            date=dt.date.fromisoformat(row["date"].value),
            date_precision=row["precision"].value if "precision" in row else "day",
            kind=kind,
            iri=iri,
            id=iri.removeprefix(DGID),  # type: ignore[arg-type]
            label=label,
            detail=detail,
            source=source,
        )
    for iri, entry in events.items():
        who = authorities_of[iri]
        competent = {j for a in who for j in catalogue.links[COMPETENT_IN].get(a, ())}
        if body and body.iri not in who:
            continue
        if not seen_from_place(competent, entry.date):
            continue
        entry.authorities = [ref(catalogue, a, lang) for a in sorted(who) if a in catalogue.entries]
        entry.jurisdictions = [jurisdiction_ref(catalogue, j, lang) for j in sorted(competent)]
        entries.append(entry)
    entries.sort(key=lambda e: (e.date, e.kind, e.id))
    return Timeline(
        start=first,
        end=last,
        jurisdiction=jurisdiction_ref(catalogue, place.iri, lang) if place else None,
        authority=ref(catalogue, body.iri, lang) if body else None,
        entries=entries,
    )
