"""The graph tools: validate, show, query, export, stats, serve, version."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..errors import InvalidInput
from . import LangOpt, StoreOpt, TableFmt, _context, _emit, _lang, app


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="extra Turtle files or folders to validate with the graph")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Check the ontology, the graph and any extra files against the SHACL shapes (exit 1 if they do not conform)."""
    from ..sources import sources, sources_from_paths
    from ..validate import render_text
    from ..validate import validate as run_validation

    for path in paths or []:
        if not path.exists():
            raise InvalidInput(f"no such file or folder: {path}")
    report = run_validation([*sources(), *sources_from_paths(paths or [])])
    if fmt == "json":
        import json
        from dataclasses import asdict

        _emit(json.dumps(asdict(report), default=str, indent=2))
    elif fmt == "text":
        _emit(render_text(report))
    else:
        raise InvalidInput(f"--format must be text or json, got {fmt!r}")
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def show(
    identifier: Annotated[str, typer.Argument(help="short id (ofcom, eu-dsa, duty-eu-dsa-art28-1) or full IRI")],
    fmt: Annotated[str, typer.Option("--format", help="table, json or ttl")] = "table",
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """A law, provision, duty, authority or jurisdiction with its neighbours."""
    from ..entity import show as run_show
    from ..render import json_text, table

    opened, catalogue = _context(store)
    entity = run_show(opened, catalogue, identifier, _lang(lang))
    if fmt == "json":
        _emit(json_text(entity))
    elif fmt == "ttl":
        from ..sparql import execute
        from ..store import EmbeddedStore

        if not isinstance(opened, EmbeddedStore):
            raise InvalidInput("--format ttl needs the embedded store")
        body, _, _ = execute(opened.ox, f"DESCRIBE <{entity.iri}>", "text/turtle")
        _emit(body.decode())
    elif fmt == "table":
        rows = [[s.predicate.id, s.label or s.value] for s in entity.statements]
        rows += [[f"^{s.predicate.id}", s.label or s.value] for s in entity.incoming]
        _emit(f"{entity.label} <{entity.iri}>\n" + table(["property", "value"], rows, max_width=100))
    else:
        raise InvalidInput(f"--format must be table, json or ttl, got {fmt!r}")


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(help="a SPARQL query (or use --file)")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="read the query from a .rq file")] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="table, json, csv, tsv, xml (SELECT/ASK); ttl, nt, jsonld (CONSTRUCT/DESCRIBE)"),
    ] = "table",
    store: StoreOpt = None,
) -> None:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the graph."""
    from ..render import table
    from ..sparql import FORMAT_NAMES, execute
    from ..store import EmbeddedStore, open_store

    if (text is None) == (file is None):
        raise InvalidInput("give a query or --file, not both")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"cannot read {file}: {exc.strerror or exc}") from None
    assert text is not None
    opened = open_store(store)
    if not isinstance(opened, EmbeddedStore):
        raise InvalidInput("`dutygraph query` runs on the embedded store; query a remote server directly")
    if fmt == "table":
        import json

        body, _, form = execute(opened.ox, text, None, _graphs(opened))
        if form == "ASK":
            _emit(str(json.loads(body)["boolean"]).lower())
        elif form == "SELECT":
            data = json.loads(body)
            names = data["head"]["vars"]
            rows = [[b.get(n, {}).get("value", "") for n in names] for b in data["results"]["bindings"]]
            _emit(table(names, rows, max_width=80) + f"\n({len(rows)} rows)")
        else:
            _emit(body.decode())
        return
    if fmt not in FORMAT_NAMES:
        raise InvalidInput(f"--format must be table or one of {', '.join(FORMAT_NAMES)}, got {fmt!r}")
    body, _, _ = execute(opened.ox, text, FORMAT_NAMES[fmt], _graphs(opened))
    sys.stdout.buffer.write(body)


def _graphs(opened) -> set[str]:  # type: ignore[no-untyped-def]
    return {g.value for g in opened.ox.named_graphs()}


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="ttl, nt, jsonld, trig or odrl")] = "ttl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file to write; default stdout")] = None,
    with_shapes: Annotated[bool, typer.Option("--with-shapes", help="include the SHACL shapes")] = False,
    store: StoreOpt = None,
) -> None:
    """Write the ontology and the graph (and optionally the shapes) as one deterministic dump."""
    from ..export import FORMATS, dump
    from ..sources import sources
    from ..store import EmbeddedStore, open_store

    if fmt not in FORMATS:
        raise InvalidInput(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    opened = open_store(store, sources(("shapes",)) if with_shapes and store in (None, "", "memory") else ())
    if with_shapes and not isinstance(opened, EmbeddedStore):
        raise InvalidInput("--with-shapes needs the embedded store")
    body = dump(opened, fmt, with_shapes)
    if output is None:
        sys.stdout.buffer.write(body)
        return
    try:
        output.write_bytes(body)
    except OSError as exc:
        raise InvalidInput(f"cannot write {output}: {exc.strerror or exc}") from None
    sys.stderr.write(f"wrote {output} ({len(body)} bytes)\n")


@app.command()
def stats(
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    by_jurisdiction: Annotated[
        bool, typer.Option("--by-jurisdiction", help="duties per jurisdiction, by how they were checked")
    ] = False,
    store: StoreOpt = None,
) -> None:
    """How many triples, jurisdictions, authorities, laws, duties and events the graph holds."""
    from ..render import csv_text, json_text, table
    from ..stats import by_jurisdiction as counts_by_jurisdiction
    from ..stats import stats as run_stats
    from ..store import open_store

    opened = open_store(store)
    if by_jurisdiction:
        found = counts_by_jurisdiction(opened)
        headers = ["jurisdiction", "duties", "official", "secondary", "unverified"]
        rows: list[list[object]] = [[c.code, c.duties, c.official, c.secondary, c.unverified] for c in found]
        total = [sum(c.duties for c in found), *(sum(getattr(c, k) for c in found) for k in headers[2:])]
        rows.append(["all", *total])
        data: str = "[\n" + ",\n".join(c.model_dump_json(indent=2) for c in found) + "\n]"
    else:
        result = run_stats(opened)
        headers = ["what", "count"]
        rows = [["triples", result.triples], *sorted(result.counts.items())]
        data = json_text(result)
    if fmt is TableFmt.json:
        _emit(data)
    elif fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
    else:
        _emit(table(headers, rows))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default from DUTYGRAPH_HOST or 127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option(help="default from DUTYGRAPH_PORT or 8000")] = None,
    store: StoreOpt = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=0, help="server processes sharing the port (default DUTYGRAPH_WORKERS, else one per core)"
        ),
    ] = None,
) -> None:
    """Serve the REST API, the SPARQL endpoint, the dumps and the web explorer (uvicorn)."""
    import importlib

    if store:
        os.environ["DUTYGRAPH_STORE"] = store
    # the API is started by import path: the graph package never imports the api package
    importlib.import_module("dutygraph.api.serve").run(
        host=host or os.environ.get("DUTYGRAPH_HOST", "127.0.0.1"),
        port=port or int(os.environ.get("DUTYGRAPH_PORT", "8000")),
        log_level=os.environ.get("DUTYGRAPH_LOG_LEVEL", "info"),
        workers=workers,
    )


@app.command()
def version() -> None:
    """Print the version."""
    _emit(__version__)
