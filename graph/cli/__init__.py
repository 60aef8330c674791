"""The `dutygraph` command: each subcommand is one library call and one renderer.

The questions (duties, assess, compare, timeline, enforcement, penalties) live in
`questions.py`, the graph tools (validate, show, query, export, stats, serve) in `tools.py`.

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

from ..errors import DutygraphError, InvalidInput

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


class AnswerFmt(StrEnum):
    """An answer a compliance team takes away: csv and xlsx are the obligations register (graph/register.py)."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="file to write (needed for --format xlsx); default stdout")
]


def _register(fmt: AnswerFmt, entries: list, output: Path | None, about: list, lang: str) -> None:  # type: ignore[type-arg]
    """Write the answer as an obligations register: CSV to stdout or a file, XLSX to a file."""
    from ..register import to_csv, to_xlsx

    if fmt is AnswerFmt.xlsx and output is None:
        raise InvalidInput("--format xlsx writes a workbook: give --output FILE.xlsx")
    body = to_xlsx(entries, about, lang) if fmt is AnswerFmt.xlsx else to_csv(entries, lang)
    if output is None:
        sys.stdout.write(body.decode("utf-8"))
        return
    try:
        output.write_bytes(body)
    except OSError as exc:
        raise InvalidInput(f"cannot write {output}: {exc.strerror or exc}") from None
    sys.stderr.write(f"wrote {output} ({len(entries)} duties, {len(body)} bytes)\n")


def _context(store: str | None):  # type: ignore[no-untyped-def]
    from ..catalogue import Catalogue
    from ..store import open_store

    opened = open_store(store)
    return opened, Catalogue(opened)


def _lang(lang: str) -> str:
    if lang not in ("en", "fr"):
        raise InvalidInput(f"--lang must be en or fr, got {lang!r}")
    return lang


def _emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


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


# the subcommands register themselves on `app`
from . import providers, questions, tools, ways_in  # noqa: E402,F401

if __name__ == "__main__":
    raise SystemExit(main())
