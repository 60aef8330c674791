"""Full-text search in plain words: SQLite FTS5 (Python's sqlite3), one in-memory index per language.

Built from the store the first time a language is asked and kept for the process (the graph does not
change while it runs). English uses FTS5's Porter stemmer, French accent and case folding
(`remove_diacritics 2`) with prefix queries on word stems, since FTS5 has no French stemmer. Ranking is
FTS5's BM25, names and citations weighted above summaries and notes; snippets come from FTS5 too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
import sqlite3
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from . import query_files
from .catalogue import DGID, Catalogue
from .duty_records import jurisdiction_ref, ref
from .errors import InvalidInput
from .models import SearchHit, SearchResult
from .reach import Scope
from .store import Store, Term

TYPES = ("duty", "provision", "law", "authority", "provider", "concept")
TOKENIZERS = {"en": "porter unicode61 remove_diacritics 2", "fr": "unicode61 remove_diacritics 2"}
# BM25 weights by column: names and citations, then a duty's themes and harms, then its summary, and least
# its editorial notes (long caveats that mention many things the duty is not about)
WEIGHTS = {"title": 6.0, "body": 1.5, "topics": 3.0, "notes": 0.3}
STOPWORDS = {
    "en": set(
        [
            "a",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "by",
            "for",
            "from",
            "in",
            "is",
            "it",
            "of",
            "on",
            "or",
            "the",
            "to",
            "with",
            "what",
            "which",
            "who",
            "when",
            "how",
        ]
    ),
    "fr": set(
        [
            "a",
            "au",
            "aux",
            "avec",
            "ce",
            "ces",
            "d",
            "dans",
            "de",
            "des",
            "du",
            "en",
            "et",
            "est",
            "il",
            "la",
            "le",
            "les",
            "l",
            "leur",
            "ou",
            "par",
            "pour",
            "qu",
            "que",
            "qui",
            "sa",
            "se",
            "sont",
            "sur",
            "un",
            "une",
        ]
    ),
}
FRENCH_ENDINGS = ("iques", "ique", "ions", "ion", "es", "s", "x", "e")
OPEN, CLOSE = "\x02", "\x03"  # match markers from FTS5, turned into <mark> after escaping
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Doc:
    iri: str
    type: str
    label: str | None = None
    titles: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    official: str | None = None
    instrument: str | None = None


@dataclass
class Index:
    """One language's FTS5 table and the facts each hit carries."""

    lang: str
    db: sqlite3.Connection
    docs: list[Doc]
    vocabulary: list[str]
    build_seconds: float
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def size_bytes(self) -> int:
        """Pages the in-memory database holds (the FTS5 table, its shadow tables and the document rows)."""
        with self.lock:
            pages = self.db.execute("PRAGMA page_count").fetchone()[0]
            page = self.db.execute("PRAGMA page_size").fetchone()[0]
        return int(pages * page)


def index(store: Store, catalogue: Catalogue, lang: str) -> Index:
    """The index of this language, built once per store (Catalogue) and language."""
    if lang not in TOKENIZERS:
        raise InvalidInput(f"lang must be en or fr, got {lang!r}")
    return catalogue.once("search-index", lang, lambda: build(store, lang))


def build(store: Store, lang: str) -> Index:
    started = time.perf_counter()
    rows = store.select(query_files.render("search_documents", {"lang": (["lang"], [[Term(lang, "literal")]])}))
    docs: dict[str, Doc] = {}
    for row in rows:
        iri = row["s"].value
        doc = docs.setdefault(iri, Doc(iri, row["type"].value))
        kind = row["field"].value
        if kind == "label":
            doc.label = min(filter(None, (doc.label, row["text"].value)))
            kind = "title"
        if kind == "title" and row["text"].value not in doc.titles:
            doc.titles.append(row["text"].value)
        elif kind == "body" and row["text"].value not in doc.bodies:
            doc.bodies.append(row["text"].value)
        elif kind == "topic" and row["text"].value not in doc.topics:
            doc.topics.append(row["text"].value)
        elif kind == "note" and row["text"].value not in doc.notes:
            doc.notes.append(row["text"].value)
        elif kind == "place":
            doc.places.add(row["place"].value)
        elif kind == "official":
            doc.official = min(filter(None, (doc.official, row["official"].value)))
        elif kind == "instrument":
            doc.instrument = min(filter(None, (doc.instrument, row["instrument"].value)))
    ordered = sorted(docs.values(), key=lambda d: d.iri)
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute(f"CREATE VIRTUAL TABLE docs USING fts5(title, body, topics, notes, tokenize='{TOKENIZERS[lang]}')")
    db.executemany(
        "INSERT INTO docs(rowid, title, body, topics, notes) VALUES (?, ?, ?, ?, ?)",
        [
            (n, " · ".join(d.titles), "\n".join(d.bodies), " · ".join(d.topics), "\n".join(d.notes))
            for n, d in enumerate(ordered)
        ],
    )
    db.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(docs, row)")
    vocabulary = [t for (t,) in db.execute("SELECT term FROM terms WHERE length(term) > 2")]
    db.commit()
    return Index(lang, db, ordered, vocabulary, time.perf_counter() - started)


