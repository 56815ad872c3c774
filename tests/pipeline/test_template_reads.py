"""What templates read of a page's content: Material's only print it and look for an <h1> in it, so the page
around a changed content is kept; any other reading of it makes the page again through the theme."""

from __future__ import annotations

from pathlib import Path

import material
import pytest
from emptychair.pipeline.fingerprints import reads_content_only_to_print, template_snippets
from emptychair.site.renderer import THEME_TEMPLATES

MATERIAL = str(Path(material.__file__).parent / "templates")


def test_material_and_our_theme_templates_only_print_a_page_s_content() -> None:
    assert reads_content_only_to_print(template_snippets([str(THEME_TEMPLATES), MATERIAL]))


@pytest.mark.parametrize(
    "template",
    [
        "{{ page.content | length }}",
        "{{ page.content[:200] }}",
        "{% set text = page.content %}",
        '{{ page | attr("content") }}',
        "{{ page['content'] }}",
        '{% if "<table" in page.content %}wide{% endif %}',
        "{{ (page.content | striptags | wordcount / 200) | round }} min read",
    ],
)
def test_a_site_template_reading_more_of_the_content_is_seen(tmp_path: Path, template: str) -> None:
    (tmp_path / "main.html").write_text('{% extends "base.html" %}\n' + template + "\n", encoding="utf-8")
    assert not reads_content_only_to_print(template_snippets([str(tmp_path), str(THEME_TEMPLATES), MATERIAL]))


def test_text_that_says_content_is_no_reading_of_it(tmp_path: Path) -> None:
    (tmp_path / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ "Skip to content" }}'
        '{% include "partials/content.html" %}{% endblock %}\n',
        encoding="utf-8",
    )
    assert reads_content_only_to_print(template_snippets([str(tmp_path), str(THEME_TEMPLATES), MATERIAL]))
