#!/usr/bin/env python3
"""Benchmark emptychair against a plain MkDocs Material build.

    .venv/bin/python benchmarks/run.py [--counts 1000 5000] [--runs 3] [--json PATH]

For each corpus size N it generates N stories once (benchmarks/generate.py) into a
temporary directory, then runs, --runs times each and interleaved:

  plain   python -m mkdocs build -q -f plain.yml    Material + search, one-entry nav
  plugin  python -m mkdocs build -q -f plugin.yml   the emptychair plugin (its own search) instead of search
  check   python -m emptychair check STORIES --site-config SITE_CONFIG
  bare    python -m mkdocs build -q -f bare.yml     plain without Material's search plugin (--only bare)
  nosearch  the plugin build without its search index (--only nosearch): plugin minus nosearch is what
            indexing adds to the build
  warm-new, warm-edit, warm-config  the plugin build with the build cache of the unchanged corpus, after
            one new story, one edited story, or one site_config change (each run from the same cache)
  warm-day  warm-new on the next day (SOURCE_DATE_EPOCH a day after the cache's build)
  warm-site  warm-new into the site folder the cache's build wrote (as a second `mkdocs build` on one
            machine, or `mkdocs serve`): the pages it would write again are that folder's files
  digest, balance, themes  `emptychair digest --week 2026-W46`, `emptychair balance` and
            `emptychair themes --week 2026-W46`, with that cache
  check-warm  `emptychair check -f plugin.yml` (every story, the site's folders), with that cache
  serve   `mkdocs serve` with that cache: once it serves, one new story is saved and its URL polled;
          the time is from the save to the first 200 (CPU: the server's process tree meanwhile)
  hugo    Debian's `hugo` (a minimal site, benchmarks/templates/hugo) on the same stories, cold

plain, plugin, check, bare, nosearch and hugo run without a cache (removed before each run).

Each command runs in its own child process; wall time is measured around it and its
peak memory is that child's ru_maxrss, read with os.wait4.  Every build gets a fresh
site_dir.  Prints a Markdown table on stdout (progress goes to stderr) and writes the
same numbers as JSON (default benchmarks/results.json).  If a command fails, its
stderr tail is printed and the script exits non-zero.  Standard library plus PyYAML.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import SHAPES, generate  # noqa: E402

# The cases that start from the build cache of the unchanged corpus.
WARM = (
    "warm-new",
    "warm-edit",
    "warm-config",
    "warm-day",
    "warm-site",
    "digest",
    "balance",
    "themes",
    "check-warm",
    "serve",
)
COMMANDS = ("plain", "plugin", "check", "bare", "nosearch", *WARM, "hugo")
CACHE = ".cache/emptychair"
DIGEST_WEEK = "2026-W46"
DEFAULT_COMMANDS = ("plain", "plugin", "check")
LABELS = {
    "plain": "plain mkdocs build",
    "plugin": "plugin build",
    "check": "emptychair check",
    "bare": "plain, no search plugin",
    "nosearch": "plugin build without search",
    "warm-new": "plugin build, warm: one new story",
    "warm-edit": "plugin build, warm: one story edited",
    "warm-config": "plugin build, warm: site_config changed",
    "warm-day": "plugin build, warm, the next day: one new story",
    "warm-site": "plugin build, warm, into the last build's site folder: one new story",
    "digest": f"emptychair digest --week {DIGEST_WEEK} (warm)",
    "balance": "emptychair balance (warm)",
    "themes": f"emptychair themes --week {DIGEST_WEEK} (warm)",
    "check-warm": "emptychair check (warm)",
    "serve": "mkdocs serve: one new story saved -> its page served",
    "hugo": "Hugo (Debian), cold",
}
HUGO_LAYOUTS = HERE / "templates" / "hugo" / "layouts"
NEW_STORY = "zz-benchmark-new-story"
SERVE_START_TIMEOUT_S = 1800.0
SERVE_PAGE_TIMEOUT_S = 600.0
# The plugin build with its search index job made a no-op: what the build costs without indexing.
NOSEARCH_SCRIPT = (
    "import sys; from emptychair.site.search_index import SearchIndexJob; "
    "SearchIndexJob.start = lambda self, *args: None; "
    "from mkdocs.__main__ import cli; sys.exit(cli())"
)
TARGET_N = 5000
TARGET_PLUGIN_RATIO = 1.5
TARGET_CHECK_S = 2.0
BUSY_LOAD = 0.5 * (os.cpu_count() or 1)  # warn above this 1-minute load average
VALIDATION = {
    "nav": {"omitted_files": "ignore"},
    "links": {"not_found": "ignore", "unrecognized_links": "ignore"},
}

# Material 9.7+ prints an end-of-life banner on stderr; keep failure tails readable.
# Every command runs "as of" one day whatever the clock says (a run may cross midnight); warm-day the next.
BENCH_DAY = datetime(2026, 12, 5, 12, tzinfo=UTC)
CHILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(int(BENCH_DAY.timestamp()))}
NEXT_DAY_ENV = {**CHILD_ENV, "SOURCE_DATE_EPOCH": str(int(BENCH_DAY.timestamp()) + 86400)}


class CommandFailed(Exception):
    pass


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def write_configs(work: Path, corpus: Path, n: int) -> tuple[Path, Path, Path]:
    stories = corpus / "stories"
    first_page = sorted(p.relative_to(stories).as_posix() for p in stories.rglob("*.md"))[0]
    base = {
        "site_name": f"emptychair benchmark ({n} stories)",
        # With a site_url the plugin also writes the digest feeds, as a published intranet would.
        "site_url": "https://intranet.example/",
        "docs_dir": str(stories),
        "theme": {"name": "material"},
        "validation": VALIDATION,
    }
    # Material renders the whole nav into every page, so an automatic nav of N pages
    # makes the plain build O(N^2).  One entry keeps the baseline linear.
    plain = {**base, "plugins": ["search"], "nav": [first_page]}
    # The plugin sets its own nav from the stories, so none is given here; it indexes the site for
    # search itself (Pagefind), so Material's search plugin is not there.
    plugin = {**base, "plugins": [{"emptychair": {"site_config": str(corpus / "site_config")}}]}
    # Plain without search: plain minus bare is what Material's search plugin costs.
    bare = {**base, "plugins": [], "nav": [first_page]}
    paths = (work / "plain.yml", work / "plugin.yml", work / "bare.yml")
    for path, cfg in zip(paths, (plain, plugin, bare), strict=True):
        path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return paths


def measure(
    cmd: list[str],
    cwd: Path,
    log_dir: Path,
    name: str,
    *,
    balance_may_fail: bool = False,
    env: dict[str, str] = CHILD_ENV,
) -> dict:
    """Run cmd as a child; return wall seconds, CPU seconds and the child's peak RSS. With
    `balance_may_fail` (check), exit 1 is taken when every problem it printed is the balance's: the
    generated leaders fall below target, which the plugin build logs as warnings."""
    out_path, err_path = log_dir / f"{name}.stdout", log_dir / f"{name}.stderr"
    # The previous run's site (written, then deleted) is still being flushed to disk: without this,
    # that work lands in whichever command runs next.
    os.sync()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)  # already reaped; tell Popen
    printed = out_path.read_text(errors="replace").splitlines()
    only_balance = code == 1 and printed and all(line.startswith("balance: ") for line in printed)
    if code != 0 and not (balance_may_fail and only_balance):
        lines = (err_path.read_text(errors="replace") or out_path.read_text(errors="replace")).splitlines()
        tail = "\n".join(lines[-40:])
        raise CommandFailed(
            f"command failed with exit code {code}:\n  {' '.join(cmd)}\n--- output tail ---\n{tail}"
        )
    # ru_maxrss is KiB on Linux, bytes on macOS.
    rss_bytes = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mib": rss_bytes / 2**20}


def write_hugo_site(work: Path, corpus: Path, n: int) -> Path:
    """A minimal Hugo site over the same story files: Hugo reads their YAML front matter as it is
    (title, date, tags; the other fields become page params) and renders each story, every section
    (year) and tag page, and their RSS feeds, through benchmarks/templates/hugo/layouts."""
    site = work / "hugo"
    site.mkdir()
    config = {
        "baseURL": "https://intranet.example/",
        "title": f"emptychair benchmark ({n} stories)",
        "contentDir": str(corpus / "stories"),
        "layoutDir": str(HUGO_LAYOUTS),
    }
    # TOML by hand: four strings, and the standard library writes no TOML.
    lines = [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    (site / "hugo.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return site


def hugo_command(hugo_site: Path, site: Path, cache: Path) -> list[str]:
    hugo = shutil.which("hugo")
    if hugo is None:
        raise CommandFailed("hugo is not installed: apt-get install -y hugo (Debian's package)")
    return [hugo, "--quiet", "-s", str(hugo_site), "-d", str(site), "--cacheDir", str(cache)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def _group_cpu_s(group: int) -> float:
    """CPU seconds of every live process in a process group, with the children each has reaped."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # After the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime ...
        if int(fields[2]) == group:
            total += sum(int(value) for value in fields[11:15])
    return total / ticks


