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

from .store import Term

PREFIXES = """\
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX dgid: <https://w3id.org/dutygraph/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX pav: <http://purl.org/pav/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""

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
