"""Parse the Turtle sources into a pyoxigraph store, one named graph per file.

Parse failures become DataFileError with the file and line, never a traceback.
"""

from __future__ import annotations

import pyoxigraph as ox

from .errors import DataFileError
from .sources import Source


def load_sources(store: ox.Store, sources: list[Source]) -> int:
    """Load every source into its named graph; return the number of quads added."""
    before = len(store)
    for source in sources:
        try:
            store.bulk_load(path=str(source.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(source.graph_iri))
        except SyntaxError as exc:
            raise DataFileError(source.display, _message(exc), exc.lineno) from None
        except OSError as exc:
            raise DataFileError(source.display, f"cannot read file ({exc.strerror or exc})") from None
    return len(store) - before


def check_parses(sources: list[Source]) -> list[DataFileError]:
    """Every file that does not parse, each with its line and the parser's message."""
    failures = []
    for source in sources:
        try:
            load_sources(ox.Store(), [source])
        except DataFileError as exc:
            failures.append(exc)
    return failures


def _message(exc: SyntaxError) -> str:
    # pyoxigraph: "Parser error at line 4 between columns 6 and 9: The prefix b: has not been declared"
    text = exc.msg or str(exc)
    return text.replace("Parser error at ", "", 1) if text.startswith("Parser error at line") else text
