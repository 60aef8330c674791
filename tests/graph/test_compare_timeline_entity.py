"""Comparison matrix, timeline and entity lookup."""

from __future__ import annotations

import pytest
from dutygraph.graph.compare import compare
from dutygraph.graph.entity import show
from dutygraph.graph.errors import BadDate, BadIdentifier, InvalidInput, NotFound, UnknownCode
from dutygraph.graph.timeline import timeline


def test_age_assurance_matrix_spans_several_jurisdictions(embedded, catalogue):
    result = compare(embedded, catalogue, theme="age-assurance", jurisdictions=["GB", "FR", "AU"], date="2026-12-03")
    cells = {c.jurisdiction.code: {d.id for d in c.duties} for c in result.cells}
    assert cells["GB"] and cells["FR"]
    assert "duty-gb-osa-s81-part5-age-assurance" in cells["GB"]
    assert any(d.startswith("duty-fr-lcen-art10") for d in cells["FR"])
    assert all(d.startswith("duty-eu-") or d.startswith("duty-fr-") for d in cells["FR"])


def test_compare_one_duty_lists_its_correspondences(embedded, catalogue):
    result = compare(embedded, catalogue, duty="duty-gb-osa-s81-part5-age-assurance", date="2026-12-03")
    assert result.duty is not None and result.duty.id == "duty-gb-osa-s81-part5-age-assurance"
    assert result.correspondences, "age assurance for pornography has counterparts in France and the EU"


def test_compare_needs_exactly_one_of_theme_or_duty(embedded, catalogue):
    with pytest.raises(InvalidInput):
        compare(embedded, catalogue)
    with pytest.raises(UnknownCode):
        compare(embedded, catalogue, theme="nonsense")
    with pytest.raises(NotFound):
        compare(embedded, catalogue, duty="duty-does-not-exist")


def test_timeline_2025_has_duties_starting_and_enforcement(embedded, catalogue):
    result = timeline(embedded, catalogue, "2025-01-01", "2025-12-31")
    kinds = {e.kind for e in result.entries}
    assert {"duty-starts", "enforcement"} <= kinds
    assert [e.date for e in result.entries] == sorted(e.date for e in result.entries)
    starts = {e.id for e in result.entries if e.kind == "duty-starts"}
    assert "duty-gb-osa-s81-part5-age-assurance" in starts


def test_timeline_filters_by_jurisdiction_and_authority(embedded, catalogue):
    gb = timeline(embedded, catalogue, "2025-01-01", "2026-12-31", jurisdiction="GB")
    assert gb.entries and all(any(j.code in ("GB",) for j in e.jurisdictions) for e in gb.entries)
    ofcom = timeline(embedded, catalogue, "2024-01-01", "2026-12-31", authority="ofcom")
    assert ofcom.entries and all(any(a.id == "ofcom" for a in e.authorities) for e in ofcom.entries)


def test_timeline_rejects_reversed_range(embedded, catalogue):
    with pytest.raises(BadDate):
        timeline(embedded, catalogue, "2026-01-01", "2025-01-01")


def test_show_an_authority_with_its_neighbours(embedded, catalogue):
    entity = show(embedded, catalogue, "ofcom")
    assert entity.label == "Ofcom"
    assert any(t.id == "dg:Regulator" for t in entity.types)
    assert any(s.predicate.id == "dg:enforcedBy" for s in entity.incoming)


def test_show_by_full_iri_and_in_french(embedded, catalogue):
    entity = show(embedded, catalogue, "https://w3id.org/dutygraph/id/fr", lang="fr")
    assert entity.label == "France"


@pytest.mark.parametrize(
    ("identifier", "error"),
    [
        ("no-such-thing", NotFound),
        ("a b", BadIdentifier),
        ("http://exa mple/", BadIdentifier),
        ("<x>", BadIdentifier),
    ],
)
def test_show_refuses_unknown_or_malformed_identifiers(embedded, catalogue, identifier, error):
    with pytest.raises(error):
        show(embedded, catalogue, identifier)


def test_timeline_shows_a_union_duty_only_while_the_place_belongs_to_the_union(embedded, catalogue):
    gb = timeline(embedded, catalogue, "2019-01-01", "2026-12-31", jurisdiction="GB")
    eu_after_exit = [e.id for e in gb.entries if any(j.code == "EU" for j in e.jurisdictions) and e.date.year > 2020]
    assert eu_after_exit == []
    fr = timeline(embedded, catalogue, "2023-01-01", "2026-12-31", jurisdiction="FR")
    assert any(e.id == "duty-eu-dsa-art28-1" for e in fr.entries)
