"""The whole graph as one file per format, byte-identical to `dutygraph export`.

Each dump is computed once per process (with its gzip form), then served with a
validator (ETag, Last-Modified) so a client re-downloads it only when it changed.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime

from dutygraph.graph.export import FORMATS, dump
from fastapi import APIRouter, Request, Response

from ..deps import StateDep
from ..state import AppState

router = APIRouter(tags=["dumps"])

# URL suffix -> `dutygraph export --format`
DUMPS = {"ttl": "ttl", "nt": "nt", "jsonld": "jsonld", "trig": "trig", "odrl.ttl": "odrl"}


@dataclass(frozen=True)
class DumpFile:
    body: bytes
    gzipped: bytes
    etag: str  # weak: the gzip and identity encodings share it
    media_type: str


def dump_file(state: AppState, fmt: str) -> DumpFile:
    def build() -> DumpFile:
        body = dump(state.store, fmt)
        digest = hashlib.sha256(body).hexdigest()[:32]
        return DumpFile(body, gzip.compress(body, compresslevel=6, mtime=0), f'W/"{digest}"', FORMATS[fmt][0])

    return state.memo.get(("dump", fmt), build)


def serve_dump(request: Request, state: AppState, fmt: str, suffix: str) -> Response:
    file = dump_file(state, fmt)
    headers = {
        "ETag": file.etag,
        "Last-Modified": format_datetime(state.last_modified, usegmt=True),
        "Cache-Control": "public, max-age=3600",
        "Vary": "Accept-Encoding",
        "Content-Disposition": f'inline; filename="dutygraph.{suffix}"',
    }
    if not_modified(request, file.etag, state):
        return Response(status_code=304, headers=headers)
    if accepts_gzip(request.headers.get("accept-encoding")):
        return Response(file.gzipped, media_type=file.media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Response(file.body, media_type=file.media_type, headers=headers)


def not_modified(request: Request, etag: str, state: AppState) -> bool:
    """RFC 9110 §13.1: If-None-Match (weak comparison) decides; If-Modified-Since only without it."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and state.last_modified <= since
    return False


def accepts_gzip(header: str | None) -> bool:
    if not header:
        return False
    weights: dict[str, float] = {}
    for part in header.split(","):
        coding, *params = part.strip().lower().split(";")
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[coding.strip()] = q
    return weights.get("gzip", weights.get("*", 0.0)) > 0


def _download(fmt: str, suffix: str) -> Callable[[Request, AppState], Response]:
    def download(request: Request, state: StateDep) -> Response:
        return serve_dump(request, state, fmt, suffix)

    download.__name__ = f"dump_{fmt}"
    return download  # type: ignore[return-value]


for _suffix, _fmt in DUMPS.items():
    router.add_api_route(
        f"/dump.{_suffix}",
        _download(_fmt, _suffix),
        methods=["GET"],
        response_class=Response,
        summary=f"The whole graph as {FORMATS[_fmt][0]}" + (" (ODRL view)" if _fmt == "odrl" else ""),
        description=f"Byte-identical to `dutygraph export --format {_fmt}`; ETag and Last-Modified "
        "for conditional requests (304), gzip when Accept-Encoding allows.",
        responses={200: {"content": {FORMATS[_fmt][0]: {}}}, 304: {"description": "Not modified"}},
    )
    router.add_api_route(  # HEAD, for clients that check a dump's validators first (not listed in OpenAPI)
        f"/dump.{_suffix}", _download(_fmt, _suffix), methods=["HEAD"], response_class=Response, include_in_schema=False
    )
