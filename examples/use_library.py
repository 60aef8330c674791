"""Use dutygraph as a library: which duties apply to an online platform in France, and why.

Run: python examples/use_library.py
"""

from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.store import open_store


def main() -> None:
    store = open_store()  # the shipped graph, in memory
    catalogue = Catalogue(store)
    answer = applicable_duties(
        store,
        catalogue,
        jurisdiction="FR",
        categories=["eu-online-platform"],
        conditions=["accessible-to-minors", "!micro-or-small-enterprise"],
    )
    print(f"{len(answer.duties)} duties apply in {answer.jurisdiction.label} on {answer.date}:")
    for duty in answer.duties:
        print(f"- {duty.instrument_short_title or duty.instrument.label} {duty.citation or ''}: {duty.label}")
        print(f"  why: {duty.why.text}")


if __name__ == "__main__":
    main()
