"""Deterministic synthetic dutygraph data of a chosen size, for the benchmarks.

Why synthetic: the shipped graph is ~7k triples, far too small to show how the
engine scales. This generator writes N-Triples shaped like graph/data/ (same
classes, properties and nesting, so the engine's own queries and catalogue run
unchanged) at 10k, 100k or 1M triples, always the same bytes for a given
(size, seed), so runs on different days compare.

How it grows, and why: real growth is more jurisdictions and more laws, not
more duties for one place. So the number of countries grows with the square
root of the size (25 at 10k, 79 at 100k, 250 at 1M), with unions (dated
dg:Membership nodes, one ended membership followed by a dg:TransitionPeriod),
regions (dg:withinJurisdiction) and regulators (dg:competentIn) alongside, and
laws (dg:Instrument > article > paragraph dg:Provision, eli:is_part_of) are
added until the size is reached, spread over jurisdictions with unions weighted
12x a country. A union-member country therefore sees a few dozen duties at 10k
and several hundred at 1M (the benchmark prints the exact answer sizes).

Concept schemes (service categories, conditions, themes, harms) are synthetic
(`syn-` identifiers, hierarchies by skos:broader); legal statuses, instrument
types, protected groups and enforcement action types are the real ones from
ontology/schemes, which the benchmark loads beside this file.

Usage: python benchmarks/generate.py --size 100000 --out /tmp/dg-bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DG = "https://w3id.org/dutygraph/ontology#"
DGID = "https://w3id.org/dutygraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
PAV = "http://purl.org/pav/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

GENERATOR_VERSION = 1  # bump when the output changes, so cached files are not reused by mistake
UNION_WEIGHT, COUNTRY_WEIGHT, REGION_WEIGHT = 12.0, 1.0, 0.3
STATUSES = ["status-in-force"] * 17 + ["status-pending", "status-not-in-force", "status-repealed"]
INSTRUMENT_TYPES = ["type-act", "type-eu-regulation", "type-eu-directive", "type-secondary-legislation", "type-code"]
GROUPS = ["pg-children", "pg-children-under-16", "pg-children-under-13", "pg-all-users"]
ACTIONS = ["action-request-for-information", "action-formal-proceedings", "action-investigation"]
WORDS = [
    "age", "verification", "notice", "takedown", "report", "risk", "assessment", "minors",
    "profiling", "advertising", "design", "transparency", "complaint", "moderation", "parental", "control",
    "default", "privacy", "recommender", "safety", "audit",
]


@dataclass
class Probe:
    """The questions the benchmark asks of a generated graph (codes a user would type)."""

    jurisdiction: str  # a country that is a member of a union on `date`
    union: str
    other_country: str
    category: str  # a mid-level service category (two levels below the root)
    conditions: list[str]  # one that holds, one that does not (`!code`)
    theme: str  # a narrower theme, for the comparison
    date: str


@dataclass
class Summary:
    """What was generated, for the printed report."""

    size: int
    triples: int = 0
    countries: int = 0
    unions: int = 0
    regions: int = 0
    authorities: int = 0
    instruments: int = 0
    provisions: int = 0
    duties: int = 0
    probe: Probe | None = None
    notes: list[str] = field(default_factory=list)


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype and datatype != XSD_STRING:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


class Writer:
    """Collects N-Triples lines and counts them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")

    def __len__(self) -> int:
        return len(self.lines)


def _d(day: dt.date) -> str:
    return _lit(day.isoformat(), datatype=XSD_DATE)


def _codes(rng: random.Random) -> Iterator[str]:
    pairs = [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase]
    rng.shuffle(pairs)
    yield from pairs


