"""The applicability index gives the answers the queries give: the same records for every place, set of
places and duty, and the same lookups, on the shipped graph and on a synthetic 100k-triple graph."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.duty_index import LANGUAGES, DutyIndex, IndexedStore
from dutygraph.graph.duty_records import fetch, read_records
from dutygraph.graph.load import load_sources
from dutygraph.graph.reach import Scope
from dutygraph.graph.sources import sources
from dutygraph.graph.store import EmbeddedStore

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
DAYS = (dt.date(2019, 6, 1), dt.date(2024, 2, 17), dt.date(2025, 7, 25), dt.date(2027, 1, 1))


def same_records(store: EmbeddedStore, catalogue: Catalogue, indexed: IndexedStore, codes: list[str]) -> int:
    """Every place alone, the candidates of `codes` on each day, and the duties in chunks; the count compared."""
    index = indexed.duty_index
    compared = 0
    for lang in LANGUAGES:
        for place in sorted(index.places):
            assert fetch(indexed, via=[place], lang=lang) == read_records(store, via=[place], lang=lang), place
            compared += 1
        for code in codes:
            iri = catalogue.jurisdictions[code].iri
            for day in DAYS:
                via = Scope.of(catalogue, iri, day).candidates()
                assert fetch(indexed, via=via, lang=lang) == read_records(store, via=via, lang=lang), (code, day)
                compared += 1
        duties = sorted({r.iri for r in read_records(store, via=index.places, lang=lang)})
        for chunk in (duties[:1], duties[::7], duties):
            assert fetch(indexed, duties=chunk, lang=lang) == read_records(store, duties=chunk, lang=lang)
            compared += 1
    return compared


def same_lookups(store: EmbeddedStore, catalogue: Catalogue, indexed: IndexedStore, codes: list[str]) -> None:
    for code in codes:
        for day in DAYS[1:3]:
            for lang in LANGUAGES:
                by_query = applicable_duties(store, catalogue, code, day, lang=lang, explain=True)
                by_index = applicable_duties(indexed, catalogue, code, day, lang=lang, explain=True)
                assert by_index.model_dump_json() == by_query.model_dump_json(), (code, day, lang)


def test_the_index_holds_what_the_queries_give_on_the_shipped_graph(
    embedded: EmbeddedStore, catalogue: Catalogue
) -> None:
    indexed = IndexedStore(embedded, DutyIndex(embedded))
    assert indexed.duty_index.duties > 50
    # every place with duties is compared alone; candidates and whole lookups are compared for one place of
    # each kind of reach (direct, union member, former member, region of a federation and of a country), which
    # exercises every route without repeating the same comparison for each of the fifty US States
    routes = [
        c
        for c in ("GB", "EU", "FR", "DE", "IE", "US", "US-TX", "US-NY", "FR-IDF", "AU")
        if c in catalogue.jurisdictions
    ]
    assert same_records(embedded, catalogue, indexed, routes) > 100
    same_lookups(embedded, catalogue, indexed, routes)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[EmbeddedStore, int, str]:
    sys.path.insert(0, str(BENCHMARKS))
    import generate  # the benchmarks' own generator: deterministic for a size and seed

    nt, summary = generate.write(100_000, tmp_path_factory.mktemp("synthetic"))
    store = ox.Store()
    load_sources(store, sources(("ontology",)))
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:x-test:synthetic"))
    assert summary.probe is not None
    return EmbeddedStore(store, "synthetic"), summary.triples, summary.probe.jurisdiction


def test_the_index_holds_what_the_queries_give_on_a_synthetic_100k_graph(
    synthetic: tuple[EmbeddedStore, int, str],
) -> None:
    store, triples, probe = synthetic
    assert triples >= 90_000
    catalogue = Catalogue(store)
    indexed = IndexedStore(store, DutyIndex(store))
    assert indexed.duty_index.duties > 1_000
    codes = [probe, *sorted(catalogue.jurisdictions)[::10]]  # every place alone, and a spread of places' reach
    assert same_records(store, catalogue, indexed, codes) > 100
    same_lookups(store, catalogue, indexed, [probe, *sorted(catalogue.jurisdictions)[:2]])


def test_a_language_the_index_does_not_hold_is_read_from_the_store(embedded: EmbeddedStore) -> None:
    indexed = IndexedStore(embedded, DutyIndex(embedded, languages=("en",)))
    place = sorted(indexed.duty_index.places)[0]
    assert indexed.duty_index.find([place], [], "fr") is None
    assert fetch(indexed, via=[place], lang="fr") == read_records(embedded, via=[place], lang="fr")
