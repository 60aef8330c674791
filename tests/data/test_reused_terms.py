"""Every term the project uses from another vocabulary is listed in ontology/reused-terms.csv.

The list gives each term's vocabulary, source and licence, and stands in for vendored
copies of those vocabularies. A term missing from it is either new (check it exists in
its vocabulary, then add a row) or a typo such as `eli:is_partof`, which no tool would
otherwise notice: RDF accepts any IRI.
"""

from __future__ import annotations

import csv
from collections import Counter

from dutygraph.graph.sources import package_dir, sources
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespaces

CSV_PATH = package_dir("ontology") / "reused-terms.csv"
NAMESPACES = {
    "dpv": "https://w3id.org/dpv#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "pav": "http://purl.org/pav/",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "schema": "https://schema.org/",
    "cv": "http://data.europa.eu/m8g/",
    "lrmlmm": "http://docs.oasis-open.org/legalruleml/ns/v1.0/metamodel#",
    "lkif": "http://www.estrellaproject.org/lkif-core/norm.owl#",
    "vann": "http://purl.org/vocab/vann/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
}
# Vocabularies whose term lists rdflib ships: a second check on the rows themselves.
RDFLIB_TERMS = {
    "org": "ORG", "skos": "SKOS", "prov": "PROV", "dct": "DCTERMS", "dcat": "DCAT", "foaf": "FOAF", "odrl": "ODRL2",
    "schema": "SDO", "vann": "VANN", "owl": "OWL", "rdfs": "RDFS", "rdf": "RDF", "xsd": "XSD", "sh": "SH",
    "void": "VOID",
}  # fmt: skip


def _prefixed(iri: str) -> str | None:
    for prefix, namespace in NAMESPACES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return None


def _used_terms() -> dict[str, str]:
    """Each reused term, with the first file that uses it."""
    used: dict[str, str] = {}
    for source in sources(("ontology", "data", "shapes")):
        graph = Graph().parse(source.path, format="turtle")
        for triple in graph:
            for node in triple:
                iri = node if isinstance(node, URIRef) else node.datatype if isinstance(node, Literal) else None
                term = _prefixed(str(iri)) if iri is not None else None
                if term:
                    used.setdefault(term, source.display)
    return used


def _rows() -> list[dict[str, str]]:
    with CSV_PATH.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_reused_term_is_listed_in_reused_terms_csv() -> None:
    listed = {row["term"] for row in _rows()}
    missing = {term: where for term, where in _used_terms().items() if term not in listed}
    assert not missing, "terms missing from ontology/reused-terms.csv (check each exists, then add it):\n" + "\n".join(
        f"  {term} (used in {where})" for term, where in sorted(missing.items())
    )


def test_each_listed_term_has_a_vocabulary_a_source_and_a_licence() -> None:
    rows = _rows()
    assert rows and list(rows[0]) == ["term", "vocabulary", "source_url", "license"]
    for row in rows:
        prefix = row["term"].split(":", 1)[0]
        assert prefix in NAMESPACES, f"{row['term']}: unknown prefix"
        assert row["vocabulary"] and row["license"], row["term"]
        assert row["source_url"].startswith(("http://", "https://")), row["term"]
    duplicates = [term for term, count in Counter(row["term"] for row in rows).items() if count > 1]
    assert duplicates == []


def test_listed_terms_of_w3c_and_dcmi_vocabularies_exist_in_them() -> None:
    unknown = []
    for row in _rows():
        prefix, local = row["term"].split(":", 1)
        if prefix not in RDFLIB_TERMS:
            continue
        namespace = getattr(rdflib_namespaces, RDFLIB_TERMS[prefix])
        if local not in namespace.__annotations__ and local not in namespace._extras:
            unknown.append(row["term"])
    assert unknown == []