def _interruptible() -> None:
    """The server stops on SIGINT even when this script runs in the background (`nohup ... &`), which
    starts it with SIGINT ignored: the server would then outlive its run and rebuild in every later one."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def measure_serve(
    cmd: list[str], cwd: Path, corpus: Path, log_dir: Path, name: str, port: int, env: dict | None = None
) -> dict:
    """Start `mkdocs serve`, wait for it to serve, save one new story and poll its page until served."""
    out_path, err_path = log_dir / f"{name}.stdout", log_dir / f"{name}.stderr"
    os.sync()
    home = f"http://127.0.0.1:{port}/"
    page = f"{home}stories/{NEW_STORY}/"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=CHILD_ENV if env is None else env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
            preexec_fn=_interruptible,
        )
        changes: list[tuple[Path, bytes | None]] = []
        try:
            deadline = time.monotonic() + SERVE_START_TIMEOUT_S
            while _status(home) != 200:
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = "\n".join(err_path.read_text(errors="replace").splitlines()[-40:])
                    raise CommandFailed(f"mkdocs serve did not serve {home}:\n  {' '.join(cmd)}\n{tail}")
                time.sleep(0.5)
            if _status(page) == 200:
                raise CommandFailed(f"{page} is served before the story is saved")
            cpu_before = _group_cpu_s(proc.pid)
            start = time.perf_counter()
            changes = warm_change("warm-new", corpus)
            deadline = time.monotonic() + SERVE_PAGE_TIMEOUT_S
            while _status(page) != 200:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise CommandFailed(f"mkdocs serve never served {page}:\n  {' '.join(cmd)}")
                time.sleep(0.05)
            wall = time.perf_counter() - start
            cpu = _group_cpu_s(proc.pid) - cpu_before
            peak_kib = _peak_rss_kib(proc.pid)
        finally:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            undo(changes)
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_mib": peak_kib / 1024}


def _peak_rss_kib(pid: int) -> int:
    """The server process's own peak resident memory so far (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _newest_story(corpus: Path) -> Path:
    return max((corpus / "stories").rglob("*.md"), key=lambda path: (path.parent.as_posix(), path.name))


