"""The `dutygraph` command: each subcommand is one library call and one renderer.

Exit codes: 0 success; 1 validation failed; 2 bad usage or bad input (always one
line on stderr saying why, never a traceback).
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import DutygraphError, InvalidInput

app = typer.Typer(
    name="dutygraph",
    help=(
        "Which child-safety duties apply to this kind of online service, in this country, on this date, "
        "and where does each come from?\n\nExit codes: 0 success, 1 validation failed, 2 bad usage or bad input."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="DUTYGRAPH_STORE",
        help="'memory' (default: the shipped graph in memory), a folder for an on-disk store, or a SPARQL endpoint URL",
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="label language: en or fr")]


class TableFmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _context(store: str | None):  # type: ignore[no-untyped-def]
    from .catalogue import Catalogue
    from .store import open_store

    opened = open_store(store)
    return opened, Catalogue(opened)


def _lang(lang: str) -> str:
    if lang not in ("en", "fr"):
        raise InvalidInput(f"--lang must be en or fr, got {lang!r}")
    return lang


def _emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="extra Turtle files or folders to validate with the graph")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Check the ontology, the graph and any extra files against the SHACL shapes (exit 1 if they do not conform)."""
    from .sources import sources, sources_from_paths
    from .validate import render_text
    from .validate import validate as run_validation

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
def duties(
    jurisdiction: Annotated[str, typer.Argument(help="ISO 3166 code: FR, GB (or UK), EU, FR-IDF...")],
    date: Annotated[str | None, typer.Option(help="ISO date; default today")] = None,
    service: Annotated[
        list[str] | None,
        typer.Option("--service", "-s", help="service category, e.g. eu-online-platform (repeatable)"),
    ] = None,
    condition: Annotated[
        list[str] | None,
        typer.Option("--condition", "-c", help="condition that holds, or !condition that does not (repeatable)"),
    ] = None,
    designation: Annotated[
        list[str] | None,
        typer.Option("--designation", "-d", help="a designation the service holds, e.g. eu-vlop (repeatable)"),
    ] = None,
    establishment: Annotated[str | None, typer.Option(help="EU Member State of main establishment, e.g. IE")] = None,
    harm: Annotated[str | None, typer.Option(help="only duties addressing this harm, e.g. csam")] = None,
    include_pending: Annotated[
        bool, typer.Option("--include-pending", help="also upcoming, pending and not-in-force duties")
    ] = False,
    explain: Annotated[bool, typer.Option("--explain", help="also every other candidate duty and why not")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="each duty with its reasoning, enforcer, sources and notes")
    ] = False,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Duties that apply in a jurisdiction on a date, and why each applies (with --explain, why others do not)."""
    from .applicability import applicable_duties
    from .render import DUTY_CSV_HEADERS, csv_text, duty_csv_rows, json_text, lookup_text

    language = _lang(lang)
    opened, catalogue = _context(store)
    result = applicable_duties(
        opened,
        catalogue,
        jurisdiction,
        date,
        service or [],
        condition or [],
        harm,
        include_pending,
        language,
        designation or [],
        establishment,
        explain,
    )
    if fmt is TableFmt.json:
        _emit(json_text(result))
    elif fmt is TableFmt.csv:
        _emit(csv_text(DUTY_CSV_HEADERS, duty_csv_rows([*result.duties, *result.exempt, *result.set_aside])))
    else:
        _emit(lookup_text(result, language, verbose))


@app.command()
def assess(
    profile: Annotated[Path, typer.Argument(help="service profile, YAML or JSON (see examples/service-profile.yaml)")],
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="each duty with its reasoning, enforcer, sources and notes")
    ] = False,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Every applicable duty in every country a service is offered in, with every threshold tested."""
    from .assess import assess as run_assess
    from .assess import load_profile
    from .render import DUTY_CSV_HEADERS, assessment_text, csv_text, duty_csv_rows, json_text

    language = _lang(lang)
    parsed = load_profile(profile)
    opened, catalogue = _context(store)
    result = run_assess(opened, catalogue, parsed, language)
    if fmt is TableFmt.json:
        _emit(json_text(result))
    elif fmt is TableFmt.csv:
        rows = [[j.jurisdiction.code, *r] for j in result.jurisdictions for r in duty_csv_rows(j.duties)]
        _emit(csv_text(["jurisdiction", *DUTY_CSV_HEADERS], rows))
    else:
        _emit(assessment_text(result, language, verbose))


