"""The SPARQL page links only http(s) IRIs from a result: a `javascript:` IRI is shown as text."""

from __future__ import annotations

from playwright.sync_api import expect

QUERY = (
    "SELECT ?x WHERE { VALUES ?x { <javascript:alert(document.domain)> <data:text/html,hi> "
    "<https://w3id.org/dutygraph/id/ofcom> <http://example.org/a> } }"
)


def test_only_http_links_are_rendered_from_results(browse):  # type: ignore[no-untyped-def]
    page, _ = browse
    page.goto("/explore/sparql")
    expect(page.locator(".CodeMirror")).to_be_visible()
    page.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", QUERY)
    page.get_by_role("button", name="Run query").click()
    table = page.locator("#sparql-table table")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table).to_contain_text("javascript:alert(document.domain)")
    hrefs = table.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(hrefs) == ["/id/ofcom", "http://example.org/a"]
