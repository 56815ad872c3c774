#!/usr/bin/env python3
"""Write a generated corpus's story pages as minimal HTML, with the search box, and index them.

    python benchmarks/story_pages.py --corpus DIR --out SITE

For corpora too large to build with MkDocs here (100,000 stories): the stories go through emptychair's
own pipeline (validation, redaction, Markdown, the index) and each story page's content is rendered
by the package's story templates, card and chrome included, exactly as in a built site. Only
Material's page around it is left out (Pagefind indexes the data-pagefind-body part, not the page
around it). `index.html` is a page with the site's search box and its assets; `pagefind/` is the plugin's search
index of the same stories.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path

from emptychair.pipeline.page_urls import mkdocs_url
from emptychair.pipeline.settings import Settings
from emptychair.pipeline.stages import read_site
from emptychair.publishing.addresses import Addresses
from emptychair.site.pages import SitePlan, story_pages
from emptychair.site.renderer import PACKAGE_TEMPLATES, THEME_TEMPLATES, PageRenderer, make_environment
from emptychair.site.search_index import RecordTemplate, build_search_index
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 22)


def search_box(root: str) -> Markup:
    """The site's search partial as Material renders it on a page whose site root is `root`."""
    environment = Environment(loader=FileSystemLoader(str(THEME_TEMPLATES)), undefined=StrictUndefined)
    environment.filters["url"] = lambda path: f"{root}/{path}"
    return Markup(environment.get_template("partials/search.html").render(base_url=root))


def write_story_pages(corpus: Path, out: Path) -> int:
    """The story pages of `corpus` under `out/stories/`, and a home page; returns how many stories."""
    addresses = Addresses(mkdocs_url, use_directory_urls=True)
    settings = Settings(
        root=corpus,
        stories_dir=corpus / "stories",
        site_config_dir=corpus / "site_config",
        addresses=addresses,
        today=TODAY,
    )
    data = read_site(settings)
    plan = SitePlan(data, addresses, page_size=100)
    renderer = PageRenderer(make_environment(), addresses, data.directory, TODAY)
    shell = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True).get_template(
        "story-page.html"
    )
    story_search = search_box("../..")
    count = 0
    for page in story_pages(plan):
        content = Markup(renderer.render(page))
        path = out / addresses.url(page.src_uri) / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            shell.render(title=page.title, content=content, search=story_search, root="../.."),
            encoding="utf-8",
        )
        count += 1
    home = shell.render(title="Search", content="", search=search_box("."), root=".")
    (out / "index.html").write_text(home, encoding="utf-8")
    assets = out / "assets" / "emptychair"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("emptychair.css", "search.js"):
        shutil.copyfile(PACKAGE_TEMPLATES.parent / "assets" / name, assets / name)
    build_search_index(data.index.stories, RecordTemplate((), addresses, data.directory, TODAY, "en"), out)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a directory written by generate.py")
    parser.add_argument("--out", type=Path, required=True, help="where the pages go")
    args = parser.parse_args(argv)
    count = write_story_pages(args.corpus, args.out)
    print(f"{count} story pages and their search index in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
