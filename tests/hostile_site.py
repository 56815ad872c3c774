"""A site whose stories, intros and site_config carry script payloads in every field a reader sees.

Each payload sets its own `window.__pwned_<field>_<n>` marker, so a test that finds one set knows
which field leaked. The payloads vary in the ways filters are evaded (OWASP's XSS filter evasion
cheat sheet): case, quotes, attribute breakout, entities, SVG and MathML, mutation, event handlers
that need a hover, focus or toggle, and URLs with javascript: and data: schemes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .conftest import FIXTURES

MARKER_PREFIX = "__pwned_"

STYLES = (
    '<img src=x onerror="window.{m}=1">',
    "<svg/onload=window.{m}=1>",
    "<script>window.{m}=1</script>",
    '"><img src=x onerror=window.{m}=1>',
    "'><svg onload=window.{m}=1>",
    "<IMG SRC=x OnErRoR=window.{m}=1>",
    "<details open ontoggle=window.{m}=1>",
    '<iframe srcdoc="<script>parent.{m}=1</script>"></iframe>',
    '<div onmouseover="window.{m}=1" style="position:fixed;inset:0;z-index:9999">hover me</div>',
    "</title><script>window.{m}=1</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.{m}=1>",
    "&lt;img src=x onerror=window.{m}=1&gt;",
    "<input autofocus onfocus=window.{m}=1>",
    "<img src=x onerror=&#119;indow.{m}=1>",
    "<svg><script>window.{m}=1</script></svg>",
    '<noscript><p title="</noscript><img src=x onerror=window.{m}=1>">',
    '<a href="javascript:window.{m}=1">click</a>',
    '<video><source onerror="window.{m}=1"></video>',
    "</textarea><script>window.{m}=1</script>",
    "<marquee onstart=window.{m}=1>",
)

# Markdown of its own: links and attribute lists the Markdown converter itself turns into HTML.
_BODY_MARKDOWN = """\
The delivery of the sofa went wrong, and the customer pasted this:

