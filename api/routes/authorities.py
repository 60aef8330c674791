"""Authorities: regulators and other bodies, with the duties they enforce and the events they took part in."""

from __future__ import annotations

from typing import Annotated

from dutygraph.graph.authorities import authorities, authority
from dutygraph.graph.models import AuthorityDetail, AuthorityItem
from fastapi import APIRouter, Depends, Path, Request, Response

from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only, path_code
from ..pagination import Page, PageDep, paginate
from ..problems import problem_responses

router = APIRouter(
    prefix="/authorities",
    tags=["authorities"],
    dependencies=[Depends(known_parameters_only)],
    responses=problem_responses(400),
)


@router.get("", response_model=Page[AuthorityItem], summary="List authorities")
def list_authorities(
    request: Request,
    response: Response,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    page: PageDep,
) -> Page[AuthorityItem]:
    items = state.memo.get(("authorities", lang), lambda: authorities(store, catalogue, lang))
    return paginate(items, page, request, response)


@router.get("/{id}", response_model=AuthorityDetail, summary="One authority", responses=problem_responses(404))
def get_authority(
    id: Annotated[str, Path(description="authority id, e.g. ofcom or arcom", max_length=300)],
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
) -> AuthorityDetail:
    key = ("authority", path_code(catalogue, "authority", id).code, lang)
    return state.memo.get(key, lambda: authority(store, catalogue, id, lang))
