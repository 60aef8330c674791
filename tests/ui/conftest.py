"""A real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against the real server.

Playwright's own browser download does not work here, so the tests use the system
Chromium; when it is missing they fail saying how to install it, never skip.
Every page a test opens records console errors, uncaught exceptions and failed
requests; `browse` asserts there were none when the test ends.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("DUTYGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Problems:
    """What went wrong in the browser while a test ran."""

    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def watch(self, page) -> None:  # type: ignore[no-untyped-def]
        page.on("console", lambda m: m.type == "error" and self.console.append(f"{m.text} ({m.location.get('url')})"))
        page.on("pageerror", lambda e: self.console.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.method} {r.url}: {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))

    def clear(self) -> None:
        self.console.clear()
        self.failed.clear()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not executable:
        pytest.fail(
            f"Chromium is not installed ({CHROMIUM}, nor `chromium` on PATH): the web explorer tests "
            "need it; install it with `apt-get install chromium` (.ci/run does)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def browse(browser, server_url: str) -> Iterator[tuple[object, Problems]]:  # type: ignore[no-untyped-def]
    """A fresh English page on the real server; fails the test on any console error or failed request."""
    context = browser.new_context(
        base_url=server_url,
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = Problems()
    problems.watch(page)
    yield page, problems
    context.close()
    assert not problems.console, f"console errors: {problems.console}"
    assert not problems.failed, f"failed requests: {problems.failed}"
