"""Jurisdictions as the browse routes list them: codes, kinds, regions, memberships, authorities, laws."""

from __future__ import annotations

from .catalogue import DG, DGID, Catalogue, Entry
from .duty_records import jurisdiction_ref, refs
from .laws import laws
from .models import JurisdictionDetail, JurisdictionItem, MembershipStep, Ref
from .reach import chain
from .store import Store

JURISDICTION_KINDS = {
    DG + "Country": "country",
    DG + "SupranationalUnion": "supranational-union",
    DG + "SubnationalRegion": "subnational-region",
}
WITHIN = DG + "withinJurisdiction"
COMPETENT_IN = DG + "competentIn"


def jurisdictions(catalogue: Catalogue, lang: str = "en") -> list[JurisdictionItem]:
    """Every jurisdiction the lookups accept, by code."""
    return [_jurisdiction_item(catalogue, e, lang) for _, e in sorted(catalogue.jurisdictions.items())]


def jurisdiction(store: Store, catalogue: Catalogue, code: str, lang: str = "en") -> JurisdictionDetail:
    entry = catalogue.jurisdiction(code)
    item = _jurisdiction_item(catalogue, entry, lang)
    inside = [c for c, up in catalogue.links[WITHIN].items() if entry.iri in up and c in catalogue.entries]
    regions = sorted(inside, key=lambda c: catalogue.entries[c].code)
    steps = [m for m in catalogue.memberships if entry.iri in (m.member, m.union)]
    competent = [a for a, places in catalogue.links[COMPETENT_IN].items() if entry.iri in places]
    return JurisdictionDetail(
        **item.model_dump(),
        regions=[jurisdiction_ref(catalogue, r, lang) for r in regions],
        memberships=[
            MembershipStep(
                membership=m.iri,
                kind=m.kind,  # type: ignore[arg-type]
                member=jurisdiction_ref(catalogue, m.member, lang),
                union=jurisdiction_ref(catalogue, m.union, lang),
                start=m.start,
                end=m.end,
            )
            for m in steps
        ],
        authorities=refs(catalogue, competent, lang),
        laws=[
            Ref(iri=law.iri, id=law.id, label=law.label)
            for law in laws(store, catalogue, lang)
            if any(j.iri == entry.iri for j in law.applies_in)
        ],
    )


def _jurisdiction_item(catalogue: Catalogue, entry: Entry, lang: str) -> JurisdictionItem:
    kind = next((k for t, k in JURISDICTION_KINDS.items() if t in entry.types), "country")
    within = [w for w in chain(catalogue, entry.iri)[1:] if w in catalogue.entries]
    return JurisdictionItem(
        iri=entry.iri,
        id=entry.iri.removeprefix(DGID),
        code=entry.code,
        label=entry.label(lang),
        kind=kind,  # type: ignore[arg-type]
        within=[jurisdiction_ref(catalogue, w, lang) for w in within],
    )
