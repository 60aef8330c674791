"""Reading many-valued SPARQL rows into single values, the same way whatever order the store returns."""

from __future__ import annotations

import datetime as dt

from .catalogue import Catalogue
from .duty_records import ref
from .models import Ref
from .store import Row, Term


def lang_values(lang: str) -> dict[str, tuple[list[str], list[list[Term | None]]]]:
    return {"lang": (["lang"], [[Term(lang, "literal")]])}


def first(row: Row, *names: str) -> str | None:
    for name in names:
        if name in row:
            return row[name].value
    return None


def smallest(rows: list[Row], *names: str) -> str | None:
    """The first name any row binds, taking its smallest value, so the answer does not depend on row order."""
    for name in names:
        values = [r[name].value for r in rows if name in r]
        if values:
            return min(values)
    return None


def ref_or_none(catalogue: Catalogue, iri: str | None, lang: str) -> Ref | None:
    return ref(catalogue, iri, lang) if iri else None


def to_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
