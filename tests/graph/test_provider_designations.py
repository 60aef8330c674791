"""Providers' designations dated by the engine: in force, not yet, suspended, ended, or assessed out of the category.

Every date is pinned; the answers come from the shipped graph through the one judgement.
"""

from __future__ import annotations

import pytest
from dutygraph.graph.errors import InvalidInput, NotFound, UnknownCode
from dutygraph.graph.providers import provider, provider_duties, providers


def _held(answer, prefix: str) -> dict[str, bool]:
    return {d.id: bool(d.in_force) for d in answer.designations if d.id.startswith(prefix)}


def _verdict(answer, duty: str) -> str | None:
    return next((d.applicability for d in [*answer.lookup.duties, *answer.lookup.exempt] if d.id == duty), None)


def test_a_vlop_designation_binds_only_four_months_after_the_decision(embedded, catalogue):
    before = provider_duties(embedded, catalogue, "provider-tiktok", "FR", "2023-06-01", service="TikTok")
    after = provider_duties(embedded, catalogue, "provider-tiktok", "FR", "2023-09-01", service="TikTok")
    assert _held(before, "designation-eu-") == {"designation-eu-2023-04-25-tiktok": False}
    assert _held(after, "designation-eu-") == {"designation-eu-2023-04-25-tiktok": True}
    assert "2023-08-25" in next(d.status for d in before.designations if d.id == "designation-eu-2023-04-25-tiktok")


def test_the_french_listing_is_off_while_the_arrete_was_suspended(embedded, catalogue):
    listing = "designation-fr-arrete-2025-02-26-pornhub"
    days = {"2025-06-01": False, "2025-06-20": False, "2025-07-15": True, "2026-11-01": True}
    for day, held in days.items():
        answer = provider_duties(embedded, catalogue, "provider-aylo", "FR", day, service="Pornhub")
        assert _held(answer, "designation-fr-")[listing] is held, day
    suspended = provider_duties(embedded, catalogue, "provider-aylo", "FR", "2025-06-20", service="Pornhub")
    status = next(d.status for d in suspended.designations if d.id == listing)
    assert "suspended from 2025-06-16 until 2025-07-15" in status
    lifted = {d.duty.id for d in suspended.depends_on if d.exemption_lifted_by}
    assert "duty-fr-lcen-art10-age-verification-referentiel" not in lifted


def test_the_french_listing_lifts_the_exemption_of_eu_established_services(embedded, catalogue):
    answer = provider_duties(embedded, catalogue, "provider-aylo", "FR", "2026-11-01", service="Pornhub")
    lifted = {d.duty.id: [x.id for x in d.exemption_lifted_by] for d in answer.depends_on}
    assert lifted["duty-fr-lcen-art10-age-verification-referentiel"] == ["designation-fr-arrete-2025-02-26-pornhub"]


def test_an_assessment_that_a_service_is_not_in_the_category_never_binds(embedded, catalogue):
    answer = provider_duties(embedded, catalogue, "provider-meta", "AU", "2026-11-01", service="WhatsApp")
    (whatsapp,) = answer.designations
    assert whatsapp.falls_in_category is False and whatsapp.in_force is False
    assert not any(d.designations for d in answer.depends_on)


def test_an_age_restricted_platform_bears_the_minimum_age_duty_through_esafety_s_view(embedded, catalogue):
    answer = provider_duties(embedded, catalogue, "provider-tiktok", "AU", "2026-11-01", service="TikTok")
    through = {d.duty.id: [x.id for x in d.designations] for d in answer.depends_on if d.designations}
    assert through, "no AU duty binds TikTok through eSafety's assessment"
    assert {x for names in through.values() for x in names} == {"designation-au-esafety-tiktok"}


def test_without_the_designation_the_vlop_duties_are_not_shown_as_binding(embedded, catalogue):
    tiktok = provider_duties(embedded, catalogue, "provider-tiktok", "FR", "2026-11-01")
    snap_in_gb = provider_duties(embedded, catalogue, "provider-snap", "GB", "2026-11-01")
    assert _verdict(tiktok, "duty-eu-dsa-art34") == "applies"
    assert _verdict(snap_in_gb, "duty-eu-dsa-art34") is None
    assert [r.id for r in snap_in_gb.registers if not r.published] == ["register-gb-ofcom-categorised-services"]


def test_the_provider_s_main_establishment_names_the_competent_coordinator(embedded, catalogue):
    answer = provider_duties(embedded, catalogue, "provider-tiktok", "FR", "2026-11-01")
    assert answer.lookup.establishment is not None and answer.lookup.establishment.code == "IE"
    art28 = next(d for d in answer.lookup.duties if d.id == "duty-eu-dsa-art28-1")
    assert {c.authority.id for c in art28.competent_authorities if c.authority} >= {"european-commission"}


def test_list_and_detail(embedded, catalogue):
    found = {p.id: p for p in providers(embedded, catalogue)}
    assert found["provider-tiktok"].designations == 3
    assert found["provider-tiktok"].main_establishment.code == "IE"
    google = provider(embedded, catalogue, "provider-google")
    services = sorted(d.service for d in google.designation_list)
    assert services == sorted(
        [
            "Google Classroom",
            "Google Maps",
            "Google Play",
            "Google Search",
            "Google Shopping",
            "YouTube",
            "YouTube",
            "YouTube",
            "YouTube Kids",
        ]
    )
    assert all(d.legal_basis or d.decision for d in google.designation_list)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("provider-nobody", "FR"), NotFound),
        (("tiktok", "FR"), NotFound),
        (("provider-tiktok", "XX"), UnknownCode),
    ],
)
def test_bad_questions_are_precise_errors(embedded, catalogue, args, error):
    with pytest.raises(error):
        provider_duties(embedded, catalogue, *args, "2026-11-01")


def test_an_unknown_service_of_a_known_provider_is_bad_input(embedded, catalogue):
    with pytest.raises(InvalidInput, match="its designated services"):
        provider_duties(embedded, catalogue, "provider-google", "FR", "2026-11-01", service="Gmail")


def test_a_remote_sparql_store_gives_the_same_answer(embedded, catalogue, remote, remote_catalogue):
    args = ("provider-aylo", "FR", "2025-06-20", "en", "Pornhub")
    here = provider_duties(embedded, catalogue, *args)
    there = provider_duties(remote, remote_catalogue, *args)
    assert there.model_dump() == here.model_dump()