def _concepts(w: Writer, cls: str, slug: str, scheme: str, tops: int, per_level: list[int]) -> list[list[str]]:
    """A concept tree: `tops` top concepts, then `per_level[i]` children for each node of level i."""
    a = _iri
    scheme_iri = a(DGID + f"syn-scheme-{scheme}")
    w.add(scheme_iri, a(RDF_TYPE), a(SKOS + "ConceptScheme"))
    w.add(scheme_iri, a(SKOS + "prefLabel"), _lit(f"synthetic {scheme}", "en"))
    levels: list[list[str]] = [[f"{slug}{i}" for i in range(tops)]]
    for width in per_level:
        levels.append([f"{parent}-{j}" for parent in levels[-1] for j in range(width)])
    for depth, level in enumerate(levels):
        for code in level:
            s = a(DGID + code)
            w.add(s, a(RDF_TYPE), a(DG + cls))
            w.add(s, a(RDF_TYPE), a(SKOS + "Concept"))
            w.add(s, a(SKOS + "inScheme"), scheme_iri)
            w.add(s, a(SKOS + "prefLabel"), _lit(f"{scheme} {code}", "en"))
            w.add(s, a(SKOS + "prefLabel"), _lit(f"{scheme} {code} (fr)", "fr"))
            if depth == 0:
                w.add(s, a(SKOS + "topConceptOf"), scheme_iri)
            else:
                w.add(s, a(SKOS + "broader"), a(DGID + code.rsplit("-", 1)[0]))
    return levels


