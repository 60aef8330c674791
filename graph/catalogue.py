"""The closed lists a user can name, read once per store, and the checks on user input.

Every code a user types (jurisdiction, service category, condition, harm, theme,
feature) is checked here against what the graph defines, so an unknown one gets
an error listing the valid ones, and only known IRIs ever reach a query.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from . import query_files as queries
from . import rulings
from .errors import BadDate, BadIdentifier, UnknownCode
from .store import Store, Term

DG = "https://w3id.org/dutygraph/ontology#"
DGID = "https://w3id.org/dutygraph/id/"
SKOS_BROADER = "http://www.w3.org/2004/02/skos/core#broader"
IMPLIED_BY_CONDITION = DG + "impliedByCondition"

JURISDICTION_TYPES = {DG + "Country", DG + "SupranationalUnion", DG + "SubnationalRegion"}
T = TypeVar("T")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # the extended form only: not 20250725, not a timestamp
ALIASES = {"UK": "GB", "EL": "GR"}  # common non-ISO codes users type

# kind -> (class, prefix stripped from the slug to form the user-facing code)
KINDS: dict[str, tuple[str, str]] = {
    "category": (DG + "ServiceCategory", ""),
    "condition": (DG + "Condition", "cond-"),
    "harm": (DG + "HarmType", "harm-"),
    "theme": (DG + "Theme", "theme-"),
    "feature": (DG + "Feature", "feature-"),
    "group": (DG + "ProtectedGroup", "pg-"),
    "status": (DG + "LegalStatus", "status-"),
    "action-status": (DG + "ActionStatus", "action-status-"),
}


@dataclass
class Entry:
    """One named thing in the graph: its IRI, user-facing code, kind and labels."""

    iri: str
    code: str
    types: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.code


@dataclass(frozen=True)
class Membership:
    iri: str
    kind: str  # "membership" | "transition"
    member: str
    union: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Threshold:
    iri: str
    category: str
    min_users: int | None
    exceeds_users: int | None
    measured_in: str | None
    features: frozenset[str]
    provision: str | None


class Catalogue:
    """Lookup tables built from the graph; cheap to query, rebuilt only when the store changes."""

    def __init__(self, store: Store) -> None:
        self.entries: dict[str, Entry] = {}
        self.by_kind: dict[str, dict[str, Entry]] = defaultdict(dict)
        self.jurisdictions: dict[str, Entry] = {}  # notation (upper case) -> entry
        self.links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        # tables derived from the same store on first use (competences, coverage), by name and language
        self.derived: dict[tuple[str, str], object] = {}
        self._load_entities(store)
        self._load_links(store)
        self.memberships = self._load_memberships(store)
        self.thresholds = self._load_thresholds(store)
        self.rulings = rulings.load(store)  # court decisions, by the duties they bear on
        self.stages = rulings.stages(store)  # the stage each pending bill reached, by instrument

    def once(self, name: str, lang: str, build: Callable[[], T]) -> T:
        """`build()` the first time (name, lang) is asked, the same object after: the graph does not change."""
        key = (name, lang)
        if key not in self.derived:
            self.derived[key] = build()
        return self.derived[key]  # type: ignore[return-value]

    # --- loading
    def _load_entities(self, store: Store) -> None:
        for row in store.select(queries.render("catalogue_entities")):
            iri = row["s"].value
            entry = self.entries.get(iri)
            if entry is None:
                entry = self.entries[iri] = Entry(iri, iri.removeprefix(DGID))
            entry.types.add(row["type"].value)
            for lang, var in (("en", "labelEn"), ("fr", "labelFr")):
                if var in row:
                    entry.labels[lang] = row[var].value
            if row["type"].value in JURISDICTION_TYPES and "notation" in row:
                entry.code = row["notation"].value.upper()
                self.jurisdictions[entry.code] = entry
        for entry in self.entries.values():
            for kind, (cls, prefix) in KINDS.items():
                if cls in entry.types:
                    self.by_kind[kind][entry.code.removeprefix(prefix)] = entry
            if entry.types & {DG + "Regulator", DG + "NonRegulatoryBody"}:
                self.by_kind["authority"][entry.code] = entry

    def _load_links(self, store: Store) -> None:
        for row in store.select(queries.render("catalogue_links")):
            self.links[row["p"].value][row["s"].value].add(row["o"].value)

    def _load_memberships(self, store: Store) -> list[Membership]:
        found = []
        for row in store.select(queries.render("catalogue_memberships")):
            found.append(
                Membership(
                    row["m"].value,
                    "transition" if row["kind"].value.endswith("TransitionPeriod") else "membership",
                    row["member"].value,
                    row["union"].value,
                    _date(row.get("from")),
                    _date(row.get("until")),
                )
            )
        # a transition period is also typed as a membership (subclass); keep the narrower kind
        by_iri: dict[str, Membership] = {}
        for m in found:
            if m.iri not in by_iri or m.kind == "transition":
                by_iri[m.iri] = m
        return sorted(by_iri.values(), key=lambda m: (m.member, m.start or dt.date.min))

    def _load_thresholds(self, store: Store) -> list[Threshold]:
        rows: dict[str, dict[str, object]] = {}
        for row in store.select(queries.render("catalogue_thresholds")):
            t = rows.setdefault(row["threshold"].value, {"features": set()})
            t["category"] = row["category"].value
            for var in ("min", "exceeds", "measuredIn", "provision"):
                if var in row:
                    t[var] = row[var].value
            if "feature" in row:
                t["features"].add(row["feature"].value)  # type: ignore[attr-defined]
        return [
            Threshold(
                iri,
                str(t["category"]),
                int(str(t["min"])) if "min" in t else None,
                int(str(t["exceeds"])) if "exceeds" in t else None,
                str(t["measuredIn"]) if "measuredIn" in t else None,
                frozenset(t["features"]),  # type: ignore[arg-type]
                str(t["provision"]) if "provision" in t else None,
            )
            for iri, t in sorted(rows.items())
        ]

    # --- hierarchy helpers
    def broader_closure(self, iris: Iterable[str], prop: str = SKOS_BROADER) -> set[str]:
        """The given IRIs and everything above them through `prop` (transitively)."""
        return self._walk(iris, self.links[prop])

    def inverse(self, prop: str) -> dict[str, set[str]]:
        """object -> subjects of `prop` (what lies below a concept, what a condition implies), built once."""
        key = ("inverse", prop)
        if key not in self.derived:
            found: dict[str, set[str]] = defaultdict(set)
            for subject, objects in self.links[prop].items():
                for obj in objects:
                    found[obj].add(subject)
            self.derived[key] = found
        return self.derived[key]  # type: ignore[return-value]

    def _walk(self, iris: Iterable[str], *steps: dict[str, set[str]]) -> set[str]:
        """The given IRIs and everything reached from them through any of `steps`, transitively."""
        seen: set[str] = set()
        todo = list(iris)
        while todo:
            iri = todo.pop()
            if iri not in seen:
                seen.add(iri)
                for step in steps:
                    todo.extend(step.get(iri, ()))
        return seen

    def narrower_closure(self, iris: Iterable[str], prop: str = SKOS_BROADER) -> set[str]:
        """The given IRIs and everything below them through `prop`."""
        return self._walk(iris, self.inverse(prop))

    def condition_closure(self, iris: Iterable[str]) -> set[str]:
        """Conditions that hold: the given ones, those above them, and those they imply (dg:impliedByCondition)."""
        implied = {
            source: {t for t in targets if DG + "Condition" in self.entries.get(t, Entry(t, t)).types}
            for source, targets in self.inverse(IMPLIED_BY_CONDITION).items()
        }
        return self._walk(iris, self.links[SKOS_BROADER], implied)

    def condition_falsity(self, iris: Iterable[str]) -> set[str]:
        """Conditions that do not hold: the given ones, those below them, and those that would imply them."""
        return self._walk(iris, self.inverse(SKOS_BROADER), self.links[IMPLIED_BY_CONDITION])

    def categories_implied_by_conditions(self, conditions: set[str]) -> set[str]:
        """Service categories a service falls in because a condition holds (dg:impliedByCondition on a category)."""
        return {
            target
            for target, sources in self.links[IMPLIED_BY_CONDITION].items()
            if DG + "ServiceCategory" in self.entries.get(target, Entry(target, target)).types and sources & conditions
        }

    def memberships_of(self, member: str) -> list[Membership]:
        return [m for m in self.memberships if m.member == member]

    def label(self, iri: str, lang: str = "en") -> str:
        entry = self.entries.get(iri)
        return entry.label(lang) if entry else iri.removeprefix(DGID)

    # --- checks on user input
    def jurisdiction(self, code: str) -> Entry:
        key = code.strip().upper()
        key = ALIASES.get(key, key)
        if key not in self.jurisdictions:
            raise UnknownCode("jurisdiction", code, [*self.jurisdictions, *ALIASES])
        return self.jurisdictions[key]

    def code(self, kind: str, value: str) -> Entry:
        """A concept of the given kind by its code (`online-platform` style or full slug)."""
        table = self.by_kind[kind]
        key = value.strip()
        key = key.removeprefix(DGID)
        prefix = KINDS.get(kind, ("", ""))[1]
        if key in table:
            return table[key]
        if prefix and key.removeprefix(prefix) in table:
            return table[key.removeprefix(prefix)]
        raise UnknownCode(kind, value, table)

    def codes(self, kind: str, values: Iterable[str]) -> list[Entry]:
        return [self.code(kind, v) for v in values if v.strip()]


def parse_date(value: str | dt.date | None, name: str = "date") -> dt.date:
    """An ISO 8601 calendar date (YYYY-MM-DD); today when not given."""
    if value is None or value == "":
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        message = f"must be an ISO date (YYYY-MM-DD) like 2025-07-25, got {value!r}"
        raise BadDate(f"{name!r} {message}", errors=[{"parameter": name, "message": message}]) from None


def parse_iri_or_code(value: str) -> str:
    """A full IRI (checked by pyoxigraph) or a dgid short identifier like `ofcom`."""
    import pyoxigraph as ox

    text = value.strip()
    if text.startswith(("http://", "https://", "urn:")):
        try:
            return ox.NamedNode(text).value
        except ValueError as exc:
            raise BadIdentifier(f"not a valid IRI: {text!r} ({exc})") from None
    if text.startswith("dgid:"):
        text = text[5:]
    if not text or not all(c.isalnum() or c in "-_." for c in text):
        raise BadIdentifier(
            f"not an identifier: {value!r}; use a short identifier like 'ofcom' or 'duty-eu-dsa-art28-1', or a full IRI"
        )
    return DGID + text


def _date(term: Term | None) -> dt.date | None:
    if term is None:
        return None
    try:
        return dt.date.fromisoformat(term.value)
    except ValueError:
        return None
