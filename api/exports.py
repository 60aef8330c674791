"""Answers taken away: an obligations register as CSV or XLSX, chosen by Accept (API) or `format=` (pages).

The rows come from graph/register.py, so the REST API, the pages and the command
line hand over the same columns. JSON stays the API's default.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from dutygraph.graph.register import XLSX, Entry, about, to_csv, to_xlsx
from fastapi import Request, Response

from .conneg import Offer, choose

JSON = Offer("application/json", (), ("json",))
CSV = Offer("text/csv", (), ("csv",))
WORKBOOK = Offer(XLSX, ("application/vnd.ms-excel",), ("xlsx", "excel"))
OFFERS = (JSON, CSV, WORKBOOK)
# for OpenAPI: the register's two media types, beside the JSON answer
REGISTER_RESPONSES: dict[int | str, dict[str, object]] = {200: {"content": {CSV.media_type: {}, XLSX: {}}}}


def wanted(request: Request, formats: Sequence[str] = ()) -> Offer:
    """JSON, CSV or XLSX for this request (406 when it accepts none)."""
    return choose(request.headers.get("accept"), OFFERS, "an answer", formats)


def register(
    offer: Offer, entries: list[Entry], name: str, question: str, day: dt.date, source: str, lang: str
) -> Response:
    """The register as a download named after the question (`duties-FR-2026-11-01.xlsx`)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "dutygraph"
    if offer is WORKBOOK:
        body, suffix = to_xlsx(entries, about(question, day, source, lang), lang), "xlsx"
    else:
        body, suffix = to_csv(entries, lang), "csv"
    media = f"{offer.media_type}; charset=utf-8" if offer is CSV else offer.media_type
    headers = {"Content-Disposition": f'attachment; filename="{stem}.{suffix}"', "Vary": "Accept, Accept-Language"}
    return Response(body, media_type=media, headers=headers)