def warm_change(what: str, corpus: Path) -> list[tuple[Path, bytes | None]]:
    """Make the change a warm case measures; returns (path, bytes before or None if new) to undo it."""
    if what in ("warm-new", "warm-day", "warm-site"):
        newest = _newest_story(corpus)
        added = newest.with_name(f"{NEW_STORY}.md")
        # A title of its own, quoted: the newest story's title may hold a colon.
        head, _, rest = newest.read_text(encoding="utf-8").partition("\ntitle: ")
        after_title = rest.partition("\n")[2]
        text = f'{head}\ntitle: "One new story for the benchmark"\n{after_title}'
        added.write_text(text + "\nOne more thing the customer told us.\n", encoding="utf-8")
        return [(added, None)]
    if what == "warm-edit":
        newest = _newest_story(corpus)
        before = newest.read_bytes()
        newest.write_bytes(before + b"\nEdited: the customer wrote again.\n")
        return [(newest, before)]
    if what == "warm-config":
        departments = corpus / "site_config" / "departments.yml"
        before = departments.read_bytes()
        departments.write_bytes(before.replace(b"description: ", b"description: Changed. ", 1))
        return [(departments, before)]
    return []


def undo(changes: list[tuple[Path, bytes | None]]) -> None:
    for path, before in changes:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)


