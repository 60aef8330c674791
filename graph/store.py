"""One small interface over two back ends: embedded pyoxigraph, or a remote SPARQL 1.1 server.

Every question the engine answers is a SELECT (or CONSTRUCT) sent through
`Store`, so the same lookups run unchanged on both back ends and give the same
rows. Rows are lists of `Term` values, a plain form both back ends convert to.

Named graphs: the shipped graph loads one named graph per Turtle file; queries
see their union as the default graph (`use_default_graph_as_union` embedded;
`--union-default-graph` on `oxigraph serve`, `tdb2:unionDefaultGraph` on Fuseki).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx
import pyoxigraph as ox

from .errors import QueryRejected, StoreUnavailable
from .load import load_sources
from .sources import Source, sources

XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term as both back ends can give it: IRI, literal (with datatype or language) or blank node."""

    value: str
    kind: str = "iri"  # "iri" | "literal" | "bnode"
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"

    def n3(self) -> str:
        """SPARQL syntax for this term, built by pyoxigraph so it is always escaped."""
        return str(to_oxigraph(self))


Row = dict[str, Term]


def to_oxigraph(term: Term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype or XSD + "string"))


def from_oxigraph(term: object) -> Term:
    cls = type(term)
    if cls is ox.NamedNode:
        return Term(term.value)  # type: ignore[attr-defined]
    if cls is ox.Literal:
        return Term(term.value, "literal", term.datatype.value, term.language)  # type: ignore[attr-defined]
    if cls is ox.BlankNode:
        return Term(term.value, "bnode")  # type: ignore[attr-defined]
    raise TypeError(f"unexpected term {term!r}")


class Store(Protocol):
    """What the engine needs from a triple store."""

    description: str

    def select(self, query: str) -> list[Row]:
        """Run a SELECT query; rows map projected variable names to bound terms."""
        ...

    def ask(self, query: str) -> bool: ...

    def construct(self, query: str) -> list[tuple[Term, Term, Term]]: ...

    def quads(self) -> Iterator[tuple[Term, Term, Term, Term | None]]:
        """Every quad (subject, predicate, object, graph or None for the default graph)."""
        ...

    def triple_count(self) -> int: ...


