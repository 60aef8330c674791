"""Every error as an RFC 9457 problem document (application/problem+json), from one place.

Four handlers cover every path: the graph's own errors (DutygraphError, with
their status, title, type URI and extras such as `valid`), request validation
(FastAPI's 422 becomes a 400 naming the parameter), Starlette's HTTP errors
(unknown route, wrong method) and, as a last resort, anything else: logged with
its traceback, answered with a generic 500 that reveals nothing.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from dutygraph.graph.errors import DOCS, DutygraphError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Match

from .conneg import ERRORS, HTML, negotiate

log = logging.getLogger("dutygraph.api")

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details; extra members (such as `valid`) depend on the problem type."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="a URI naming the kind of problem; it resolves to its documentation")
    title: str = Field(description="the kind of problem, in a few words")
    status: int = Field(description="the HTTP status code")
    detail: str = Field(description="what went wrong with this request, and how to fix it")
    instance: str = Field(description="the path of the request that failed")


# For OpenAPI: the errors a route may answer with, all as problem documents.
def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


def problem(
    request: Request,
    status: int,
    title: str,
    slug: str,
    detail: str,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if negotiate(request.headers.get("accept"), ERRORS) is HTML:
        return error_page(request, status, title, detail, headers)
    body = {
        "type": f"{DOCS}#{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **(extra or {}),
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def error_page(request: Request, status: int, title: str, detail: str, headers: dict[str, str] | None) -> Response:
    """The error as a page in the explorer's layout and language, for a browser (its Accept names text/html)."""
    from .routes.pages import page_lang  # the explorer's language rule; imported late: routes import this module

    state = getattr(request.app.state, "dutygraph", None)
    if state is None:  # the store never opened: there is no template environment to render with
        return JSONResponse({"title": title, "status": status, "detail": detail}, status, media_type=PROBLEM_JSON)
    lang = page_lang(request)
    html = state.templates.get_template("error.html").render(
        request=request, lang=lang, status=status, title=title, detail=detail
    )
    vary = {"Vary": "Accept, Accept-Language", "Content-Language": lang}
    return HTMLResponse(html, status_code=status, headers={**(headers or {}), **vary})


async def _dutygraph_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DutygraphError)
    if exc.status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, exc.detail)
    headers = {"Retry-After": str(exc.extra["retry_after"])} if "retry_after" in exc.extra else None
    return problem(request, exc.status, exc.title, exc.slug, exc.detail, dict(exc.extra), headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for error in exc.errors():
        where, *path = [str(p) for p in error.get("loc", ())] or ["request"]
        name = ".".join(path) or where
        errors.append({"in": where, "parameter": name, "message": str(error.get("msg", "invalid"))})
    first = errors[0] if errors else {"in": "request", "parameter": "-", "message": "invalid request"}
    detail = f"{first['in']} parameter {first['parameter']!r}: {first['message']}"
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    return problem(request, 400, "Invalid parameter", "invalid-parameter", detail, {"errors": errors})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    phrase = phrase[0] + phrase[1:].lower()  # "Not found", as the graph's own titles are written
    headers = dict(exc.headers or {})
    if status == 404:
        detail = f"no such resource: {request.url.path}; /docs lists the routes"
    elif status == 405:
        allowed = _allowed(request)
        headers = {k: v for k, v in headers.items() if k.lower() != "allow"} | {"Allow": allowed}
        detail = f"{request.method} is not allowed on {request.url.path}; allowed: {allowed or 'none'}"
    else:
        detail = str(exc.detail) if exc.detail else phrase
    slug = phrase.lower().replace(" ", "-").replace("'", "")
    return problem(request, status, phrase, slug, detail, headers=headers or None)


def _allowed(request: Request) -> str:
    """Every method some route answers on this path: Starlette names only the first route's (GET, not POST)."""
    methods = {
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in request.app.routes)
    }
    if "GET" in methods:
        methods.add("HEAD")
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return ", ".join(sorted(methods, key=lambda m: (order.index(m) if m in order else len(order), m)))


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        request, 500, "Internal error", "internal", "the server failed to answer this request; the error was logged"
    )


def install(app: FastAPI) -> None:
    """Register the four handlers on an app."""
    app.add_exception_handler(DutygraphError, _dutygraph_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