def count_html(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def summarise(samples: list[dict]) -> dict:
    wall = [s["wall_s"] for s in samples]
    cpu = [s["cpu_s"] for s in samples]
    rss = [s["peak_rss_mib"] for s in samples]
    return {
        "median_s": round(statistics.median(wall), 3),
        "min_s": round(min(wall), 3),
        "max_s": round(max(wall), 3),
        "cpu_median_s": round(statistics.median(cpu), 3),
        "peak_rss_mib_median": round(statistics.median(rss), 1),
        "runs": [
            {k: round(v, 3) for k, v in s.items() if isinstance(v, float)}
            | {k: v for k, v in s.items() if not isinstance(v, float)}
            for s in samples
        ],
    }


def bench_one(n: int, args: argparse.Namespace, base_tmp: Path, shape: str = "spread") -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"emptychair-bench-{shape}-{n}-", dir=base_tmp))
    corpus = work / "corpus"
    log(f"[N={n}] generating corpus ({shape}) in {corpus}")
    t0 = time.perf_counter()
    generate(n, corpus, seed=args.seed, shape=shape)
    gen_s = time.perf_counter() - t0
    plain_yml, plugin_yml, bare_yml = write_configs(work, corpus, n)
    hugo_site = write_hugo_site(work, corpus, n)
    logs = work / "logs"
    logs.mkdir()
    py = args.python
    samples: dict[str, list[dict]] = {c: [] for c in args.only}
    cmds: dict[str, list[str]] = {}
    warm_cache = work / "warm-cache"
    if any(what in WARM for what in args.only):
        log(f"[N={n}] building once for the warm cases' cache (not timed)")
        measure(
            [py, "-m", "mkdocs", "build", "-q", "-f", str(plugin_yml), "-d", str(work / "site-base")],
            work,
            logs,
            "base",
        )
        # warm-site builds into this very folder (the cache's manifest names it), from a copy that keeps
        # every file's modification time.
        shutil.move(work / "site-base", work / "site-base-kept")
        shutil.move(work / CACHE, warm_cache)
    try:
        for run in range(1, args.runs + 1):
            for what in args.only:
                site = work / f"site-{what}-{run}"
                # Cold cases start without a cache; warm ones from the cache of the unchanged corpus.
                shutil.rmtree(work / CACHE, ignore_errors=True)
                if what in WARM:
                    shutil.copytree(warm_cache, work / CACHE)
                if what == "warm-site":
                    site = work / "site-base"
                    shutil.rmtree(site, ignore_errors=True)
                    shutil.copytree(work / "site-base-kept", site)
                changes = warm_change(what, corpus) if what.startswith("warm-") else []
                if what == "digest":
                    cmd = [py, "-m", "emptychair", "digest", "--week", DIGEST_WEEK, "-f", str(plugin_yml)]
                elif what == "balance":
                    cmd = [py, "-m", "emptychair", "balance", "-f", str(plugin_yml)]
                elif what == "themes":
                    cmd = [py, "-m", "emptychair", "themes", "--week", DIGEST_WEEK, "-f", str(plugin_yml)]
                elif what == "check-warm":
                    cmd = [py, "-m", "emptychair", "check", "-f", str(plugin_yml)]
                elif what == "serve":
                    port = free_port()
                    cmd = [py, "-m", "mkdocs", "serve", "-f", str(plugin_yml), "-a", f"127.0.0.1:{port}"]
                elif what == "hugo":
                    shutil.rmtree(work / "hugo-cache", ignore_errors=True)
                    cmd = hugo_command(hugo_site, site, work / "hugo-cache")
                elif what.startswith("warm-"):
                    cmd = [py, "-m", "mkdocs", "build", "-q", "-f", str(plugin_yml), "-d", str(site)]
                elif what == "plain":
                    cmd = [py, "-m", "mkdocs", "build", "-q", "-f", str(plain_yml), "-d", str(site)]
                elif what == "plugin":
                    cmd = [py, "-m", "mkdocs", "build", "-q", "-f", str(plugin_yml), "-d", str(site)]
                elif what == "bare":
                    cmd = [py, "-m", "mkdocs", "build", "-q", "-f", str(bare_yml), "-d", str(site)]
                elif what == "nosearch":
                    # `-c`: the publishing stage's worker process imports no __main__ module to rerun.
                    cmd = [py, "-c", NOSEARCH_SCRIPT, "build", "-q", "-f", str(plugin_yml), "-d", str(site)]
                else:
                    cmd = [
                        py,
                        "-m",
                        "emptychair",
                        "check",
                        str(corpus / "stories"),
                        "--site-config",
                        str(corpus / "site_config"),
                    ]
                cmds[what] = cmd
                load = os.getloadavg()[0]
                if load > BUSY_LOAD:
                    log(f"[N={n}] warning: load average {load:.1f} before this run; wall times will be noisy")
                try:
                    if what == "serve":
                        sample = measure_serve(cmd, work, corpus, logs, f"{what}-{run}", port)
                    else:
                        checks = what in ("check", "check-warm")
                        env = NEXT_DAY_ENV if what == "warm-day" else CHILD_ENV
                        sample = measure(cmd, work, logs, f"{what}-{run}", balance_may_fail=checks, env=env)
                finally:
                    undo(changes)
                sample["load_1m_before"] = round(load, 2)
                if (
                    what in ("warm-new", "warm-day", "warm-site")
                    and not (site / "stories" / NEW_STORY).is_dir()
                ):
                    raise CommandFailed(f"{what}: the build made no page for {NEW_STORY}.md (see {logs})")
                if what in ("plain", "plugin", "bare", "nosearch", "hugo") or what.startswith("warm-"):
                    sample["html_pages"] = count_html(site)
                    if not args.keep:
                        shutil.rmtree(site)
                samples[what].append(sample)
                log(
                    f"[N={n}] run {run}/{args.runs} {what:6} {sample['wall_s']:8.2f} s wall"
                    f" {sample['cpu_s']:8.2f} s CPU {sample['peak_rss_mib']:7.1f} MiB"
                )
    except CommandFailed:
        log(f"[N={n}] keeping {work} for inspection")
        raise
    if not args.keep:
        shutil.rmtree(work)
    else:
        log(f"[N={n}] kept {work}")
    result: dict = {"n": n, "shape": shape, "generate_s": round(gen_s, 2), "commands": {}}
    for what, ss in samples.items():
        cmd = [c.replace(str(work), "$WORK") for c in cmds[what]]
        result["commands"][what] = {"cmd": cmd} | summarise(ss)
    c = result["commands"]
    if "plain" in c and "plugin" in c:
        result["ratio_plugin_plain"] = round(c["plugin"]["median_s"] / c["plain"]["median_s"], 3)
        result["ratio_plugin_plain_cpu"] = round(c["plugin"]["cpu_median_s"] / c["plain"]["cpu_median_s"], 3)
    if "plain" in c and "bare" in c:
        # What Material's search plugin adds to a build, against what the plugin's search step takes.
        result["material_search_s"] = round(c["plain"]["median_s"] - c["bare"]["median_s"], 3)
        result["material_search_cpu_s"] = round(c["plain"]["cpu_median_s"] - c["bare"]["cpu_median_s"], 3)
    return result


