"""How a fact was checked, as a reader needs it: level, documents read (official or not), when, caveats.

Whether a source is official is decided here, once, by the publisher's domain:
legislatures' and governments' statute sites and the regulators' own sites.
Everything else (law firms, news, mirrors of official texts) is another source.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .duty_records import DutyRecord
from .models import Evidence, Source

OFFICIAL_SUFFIXES = (
    "europa.eu",  # EUR-Lex, ELI, the Commission
    "legislation.gov.uk",
    "gov.uk",
    "ofcom.org.uk",
    "ico.org.uk",
    "gouv.fr",  # Légifrance, ministries
    "arcom.fr",
    "cnil.fr",
    "conseil-etat.fr",
    "irishstatutebook.ie",
    "lawreform.ie",
    "oireachtas.ie",
    "gov.ie",
    "cnam.ie",
    "dataprotection.ie",
    "gov",  # US federal: uscode.house.gov, congress.gov, govinfo.gov, ftc.gov, ecfr.gov...
    "gov.au",  # the Federal Register of Legislation, eSafety
)


def is_official(iri: str) -> bool:
    """True for a statute site or a regulator's or government's own page."""
    host = (urlsplit(iri).hostname or "").lower()
    return any(host == s or host.endswith("." + s) for s in OFFICIAL_SUFFIXES)


def sources(iris: set[str], official_text: str | None = None) -> list[Source]:
    """Official documents first, then the rest, each group in a stable order."""
    found = set(iris) | ({official_text} if official_text else set())
    return sorted(
        (Source.model_construct(iri=i, official=is_official(i)) for i in found),
        key=lambda s: (not s.official, s.iri),
    )


def duty_evidence(record: DutyRecord, lang: str) -> Evidence:
    return Evidence.model_construct(
        verification=record.verification,
        sources=sources(record.sources),
        retrieved_on=record.retrieved_on,
        notes=record.notes_in(lang),
    )
