"""Health: is the store reachable, how big is the graph, which version, how are the SPARQL workers."""

from __future__ import annotations

import httpx
from dutygraph.graph import __version__
from dutygraph.graph.errors import StoreUnavailable
from fastapi import APIRouter
from pydantic import BaseModel, Field

from ..deps import StateDep
from ..problems import problem_responses

router = APIRouter(tags=["health"])


class SparqlWorkers(BaseModel):
    workers: int
    idle: int
    starting: int = Field(description="workers being replaced after a query was stopped")
    max_concurrent: int
    network_isolated: bool = Field(description="whether the workers run without network access")


class Health(BaseModel):
    status: str = Field(description="ok")
    version: str
    store: str
    triples: int
    named_graphs: int
    sparql: SparqlWorkers


@router.api_route(
    "/health", methods=["GET"], response_model=Health, summary="Health check", responses=problem_responses(503)
)
async def health(state: StateDep) -> Health:
    """Answers from the event loop, without the thread pool or a SPARQL worker, so it stays prompt
    while queries run; with a remote store it asks the store (ASK {}, 2 s time limit)."""
    if state.remote is not None:
        try:
            reply = await state.remote.post(
                state.settings.store,
                content=b"ASK {}",
                timeout=2.0,
                headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
            )
            reply.raise_for_status()
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"the SPARQL store {state.settings.store} does not answer: {exc}") from None
    return Health(
        status="ok",
        version=__version__,
        store=state.store.description,
        triples=state.triples,
        named_graphs=len(state.known_graphs),
        sparql=SparqlWorkers(**state.pool.status()),  # type: ignore[arg-type]
    )


router.add_api_route("/health", health, methods=["HEAD"], response_model=Health, include_in_schema=False)
