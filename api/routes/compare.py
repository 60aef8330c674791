"""Comparison: the corresponding duties across jurisdictions for a theme or one duty, as a matrix."""

from __future__ import annotations

from typing import Annotated

from dutygraph.graph.compare import compare
from dutygraph.graph.models import Comparison
from fastapi import APIRouter, Depends, Query

from ..deps import CatalogueDep, LangDep, StoreDep, known_parameters_only
from ..problems import problem_responses

router = APIRouter(
    tags=["comparison"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400, 404)
)


@router.get("/compare", response_model=Comparison, summary="Compare jurisdictions")
def compare_duties(
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
) -> Comparison:
    """Give exactly one of `theme` or `duty`."""
    codes = [c for value in jurisdictions for c in value.split(",") if c.strip()]
    return compare(store, catalogue, theme, duty, codes, date, lang)