class EmbeddedStore:
    """pyoxigraph in memory (or on disk when given a path), queried directly, not through rdflib."""

    def __init__(self, store: ox.Store, description: str) -> None:
        self.ox = store
        self.description = description
        self._count: int | None = None
        self._lock = threading.Lock()

    def _query(self, query: str) -> object:
        try:
            return self.ox.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryRejected(f"malformed SPARQL: {exc.msg or exc}") from None

    def select(self, query: str) -> list[Row]:
        solutions = self._query(query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryRejected("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        rows: list[Row] = []
        # one Term per distinct RDF term of the answer: IRIs such as ?via, ?status or ?law repeat on every row
        seen: dict[object, Term] = {}
        for solution in solutions:
            row: Row = {}
            for name, value in zip(names, solution, strict=True):
                if value is not None:
                    term = seen.get(value)
                    if term is None:
                        term = seen[value] = from_oxigraph(value)
                    row[name] = term
            rows.append(row)
        return rows

    def ask(self, query: str) -> bool:
        result = self._query(query)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryRejected("expected an ASK query")
        return bool(result)

    def construct(self, query: str) -> list[tuple[Term, Term, Term]]:
        result = self._query(query)
        if not isinstance(result, ox.QueryTriples):
            raise QueryRejected("expected a CONSTRUCT or DESCRIBE query")
        return [(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in result]

    def quads(self) -> Iterator[tuple[Term, Term, Term, Term | None]]:
        for q in self.ox.quads_for_pattern(None, None, None, None):
            graph = None if isinstance(q.graph_name, ox.DefaultGraph) else from_oxigraph(q.graph_name)
            yield from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object), graph

    def triple_count(self) -> int:
        if self._count is None:
            with self._lock:
                self._count = len(self.ox)
        return self._count


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint (Oxigraph server, Fuseki, GraphDB, Neptune), read over HTTP."""

    def __init__(self, endpoint: str, timeout_s: float = 30.0) -> None:
        self.endpoint = endpoint
        self.description = f"SPARQL endpoint {endpoint}"
        self._client = httpx.Client(timeout=timeout_s)

    def close(self) -> None:
        """Close the HTTP client's connections (the server calls this at shutdown)."""
        self._client.close()

    def _post(self, query: str, accept: str) -> httpx.Response:
        try:
            response = self._client.post(
                self.endpoint,
                content=query.encode(),
                headers={"Content-Type": "application/sparql-query", "Accept": accept},
            )
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"cannot reach {self.endpoint}: {exc}") from None
        if response.status_code == 400:
            raise QueryRejected(f"the SPARQL server refused the query: {response.text[:300]}")
        if response.status_code >= 300:
            raise StoreUnavailable(f"{self.endpoint} answered HTTP {response.status_code}: {response.text[:300]}")
        return response

    def _json(self, query: str) -> dict[str, Any]:
        """The SPARQL JSON results, read whole: a body the store cut short (its own time limit hit while
        streaming) is the store failing, not a malformed answer to pass on."""
        response = self._post(query, "application/sparql-results+json")
        try:
            data = response.json()
        except ValueError:
            raise StoreUnavailable(
                f"{self.endpoint} cut its answer short ({len(response.content)} bytes; its time limit?)"
            ) from None
        if not isinstance(data, dict):
            raise StoreUnavailable(f"{self.endpoint} did not answer with SPARQL JSON results")
        return data

    def select(self, query: str) -> list[Row]:
        data = self._json(query)
        return [{k: _from_json(v) for k, v in b.items()} for b in data["results"]["bindings"]]

    def ask(self, query: str) -> bool:
        return bool(self._json(query)["boolean"])

    def construct(self, query: str) -> list[tuple[Term, Term, Term]]:
        text = self._post(query, "application/n-triples").content
        return [
            (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
            for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
        ]

    def quads(self) -> Iterator[tuple[Term, Term, Term, Term | None]]:
        rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for row in rows:
            yield row["s"], row["p"], row["o"], row["g"]

    def triple_count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"].value)


def _from_json(binding: dict[str, str]) -> Term:
    kind = binding["type"]
    if kind == "uri":
        return Term(binding["value"])
    if kind == "bnode":
        return Term(binding["value"], "bnode")
    lang = binding.get("xml:lang")
    datatype = binding.get("datatype") or (None if lang else XSD + "string")
    if lang:
        datatype = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    return Term(binding["value"], "literal", datatype, lang)


def open_store(location: str | None = None, extra: Sequence[Source] = (), timeout_s: float = 30.0) -> Store:
    """Open the store a user configured.

    - None or "memory": the shipped graph, loaded into pyoxigraph in memory;
    - an http(s) URL: a remote SPARQL 1.1 query endpoint (already holding the graph), each
      request bounded by `timeout_s` (the server passes its configured query time limit);
    - a folder path: an on-disk pyoxigraph store, filled with the shipped graph on first use.
    """
    if location and location.startswith(("http://", "https://")):
        return RemoteStore(location, timeout_s)
    if location in (None, "", "memory"):
        store = ox.Store()
        load_sources(store, [*sources(), *extra])
        return EmbeddedStore(store, "embedded pyoxigraph (memory)")
    path = Path(location)
    try:
        store = ox.Store(str(path))
    except OSError as exc:
        # a store that cannot be opened is bad input (exit 2), not a data file that failed validation (exit 1)
        raise StoreUnavailable(f"cannot open the store folder {path} ({exc})") from None
    if len(store) == 0:
        load_sources(store, [*sources(), *extra])
        store.flush()
    return EmbeddedStore(store, f"embedded pyoxigraph ({path})")
