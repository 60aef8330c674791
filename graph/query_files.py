"""The engine's SPARQL: one `.rq` file per question in `graph/queries/`, read once.

Parameters never enter a query as formatted text. The caller passes terms
that were already checked (known codes mapped to IRIs, dates parsed), and they
are written into `VALUES` blocks by pyoxigraph's own term serialiser, which
escapes literals and refuses malformed IRIs. A query marks where its VALUES go
with a `# @values <name>` line; the same block may be used at several places.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files

from .namespaces import PREFIXES as NAMESPACES
from .store import Term

PREFIXES = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in NAMESPACES.items())

_MARKER = re.compile(r"^[ \t]*# @values (\w+)[ \t]*$", re.MULTILINE)

Values = Mapping[str, tuple[Sequence[str], Sequence[Sequence[Term | None]]]]


@cache
def query_text(name: str) -> str:
    """The body of `graph/queries/<name>.rq`."""
    return (files("dutygraph.graph.queries") / f"{name}.rq").read_text(encoding="utf-8")


def values_block(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> str:
    """`VALUES (?a ?b) { (<x> "y") ... }`; None becomes UNDEF."""
    head = " ".join(f"?{v}" for v in variables)
    body = " ".join("(" + " ".join("UNDEF" if t is None else t.n3() for t in row) + ")" for row in rows)
    return f"VALUES ({head}) {{ {body} }}"


def render(name: str, values: Values | None = None) -> str:
    """The full query `name` with its VALUES blocks filled in.

    A marker with no values given is left as a comment (the block is optional).
    """
    values = values or {}

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            return match.group(0)
        variables, rows = values[key]
        return values_block(variables, rows)

    return PREFIXES + _MARKER.sub(fill, query_text(name))
