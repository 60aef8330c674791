"""The same question asked of every surface gets the same verdicts: library, REST, CLI and pages.

Lookup, comparison and timeline on four pinned dates (before the DSA, after Brexit, after the OSA's
first duties, and the date this suite pins as today), over every theme.
"""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.compare import theme_matrix
from dutygraph.graph.timeline import timeline
from surfaces import BINARY, ROOT

DAYS = ["2019-06-01", "2021-06-01", "2025-03-01", "2026-12-03"]
PLACES = ["GB", "EU", "FR", "IE", "US", "AU"]
LOOKUP_PLACES = ["GB", "FR", "US-TX"]


class Marked(HTMLParser):
    """Collects (theme, jurisdiction, duty, verdict) from the data-* attributes the pages carry."""

    def __init__(self) -> None:
        super().__init__()
        self.theme = self.column = ""
        self.found: set[tuple[str, str, str, str]] = set()
        self.events: set[tuple[str, str, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "tr" and "data-theme" in a:
            self.theme = "theme-" + a["data-theme"]
        if tag == "td" and "data-jurisdiction" in a:
            self.column = a["data-jurisdiction"]
        if "data-duty" in a and "data-verdict" in a and tag in ("li", "article"):
            self.found.add((self.theme, self.column, a["data-duty"], a["data-verdict"]))
        if tag == "li" and "data-kind" in a and "data-id" in a:
            self.events.add((a["data-date"], a["data-kind"], a["data-id"]))


def parse(html: str) -> Marked:
    parser = Marked()
    parser.feed(html)
    return parser


def cli(*args: str) -> Any:
    result = subprocess.run([BINARY, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def matrix_cells(data: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    return {
        (row["theme"]["id"], cell["jurisdiction"]["code"], d["id"], d["applicability"])
        for row in data["rows"]
        for cell in row["cells"]
        for d in cell["duties"]
    }


@pytest.mark.parametrize("day", DAYS)
def test_compare_gives_one_matrix_on_every_surface(day, embedded, catalogue, http: httpx.Client):
    library = matrix_cells(json.loads(theme_matrix(embedded, catalogue, [], PLACES, day).model_dump_json()))
    assert library, "the matrix is not empty"
    rest = http.get("/compare/matrix", params={"jurisdictions": ",".join(PLACES), "date": day})
    assert rest.status_code == 200, rest.text
    assert matrix_cells(rest.json()) == library
    command = cli("compare", "--matrix", *(f"-j{p}" for p in PLACES), "--date", day, "--format", "json")
    assert matrix_cells(command) == library
    page = http.get("/explore/compare", params=[("jurisdiction", p) for p in PLACES] + [("date", day)])
    assert page.status_code == 200
    assert parse(page.text).found == library
    # and each theme asked alone through GET /compare is the same row
    for theme in {t for t, _, _, _ in library}:
        one = http.get("/compare", params={"theme": theme.removeprefix("theme-"), "jurisdictions": PLACES, "date": day})
        cells = {
            (theme, c["jurisdiction"]["code"], d["id"], d["applicability"])
            for c in one.json()["cells"]
            for d in c["duties"]
        }
        assert cells == {c for c in library if c[0] == theme}, theme


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("place", LOOKUP_PLACES)
def test_the_lookup_gives_the_same_verdicts_on_every_surface(day, place, embedded, catalogue, http: httpx.Client):
    answer = applicable_duties(embedded, catalogue, place, day, include_pending=True)
    library = {(d.id, d.applicability) for d in [*answer.duties, *answer.exempt]}
    assert library
    rest = http.get(f"/jurisdictions/{place}/duties", params={"date": day, "include_pending": "true"}).json()
    assert {(d["id"], d["applicability"]) for d in [*rest["duties"], *rest["exempt"]]} == library
    command = cli("duties", place, "--date", day, "--include-pending", "--format", "json")
    assert {(d["id"], d["applicability"]) for d in [*command["duties"], *command["exempt"]]} == library
    page = http.get("/", params={"jurisdiction": place, "date": day, "include_pending": "on"})
    assert {(duty, verdict) for _, _, duty, verdict in parse(page.text).found} == library


@pytest.mark.parametrize("day", DAYS)
def test_the_timeline_is_the_same_on_every_surface(day, embedded, catalogue, http: httpx.Client):
    found = timeline(embedded, catalogue, "2018-01-01", day, "GB")
    library = {(e.date.isoformat(), e.kind, e.id) for e in found.entries}
    assert library
    rest = http.get("/timeline", params={"from": "2018-01-01", "to": day, "jurisdiction": "GB"}).json()
    assert {(e["date"], e["kind"], e["id"]) for e in rest["entries"]} == library
    command = cli("timeline", "--from", "2018-01-01", "--to", day, "--jurisdiction", "GB", "--format", "json")
    assert {(e["date"], e["kind"], e["id"]) for e in command["entries"]} == library
    page = http.get("/explore/timeline", params={"from": "2018-01-01", "to": day, "jurisdiction": "GB"})
    assert parse(page.text).events == library
