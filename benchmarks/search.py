#!/usr/bin/env python3
"""Search in Debian's Chromium: time to the first result after typing a word, and bytes transferred.

    python benchmarks/search.py [--counts 10000 100000] [--runs 3] [--full-build-max 10000] [--material]

For each corpus size N it generates N stories (generate.py), then makes a site:
  N <= --full-build-max  a real `mkdocs build` with the emptychair plugin (its search index included);
  larger N               the story pages alone (story_pages.py: the same pipeline and story templates,
                         without Material's page around them) and the same search step over them.
The site is served from a local HTTP server. Each sample is a fresh browser context (empty cache): open
the home page, wait until it has loaded and the network is idle, press "/" to open search and type a
word (--key-delay ms between keys, default 100; 0 types the word at once), then wait until the first
result for the whole word shows its title (measured in the page, the frame after it appears). Reported per N, as medians
over words and runs:
  after typing   last keystroke -> first result (includes the search box's debounce)
  from opening   the "/" that opens search -> first result (includes loading Pagefind and its index)
  transferred    every search file fetched for the page and the search, until the network is idle:
                 the search box's script, the shard list, Pagefind's code, index chunks and
                 excerpts (Material: its index and worker)
--material also measures Material's own search on the plain build (N <= --full-build-max), which
downloads its whole index on every page load.
Results go to benchmarks/search-results.json and a Markdown table to stdout; progress to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Browser, Page, Request, Route, sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from run import CHILD_ENV, write_configs  # noqa: E402
from story_pages import write_story_pages  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Words from the generator's phrase banks, common and rare.
WORDS = ("delivery", "refund", "wardrobe", "invoice", "fitter")
TARGET_MS = 300
TARGET_BYTES = 1_000_000
TIMEOUT_MS = 60_000

# Installed before typing: the time of every key press, and of the frame after the first result title.
WATCH_RESULTS = """(selector) => {
  window.__ecKeys = [];
  document.addEventListener("keydown", () => window.__ecKeys.push(performance.now()), true);
  window.__ecFirstResult = new Promise((resolve) => {
    const seen = () => document.querySelector(selector) !== null;
    const done = () => requestAnimationFrame(() => resolve(performance.now()));
    if (seen()) return done();
    new MutationObserver((_, observer) => {
      if (seen()) { observer.disconnect(); done(); }
    }).observe(document.body, { childList: true, subtree: true });
  });
}"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(directory: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def make_sites(n: int, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    corpus = work / "corpus"
    site = work / "site"
    reuse = (site / "pagefind" / "shards.json").exists()
    if not reuse and not (corpus / "stories").is_dir():
        log(f"[N={n}] generating the corpus")
        generate(n, corpus, seed=args.seed)
    plain_yml, plugin_yml, _ = write_configs(work, corpus, n)
    started = time.perf_counter()
    if reuse:
        log(f"[N={n}] reusing {site}")
        how = (work / "how.txt").read_text(encoding="utf-8")
    elif n <= args.full_build_max:
        log(f"[N={n}] mkdocs build with the plugin")
        build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plugin_yml), "-d", str(site)]
        subprocess.run(build, check=True, env=CHILD_ENV, cwd=work, stdout=subprocess.DEVNULL)
        how = "mkdocs build with the plugin"
    else:
        log(f"[N={n}] story pages only (story_pages.py) and their search index")
        write_story_pages(corpus, site)
        how = "story pages only (story_pages.py), same templates, no Material page around them"
    (work / "how.txt").write_text(how, encoding="utf-8")
    made: dict[str, Any] = {"site": site, "how": how, "make_s": round(time.perf_counter() - started, 1)}
    if args.material and n <= args.full_build_max and not (work / "material-site").exists():
        log(f"[N={n}] plain Material build, for Material's search")
        build = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(plain_yml),
            "-d",
            str(work / "material-site"),
        ]
        subprocess.run(build, check=True, env=CHILD_ENV, cwd=work, stdout=subprocess.DEVNULL)
    if args.material and (work / "material-site").exists():
        made["material_site"] = work / "material-site"
        # The plain build has no home page: open the one page in its navigation.
        made["material_page"] = yaml.safe_load(plain_yml.read_text())["nav"][0].removesuffix(".md") + "/"
    return made


def index_bytes(site: Path) -> dict[str, int]:
    pagefind = site / "pagefind"
    files = [path for path in pagefind.rglob("*") if path.is_file()]
    return {"files": len(files), "bytes": sum(path.stat().st_size for path in files)}


def _bytes(requests: list[Request]) -> int:
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += max(sizes["responseBodySize"], 0) + max(sizes["responseHeadersSize"], 0)
    return total


@contextmanager
def fresh_page(browser: Browser, url: str) -> Iterator[Page]:
    """A new context: nothing cached. Only the local server is reachable."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)

    def local_only(route: Route) -> None:
        if route.request.url.startswith(url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    try:
        yield context.new_page()
    finally:
        context.close()


def _is_search(url: str) -> bool:
    """The search box's script and Pagefind's files (code, shards and excerpts), or Material's search."""
    return (
        "/pagefind/" in url
        or url.endswith("/assets/emptychair/search.js")
        or "/search/search_index.json" in url
        or "/workers/search" in url
    )


