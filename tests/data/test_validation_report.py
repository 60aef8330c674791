"""What `dutygraph validate` tells a curator: parse failures with file and line, results by file."""

from __future__ import annotations

from pathlib import Path

from dutygraph.graph.sources import Source, sources, sources_from_paths
from dutygraph.graph.validate import Severity, render_text, validate

FIXTURES = Path(__file__).parents[1] / "fixtures" / "shapes"
COMPLETE = FIXTURES / "_complete.ttl"
BROKEN = """@prefix dgid: <https://w3id.org/dutygraph/id/> .

dgid:x a dg:Duty .
"""


def _ontology() -> list[Source]:
    return [source for source in sources(("ontology",)) if source.path.name == "dutygraph.ttl"]


def test_file_that_does_not_parse_is_reported_with_name_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN)
    report = validate(_ontology() + sources_from_paths([broken]))
    [result] = report.results
    assert (result.file, result.line, result.severity) == (str(broken), 3, Severity.VIOLATION)
    assert "dg:" in result.message and result.message.startswith("does not parse")
    assert not report.conforms
    text = render_text(report)
    assert str(broken) in text and "line 3" in text and "Traceback" not in text


def test_a_file_that_does_not_parse_stops_validation_before_shacl(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN)
    report = validate(_ontology() + sources_from_paths([COMPLETE, FIXTURES / "duty-without-citation.ttl", broken]))
    assert [result.file for result in report.results] == [str(broken)]


def test_a_shapes_file_that_does_not_parse_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "shapes.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n\nsh:x sh:y sh:z .\nthis is not turtle\n")
    shapes = [Source(broken, "https://w3id.org/dutygraph/graph/shapes/broken", "shapes", "shapes/broken.ttl")]
    report = validate(_ontology() + sources_from_paths([COMPLETE]), shapes=shapes)
    [result] = report.results
    assert (result.file, result.line) == ("shapes/broken.ttl", 4)
    assert not report.conforms


def test_report_groups_results_by_file_then_focus_node() -> None:
    fixtures = [FIXTURES / "duty-without-citation.ttl", FIXTURES / "instrument-without-citation.ttl"]
    report = validate(_ontology() + sources_from_paths([COMPLETE, *fixtures]))
    assert [result.file for result in report.results] == sorted(str(path) for path in fixtures)
    lines = render_text(report).splitlines()
    duty_file = lines.index(str(fixtures[0]))
    assert lines[duty_file + 1] == "  dgid:duty-xa-act-s1-1-second"
    assert lines[duty_file + 2].split()[:2] == ["Violation", "dg:citation:"]
    assert any(line.split()[:1] == ["Warning"] for line in lines), "warnings are shown"


def test_summary_line_counts_each_severity() -> None:
    fixtures = [FIXTURES / "duty-without-citation.ttl", FIXTURES / "instrument-without-citation.ttl"]
    report = validate(_ontology() + sources_from_paths([COMPLETE, *fixtures]))
    assert (report.count(Severity.VIOLATION), report.count(Severity.WARNING)) == (1, 1)
    summary = render_text(report).splitlines()[-1]
    assert summary.startswith("Does not conform: 1 violation, 1 warning, 0 infos in 4 files")


def test_a_graph_with_only_warnings_conforms() -> None:
    report = validate(_ontology() + sources_from_paths([COMPLETE, FIXTURES / "instrument-without-citation.ttl"]))
    assert report.conforms
    assert render_text(report).splitlines()[-1].startswith("Conforms: 0 violations, 1 warning")
