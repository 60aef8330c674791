"""Dereferenceable IRIs: every {base}id/{slug} the graph mints at /id/{slug}, the ontology at /ontology.

Content negotiation gives Turtle (the default: curl sends */*), JSON-LD,
N-Triples, RDF/XML, or an HTML page for browsers; `?format=ttl|jsonld|html|nt|rdf`
overrides Accept. The RDF is what the graph says about the resource and what points
at it; the HTML shows the same with labels and links to neighbours. Served
directly (no 303), with Vary: Accept.
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from dutygraph.graph.entity import show
from dutygraph.graph.models import Entity, ProviderDetail, Statement
from dutygraph.graph.namespaces import PREFIXES, curie
from dutygraph.graph.providers import provider
from dutygraph.graph.sources import GRAPH_BASE
from fastapi import APIRouter, Path, Query, Request, Response

from ..conneg import GRAPHS, HTML, RESOURCE, Offer, choose
from ..deps import CatalogueDep, LangDep, StateDep, StoreDep
from ..entity_view import DG, HEADINGS, INCOMING, VERIFICATION, in_language, reader_view, title
from ..problems import problem_responses
from ..state import AppState
from .pages import translate

router = APIRouter(tags=["linked data"], responses=problem_responses(400, 404, 406))

RDF_TYPE = PREFIXES["rdf"] + "type"
SOURCE_PREDICATES = {  # the official text and where a fact was read (the template translates the names)
    "https://w3id.org/dutygraph/ontology#officialText": "Official text",
    PREFIXES["prov"] + "wasDerivedFrom": "Source read",
    PREFIXES["owl"] + "sameAs": "Same as",
    PREFIXES["foaf"] + "homepage": "Home page",
    PREFIXES["rdfs"] + "seeAlso": "See also",
}
RDF_CONTENT = {o.media_type: {} for o in GRAPHS} | {HTML.media_type: {}}
Format = Annotated[str | None, Query(description="ttl, jsonld, nt, rdf or html; overrides Accept", max_length=20)]


@router.api_route(
    "/id/{slug:path}",
    methods=["GET"],
    response_class=Response,
    summary="A resource",
    responses={200: {"content": RDF_CONTENT}},
)
def resource(
    slug: Annotated[str, Path(description="the part after {base}id/, e.g. duty-eu-dsa-art28-1", max_length=500)],
    request: Request,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
    format: Format = None,
) -> Response:
    iri = state.settings.base_iri + "id/" + slug
    offer = choose(request.headers.get("accept"), RESOURCE, "a resource", [format] if format else [])

    def render() -> bytes:
        entity = show(store, catalogue, iri, lang)
        if offer is HTML:
            return _html(state, entity, lang, ontology=False)
        return _rdf(_triples(entity), offer)

    return _respond(state.memo.get(("id", iri, offer.media_type, lang), render), offer)


@router.api_route(
    "/ontology",
    methods=["GET"],
    response_class=Response,
    summary="The ontology",
    responses={200: {"content": RDF_CONTENT}},
)
def ontology(
    request: Request, state: StateDep, store: StoreDep, catalogue: CatalogueDep, lang: LangDep, format: Format = None
) -> Response:
    """The ontology and its concept schemes (service categories, harms, themes...)."""
    offer = choose(request.headers.get("accept"), RESOURCE, "the ontology", [format] if format else [])

    def render() -> bytes:
        if offer is HTML:
            entity = show(store, catalogue, state.settings.base_iri + "ontology", lang)
            return _html(state, entity, lang, ontology=True)
        prefix = GRAPH_BASE + "ontology/"
        triples = {
            ox.Triple(*(_term(t.value, t.kind, t.datatype, t.lang) for t in (s, p, o)))  # type: ignore[arg-type]
            for s, p, o, g in store.quads()
            if g is not None and g.value.startswith(prefix)
        }
        return _rdf(triples, offer)

    return _respond(state.memo.get(("ontology", offer.media_type, lang), render), offer)


# HEAD answers like GET without the body (not listed in OpenAPI: one operation per path and method)
router.add_api_route("/id/{slug:path}", resource, methods=["HEAD"], response_class=Response, include_in_schema=False)
router.add_api_route("/ontology", ontology, methods=["HEAD"], response_class=Response, include_in_schema=False)


def _respond(body: bytes, offer: Offer) -> Response:
    vary = "Accept, Accept-Language" if offer is HTML else "Accept"
    return Response(body, media_type=offer.media_type, headers={"Vary": vary})


def _term(
    value: str, kind: str, datatype: str | None = None, lang: str | None = None
) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)


def _triples(entity: Entity) -> set[ox.Triple]:
    subject = ox.NamedNode(entity.iri)
    found = {ox.Triple(subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(t.iri)) for t in entity.types}
    for s in entity.statements:
        found.add(ox.Triple(subject, ox.NamedNode(s.predicate.iri), _term(s.value, s.kind, s.datatype, s.lang)))
    for s in entity.incoming:
        if s.kind != "literal":
            found.add(ox.Triple(_term(s.value, s.kind), ox.NamedNode(s.predicate.iri), subject))  # type: ignore[arg-type]
    return found


def _rdf(triples: set[ox.Triple], offer: Offer) -> bytes:
    ordered = sorted(
        triples, key=lambda t: (str(t.subject), t.predicate.value != RDF_TYPE, str(t.predicate), str(t.object))
    )
    formats = {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
    }
    return ox.serialize(ordered, format=formats[offer.media_type], prefixes=PREFIXES)


def _html(state: AppState, entity: Entity, lang: str, ontology: bool) -> bytes:
    base = state.settings.base_iri

    def local(iri: str) -> str | None:
        """The path this server answers an IRI at, when it mints it."""
        if iri.startswith(base + "id/"):
            return "/id/" + iri.removeprefix(base + "id/")
        if iri == base + "ontology" or iri.startswith(base + "ontology#"):
            return "/ontology" + iri.removeprefix(base + "ontology")
        return None

    labels = property_labels(state, lang)

    def named(predicate: str, incoming: bool = False) -> str:
        """A property's plain heading in the page's language (what points here is named from its side)."""
        plain = (INCOMING if incoming else HEADINGS).get(predicate)
        if plain:
            return translate(lang, plain)
        name = labels.get(predicate)
        name = name[:1].upper() + name[1:] if name else curie(predicate)
        return translate(lang, "Refers to it as “{name}”", name=name) if incoming else name

    held = _provider(state, entity, lang)
    template = state.templates.get_template("entity.html")
    return template.render(
        provider=held,
        provider_places=_places(held) if held else [],
        named=named,
        term_labels=labels,
        entity=entity,
        lang=lang,
        local=local,
        curie=curie,
        view=reader_view(entity, lang),
        title=title(entity, lang),
        in_language=in_language,
        verification=VERIFICATION,
        verification_predicate=DG + "verification",
        source_names=SOURCE_PREDICATES,
        ontology=ontology,
        self_path="/ontology" if ontology else local(entity.iri) or "",
        statements=_grouped(entity.statements),
        incoming=_grouped(entity.incoming),
    ).encode()


def property_labels(state: AppState, lang: str) -> dict[str, str]:
    """The ontology's rdfs:label of each of its terms in `lang` (else English), read once per process."""

    def read() -> dict[str, str]:
        label = PREFIXES["rdfs"] + "label"
        found: dict[str, dict[str, str]] = {}
        for s, p, o, _ in state.store.quads():
            if p.value == label and o.kind == "literal" and s.value.startswith(DG):
                found.setdefault(s.value, {})[o.lang or ""] = o.value
        return {iri: by.get(lang) or by.get("en") or next(iter(by.values())) for iri, by in found.items()}

    return state.memo.get(("property-labels", lang), read)  # type: ignore[no-any-return]


def _provider(state: AppState, entity: Entity, lang: str) -> ProviderDetail | None:
    """A provider's designations for its page; None for any other resource."""
    if not entity.iri.startswith(state.settings.base_iri + "id/provider-"):
        return None
    return provider(state.store, state.catalogue, entity.iri, lang)


def _places(detail: ProviderDetail) -> list[str]:
    """The covered countries, and wherever one of its designations has effect."""
    places = {"GB", "FR", "IE", "US", "AU"}
    places |= {d.applies_in.code for d in detail.designation_list if d.applies_in and d.applies_in.code != "EU"}
    return sorted(places)


def _grouped(statements: list[Statement]) -> list[tuple[str, str, list[Statement]]]:
    """Statements by predicate: (predicate IRI, its short name, values), in the order given."""
    groups: dict[str, tuple[str, str, list[Statement]]] = {}
    for s in statements:
        groups.setdefault(s.predicate.iri, (s.predicate.iri, s.predicate.id, []))[2].append(s)
    return list(groups.values())
