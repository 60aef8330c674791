"""The SPARQL 1.1 Protocol endpoint (read-only, bounded), at /sparql and /sparql/.

The protocol's status table, in one place:

  GET  ?query=...                           -> 200 results, negotiated (api/conneg.py)
  GET  without a query, Accept prefers HTML -> 303 to the web editor (/explore/sparql)
  GET  without a query, otherwise           -> 200 service description (Turtle by default)
  POST application/sparql-query             -> the body is the query; other parameters in the URL
  POST application/x-www-form-urlencoded    -> query=, default-graph-uri=, named-graph-uri= in the body
  POST application/sparql-update, update=   -> 403 read-only
  POST any other Content-Type               -> 415
  two query parameters, non-UTF-8 text      -> 400
  a query over the size limit               -> 413
  Update, LOAD...                           -> 403; SERVICE, FROM or a graph parameter outside the store -> 400
  malformed query                           -> 400 with the parser's line and column
  no result format the client accepts       -> 406 listing the offered types
  a result the asked XML format cannot hold -> 406 naming the term
  past the time limit                       -> 503 (the worker running it is replaced)
  a remote store that fails or cuts a result short -> 503, never a broken 200
  all workers busy and the admission cap full -> 503 with Retry-After

Every query is checked and run in a worker process (api/sparql_workers.py); this
route only reads the request, negotiates, and awaits the worker without blocking
the event loop. A request asked before is answered from memory (api/sparql_cache.py):
the graph does not change while the server runs.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from dutygraph.graph.errors import QueryRejected, UnsupportedQueryForm
from dutygraph.graph.sparql import GRAPH_FORMATS
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import MultiDict

from ..conneg import GRAPHS, HTML, RESULTS, choose, negotiate
from ..deps import StateDep
from ..http_errors import NotAcceptable, RequestTooLarge, UnsupportedMediaType
from ..problems import problem_responses
from ..sparql_forward import forward
from ..sparql_workers import NothingAcceptable, QueryTask
from ..state import AppState

router = APIRouter(tags=["SPARQL"])

EDITOR = "/explore/sparql"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_IRIS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
]
ERRORS = problem_responses(400, 403, 406, 413, 415, 503)
CONTENT: dict[str, Any] = {o.media_type: {} for o in (*RESULTS, *GRAPHS)}

QueryParam = Annotated[str | None, Query(description="a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)")]
FormatParam = Annotated[
    list[str],
    Query(
        description="json, xml, csv, tsv, turtle, nt, json-ld or rdf+xml; "
        "overrides Accept (SPARQLWrapper sends format, output and results)"
    ),
]


@router.get(
    "/sparql",
    response_class=Response,
    summary="SPARQL query (GET)",
    responses={
        **ERRORS,
        200: {"content": CONTENT},
        303: {"description": "browsers asking for HTML go to the web editor"},
    },
)
async def sparql_get(
    request: Request,
    state: StateDep,
    query: QueryParam = None,
    default_graph_uri: Annotated[
        list[str], Query(alias="default-graph-uri", description="a graph of the store to query as the default graph")
    ] = [],  # noqa: B006
    named_graph_uri: Annotated[
        list[str], Query(alias="named-graph-uri", description="a graph of the store that GRAPH may read")
    ] = [],  # noqa: B006
    format: FormatParam = [],  # noqa: B006 - the protocol's parameter names; FastAPI copies defaults
    output: FormatParam = [],  # noqa: B006
    results: FormatParam = [],  # noqa: B006
) -> Response:
    """The declared parameters document the protocol; the request's own parameter list is what is read,
    so a repeated `query` is refused rather than silently collapsed."""
    return await _answer(request, state, request.query_params)


@router.get("/sparql/", response_class=Response, include_in_schema=False)
async def sparql_get_slash(request: Request, state: StateDep) -> Response:
    return await _answer(request, state, request.query_params)


@router.post(
    "/sparql",
    response_class=Response,
    summary="SPARQL query (POST)",
    responses={**ERRORS, 200: {"content": CONTENT}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                DIRECT: {"schema": {"type": "string"}},
                FORM: {
                    "schema": {
                        "type": "object",
                        "required": ["query"],
                        "properties": {
                            "query": {"type": "string"},
                            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        },
                    }
                },
            },
        }
    },
)
async def sparql_post(request: Request, state: StateDep) -> Response:
    return await _answer(request, state, await _posted(request, state))


@router.post("/sparql/", response_class=Response, include_in_schema=False)
async def sparql_post_slash(request: Request, state: StateDep) -> Response:
    return await _answer(request, state, await _posted(request, state))


async def _posted(request: Request, state: AppState) -> MultiDict:
    """The request's parameters: the URL's, plus the form fields or the direct query."""
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    url = list(request.query_params.multi_items())
    if media == DIRECT:
        body = await _read(request, state.settings.max_query_bytes)
        return MultiDict([*url, ("query", _utf8(body, "the query"))])
    if media == FORM:
        body = await _read(request, 3 * state.settings.max_query_bytes + 65_536)  # percent-encoding triples size
        try:
            fields = parse_qsl(_utf8(body, "the form"), keep_blank_values=True, errors="strict", max_num_fields=1000)
        except (ValueError, UnicodeDecodeError) as exc:
            raise QueryRejected(f"the form does not decode: {exc}") from None
        return MultiDict([*url, *fields])
    if media == "application/sparql-update":
        raise UnsupportedQueryForm("SPARQL Update is not served: this endpoint is read-only")
    if not media and "query" in request.query_params and not await _read(request, state.settings.max_query_bytes):
        return MultiDict(url)  # a query-string-only POST, as some SERVICE clients send
    raise UnsupportedMediaType(
        f"POST a query as {DIRECT} or {FORM}, not {content_type or 'without a Content-Type'}",
        valid=[DIRECT, FORM],
    )


async def _read(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge(f"the request body is {declared} bytes; the limit is {limit} bytes", limit=limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise RequestTooLarge(f"the request body is over the {limit}-byte limit", limit=limit)
    return bytes(body)


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryRejected(f"{what} is not UTF-8 (byte {exc.start})") from None


async def _answer(request: Request, state: AppState, params: MultiDict) -> Response:
    if params.getlist("update"):
        raise UnsupportedQueryForm("SPARQL Update is not served: this endpoint is read-only")
    queries = params.getlist("query")
    if len(queries) > 1:
        raise QueryRejected(f"give one query, not {len(queries)}")
    accept = request.headers.get("accept")
    formats = [f for name in ("format", "output", "results") for f in params.getlist(name) if f.strip()]
    if not queries:
        return _description(request, state, accept, formats)
    query = queries[0]
    size = len(query.encode("utf-8", "surrogatepass"))
    limit = state.settings.max_query_bytes
    if size > limit:
        raise RequestTooLarge(f"the query is {size} bytes; the limit is {limit} bytes", limit=limit)
    results_offer = negotiate(accept, RESULTS, formats)
    graph_offer = negotiate(accept, GRAPHS, formats)
    task = QueryTask(
        query,
        results_offer.media_type if results_offer else None,
        graph_offer.media_type if graph_offer else None,
        tuple(params.getlist("default-graph-uri")),
        tuple(params.getlist("named-graph-uri")),
    )
    key = (query, task.results_media, task.graph_media, task.default_graphs, task.named_graphs)
    cached = state.sparql_answers.get(key)
    if cached is not None:
        return Response(cached[0], media_type=cached[1], headers={"Vary": "Accept"})
    timeout = state.settings.query_timeout_s
    try:
        answer = await state.pool.run(task, timeout)
    except NothingAcceptable as exc:
        offers = RESULTS if exc.form in ("SELECT", "ASK") else GRAPHS
        asked = accept if not formats else f"{accept or '-'}; format={','.join(formats)}"
        raise NotAcceptable(f"{exc.form} results", [o.media_type for o in offers], asked) from None
    body, media = answer.body, answer.media
    if body is None:  # remote store: checked here, run there
        assert state.remote is not None
        body, media = await forward(
            state.remote,
            state.settings.store,
            query,
            answer.media,
            task.default_graphs,
            task.named_graphs,
            timeout,
            state.settings.max_result_bytes,
        )
    state.sparql_answers.put(key, body, media)
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def _description(request: Request, state: AppState, accept: str | None, formats: list[str]) -> Response:
    """A SPARQL service description, or the web editor for a browser."""
    offer = choose(accept, (*GRAPHS, HTML), "the service description", formats)
    if offer is HTML:
        return RedirectResponse(EDITOR, status_code=303, headers={"Vary": "Accept"})
    endpoint = ox.NamedNode(str(request.url_for("sparql_get")))
    service = ox.NamedNode(endpoint.value + "#service")
    dataset = ox.NamedNode(endpoint.value + "#dataset")
    default_graph = ox.BlankNode("default")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        ox.Triple(service, rdf_type, sd("Service")),
        ox.Triple(service, sd("endpoint"), endpoint),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, sd("Graph")),
        ox.Triple(
            default_graph,
            ox.NamedNode("http://rdfs.org/ns/void#triples"),
            ox.Literal(str(state.triples), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        *(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in RESULT_FORMAT_IRIS),
    ]
    for i, graph in enumerate(sorted(state.known_graphs)):
        node = ox.BlankNode(f"g{i}")
        triples += [ox.Triple(dataset, sd("namedGraph"), node), ox.Triple(node, sd("name"), ox.NamedNode(graph))]
    body = ox.serialize(
        triples,
        format=GRAPH_FORMATS[offer.media_type],
        prefixes={"sd": SD, "formats": FORMATS_NS, "void": "http://rdfs.org/ns/void#"},
    )
    return Response(body, media_type=offer.media_type, headers={"Vary": "Accept"})
