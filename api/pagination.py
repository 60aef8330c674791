"""Pages of a list: `limit` / `offset` in, items with the total and next/previous links out.

The graph functions return whole lists in a stable order, so a page is a slice
and the same offset always gives the same items. Links are relative (path and
query), keep the request's other parameters, and are also sent as a Link header.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field

T = TypeVar("T")

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="items in the whole list")
    limit: int
    offset: int
    next: str | None = Field(None, description="the next page, or null on the last")
    prev: str | None = Field(None, description="the previous page, or null on the first")


class PageParams(BaseModel):
    limit: int
    offset: int


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


def paginate(items: Sequence[T], params: PageParams, request: Request, response: Response) -> Page[T]:
    total = len(items)
    window = list(items[params.offset : params.offset + params.limit])
    next_link = prev_link = None
    if params.offset + params.limit < total:
        next_link = _link(request, params.offset + params.limit, params.limit)
    if params.offset > 0:
        prev_link = _link(request, max(params.offset - params.limit, 0), params.limit)
    links = [f'<{url}>; rel="{rel}"' for url, rel in ((next_link, "next"), (prev_link, "prev")) if url]
    if links:
        response.headers["Link"] = ", ".join(links)
    return Page[T](items=window, total=total, limit=params.limit, offset=params.offset, next=next_link, prev=prev_link)


def _link(request: Request, offset: int, limit: int) -> str:
    query = request.url.include_query_params(offset=offset, limit=limit).query
    return f"{request.url.path}?{query}"
