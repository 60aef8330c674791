"""What changes in the law, for the change feed and the deadline calendar.

An entry is a change the law makes on a date: a duty starts or stops binding (as the timeline finds it,
through the one judgement), an instrument enters into force or starts to apply, an enforcement action is
taken, a service is designated (the decision, the day its duties bind, the day it ends). Each carries
`modified`: when the graph's record of it last changed, its own `dct:modified` or, failing that, the
`dct:modified` of the data file that holds it. A service category filter keeps the duties
`applicable_duties` shows for that category on the day they start (the day before they end);
a theme filter keeps duties of the theme; designations follow the place and the category (or those below
it). Instruments and enforcement actions follow the place only.
`changed_since` keeps what the graph recorded or corrected on or after a date: what a new release of
the graph changed, as opposed to what the law changes in the period.
"""

from __future__ import annotations

import datetime as dt
import functools

from . import query_files
from .applicability import applicable_duties
from .catalogue import Catalogue, parse_date
from .designations import designations
from .duty_records import fetch, jurisdiction_ref, refs
from .errors import BadDate
from .laws import laws
from .models import Change, ChangeFeed
from .reach import Scope
from .store import Store
from .timeline import timeline


def record_modified(store: Store, catalogue: Catalogue) -> dict[str, dt.date]:
    """Entity IRI -> when its record last changed (read once per store)."""

    def build() -> dict[str, dt.date]:
        rows = store.select(query_files.render("record_modified"))
        return {r["s"].value: dt.date.fromisoformat(r["modified"].value) for r in rows if "modified" in r}

    return catalogue.once("record-modified", "", build)


def changes(
    store: Store,
    catalogue: Catalogue,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    jurisdiction: str | None = None,
    categories: list[str] | None = None,
    themes: list[str] | None = None,
    lang: str = "en",
    changed_since: str | dt.date | None = None,
) -> ChangeFeed:
    first = parse_date(start or "2000-01-01", "from")
    since = parse_date(changed_since, "changed_since") if changed_since else None
    last = parse_date(end or dt.date(dt.date.today().year + 3, 12, 31), "to")
    if last < first:
        raise BadDate(f"'to' ({last}) is before 'from' ({first})")
    place = catalogue.jurisdiction(jurisdiction) if jurisdiction else None
    cats = catalogue.codes("category", categories or [])
    theme_iris = {e.iri for e in catalogue.codes("theme", themes or [])}
    modified = record_modified(store, catalogue)
    found = timeline(store, catalogue, first, last, place.code if place else None, None, lang)
    records = {r.iri: r for r in fetch(store, via={e.iri for e in catalogue.jurisdictions.values()}, lang=lang)}

    @functools.cache
    def shown(code: str, day: dt.date) -> frozenset[str]:
        lookup = applicable_duties(store, catalogue, code, day, [c.code for c in cats], include_pending=True, lang=lang)
        return frozenset(d.iri for d in lookup.duties)

    entries: list[Change] = []
    for item in found.entries:
        if item.kind == "cooperation":
            continue
        if item.kind in ("duty-starts", "duty-ends"):
            record = records.get(item.iri)
            if theme_iris and (record is None or not record.themes & theme_iris):
                continue
            if cats:
                code = place.code if place else item.jurisdictions[0].code
                day = item.date if item.kind == "duty-starts" else item.date - dt.timedelta(1)
                if item.iri not in shown(code, day):
                    continue
            verb = "starts to apply" if item.kind == "duty-starts" else "stops applying"
            cite = f" ({item.detail})" if item.detail else ""
            text = f"{item.label}{cite} {verb} on {item.date.isoformat()}."
        else:
            if cats or theme_iris:
                continue
            text = f"{item.label} ({item.date.isoformat()})." + (f" {item.detail}" if item.detail else "")
        entries.append(
            Change(
                key=f"{item.iri}#{item.kind}",
                date=item.date,
                kind=item.kind,  # type: ignore[arg-type]
                iri=item.iri,
                id=item.id,
                label=item.label,
                text=text,
                citation=item.detail if item.kind != "enforcement" else None,
                official_text=item.source,
                jurisdictions=item.jurisdictions,
                modified=modified.get(item.iri),
            )
        )
    if not cats and not theme_iris:
        entries += instrument_changes(store, catalogue, place.iri if place else None, first, last, modified, lang)
    if not theme_iris:
        below = catalogue.narrower_closure([c.iri for c in cats]) if cats else None
        entries += designation_changes(
            store, catalogue, place.iri if place else None, below, first, last, modified, lang
        )
    if since is not None:
        entries = [e for e in entries if e.modified is not None and e.modified >= since]
    entries.sort(key=lambda e: (e.date, e.kind, e.id))
    return ChangeFeed(
        jurisdiction=jurisdiction_ref(catalogue, place.iri, lang) if place else None,
        categories=refs(catalogue, [c.iri for c in cats], lang),
        themes=refs(catalogue, sorted(theme_iris), lang),
        start=first,
        end=last,
        updated=max((e.modified for e in entries if e.modified), default=None),
        entries=entries,
    )


