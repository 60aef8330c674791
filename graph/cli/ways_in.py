"""New ways in: search in plain words, what two dates change for a service, and the MCP server."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from . import LangOpt, StoreOpt, TableFmt, _context, _emit, _lang, app


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="plain words, e.g. 'age verification'")],
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", "-j", help="only what is set in this place or reaches it")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--type", help="duty, provision, law, authority, provider or concept")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Full-text search over duties, provisions, laws, authorities, providers and concepts (en or fr)."""
    import html
    import re

    from ..render import csv_text, json_text, table
    from ..search import search as run_search

    opened, catalogue = _context(store)
    found = run_search(opened, catalogue, query, _lang(lang), jurisdiction, kind, limit)
    if fmt is TableFmt.json:
        _emit(json_text(found))
        return
    plain = [html.unescape(re.sub(r"</?mark>", "*", h.snippet)) for h in found.hits]
    headers = ["type", "id", "label", "match", "official text"]
    rows = [[h.type, h.id, h.label, s, h.official_text or ""] for h, s in zip(found.hits, plain, strict=True)]
    if fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
    elif not rows:
        hint = f" (did you mean {', '.join(found.suggestions)}?)" if found.suggestions else ""
        _emit(f"nothing matches {query!r}{hint}")
    else:
        _emit(table(headers, rows))


@app.command()
def diff(
    jurisdiction: Annotated[str, typer.Argument(help="ISO code: GB, FR, EU...")],
    start: Annotated[str, typer.Option("--from", help="ISO date (YYYY-MM-DD)")],
    end: Annotated[str, typer.Option("--to", help="ISO date (YYYY-MM-DD)")],
    service: Annotated[list[str] | None, typer.Option("--service", "-s", help="service category (repeatable)")] = None,
    condition: Annotated[
        list[str] | None, typer.Option("--condition", "-c", help="condition that holds, or !condition (repeatable)")
    ] = None,
    designation: Annotated[list[str] | None, typer.Option("--designation", "-d", help="(repeatable)")] = None,
    establishment: Annotated[str | None, typer.Option(help="EU Member State of main establishment")] = None,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Duties that begin, end or change verdict for a service between two dates, with their citations."""
    from ..diff import diff as run_diff
    from ..render import citation, csv_text, json_text, table

    opened, catalogue = _context(store)
    found = run_diff(
        opened, catalogue, jurisdiction, start, end, service or [], condition or [], designation or [], establishment,
        _lang(lang),
    )  # fmt: skip
    headers = ["change", "before", "after", "duty", "provision", "official text"]
    rows = [
        [c.change, c.before or "-", c.after or "-", c.duty.id, citation(c.duty), c.duty.official_text or ""]
        for c in found.changes
    ]
    if fmt is TableFmt.json:
        _emit(json_text(found))
    elif fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
    else:
        _emit(table(headers, rows) if rows else f"no duty changes verdict between {found.start} and {found.end}")


@app.command()
def mcp(store: StoreOpt = None) -> None:
    """Serve the register's read-only tools to an AI assistant over stdio (Model Context Protocol)."""
    # by import path, as `serve` does: the graph package never imports the api package
    importlib.import_module("dutygraph.api.mcp_server").stdio(store)
