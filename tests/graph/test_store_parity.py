"""The same lookups on the embedded store and on a real `oxigraph serve` give identical answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.assess import assess, load_profile
from dutygraph.graph.compare import compare
from dutygraph.graph.entity import show
from dutygraph.graph.stats import stats
from dutygraph.graph.timeline import timeline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

LOOKUPS = [
    ("FR", "2026-12-03", ["eu-online-platform"], ["accessible-to-minors"], False),
    ("GB", "2019-06-01", [], [], False),
    ("GB", "2026-06-01", ["gb-user-to-user-service"], ["likely-accessed-by-children"], True),
    ("DE", "2025-01-01", ["eu-vlop"], ["!micro-or-small-enterprise"], False),
    ("US", "2026-12-03", [], [], True),
    ("IE", "2026-12-03", [], [], True),
    ("AU", "2026-12-03", [], [], True),
]


@pytest.mark.parametrize(("code", "date", "cats", "conds", "pending"), LOOKUPS)
def test_lookup_is_identical_on_both_back_ends(
    embedded, catalogue, remote, remote_catalogue, code, date, cats, conds, pending
):
    a = applicable_duties(embedded, catalogue, code, date, cats, conds, include_pending=pending)
    b = applicable_duties(remote, remote_catalogue, code, date, cats, conds, include_pending=pending)
    assert a.duties, f"expected duties for {code}"
    assert a.model_dump() == b.model_dump()


def test_assessment_compare_timeline_and_show_are_identical(embedded, catalogue, remote, remote_catalogue):
    profile = load_profile(EXAMPLES / "service-profile.yaml").model_copy(update={"date": dt.date(2026, 12, 3)})
    assert assess(embedded, catalogue, profile).model_dump() == assess(remote, remote_catalogue, profile).model_dump()
    assert (
        compare(embedded, catalogue, theme="age-assurance", date="2026-12-03").model_dump()
        == compare(remote, remote_catalogue, theme="age-assurance", date="2026-12-03").model_dump()
    )
    assert (
        timeline(embedded, catalogue, "2024-01-01", "2026-12-31").model_dump()
        == timeline(remote, remote_catalogue, "2024-01-01", "2026-12-31").model_dump()
    )
    assert show(embedded, catalogue, "ofcom").model_dump() == show(remote, remote_catalogue, "ofcom").model_dump()


def test_both_back_ends_hold_the_same_number_of_triples(embedded, remote):
    # the remote server also holds the dump's metadata triples (a few)
    assert 0 <= stats(remote).triples - stats(embedded).triples <= 20
