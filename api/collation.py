"""Sorting labels as a reader expects in English and French: accents and case do not move a word.

Python's default order puts "âge minimal" and "évaluation" after "z" (by code point).
`collation_key` compares the letters without their accents first (NFKD, combining
marks dropped, ligatures spelt out, case folded), then the exact text, so the order
is stable. It is not full Unicode collation (ICU's is not in the Python standard
library; PyICU would need a compiled ICU), but for the Latin-script labels of the
graph it gives the dictionary order.
"""

from __future__ import annotations

import unicodedata

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'"})


def collation_key(text: str) -> tuple[str, str]:
    folded = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    bare = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return bare, text
