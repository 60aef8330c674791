"""The FastAPI app: `create_app(settings)` builds it; `dutygraph serve` runs it with uvicorn.

No app exists at import time: uvicorn calls the factory (`--factory`), tests and
embedders pass their own Settings. The lifespan opens the store, the Catalogue and
the SPARQL workers once per process and closes them at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from dutygraph.graph import __version__
from dutygraph.graph.errors import DutygraphError
from dutygraph.graph.search import index as search_index
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from . import mcp_server, problems
from .admission import Admission
from .head import HeadAsGet
from .openapi import document, operation_id
from .routes import (
    assess,
    authorities,
    compare,
    dumps,
    duties,
    events,
    feeds,
    health,
    jurisdictions,
    laws,
    pages,
    penalties,
    provider_pages,
    providers,
    resources,
    search,
    sparql,
    timeline,
    vocabularies,
)
from .settings import Settings
from .state import AppState

DESCRIPTION = """\
Which child-safety duties apply to this kind of online service, in this country, on this date,
and where does each come from? Lookups over the dutygraph knowledge graph (UK Online Safety Act,
EU Digital Services Act, French law, US COPPA...), a read-only SPARQL 1.1 endpoint at `/sparql`,
dumps at `/dump.ttl` (and `.nt`, `.jsonld`, `.trig`), and every IRI the graph mints at `/id/...`.

Labels are in English, or French with `lang=fr` or `Accept-Language: fr`. Errors are
RFC 9457 problem documents (`application/problem+json`).
"""


log = logging.getLogger("dutygraph")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app for these settings (from the environment and DUTYGRAPH_SETTINGS_FILE when not given)."""
    settings = settings or Settings()
    # the MCP tools for AI assistants, as streamable HTTP at /mcp/, reading the state the lifespan opens
    backend = mcp_server.Backend()
    assistant = mcp_server.build(backend)
    assistant_app = assistant.streamable_http_app(
        # on a loopback host the SDK refuses other Host/Origin headers (DNS rebinding protection)
        streamable_http_path="/",
        json_response=True,
        stateless_http=True,
        host=os.environ.get("DUTYGRAPH_HOST", "127.0.0.1"),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = await AppState.open(settings)
        app.state.dutygraph = state
        backend.store, backend.catalogue = state.store, state.catalogue
        for lang in ("en", "fr"):  # the search indexes, built once per process before the first request
            try:
                await asyncio.to_thread(search_index, state.store, state.catalogue, lang)
            except DutygraphError as exc:  # a store that cuts this read short must not keep the server down
                log.warning("the %s search index could not be read at start (%s): the first search reads it", lang, exc)
        backend.sparql = mcp_server.pool_runner(state.pool, settings.query_timeout_s)
        try:
            async with assistant.session_manager.run():
                yield
        finally:
            await state.close()

    app = FastAPI(
        title="dutygraph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        license_info={"name": "Apache-2.0 (code); CC-BY-4.0 (data)"},
        generate_unique_id_function=operation_id,
        docs_url=None,  # served below from the vendored Swagger UI, so /docs works offline
        redoc_url=None,  # ReDoc would load from a CDN
    )
    app.openapi = lambda: document(app)  # type: ignore[method-assign]
    problems.install(app)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(HeadAsGet)  # outermost but CORS: the GET's headers, gzip included
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=["Link", "ETag", "Last-Modified", "Retry-After", "Content-Language", "Location"],
            max_age=3600,
        )
    app.add_middleware(Admission, settings=settings)  # outermost: the excess is refused before any other work
    for module in (
        jurisdictions,
        duties,
        laws,
        authorities,
        vocabularies,
        assess,
        compare,
        timeline,
        events,
        penalties,
        providers,
        search,
        feeds,
        sparql,
        dumps,
        resources,
        health,
    ):
        app.include_router(module.router)
    app.include_router(pages.router)
    app.add_api_route("/docs", docs, methods=["GET"], include_in_schema=False, response_class=HTMLResponse)
    app.include_router(provider_pages.router)
    app.mount("/mcp", assistant_app)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app


def docs() -> HTMLResponse:
    """Swagger UI from the project's own static files (api/static/vendor/swagger-ui, from npm)."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="dutygraph API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
        swagger_ui_parameters={"validatorUrl": None, "defaultModelsExpandDepth": 0},
    )
