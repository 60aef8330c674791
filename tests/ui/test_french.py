"""The French interface is complete: dictionary order for labels, the example queries' titles,
the EU written "UE". Read over HTTP from the real server; the sort checked on the shipped catalogue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from dutygraph.api.collation import collation_key
from dutygraph.api.routes.pages import choices

ROOT = Path(__file__).resolve().parents[2]
FRENCH = json.loads((ROOT / "api" / "static" / "i18n" / "fr.json").read_text(encoding="utf-8"))


def test_collation_ignores_accents_and_case():
    words = ["évaluation", "Zèbre", "âge", "arbre", "Œuvre", "ordre", "école"]
    assert sorted(words, key=collation_key) == ["âge", "arbre", "école", "évaluation", "Œuvre", "ordre", "Zèbre"]


def test_french_themes_are_in_dictionary_order(catalogue):
    themes = [o.label for o in choices(catalogue, "fr").themes]
    assert themes[0] == "âge minimal pour les comptes"  # not last, as by code point
    assert themes.index("évaluation des risques") < themes.index("images sexuelles synthétiques")
    assert themes == sorted(themes, key=collation_key)
    headings = [h for h, _ in choices(catalogue, "fr").categories if h]
    assert headings.index("États-Unis") < headings.index("France")


def test_every_example_query_has_a_french_title(http: httpx.Client):
    names = sorted(p.name for p in (ROOT / "examples").glob("*.rq"))
    assert [n for n in names if f"example:{n}" not in FRENCH] == []
    page = http.get("/explore/sparql", params={"lang": "fr"}).text
    titles = dict((n, t) for t, n in re.findall(r">([^<>]+) \(([\w-]+\.rq)\)</option>", page))
    assert titles["applicable-duties-fr.rq"] == (
        "Quelles obligations s’appliquent en France aujourd’hui, et par quelle juridiction ?"
    )
    assert set(titles) == set(names)


def test_the_eu_is_ue_in_french(http: httpx.Client):
    page = http.get("/", params={"lang": "fr"}).text
    assert re.search(r">Union européenne \(UE\)</option>", page)
    assert "(EU)</option>" not in page
    assert re.search(r">European Union \(EU\)</option>", http.get("/", params={"lang": "en"}).text)
