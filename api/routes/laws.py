"""Laws (instruments): the list and each law's page with its provisions and duties."""

from __future__ import annotations

from typing import Annotated

from dutygraph.graph.laws import law, laws
from dutygraph.graph.models import LawDetail, LawItem
from fastapi import APIRouter, Depends, Path, Request, Response

from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only
from ..pagination import Page, PageDep, paginate
from ..problems import problem_responses

router = APIRouter(
    prefix="/laws", tags=["laws"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400)
)


@router.get("", response_model=Page[LawItem], summary="List laws")
def list_laws(
    request: Request,
    response: Response,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    page: PageDep,
) -> Page[LawItem]:
    items = state.memo.get(("laws", lang), lambda: laws(store, catalogue, lang))
    return paginate(items, page, request, response)


@router.get("/{id}", response_model=LawDetail, summary="One law", responses=problem_responses(404))
def get_law(
    id: Annotated[str, Path(description="instrument id, e.g. eu-dsa or gb-osa-2023", max_length=300)],
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
) -> LawDetail:
    return state.memo.get(("law", id, lang), lambda: law(store, catalogue, id, lang))
