"""Free SPARQL over the graph, read-only and without outbound requests.

Before a query reaches the engine it is tokenised (strings, IRIs and comments
set apart, so a keyword inside a literal does not count) and refused if it is an
update (INSERT, DELETE, LOAD, CLEAR...), uses SERVICE (pyoxigraph would call the
remote endpoint itself), or names in FROM / FROM NAMED a graph the store does not
hold. Results are serialised by pyoxigraph into a size-capped buffer, so an
oversized answer is an error, never a silently truncated body.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import QueryRejected, ResultTooLarge, UnsupportedQueryForm

# media type -> pyoxigraph format, for SELECT/ASK and for CONSTRUCT/DESCRIBE
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# short names for the command line and the `format=` parameter real clients send
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>[A-Za-z_][\w\-.]*:[\w\-.:%\\]*|:[\w\-.:%\\]*)
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.UNICODE,
)


@dataclass
class QueryInfo:
    """What the guard learnt about a query: its form and the graphs its dataset clause names."""

    form: str
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)


def inspect_query(text: str, known_graphs: set[str] | None = None, max_bytes: int = 100_000) -> QueryInfo:
    """Refuse what a read-only, no-egress endpoint must not run; return the query form."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryRejected(f"query is {size} bytes; the limit is {max_bytes} bytes")
    if not text.strip():
        raise QueryRejected("empty query")
    prefixes: dict[str, str] = {}
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup != "comment"]
    form = None
    info = QueryInfo(form="")
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        upper = value.upper()
        if kind == "word" and upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
        elif kind == "word" and form is None and upper in UPDATE_KEYWORDS:
            raise UnsupportedQueryForm(f"{upper} is a SPARQL Update operation; this endpoint is read-only")
        elif kind == "word" and form is None and upper in QUERY_FORMS:
            form = upper
        elif kind == "word" and upper == "SERVICE":
            raise QueryRejected("SERVICE (federated query) is not allowed: this endpoint makes no outbound requests")
        elif kind == "word" and upper == "FROM":
            named = i + 1 < len(tokens) and tokens[i + 1][1].upper() == "NAMED"
            target = tokens[i + 2] if named and i + 2 < len(tokens) else (tokens[i + 1] if i + 1 < len(tokens) else None)
            if target is not None:
                graph = _resolve(target, prefixes)
                if known_graphs is not None and graph not in known_graphs:
                    raise QueryRejected(
                        f"FROM{' NAMED' if named else ''} <{graph}> names a graph this store does not hold; "
                        "no remote or local documents are loaded"
                    )
                (info.from_named if named else info.from_graphs).append(graph)
        i += 1
    if form is None:
        raise QueryRejected("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    info.form = form
    return info


def _resolve(token: tuple[str | None, str], prefixes: dict[str, str]) -> str:
    kind, value = token
    if kind == "iri":
        return value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    raise QueryRejected(f"FROM must name a graph IRI, got {value!r}")


class _CappedBuffer(io.RawIOBase):
    def __init__(self, cap: int) -> None:
        self.cap, self.data = cap, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.data += b
        if len(self.data) > self.cap:
            raise ResultTooLarge(f"the result is larger than {self.cap} bytes; add a LIMIT or narrow the query")
        return len(b)


def default_media_type(form: str) -> str:
    return "application/sparql-results+json" if form in ("SELECT", "ASK") else "text/turtle"


def offered(form: str) -> list[str]:
    return list(RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS)


def execute(
    store: ox.Store,
    text: str,
    media_type: str | None = None,
    known_graphs: set[str] | None = None,
    max_bytes: int = 100_000,
    max_result_bytes: int = 50_000_000,
) -> tuple[bytes, str, str]:
    """Run a checked query on an embedded store; return (body, media type, query form)."""
    info = inspect_query(text, known_graphs, max_bytes)
    media = media_type or default_media_type(info.form)
    if media not in offered(info.form):
        raise QueryRejected(f"{info.form} results cannot be given as {media}; offered: {', '.join(offered(info.form))}")
    try:
        kwargs: dict[str, object] = {}
        if info.from_graphs or info.from_named:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in info.from_graphs] or None
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in info.from_named] or None
        else:
            kwargs["use_default_graph_as_union"] = True
        result = store.query(text, **kwargs)  # type: ignore[arg-type]
    except SyntaxError as exc:
        message = str(exc.msg or exc)
        raise QueryRejected(f"malformed query: {message[:300]}") from None
    buffer = _CappedBuffer(max_result_bytes)
    if isinstance(result, ox.QueryTriples):
        result.serialize(buffer, GRAPH_FORMATS[media])
    else:
        result.serialize(buffer, RESULT_FORMATS[media])  # type: ignore[union-attr]
    return bytes(buffer.data), media, info.form
