"""axe-core (the engine shipped in the PyPI package axe-playwright-python) finds no serious or critical
accessibility violation on any page, in either language, at desktop and phone widths; nor duplicate
landmarks, whatever their impact.
"""

from __future__ import annotations

from importlib.resources import files

import pytest
from pages import LANGS, PAGES, WIDTHS, with_lang

AXE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
ALWAYS = {"landmark-unique", "landmark-no-duplicate-main", "landmark-no-duplicate-banner", "target-size"}
RUN = """async (tags) => (await axe.run(document, {resultTypes: ["violations"], runOnly: {type: "tag", values: tags}}))
  .violations.map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}))"""


@pytest.fixture(scope="module", params=list(WIDTHS))
def screen(request, browser, server_url):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=server_url, viewport={"width": WIDTHS[request.param], "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_axe_finds_no_serious_violation(screen, url, lang):
    page = screen
    response = page.goto(with_lang(url, lang))
    assert response is not None and response.status in (200, 404)
    page.wait_for_load_state("load")
    page.add_script_tag(content=AXE)
    found = page.evaluate(RUN, TAGS)
    bad = [v for v in found if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS]
    assert bad == [], f"{url} ({lang}): {bad}"
