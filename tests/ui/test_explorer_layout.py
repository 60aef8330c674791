"""No page is wider than the screen, on a desktop (1366 px) or a phone (390 px), in either language.

Each page's document.documentElement.scrollWidth is measured against the viewport,
and a screenshot of its top (2,400 px at most) is saved as test-artifacts/layout-*.png.
"""

from __future__ import annotations

import pytest
from pages import LANGS, PAGES, WIDTHS, name, with_lang


@pytest.fixture(scope="module", params=list(WIDTHS))
def screen(request, browser, server_url):  # type: ignore[no-untyped-def]
    width = WIDTHS[request.param]
    context = browser.new_context(base_url=server_url, viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    yield request.param, width, context.new_page()
    context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_page_is_no_wider_than_the_screen(screen, artifacts, url, lang):
    label, width, page = screen
    response = page.goto(with_lang(url, lang))
    assert response is not None and response.status in (200, 404)
    page.wait_for_load_state("load")
    wide = page.evaluate("document.documentElement.scrollWidth")
    height = min(2400, page.evaluate("document.documentElement.scrollHeight"))
    page.screenshot(
        path=str(artifacts / f"layout-{name(url, lang, label)}.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": width, "height": height},
    )
    if wide > width:  # name what sticks out, to say what to fix
        culprits = page.evaluate(
            """(w) => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1
                 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))
                 .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 40))""",
            width,
        )
        pytest.fail(f"{url} ({lang}) is {wide} px wide on a {width} px screen: {culprits}")
