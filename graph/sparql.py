"""Free SPARQL over the graph, read-only and without outbound requests: run a checked query, write its result.

The guard (graph/sparql_guard.py) decides what may run. Here a query it let through
runs on an embedded store, and its result is serialised by pyoxigraph into a
size-capped buffer, so an oversized answer is an error, never a silently truncated
body. XML output is checked before it is returned: pyoxigraph writes an IRI it cannot
split into an XML name (`<http://b/>` as a predicate) or a character XML 1.0 forbids
(U+0001) into RDF/XML and SPARQL XML results as they are, which makes the document
malformed; such a result is refused with a 406 naming the term, and the other formats
remain on offer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from xml.parsers import expat

import pyoxigraph as ox

from .errors import QueryRejected, ResultTooLarge, Unwritable
from .sparql_guard import MAX_DEPTH, NO_SERVICE, QUERY_FORMS, UPDATE_KEYWORDS, QueryInfo, inspect_query

__all__ = [
    "GRAPH_FORMATS",
    "MAX_DEPTH",
    "NO_SERVICE",
    "QUERY_FORMS",
    "RESULT_FORMATS",
    "UPDATE_KEYWORDS",
    "QueryInfo",
    "Unwritable",
    "check_dataset",
    "execute",
    "inspect_query",
    "run_inspected",
]

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
XML_MEDIA = {"application/sparql-results+xml", "application/rdf+xml"}
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

_POSITION = re.compile(r"error at (\d+):(\d+)")
_XML_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
_NAMESPACE = re.compile(rb'xmlns(?::[\w.-]+)?="([^"]*)"')


def check_dataset(default_graphs: Sequence[str], named_graphs: Sequence[str], known_graphs: set[str] | None) -> None:
    """The protocol's `default-graph-uri` / `named-graph-uri` may only name graphs the store holds."""
    for name, graphs in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
        for graph in graphs:
            try:
                ox.NamedNode(graph)
            except ValueError as exc:
                raise QueryRejected(f"{name} {graph!r} is not an IRI ({exc})") from None
            if known_graphs is not None and graph not in known_graphs:
                raise QueryRejected(
                    f"{name} <{graph}> names a graph this store does not hold; no remote or local documents are loaded",
                    valid=sorted(known_graphs),
                )


class _CappedBuffer(io.RawIOBase):
    def __init__(self, cap: int) -> None:
        self.cap, self.data = cap, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.data += b
        if len(self.data) > self.cap:
            raise ResultTooLarge(
                f"the result is larger than {self.cap} bytes; add a LIMIT or narrow the query", limit=self.cap
            )
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
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> tuple[bytes, str, str]:
    """Run a checked query on an embedded store; return (body, media type, query form).

    `default_graphs` / `named_graphs` are the protocol's dataset parameters; when given they
    replace the query's own FROM / FROM NAMED, as the SPARQL 1.1 Protocol says.
    """
    info = inspect_query(text, known_graphs, max_bytes)
    check_dataset(default_graphs, named_graphs, known_graphs)
    return run_inspected(store, text, info, media_type, max_result_bytes, default_graphs, named_graphs)


def run_inspected(
    store: ox.Store,
    text: str,
    info: QueryInfo,
    media_type: str | None = None,
    max_result_bytes: int = 50_000_000,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> tuple[bytes, str, str]:
    """The second half of `execute`, for a caller that inspected the query itself (to choose a format)."""
    media = media_type or default_media_type(info.form)
    if media not in offered(info.form):
        choices = ", ".join(offered(info.form))
        raise QueryRejected(f"{info.form} results cannot be given as {media}; offered: {choices}")
    defaults = list(default_graphs) if default_graphs or named_graphs else info.from_graphs
    nameds = list(named_graphs) if default_graphs or named_graphs else info.from_named
    try:
        kwargs: dict[str, object] = {}
        if defaults or nameds:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in defaults] or None
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in nameds] or None
        else:
            kwargs["use_default_graph_as_union"] = True
        result = store.query(text, **kwargs)  # type: ignore[arg-type]
        if (info.form in ("SELECT", "ASK")) == isinstance(result, ox.QueryTriples):
            raise QueryRejected(f"the query was read as {info.form} but is not one; check its syntax")
        buffer = _CappedBuffer(max_result_bytes)
        if isinstance(result, ox.QueryTriples):
            result.serialize(buffer, GRAPH_FORMATS[media])
        else:
            result.serialize(buffer, RESULT_FORMATS[media])  # type: ignore[union-attr]
    except SyntaxError as exc:
        message = str(exc.msg or exc)
        position = _POSITION.search(message)
        where = {"line": int(position.group(1)), "column": int(position.group(2))} if position else {}
        raise QueryRejected(f"malformed query: {message[:300]}", **where) from None
    except (ResultTooLarge, QueryRejected):
        raise
    except (RuntimeError, ValueError, TypeError, OSError) as exc:  # the engine refused what the query asked
        raise QueryRejected(f"the query failed while running: {type(exc).__name__}: {str(exc)[:300]}") from None
    body = bytes(buffer.data)
    if media in XML_MEDIA:
        check_xml(body, media, offered(info.form))
    return body, media, info.form


def check_xml(body: bytes, media: str, others: Sequence[str] = ()) -> None:
    """Refuse (406) an XML result that is not well-formed, naming the character or IRI that made it so."""
    valid = [m for m in others if m not in XML_MEDIA]
    forbidden = _XML_FORBIDDEN.search(body)
    if forbidden:
        char = forbidden.group().decode("utf-8")
        around = body[max(0, forbidden.start() - 40) : forbidden.end() + 40].decode("utf-8", "replace")
        raise Unwritable(
            f"the result holds U+{ord(char):04X}, a character XML 1.0 cannot hold, in {_shown(around)}; "
            f"ask for {' or '.join(valid) or 'another format'}",
            valid=valid,
        )
    parser = expat.ParserCreate(namespace_separator=" ")  # names as XML Namespaces reads them
    try:
        parser.Parse(body, True)
    except expat.ExpatError as exc:
        line = body.splitlines()[exc.lineno - 1] if exc.lineno <= len(body.splitlines()) else b""
        namespace = _NAMESPACE.search(line)
        term = f"the IRI <{namespace.group(1).decode()}...>" if namespace else _shown(line.decode("utf-8", "replace"))
        if namespace and media == "application/rdf+xml":
            term = f"the predicate IRI <{namespace.group(1).decode()}>, which has no local part that is an XML name,"
        raise Unwritable(
            f"the result cannot be written as well-formed {media}: {term} cannot be written in XML "
            f"({expat.ErrorString(exc.code)}); ask for {' or '.join(valid) or 'another format'}",
            valid=valid,
        ) from None


def _shown(text: str) -> str:
    return repr(text.strip())[:120]
