"""The HTML report in a real browser: headless Chromium driven by Playwright.

It loads with no console errors and makes no network request, the filters work, a hostile
document's payloads never run, and a screenshot is saved to bench/out/ for a human to look at.

Needs Playwright for Python and a Chromium binary (Debian's `chromium`; never the browsers that
`playwright install` downloads). Without them the tests skip with the reason; CI runs
`.ci/browser-setup.sh` and sets TIPCHECK_REQUIRE_BROWSER=1, which turns the skip into a failure.
TIPCHECK_CHROMIUM overrides the browser path.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tipcheck
from _sample import hostile_report, sample_report
from tipcheck.report.formats import render
from tipcheck.report.model import Report

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "bench" / "out"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str | None:
    override = os.environ.get("TIPCHECK_CHROMIUM")
    if override:  # an explicit path is used or reported missing, never silently replaced
        return override if Path(override).exists() else None
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _unavailable() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install playwright; see .ci/browser-setup.sh)"
    if _chromium() is None:
        where = os.environ.get("TIPCHECK_CHROMIUM") or "/usr/bin/chromium"
        return f"no Chromium at {where} (apt-get install -y chromium, or set TIPCHECK_CHROMIUM)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _unavailable()
    if reason:
        if os.environ.get("TIPCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TIPCHECK_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=_chromium(), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Page:
    """A page with the report loaded and everything worth asserting on recorded."""

    def __init__(self, browser: Any, report: Report, tmp_path: Path, name: str) -> None:
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        path = tmp_path / f"{name}.html"
        path.write_text(render(report, "html"), encoding="utf-8")
        self.url = path.as_uri()
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda m: self.console.append(f"{m.type}: {m.text}") if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", self._request)
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request: Any) -> None:
        if request.url != self.url:
            self.requests.append(request.url)

    def visible(self) -> int:
        return int(self.page.locator("article.finding:visible").count())

    def close(self) -> None:
        self.context.close()


def test_report_loads_and_filters_work(browser: Any, tmp_path: Path) -> None:
    report = sample_report()
    p = Page(browser, report, tmp_path, "sample")
    try:
        page = p.page
        assert p.visible() == len(report.findings) == 4
        page.click('button[data-filter="kind"][data-value="drift"]')
        assert p.visible() == 1
        assert page.inner_text("#shown") == "1"
        assert (
            page.get_attribute('button[data-filter="kind"][data-value="drift"]', "aria-pressed")
            == "true"
        )
        page.click('button[data-filter="kind"][data-value=""]')
        page.click('button[data-filter="severity"][data-value="error"]')
        assert p.visible() == 2
        page.select_option("#doc-filter", "sub/c.md")
        assert p.visible() == 1
        assert page.locator("article.finding:visible").get_attribute("data-kind") == "arithmetic"
        page.select_option("#doc-filter", "b.txt")
        assert p.visible() == 1  # the contradiction's second side is in b.txt
        page.click('button[data-filter="severity"][data-value=""]')
        assert p.visible() == 3
        # A disputed timeline point links to its finding, and reveals it if a filter hid it.
        page.click('button[data-filter="kind"][data-value="arithmetic"]')
        assert p.visible() == 0
        page.locator("svg.timeline a").first.dispatch_event("click")
        page.wait_for_function(
            "document.querySelectorAll('article.finding:not([hidden])').length > 0"
        )
        assert page.evaluate("location.hash").startswith("#f-")
        assert page.locator(page.evaluate("location.hash")).is_visible()
        page.click('button[data-filter="kind"][data-value=""]')
        page.evaluate("window.scrollTo(0, 0)")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "html-report.png"), full_page=True)
        page.screenshot(path=str(tmp_path / "html-report.png"), full_page=True)
        assert (SHOTS / "html-report.png").stat().st_size > 10_000
        assert p.console == [], p.console
        assert p.requests == [], p.requests
    finally:
        p.close()


def test_hostile_payloads_never_run(browser: Any, tmp_path: Path) -> None:
    p = Page(browser, hostile_report(), tmp_path, "hostile")
    try:
        page = p.page
        page.wait_for_timeout(300)  # let any (wrongly) injected onerror/onload handler fire
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img").count() == 0
        assert page.locator("main script").count() == 0
        assert page.locator('a[href^="javascript:"]').count() == 0
        assert page.locator("[onerror], [onload]").count() == 0
        # The payloads are on the page as text a reader can see.
        body = page.inner_text("body")
        assert "<script>window.__pwned = 1; alert(1)</script>" in body
        assert '"><img src=x onerror=' in body
        # Clicking the payload text does nothing either.
        page.get_by_text("[click me](javascript:window.__pwned=3)").first.click()
        page.click('button[data-filter="kind"][data-value="drift"]')
        assert p.visible() == 1
        page.wait_for_timeout(100)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert p.dialogs == []
        assert p.console == [], p.console
        assert p.requests == [], p.requests
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "html-report-hostile.png"), full_page=True)
    finally:
        p.close()


def test_report_of_the_seed_fixtures(browser: Any, tmp_path: Path) -> None:
    """The report of the repository's own fixtures, once the engine (tipcheck.check) exists."""
    check = getattr(tipcheck, "check", None)
    seeds = ROOT / "fixtures" / "seeds"
    if check is None or not seeds.is_dir():
        pytest.skip("tipcheck.check or fixtures/seeds is not available in this checkout")
    report = check([str(seeds)])
    p = Page(browser, report, tmp_path, "seeds")
    try:
        assert p.visible() == len(report.findings)
        assert p.console == [], p.console
        assert p.requests == [], p.requests
        SHOTS.mkdir(parents=True, exist_ok=True)
        p.page.screenshot(path=str(SHOTS / "html-report-seeds.png"), full_page=True)
    finally:
        p.close()
