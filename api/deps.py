"""Route dependencies as Annotated aliases: the process state, the store, the Catalogue, the language.

A route declares `store: StoreDep, catalogue: CatalogueDep, lang: LangDep` and
receives what the lifespan opened; nothing is opened per request. The dependencies
are `async def` because they never block: FastAPI would otherwise send each one
to the thread pool, and /health must answer even when that pool is busy.
"""

from __future__ import annotations

from typing import Annotated, Literal

from dutygraph.graph.catalogue import Catalogue, Entry
from dutygraph.graph.errors import InvalidInput, NotFound, UnknownCode
from dutygraph.graph.store import Store
from fastapi import Depends, Header, Query, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from .conneg import negotiate_language
from .state import AppState


async def get_state(request: Request) -> AppState:
    return request.app.state.dutygraph  # type: ignore[no-any-return]


async def get_store(state: Annotated[AppState, Depends(get_state)]) -> Store:
    return state.store


async def get_catalogue(state: Annotated[AppState, Depends(get_state)]) -> Catalogue:
    return state.catalogue


async def get_lang(
    response: Response,
    lang: Annotated[Literal["en", "fr"] | None, Query(description="label language; overrides Accept-Language")] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> str:
    """Labels in English unless `lang=fr` or an Accept-Language that prefers French."""
    chosen = lang or negotiate_language(accept_language)
    response.headers["Content-Language"] = chosen
    response.headers["Vary"] = "Accept-Language"
    return chosen


StateDep = Annotated[AppState, Depends(get_state)]
StoreDep = Annotated[Store, Depends(get_store)]
CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
LangDep = Annotated[str, Depends(get_lang)]

_declared: dict[int, frozenset[str]] = {}


async def known_parameters_only(request: Request) -> None:
    """Refuse query parameters a route does not declare, so a typo (`jurisdction=`) is an error, not ignored."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    names = _declared.get(id(route))
    if names is None:
        names = _declared[id(route)] = frozenset(_query_names(route.dependant))
    unknown = sorted(set(request.query_params) - names)
    if unknown:
        raise InvalidInput(
            f"unknown query parameter {', '.join(map(repr, unknown))}; this route takes: "
            f"{', '.join(sorted(names)) or 'no query parameters'}",
            valid=sorted(names),
        )


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters a route and all its dependencies declare."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def path_code(catalogue: Catalogue, kind: str, code: str) -> Entry:
    """A code named in the URL path (an authority, a concept): unknown is a missing resource (404)."""
    try:
        return catalogue.code(kind, code)
    except UnknownCode as exc:
        raise NotFound(exc.detail, **exc.extra) from None


def path_jurisdiction(catalogue: Catalogue, code: str) -> Entry:
    """A jurisdiction named in the URL path: an unknown one is a missing resource (404), not bad input."""
    try:
        return catalogue.jurisdiction(code)
    except UnknownCode as exc:
        raise NotFound(exc.detail, **exc.extra) from None
