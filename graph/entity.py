"""Entity lookup: a law, provision, duty, authority or jurisdiction by IRI or short identifier, with its neighbours."""

from __future__ import annotations

from . import query_files
from .catalogue import DGID, Catalogue, parse_iri_or_code
from .duty_records import natural_key
from .errors import NotFound
from .models import Entity, Ref, Statement
from .namespaces import curie
from .store import Store, Term

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
)


def show(store: Store, catalogue: Catalogue, identifier: str, lang: str = "en") -> Entity:
    iri = parse_iri_or_code(identifier)
    values = {"entity": (["s"], [[Term(iri)]]), "lang": (["lang"], [[Term(lang, "literal")]])}
    out = store.select(query_files.render("entity_out", values))
    incoming = store.select(query_files.render("entity_in", {"entity": (["o"], [[Term(iri)]]), "lang": values["lang"]}))
    if not out and not incoming:
        raise NotFound(f"nothing in the graph is called {identifier!r} ({iri})")
    labels: list[str] = []
    types: dict[str, Ref] = {}
    statements: dict[tuple[str, str], Statement] = {}
    for row in out:
        p, o = row["p"], row["o"]
        o_label = _smallest_label(row, "oLabel", "oLabelEn")
        if p.value == RDF_TYPE:
            seen = types.get(o.value)
            label = o_label or curie(o.value)
            if seen is None or label < seen.label:
                types[o.value] = Ref(iri=o.value, id=curie(o.value), label=label)
            continue
        if p.value in LABEL_PREDICATES and o.lang in (lang, None):
            labels.append(o.value)
        _merge(statements, (p.value, f"{o.value}@{o.lang}"), _statement(catalogue, p, o, o_label))
    label = (
        min(labels)
        if labels
        else next(
            (
                s.value
                for s in sorted(statements.values(), key=lambda s: s.value)
                if s.predicate.iri in LABEL_PREDICATES
            ),
            curie(iri),
        )
    )
    inc: dict[tuple[str, str], Statement] = {}
    for row in incoming:
        _merge(
            inc,
            (row["p"].value, row["s"].value),
            _statement(catalogue, row["p"], row["s"], _smallest_label(row, "sLabel", "sLabelEn")),
        )
    return Entity(
        iri=iri,
        id=iri.removeprefix(DGID),
        label=label,
        types=sorted(types.values(), key=lambda t: t.id),
        statements=sorted(statements.values(), key=lambda s: (s.predicate.id, natural_key(s.value), s.lang or "")),
        incoming=sorted(inc.values(), key=lambda s: (s.predicate.id, natural_key(s.value), s.lang or "")),
    )


def _smallest_label(row: dict[str, Term], *names: str) -> str | None:
    for name in names:
        if name in row:
            return row[name].value
    return None


def _merge(found: dict[tuple[str, str], Statement], key: tuple[str, str], statement: Statement) -> None:
    """Keep one statement per key; with several labels, the smallest, so row order does not matter."""
    seen = found.get(key)
    if seen is None or (statement.label is not None and (seen.label is None or statement.label < seen.label)):
        found[key] = statement


def _statement(catalogue: Catalogue, p: Term, o: Term, label: str | None) -> Statement:
    return Statement(
        predicate=Ref(iri=p.value, id=curie(p.value), label=curie(p.value)),
        value=o.value,
        kind=o.kind,  # type: ignore[arg-type]
        label=label if label else (catalogue.label(o.value) if o.is_iri and o.value in catalogue.entries else None),
        lang=o.lang,
        datatype=o.datatype if o.kind == "literal" and not o.lang else None,
    )