def sample(
    browser: Browser, url: str, word: str, *, delay: float, material: bool, start: str
) -> dict[str, Any]:
    with fresh_page(browser, url) as page:
        finished: list[Request] = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url + start, wait_until="load")
        # The page as a reader has it: loaded, nothing more on its way.
        page.wait_for_load_state("networkidle")
        # The first result for the whole word, not for the first letters typed.
        selector = ".md-search-result__item" if material else f'[data-query="{word}"] .ec-search-result__link'
        page.evaluate(WATCH_RESULTS, selector)
        page.keyboard.press("/")
        page.keyboard.type(word, delay=delay)
        first = page.evaluate("window.__ecFirstResult")
        keys = page.evaluate("window.__ecKeys")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        return {
            "word": word,
            "after_typing_ms": round(first - keys[-1], 1),
            "from_opening_ms": round(first - keys[0], 1),
            "bytes": _bytes([request for request in finished if _is_search(request.url)]),
            "requests": sum(1 for request in finished if _is_search(request.url)),
            "page_bytes": _bytes(finished),
        }


def summary(samples: list[dict[str, Any]]) -> dict[str, Any]:
    def median(key: str) -> float:
        return round(statistics.median(s[key] for s in samples), 1)

    return {
        "after_typing_ms": median("after_typing_ms"),
        "after_typing_max_ms": max(s["after_typing_ms"] for s in samples),
        "from_opening_ms": median("from_opening_ms"),
        "bytes": int(median("bytes")),
        "bytes_max": max(s["bytes"] for s in samples),
        "page_bytes": int(median("page_bytes")),
        "samples": samples,
    }


def measure(
    browser: Browser, site: Path, runs: int, *, delay: float, material: bool = False, start: str = ""
) -> dict[str, Any]:
    samples = []
    with served(site) as url:
        for run in range(runs):
            for word in WORDS:
                taken = sample(browser, url, word, delay=delay, material=material, start=start)
                log(
                    f"  run {run + 1} {word:10} {taken['after_typing_ms']:7.1f} ms after typing"
                    f" {taken['from_opening_ms']:7.1f} ms from opening {taken['bytes'] / 1000:8.1f} kB"
                )
                samples.append(taken)
    return summary(samples)


def markdown(results: list[dict[str, Any]]) -> str:
    rows = [
        "| N | site | search | after typing, median (max) ms | from opening, median ms "
        "| transferred, median (max) kB | index on disk MB |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for result in results:
        for name, figures in result["search"].items():
            index = f"{result['index']['bytes'] / 1e6:.1f}" if name == "pagefind" else ""
            rows.append(
                f"| {result['n']} | {result['how']} | {name} | {figures['after_typing_ms']:.0f} "
                f"({figures['after_typing_max_ms']:.0f}) | {figures['from_opening_ms']:.0f} "
                f"| {figures['bytes'] / 1000:.0f} ({figures['bytes_max'] / 1000:.0f}) | {index} |"
            )
    lines = ["\n".join(rows), ""]
    for result in results:
        figures = result["search"]["pagefind"]
        met = figures["after_typing_ms"] <= TARGET_MS and figures["bytes"] <= TARGET_BYTES
        lines.append(
            f"- N={result['n']}: first result {figures['after_typing_ms']:.0f} ms after typing, "
            f"{figures['bytes'] / 1000:.0f} kB per search (target {TARGET_MS} ms, "
            f"{TARGET_BYTES / 1e6:.0f} MB): {'met' if met else 'MISSED'}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 100_000], metavar="N")
    parser.add_argument("--runs", type=int, default=3, help="rounds over the words (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--full-build-max", type=int, default=10_000, help="largest N built with mkdocs (default 10000)"
    )
    parser.add_argument(
        "--material", action="store_true", help="also measure Material's search (plain build)"
    )
    parser.add_argument(
        "--key-delay", type=float, default=100, help="ms between key presses (default 100, a quick typist)"
    )
    parser.add_argument("--json", type=Path, default=HERE / "search-results.json")
    parser.add_argument("--tmp", type=Path, default=None, help="parent of the temporary work directories")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and sites")
    parser.add_argument(
        "--work", type=Path, default=None, help="keep each N's corpus and sites in WORK/nN, reused when there"
    )
    args = parser.parse_args(argv)

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for n in args.counts:
                if args.work:
                    work = args.work / f"n{n}"
                    work.mkdir(parents=True, exist_ok=True)
                else:
                    work = Path(tempfile.mkdtemp(prefix=f"emptychair-search-{n}-", dir=args.tmp))
                made = make_sites(n, work, args)
                log(f"[N={n}] measuring Pagefind search")
                result: dict[str, Any] = {
                    "n": n,
                    "how": made["how"],
                    "make_s": made["make_s"],
                    "index": index_bytes(made["site"]),
                    "search": {"pagefind": measure(browser, made["site"], args.runs, delay=args.key_delay)},
                }
                if "material_site" in made:
                    log(f"[N={n}] measuring Material's search")
                    result["search"]["material"] = measure(
                        browser,
                        made["material_site"],
                        1,
                        delay=args.key_delay,
                        material=True,
                        start=made["material_page"],
                    )
                results.append(result)
                if args.keep or args.work:
                    log(f"[N={n}] kept {work}")
                else:
                    shutil.rmtree(work)
        finally:
            browser.close()

    report = {
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "load_1m": os.getloadavg()[0]},
        "words": WORDS,
        "key_delay_ms": args.key_delay,
        "runs": args.runs,
        "results": results,
    }
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(markdown(results))
    log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
