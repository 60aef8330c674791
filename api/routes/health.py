"""Health: is the store reachable, how big is the graph, which version, how are the SPARQL workers,
the answer cache and the admission bound, and which process answered."""

from __future__ import annotations

from dutygraph.graph import __version__
from dutygraph.graph.errors import StoreUnavailable
from fastapi import APIRouter, Request
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


class AnswerCacheStatus(BaseModel):
    entries: int
    bytes: int = Field(description="bodies plus a fixed overhead per entry")
    max_bytes: int
    hits: int
    misses: int


class AdmissionStatus(BaseModel):
    in_flight: int = Field(description="requests this process is working on (not counting /health)")
    max_in_flight: int
    refused: int = Field(description="requests answered 503 since start because max_in_flight were in flight")


class IndexStatus(BaseModel):
    duties: int
    records: int = Field(description="(duty, place) records, over every language held")
    build_seconds: float


class Health(BaseModel):
    status: str = Field(description="ok")
    version: str
    store: str
    triples: int
    named_graphs: int
    sparql: SparqlWorkers
    pid: int = Field(description="the server process that answered (`dutygraph serve --workers N` runs N)")
    answers: AnswerCacheStatus
    admission: AdmissionStatus | None = None
    index: IndexStatus


@router.api_route(
    "/health", methods=["GET"], response_model=Health, summary="Health check", responses=problem_responses(503)
)
async def health(request: Request, state: StateDep) -> Health:
    """Answers from the event loop, without the thread pool, a SPARQL worker or the remote store, so it
    stays prompt while REST work and queries run and while a remote store hangs: with a remote store it
    reports what the background probe (ASK {}, every few seconds) last found, a 503 if it failed."""
    if state.remote is not None and state.remote_error is not None:
        raise StoreUnavailable(f"the SPARQL store {state.settings.store} does not answer: {state.remote_error}")
    admission = request.scope.get("state", {}).get("admission")
    index = getattr(state.store, "duty_index", None)
    return Health(
        status="ok",
        version=__version__,
        store=state.store.description,
        triples=state.triples,
        named_graphs=len(state.known_graphs),
        sparql=SparqlWorkers(**state.pool.status()),  # type: ignore[arg-type]
        pid=state.pid,
        answers=AnswerCacheStatus(**state.answers.status()),
        admission=AdmissionStatus(**admission.status()) if admission else None,
        index=IndexStatus(
            duties=index.duties if index else 0,
            records=index.records if index else 0,
            build_seconds=round(index.build_seconds, 3) if index else 0.0,
        ),
    )


router.add_api_route("/health", health, methods=["HEAD"], response_model=Health, include_in_schema=False)
