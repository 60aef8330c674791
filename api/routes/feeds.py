"""The change feed (Atom, JSON Feed), the deadline calendar (iCalendar) and the diff between two dates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import orjson
from dutygraph.graph import feeds
from dutygraph.graph.changes import changes
from dutygraph.graph.diff import diff
from dutygraph.graph.models import DutyDiff
from fastapi import APIRouter, Depends, Query, Request, Response

from ..deps import CatalogueDep, LangDep, StoreDep, known_parameters_only
from ..problems import problem_responses

router = APIRouter(tags=["changes"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400))

Where = Annotated[str | None, Query(description="ISO code, e.g. FR (with the unions reaching it)", max_length=20)]
Services = Annotated[
    list[str] | None, Query(alias="service", description="service category, e.g. eu-online-platform (repeatable)")
]
Themes = Annotated[list[str] | None, Query(alias="theme", description="theme, e.g. age-assurance (repeatable)")]
Start = Annotated[str | None, Query(alias="from", description="ISO date (YYYY-MM-DD)", max_length=10)]
End = Annotated[str | None, Query(alias="to", description="ISO date (YYYY-MM-DD)", max_length=10)]
Since = Annotated[
    str | None,
    Query(description="only what the graph recorded or corrected on or after this ISO date", max_length=10),
]


def _documented(media: str, description: str) -> dict[int | str, dict[str, object]]:
    return {200: {"description": description, "content": {media: {"schema": {"type": "string"}}}}}


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/"


@router.get(
    "/changes.atom",
    summary="What changes in the law, as Atom",
    response_class=Response,
    responses=_documented("application/atom+xml", "an Atom feed (RFC 4287)"),
)
def changes_atom(
    request: Request,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    jurisdiction: Where = None,
    service: Services = None,
    theme: Themes = None,
    start: Start = None,
    end: End = None,
    changed_since: Since = None,
) -> Response:
    """Duties starting or ending, instruments entering into force or applying, enforcement actions."""
    found = changes(store, catalogue, start, end, jurisdiction, service, theme, lang, changed_since)
    body = feeds.atom(found, _base(request), str(request.url))
    return Response(body, media_type="application/atom+xml")


@router.get(
    "/changes.json",
    summary="What changes in the law, as JSON Feed 1.1",
    response_class=Response,
    responses={
        200: {"description": "a JSON Feed 1.1", "content": {"application/feed+json": {"schema": {"type": "object"}}}}
    },
)
def changes_json(
    request: Request,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    jurisdiction: Where = None,
    service: Services = None,
    theme: Themes = None,
    start: Start = None,
    end: End = None,
    changed_since: Since = None,
) -> Response:
    found = changes(store, catalogue, start, end, jurisdiction, service, theme, lang, changed_since)
    body = orjson.dumps(feeds.json_feed(found, _base(request), str(request.url)))
    return Response(body, media_type="application/feed+json")


@router.get(
    "/deadlines.ics",
    summary="Upcoming application dates, as iCalendar",
    response_class=Response,
    responses=_documented("text/calendar", "an iCalendar (RFC 5545) of all-day events"),
)
def deadlines_ics(
    request: Request,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    jurisdiction: Where = None,
    service: Services = None,
    theme: Themes = None,
    start: Annotated[str | None, Query(alias="from", description="ISO date; default today", max_length=10)] = None,
    end: End = None,
) -> Response:
    """Duties starting to apply and instruments entering into force or applying, from `from` (today) on."""
    first = start or dt.date.today().isoformat()
    found = changes(store, catalogue, first, end, jurisdiction, service, theme, lang)
    return Response(feeds.deadlines(found, _base(request)), media_type="text/calendar; charset=utf-8")


@router.get("/diff", response_model=DutyDiff, summary="What two dates change for a service")
def get_diff(
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    jurisdiction: Annotated[str, Query(description="ISO code, e.g. GB", max_length=20)],
    start: Annotated[str, Query(alias="from", description="ISO date (YYYY-MM-DD)", max_length=10)],
    end: Annotated[str, Query(alias="to", description="ISO date (YYYY-MM-DD)", max_length=10)],
    service: Services = None,
    condition: Annotated[list[str] | None, Query(description="condition that holds, or !condition")] = None,
    designation: Annotated[list[str] | None, Query(description="a designation the service holds")] = None,
    establishment: Annotated[str | None, Query(description="EU Member State of main establishment")] = None,
) -> DutyDiff:
    """Duties that begin, end or change verdict between the dates, from `applicable_duties` on each."""
    return diff(
        store, catalogue, jurisdiction, start, end, service or [], condition or [], designation or [], establishment,
        lang,
    )  # fmt: skip
