"""The concept schemes as the browse routes list them: service categories and harms, with their hierarchy."""

from __future__ import annotations

from collections import defaultdict

from . import query_files
from .catalogue import DG, DGID, KINDS, SKOS_BROADER, Catalogue
from .duty_records import natural_key, refs
from .models import ConceptItem
from .rows import lang_values, smallest
from .store import Row, Store, Term

IMPLIED_BY_FEATURE = DG + "impliedByFeature"


def service_categories(store: Store, catalogue: Catalogue, lang: str = "en") -> list[ConceptItem]:
    """The categories a duty's bearer can be, with their hierarchy and the features that imply them."""
    return _concepts(store, catalogue, "category", lang)


def harms(store: Store, catalogue: Catalogue, lang: str = "en") -> list[ConceptItem]:
    return _concepts(store, catalogue, "harm", lang)


def _concepts(store: Store, catalogue: Catalogue, kind: str, lang: str) -> list[ConceptItem]:
    cls, _ = KINDS[kind]
    rows = store.select(query_files.render("concepts", {"type": (["type"], [[Term(cls)]]), **lang_values(lang)}))
    by_concept: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_concept[row["concept"].value].append(row)
    narrower: dict[str, set[str]] = defaultdict(set)
    for child, parents in catalogue.links[SKOS_BROADER].items():
        for parent in parents:
            narrower[parent].add(child)
    items = []
    for code, entry in catalogue.by_kind[kind].items():
        concept_rows = by_concept.get(entry.iri, [])
        items.append(
            ConceptItem(
                iri=entry.iri,
                id=entry.iri.removeprefix(DGID),
                code=code,
                label=entry.label(lang),
                definition=smallest(concept_rows, "definition", "definitionEn"),
                broader=refs(catalogue, catalogue.links[SKOS_BROADER].get(entry.iri, ()), lang),
                narrower=refs(catalogue, narrower.get(entry.iri, ()), lang),
                defined_by=refs(catalogue, {r["definedBy"].value for r in concept_rows if "definedBy" in r}, lang),
                implied_by_features=refs(catalogue, catalogue.links[IMPLIED_BY_FEATURE].get(entry.iri, ()), lang),
            )
        )
    return sorted(items, key=lambda i: natural_key(i.code))
