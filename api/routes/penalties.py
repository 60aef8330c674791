"""Maximum penalties by regime: what an authority may impose under each instrument, and on what basis."""

from __future__ import annotations

from typing import Annotated

from dutygraph.graph.models import Penalty
from dutygraph.graph.penalties import penalties_for
from fastapi import APIRouter, Depends, Query, Request, Response

from ..deps import CatalogueDep, LangDep, StoreDep, known_parameters_only
from ..pagination import Page, PageDep, paginate
from ..problems import problem_responses

router = APIRouter(tags=["penalties"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400))


@router.get("/penalties", response_model=Page[Penalty], summary="Maximum penalties by regime")
def list_penalties(
    request: Request,
    response: Response,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    page: PageDep,
    law: Annotated[str | None, Query(description="instrument id, e.g. eu-dsa", max_length=200)] = None,
    jurisdiction: Annotated[
        str | None, Query(description="only instruments whose duties reach this place, e.g. FR", max_length=20)
    ] = None,
    date: Annotated[
        str | None, Query(description="ISO date for the place's union memberships; default today", max_length=10)
    ] = None,
) -> Page[Penalty]:
    """Each maximum with the provision that sets it, who imposes it, and how it was checked."""
    return paginate(penalties_for(store, catalogue, law, jurisdiction, lang, date), page, request, response)