@app.command()
def compare(
    theme: Annotated[
        list[str] | None, typer.Option(help="theme, e.g. age-assurance (repeatable with --matrix)")
    ] = None,
    duty: Annotated[str | None, typer.Option(help="a duty id, e.g. duty-eu-dsa-art28-1")] = None,
    jurisdiction: Annotated[
        list[str] | None, typer.Option("--jurisdiction", "-j", help="repeatable; default all")
    ] = None,
    date: Annotated[str | None, typer.Option(help="ISO date of the verdicts; default today")] = None,
    matrix: Annotated[
        bool, typer.Option("--matrix", help="themes × jurisdictions (every theme when none is given)")
    ] = False,
    include_pending: Annotated[
        bool, typer.Option("--include-pending", help="also pending, not-in-force and ended duties")
    ] = False,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Corresponding duties across jurisdictions for a theme or a duty, as a matrix, with each verdict."""
    from .compare import compare as run_compare
    from .compare import theme_matrix
    from .render import citation, csv_text, json_text, table

    language = _lang(lang)
    opened, catalogue = _context(store)
    headers = ["jurisdiction", "duty", "provision", "status"]
    if matrix:
        found = theme_matrix(opened, catalogue, theme or [], jurisdiction or [], date, include_pending, language)
        headers = ["theme", *headers]
        rows = [
            [r.theme.id, c.jurisdiction.code, d.id, citation(d), d.applicability]
            for r in found.rows
            for c in r.cells
            for d in c.duties
        ]
        _emit(
            json_text(found)
            if fmt is TableFmt.json
            else csv_text(headers, rows)
            if fmt is TableFmt.csv
            else table(headers, rows)
        )
        return
    if theme and len(theme) > 1:
        raise InvalidInput("give one --theme, or several with --matrix")
    result = run_compare(
        opened, catalogue, theme[0] if theme else None, duty, jurisdiction or [], date, language, include_pending
    )
    rows = [[c.jurisdiction.code, d.id, citation(d), d.applicability] for c in result.cells for d in c.duties]
    if fmt is TableFmt.json:
        _emit(json_text(result))
    elif fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
    else:
        extra = "".join(
            f"\n{c.strength} match: {', '.join(d.id for d in c.duties)}" + (f" ({c.note})" if c.note else "")
            for c in result.correspondences
        )
        _emit(table(headers, rows) + extra)


@app.command()
def timeline(
    start: Annotated[str | None, typer.Option("--from", help="ISO date; default 2000-01-01")] = None,
    end: Annotated[str | None, typer.Option("--to", help="ISO date; default end of next year")] = None,
    jurisdiction: Annotated[str | None, typer.Option(help="ISO code")] = None,
    authority: Annotated[str | None, typer.Option(help="authority id, e.g. ofcom")] = None,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Duties starting or ending, and enforcement and cooperation events, in a period."""
    from .render import csv_text, json_text, table
    from .timeline import timeline as run_timeline

    opened, catalogue = _context(store)
    result = run_timeline(opened, catalogue, start, end, jurisdiction, authority, _lang(lang))
    headers = ["date", "kind", "id", "where", "label"]
    rows = [[e.date, e.kind, e.id, " ".join(j.code for j in e.jurisdictions), e.label] for e in result.entries]
    if fmt is TableFmt.json:
        _emit(json_text(result))
    elif fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
    else:
        _emit(table(headers, rows))


@app.command()
def show(
    identifier: Annotated[str, typer.Argument(help="short id (ofcom, eu-dsa, duty-eu-dsa-art28-1) or full IRI")],
    fmt: Annotated[str, typer.Option("--format", help="table, json or ttl")] = "table",
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """A law, provision, duty, authority or jurisdiction with its neighbours."""
    from .entity import show as run_show
    from .render import json_text, table

    opened, catalogue = _context(store)
    entity = run_show(opened, catalogue, identifier, _lang(lang))
    if fmt == "json":
        _emit(json_text(entity))
    elif fmt == "ttl":
        from .sparql import execute
        from .store import EmbeddedStore

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
    from .render import table
    from .sparql import FORMAT_NAMES, execute
    from .store import EmbeddedStore, open_store

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
    from .export import FORMATS, dump
    from .sources import sources
    from .store import EmbeddedStore, open_store

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
    store: StoreOpt = None,
) -> None:
    """How many triples, jurisdictions, authorities, laws, duties and events the graph holds."""
    from .render import csv_text, json_text, table
    from .stats import stats as run_stats
    from .store import open_store

    result = run_stats(open_store(store))
    rows = [["triples", result.triples], *sorted(result.counts.items())]
    if fmt is TableFmt.json:
        _emit(json_text(result))
    elif fmt is TableFmt.csv:
        _emit(csv_text(["what", "count"], rows))
    else:
        _emit(table(["what", "count"], rows))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default from DUTYGRAPH_HOST or 127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option(help="default from DUTYGRAPH_PORT or 8000")] = None,
    store: StoreOpt = None,
) -> None:
    """Serve the REST API, the SPARQL endpoint, the dumps and the web explorer (uvicorn)."""
    import uvicorn

    if store:
        os.environ["DUTYGRAPH_STORE"] = store
    # the API is started by import path: the graph package never imports the api package
    uvicorn.run(
        "dutygraph.api.app:create_app",
        factory=True,
        host=host or os.environ.get("DUTYGRAPH_HOST", "127.0.0.1"),
        port=port or int(os.environ.get("DUTYGRAPH_PORT", "8000")),
        log_level=os.environ.get("DUTYGRAPH_LOG_LEVEL", "info"),
    )


@app.command()
def version() -> None:
    """Print the version."""
    _emit(__version__)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run a subcommand, turning every failure into one line and an exit code."""
    try:
        # without standalone mode click returns the exit code of typer.Exit instead of raising it
        code = app(args=argv, prog_name="dutygraph", standalone_mode=False)
        if isinstance(code, int):
            return code
    except DutygraphError as exc:
        sys.stderr.write(f"dutygraph: error: {exc.detail}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        # click's exceptions (typer may vendor its own copy of click): recognised by shape, not class
        name = type(exc).__name__
        if name == "Exit":
            return int(getattr(exc, "exit_code", 0))
        if name == "Abort":
            sys.stderr.write("dutygraph: aborted\n")
            return 2
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            sys.stderr.write(f"dutygraph: error: {exc.format_message()}\n")
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                sys.stderr.write(f"  try: {ctx.command_path} --help\n")
            return 2
        if os.environ.get("DUTYGRAPH_DEBUG"):
            raise
        sys.stderr.write(f"dutygraph: internal error: {name}: {exc} (set DUTYGRAPH_DEBUG=1 for details)\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
