"""Search quality on the expected-result set (tests/search/expected.yaml): shared by the tests and
benchmarks/search_quality.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.search import search
from dutygraph.graph.store import Store

EXPECTED = Path(__file__).with_name("expected.yaml")


def cases() -> list[dict[str, Any]]:
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["queries"]  # type: ignore[no-any-return]


@dataclass
class Outcome:
    case: dict[str, Any]
    ranked: list[str]

    @property
    def top3_hit(self) -> bool:
        relevant = set(self.case.get("relevant", []))
        prefixes = tuple(self.case.get("relevant_prefixes", []))
        return any(d in relevant or (prefixes and d.startswith(prefixes)) for d in self.ranked[:3])

    def rank(self, duty: str) -> int | None:
        return self.ranked.index(duty) + 1 if duty in self.ranked else None


def run(store: Store, catalogue: Catalogue, case: dict[str, Any]) -> Outcome:
    found = search(store, catalogue, case["q"], case["lang"], None, "duty", 100)
    return Outcome(case, [h.id for h in found.hits])


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    scored = [o for o in outcomes if not o.case.get("none")]
    must = [(o, d) for o in scored for d in o.case["must_find"]]
    return {
        "queries": len(outcomes),
        "top3_hit_rate": sum(o.top3_hit for o in scored) / len(scored),
        "must_find_in_top3": sum((o.rank(d) or 999) <= 3 for o, d in must) / len(must),
        "must_find_in_top10": sum((o.rank(d) or 999) <= 10 for o, d in must) / len(must),
        "must_find_within_bound": sum((o.rank(d) or 999) <= o.case["within"] for o, d in must) / len(must),
    }
