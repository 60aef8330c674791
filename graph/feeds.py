"""The change feed as Atom (feedgen) and JSON Feed 1.1, and the deadlines as iCalendar (icalendar).

"Changed" means a change the law makes on a date (graph/changes.py): the entry's `updated` is when the
graph's record of it last changed (`modified`), its summary says what happens and when, with the citation.
Entry ids are the entity IRI with the kind of change, so a reader sees one entry per change, updated in
place when the record is corrected.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event

from . import __version__
from .models import Change, ChangeFeed

TITLE = "dutygraph: changes in children's online-safety law"


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _updated(feed: ChangeFeed) -> dt.date:
    return feed.updated or max((e.date for e in feed.entries), default=feed.start)


def _page(base: str, entry: Change) -> str:
    return f"{base.rstrip('/')}/id/{entry.id}"


def atom(feed: ChangeFeed, base: str, self_url: str) -> bytes:
    fg = FeedGenerator()
    fg.id(self_url)
    fg.title(TITLE)
    fg.subtitle(
        "Duties starting or ending, instruments entering into force or applying, designations, enforcement actions. "
        "An entry's updated date is when the graph's record of it last changed."
    )
    fg.author({"name": "dutygraph contributors"})
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.link(href=base, rel="alternate", type="text/html")
    fg.generator("dutygraph", __version__)
    fg.rights("CC BY 4.0")
    fg.updated(_stamp(_updated(feed)))
    for entry in feed.entries:  # feedgen prepends each entry: the newest change ends up first
        fe = fg.add_entry()
        fe.id(f"{entry.iri}#{entry.kind}")
        fe.title(f"{entry.date.isoformat()} · {entry.label}")
        fe.updated(_stamp(entry.modified or entry.date))
        fe.published(_stamp(entry.modified or entry.date))
        fe.summary(entry.text + (f" Official text: {entry.official_text}" if entry.official_text else ""))
        # one link only: feedgen 1.0 drops an entry link's rel and type, so a second would be a second alternate
        fe.link(href=_page(base, entry))
        fe.category(term=entry.kind, label=entry.kind)
        for place in entry.jurisdictions:
            fe.category(term=place.code, scheme=f"{base.rstrip('/')}/jurisdictions", label=place.label)
    return bytes(fg.atom_str(pretty=True))


def json_feed(feed: ChangeFeed, base: str, self_url: str) -> dict[str, Any]:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with the change's facts under `_dutygraph`."""
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": TITLE,
        "home_page_url": base,
        "feed_url": self_url,
        "description": "An item's date_modified is when the graph's record of the change last changed.",
        "language": "en",
        "items": [
            {
                "id": f"{e.iri}#{e.kind}",
                "url": _page(base, e),
                "external_url": e.official_text,
                "title": f"{e.date.isoformat()} · {e.label}",
                "content_text": e.text,
                "date_published": _stamp(e.modified or e.date).isoformat(),
                "date_modified": _stamp(e.modified or e.date).isoformat(),
                "tags": [e.kind, *(j.code for j in e.jurisdictions)],
                "_dutygraph": {"date": e.date.isoformat(), "kind": e.kind, "citation": e.citation},
            }
            for e in reversed(feed.entries)
        ],
    }


DEADLINE_KINDS = ("duty-starts", "instrument-in-force", "instrument-applies", "designation-binds")


def deadlines(feed: ChangeFeed, base: str) -> bytes:
    """Each upcoming application date as an all-day event a calendar can subscribe to."""
    cal = Calendar()
    cal.add("prodid", f"-//dutygraph//deadlines {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "dutygraph: application dates")
    for entry in feed.entries:
        if entry.kind not in DEADLINE_KINDS:
            continue
        event = Event()
        event.add("uid", f"{entry.id}.{entry.kind}@dutygraph")
        event.add("dtstamp", _stamp(entry.modified or entry.date))
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + dt.timedelta(days=1))
        event.add("summary", entry.label)
        event.add("description", entry.text + (f"\n{entry.official_text}" if entry.official_text else ""))
        event.add("url", _page(base, entry))
        event.add("categories", [entry.kind, *(j.code for j in entry.jurisdictions)])
        cal.add_component(event)
    return bytes(cal.to_ical())
