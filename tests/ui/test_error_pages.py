"""A browser that follows a mistyped address gets an HTML page in the site's layout and language;
an API client asking the same keeps its problem+json."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

MISTYPED = ["/id/ofcomm", "/explore/comparre", "/laws/eu-dsx", "/nothing-here"]


@pytest.mark.parametrize("url", MISTYPED)
def test_a_mistyped_address_shows_an_html_404_page(browse, artifacts, url):
    page, problems = browse
    response = page.goto(url)
    assert response is not None and response.status == 404
    assert response.headers["content-type"].startswith("text/html")
    expect(page.get_by_role("heading", level=1)).to_have_text("This page does not exist")
    expect(page.get_by_role("navigation", name="Explorer")).to_be_visible()  # the site's layout
    expect(page.get_by_role("alert")).to_contain_text("404")
    expect(page.get_by_role("link", name="look up which duties apply in a country")).to_be_visible()
    if url == MISTYPED[0]:
        page.screenshot(path=str(artifacts / "ui-error-404.png"))
    problems.clear()  # the 404 itself is what is under test


def test_the_error_page_speaks_french(browse, artifacts):
    page, problems = browse
    response = page.goto("/id/ofcomm?lang=fr")
    assert response is not None and response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cette page n’existe pas")
    expect(page.get_by_role("link", name="English")).to_be_visible()
    page.screenshot(path=str(artifacts / "ui-error-404-fr.png"))
    problems.clear()


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/turtle"])
def test_api_clients_keep_problem_json(server_url, accept):
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(server_url + "/id/ofcomm", headers=headers)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
