"""Counts are shown with thousands separators wherever a reader meets them: "15,576 customer stories"
beside "9,695", never "15576"."""

from __future__ import annotations

import re
from pathlib import Path

from emptychair.balance.chart import share_chart, stories_sparkline
from emptychair.site.renderer import make_environment
from emptychair.stories.weeks import IsoWeek

TEMPLATES = Path(__file__).parents[2] / "plugins" / "emptychair" / "site" / "templates"
# A count printed as it is, with no filter after it: `{{ story_total }}`, `{{ counts.get(slug, 0) }}`.
_BARE_COUNT = re.compile(r"\{\{ *[A-Za-z_.]*(?:total|count|number)[A-Za-z_.]*(?:\([^)]*\))? *\}\}")


def test_no_template_prints_a_count_without_its_thousands_separator() -> None:
    bare = [
        f"{path.relative_to(TEMPLATES)}: {match.group()}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        for match in _BARE_COUNT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert bare == []


def test_the_thousands_filter_and_signed_changes() -> None:
    environment = make_environment()
    rendered = environment.from_string('{{ n | thousands }} {{ "{:+,}".format(change) }}').render(
        n=15576, change=-1204
    )
    assert rendered == "15,576 -1,204"


def test_sentences_and_chart_labels_separate_thousands() -> None:
    weeks = [IsoWeek(2026, 46), IsoWeek(2026, 47)]
    label = stories_sparkline([(weeks[0], 9695), (weeks[1], 15576)], []).label
    assert "25,271 in all, at most 15,576 in a week" in label
    assert "1,200 of 2,400 about customers" in share_chart([(weeks[0], 1200, 2400)], 0.6).bars[0].description
