"""Search quality on the expected-result set, and the size and build time of each language's index.

.venv/bin/python benchmarks/search_quality.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "search"))

import quality
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.search import build
from dutygraph.graph.store import open_store


def main() -> None:
    store = open_store()
    catalogue = Catalogue(store)
    outcomes = [quality.run(store, catalogue, c) for c in quality.cases()]
    report: dict[str, object] = {"quality": quality.summary(outcomes)}
    report["ranks"] = {
        f"{o.case['lang']}:{o.case['q']}": {d: o.rank(d) for d in o.case.get("must_find", [])} for o in outcomes
    }
    for lang in ("en", "fr"):
        times = []
        for _ in range(5):
            started = time.perf_counter()
            idx = build(store, lang)
            times.append(time.perf_counter() - started)
        report[f"index_{lang}"] = {
            "documents": len(idx.docs),
            "bytes": idx.size_bytes,
            "build_ms_median": round(sorted(times)[2] * 1000, 1),
        }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
