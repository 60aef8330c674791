"""/docs (Swagger UI) works with the network cut: every request outside the server is blocked and
counted, and the operations must still render from the project's own static files."""

from __future__ import annotations

from playwright.sync_api import expect


def test_api_docs_render_with_external_requests_blocked(browse, server_url, artifacts):
    page, _ = browse
    external: list[str] = []

    def only_loopback(route):  # type: ignore[no-untyped-def]
        if route.request.url.startswith(server_url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    response = page.goto("/docs")
    assert response is not None and response.status == 200
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 26
    lookup = page.locator("#operations-jurisdictions-lookupDuties")
    expect(lookup).to_contain_text("/jurisdictions/{code}/duties")
    lookup.locator(".opblock-summary").click()
    expect(lookup.locator(".responses-table")).to_contain_text("application/problem+json")
    assert external == [], f"/docs asked for outside resources: {external}"
    page.screenshot(path=str(artifacts / "ui-docs-offline.png"))
