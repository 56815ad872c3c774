"""The digest e-mail as a reader's mail client shows it: contrast, layout at 600 and 360 px in Chromium,
and a plain-text part that says what the HTML says.

The e-mail is the demo's own, written by `emptychair digest --format email`, as a department would get it.
"""

# `browser` is test_browser's fixture, imported: named as a parameter it looks like a redefinition.
# ruff: noqa: F811

from __future__ import annotations

import re
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route
from selectolax.lexbor import LexborHTMLParser

from ..axe import AXE, blocking_violations
from .test_browser import browser  # noqa: F401  (test_browser's module fixture: Debian's Chromium)

REPO = Path(__file__).resolve().parents[2]
WEEK, DEPARTMENT = "2026-W47", "operations"
WIDTHS = (600, 360)
SMALLEST_TEXT_PX = 12


@dataclass(frozen=True)
class Email:
    html: str
    text: str


@pytest.fixture(scope="module")
def digest_email(tmp_path_factory: pytest.TempPathFactory) -> Email:
    out = tmp_path_factory.mktemp("email")
    command = ["digest", "--week", WEEK, "--department", DEPARTMENT, "--format", "email", "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-m", "emptychair", *command],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    stem = out / f"digest-{WEEK}-{DEPARTMENT}"
    return Email(
        stem.with_suffix(".html").read_text(encoding="utf-8"),
        stem.with_suffix(".txt").read_text(encoding="utf-8"),
    )


def shown(browser: Browser, html: str, width: int) -> Page:
    """The e-mail as a client shows it: nothing loaded from outside, as most clients block it."""
    page = browser.new_page(viewport={"width": width, "height": 900})

    def refuse(route: Route) -> None:
        route.abort()

    page.route("**/*", refuse)
    page.set_content(html)
    return page


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_email_contrast_and_layout(browser: Browser, digest_email: Email, width: int, tmp_path: Path) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test`, which installs axe-core from npm (npm ci).")
    page = shown(browser, digest_email.html, width)
    try:
        problems = blocking_violations(page)
        assert not problems, f"e-mail at {width} px:\n" + "\n".join(problems)

        assert page.evaluate("document.documentElement.scrollWidth") <= width, "the e-mail scrolls sideways"
        body = page.locator(".wrapper").bounding_box()
        assert body is not None and body["width"] <= 600
        small = page.evaluate(
            """(least) => [...document.body.querySelectorAll('*')]
                .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
                .filter(e => parseFloat(getComputedStyle(e).fontSize) < least)
                .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40))""",
            SMALLEST_TEXT_PX,
        )
        assert not small, f"text under {SMALLEST_TEXT_PX} px at {width} px: {small}"
        cut = page.evaluate(
            """(width) => [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .map(e => e.tagName + '.' + e.className)""",
            width,
        )
        assert not cut, f"cut off at the right edge at {width} px: {cut}"

        screenshot = page.screenshot(full_page=True, path=tmp_path / f"email-{width}.png")
        shot_width, shot_height = png_size(screenshot)
        assert shot_width == width
        assert shot_height > 900, "the whole digest is in the screenshot, longer than one screen"
        # A page that drew nothing would be one colour: the screenshot has text and the wrapper's edge.
        assert len(set(screenshot[100:20_000])) > 64
    finally:
        page.close()


# Every run of letters or digits the e-mail shows, with the lines it is drawn on: a word drawn on two
# lines ("Custo" / "mer") is broken. Breaks at spaces, hyphens and other punctuation are where they belong.
BROKEN_WORDS = """() => {
    const broken = [];
    const walker = document.createTreeWalker(document.querySelector('.wrapper'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.textContent.matchAll(/[\\p{L}\\p{N}]+/gu)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[0] + ' in ' + node.parentElement.tagName);
        }
    }
    return broken;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_word_is_broken_across_lines(browser: Browser, digest_email: Email, width: int) -> None:
    page = shown(browser, digest_email.html, width)
    try:
        assert page.evaluate("document.querySelectorAll('.wrapper th').length") > 0, "no table to look at"
        broken = page.evaluate(BROKEN_WORDS)
        assert not broken, f"words broken across lines at {width} px: {broken}"
    finally:
        page.close()


def squeezed(text: str) -> str:
    return " ".join(text.split())


def test_plain_text_says_what_the_html_says(digest_email: Email) -> None:
    html = LexborHTMLParser(digest_email.html)
    text = digest_email.text
    flat = squeezed(text)

    for heading in html.css("h2"):
        assert squeezed(heading.text()).upper() in flat, f"section {heading.text()!r} is not in the text part"
    # Every link but the kind badges, which browse a category rather than say anything about the week.
    for link in html.css(".wrapper a[href]:not(.ec-kind)"):
        href = link.attributes["href"] or ""
        assert href in text, f"the text part lacks the link to {href} ({squeezed(link.text())!r})"
    for title in html.css("h3"):
        assert squeezed(title.text()) in flat
    for summary in html.css("article.ec-summary"):
        meta = squeezed(summary.css_first(".ec-summary__meta").text())
        for word in ("positive", "neutral", "negative"):
            if word in meta.split():
                title = squeezed(summary.css_first("h3").text())
                # A story may be named twice (waiting, then among the week's stories): one of them says it.
                entries = [flat[at : at + 400] for at in _occurrences(flat, title)]
                assert any(word in entry for entry in entries), (
                    f"the text part does not say {title!r} is {word}"
                )

    lines = {line.split(":")[0]: line for line in text.splitlines() if ":" in line}
    for row in html.css(".ec-figures tbody tr"):
        cells = [squeezed(cell.text()) for cell in row.css("td")]
        label, this_week, previous = cells[0], cells[1], cells[2]
        assert label in lines, f"the text part has no line for {label!r}"
        for value in (this_week, previous):
            plain = "-" if value == "\u2013" else value
            assert re.search(rf"(?<![\d.]){re.escape(plain)}(?![\d.])", lines[label]), (
                f"{label}: {value} is in the HTML, not in the text line {lines[label]!r}"
            )


def _occurrences(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while at != -1:
        found.append(at)
        at = text.find(part, at + 1)
    return found
