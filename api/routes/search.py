"""Full-text search: `GET /search` (JSON) and the explorer's results page `/explore/search`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from dutygraph.graph.errors import DutygraphError
from dutygraph.graph.models import SearchResult
from dutygraph.graph.search import search
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only
from ..problems import problem_responses
from .pages import page_lang, render

router = APIRouter(tags=["search"], responses=problem_responses(400))

Kind = Literal["duty", "provision", "law", "authority", "provider", "concept"]


@router.get(
    "/search",
    response_model=SearchResult,
    summary="Search in plain words",
    dependencies=[Depends(known_parameters_only)],
)
def get_search(
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    q: Annotated[
        str, Query(description="words, e.g. age verification or signalement pédopornographie", max_length=200)
    ],
    jurisdiction: Annotated[
        str | None, Query(description="only what is set in this place or a jurisdiction reaching it", max_length=20)
    ] = None,
    type: Annotated[Kind | None, Query(description="only this kind of entity")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResult:
    """Duties, provisions, laws, authorities, providers and concepts, ranked (BM25), with highlighted snippets."""
    return search(store, catalogue, q, lang, jurisdiction, type, limit)


@router.get("/explore/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, state: StateDep) -> HTMLResponse:
    """The results of the search box every page carries."""
    q, lang = request.query_params, page_lang(request)
    context: dict[str, Any] = {"q": q.get("q", "").strip(), "result": None}
    if not context["q"]:
        return render(request, state, "search.html", context)
    try:
        context["result"] = search(
            state.store, state.catalogue, context["q"], lang, q.get("jurisdiction") or None, q.get("type") or None
        )
    except DutygraphError as exc:
        return render(request, state, "search.html", context, exc)
    return render(request, state, "search.html", context)
