"""Service providers, their designations, and the duties that apply to one provider here on a date."""

from __future__ import annotations

from typing import Annotated

from dutygraph.graph.catalogue import parse_date
from dutygraph.graph.models import ProviderDetail, ProviderDuties, ProviderSummary
from dutygraph.graph.providers import provider, provider_duties, providers
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only
from ..pagination import Page, PageDep, paginate
from ..problems import problem_responses

router = APIRouter(
    prefix="/providers",
    tags=["providers"],
    dependencies=[Depends(known_parameters_only)],
    responses=problem_responses(400),
)

ProviderId = Annotated[str, Path(description="provider id, e.g. provider-tiktok", max_length=300)]


@router.get("", response_model=Page[ProviderSummary], summary="List service providers")
def list_providers(
    request: Request,
    response: Response,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    page: PageDep,
) -> Page[ProviderSummary]:
    items = state.memo.get(("providers", lang), lambda: providers(store, catalogue, lang))
    return paginate(items, page, request, response)


@router.get("/{id}", response_model=ProviderDetail, summary="One provider", responses=problem_responses(404))
def get_provider(
    id: ProviderId, state: StateDep, store: StoreDep, catalogue: CatalogueDep, lang: LangDep
) -> ProviderDetail:
    """The provider with its categories, main establishment and every designation with its decision."""
    return state.memo.get(("provider", id, lang), lambda: provider(store, catalogue, id, lang))


@router.get(
    "/{id}/duties",
    response_model=ProviderDuties,
    summary="Duties that apply to one provider",
    responses=problem_responses(404),
)
def get_provider_duties(
    id: ProviderId,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    jurisdiction: Annotated[str, Query(description="where, e.g. FR, IE or GB", max_length=20)],
    date: Annotated[str | None, Query(description="ISO date (YYYY-MM-DD); default today", max_length=10)] = None,
    service: Annotated[
        str | None, Query(description="only this designated service of the provider, e.g. YouTube", max_length=100)
    ] = None,
    include_pending: Annotated[bool, Query(description="also upcoming, pending and not-in-force duties")] = False,
    explain: Annotated[bool, Query(description="also every other candidate duty and why it does not bind")] = False,
) -> ProviderDuties:
    """The lookup asked with the provider's own categories, the designations that bind on the date and its
    main establishment; each duty says which designation it binds the provider through."""
    day = parse_date(date)
    place = catalogue.jurisdiction(jurisdiction).code
    key = ("provider-duties", id, place, day, service, include_pending, explain, lang)
    return state.memo.get(
        key,
        lambda: provider_duties(store, catalogue, id, place, day, lang, service, include_pending, explain),
    )
