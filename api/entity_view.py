"""An /id/ page for readers, not RDF browsers: what a resource says under plain headings, the facts first.

The graph's own words (dg:bearer, skos:editorialNote, pav:retrievedOn) stay one click
away in the page's RDF view; the reader's view names each property in plain words
(HEADINGS, translated in static/i18n/fr.json), leads with a duty's requirement,
bearer, dates, enforcer, verification and sources (FIRST), and keeps the official
text apart from every other source. A property without a plain heading is named by
the ontology's own label in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dutygraph.graph.models import Entity, Statement
from dutygraph.graph.namespaces import PREFIXES

DG = "https://w3id.org/dutygraph/ontology#"
SKOS, PROV, PAV, ELI, ORG = (PREFIXES[p] for p in ("skos", "prov", "pav", "eli", "org"))
RDFS, OWL, FOAF, DCT, RDF = (PREFIXES[p] for p in ("rdfs", "owl", "foaf", "dct", "rdf"))
VANN = "http://purl.org/vocab/vann/"

# what a resource says, in plain words (English; French in static/i18n/fr.json)
HEADINGS = {
    DG + "summary": "What it requires",
    DG + "bearer": "Who bears it",
    DG + "appliesIn": "Where it applies",
    DG + "effectiveFrom": "Applies from",
    DG + "plannedFrom": "Planned from",
    DG + "effectiveUntil": "Applies until",
    DG + "requiresCondition": "Only when",
    DG + "exemptWhen": "Not when",
    DG + "exemptionOverriddenBy": "Exemption lifted for",
    DG + "enforcedBy": "Who enforces it",
    DG + "legalStatus": "Legal status",
    DG + "imposedBy": "Provision",
    DG + "citation": "Citation",
    DG + "verification": "How it was checked",
    PAV + "retrievedOn": "Checked on",
    DG + "officialText": "Official text",
    PROV + "wasDerivedFrom": "Source read",
    OWL + "sameAs": "Same as",
    FOAF + "homepage": "Home page",
    RDFS + "seeAlso": "See also",
    SKOS + "editorialNote": "Notes",
    SKOS + "note": "Notes",
    SKOS + "definition": "Definition",
    SKOS + "prefLabel": "Name",
    SKOS + "altLabel": "Also called",
    RDFS + "label": "Name",
    DCT + "title": "Title",
    DCT + "description": "Description",
    DG + "theme": "Themes",
    DG + "addressesHarm": "Harms it addresses",
    DG + "protects": "Whom it protects",
    DG + "correspondingDuty": "Corresponding duty",
    DG + "shortTitle": "Short title",
    DG + "instrumentType": "Kind of law",
    ELI + "is_part_of": "Part of",
    ELI + "number": "Number",
    ELI + "jurisdiction": "Jurisdiction",
    ELI + "date_document": "Date of the text",
    ELI + "first_date_entry_in_force": "In force from",
    ELI + "date_applicability": "Applies from",
    ELI + "date_publication": "Published on",
    ELI + "date_no_longer_in_force": "No longer in force from",
    DG + "competentIn": "Competent in",
    DG + "hasRole": "Role",
    DG + "partOfGovernment": "Attached to",
    DG + "establishedOn": "Established on",
    DG + "withinJurisdiction": "Lies in",
    DG + "memberFrom": "Member from",
    DG + "memberUntil": "Member until",
    ORG + "member": "Member",
    ORG + "organization": "Union",
    ORG + "memberOf": "Member of",
    SKOS + "broader": "Broader",
    SKOS + "inScheme": "In the list",
    SKOS + "exactMatch": "Same as",
    SKOS + "closeMatch": "Close to",
    SKOS + "relatedMatch": "Related to",
    DG + "date": "Date",
    DG + "byAuthority": "Taken by",
    DG + "actionType": "Kind of action",
    DG + "target": "Against",
    DG + "fineAmount": "Fine",
    DG + "currency": "Currency",
    DG + "legalBasis": "Legal basis",
    DG + "participant": "Participants",
    DG + "topic": "Topic",
    DG + "amends": "Amends",
    DG + "implements": "Implements",
    DG + "definedBy": "Defined by",
    SKOS + "notation": "Code",
    DCT + "created": "Created",
    DCT + "creator": "Made by",
    OWL + "versionIRI": "Version IRI",
    OWL + "versionInfo": "Version",
    VANN + "preferredNamespacePrefix": "Preferred prefix",
    VANN + "preferredNamespaceUri": "Namespace",
    DCT + "license": "Licence",
    DCT + "modified": "Last changed",
    DG + "datePrecision": "Date precision",
    DG + "matchStrength": "How close",
    DG + "concernsDuty": "Duty concerned",
    DG + "impliesCondition": "Implies",
    DG + "requiresFeature": "Needs the feature",
    DG + "requiresDesignation": "Needs a designation",
    DG + "usersMeasuredIn": "Users counted in",
    DG + "exceedsMonthlyUsers": "More monthly users than",
    DG + "minMonthlyUsers": "At least this many monthly users",
    DG + "hasThreshold": "Threshold",
    DG + "impliedByFeature": "Implied by the feature",
    RDFS + "isDefinedBy": "Defined in",
    RDFS + "subClassOf": "A kind of",
    SKOS + "topConceptOf": "Top of the list",
}
# what points at a resource, named from its side
INCOMING = {
    DG + "bearer": "Duties it bears",
    DG + "appliesIn": "Duties set here",
    DG + "enforcedBy": "Duties it enforces",
    DG + "imposedBy": "Duties it imposes",
    DG + "theme": "Duties on this theme",
    DG + "addressesHarm": "Duties that address it",
    DG + "requiresCondition": "Duties that need it",
    DG + "exemptWhen": "Duties it exempts from",
    DG + "correspondingDuty": "Corresponding duties",
    ELI + "is_part_of": "Its parts",
    ORG + "member": "Memberships",
    ORG + "organization": "Memberships",
    DG + "withinJurisdiction": "Places within it",
    DG + "competentIn": "Authorities competent here",
    DG + "byAuthority": "Actions it took",
    DG + "target": "Actions against it",
    DG + "participant": "Cooperation it took part in",
    SKOS + "broader": "Narrower",
    SKOS + "inScheme": "What the list holds",
    PROV + "wasDerivedFrom": "Derived from it",
    SKOS + "relatedMatch": "Related to",
    DG + "legalStatus": "What has this status",
    DG + "protects": "Duties that protect them",
    ELI + "jurisdiction": "Laws of this jurisdiction",
    RDFS + "isDefinedBy": "Terms it defines",
    RDFS + "subClassOf": "Narrower kinds",
    RDFS + "domain": "Properties of it",
    RDFS + "range": "Properties whose values it is",
}
# a duty's facts first, in this order; then what else the resource says
FIRST = [
    DG + "summary",
    DG + "bearer",
    DG + "appliesIn",
    DG + "effectiveFrom",
    DG + "plannedFrom",
    DG + "effectiveUntil",
    DG + "requiresCondition",
    DG + "exemptWhen",
    DG + "exemptionOverriddenBy",
    DG + "enforcedBy",
    DG + "legalStatus",
    DG + "imposedBy",
    DG + "citation",
    DG + "verification",
    PAV + "retrievedOn",
]
OFFICIAL = {DG + "officialText"}
OTHER_SOURCES = [PROV + "wasDerivedFrom", OWL + "sameAs", FOAF + "homepage", RDFS + "seeAlso"]
NOTES = [SKOS + "editorialNote", SKOS + "note"]
HIDDEN = {SKOS + "prefLabel", RDFS + "label", RDF + "type"}  # the page's title and type line say these
VERIFICATION = {  # dg:verification's closed list (shapes/core.ttl), in plain words
    "official": "checked against the official text",
    "secondary": "from secondary sources only (news, law firms)",
    "unverified": "not verified",
}


@dataclass
class Row:
    """One property and its values; the template names it (`named` in api/routes/resources.py)."""

    predicate: str
    statements: list[Statement]


@dataclass
class ReaderView:
    facts: list[Row] = field(default_factory=list)
    official: list[Statement] = field(default_factory=list)
    other_sources: list[Statement] = field(default_factory=list)
    notes: list[Statement] = field(default_factory=list)
    more: list[Row] = field(default_factory=list)
    incoming: list[Row] = field(default_factory=list)


def in_language(values: list[Statement], lang: str) -> list[Statement]:
    """Texts in the page's language when the graph has them, else every language; other values as they are."""
    own = [s for s in values if s.lang == lang]
    return [s for s in values if not s.lang] + own if own else values


