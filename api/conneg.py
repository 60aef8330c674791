"""Content negotiation: which media type (and label language) a request gets.

Each table lists what the server offers, in its order of preference, with the
other names clients use for the same format (SPARQLWrapper asks for
`application/json`, rdflib for `application/xml`) and the short names of the
`format=` / `output=` / `results=` parameters SPARQLWrapper and YASGUI send.

The choice follows RFC 9110: the offer with the highest q wins; among equal q, the
one named by the most specific range (`text/csv` over `text/*` over `*/*`), then
the one the client listed first, then the server's order. A `format=` value, when
given, overrides Accept, as Virtuoso, Fuseki and Oxigraph do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .http_errors import NotAcceptable


@dataclass(frozen=True)
class Offer:
    """One format a response can take."""

    media_type: str  # what the Content-Type says
    aliases: tuple[str, ...] = ()  # other media types that ask for the same bytes
    names: tuple[str, ...] = ()  # short names for format= / output= / results=


# SELECT and ASK results (SPARQL 1.1 Query Results JSON, XML, CSV/TSV)
RESULTS: tuple[Offer, ...] = (
    Offer(
        "application/sparql-results+json",
        ("application/json", "text/json", "application/javascript", "text/javascript"),  # SPARQLWrapper's list
        ("json", "srj"),
    ),
    Offer("application/sparql-results+xml", ("application/xml", "text/xml"), ("xml", "srx")),
    Offer("text/csv", (), ("csv",)),
    Offer("text/tab-separated-values", (), ("tsv",)),
)
# CONSTRUCT and DESCRIBE results, and the RDF of /id/ pages, /ontology and the service description
GRAPHS: tuple[Offer, ...] = (
    Offer(
        "text/turtle",
        (
            "application/x-turtle",
            "application/turtle",  # older names, still sent by SPARQLWrapper
            "text/n3",
            "text/rdf+n3",
            "application/n3",
        ),  # Turtle is valid N3
        ("turtle", "ttl", "n3"),
    ),
    Offer("application/n-triples", (), ("nt", "ntriples", "n-triples")),
    Offer("application/ld+json", ("application/x-json+ld", "application/json"), ("json-ld", "jsonld", "json")),
    Offer("application/rdf+xml", ("application/xml", "text/xml"), ("rdf+xml", "rdfxml", "rdf", "xml")),
)
HTML = Offer("text/html", ("application/xhtml+xml",), ("html",))
# /id/{slug} and /ontology: data first (curl sends */*), HTML for browsers (they name text/html)
RESOURCE: tuple[Offer, ...] = (GRAPHS[0], GRAPHS[2], HTML, GRAPHS[1], GRAPHS[3])

# an error: a problem document for API clients (curl's */* too), an HTML page for browsers
ERRORS: tuple[Offer, ...] = (Offer("application/problem+json", ("application/json",)), HTML)

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float
    position: int

    def specificity(self, media_type: str) -> int:
        """3 for an exact match, 2 for type/*, 1 for */*, 0 when the range does not cover it."""
        type_, _, subtype = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == type_ and self.subtype == "*":
            return 2
        if self.type == type_ and self.subtype == subtype:
            return 3
        return 0


def parse_accept(header: str) -> list[_Range]:
    """The media ranges of an Accept header; malformed parts are skipped, q is clamped to [0, 1]."""
    ranges: list[_Range] = []
    for position, part in enumerate(header.split(",")):
        media, *params = part.split(";")
        media = media.strip().lower()
        if media == "*":
            media = "*/*"
        type_, slash, subtype = media.partition("/")
        if not slash or not type_ or not subtype or (type_ == "*" and subtype != "*"):
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = -1.0
        if q >= 0:
            ranges.append(_Range(type_, subtype, q, position))
    return ranges


def negotiate(accept: str | None, offers: Sequence[Offer], formats: Sequence[str] = ()) -> Offer | None:
    """The offer a request should get, or None when it accepts none of them.

    `formats` are the values of the request's format= / output= / results= parameters;
    the first one that names an offer wins over Accept.
    """
    if formats:
        for value in formats:
            wanted = value.strip().lower()
            for offer in offers:
                if wanted in offer.names or wanted == offer.media_type or wanted in offer.aliases:
                    return offer
        return None
    ranges = parse_accept(accept) if accept and accept.strip() else []
    if not ranges:
        return offers[0]
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for server_rank, offer in enumerate(offers):
        score = _score(offer, ranges)
        if score is None:
            continue
        key = (score[0], score[1], -score[2], -server_rank)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen


def _score(offer: Offer, ranges: Sequence[_Range]) -> tuple[float, int, int] | None:
    """(q, specificity, client position) of the range that decides for this offer, or None if excluded.

    A range naming the offer exactly (its media type or an alias) decides; among several, the highest q.
    Otherwise the most specific wildcard covering the media type itself decides: wildcards do not reach
    aliases, so `text/*` does not pull in JSON results through their `text/json` alias.
    """
    names = (offer.media_type, *offer.aliases)
    exact = [r for r in ranges if any(r.specificity(n) == 3 for n in names)]
    if exact:
        decisive = max(exact, key=lambda r: (r.q, -r.position))
        specificity = 3
    else:
        covering = [r for r in ranges if r.specificity(offer.media_type)]
        if not covering:
            return None
        decisive = max(covering, key=lambda r: (r.specificity(offer.media_type), -r.position))
        specificity = decisive.specificity(offer.media_type)
    return (decisive.q, specificity, decisive.position) if decisive.q > 0 else None


def choose(accept: str | None, offers: Sequence[Offer], what: str, formats: Sequence[str] = ()) -> Offer:
    """Like `negotiate`, but a request that accepts nothing offered is a 406 listing the offers."""
    offer = negotiate(accept, offers, formats)
    if offer is None:
        asked = accept if not formats else f"{accept or '-'}; format={','.join(formats)}"
        raise NotAcceptable(what, [o.media_type for o in offers], asked)
    return offer


def negotiate_language(header: str | None) -> str:
    """The label language for an Accept-Language header: the first supported one by q, else English."""
    if not header:
        return LANGUAGES[0]
    best = (0.0, 0, LANGUAGES[0])
    for position, part in enumerate(header.split(",")):
        tag, *params = part.strip().split(";")
        primary = tag.strip().lower().split("-")[0]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if primary in LANGUAGES and q > 0 and (q, -position) > (best[0], -best[1]):
            best = (q, position, primary)
    return best[2]
