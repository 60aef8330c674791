"""Check the graph against the SHACL shapes and report by file and focus node.

pySHACL runs over one rdflib Graph that holds the ontology, the concept schemes and
the data: `sh:class` needs the class hierarchy and the scheme concepts in the data
graph. A file that does not parse (data or shapes) comes back as a result with its
line, never as a traceback, and SHACL is then skipped: a half-loaded graph would
report false dangling references.

`validate()` returns a typed `ValidationReport`; `render_text()` prints it for people.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import pyshacl
from pyshacl.errors import ReportableRuntimeError, ShapeLoadError
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from .errors import DataFileError
from .load import check_parses
from .sources import Source
from .sources import sources as shipped_sources

__all__ = ["Severity", "ValidationReport", "ValidationResult", "compact", "render_text", "validate"]

from .namespaces import PREFIXES

SH = Namespace("http://www.w3.org/ns/shacl#")

_IRI_IN_TEXT = re.compile(r"https?://[^\s<>\"')]+?(?=[.,;:]?(?:[\s<>\"')]|$))")


class Severity(StrEnum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


_ORDER = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class ValidationResult:
    """One problem: a SHACL result, or a file that does not parse.

    `focus` and `shape` are full IRIs (a blank node is `_:id`); `path` and `value` are
    written with the prefixes of docs/style.md (`dg:bearer`, `"2020-01-31"^^xsd:date`).
    `file` is the file that declares the focus node (`focus rdf:type ?x`), or for an
    undeclared node the file that mentions it; `line` is set for parse failures only.
    """

    severity: Severity
    message: str
    file: str | None = None
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a run: `conforms` is False on any Violation or parse failure."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    files: int
    triples: int
    seconds: float

    def count(self, severity: Severity) -> int:
        return sum(1 for result in self.results if result.severity is severity)


def validate(sources: Sequence[Source] | None = None, shapes: Sequence[Source] | None = None) -> ValidationReport:
    """Validate `sources` (default: the shipped ontology and data) against `shapes`."""
    started = time.perf_counter()
    data_sources = list(shipped_sources() if sources is None else sources)
    shape_sources = list(shipped_sources(("shapes",)) if shapes is None else shapes)
    failures = [
        ValidationResult(
            Severity.VIOLATION, f"does not parse: {_parser_message(error)}", file=error.path, line=error.line
        )
        for error in check_parses(data_sources + shape_sources)
    ]
    graph, index = _QueryCachingGraph(), _FileIndex()
    shapes_graph = Graph()
    if not failures:
        failures += _parse_into(graph, data_sources, index)
        failures += _parse_into(shapes_graph, shape_sources, None)
    if failures:
        return _report(failures, len(data_sources), len(graph), started)
    return _report(_run_shacl(graph, shapes_graph, index), len(data_sources), len(graph), started)


def render_text(report: ValidationReport) -> str:
    """The report for a terminal: by file, then focus node, then a summary line."""
    lines: list[str] = []
    by_file: dict[str | None, list[ValidationResult]] = {}
    for result in report.results:
        by_file.setdefault(result.file, []).append(result)
    for file, results in by_file.items():
        lines.append(file or "(not in any file)")
        focus_seen: str | None = "\0"
        for result in results:
            if result.focus is None:
                where = f"line {result.line}: " if result.line and f"line {result.line}" not in result.message else ""
                lines.append(f"  {result.severity:<9} {where}{result.message}")
                continue
            if result.focus != focus_seen:
                lines.append(f"  {compact(result.focus)}")
                focus_seen = result.focus
            detail = f" (value: {result.value})" if result.value and result.value != compact(result.focus) else ""
            shape = f"  [{compact(result.shape)}]" if result.shape else ""
            path = f"{result.path}: " if result.path else ""
            lines.append(f"    {result.severity:<9} {path}{result.message}{detail}{shape}")
        lines.append("")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def compact(iri: str) -> str:
    """`https://w3id.org/dutygraph/id/gb` as `dgid:gb`; other IRIs in angle brackets."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri if iri.startswith("_:") else f"<{iri}>"


# --- loading ---------------------------------------------------------------------------


class _FileIndex:
    """Which file declares each node, so results can be grouped by file."""

    def __init__(self) -> None:
        self.declared: dict[Node, str] = {}
        self.mentioned: dict[Node, str] = {}

    def add(self, graph: Graph, display: str) -> None:
        for subject in graph.subjects(RDF.type, None, unique=True):
            self.declared.setdefault(subject, display)
        for subject, _, obj in graph:
            self.mentioned.setdefault(subject, display)
            if isinstance(obj, URIRef):
                self.mentioned.setdefault(obj, display)

    def file_of(self, node: Node) -> str | None:
        return self.declared.get(node) or self.mentioned.get(node)


