"""The web explorer in a real browser: lookup, assessment, comparison, timeline, SPARQL and entity pages.

Each test fills the forms and clicks as a person would, against the real
`dutygraph serve`, checks the expected duties appear, and saves a screenshot
into test-artifacts/. The `browse` fixture fails a test on any console error or
failed request.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

LOOKUP = "/?jurisdiction=FR&service=eu-online-platform&cond-accessible-to-minors=yes&date=2026-11-01"


def shot(page, artifacts, name: str, at: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """The top of the page (at most 2,400 px: answers run long), or the viewport at an element."""
    if at:
        page.locator(at).first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"ui-{name}.png"))
        return
    height = min(2400, page.evaluate("document.documentElement.scrollHeight"))
    page.screenshot(
        path=str(artifacts / f"ui-{name}.png"), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": height}
    )


def test_lookup_through_the_form_gives_a_shareable_answer(browse, artifacts):
    page, _ = browse
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which duties apply?")
    page.get_by_label("Jurisdiction").select_option("FR")
    page.get_by_label("Date", exact=True).fill("2026-11-01")  # the answer is pinned to a date
    page.locator("summary", has_text="Service categories").click()
    page.get_by_label("online platform (DSA)", exact=True).check()
    page.locator("summary", has_text="Conditions").click()
    page.get_by_role("group", name="accessible to minors", exact=True).get_by_label("holds", exact=True).check()
    page.get_by_role("button", name="Show duties").click()
    page.wait_for_url(re.compile(r"jurisdiction=FR"))

    duty = page.locator('[data-duty="duty-eu-dsa-art28-1"]')
    expect(duty).to_be_visible()
    expect(duty).to_contain_text("European Union")
    expect(duty).to_contain_text("Art. 28")  # the provision
    expect(duty.locator(".why")).to_contain_text("Applies through European Union (EU)")
    # the competent authority for this question: the DSC of the state of establishment (not given: Arcom if France)
    expect(duty.locator(".competent").get_by_role("link", name="Arcom")).to_be_visible()
    expect(duty.locator(".competent")).to_contain_text("Member State of main establishment")
    expect(duty.locator("details.evidence summary")).to_be_visible()  # the sources and notes, one click away
    expect(page.locator("section.law h3", has_text="Digital Services Act")).to_be_visible()
    # the state is in the URL, without the conditions left unknown
    assert "service=eu-online-platform" in page.url and "cond-accessible-to-minors=yes" in page.url
    assert "cond-hosts-pornography" not in page.url
    shot(page, artifacts, "lookup")
    shot(page, artifacts, "lookup-results", at="#results")

    page.goto(page.url)  # a shared link gives the same answer, form filled in
    expect(page.locator('[data-duty="duty-eu-dsa-art28-1"]')).to_be_visible()
    expect(page.get_by_label("Jurisdiction")).to_have_value("FR")


def test_french_labels_and_language_switch(browse, artifacts):
    page, _ = browse
    page.goto(LOOKUP + "&lang=fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quelles obligations s’appliquent ?")
    expect(page.get_by_label("Juridiction")).to_have_value("FR")
    duty = page.locator('[data-duty="duty-eu-dsa-art28-1"]')
    expect(duty).to_contain_text("Union européenne")
    expect(duty.locator(".badge")).to_have_text("s’applique")
    expect(page.get_by_role("navigation", name="Explorateur").get_by_role("link", name="Comparer")).to_be_visible()
    shot(page, artifacts, "lookup-fr")

    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which duties apply?")
    expect(page.locator('[data-duty="duty-eu-dsa-art28-1"]')).to_contain_text("European Union")
    page.get_by_role("link", name="Assess", exact=True).click()
    expect(page).to_have_url(re.compile(r"/explore/assess\?lang=en$"))


def test_accept_language_picks_french(browser, server_url):
    context = browser.new_context(
        base_url=server_url, locale="fr-FR", extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
    )
    page = context.new_page()
    page.goto("/explore/compare")
    page.get_by_label("Date", exact=True).fill("2026-11-01")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparer les juridictions")
    expect(page.get_by_role("columnheader", name="Royaume-Uni")).to_be_visible()
    expect(page.get_by_role("link", name="English")).to_be_visible()
    context.close()


def test_assessment_through_the_form_shows_threshold_reasoning(browse, artifacts):
    page, _ = browse
    page.goto("/explore/assess")
    page.get_by_label("Service name").fill("KidsTube")
    page.get_by_label("Date", exact=True).fill("2026-11-01")
    page.get_by_label("United Kingdom (GB)").check()
    page.get_by_label("France (FR)").check()
    page.get_by_label("Monthly active users in United Kingdom", exact=True).fill("12000000")
    page.get_by_label("Monthly active users in France", exact=True).fill("20000000")
    page.get_by_label("Monthly active users in the European Union").fill("48000000")
    for feature in ("social networking", "video sharing", "content recommender system", "known child users"):
        page.get_by_label(feature, exact=True).check()
    page.get_by_role("button", name="Assess", exact=True).click()
    page.wait_for_url(re.compile(r"name=KidsTube"))

    france = page.locator("#j-FR")
    expect(france.get_by_role("heading", level=2)).to_contain_text("France")
    expect(france.locator(".reasons")).to_contain_text("48,000,000 average monthly users in EU >= 45,000,000")
    expect(france.locator('[data-duty="duty-eu-dsa-art28-1"]')).to_be_visible()
    expect(france.locator('[data-duty="duty-eu-dsa-art34"]')).to_be_visible()  # a VLOP duty
    britain = page.locator("#j-GB")
    expect(britain.locator('[data-duty="duty-gb-osa-s12-highly-effective-age-assurance"]')).to_be_visible()
    shot(page, artifacts, "assess", at="#j-FR .reasons")

    page.get_by_role("link", name="Fill in the example profile").click()
    expect(page.get_by_label("Service name")).to_have_value("ExampleTube")
    expect(page.locator("section.jurisdiction")).to_have_count(4)


def test_comparison_through_the_form_links_each_duty(browse, artifacts):
    page, _ = browse
    page.goto("/explore/compare")
    page.get_by_label("Date", exact=True).fill("2026-11-01")
    expect(page.locator("table.matrix tbody tr")).to_have_count(13)  # every theme by default
    page.get_by_label("age assurance", exact=True).check()
    # nothing is pre-ticked: choosing three places gives three columns (not the six shown by default)
    expect(page.locator('input[name="jurisdiction"]:checked')).to_have_count(0)
    for place in ("United Kingdom", "France", "Australia"):
        page.get_by_label(place, exact=True).check()
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url(re.compile(r"theme=age-assurance"))

    expect(page.locator("table.matrix thead th[data-jurisdiction]")).to_have_count(3)
    row = page.locator('tr[data-theme="age-assurance"]')
    britain = row.locator('td[data-jurisdiction="GB"] [data-duty="duty-gb-osa-s12-highly-effective-age-assurance"]')
    expect(britain).to_be_visible()
    expect(row.locator('td[data-jurisdiction="FR"] [data-duty="duty-eu-dsa-art28-1"]')).to_contain_text("via EU")
    australia = row.locator('td[data-jurisdiction="AU"] [data-duty="duty-au-osa-s63d-prevent-under-16-accounts"]')
    expect(australia).to_be_visible()
    shot(page, artifacts, "compare")

    britain.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/id/duty-gb-osa-s12-highly-effective-age-assurance"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Use highly effective age assurance against primary priority content"
    )
    graph = page.locator("figure.neighbourhood svg")
    expect(graph).to_be_visible()
    expect(graph.locator("a.node", has_text="Ofcom")).to_have_count(1)
    shot(page, artifacts, "entity-duty")


def test_timeline_filters_by_jurisdiction(browse, artifacts):
    page, _ = browse
    page.goto("/explore/timeline")
    page.get_by_label("Jurisdiction").select_option("GB")
    page.get_by_label("From", exact=True).fill("2020-01-01")
    page.get_by_role("button", name="Show timeline").click()
    page.wait_for_url(re.compile(r"jurisdiction=GB"))
    expect(page.locator("figure.chart svg circle").first).to_be_visible()
    enforcement = page.locator('li[data-kind="enforcement"]')
    expect(enforcement.filter(has_text="Ofcom").first).to_be_visible()
    expect(page.locator('li[data-kind="enforcement"]', has_text="Arcom")).to_have_count(0)  # France's regulator
    shot(page, artifacts, "timeline")


def test_sparql_editor_runs_an_example_and_offers_downloads(browse, artifacts):
    page, _ = browse
    page.goto("/explore/sparql")
    expect(page.locator(".CodeMirror")).to_be_visible()  # the vendored editor loaded, offline
    page.get_by_label("Example query").select_option("vlop-duties.rq")
    expect(page.locator(".CodeMirror")).to_contain_text("dgid:eu-vlop")
    page.get_by_role("button", name="Run query").click()
    table = page.locator("#sparql-table table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text(re.compile(r"^\d+ rows$"))
    expect(table.locator("thead th")).to_have_text(["duty", "citation", "bearer"])
    assert table.locator("tbody tr").count() > 10
    expect(table.get_by_role("link", name="dgid:duty-eu-dsa-art28-1").first).to_have_attribute(
        "href", "/id/duty-eu-dsa-art28-1"
    )

    href = page.locator("#download-csv").get_attribute("href")
    assert href and "format=csv" in href and "eu-vlop" in href
    answer = page.request.get(href)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.text().splitlines()[0].split(",") == ["duty", "citation", "bearer"]
    shot(page, artifacts, "sparql")


def test_bad_input_is_a_message_with_status_400(browse, artifacts):
    page, problems = browse
    for url, message in [
        ("/?jurisdiction=ZZ", "unknown jurisdiction 'ZZ'"),
        ("/?jurisdiction=FR&date=2024-13-45", "'date' must be an ISO date"),
        ("/?jurisdiction=FR&date=1767225600", "'date' must be an ISO date"),
        ("/?jurisdiction=FR&cond-accessible-to-minors=maybe", "must be yes, no or empty"),
        ("/explore/assess?name=X&country=GB&users-GB=lots", "must be a whole number"),
        ("/explore/assess?name=X", "Choose at least one country"),
        ("/explore/compare?jurisdiction=XX", "unknown jurisdiction 'XX'"),
        ("/explore/timeline?from=yesterday", "'from' must be an ISO date"),
        ("/explore/timeline?from=2025-01-01&to=2024-01-01", "is before"),
    ]:
        response = page.goto(url)
        assert response is not None and response.status == 400, url
        expect(page.get_by_role("alert")).to_contain_text(message)
        expect(page.locator("form.query")).to_be_visible()  # the form stays, to correct
    shot(page, artifacts, "bad-input")
    problems.clear()  # the browser reports the 400 documents themselves; nothing else went wrong