def targets(results: list[dict]) -> dict:
    at = next((r for r in results if r["n"] == TARGET_N and r["shape"] == "spread"), None)
    out: dict = {"n": TARGET_N, "plugin_over_plain_max": TARGET_PLUGIN_RATIO, "check_max_s": TARGET_CHECK_S}
    if at is None:
        out["evaluated"] = False
        return out
    out["evaluated"] = True
    if "ratio_plugin_plain" in at:
        out["plugin_ratio"] = at["ratio_plugin_plain"]
        out["plugin_ratio_met"] = at["ratio_plugin_plain"] <= TARGET_PLUGIN_RATIO
    if "check" in at["commands"]:
        out["check_median_s"] = at["commands"]["check"]["median_s"]
        out["check_met"] = at["commands"]["check"]["median_s"] < TARGET_CHECK_S
    return out


def markdown(results: list[dict], tgt: dict) -> str:
    rows = [
        "| N | shape | command | wall median (s) | min (s) | max (s) | CPU median (s) "
        "| peak RSS median (MiB) | vs plain (wall / CPU) | vs Hugo (wall / CPU) |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for what, c in r["commands"].items():
            ratio = ""
            if what == "plain":
                ratio = "1.00x"
            elif what == "bare" and "material_search_s" in r:
                ratio = (
                    f"search plugin: {r['material_search_s']:.2f} s / {r['material_search_cpu_s']:.2f} s CPU"
                )
            elif what == "plugin" and "ratio_plugin_plain" in r:
                ratio = f"{r['ratio_plugin_plain']:.2f}x / {r['ratio_plugin_plain_cpu']:.2f}x"
            elif what != "plain" and "plain" in r["commands"]:
                plain = r["commands"]["plain"]
                ratio = f"{c['median_s'] / plain['median_s']:.2f}x / {c['cpu_median_s'] / plain['cpu_median_s']:.2f}x"
            hugo = r["commands"].get("hugo")
            against_hugo = (
                f"{c['median_s'] / hugo['median_s']:.2f}x / {c['cpu_median_s'] / hugo['cpu_median_s']:.2f}x"
                if hugo and what != "hugo"
                else ""
            )
            rows.append(
                f"| {r['n']} | {r['shape']} | {LABELS[what]} | {c['median_s']:.2f} | {c['min_s']:.2f} "
                f"| {c['max_s']:.2f} | {c['cpu_median_s']:.2f} "
                f"| {c['peak_rss_mib_median']:.0f} | {ratio} | {against_hugo} |"
            )
    lines = ["\n".join(rows), ""]
    ratios = {(r["n"], r["shape"]): r for r in results if "ratio_plugin_plain" in r}
    for (n, shape), week in sorted(ratios.items()):
        spread = ratios.get((n, "spread"))
        if shape == "week" and spread:
            lines.append(
                f"- N={n}, one week vs two years: plugin/plain {week['ratio_plugin_plain']:.2f}x vs "
                f"{spread['ratio_plugin_plain']:.2f}x wall, {week['ratio_plugin_plain_cpu']:.2f}x vs "
                f"{spread['ratio_plugin_plain_cpu']:.2f}x CPU"
            )
    if not tgt["evaluated"]:
        lines.append(f"Targets are defined at N={TARGET_N}, which was not measured.")
    else:
        if "plugin_ratio" in tgt:
            mark = "met" if tgt["plugin_ratio_met"] else "MISSED"
            lines.append(
                f"- Target plugin build <= {TARGET_PLUGIN_RATIO}x plain at N={TARGET_N}: "
                f"{tgt['plugin_ratio']:.2f}x, {mark}"
            )
        if "check_median_s" in tgt:
            mark = "met" if tgt["check_met"] else "MISSED"
            lines.append(
                f"- Target `emptychair check` < {TARGET_CHECK_S:g} s at N={TARGET_N}: "
                f"{tgt['check_median_s']:.2f} s, {mark}"
            )
    return "\n".join(lines).rstrip() + "\n"


VERSION_PROBE = """
import json, platform
from importlib import metadata
v = {"python": platform.python_version()}
for d in ("mkdocs", "mkdocs-material", "emptychair", "PyYAML"):
    try:
        v[d] = metadata.version(d)
    except metadata.PackageNotFoundError:
        v[d] = None
print(json.dumps(v))
"""


def versions(python: str) -> dict:
    """Versions as seen by the interpreter that runs the children, and Hugo's when it is installed."""
    try:
        proc = subprocess.run([python, "-c", VERSION_PROBE], capture_output=True, text=True, check=True)
        found: dict = json.loads(proc.stdout)
    except (subprocess.CalledProcessError, json.JSONDecodeError, OSError):
        found = {"note": "version probe failed"}
    hugo = shutil.which("hugo")
    if hugo is not None:
        found["hugo"] = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--counts",
        type=int,
        nargs="+",
        default=[1000, 5000],
        metavar="N",
        help="corpus sizes (default: 1000 5000)",
    )
    ap.add_argument("--runs", type=int, default=3, help="runs of each command per size (default 3)")
    ap.add_argument(
        "--shapes",
        choices=SHAPES,
        nargs="+",
        default=["spread"],
        help="spread: over two years (default); week: every story in one week",
    )
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--json", type=Path, default=HERE / "results.json", help="JSON output path")
    ap.add_argument(
        "--only",
        choices=COMMANDS,
        action="append",
        help="measure only this command (repeatable; default: plain, plugin and check)",
    )
    ap.add_argument("--python", default=sys.executable, help="interpreter for the children")
    ap.add_argument("--tmp", type=Path, default=None, help="parent directory for the temporary work dirs")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus and built sites")
    ap.add_argument("--strict", action="store_true", help="exit 2 if a target at N=5000 is missed")
    args = ap.parse_args(argv)
    if args.runs < 1 or any(n < 1 for n in args.counts):
        ap.error("--runs and --counts must be positive")
    args.only = [c for c in COMMANDS if c in (args.only or DEFAULT_COMMANDS)]

    results = []
    try:
        for n in args.counts:
            for shape in args.shapes:
                results.append(bench_one(n, args, args.tmp, shape))
    except CommandFailed as exc:
        log(str(exc))
        return 1

    tgt = targets(results)
    report = {
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "versions": versions(args.python),
        "seed": args.seed,
        "runs": args.runs,
        "results": results,
        "targets": tgt,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(markdown(results, tgt))
    log(f"wrote {args.json}")
    missed = not (tgt.get("plugin_ratio_met", True) and tgt.get("check_met", True))
    if args.strict and tgt["evaluated"] and missed:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