def title(entity: Entity, lang: str) -> str:
    """The page's title: the resource's label, or its dct:title when the graph gives it no label."""
    if entity.label != entity.iri:
        return entity.label
    titles = in_language([s for s in entity.statements if s.predicate.iri == DCT + "title"], lang)
    return titles[0].value if titles else entity.label


def reader_view(entity: Entity, lang: str) -> ReaderView:
    """The reader's view of a resource: its facts first, sources apart, the rest after."""
    by_predicate: dict[str, list[Statement]] = {}
    for s in entity.statements:
        by_predicate.setdefault(s.predicate.iri, []).append(s)
    view = ReaderView()
    for p in FIRST:
        if p in by_predicate:
            view.facts.append(Row(p, in_language(by_predicate[p], lang)))
    official = {s.value for p in OFFICIAL for s in by_predicate.get(p, [])}
    view.official = [s for p in OFFICIAL for s in by_predicate.get(p, [])]
    seen = set(official)
    for p in OTHER_SOURCES:
        for s in by_predicate.get(p, []):
            if s.value not in seen:
                seen.add(s.value)
                view.other_sources.append(s)
    view.notes = [s for p in NOTES for s in in_language(by_predicate.get(p, []), lang)]
    done = set(FIRST) | OFFICIAL | set(OTHER_SOURCES) | set(NOTES) | HIDDEN
    for p, values in by_predicate.items():
        if p not in done:
            view.more.append(Row(p, in_language(values, lang)))
    incoming: dict[str, list[Statement]] = {}
    for s in entity.incoming:
        incoming.setdefault(s.predicate.iri, []).append(s)
    view.incoming = [Row(p, values) for p, values in incoming.items()]
    return view
