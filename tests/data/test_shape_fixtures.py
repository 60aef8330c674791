"""Every shape can fail: each fixture breaks exactly the shapes its header names.

A fixture in tests/fixtures/shapes/ is loaded on top of `_complete.ttl` (a small graph
with one valid node of every class) and the ontology; its first lines say which shape
it breaks and at what severity (`# Breaks dgsh:Duty-officialText (Violation).`), plus
any other shape the same mistake necessarily breaks (`# Also breaks ...`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dutygraph.graph.sources import Source, sources, sources_from_paths
from dutygraph.graph.validate import Severity, ValidationReport, validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef

SH = Namespace("http://www.w3.org/ns/shacl#")
DGSH = "https://w3id.org/dutygraph/shapes#"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "shapes"
COMPLETE = FIXTURES / "_complete.ttl"
HEADER = re.compile(r"^# (Breaks|Also breaks) dgsh:(\S+) \((Violation|Warning|Info)\)\.$", re.MULTILINE)


def _ontology() -> list[Source]:
    return [source for source in sources(("ontology",)) if source.path.name == "dutygraph.ttl"]


def _validate_with(*fixtures: Path) -> ValidationReport:
    return validate(_ontology() + sources_from_paths([COMPLETE, *fixtures]))


def _expected(fixture: Path) -> set[tuple[str, Severity]]:
    return {(DGSH + shape, Severity(severity)) for _, shape, severity in HEADER.findall(fixture.read_text())}


def _broken(report: ValidationReport) -> set[tuple[str | None, Severity]]:
    return {(result.shape, result.severity) for result in report.results}


def _fixtures() -> list[Path]:
    return sorted(path for path in FIXTURES.glob("*.ttl") if not path.name.startswith("_"))


def _case(path: Path) -> pytest.ParameterSet:
    main = HEADER.search(path.read_text())
    severity = main.group(3).lower() if main else "result"
    return pytest.param(path, id=f"{path.stem.replace('-', ' ')} is a {severity}")


def _shapes_graph() -> Graph:
    graph = Graph()
    for source in sources(("shapes",)):
        graph.parse(source.path, format="turtle")
    return graph


def _named_shapes(graph: Graph) -> set[URIRef]:
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return {shape for shape in shapes if isinstance(shape, URIRef)}


def test_complete_fixture_graph_has_no_results() -> None:
    report = _validate_with()
    assert report.conforms
    assert report.results == ()


@pytest.mark.parametrize("fixture", [_case(path) for path in _fixtures()])
def test_fixture_breaks_exactly_the_shapes_it_names(fixture: Path) -> None:
    expected = _expected(fixture)
    assert expected, f"{fixture.name} has no '# Breaks dgsh:... (Severity).' header"
    report = _validate_with(fixture)
    assert _broken(report) == expected
    assert report.conforms == all(severity is not Severity.VIOLATION for _, severity in expected)


def test_duty_without_official_text_is_a_violation() -> None:
    report = _validate_with(FIXTURES / "duty-without-official-text.ttl")
    [result] = report.results
    assert (result.shape, result.severity) == (DGSH + "Duty-officialText", Severity.VIOLATION)
    assert result.focus == "https://w3id.org/dutygraph/id/duty-xa-act-s1-1-second"
    assert result.path == "dg:officialText"
    assert result.message == "Duty has no official source URL (dg:officialText)"
    assert result.file is not None and result.file.endswith("duty-without-official-text.ttl")
    assert not report.conforms


def test_duty_applying_before_its_instrument_is_in_force_names_both_dates() -> None:
    report = _validate_with(FIXTURES / "duty-applying-before-its-act-is-in-force.ttl")
    [result] = report.results
    assert result.shape == DGSH + "DutyAfterEntryIntoForce"
    assert "2020-01-01" in result.message and "2023-10-26" in result.message
    assert "dgid:xa-act" in result.message


def test_a_missing_french_summary_is_only_a_warning() -> None:
    report = _validate_with(FIXTURES / "duty-without-french-summary.ttl")
    assert _broken(report) == {(DGSH + "DutyRecommended-summary-fr", Severity.WARNING)}
    assert report.conforms


def test_overlapping_memberships_are_both_reported() -> None:
    report = _validate_with(FIXTURES / "overlapping-memberships.ttl")
    focus = {result.focus.rsplit("/", 1)[-1] for result in report.results if result.focus}
    assert focus == {"membership-xa-xu", "transition-xa-xu", "membership-xa-xu-2019"}


def test_an_undeclared_node_is_filed_under_the_file_that_mentions_it() -> None:
    report = _validate_with(FIXTURES / "reference-to-an-undeclared-node.ttl")
    [result] = report.results
    assert result.focus == "https://w3id.org/dutygraph/id/fx-regulater"
    assert result.file is not None and result.file.endswith("reference-to-an-undeclared-node.ttl")


def test_every_shape_has_a_fixture_that_breaks_it() -> None:
    broken = {
        shape for path in _fixtures() for (kind, shape, _) in HEADER.findall(path.read_text()) if kind == "Breaks"
    }
    declared = {str(shape).removeprefix(DGSH) for shape in _named_shapes(_shapes_graph())}
    assert declared - broken == set(), "shapes without a fixture in tests/fixtures/shapes/"
    assert broken - declared == set(), "fixtures naming shapes that do not exist"


def test_every_shape_has_an_iri_a_severity_and_an_english_message() -> None:
    graph = _shapes_graph()
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
    top_level = {s for p in targets for s in graph.subjects(p, None)} | set(graph.objects(None, SH.property))
    assert all(isinstance(shape, URIRef) for shape in top_level), "name every shape with a dgsh: IRI"
    for shape in _named_shapes(graph):
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        messages = [m for m in graph.objects(shape, SH.message) if isinstance(m, Literal) and m.language == "en"]
        messages += [
            m for c in graph.objects(shape, SH.sparql) for m in graph.objects(c, SH.message) if m.language == "en"
        ]
        assert messages, f"{shape} has no English sh:message"


def test_every_sparql_query_declares_its_prefixes() -> None:
    graph = _shapes_graph()
    queries = set(graph.subjects(SH.select, None))
    assert queries
    for query in queries:
        declared = graph.value(query, SH.prefixes)
        assert declared is not None, f"{query} has no sh:prefixes"
        assert any(True for _ in graph.objects(declared, SH.declare)), f"{declared} declares no prefix"