def instrument_changes(
    store: Store,
    catalogue: Catalogue,
    place: str | None,
    first: dt.date,
    last: dt.date,
    modified: dict[str, dt.date],
    lang: str,
) -> list[Change]:
    """Instruments entering into force or starting to apply in the period, where the place is reached then."""
    out: list[Change] = []
    for law in laws(store, catalogue, lang):
        for kind, day, verb in (
            ("instrument-in-force", law.in_force_from, "enters into force"),
            ("instrument-applies", law.applies_from, "applies"),
        ):
            if day is None or not first <= day <= last:
                continue
            where = {j.iri for j in law.applies_in}
            if place is not None and not where & set(Scope.of(catalogue, place, day).reaches):
                continue
            cite = f" ({law.citation})" if law.citation else ""
            out.append(
                Change(
                    key=f"{law.iri}#{kind}",
                    date=day,
                    kind=kind,  # type: ignore[arg-type]
                    iri=law.iri,
                    id=law.id,
                    label=law.label,
                    text=f"{law.label}{cite} {verb} from {day.isoformat()}.",
                    citation=law.citation,
                    official_text=law.official_text,
                    jurisdictions=law.applies_in,
                    modified=modified.get(law.iri),
                )
            )
    return out


def designation_changes(
    store: Store,
    catalogue: Catalogue,
    place: str | None,
    categories: set[str] | None,
    first: dt.date,
    last: dt.date,
    modified: dict[str, dt.date],
    lang: str,
) -> list[Change]:
    """Designations decided, starting to bind or ending in the period, where the place is reached then."""
    out: list[Change] = []
    for d in designations(store, catalogue, None, lang):
        if not d.falls_in_category or (categories is not None and d.category.iri not in categories):
            continue
        by = f" by {d.designated_by.label}" if d.designated_by else ""
        for kind, day, verb in (
            ("designation", d.designated_on, f"designated{by} as"),
            ("designation-binds", d.binds_from if d.binds_from != d.designated_on else None, "bound as"),
            ("designation-ends", d.ends_on, "no longer designated as"),
        ):
            if day is None or not first <= day <= last:
                continue
            if place is not None and (
                d.applies_in is None or d.applies_in.iri not in Scope.of(catalogue, place, day).reaches
            ):
                continue
            cite = d.legal_basis.citation if d.legal_basis else None
            out.append(
                Change(
                    key=f"{d.iri}#{kind}",
                    date=day,
                    kind=kind,  # type: ignore[arg-type]
                    iri=d.iri,
                    id=d.id,
                    label=d.label,
                    text=f"{d.service} {verb} {d.category.label} on {day.isoformat()}"
                    + (f" ({cite})." if cite else "."),
                    citation=cite,
                    official_text=d.decision,
                    jurisdictions=[d.applies_in] if d.applies_in else [],
                    modified=modified.get(d.iri),
                )
            )
    return out
