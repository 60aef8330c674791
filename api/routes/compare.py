"""Comparison: the corresponding duties across jurisdictions for a theme or one duty, as a matrix."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from dutygraph.graph.compare import compare, theme_matrix
from dutygraph.graph.models import Comparison, ThemeMatrix
from fastapi import APIRouter, Depends, Query, Request, Response

from ..answers import respond
from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only
from ..problems import problem_responses

router = APIRouter(
    tags=["comparison"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400, 404)
)


@router.get("/compare", response_model=Comparison, summary="Compare jurisdictions")
def compare_duties(
    request: Request,
    response: Response,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    theme: Annotated[str | None, Query(description="theme code, e.g. age-assurance", max_length=200)] = None,
    duty: Annotated[str | None, Query(description="a duty id, e.g. duty-eu-dsa-art28-1", max_length=300)] = None,
    jurisdictions: Annotated[
        list[str], Query(description="ISO codes, repeatable or comma-separated; default all", max_length=100)
    ] = [],  # noqa: B006 - FastAPI copies defaults
    date: Annotated[
        str | None, Query(description="ISO date (YYYY-MM-DD) of the verdicts; default today", max_length=10)
    ] = None,
    include_pending: Annotated[bool, Query(description="also pending, not-in-force and ended duties")] = False,
) -> Response:
    """Give exactly one of `theme` or `duty`. Each duty carries the one judgement's verdict on the date."""
    codes = [c for value in jurisdictions for c in value.split(",") if c.strip()]
    key = ("compare", dt.date.today(), theme, duty, tuple(codes), date, lang, include_pending)
    answer = state.answers.get(key, lambda: compare(store, catalogue, theme, duty, codes, date, lang, include_pending))
    return respond(request, answer, response)


@router.get("/compare/matrix", response_model=ThemeMatrix, summary="Themes × jurisdictions")
def compare_matrix(
    request: Request,
    response: Response,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    jurisdictions: Annotated[
        list[str], Query(description="ISO codes, repeatable or comma-separated", max_length=100)
    ] = [],  # noqa: B006 - FastAPI copies defaults
    theme: Annotated[
        list[str], Query(description="theme codes (repeatable); default every theme", max_length=200)
    ] = [],  # noqa: B006
    date: Annotated[
        str | None, Query(description="ISO date (YYYY-MM-DD) of the verdicts; default today", max_length=10)
    ] = None,
    include_pending: Annotated[bool, Query(description="also pending, not-in-force and ended duties")] = False,
) -> Response:
    """The explorer's comparison page as data: for each theme and jurisdiction, the duties and their verdicts."""
    codes = [c for value in jurisdictions for c in value.split(",") if c.strip()]
    key = ("matrix", dt.date.today(), tuple(theme), tuple(codes), date, include_pending, lang)
    answer = state.answers.get(key, lambda: theme_matrix(store, catalogue, theme, codes, date, include_pending, lang))
    return respond(request, answer, response)
