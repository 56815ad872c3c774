"""Story bodies are Markdown; whatever the converter makes of them, nothing in the HTML can run."""

from __future__ import annotations

import markdown
import pytest
from emptychair.publishing.rendering import StoryRenderer
from emptychair.site.renderer import markdown_text
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser

from ..hostile_site import STYLES

EXTENSIONS = ("attr_list", "tables", "toc", "admonition", "fenced_code")


def render(source: str) -> LexborHTMLParser:
    html, _ = StoryRenderer(lambda src_uri, target: None, EXTENSIONS).render("2026/w47/x.md", source)
    return LexborHTMLParser(html)


@pytest.mark.parametrize(
    "markdown",
    [
        "[track it](javascript:alert(1))",
        "[track it](JaVaScRiPt:alert(1))",
        "[track it](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[track it](jav&#x09;ascript:alert(1))",
        "<javascript:alert(1)>",
        '<a href="vbscript:msgbox(1)">track it</a>',
        "![parcel](javascript:alert(1))",
    ],
)
def test_links_with_script_urls_lose_their_address(markdown: str) -> None:
    tree = render(markdown)
    addresses = [
        node.attributes.get("href") or node.attributes.get("src") for node in tree.css("[href], [src]")
    ]
    assert addresses == [], addresses


@pytest.mark.parametrize(
    ("markdown", "kept"),
    [
        ('A paragraph\n{: onclick="alert(1)" onmouseover="alert(2)" }', {}),
        ('A paragraph\n{: style="position:fixed;inset:0" .warning }', {"class": "warning"}),
        ("A paragraph\n{: .md-dialog .md-dialog--active .ec-banner }", {}),
        ("A paragraph\n{: .md-banner .note }", {"class": "note"}),
        ("A paragraph\n{: #__config }", {}),
        ("A paragraph\n{: #__search }", {}),
        ("A paragraph\n{: #delivery-notes }", {"id": "delivery-notes"}),
        ('[link](https://example.test/){ onfocus="alert(1)" autofocus target=_top }', {}),
        ('![x](https://example.test/x.png){ onerror="alert(1)" }', {}),
    ],
)
def test_attribute_lists_keep_only_harmless_attributes(markdown: str, kept: dict[str, str]) -> None:
    element = render(markdown).css_first("p > *") or render(markdown).css_first("p")
    assert element is not None
    attributes = {
        name: value for name, value in element.attributes.items() if name not in {"href", "src", "alt", "rel"}
    }
    assert attributes == kept


def test_raw_html_cannot_borrow_the_themes_classes() -> None:
    tree = render(
        '<div class="md-dialog md-dialog--active">Your session expired: sign in</div>\n\n'
        '<p class="md-banner ec-attention admonition">Click <a class="md-button" href="https://x.test/">here</a></p>'
    )
    classes = [node.attributes.get("class") for node in tree.css("[class]")]
    assert classes == ["admonition"], classes


def test_a_heading_attribute_list_cannot_add_a_handler() -> None:
    heading = render('## What happened { onclick="alert(1)" #__drawer }').css_first("h2")
    assert heading is not None
    assert dict(heading.attributes) == {}


def test_headings_keep_their_ids_for_links_within_the_story() -> None:
    tree = render("## What happened\n\nThe van was late.")
    heading = tree.css_first("h2")
    assert heading is not None and heading.attributes.get("id") == "what-happened"


@pytest.mark.parametrize(
    "text", [style.replace("{m}", "__pwned") for style in STYLES] + ["Harbour & Pine, `x` [y](z)"]
)
@pytest.mark.parametrize("flavour", ["Python-Markdown", "CommonMark"])
def test_text_in_a_markdown_digest_reads_as_written_in_any_flavour(text: str, flavour: str) -> None:
    source = markdown_text(text)
    html = markdown.markdown(source) if flavour == "Python-Markdown" else MarkdownIt().render(source)
    paragraph = LexborHTMLParser(html).css_first("p")
    assert paragraph is not None
    assert [node.tag for node in paragraph.traverse(include_text=False)] == ["p"]
    assert paragraph.text() == text
