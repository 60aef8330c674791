"""The one judgement, on the findings that showed surfaces judging differently (each pinned to a date)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest
from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.assess import assess, parse_profile
from dutygraph.graph.compare import compare, theme_matrix
from dutygraph.graph.duty_records import fetch
from dutygraph.graph.errors import BadDate, InvalidInput
from dutygraph.graph.export import odrl_view
from dutygraph.graph.judgement import timing
from dutygraph.graph.timeline import timeline

ROOT = Path(__file__).resolve().parents[2]
DAYS = [dt.date(2019, 6, 1), dt.date(2021, 6, 1), dt.date(2025, 3, 1), dt.date(2026, 12, 3)]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_compare_never_says_applies_before_a_duty_starts_or_after_it_ends(embedded, catalogue, day):
    """Finding: compare said `applies` for any in-force law, so on 2019-06-01 ~173 cells applied years early."""
    matrix = theme_matrix(embedded, catalogue, [], ["GB", "EU", "FR", "IE", "US", "AU"], day, True)
    cells = [d for row in matrix.rows for cell in row.cells for d in cell.duties]
    assert cells
    for d in cells:
        if d.applicability in ("applies", "conditional", "designation-required", "exempt"):
            assert d.effective_from is not None and d.effective_from <= day, (d.id, d.applicability)
            assert d.effective_until is None or day < d.effective_until, (d.id, d.applicability)


def test_a_repealed_duty_is_ended_in_the_comparison_not_pending(embedded, catalogue):
    records = fetch(embedded, via={e.iri for e in catalogue.jurisdictions.values()})
    repealed = [r for r in records if r.status.endswith("status-repealed")]
    assert repealed, "the shipped graph holds a repealed duty"
    for record in repealed:
        assert timing(record, dt.date(2026, 12, 3)) == "ended"
        result = compare(embedded, catalogue, duty=record.iri, date="2026-12-03", include_pending=True)
        verdicts = {d.applicability for c in result.cells for d in c.duties if d.iri == record.iri}
        assert verdicts == {"ended"}, (record.iri, verdicts)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_one_theme_compared_is_the_same_as_its_row_in_the_matrix(embedded, catalogue, day):
    places = ["GB", "FR", "AU"]
    matrix = theme_matrix(embedded, catalogue, [], places, day)
    for row in matrix.rows:
        single = compare(embedded, catalogue, theme=row.theme.id, jurisdictions=places, date=day)
        assert [[(d.id, d.applicability) for d in c.duties] for c in single.cells] == [
            [(d.id, d.applicability) for d in c.duties] for c in row.cells
        ], row.theme.id


def test_a_union_duty_is_upcoming_only_if_the_place_is_still_a_member_when_it_starts(embedded, catalogue):
    """Finding: GB on 2020-06-01 listed every DSA and AI Act duty as upcoming through the transition period."""
    answer = applicable_duties(embedded, catalogue, "GB", "2020-06-01", include_pending=True, explain=True)
    through_eu = [d for d in answer.duties if d.applies_in.code == "EU"]
    assert all(d.effective_from and d.effective_from <= dt.date(2020, 12, 31) for d in through_eu)
    aside = {d.id: d for d in answer.set_aside}
    # the GDPR still reached the UK in the transition period, with the UK's own age of 13 in place of 16
    assert aside["duty-eu-gdpr-art8-1"].reasons[-1].code == "displaced"
    assert {d.id: d.applicability for d in answer.duties}["duty-eu-gdpr-art8-1-gb"] == "applies"
    dsa = aside["duty-eu-dsa-art28-1"]
    assert dsa.applicability == "not-applicable"
    assert [r.code for r in dsa.reasons] == ["membership-ends-before-start"]
    assert "2020-12-31" in dsa.reasons[0].text and "2024-02-17" in dsa.reasons[0].text


def test_the_same_union_duty_is_upcoming_for_a_member_state(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "FR", "2020-06-01", include_pending=True)
    assert {d.id: d.applicability for d in answer.duties}["duty-eu-dsa-art28-1"] == "upcoming"


def test_duties_that_need_a_designation_bind_only_once_designated(embedded, catalogue):
    """Finding: assess said `applies` for VLOP duties although the category line said "binds once designated"."""
    profile = {
        "name": "BigPlatform",
        "countries": ["FR"],
        "monthly_active_users": {"FR": 50_000_000},
        "features": ["user-generated-content", "public-dissemination"],
        "conditions": ["!micro-or-small-enterprise"],
        "date": "2026-11-01",
    }
    plain = assess(embedded, catalogue, parse_profile(profile))
    verdicts = {d.id: d.applicability for d in plain.jurisdictions[0].duties}
    assert verdicts["duty-eu-dsa-art34"] == "designation-required"
    assert verdicts["duty-eu-dsa-art14-1"] == "applies"
    vlop = next(t for t in plain.jurisdictions[0].thresholds if t.category.id == "eu-vlop")
    assert vlop.met and not vlop.designated and "50,000,000" in vlop.text and ">= 45,000,000" in vlop.text
    designated = assess(embedded, catalogue, parse_profile({**profile, "designations": ["eu-vlop"]}))
    assert {d.id: d.applicability for d in designated.jurisdictions[0].duties}["duty-eu-dsa-art34"] == "applies"


def test_a_lookup_without_a_category_marks_designated_categories_duties(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "FR", "2026-11-01")
    verdicts = {d.id: d.applicability for d in answer.duties}
    assert verdicts["duty-eu-dsa-art34"] == "designation-required"
    vlop = applicable_duties(embedded, catalogue, "FR", "2026-11-01", ["eu-vlop"])
    assert {d.id: d.applicability for d in vlop.duties}["duty-eu-dsa-art34"] == "applies"


def test_assess_spells_out_thresholds_not_met_with_the_figures(embedded, catalogue):
    """Finding: assess never said "3,000,000 UK users is not more than 3 million: not Category 2B"."""
    profile = {
        "name": "SmallChat",
        "countries": ["GB"],
        "monthly_active_users": {"GB": 3_000_000},
        "features": ["user-generated-content", "direct-messages"],
        "date": "2026-11-01",
    }
    result = assess(embedded, catalogue, parse_profile(profile))
    tests = {t.category.id: t for t in result.jurisdictions[0].thresholds}
    cat2b = tests["gb-category-2b-service"]
    assert not cat2b.met and cat2b.users == 3_000_000 and cat2b.limit == 3_000_000 and cat2b.comparison == ">"
    assert "3,000,000" in cat2b.text and "not Category 2B" in cat2b.text
    assert all(d.applicability != "designation-required" or d.bearers for d in result.jurisdictions[0].duties)
    assert "gb-category-2b-service" not in {c.category.id for c in result.jurisdictions[0].categories}


def test_without_user_figures_assess_says_no_threshold_can_be_tested(embedded, catalogue):
    result = assess(embedded, catalogue, parse_profile({"name": "X", "countries": ["GB"], "date": "2026-11-01"}))
    assert any("threshold" in note for note in result.notes)


def test_every_duty_answer_carries_its_evidence(embedded, catalogue):
    """Finding: verification, sources, retrieval date and notes were in the data but not in the answers."""
    answer = applicable_duties(embedded, catalogue, "GB", "2026-11-01", ["gb-user-to-user-service"])
    assert answer.duties
    for d in answer.duties:
        assert d.evidence.verification in ("official", "secondary", "unverified"), d.id
        assert d.evidence.sources and d.evidence.retrieved_on, d.id
    s9 = {d.id: d for d in answer.duties}["duty-gb-osa-s9-illegal-content-risk-assessment"]
    assert any("16 March 2025" in note for note in s9.evidence.notes), s9.evidence.notes
    assert any(s.official for s in s9.evidence.sources)


def test_negative_reasons_name_what_is_missing(embedded, catalogue):
    answer = applicable_duties(embedded, catalogue, "FR", "2026-11-01", ["eu-online-platform"], explain=True)
    aside = {d.id: d for d in answer.set_aside}
    art34 = aside["duty-eu-dsa-art34"]
    assert [r.code for r in art34.reasons if not r.holds] == ["category-not-matched"]
    osa = applicable_duties(embedded, catalogue, "FR", "2026-11-01", explain=True)
    assert not [d for d in osa.set_aside if d.applies_in.code == "GB"], "duties of other places are not candidates"


def test_conditions_reach_the_duties_they_should(embedded, catalogue):
    """Findings: hosts-pornography added no French porn duty to a platform; an online platform was not an
    information society service (GDPR Art 8 dropped out); known child users never brought COPPA in."""
    porn = applicable_duties(embedded, catalogue, "FR", "2026-11-01", ["eu-online-platform"], ["hosts-pornography"])
    ids = {d.id for d in porn.duties}
    assert "duty-fr-lcen-art10-no-porn-before-age-check" in ids
    assert "duty-eu-gdpr-art8-1-fr" in ids or "duty-eu-gdpr-art8-1" in ids
    profile = {
        "name": "KidsVideo",
        "countries": ["US"],
        "features": ["known-child-users", "personal-data-collection"],
        "date": "2026-11-01",
    }
    result = assess(embedded, catalogue, parse_profile(profile))
    coppa = [d for d in result.jurisdictions[0].duties if d.instrument.id.startswith("us-coppa")]
    assert coppa and {d.applicability for d in coppa} <= {"conditional", "applies"}


def test_a_false_condition_sets_the_duty_aside_with_its_reason(embedded, catalogue):
    answer = applicable_duties(
        embedded, catalogue, "FR", "2026-11-01", ["eu-online-platform"], ["!accessible-to-minors"], explain=True
    )
    art28 = {d.id: d for d in answer.set_aside}["duty-eu-dsa-art28-1"]
    assert art28.applicability == "not-applicable"
    assert [r.code for r in art28.reasons if not r.holds] == ["condition-not-met"]


@pytest.mark.parametrize("code", ["NL", "PL", "US-NY", "US-WA"])
def test_a_place_whose_own_law_is_not_modelled_says_so(embedded, catalogue, code):
    answer = applicable_duties(embedded, catalogue, code, "2026-11-01")
    assert answer.duties
    assert answer.coverage_gaps
    place = catalogue.jurisdiction(code).label("en")
    assert any(place in gap and "not modelled" in gap for gap in answer.coverage_gaps), answer.coverage_gaps


@pytest.mark.parametrize("code", ["GB", "FR", "IE", "AU", "US", "DE", "ES", "IT", "BR", "IN", "SG", "CN", "MY", "ID"])
def test_a_place_whose_own_law_is_modelled_has_no_gap_for_it(embedded, catalogue, code):
    answer = applicable_duties(embedded, catalogue, code, "2026-11-01")
    place = catalogue.jurisdiction(code).label("en")
    assert not [gap for gap in answer.coverage_gaps if place in gap]
    assert all(n.reviewed_on for n in answer.coverage if n.modelled)


@pytest.mark.parametrize("value", ["0", "1767225600", "20250725", "2025-13-01", "25/12/2025"])
def test_only_iso_calendar_dates_are_dates(embedded, catalogue, value):
    with pytest.raises(BadDate):
        applicable_duties(embedded, catalogue, "FR", value)


def test_establishment_must_be_a_member_state(embedded, catalogue):
    with pytest.raises(InvalidInput, match="Member State"):
        applicable_duties(embedded, catalogue, "FR", "2026-11-01", establishment="US")


def test_the_odrl_view_exports_exactly_the_duties_that_bind_as_law(embedded, catalogue):
    """Finding: odrl_view.rq had a third rule (status in force only, partly-in-force dropped)."""
    policies = {t.subject.value for t in ox.parse(odrl_view(embedded), format=ox.RdfFormat.TURTLE)}
    records = fetch(embedded, via={e.iri for e in catalogue.jurisdictions.values()})
    exported = 0
    for record in records:
        binding_as_law = record.effective_from is not None and timing(record, record.effective_from) == "applies"
        assert (f"{record.iri}/odrl-policy" in policies) == binding_as_law, record.iri
        exported += binding_as_law
    assert exported > 50


def test_timeline_starts_are_the_days_the_judgement_says_a_duty_begins(embedded, catalogue):
    found = timeline(embedded, catalogue, "2018-01-01", "2026-12-31", "GB")
    starts = [e for e in found.entries if e.kind == "duty-starts"]
    assert starts
    for entry in starts:
        on_the_day = applicable_duties(embedded, catalogue, "GB", entry.date, include_pending=True)
        assert entry.id in {d.id for d in on_the_day.duties} | {d.id for d in on_the_day.exempt}, entry.id


def test_the_example_assessment_names_an_authority_or_says_why_not_for_every_duty(embedded, catalogue):
    from dutygraph.graph.assess import load_profile

    path = ROOT / "examples" / "service-profile.yaml"
    result = assess(embedded, catalogue, load_profile(path).model_copy(update={"date": dt.date(2026, 11, 1)}))
    for j in result.jurisdictions:
        for d in j.duties:
            assert d.competent_authorities and all(c.text for c in d.competent_authorities), d.id
        reached = {t.measured_in.code for t in j.thresholds if t.measured_in}
        assert reached <= {j.jurisdiction.code, "EU"}, (j.jurisdiction.code, reached)
    gb = next(j for j in result.jurisdictions if j.jurisdiction.code == "GB")
    assert not [t for t in gb.thresholds if t.category.id == "eu-vlop"], "EU thresholds do not reach the UK in 2026"
    assert {t.category.id for t in gb.thresholds if t.met} == {"gb-category-1-service", "gb-category-2b-service"}
