"""When a record last changed: a node's own dct:modified wins over its data file's header; `changed_since`
keeps what a release recorded or corrected. A real store with one extra data file (a named graph)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.changes import changes, record_modified
from dutygraph.graph.sources import Source
from dutygraph.graph.store import open_store

DATA = Path(__file__).resolve().parent.parent.parent / "graph" / "data"
EXTRA = """\
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dgid: <https://w3id.org/dutygraph/id/> .
dgid:duty-gb-osa-s12-highly-effective-age-assurance dct:modified "2030-01-02"^^xsd:date .
"""


def header(name: str) -> dt.date:
    found = re.search(r'dct:modified "(\d{4}-\d\d-\d\d)"', (DATA / name).read_text(encoding="utf-8"))
    assert found
    return dt.date.fromisoformat(found.group(1))


def test_a_node_inherits_its_files_date_unless_it_has_its_own(tmp_path: Path):
    extra = tmp_path / "override.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    store = open_store(None, [Source(extra, "https://w3id.org/dutygraph/graph/test/override", "data", "override.ttl")])
    catalogue = Catalogue(store)
    modified = record_modified(store, catalogue)
    base = "https://w3id.org/dutygraph/id/"
    assert modified[base + "duty-gb-osa-s12-highly-effective-age-assurance"] == dt.date(2030, 1, 2)
    assert modified[base + "duty-gb-osa-s12-prevent-primary-priority-content"] == header("gb/osa.ttl")
    assert modified[base + "eu-dsa"] == header("eu/dsa.ttl")

    since = changes(store, catalogue, "2025-07-01", "2025-07-31", "GB", changed_since="2030-01-01")
    assert [e.id for e in since.entries] == ["duty-gb-osa-s12-highly-effective-age-assurance"]
    assert since.updated == dt.date(2030, 1, 2)
    everything = changes(store, catalogue, "2025-07-01", "2025-07-31", "GB")
    assert len(everything.entries) > 1
