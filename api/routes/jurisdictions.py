"""Jurisdictions, and the main lookup: which duties apply here, to this service, on this date, and why."""

from __future__ import annotations

from typing import Annotated

from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.catalogue import parse_date
from dutygraph.graph.jurisdictions import jurisdiction, jurisdictions
from dutygraph.graph.models import DutyLookup, JurisdictionDetail, JurisdictionItem
from dutygraph.graph.register import lookup_entries
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from ..answers import respond
from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only, path_jurisdiction
from ..exports import JSON, REGISTER_RESPONSES, register, wanted
from ..pagination import Page, PageDep, paginate
from ..problems import problem_responses

router = APIRouter(
    prefix="/jurisdictions",
    tags=["jurisdictions"],
    dependencies=[Depends(known_parameters_only)],
    responses=problem_responses(400),
)

Code = Annotated[str, Path(description="ISO 3166 code: FR, GB (or UK), EU, FR-IDF...", max_length=20)]


@router.get("", response_model=Page[JurisdictionItem], summary="List jurisdictions")
def list_jurisdictions(
    request: Request, response: Response, state: StateDep, catalogue: CatalogueDep, lang: LangDep, page: PageDep
) -> Page[JurisdictionItem]:
    items = state.memo.get(("jurisdictions", lang), lambda: jurisdictions(catalogue, lang))
    return paginate(items, page, request, response)


@router.get("/{code}", response_model=JurisdictionDetail, summary="One jurisdiction", responses=problem_responses(404))
def get_jurisdiction(
    code: Code, state: StateDep, store: StoreDep, catalogue: CatalogueDep, lang: LangDep
) -> JurisdictionDetail:
    """Its regions, dated union memberships, competent authorities and the laws that apply in it."""
    key = ("jurisdiction", path_jurisdiction(catalogue, code).code, lang)
    return state.memo.get(key, lambda: jurisdiction(store, catalogue, code, lang))


@router.get(
    "/{code}/duties",
    response_model=DutyLookup,
    summary="Duties that apply, and why",
    responses={**problem_responses(404), **REGISTER_RESPONSES},
)
def duties_in(
    request: Request,
    response: Response,
    code: Code,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    service: Annotated[
        list[str], Query(description="service category, e.g. eu-online-platform (repeatable)", max_length=50)
    ] = [],  # noqa: B006 - FastAPI copies defaults
    date: Annotated[str | None, Query(description="ISO date (YYYY-MM-DD); default today", max_length=10)] = None,
    harm: Annotated[
        str | None, Query(description="only duties addressing this harm, e.g. csam", max_length=100)
    ] = None,
    condition: Annotated[
        list[str],
        Query(
            description="a condition that holds, or !condition that does not (repeatable), e.g. accessible-to-minors",
            max_length=50,
        ),
    ] = [],  # noqa: B006
    include_pending: Annotated[bool, Query(description="also upcoming, pending and not-in-force duties")] = False,
    designation: Annotated[
        list[str],
        Query(
            description="a designation the service holds (repeatable), e.g. eu-vlop, gb-category-1-service",
            max_length=50,
        ),
    ] = [],  # noqa: B006
    establishment: Annotated[
        str | None, Query(description="EU Member State of main establishment, e.g. IE", max_length=20)
    ] = None,
    explain: Annotated[bool, Query(description="also every other candidate duty and why it does not bind")] = False,
) -> Response:
    """The duties that apply in a jurisdiction on a date to a kind of service, each with the one judgement's
    verdict and reasoning, its competent authority and its evidence; with `explain`, why the others do not."""
    place = path_jurisdiction(catalogue, code)
    day = parse_date(date)
    key = (
        "lookup",
        place.code,
        day,
        tuple(service),
        tuple(condition),
        harm,
        include_pending,
        lang,
        tuple(designation),
        (establishment or "").upper(),
        explain,
    )

    def compute() -> DutyLookup:
        return applicable_duties(
            store,
            catalogue,
            place.code,
            day,
            service,
            condition,
            harm,
            include_pending,
            lang,
            designation,
            establishment,
            explain,
        )

    offer = wanted(request)
    if offer is not JSON:
        model = compute()
        question = f"duties in {place.code} on {day}" + (f" for {', '.join(service)}" if service else "")
        name = f"duties-{place.code}-{day}"
        return register(offer, lookup_entries(model), name, question, day, str(request.url), lang)
    return respond(request, state.answers.get(key, compute), response)
