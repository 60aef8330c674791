"""Taking an answer away from the pages: the register downloads (opened and checked) and the printout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

COLUMNS = ["id", "jurisdiction", "duty", "requirement", "citation", "official text", "bearer", "competent authority"]
PAGES = {
    "lookup": "/?jurisdiction=FR&service=eu-online-platform&cond-accessible-to-minors=yes&date=2026-11-01",
    "assess": "/explore/assess?name=KidsTube&country=FR&country=GB&users-EU=48000000&feature=social-network"
    "&date=2026-11-01",
    "compare": "/explore/compare?theme=age-assurance&jurisdiction=GB&jurisdiction=FR&date=2026-11-01",
}


@pytest.mark.parametrize("page_name", list(PAGES))
def test_each_answer_downloads_as_csv_and_xlsx(browse, page_name: str, tmp_path: Path):
    page, _ = browse
    page.goto(PAGES[page_name])
    shown = page.locator("[data-duty][data-verdict]").evaluate_all("els => els.map(e => e.dataset.duty)")
    assert shown, "the page shows duties"
    with page.expect_download() as got:
        page.locator('a[data-export="csv"]').first.click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    assert path.suffix == ".csv"
    table = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    assert table[0][: len(COLUMNS)] == COLUMNS and len(table) > 1
    assert {r[0] for r in table[1:]} <= set(shown) | {r[0] for r in table[1:] if r[10] == "exempt"}
    with page.expect_download() as got:
        page.locator('a[data-export="xlsx"]').first.click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    book = load_workbook(path)
    register = list(book["Register"].iter_rows(values_only=True))
    assert list(register[0])[: len(COLUMNS)] == COLUMNS
    assert [r[0] for r in register[1:]] == [r[0] for r in table[1:]]
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Date of the answer"] == "2026-11-01" and "format=" not in about["Source"]


def test_a_printed_answer_keeps_its_date_and_address_and_drops_the_form(browse, artifacts):
    page, _ = browse
    page.goto(PAGES["lookup"])
    page.emulate_media(media="print")
    meta = page.locator(".print-meta").first
    expect(meta).to_be_visible()
    expect(meta).to_contain_text("2026-11-01")
    expect(meta).to_contain_text("jurisdiction=FR")
    expect(page.locator("form.query")).to_be_hidden()
    expect(page.locator(".take-away").first).to_be_hidden()
    page.pdf(path=str(artifacts / "ui-lookup-print.pdf"))
    page.emulate_media(media="screen")
    expect(page.locator(".print-meta").first).to_be_hidden()
