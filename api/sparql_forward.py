"""Remote-store mode: a checked query goes on to the configured SPARQL endpoint, with a time limit.

The worker has already refused updates, SERVICE and FROM outside the store, and
chosen the result format; here the query is posted as application/sparql-query
and the answer streamed back into a size-capped buffer, so a remote result that is
too large or too slow is an error, never a truncated body.
"""

from __future__ import annotations

import asyncio

import httpx
from dutygraph.graph.errors import QueryRejected, QueryTimeout, ResultTooLarge, StoreUnavailable


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
    """The remote endpoint's answer body and media type."""
    params = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
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
            return await _exchange(client, request, media, max_bytes)
    except (TimeoutError, httpx.TimeoutException):
        raise QueryTimeout(f"the SPARQL store did not answer within {timeout_s:g} s", limit_s=timeout_s) from None
    except httpx.HTTPError as exc:
        raise StoreUnavailable(f"cannot reach the SPARQL store: {exc}") from None


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
