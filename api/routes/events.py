"""Enforcement actions and cooperation between authorities, as paged lists."""

from __future__ import annotations

from typing import Annotated

from dutygraph.graph.enforcement import enforcement_actions
from dutygraph.graph.events import events
from dutygraph.graph.models import EnforcementAction, TimelineEntry
from fastapi import APIRouter, Depends, Query, Request, Response

from ..deps import CatalogueDep, LangDep, StoreDep, known_parameters_only
from ..pagination import Page, PageDep, paginate
from ..problems import problem_responses
from .timeline import End, Start, Where, Who

router = APIRouter(tags=["events"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400))


@router.get("/enforcement", response_model=Page[EnforcementAction], summary="Enforcement actions")
def list_enforcement(
    request: Request,
    response: Response,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    page: PageDep,
    start: Start = None,
    end: End = None,
    jurisdiction: Where = None,
    authority: Who = None,
    status: Annotated[
        str | None,
        Query(description="stage: open, preliminary-findings, decision, fine, closed", max_length=100),
    ] = None,
    minors: Annotated[bool | None, Query(description="only actions about (true) or not about (false) minors")] = None,
) -> Page[EnforcementAction]:
    """Investigations, requests for information, fines..., oldest first, each with its stage, legal basis,
    target and fine."""
    found = enforcement_actions(store, catalogue, start, end, jurisdiction, authority, status, minors, lang)
    return paginate(found, page, request, response)


@router.get("/cooperation", response_model=Page[TimelineEntry], summary="Cooperation between authorities")
def list_cooperation(
    request: Request,
    response: Response,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    page: PageDep,
    start: Start = None,
    end: End = None,
    jurisdiction: Where = None,
    authority: Who = None,
) -> Page[TimelineEntry]:
    """Joint statements, working groups, bilateral meetings, regulator networks, oldest first."""
    found = events(store, catalogue, "cooperation", start, end, jurisdiction, authority, lang)
    return paginate(found, page, request, response)
