"""Comparison: the corresponding duties across jurisdictions for a theme or one duty, as a matrix."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from dutygraph.graph.catalogue import parse_date
from dutygraph.graph.compare import compare, theme_matrix
from dutygraph.graph.models import Comparison, ThemeMatrix
from dutygraph.graph.register import comparison_entries
from fastapi import APIRouter, Depends, Query, Request, Response

from ..answers import respond
from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only
from ..exports import JSON, REGISTER_RESPONSES, register, wanted
from ..problems import problem_responses

router = APIRouter(
    tags=["comparison"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400, 404)
)


@router.get("/compare", response_model=Comparison, summary="Compare jurisdictions", responses=REGISTER_RESPONSES)
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

    def compute() -> Comparison:
        return compare(store, catalogue, theme, duty, codes, date, lang, include_pending)

    offer = wanted(request)
    if offer is not JSON:
        subject, day = theme or duty or "", parse_date(date)
        name, question = f"compare-{subject}-{day}", f"comparison: {subject}"
        return register(offer, comparison_entries(compute()), name, question, day, str(request.url), lang)
    key = ("compare", dt.date.today(), theme, duty, tuple(codes), date, lang, include_pending)
    return respond(request, state.answers.get(key, compute), response)


@router.get(
    "/compare/matrix", response_model=ThemeMatrix, summary="Themes × jurisdictions", responses=REGISTER_RESPONSES
)
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

    def compute() -> ThemeMatrix:
        return theme_matrix(store, catalogue, theme, codes, date, include_pending, lang)

    offer = wanted(request)
    if offer is not JSON:
        answer = compute()
        question = f"themes × {', '.join(j.code for j in answer.jurisdictions)}"
        name = f"matrix-{answer.date}"
        return register(offer, comparison_entries(answer), name, question, answer.date, str(request.url), lang)
    key = ("matrix", dt.date.today(), tuple(theme), tuple(codes), date, include_pending, lang)
    return respond(request, state.answers.get(key, compute), response)
