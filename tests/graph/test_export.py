"""Dumps are deterministic, carry dataset metadata, and parse back to the source graph."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from dutygraph.graph.export import dump, graph_quads, metadata
from dutygraph.graph.store import EmbeddedStore, open_store, to_oxigraph
from rdflib.compare import isomorphic

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}


def source_graph(store: EmbeddedStore) -> rdflib.Graph:
    quads = graph_quads(store)
    triples = {(s, p, o) for s, p, o, _ in quads}
    data = ox.serialize(
        [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o, _ in [*quads, *metadata(len(triples))]],
        format=ox.RdfFormat.N_TRIPLES,
    )
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


@pytest.fixture(scope="module")
def source(embedded):  # type: ignore[no-untyped-def]
    return source_graph(embedded)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_dump_parses_back_to_an_isomorphic_graph(embedded, source, fmt):
    body = dump(embedded, fmt)
    parsed = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    parsed.parse(data=body, format=FORMATS[fmt])
    graph = rdflib.Graph()
    for s, p, o, *_ in parsed.quads((None, None, None, None)) if fmt == "trig" else parsed:
        graph.add((s, p, o))
    assert len(graph) == len(source)
    assert isomorphic(graph, source)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "jsonld"])
def test_dump_is_byte_identical_across_loads(embedded, fmt):
    assert dump(embedded, fmt) == dump(open_store(), fmt)


def test_turtle_dump_uses_the_project_prefixes_and_metadata(embedded):
    text = dump(embedded, "ttl").decode()
    assert "@prefix dgid: <https://w3id.org/dutygraph/id/> ." in text
    assert "void:triples" in text and "dct:license" in text and "dct:issued" in text


def test_jsonld_dump_has_a_compact_context(embedded):
    data = json.loads(dump(embedded, "jsonld"))
    assert data["@context"]["dgid"] == "https://w3id.org/dutygraph/id/"


def test_trig_keeps_a_named_graph_per_source_file(embedded):
    parsed = rdflib.Dataset()
    parsed.parse(data=dump(embedded, "trig"), format="trig")
    names = {str(g.identifier) for g in parsed.graphs()}
    assert "https://w3id.org/dutygraph/graph/eu/dsa" in names
    assert "https://w3id.org/dutygraph/graph/ontology/dutygraph" in names


def test_odrl_view_has_one_policy_per_in_force_duty(embedded):
    graph = rdflib.Graph()
    graph.parse(data=dump(embedded, "odrl"), format="turtle")
    odrl = rdflib.Namespace("http://www.w3.org/ns/odrl/2/")
    policies = set(graph.subjects(rdflib.RDF.type, odrl.Set))
    assert len(policies) > 40
    for policy in list(policies)[:10]:
        assert graph.value(policy, odrl.obligation) is not None
        assert graph.value(policy, odrl.target) is not None


def test_shapes_are_only_in_the_dump_when_asked():
    from dutygraph.graph.sources import sources

    with_shapes = open_store(extra=sources(("shapes",)))
    assert b"sh:NodeShape" in dump(with_shapes, "ttl", with_shapes=True)
    assert b"sh:NodeShape" not in dump(with_shapes, "ttl")
