"""Authorities as the browse routes list them: roles, where competent, duties they enforce, events."""

from __future__ import annotations

from collections import defaultdict

from . import query_files
from .catalogue import DG, DGID, Catalogue
from .duties import duties
from .duty_records import jurisdiction_ref, natural_key, refs
from .errors import NotFound
from .models import AuthorityDetail, AuthorityItem
from .rows import lang_values, smallest, to_date
from .store import Row, Store, Term
from .timeline import timeline


def authorities(store: Store, catalogue: Catalogue, lang: str = "en") -> list[AuthorityItem]:
    return [
        AuthorityItem(**a.model_dump(include=set(AuthorityItem.model_fields)))
        for a in _authorities(store, catalogue, lang)
    ]


def authority(store: Store, catalogue: Catalogue, code: str, lang: str = "en") -> AuthorityDetail:
    entry = catalogue.code("authority", code)
    found = _authorities(store, catalogue, lang, only=entry.iri)
    if not found:
        raise NotFound(f"no authority {code!r}")
    detail = found[0]
    detail.duties_enforced = duties(store, catalogue, lang, authority=entry.code)
    detail.events = timeline(store, catalogue, authority=entry.code, lang=lang).entries
    return detail


def _authorities(store: Store, catalogue: Catalogue, lang: str, only: str | None = None) -> list[AuthorityDetail]:
    values = {**lang_values(lang), **({"authority": (["authority"], [[Term(only)]])} if only else {})}
    by_body: dict[str, list[Row]] = defaultdict(list)
    for row in store.select(query_files.render("authorities", values)):
        by_body[row["authority"].value].append(row)
    found = []
    for iri, rows in by_body.items():
        regulator = any(r["type"].value == DG + "Regulator" for r in rows)
        found.append(
            AuthorityDetail(
                iri=iri,
                id=iri.removeprefix(DGID),
                label=catalogue.label(iri, lang),
                kind="regulator" if regulator else "non-regulatory-body",
                roles=refs(catalogue, {r["role"].value for r in rows if "role" in r}, lang),
                competent_in=[
                    jurisdiction_ref(catalogue, j, lang)
                    for j in sorted({r["competentIn"].value for r in rows if "competentIn" in r})
                ],
                homepage=smallest(rows, "homepage"),
                description=smallest(rows, "description", "descriptionEn"),
                established_on=to_date(smallest(rows, "established")),
                duties_enforced=[],
                events=[],
            )
        )
    return sorted(found, key=lambda a: natural_key(a.id))
