"""The /id/ pages read as pages for people: plain headings in both languages, a duty's facts first,
official links apart from other sources, and the graph's own terms one click away in the RDF view."""

from __future__ import annotations

import json
from pathlib import Path

from dutygraph.api.entity_view import HEADINGS, INCOMING, VERIFICATION
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
DUTY = "/id/duty-eu-dsa-art28-1"
FACTS_EN = [
    "What it requires",
    "Who bears it",
    "Where it applies",
    "Applies from",
    "Only when",
    "Not when",
    "Exemption lifted for",
    "Who enforces it",
    "Legal status",
    "Provision",
    "Citation",
    "How it was checked",
    "Checked on",
]


def test_a_duty_page_leads_with_its_facts_in_plain_words(browse, artifacts):
    page, _ = browse
    page.goto(DUTY)
    facts = page.locator("section[aria-labelledby=facts] dt")
    expect(facts).to_have_text(FACTS_EN)
    row = page.locator("dl.entity-facts > div", has=page.locator("dt", has_text="Who bears it"))
    expect(row.locator("dd")).to_have_text("online platform (DSA)")  # a label, not dgid:eu-online-platform
    checked = page.locator("dl.entity-facts > div", has=page.locator("dt", has_text="How it was checked"))
    expect(checked.locator("dd")).to_have_text("checked against the official text")
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:3] == ["Key facts", "Official source", "Notes"], headings
    official = page.locator("section[aria-labelledby=sources] ul").first.get_by_role("link")
    expect(official).to_have_count(1)
    expect(official).to_have_attribute("href", "http://data.europa.eu/eli/reg/2022/2065/art_28/oj")
    # no RDF term on the page until the reader opens the RDF view
    visible = page.locator("main").inner_text()
    assert "dg:bearer" not in visible and "skos:editorialNote" not in visible and "pav:retrievedOn" not in visible
    page.get_by_text("RDF view: every statement, in the graph's own terms").click()
    expect(
        page.locator("details.rdf-view table.statements").first.get_by_role("link", name="dg:bearer")
    ).to_be_visible()
    page.screenshot(path=str(artifacts / "ui-entity-duty-reader.png"), full_page=True)


def test_the_same_page_in_french(browse):
    page, _ = browse
    page.goto(DUTY + "?lang=fr")
    facts = page.locator("section[aria-labelledby=facts] dt")
    expect(facts.first).to_have_text("Ce qui est exigé")
    expect(page.locator("dt", has_text="Qui en a la charge")).to_be_visible()
    expect(page.locator("dt", has_text="Date de vérification")).to_be_visible()
    expect(page.get_by_role("heading", name="Notes")).to_be_visible()
    expect(page.get_by_role("heading", name="Source officielle")).to_be_visible()
    checked = page.locator("dl.entity-facts > div", has=page.get_by_text("Vérification", exact=True))
    expect(checked.locator("dd")).to_have_text("vérifiée sur le texte officiel")


def test_other_sources_are_not_called_official(browse):
    page, _ = browse
    page.goto("/id/fr")  # France is sourced from a mapping table, not an official text
    expect(page.get_by_role("heading", name="Official source")).to_have_count(0)
    expect(page.get_by_role("heading", name="Sources", exact=True)).to_be_visible()
    page.goto("/id/ofcom")
    if page.get_by_role("heading", name="Official source").count():
        links = page.locator("section[aria-labelledby=sources] ul").first.get_by_role("link").all()
        assert all("wikidata" not in (a.get_attribute("href") or "") for a in links)


def test_every_plain_heading_has_french():
    french = json.loads((ROOT / "api" / "static" / "i18n" / "fr.json").read_text(encoding="utf-8"))
    texts = {*HEADINGS.values(), *INCOMING.values(), *VERIFICATION.values()}
    assert sorted(t for t in texts if t not in french) == []
