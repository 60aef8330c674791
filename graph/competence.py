"""The competent authority: who enforces a duty against the service asked about, and on what basis.

Competence is data (dg:Competence): an authority, or a role resolved to the
authority holding it in a place (the Member State of main establishment for the
DSA's Digital Services Coordinators), over an instrument's duties or named
duties, optionally only for some categories of provider (VLOPs and VLOSEs), with
its kind (exclusive or shared) and legal basis. The most specific rules that
match win: named duties over a whole instrument, a provider category over none;
equally specific shared rules are all returned. Where no rule matches, the
duty's own dg:enforcedBy is the answer, marked `recorded`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import query_files
from .catalogue import DG, DGID, Catalogue, Entry
from .duty_records import DutyRecord, jurisdiction_ref, natural_key, ref
from .models import CompetentAuthority, ProvisionRef
from .reach import chain
from .store import Store, Term
from .wording import say

HAS_ROLE = DG + "hasRole"
COMPETENT_IN = DG + "competentIn"
EXCLUSIVE = DGID + "competence-exclusive"


@dataclass
class Competence:
    iri: str
    authority: str | None = None
    role: str | None = None
    by_establishment: bool = False
    instruments: set[str] = field(default_factory=set)
    duties: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    exclusive: bool = False
    bases: dict[str, ProvisionRef] = field(default_factory=dict)
    basis: ProvisionRef | None = None
    basis_text: str = "—"

    @property
    def specificity(self) -> int:
        return 2 * bool(self.duties) + bool(self.categories)


class Competences:
    """The graph's competence rules, read once per store and language."""

    def __init__(self, store: Store, lang: str) -> None:
        found: dict[str, Competence] = {}
        values = {"lang": (["lang"], [[Term(lang, "literal")]])}
        for row in store.select(query_files.render("competences", values)):
            c = found.setdefault(row["c"].value, Competence(row["c"].value))
            if "authority" in row:
                c.authority = row["authority"].value
            if "role" in row:
                c.role = row["role"].value
            c.by_establishment = c.by_establishment or row.get("byEstablishment", Term("false")).value == "true"
            for var, attr in (("instrument", c.instruments), ("duty", c.duties), ("category", c.categories)):
                if var in row:
                    attr.add(row[var].value)
            c.exclusive = c.exclusive or ("kind" in row and row["kind"].value == EXCLUSIVE)
            if "basis" in row:
                iri = row["basis"].value
                label = (row.get("basisLabel") or row.get("basisLabelEn") or Term(iri.removeprefix(DGID))).value
                seen = c.bases.get(iri)
                c.bases[iri] = ProvisionRef.model_construct(
                    iri=iri,
                    id=iri.removeprefix(DGID),
                    label=min(label, seen.label) if seen else label,
                    citation=row["basisCitation"].value if "basisCitation" in row else None,
                    official_text=row["basisText"].value if "basisText" in row else None,
                )
        for c in found.values():  # several bases (AI Act Arts 70 and 74): the first in article order leads
            ordered = sorted(c.bases, key=natural_key)
            c.basis = c.bases[ordered[0]] if ordered else None
            c.basis_text = "; ".join(c.bases[i].citation or c.bases[i].label for i in ordered) or "—"
        self.rules = sorted(found.values(), key=lambda c: c.iri)


def rules_for(store: Store, catalogue: Catalogue, lang: str) -> Competences:
    """The rules of this store, loaded once (the graph is immutable per process)."""
    return catalogue.once("competences", lang, lambda: Competences(store, lang))


def competent_authorities(
    catalogue: Catalogue,
    rules: Competences,
    record: DutyRecord,
    categories: set[str],
    place: str,
    establishment: str | None,
    lang: str,
) -> list[CompetentAuthority]:
    """Who enforces `record` against a service of `categories` asked about in `place`."""
    matching = [
        c
        for c in rules.rules
        if (record.iri in c.duties or (not c.duties and record.law in c.instruments))
        and (not c.categories or c.categories & categories)
    ]
    if not matching and not record.enforcers:
        return [
            CompetentAuthority.model_construct(
                authority=None,
                role=None,
                kind="recorded",
                legal_basis=None,
                place=None,
                text=say("competence-none", lang),
            )
        ]
    if not matching:
        return [
            CompetentAuthority.model_construct(
                authority=ref(catalogue, a, lang),
                role=None,
                kind="recorded",
                legal_basis=None,
                place=None,
                text=say("competence-recorded", lang, authority=catalogue.label(a, lang)),
            )
            for a in sorted(record.enforcers)
        ]
    top = max(c.specificity for c in matching)
    chosen = [c for c in matching if c.specificity == top]
    if any(c.exclusive for c in chosen):
        chosen = [c for c in chosen if c.exclusive]
    resolved = [_resolve(catalogue, c, place, establishment, lang) for c in chosen]
    # with no establishment given, "the authority of the state of establishment, if it is this one" adds
    # nothing when another rule already names that authority for the place asked
    named = {r.authority.iri for r, c in zip(resolved, chosen, strict=True) if r.authority and not c.by_establishment}
    return [
        r
        for r, c in zip(resolved, chosen, strict=True)
        if not (c.by_establishment and not establishment and r.authority and r.authority.iri in named)
    ]


def _resolve(
    catalogue: Catalogue, c: Competence, place: str, establishment: str | None, lang: str
) -> CompetentAuthority:
    kind = "exclusive" if c.exclusive else "shared"
    basis = c.basis_text
    if c.authority:
        return CompetentAuthority.model_construct(
            authority=ref(catalogue, c.authority, lang),
            role=None,
            kind=kind,
            legal_basis=c.basis,
            place=None,
            text=say(f"competence-{kind}", lang, authority=catalogue.label(c.authority, lang), basis=basis),
        )
    role = c.role or ""
    where = establishment if c.by_establishment and establishment else _country(catalogue, place)
    holder = _holder(catalogue, role, where) if where else None
    role_label = catalogue.label(role, lang)
    if c.by_establishment and not establishment:
        key = "competence-establishment-unknown" if holder else "competence-establishment-none"
    elif holder:
        key = "competence-role"
    else:
        key = "competence-role-missing"
    text = say(
        key,
        lang,
        role=role_label,
        authority=catalogue.label(holder, lang) if holder else "",
        place=catalogue.label(where, lang) if where else "",
        basis=basis,
    )
    return CompetentAuthority.model_construct(
        authority=ref(catalogue, holder, lang) if holder else None,
        role=ref(catalogue, role, lang),
        kind=kind,
        legal_basis=c.basis,
        place=jurisdiction_ref(catalogue, where, lang) if where else None,
        text=text,
    )


def _country(catalogue: Catalogue, place: str) -> str | None:
    """The country the asked place is or lies in (a union has no national authority)."""
    for iri in chain(catalogue, place):
        if DG + "Country" in catalogue.entries.get(iri, Entry("", "")).types:
            return iri
    return None


def _holder(catalogue: Catalogue, role: str, place: str) -> str | None:
    holders = sorted(a for a, roles in catalogue.links[HAS_ROLE].items() if role in roles)
    return next((a for a in holders if place in catalogue.links[COMPETENT_IN].get(a, ())), None)
