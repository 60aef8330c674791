"""Remote-store mode: a checked query goes on to the configured SPARQL endpoint, with the same promises.

The worker has already refused updates, SERVICE and FROM outside the store, and
chosen the result format. Here the query is posted as application/sparql-query with
the configured time limit as `timeout=` (whole seconds: Fuseki and GraphDB stop the
query there; Oxigraph has no such parameter and needs `--timeout-s`, see
api/README.md), and the answer is read whole into a size-capped buffer. The client
gives up at the same limit and closes the connection.

Nothing is sent before the whole result has been read and parsed: a store that stops a
query mid-stream (Oxigraph writes "The SPARQL operation has been cancelled" into a 200
body) or sends a broken document gets a 503, never a truncated 200; XML is checked for
well-formedness as in embedded mode (406 naming the term).
"""

from __future__ import annotations

import asyncio
import csv
import io
import math

import httpx
import pyoxigraph as ox
from dutygraph.graph.errors import QueryRejected, QueryTimeout, ResultTooLarge, StoreUnavailable
from dutygraph.graph.sparql import GRAPH_FORMATS, RESULT_FORMATS, XML_MEDIA, check_xml

CANCELLED = b"cancelled"


async def forward(
    client: httpx.AsyncClient,
    endpoint: str,
    query: str,
    media: str,
    default_graphs: tuple[str, ...],
    named_graphs: tuple[str, ...],
    timeout_s: float,
    max_bytes: int,
) -> tuple[bytes, str]:
    """The remote endpoint's answer body and media type, read whole and checked."""
    params = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
    params.append(("timeout", str(max(1, math.floor(timeout_s)))))
    request = client.build_request(
        "POST",
        endpoint,
        params=params,
        content=query.encode(),
        timeout=timeout_s,
        headers={"Content-Type": "application/sparql-query", "Accept": media},
    )
    try:
        async with asyncio.timeout(timeout_s):  # the whole exchange, not each read
            body, returned = await _exchange(client, request, media, max_bytes)
    except (TimeoutError, httpx.TimeoutException):
        raise QueryTimeout(
            f"the SPARQL store did not answer within the {timeout_s:g} s limit; the request was abandoned",
            limit_s=timeout_s,
        ) from None
    except httpx.HTTPError as exc:
        raise StoreUnavailable(f"cannot reach the SPARQL store: {exc}") from None
    await asyncio.to_thread(validate, body, returned)
    return body, returned


async def _exchange(client: httpx.AsyncClient, request: httpx.Request, media: str, max_bytes: int) -> tuple[bytes, str]:
    response = await client.send(request, stream=True)
    try:
        if response.status_code == 400:
            text = (await response.aread())[:300].decode(errors="replace")
            raise QueryRejected(f"the SPARQL store refused the query: {text}")
        if response.status_code >= 300:
            raise StoreUnavailable(f"the SPARQL store answered HTTP {response.status_code}")
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise ResultTooLarge(
                    f"the result is larger than {max_bytes} bytes; add a LIMIT or narrow the query", limit=max_bytes
                )
    finally:
        await response.aclose()
    returned = response.headers.get("content-type", media).split(";")[0].strip() or media
    return bytes(body), returned


def validate(body: bytes, media: str) -> None:
    """Parse a whole remote result in its media type; a broken one is the store's failure (503)."""
    try:
        if media in RESULT_FORMATS and media != "text/csv":
            result = ox.parse_query_results(body, format=RESULT_FORMATS[media])
            if isinstance(result, ox.QuerySolutions):
                for _ in result:
                    pass
        elif (
            media == "text/csv"
        ):  # pyoxigraph reads no CSV results: every row ends with CRLF and has the header's width
            rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
            if body and (not body.endswith(b"\r\n") or any(len(r) != len(rows[0]) for r in rows)):
                raise ValueError("a row is cut short or has the wrong number of columns")
        elif media in GRAPH_FORMATS:
            for _ in ox.parse(body, format=GRAPH_FORMATS[media]):
                pass
        else:
            raise ValueError(f"the store answered {media}, which this endpoint does not serve")
    except (SyntaxError, ValueError, UnicodeDecodeError, csv.Error) as exc:
        if CANCELLED in body[-200:]:
            raise QueryTimeout("the SPARQL store stopped the query at its own time limit, mid-answer") from None
        raise StoreUnavailable(
            f"the SPARQL store sent a {media} result that does not parse: {str(exc)[:200]}"
        ) from None
    if media in XML_MEDIA:
        check_xml(body, media, list(RESULT_FORMATS if media in RESULT_FORMATS else GRAPH_FORMATS))
