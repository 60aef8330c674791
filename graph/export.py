"""Dumps: ontology + data (shapes optional) as Turtle, N-Triples, JSON-LD, TriG, and an ODRL view.

Dumps are deterministic: blank nodes get canonical labels (RDFC-1.0 via
pyoxigraph), triples are sorted (rdf:type first for each subject), prefixes are
the project's own, and the dataset metadata carries the release date, not the
time of the dump, so the same graph gives a byte-identical file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Literal

import pyoxigraph as ox

from . import __version__, query_files
from .namespaces import PREFIXES
from .store import Store, Term, to_oxigraph

Format = Literal["ttl", "nt", "jsonld", "trig", "odrl"]
FORMATS: dict[str, tuple[str, str]] = {  # name -> (media type, file extension)
    "ttl": ("text/turtle", "ttl"),
    "nt": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "jsonld"),
    "trig": ("application/trig", "trig"),
    "odrl": ("text/turtle", "odrl.ttl"),
}
RELEASE_DATE = "2026-11-23"
DATASET = "https://w3id.org/dutygraph/dataset"
RDF_TYPE = PREFIXES["rdf"] + "type"
SHAPES_GRAPH_PREFIX = "https://w3id.org/dutygraph/graph/shapes/"

Quad = tuple[Term, Term, Term, Term | None]


def graph_quads(store: Store, with_shapes: bool = False) -> list[Quad]:
    """Ontology + data quads (each in its file's named graph), shapes only when asked."""
    return [q for q in store.quads() if with_shapes or q[3] is None or not q[3].value.startswith(SHAPES_GRAPH_PREFIX)]


def metadata(triple_count: int) -> list[Quad]:
    """VoID/DCAT description of the dump itself."""
    d, p = Term(DATASET), PREFIXES

    def lit(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        return Term(value, "literal", None if lang else (datatype or p["xsd"] + "string"), lang)

    graph = Term("https://w3id.org/dutygraph/graph/metadata")
    rows = [
        (p["rdf"] + "type", Term(p["void"] + "Dataset")),
        (p["rdf"] + "type", Term(p["dcat"] + "Dataset")),
        (
            p["dct"] + "title",
            lit("dutygraph: duties of online services to protect children, across jurisdictions", lang="en"),
        ),
        (
            p["dct"] + "title",
            lit(
                "dutygraph : obligations des services en ligne pour protéger les enfants, par juridiction",
                lang="fr",
            ),
        ),
        (p["dct"] + "license", Term("https://creativecommons.org/licenses/by/4.0/")),
        (p["dcat"] + "version", lit(__version__)),
        (p["dct"] + "issued", lit(RELEASE_DATE, p["xsd"] + "date")),
        (p["void"] + "triples", lit(str(triple_count), p["xsd"] + "integer")),
        (p["void"] + "uriSpace", lit(p["dgid"])),
        (p["void"] + "vocabulary", Term("https://w3id.org/dutygraph/ontology")),
    ]
    return [(d, Term(pred), obj, graph) for pred, obj in rows]


def _canonical(quads: Iterable[Quad], keep_graphs: bool) -> list[ox.Quad]:
    dataset = ox.Dataset()
    for s, p, o, g in quads:
        graph = to_oxigraph(g) if (keep_graphs and g is not None) else ox.DefaultGraph()
        dataset.add(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph))  # type: ignore[arg-type]
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)

    def key(q: ox.Quad) -> tuple[str, int, str, str, str]:
        subject = str(q.subject)
        return (
            str(q.graph_name),
            1 if subject.startswith("_:") else 0,
            subject,
            "" if q.predicate.value == RDF_TYPE else q.predicate.value,
            str(q.object),
        )

    return sorted(dataset, key=key)


def dump(store: Store, fmt: str = "ttl", with_shapes: bool = False) -> bytes:
    """The whole graph in one format, byte-identical for the same graph."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; valid: {', '.join(FORMATS)}")
    quads = graph_quads(store, with_shapes)
    if fmt == "odrl":
        return odrl_view(store)
    triples = {(s, p, o) for s, p, o, _ in quads}
    all_quads = [*quads, *metadata(len(triples))]
    if fmt == "trig":
        return ox.serialize(_canonical(all_quads, keep_graphs=True), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    ordered = [ox.Triple(q.subject, q.predicate, q.object) for q in _canonical(all_quads, keep_graphs=False)]
    if fmt == "nt":
        return ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES)
    if fmt == "jsonld":
        return _jsonld(ordered)
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _jsonld(triples: list[ox.Triple]) -> bytes:
    """JSON-LD with a compact context (the project's prefixes), one node object per subject.

    rdflib compacts; its output order follows set iteration, so nodes and values are
    sorted afterwards to keep the dump byte-identical across runs.
    """
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    data = json.loads(graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    nodes = data.get("@graph", [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    if nodes:
        data["@graph"] = sorted(nodes, key=lambda n: str(n.get("@id", "")))
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False).encode() + b"\n"


def odrl_view(store: Store) -> bytes:
    """The duties as ODRL 2.2 policies (an export view; the graph keeps its own n-ary model).

    Which duties are exported is the one judgement's timing rule: a duty that binds as law from its
    start date (in force or partly in force, with a start date); an end date becomes a constraint.
    """
    from .catalogue import Catalogue
    from .duty_records import fetch
    from .judgement import timing

    catalogue = Catalogue(store)
    records = fetch(store, via={e.iri for e in catalogue.jurisdictions.values()})
    binding = sorted(
        {r.iri for r in records if r.effective_from is not None and timing(r, r.effective_from) == "applies"}
    )
    if not binding:
        return ox.serialize([], format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    values = {"selection": (["duty"], [[Term(d)] for d in binding])}
    triples = store.construct(query_files.render("odrl_view", values))
    quads = [(s, p, o, None) for s, p, o in triples]
    ordered = [ox.Triple(q.subject, q.predicate, q.object) for q in _canonical(quads, keep_graphs=False)]
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