def generate(size: int, seed: int = 20261123) -> tuple[list[str], Summary]:
    """N-Triples lines (about `size` of them, never fewer) and a summary with the probe questions."""
    rng = random.Random(f"{seed}-{size}-{GENERATOR_VERSION}")
    a = _iri
    w = Writer()
    summary = Summary(size)
    ptype, label, notation = a(RDF_TYPE), a(SKOS + "prefLabel"), a(SKOS + "notation")
    provenance = a("https://example.org/dutygraph-synthetic")

    # --- concept schemes (categories: root > 6 > 18 > 54; conditions; themes; harms)
    categories = _concepts(w, "ServiceCategory", "syn-cat-", "categories", 1, [6, 3, 3])
    conditions = _concepts(w, "Condition", "cond-syn-", "conditions", 8, [2])
    themes = _concepts(w, "Theme", "theme-syn-", "themes", 12, [3])
    harms = _concepts(w, "HarmType", "harm-syn-", "harms", 10, [3])
    all_categories = [c for level in categories for c in level]
    category_weights: list[float] = []  # bearers lean to the upper levels, as real duties do
    for level, share in zip(categories, (0.15, 0.3, 0.3, 0.25), strict=True):
        category_weights += [share / len(level)] * len(level)
    flat_conditions = [c for level in conditions for c in level]
    leaf_themes = themes[1]
    flat_harms = [h for level in harms for h in level]

    # --- jurisdictions
    codes = _codes(rng)
    n_countries = max(12, min(300, int(math.sqrt(size) / 4)))
    n_unions = max(2, n_countries // 25)
    jurisdictions: list[tuple[str, str]] = []  # (iri, kind)
    union_iris: list[str] = []
    for _ in range(n_unions):
        code = next(codes)
        iri = DGID + f"syn-{code.lower()}"
        union_iris.append(iri)
        jurisdictions.append((iri, "union"))
        w.add(a(iri), ptype, a(DG + "SupranationalUnion"))
        w.add(a(iri), notation, _lit(code))
        w.add(a(iri), label, _lit(f"Union {code}", "en"))
        w.add(a(iri), label, _lit(f"Union {code} (fr)", "fr"))
    country_iris: list[str] = []
    country_codes: dict[str, str] = {}
    region_count = 0
    for _ in range(n_countries):
        code = next(codes)
        iri = DGID + f"syn-{code.lower()}"
        country_iris.append(iri)
        country_codes[iri] = code
        jurisdictions.append((iri, "country"))
        w.add(a(iri), ptype, a(DG + "Country"))
        w.add(a(iri), notation, _lit(code))
        w.add(a(iri), label, _lit(f"Country {code}", "en"))
        w.add(a(iri), label, _lit(f"Pays {code}", "fr"))
        w.add(a(iri), a(SKOS + "exactMatch"), a(f"http://www.wikidata.org/entity/Q{rng.randint(10, 99999)}"))
        for r in range(rng.randint(0, 4)):
            rcode = f"{code}-R{r}"
            riri = DGID + f"syn-{rcode.lower()}"
            region_count += 1
            jurisdictions.append((riri, "region"))
            w.add(a(riri), ptype, a(DG + "SubnationalRegion"))
            w.add(a(riri), notation, _lit(rcode))
            w.add(a(riri), label, _lit(f"Region {rcode}", "en"))
            w.add(a(riri), label, _lit(f"Région {rcode}", "fr"))
            w.add(a(riri), a(DG + "withinJurisdiction"), a(iri))

    # --- dated memberships: ~75% of countries belong to a union; a few left one (with a transition)
    active: dict[str, list[str]] = {}
    for i, country in enumerate(country_iris):
        if rng.random() > 0.75 and i > 0:
            continue
        union = union_iris[0] if i == 0 else rng.choice(union_iris)
        start = dt.date(rng.randint(1958, 2013), rng.choice([1, 5, 7]), 1)
        m = a(DGID + f"syn-membership-{country_codes[country].lower()}-{union.rsplit('-', 1)[1]}")
        w.add(m, ptype, a(DG + "Membership"))
        w.add(m, a(ORG + "member"), a(country))
        w.add(m, a(ORG + "organization"), a(union))
        w.add(m, a(DG + "memberFrom"), _d(start))
        w.add(m, label, _lit(f"Membership of {country_codes[country]}", "en"))
        if i % 20 == 7:  # an ended membership and its transition period, as the UK's
            w.add(m, a(DG + "memberUntil"), _d(dt.date(2020, 1, 31)))
            t = a(str(m)[1:-1] + "-transition")
            w.add(t, ptype, a(DG + "TransitionPeriod"))
            w.add(t, ptype, a(DG + "Membership"))
            w.add(t, a(ORG + "member"), a(country))
            w.add(t, a(ORG + "organization"), a(union))
            w.add(t, a(DG + "memberFrom"), _d(dt.date(2020, 2, 1)))
            w.add(t, a(DG + "memberUntil"), _d(dt.date(2020, 12, 31)))
        else:
            active.setdefault(country, []).append(union)

    # --- authorities: one regulator per union and country, one in a region out of three
    regulators: dict[str, str] = {}
    for n, (jur, kind) in enumerate(jurisdictions):
        if kind == "region" and n % 3:
            continue
        reg = DGID + f"syn-regulator-{n}"
        regulators[jur] = reg
        w.add(a(reg), ptype, a(DG + "Regulator"))
        w.add(a(reg), label, _lit(f"Regulator {n}", "en"))
        w.add(a(reg), label, _lit(f"Régulateur {n}", "fr"))
        w.add(a(reg), a(DG + "competentIn"), a(jur))
        w.add(a(reg), a(DG + "hasRole"), a(DGID + "role-online-safety-regulator"))
        w.add(a(reg), a("http://xmlns.com/foaf/0.1/homepage"), a(f"https://regulator{n}.example.org/"))
    summary.authorities = len(regulators)

    # --- laws until the size is reached
    weights = [{"union": UNION_WEIGHT, "country": COUNTRY_WEIGHT, "region": REGION_WEIGHT}[k] for _, k in jurisdictions]
    law_no = 0
    while len(w) < size:
        jur, _kind = rng.choices(jurisdictions, weights)[0]
        law_no += 1
        law = DGID + f"syn-law-{law_no}"
        law_status = rng.choice(STATUSES)
        year = rng.randint(2000, 2025)
        w.add(a(law), ptype, a(DG + "Instrument"))
        w.add(a(law), label, _lit(f"{rng.choice(WORDS).title()} Act {year} no. {law_no}", "en"))
        w.add(a(law), label, _lit(f"Loi {law_no} de {year} ({rng.choice(WORDS)})", "fr"))
        w.add(a(law), a(DG + "shortTitle"), _lit(f"L{law_no}", "en"))
        w.add(a(law), a(DG + "instrumentType"), a(DGID + rng.choice(INSTRUMENT_TYPES)))
        w.add(a(law), a(DG + "legalStatus"), a(DGID + law_status))
        w.add(a(law), a(DG + "citation"), _lit(f"Law {law_no} of {year}"))
        w.add(a(law), a(DG + "appliesIn"), a(jur))
        w.add(a(law), a(ELI + "jurisdiction"), a(jur))
        w.add(a(law), a(ELI + "date_document"), _d(dt.date(year, rng.randint(1, 12), rng.randint(1, 28))))
        w.add(a(law), a(DG + "officialText"), a(f"https://legislation.example.org/{law_no}"))
        w.add(a(law), a(PROV + "wasDerivedFrom"), provenance)
        summary.instruments += 1
        for art in range(1, rng.randint(3, 12) + 1):
            article = f"{law}-art{art}"
            _provision(w, article, law, str(art), f"Article {art}", f"Law {law_no}, Art. {art}")
            summary.provisions += 1
            for para in range(1, rng.randint(1, 4) + 1):
                paragraph = f"{article}-{para}"
                _provision(w, paragraph, article, str(para), f"Article {art}({para})",
                           f"Law {law_no}, Art. {art}({para})")
                summary.provisions += 1
                if rng.random() < 0.8:
                    _duty(w, rng, f"{paragraph}".replace("syn-law-", "syn-duty-"), paragraph, jur, law_status,
                          regulators.get(jur), all_categories, category_weights, flat_conditions, leaf_themes,
                          flat_harms, f"Art. {art}({para})")
                    summary.duties += 1
        if law_no % 4 == 0 and jur in regulators:  # enforcement history, never read by the lookup
            for k in range(rng.randint(1, 3)):
                ev = a(f"{law}-action-{k}")
                w.add(ev, ptype, a(DG + "EnforcementAction"))
                w.add(ev, a(DG + "actionType"), a(DGID + rng.choice(ACTIONS)))
                w.add(ev, a(DG + "byAuthority"), a(regulators[jur]))
                w.add(ev, a(DG + "date"), _d(dt.date(rng.randint(2020, 2026), rng.randint(1, 12), 1)))
                w.add(ev, label, _lit(f"Action {k} under law {law_no}", "en"))

    member = next(c for c in country_iris if c in active)
    summary.countries, summary.unions, summary.regions = n_countries, n_unions, region_count
    summary.triples = len(w)
    summary.probe = Probe(
        jurisdiction=country_codes[member],
        union=active[member][0].rsplit("-", 1)[1].upper(),
        other_country=next(country_codes[c] for c in country_iris if c != member),
        category=categories[2][4],
        conditions=[conditions[0][1], "!" + conditions[0][5]],
        theme=leaf_themes[4].removeprefix("theme-"),
        date="2026-01-15",
    )
    return w.lines, summary


def _provision(w: Writer, iri: str, parent: str, number: str, title: str, citation: str) -> None:
    a = _iri
    w.add(a(iri), a(RDF_TYPE), a(DG + "Provision"))
    w.add(a(iri), a(ELI + "is_part_of"), a(parent))
    w.add(a(iri), a(ELI + "number"), _lit(number))
    w.add(a(iri), a(SKOS + "prefLabel"), _lit(title, "en"))
    w.add(a(iri), a(SKOS + "prefLabel"), _lit(title.replace("Article", "Article n°"), "fr"))
    w.add(a(iri), a(DG + "citation"), _lit(citation))
    w.add(a(iri), a(DG + "officialText"), a(f"https://legislation.example.org/{iri.rsplit('/', 1)[1]}"))


def _duty(
    w: Writer, rng: random.Random, iri: str, provision: str, jur: str, law_status: str, regulator: str | None,
    categories: list[str], category_weights: list[float], conditions: list[str], themes: list[str],
    harms: list[str], citation: str,
) -> None:
    a = _iri
    s = a(iri)
    words = " ".join(rng.choice(WORDS) for _ in range(4))
    w.add(s, a(RDF_TYPE), a(DG + "Duty"))
    w.add(s, a(SKOS + "prefLabel"), _lit(f"Ensure {words}", "en"))
    w.add(s, a(SKOS + "prefLabel"), _lit(f"Assurer {words}", "fr"))
    w.add(s, a(DG + "summary"), _lit(f"Providers must ensure {words}, and keep records of how they do so.", "en"))
    w.add(s, a(DG + "summary"), _lit(f"Les fournisseurs doivent assurer {words} et en garder la trace.", "fr"))
    w.add(s, a(DG + "imposedBy"), a(provision))
    w.add(s, a(DG + "citation"), _lit(citation))
    for cat in set(rng.choices(categories, category_weights, k=rng.choice([1, 1, 2]))):
        w.add(s, a(DG + "bearer"), a(DGID + cat))
    w.add(s, a(DG + "appliesIn"), a(jur))
    w.add(s, a(DG + "protects"), a(DGID + rng.choice(GROUPS)))
    for harm in set(rng.choices(harms, k=rng.choice([1, 2]))):
        w.add(s, a(DG + "addressesHarm"), a(DGID + harm))
    for theme in set(rng.choices(themes, k=rng.choice([1, 1, 1, 2]))):
        w.add(s, a(DG + "theme"), a(DGID + theme))
    if regulator:
        w.add(s, a(DG + "enforcedBy"), a(regulator))
    status = law_status if rng.random() < 0.9 else "status-pending"
    w.add(s, a(DG + "legalStatus"), a(DGID + status))
    start = dt.date(rng.randint(2015, 2027), rng.randint(1, 12), rng.randint(1, 28))
    w.add(s, a(DG + "effectiveFrom"), _d(start))
    if rng.random() < 0.05:
        w.add(s, a(DG + "effectiveUntil"), _d(start + dt.timedelta(days=rng.randint(200, 4000))))
    if rng.random() < 0.3:
        w.add(s, a(DG + "requiresCondition"), a(DGID + rng.choice(conditions)))
    if rng.random() < 0.1:
        w.add(s, a(DG + "exemptWhen"), a(DGID + rng.choice(conditions)))
        if rng.random() < 0.5:
            w.add(s, a(DG + "exemptionOverriddenBy"), a(DGID + rng.choice(categories)))
    w.add(s, a(DG + "officialText"), a(f"https://legislation.example.org/{provision.rsplit('/', 1)[1]}"))
    w.add(s, a(PROV + "wasDerivedFrom"), a(f"https://legislation.example.org/{provision.rsplit('/', 1)[1]}"))
    w.add(s, a(PAV + "retrievedOn"), _d(dt.date(2026, 11, 23)))
    w.add(s, a(DG + "verification"), _lit(rng.choice(["official", "secondary", "unverified"])))


def write(size: int, folder: Path, seed: int = 20261123) -> tuple[Path, Summary]:
    """Write `synthetic-<size>-<seed>.nt` into `folder` (reused if already there) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"synthetic-{size}-{seed}-v{GENERATOR_VERSION}.nt"
    lines, summary = generate(size, seed)
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            out.writelines(lines)
        tmp.replace(path)
    return path, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, nargs="+", default=[10_000], help="target triple counts")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--out", type=Path, required=True, help="folder for the .nt files (not committed)")
    args = parser.parse_args(argv)
    for size in args.size:
        path, s = write(size, args.out, args.seed)
        print(f"{path}: {s.triples} triples, {s.countries} countries, {s.unions} unions, {s.regions} regions, "
              f"{s.instruments} laws, {s.provisions} provisions, {s.duties} duties; probe {s.probe}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
