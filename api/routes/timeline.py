"""Timeline: duties starting or ending, and enforcement and cooperation events, in a period."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from dutygraph.graph.models import Timeline
from dutygraph.graph.timeline import timeline
from fastapi import APIRouter, Depends, Query, Request, Response

from ..answers import respond
from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only
from ..problems import problem_responses

router = APIRouter(tags=["timeline"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400))

Start = Annotated[
    str | None, Query(alias="from", description="ISO date (YYYY-MM-DD); default 2000-01-01", max_length=10)
]
End = Annotated[
    str | None, Query(alias="to", description="ISO date (YYYY-MM-DD); default the end of next year", max_length=10)
]
Where = Annotated[str | None, Query(description="ISO code; includes the unions it belongs to", max_length=20)]
Who = Annotated[str | None, Query(description="authority id, e.g. ofcom", max_length=200)]


@router.get("/timeline", response_model=Timeline, summary="What changes when")
def get_timeline(
    request: Request,
    response: Response,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    start: Start = None,
    end: End = None,
    jurisdiction: Where = None,
    authority: Who = None,
) -> Response:
    key = ("timeline", dt.date.today(), start, end, jurisdiction, authority, lang)  # the default end moves
    answer = state.answers.get(key, lambda: timeline(store, catalogue, start, end, jurisdiction, authority, lang))
    return respond(request, answer, response)
