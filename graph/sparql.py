"""Free SPARQL over the graph, read-only and without outbound requests.

Before a query reaches the engine it is tokenised (strings, IRIs and comments
set apart, so a keyword inside a literal does not count) and refused if it is an
update (INSERT, DELETE, LOAD, CLEAR...), uses SERVICE (pyoxigraph would call the
remote endpoint itself), or names in FROM / FROM NAMED a graph the store does not
hold. Results are serialised by pyoxigraph into a size-capped buffer, so an
oversized answer is an error, never a silently truncated body.

A tokeniser cannot always tell `<` the IRI opener from `<` the comparison, so a
hostile query can make it see an IRI or a string where the engine sees code
(`FILTER(?a<'x>')SERVICE <...>`). Whenever the words SERVICE or FROM occur in the
text more often than the tokeniser found them as keywords, rdflib's grammar-driven
parser gives a second opinion, and a query it cannot read is refused.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator, Sequence
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
NO_SERVICE = "SERVICE (federated query) is not allowed: this endpoint makes no outbound requests"

# The lexical rules follow the SPARQL 1.1 grammar (section 19.8): a comment ends at CR or LF,
# short strings hold neither, and a prefixed name's local part may carry `\#`, `\'` and other
# escapes, which must not start a comment or a string here when they do not in the engine.
_PN_LOCAL = r"""(?:[\w\-.:%]|\\[_~.\-!$&'()*+,;=/?#@%])*"""
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>[A-Za-z_][\w\-.]*:"""
    + _PN_LOCAL
    + r"""|:"""
    + _PN_LOCAL
    + r""")
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.UNICODE,
)
# Every place the words SERVICE or FROM could be keywords to the engine: a superset of what the
# tokeniser finds (it also counts mentions inside strings, IRIs and comments).
_MENTION = re.compile(r"(?<![\w?$:])(SERVICE|FROM)(?![\w:])", re.IGNORECASE)
_POSITION = re.compile(r"error at (\d+):(\d+)")
_rdflib_lock = threading.Lock()  # rdflib's SPARQL parser (pyparsing) is not thread-safe


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
            raise QueryRejected(NO_SERVICE)
        elif kind == "word" and upper == "FROM":
            named = i + 1 < len(tokens) and tokens[i + 1][1].upper() == "NAMED"
            after = i + 2 if named else i + 1
            target = tokens[after] if after < len(tokens) else None
            if target is not None:
                graph = _resolve(target, prefixes)
                if known_graphs is not None and graph not in known_graphs:
                    raise QueryRejected(
                        f"FROM{' NAMED' if named else ''} <{graph}> names a graph this store does not hold; "
                        "no remote or local documents are loaded",
                        valid=sorted(known_graphs),
                    )
                (info.from_named if named else info.from_graphs).append(graph)
        i += 1
    if form is None:
        raise QueryRejected("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    info.form = form
    from_words = sum(kind == "word" and value.upper() == "FROM" for kind, value in tokens)
    keywords = {"SERVICE": 0, "FROM": from_words}
    mentions = {"SERVICE": 0, "FROM": 0}
    for match in _MENTION.finditer(text):
        mentions[match.group(1).upper()] += 1
    if mentions != keywords:
        _second_opinion(text, len(info.from_graphs) + len(info.from_named))
    return info


def _second_opinion(text: str, from_clauses: int) -> None:
    """Ask rdflib's parser whether the query uses SERVICE or more FROM clauses than the tokeniser saw."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def names(node: object) -> Iterator[str]:
        if isinstance(node, CompValue):
            yield node.name
            for value in node.values():
                yield from names(value)
        elif isinstance(node, ParseResults | list | tuple):
            for value in node:
                yield from names(value)

    with _rdflib_lock:
        try:
            tree = parseQuery(text)
        except Exception as exc:  # pyparsing's ParseException, RecursionError on deep nesting...
            raise QueryRejected(
                "the query mentions SERVICE or FROM inside a string, IRI or comment, and the second parser "
                "that makes sure it is not a hidden SERVICE or FROM clause could not read it "
                f"({str(exc)[:200]}); put spaces around comparison operators such as <, or rephrase"
            ) from None
    found = list(names(tree))
    if "ServiceGraphPattern" in found:
        raise QueryRejected(NO_SERVICE)
    if found.count("DatasetClause") != from_clauses:
        raise QueryRejected(
            "a FROM clause could not be checked against the graphs of this store; "
            "write FROM <graph IRI> with spaces around it"
        )


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
    except RuntimeError as exc:  # an evaluation error the query caused (an unbound SERVICE name...)
        raise QueryRejected(f"the query failed while running: {str(exc)[:300]}") from None
    return bytes(buffer.data), media, info.form
