"""Timeline: duties that start or stop applying between two dates, and enforcement and cooperation events."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from . import query_files
from .catalogue import DG, DGID, Catalogue, parse_date
from .duty_records import DutyRecord, fetch, jurisdiction_ref, ref
from .errors import BadDate
from .judgement import BINDING, ServiceFacts, judge_all
from .models import Timeline, TimelineEntry
from .reach import Scope
from .rulings import every_decision
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

    # an event is seen from a place when its authority is competent in a jurisdiction reaching the place
    # on the event's date (the UK sees no EU decision taken after it left)
    @functools.cache
    def reaches_on(day: dt.date) -> frozenset[str]:
        assert place is not None
        return frozenset(Scope.of(catalogue, place.iri, day).reaches)

    def seen_from_place(jurisdictions: set[str], day: dt.date) -> bool:
        return place is None or bool(jurisdictions & reaches_on(day))

    entries: list[TimelineEntry] = []
    if body is None:
        entries.extend(duty_entries(store, catalogue, place.iri if place else None, first, last, lang))
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
    if body is None:
        entries.extend(decision_entries(catalogue, first, last, lang, seen_from_place))
    entries.sort(key=lambda e: (e.date, e.kind, e.id))
    return Timeline(
        start=first,
        end=last,
        jurisdiction=jurisdiction_ref(catalogue, place.iri, lang) if place else None,
        authority=ref(catalogue, body.iri, lang) if body else None,
        entries=entries,
    )


def decision_entries(
    catalogue: Catalogue, first: dt.date, last: dt.date, lang: str, seen: Callable[[set[str], dt.date], bool]
) -> list[TimelineEntry]:
    """Court decisions in the period that bear on duties reaching the place (or anywhere, without one)."""
    found = []
    for ruling in every_decision(catalogue.rulings):
        if not first <= ruling.day <= last or not seen(set(ruling.places), ruling.day):
            continue
        detail = f"{ruling.effect_label(lang)}: {ruling.court_label(lang)}, {ruling.case}"
        found.append(
            TimelineEntry(
                date=ruling.day,
                kind="court-decision",
                iri=ruling.iri,
                id=ruling.iri.removeprefix(DGID),
                label=ruling.label(lang),
                jurisdictions=[jurisdiction_ref(catalogue, j, lang) for j in sorted(ruling.places)],
                detail=detail + (f", {ruling.docket}" if ruling.docket else ""),
                source=ruling.url,
            )
        )
    return found


def duty_entries(
    store: Store, catalogue: Catalogue, place: str | None, first: dt.date, last: dt.date, lang: str
) -> list[TimelineEntry]:
    """Duties starting or ending in the period, kept when the one judgement says they bind there then.

    A start is kept when the duty binds the place on that day; an end when it bound the place the day before.
    Without a place, each duty is judged where it is set.
    """
    facts = ServiceFacts()
    verdicts: dict[tuple[str, dt.date], dict[str, str]] = {}  # (place, day) -> duty -> verdict
    if place is not None:
        records = fetch(store, via=Scope.of(catalogue, place, first).candidates(), lang=lang)
    else:
        records = fetch(store, via={e.iri for e in catalogue.jurisdictions.values()}, lang=lang)

    def verdict(where: str, day: dt.date, record: DutyRecord) -> str:
        key = (where, day)
        if key not in verdicts:  # every duty of the place judged together, so displacement counts too
            scope = Scope.of(catalogue, where, day)
            mine = [r for r in records if r.applies_in in scope.reaches]
            verdicts[key] = {r.iri: j.verdict for r, j in judge_all(catalogue, mine, scope, facts, lang)}
        return verdicts[key].get(record.iri, "not-applicable")

    found: dict[tuple[str, str, str], TimelineEntry] = {}
    for record in records:
        for kind, day, judged_on in (
            ("duty-starts", record.effective_from, record.effective_from),
            ("duty-ends", record.effective_until, record.effective_until and record.effective_until - dt.timedelta(1)),
        ):
            if day is None or judged_on is None or not first <= day <= last:
                continue
            if verdict(place or record.applies_in, judged_on, record) not in BINDING:
                continue
            found.setdefault(
                (record.iri, record.applies_in, kind),
                TimelineEntry(
                    date=day,
                    kind=kind,  # type: ignore[arg-type]
                    iri=record.iri,
                    id=record.iri.removeprefix(DGID),
                    label=record.label,
                    jurisdictions=[jurisdiction_ref(catalogue, record.applies_in, lang)],
                    detail=record.citation,
                    source=record.official_text,
                ),
            )
    return list(found.values())