def _parse_into(target: Graph, sources: Iterable[Source], index: _FileIndex | None) -> list[ValidationResult]:
    """Parse each file on its own (to know what it declares), then add it to `target`."""
    failures = []
    for source in sources:
        try:
            stat = source.path.stat()
            graph = _parse_file(str(source.path), stat.st_mtime_ns, stat.st_size)
        except Exception as exc:  # rdflib raises many types; any of them means "does not parse"
            line = getattr(exc, "lines", None)
            failures.append(
                ValidationResult(Severity.VIOLATION, f"does not parse: {exc}", file=source.display, line=line)
            )
            continue
        if index is not None:
            index.add(graph, source.display)
        target += graph
    return failures


@lru_cache(maxsize=512)
def _parse_file(path: str, mtime_ns: int, size: int) -> Graph:
    """One file as a graph, cached while the file is unchanged: callers must not modify it."""
    return Graph().parse(path, format="turtle")


def _parser_message(error: DataFileError) -> str:
    where = f"{error.path}:{error.line}: " if error.line else f"{error.path}: "
    return error.detail.removeprefix(where)


# --- SHACL -------------------------------------------------------------------------------


class _QueryCachingGraph(Graph):
    """A graph that parses each SPARQL text once: pySHACL re-sends the same query per focus node
    and per run, and rdflib's parser, not the evaluation, is most of the cost of a rule."""

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _run_shacl(data: Graph, shapes: Graph, index: _FileIndex) -> list[ValidationResult]:
    # inplace: the graph is ours and the shapes have no sh:rule, so pySHACL need not copy it.
    try:
        _, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            advanced=True,
            allow_warnings=True,
            inference=None,
            inplace=True,
        )
    except (ShapeLoadError, ReportableRuntimeError) as exc:
        return [ValidationResult(Severity.VIOLATION, f"the shapes cannot be used: {exc}")]
    namespaces = _namespace_manager()
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        shape = report.value(node, SH.sourceShape)
        results.append(
            ValidationResult(
                severity=Severity(str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1]),
                message=_message(report, node),
                file=index.file_of(focus) if focus is not None else None,
                focus=_node_id(focus),
                path=_path_text(report, path, namespaces) if path is not None else None,
                value=value.n3(namespaces) if value is not None else None,
                shape=_node_id(shape),
            )
        )
    return results


def _message(report: Graph, node: Node) -> str:
    messages = list(report.objects(node, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
    chosen = (english or messages or [Literal("(no message)")])[0]
    return _IRI_IN_TEXT.sub(lambda match: compact(match.group(0)), str(chosen))


def _path_text(graph: Graph, path: Node, namespaces: NamespaceManager) -> str:
    """A SHACL property path in SPARQL syntax: `dg:bearer`, `^dg:hasThreshold`, `a/b`."""
    if isinstance(path, URIRef):
        return path.n3(namespaces)
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return "^" + _path_text(graph, inverse, namespaces)
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "|".join(_path_text(graph, p, namespaces) for p in Collection(graph, alternatives))
    for key, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (inner := graph.value(path, key)) is not None:
            return f"({_path_text(graph, inner, namespaces)}){mark}"
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, p, namespaces) for p in Collection(graph, path))
    return str(path)


def _namespace_manager() -> NamespaceManager:
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)
    return manager


def _node_id(node: Node | None) -> str | None:
    if node is None:
        return None
    return f"_:{node}" if isinstance(node, BNode) else str(node)


# --- report ------------------------------------------------------------------------------


def _report(results: list[ValidationResult], files: int, triples: int, started: float) -> ValidationReport:
    ordered = sorted(
        results,
        key=lambda r: (
            r.file is None,
            r.file or "",
            r.line or 0,
            r.focus or "",
            _ORDER[r.severity],
            r.path or "",
            r.message,
        ),
    )
    conforms = not any(r.severity is Severity.VIOLATION for r in ordered)
    return ValidationReport(conforms, tuple(ordered), files, triples, round(time.perf_counter() - started, 2))


def _summary(report: ValidationReport) -> str:
    counts = ", ".join(
        f"{report.count(severity)} {severity.lower()}{'' if report.count(severity) == 1 else 's'}"
        for severity in Severity
    )
    verdict = "Conforms" if report.conforms else "Does not conform"
    return f"{verdict}: {counts} in {report.files} files ({report.triples:,} triples, {report.seconds} s)."
