"""Duties: the list (filtered by where, which law, theme, harm, enforcer) and each duty's page."""

from __future__ import annotations

from typing import Annotated

from dutygraph.graph.duties import duties, duty
from dutygraph.graph.models import DutyAnswer, DutyDetail
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only
from ..pagination import Page, PageDep, paginate
from ..problems import problem_responses

router = APIRouter(
    prefix="/duties", tags=["duties"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400)
)

Filter = Annotated[str | None, Query(max_length=200)]


@router.get("", response_model=Page[DutyAnswer], summary="List duties")
def list_duties(
    request: Request,
    response: Response,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    page: PageDep,
    jurisdiction: Annotated[
        str | None,
        Query(
            description="where the duty is set (its dg:appliesIn), e.g. EU; "
            "GET /jurisdictions/{code}/duties adds what reaches a place",
            max_length=20,
        ),
    ] = None,
    law: Annotated[str | None, Query(description="instrument id, e.g. eu-dsa", max_length=200)] = None,
    theme: Annotated[str | None, Query(description="theme code, e.g. age-assurance", max_length=200)] = None,
    harm: Annotated[str | None, Query(description="harm code, e.g. csam", max_length=200)] = None,
    authority: Annotated[str | None, Query(description="enforcing authority id, e.g. ofcom", max_length=200)] = None,
) -> Page[DutyAnswer]:
    key = ("duties", lang, jurisdiction, law, theme, harm, authority)
    items = state.memo.get(key, lambda: duties(store, catalogue, lang, jurisdiction, law, theme, harm, authority))
    return paginate(items, page, request, response)


@router.get("/{id}", response_model=DutyDetail, summary="One duty", responses=problem_responses(404))
def get_duty(
    id: Annotated[str, Path(description="duty id, e.g. duty-eu-dsa-art28-1", max_length=300)],
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
) -> DutyDetail:
    """Everything the graph records about a duty, with its corresponding duties elsewhere."""
    return state.memo.get(("duty", id, lang), lambda: duty(store, catalogue, id, lang))