[track your parcel](javascript:window.{m}_mdlink=1) and [open](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+)
and [tabbed](jav&#x09;ascript:window.{m}_tab=1) and <javascript:window.{m}_autolink=1>

Hover over this paragraph
{: onmouseover="window.{m}_attr=1" onclick="window.{m}_attrclick=1" }

A clobbering paragraph
{: #{m}_clobber }

## A heading { onmouseover="window.{m}_heading=1" #__search }

![parcel](https://example.invalid/parcel.png){ onerror="window.{m}_attrimg=1" }

[a fine link](https://example.invalid/){ onfocus="window.{m}_attrlink=1" autofocus }

{raw}
"""

SEARCH_WORDS = ("delivery", "sofa")
"""Words every hostile story has in its title and body, for typing into the search box."""


@dataclass
class HostileSite:
    root: Path
    markers: list[str] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)
    """Marker -> the payload text, to check outputs say it as text."""
    _count: int = 0

    def payload(self, where: str) -> str:
        self._count += 1
        marker = f"{MARKER_PREFIX}{where}_{self._count}"
        text = STYLES[self._count % len(STYLES)].replace("{m}", marker)
        self.markers.append(marker)
        self.originals[marker] = text
        return text

    def body(self, where: str) -> str:
        marker = f"{MARKER_PREFIX}{where}_md_{self._count}"
        self.markers += [
            f"{marker}_{name}"
            for name in (
                "mdlink",
                "tab",
                "autolink",
                "attr",
                "attrclick",
                "clobber",
                "heading",
                "attrimg",
                "attrlink",
            )
        ]
        return _BODY_MARKDOWN.replace("{m}", marker).replace("{raw}", self.payload(f"{where}_raw"))


def write_hostile_site(root: Path) -> HostileSite:
    """Write mkdocs.yml, site_config/ and stories/ into `root`."""
    site = HostileSite(root)
    config = root / "site_config"
    shutil.copytree(FIXTURES / "site_config", config)
    departments = {
        "departments": [
            {
                "slug": "operations",
                "name": f"Operations {site.payload('department_name')}",
                "description": f"Delivery. {site.payload('department_description')}",
                "lead": "ops-lead",
                "mailing_list": ["ops@example.test"],
                "touchpoints": [
                    {"slug": "delivery", "name": f"Delivery {site.payload('touchpoint_name')}"},
                ],
            },
            {
                "slug": "sales",
                "name": "Sales",
                "lead": "pat-lead",
                "touchpoints": [{"slug": "quotes", "name": "Quotes"}],
            },
        ]
    }
    people = {
        "people": {
            "ops-lead": {
                "name": f"Olive {site.payload('leader_name')}",
                "title": site.payload("leader_title"),
                "department": "operations",
                "leader": True,
            },
            "pat-lead": {"name": "Pat Lead", "department": "sales", "leader": True},
            "sam-agent": {"name": f"Sam {site.payload('author_name')}", "department": "operations"},
        }
    }
    _dump(config / "departments.yml", departments)
    _dump(config / "people.yml", people)
    _dump(
        config / "policy.yml", {"channels": ["phone", "email", "social"], "public_handles": ["@harbourpine"]}
    )

    for number, (consent, rating, day) in enumerate(((True, 1, 16), (False, 2, 17), (True, 5, 18)), start=1):
        front = {
            "title": f"Delivery of the sofa {number} {site.payload('title')}",
            "date": f"2026-11-{day}",
            "kind": "complaint" if rating < 3 else "praise",
            "customer": {
                "name": f"Ann {site.payload('customer_name')}",
                "organisation": site.payload("organisation"),
                "segment": f"Retail {site.payload('segment')}",
            },
            "consent": consent,
            "channel": "phone",
            "rating": rating,
            "touchpoints": ["delivery"],
            "author": "sam-agent",
            "quote": f"The sofa {site.payload('quote')}",
            "lesson": f"Check the sofa {site.payload('lesson')}",
            "follow_up": {"owner": "ops-lead", "status": "open", "note": f"Call {site.payload('note')}"},
            "tags": [site.payload("tag"), "delivery"],
            "featured": number == 3,
        }
        _story(root / f"stories/2026/w47/hostile-{number}.md", front, site.body(f"story{number}"))
    memo = {
        "title": f"Delivery memo {site.payload('memo_title')}",
        "date": "2026-11-19",
        "kind": "memo",
        "author": "ops-lead",
        "departments": ["operations"],
    }
    _story(root / "stories/2026/w47/hostile-memo.md", memo, "Receipts and expenses.\n\n" + site.body("memo"))
    intro = {
        "week": "2026-W47",
        "author": "ops-lead",
        "featured": ["hostile-3"],
        "title": f"Sofa week {site.payload('intro_title')}",
    }
    _story(root / "stories/digests/2026-W47.md", intro, site.body("intro"))
    intro_department = {**intro, "department": "operations", "title": f"Ops {site.payload('intro_dept')}"}
    _story(root / "stories/digests/2026-W47-operations.md", intro_department, site.body("intro_dept"))
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return site


MKDOCS_YML = """\
site_name: Hostile voice
site_url: http://127.0.0.1/
docs_dir: stories
theme:
  name: material
  features:
    - search.highlight
    - search.suggest
    - navigation.footer
plugins:
  - search
  - emptychair:
      site_config: site_config
      today: "2026-11-22"
      balance:
        enforce: 'off'
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
validation:
  nav:
    omitted_files: ignore
"""


def week_digest(root: Path, output_format: str) -> str:
    """`emptychair digest --week 2026-W47 --format FORMAT` run in the project at `root`: its stdout."""
    result = subprocess.run(
        [sys.executable, "-m", "emptychair", "digest", "--week", "2026-W47", "--format", output_format],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _story(path: Path, front: dict[str, object], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    front_matter = yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
