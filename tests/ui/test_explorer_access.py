"""Accessibility of every explorer page, checked in the browser: labels, landmarks, headings,
keyboard use, visible focus and colour contrast (WCAG 2.1 AA ratios), plus the French catalogue.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "/",
    "/?jurisdiction=FR&service=eu-online-platform&cond-accessible-to-minors=yes&date=2026-11-01",
    "/explore/assess?name=KidsTube&country=FR&country=IE&users-EU=48000000&feature=social-network&date=2026-11-01",
    "/explore/compare?theme=age-assurance&date=2026-11-01",
    "/explore/timeline?jurisdiction=GB&from=2016-01-01&to=2027-12-31",
    "/explore/sparql",
    "/id/ofcom",
    "/id/duty-eu-dsa-art28-1?lang=fr",
    "/id/provider-tiktok",
    "/explore/provider-duties?provider=provider-aylo&jurisdiction=FR&date=2026-11-01&service=Pornhub",
    "/explore/provider-duties?provider=provider-google&jurisdiction=GB&date=2026-11-01&lang=fr",
]

# audit.js is one arrow function after its comment lines
AUDIT = "\n".join(
    line
    for line in (Path(__file__).parent / "audit.js").read_text(encoding="utf-8").splitlines()
    if not line.startswith("//")
)


@pytest.mark.parametrize("url", PAGES)
def test_page_is_labelled_structured_and_legible(browse, url):
    page, _ = browse
    response = page.goto(url)
    assert response is not None and response.status == 200
    found = page.evaluate(AUDIT)
    assert found["unlabelled"] == [], f"form controls without a label on {url}"
    assert found["duplicateIds"] == [], f"ids used twice on {url} (labels and anchors would point astray)"
    assert found["h1"] == 1 and found["firstHeading"] == 1, f"{url}: one h1, first"
    assert found["headings"] == [], f"{url}: heading levels skipped"
    assert all(found["landmarks"][k] >= 1 for k in ("header", "nav", "main", "footer")), found["landmarks"]
    assert found["lowContrast"] == [], f"{url}: text below WCAG AA contrast"
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^(en|fr)$"))
    expect(page.locator("a.lang-switch")).to_be_visible()  # the language switch is on every page


def test_keyboard_reaches_the_form_with_a_visible_focus(browse):
    page, _ = browse
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    # from the main landmark, the keyboard reaches the jurisdiction select and submits the lookup
    page.get_by_label("Jurisdiction").focus()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "focus must be visible"
    page.keyboard.press("ArrowDown")  # pick the first jurisdiction without a mouse
    page.get_by_role("button", name="Show duties").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"jurisdiction="))
    expect(page.locator("#results h2")).to_be_visible()


def test_sparql_editor_does_not_trap_the_keyboard(browse):
    page, _ = browse
    page.goto("/explore/sparql")
    page.locator(".CodeMirror [contenteditable=true]").focus()  # the editor's input (inputStyle contenteditable)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "format"


def test_every_interface_text_has_a_french_translation():
    templates = ROOT / "api" / "templates"
    texts = set()
    for path in [*templates.glob("*.html"), ROOT / "api" / "routes" / "pages.py"]:
        source = path.read_text(encoding="utf-8")
        texts |= set(re.findall(r"""\b(?:t\(|translate\(lang,)\s*"((?:[^"\\]|\\.)+)"[,)]""", source))
        texts |= set(re.findall(r"""\bt\(\s*'((?:[^'\\]|\\.)+)'[,)]""", source))
    french = json.loads((ROOT / "api" / "static" / "i18n" / "fr.json").read_text(encoding="utf-8"))
    assert len(texts) > 100, "the pattern no longer finds the interface texts"
    missing = sorted(t for t in texts if t not in french and t not in {"SPARQL", "API"})
    assert not missing, f"interface texts without French: {missing}"
    coded = {
        "status": ["applies", "conditional", "upcoming", "pending", "not-in-force", "exempt", "ended"],
        "route": ["direct", "within", "membership", "transition"],
        "kind": ["duty-starts", "duty-ends", "enforcement", "cooperation"],
    }
    for prefix, codes in coded.items():
        for code in codes:
            assert f"{prefix}:{code}" in french, f"{prefix}:{code}"
