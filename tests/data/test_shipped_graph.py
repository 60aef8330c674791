"""The shipped graph parses, conforms to the shapes, and each data file names its own dataset."""

from __future__ import annotations

import pytest
from dutygraph.graph.load import check_parses
from dutygraph.graph.sources import sources
from dutygraph.graph.validate import Severity, ValidationReport, render_text, validate
from rdflib import RDF, Graph, Namespace, URIRef

DCAT = Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(scope="module")
def report() -> ValidationReport:
    return validate()


def test_every_shipped_file_parses() -> None:
    assert [error.detail for error in check_parses(sources(("ontology", "data", "shapes")))] == []


def test_shipped_graph_has_no_violations(report: ValidationReport) -> None:
    violations = [result for result in report.results if result.severity is Severity.VIOLATION]
    assert report.conforms, render_text(report)
    assert violations == []


def test_shipped_graph_validation_covers_every_file(report: ValidationReport) -> None:
    assert report.files == len(sources())
    assert report.triples > 0


def test_each_data_file_declares_its_own_dataset_node() -> None:
    for source in sources(("data",)):
        graph = Graph().parse(source.path, format="turtle")
        datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
        assert datasets == {URIRef(source.graph_iri)}, (
            f"{source.display}: dcat:Dataset node must be <{source.graph_iri}>"
        )
