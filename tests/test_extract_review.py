"""The review of candidates: the terminal table and the offline HTML page, opened in a real
headless Chromium (every non-``file:`` request refused and counted; no script may run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_text import MARKUP_INJECTIONS

CHROMIUM = Path("/usr/bin/chromium")
DATA = Path(__file__).parent / "data" / "extract"
HOSTILE = "\n".join(
    [
        "Diazepam causes drowsiness. <script>alert(1)</script> Diazepam is a benzodiazepine.",
        '<img src="https://example.org/x.png" onerror="alert(2)"> <link rel="stylesheet" href="http://example.org/s.css">',
        "Diazepam is not an antidepressant. </pre></td><script>alert(3)</script>",
        *MARKUP_INJECTIONS,
    ]
)


@pytest.fixture
def hostile_page(cli, tmp_path: Path) -> Path:
    source = tmp_path / "hostile <b>name<i>.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    page = tmp_path / "review.html"
    result = cli("extract", str(source), "--format", "html", "-o", str(page), "-q")
    assert result.code == 0, result.err
    return page


def test_page_escapes_the_text(hostile_page: Path) -> None:
    html = hostile_page.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<img" not in html and "<link" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "default-src 'none'" in html


@pytest.mark.browser
def test_page_offline_and_inert_in_chromium(hostile_page: Path) -> None:
    if not CHROMIUM.is_file():
        pytest.skip(f"headless Chromium is not installed at {CHROMIUM} (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    remote: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            context = browser.new_context()

            def route(route) -> None:
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    remote.append(route.request.url)
                    route.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(hostile_page.as_uri())
            page.wait_for_load_state("load")
            shown = page.inner_text("pre.text")
            assert shown == HOSTILE
            assert page.evaluate("document.querySelectorAll('script, img, link, iframe, object, embed').length") == 0
            marked = page.evaluate("Array.from(document.querySelectorAll('pre.text mark')).map(m => m.textContent)")
            assert {"Diazepam", "drowsiness", "benzodiazepine", "antidepressant"} <= set(marked)
            cells = page.evaluate("Array.from(document.querySelectorAll('td.neg')).map(td => td.textContent)")
            assert cells == ["not"]
            assert "hostile <b>name<i>.txt" in page.inner_text("h2")
        finally:
            browser.close()
    assert (remote, errors, dialogs) == ([], [], [])
