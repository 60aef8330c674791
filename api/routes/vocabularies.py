"""The closed lists a lookup accepts codes from: service categories and harms."""

from __future__ import annotations

from dutygraph.graph.concepts import harms, service_categories
from dutygraph.graph.models import ConceptItem
from fastapi import APIRouter, Depends, Request, Response

from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only
from ..pagination import Page, PageDep, paginate
from ..problems import problem_responses

router = APIRouter(
    tags=["vocabularies"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400)
)


@router.get("/service-categories", response_model=Page[ConceptItem], summary="List service categories")
def list_service_categories(
    request: Request,
    response: Response,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    page: PageDep,
) -> Page[ConceptItem]:
    """The categories a duty's bearer can be (the `service=` codes of the lookup), with their hierarchy."""
    items = state.memo.get(("service-categories", lang), lambda: service_categories(store, catalogue, lang))
    return paginate(items, page, request, response)


@router.get("/harms", response_model=Page[ConceptItem], summary="List harms")
def list_harms(
    request: Request,
    response: Response,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    page: PageDep,
) -> Page[ConceptItem]:
    """The harms duties address (the `harm=` codes of the lookup), with their hierarchy."""
    items = state.memo.get(("harms", lang), lambda: harms(store, catalogue, lang))
    return paginate(items, page, request, response)
