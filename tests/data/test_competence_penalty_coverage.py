"""Facts the engine reads to name the competent authority, the maximum penalty and the coverage.

The shapes check each node on its own; these tests check the facts against one another:
a coordinator for every Member State, the Commission's exclusive competence listing exactly the
Section 5 duties, penalties pointing inside their own instrument, national duties displacing a
Union default that reaches their country, and coverage flags matching what the files model.
"""

from __future__ import annotations

import pytest
from dutygraph.graph.sources import sources
from rdflib import RDF, Graph, Namespace, URIRef

DG = Namespace("https://w3id.org/dutygraph/ontology#")
DGID = Namespace("https://w3id.org/dutygraph/id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SECTION_5 = {str(n) for n in range(33, 44)}
MODELLED = {
    "au",
    "br",
    "ca",
    "cn",
    "de",
    "es",
    "eu",
    "fr",
    "gb",
    "id",
    "ie",
    "in",
    "it",
    "my",
    "sg",
    "us",
    "us-ar",
    "us-ca",
    "us-fl",
    "us-ga",
    "us-in",
    "us-ks",
    "us-la",
    "us-ms",
    "us-oh",
    "us-tn",
    "us-tx",
    "us-ut",
    "us-va",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for source in sources(("ontology", "data")):
        g.parse(source.path, format="turtle")
    return g


def _current_eu_members(g: Graph) -> set[URIRef]:
    members = set()
    for membership in g.subjects(ORG.organization, DGID.eu):
        if (membership, RDF.type, DG.Membership) in g and g.value(membership, DG.memberUntil) is None:
            members.add(g.value(membership, ORG.member))
    return members


def _ancestors(g: Graph, node: URIRef) -> set[URIRef]:
    found = set()
    while (parent := g.value(node, ELI.is_part_of)) is not None and parent not in found:
        found.add(parent)
        node = parent
    return found


def test_every_member_state_has_exactly_one_digital_services_coordinator(graph: Graph) -> None:
    members = _current_eu_members(graph)
    assert len(members) == 27
    for country in members:
        coordinators = [
            a
            for a in graph.subjects(DG.hasRole, DGID["role-digital-services-coordinator"])
            if (a, DG.competentIn, country) in graph and (a, RDF.type, DG.Regulator) in graph
        ]
        assert len(coordinators) == 1, f"{country}: {coordinators}"


def test_commission_exclusive_competence_lists_exactly_the_section_5_duties(graph: Graph) -> None:
    section_5 = set()
    for duty in graph.subjects(RDF.type, DG.Duty):
        for provision in graph.objects(duty, DG.imposedBy):
            chain = [provision, *_ancestors(graph, provision)]
            article = next((p for p in chain if graph.value(p, ELI.is_part_of) == DGID["eu-dsa"]), None)
            if article is not None and str(graph.value(article, ELI.number)) in SECTION_5:
                section_5.add(duty)
    covered = set(graph.objects(DGID["competence-eu-dsa-art56-2"], DG.coversDuty))
    assert section_5
    assert covered == section_5


def test_each_penalty_points_inside_its_instrument_or_the_act_it_implements(graph: Graph) -> None:
    penalties = list(graph.subjects(RDF.type, DG.MaximumPenalty))
    assert len(penalties) >= 10
    for penalty in penalties:
        instrument = graph.value(penalty, DG.penaltyUnder)
        parents = {instrument, *graph.objects(instrument, DG.implements)}
        for provision in graph.objects(penalty, DG.coversProvision):
            assert instrument in _ancestors(graph, provision), f"{penalty}: {provision} is not part of {instrument}"
        for provision in graph.objects(penalty, DG.setBy):
            assert parents & _ancestors(graph, provision), f"{penalty}: {provision} is outside {parents}"


def test_turnover_shares_are_shares_not_percentages(graph: Graph) -> None:
    shares = [float(v) for v in graph.objects(None, DG.maxTurnoverShare)]
    assert shares
    assert all(0 < share <= 0.10 for share in shares)


def test_a_national_duty_displaces_a_union_default_that_reaches_its_country(graph: Graph) -> None:
    pairs = list(graph.subject_objects(DG.displaces))
    assert {str(d).rsplit("/", 1)[-1] for d, _ in pairs} >= {"duty-eu-gdpr-art8-1-fr", "duty-eu-gdpr-art8-1-ie"}
    for national, default in pairs:
        assert graph.value(national, DG.imposedBy) == graph.value(default, DG.imposedBy)
        union = graph.value(default, DG.appliesIn)
        for country in graph.objects(national, DG.appliesIn):
            assert any(graph.subjects(ORG.member, country)), country
            assert any((m, ORG.organization, union) in graph for m in graph.subjects(ORG.member, country)), (
                f"{national} applies in {country}, which {union} law never reached"
            )


def test_coverage_is_modelled_exactly_where_the_files_model_that_layer(graph: Graph) -> None:
    modelled = {
        str(graph.value(s, DG.coverageOf)).rsplit("/", 1)[-1]
        for s in graph.subjects(RDF.type, DG.CoverageStatement)
        if graph.value(s, DG.modelled).toPython() is True
    }
    assert modelled == MODELLED