def match_terms(text: str, lang: str) -> list[str]:
    """The user's words as FTS5 terms: each quoted (no query syntax gets through), French ones as stem prefixes."""
    words = [w.lower() for w in _WORD.findall(text)]
    kept = [w for w in words if w not in STOPWORDS[lang] and (len(w) > 1 or w.isdigit())] or words
    terms = []
    for word in dict.fromkeys(kept):
        if lang == "fr" and len(word) > 5:
            stem = next((word[: -len(e)] for e in FRENCH_ENDINGS if word.endswith(e) and len(word) - len(e) > 4), word)
            terms.append(f'"{stem}"*')
        else:
            terms.append(f'"{word}"')
    return terms


def search(
    store: Store,
    catalogue: Catalogue,
    query: str,
    lang: str = "en",
    jurisdiction: str | None = None,
    kind: str | None = None,
    limit: int = 20,
) -> SearchResult:
    """Ranked hits for plain words, each with a highlighted snippet, its page and its official text."""
    text = query.strip()
    if not text or not _WORD.search(text):
        raise InvalidInput("q must contain at least one word")
    if len(text) > 200:
        raise InvalidInput(f"q is limited to 200 characters, got {len(text)}")
    if kind is not None and kind not in TYPES:
        from .errors import UnknownCode

        raise UnknownCode("type", kind, TYPES)
    place = catalogue.jurisdiction(jurisdiction) if jurisdiction else None
    where = Scope.of(catalogue, place.iri, dt.date.today()).candidates() | {place.iri} if place else None
    idx = index(store, catalogue, lang)
    terms = match_terms(text, lang)
    # what has every word comes first, then what has some, each group in BM25 order
    tiers = [" AND ".join(terms), " OR ".join(terms)] if len(terms) > 1 else terms
    rows: list[tuple[int, float, str, str]] = []
    seen: set[int] = set()
    for tier in tiers:
        fresh = [r for r in _ranked(idx, tier) if r[0] not in seen]
        seen.update(r[0] for r in fresh)
        rows += fresh
    hits: list[SearchHit] = []
    for rowid, rank, title, body in rows:
        doc = idx.docs[rowid]
        if kind and doc.type != kind:
            continue
        if where is not None and not (doc.places & where):
            continue
        hits.append(_hit(catalogue, doc, -rank, title, body, lang))
        if len(hits) >= limit:
            break
    suggestions = [] if hits else difflib.get_close_matches(text.lower(), idx.vocabulary, n=5, cutoff=0.75)
    return SearchResult(
        query=text,
        lang=lang,
        jurisdiction=jurisdiction_ref(catalogue, place.iri, lang) if place else None,
        type=kind,
        suggestions=suggestions,
        hits=hits,
    )


def _ranked(idx: Index, expression: str) -> list[tuple[int, float, str, str]]:
    with idx.lock:
        return idx.db.execute(
            "SELECT rowid, bm25(docs, ?, ?, ?, ?) AS rank, highlight(docs, 0, ?, ?), snippet(docs, -1, ?, ?, '…', 16) "
            "FROM docs WHERE docs MATCH ? ORDER BY rank",
            (*WEIGHTS.values(), OPEN, CLOSE, OPEN, CLOSE, expression),
        ).fetchall()


def _hit(catalogue: Catalogue, doc: Doc, score: float, title: str, body: str, lang: str) -> SearchHit:
    slug = doc.iri.removeprefix(DGID)
    label = doc.label or slug
    passage = body if OPEN in body or not title else title
    places = defaultdict(int, {p: 1 for p in doc.places if p in catalogue.entries})
    return SearchHit(
        iri=doc.iri,
        id=slug,
        type=doc.type,  # type: ignore[arg-type]
        label=label,
        snippet=marked(passage or label),
        score=round(score, 4),
        page=f"/id/{slug}",
        official_text=doc.official,
        instrument=ref(catalogue, doc.instrument, lang) if doc.instrument and doc.instrument != doc.iri else None,
        jurisdictions=[jurisdiction_ref(catalogue, p, lang) for p in sorted(places)],
    )


def marked(text: str) -> str:
    """FTS5's markers as <mark> around escaped text, so a snippet is safe to put in a page."""
    return html.escape(text).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
