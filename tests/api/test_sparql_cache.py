"""The /sparql answer cache: bounded by bytes, least recently used out first, no giant entries."""

from __future__ import annotations

from dutygraph.api.sparql_cache import AnswerCache


def test_the_budget_holds_and_the_least_recently_used_goes_first():
    cache = AnswerCache(max_bytes=800)
    for name in "abcd":
        cache.put(name, b"x" * 100, "text/csv")
    assert cache.get("a") == (b"x" * 100, "text/csv")  # "a" is now the most recently used
    for name in "efghij":
        cache.put(name, b"y" * 100, "text/csv")
    assert len(cache) == 8
    assert cache.get("b") is None and cache.get("a") is not None


def test_an_answer_over_an_eighth_of_the_budget_is_not_kept():
    cache = AnswerCache(max_bytes=800)
    cache.put("big", b"z" * 101, "text/csv")
    assert cache.get("big") is None
    cache.put("small", b"z" * 100, "text/csv")
    assert cache.get("small") is not None


def test_a_zero_budget_keeps_nothing():
    cache = AnswerCache(max_bytes=0)
    cache.put("q", b"", "application/sparql-results+json")
    cache.put("r", b"1", "application/sparql-results+json")
    assert cache.get("q") is None and cache.get("r") is None
