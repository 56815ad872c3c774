"""One bad file never stops the rest: input that crashed PyYAML, tomllib or the date arithmetic is one
line naming file, line and field, in check and build, and every other story is built."""

from __future__ import annotations

import subprocess
import sys

from ..conftest import Site

HEAD = "---\ntitle: Bad\ndate: 2026-11-17\nkind: memo\nauthor: ops-lead\n"
BAD_FILES = {
    "hex.md": (
        HEAD + "rating: 0x_\n---\n",
        "stories/2026/w47/hex.md:6: rating: front matter is not valid YAML",
    ),
    "maybe.md": (HEAD + "consent: !!bool maybe\n---\n", "stories/2026/w47/maybe.md:6: consent: front matter"),
    "digits.md": (HEAD + "nps: " + "9" * 5000 + "\n---\n", "stories/2026/w47/digits.md:6: nps: front matter"),
    "nested.md": (
        HEAD + "tags: " + "[" * 600 + '"\\t"' + "]" * 600 + "\n---\n",
        "stories/2026/w47/nested.md:6: front matter is not valid YAML: nested more than 16 levels deep",
    ),
    "bomb.md": (
        HEAD
        + 'lol: &a ["\\t", lol]\n'
        + "".join(
            f"l{n}: &l{n} [{', '.join([f'*{p}'] * 9)}]\n"
            for n, p in enumerate(["a", *[f"l{i}" for i in range(8)]])
        )
        + "---\n",
        "stories/2026/w47/bomb.md",
    ),
    "twice.md": (
        HEAD + "consent: false\nrating: 2\nconsent: true\n---\n",
        "stories/2026/w47/twice.md:6: consent: written twice, on lines 6 and 8",
    ),
    "toml.md": (
        '+++\ntitle = "x"\ntags = ' + "[" * 3000 + "]" * 3000 + "\n+++\n",
        "stories/2026/w47/toml.md:2: front matter is not valid TOML: nested more than 16 levels deep",
    ),
    "ancient.md": (
        HEAD.replace("2026-11-17", "0001-01-01") + "---\n",
        "stories/2026/w47/ancient.md:3: date: 0001-01-01 is not a date from 1900 to 2200",
    ),
    "future.md": (
        HEAD.replace("2026-11-17", "9999-12-31") + "---\n",
        "stories/2026/w47/future.md:3: date: 9999-12-31 is not a date from 1900 to 2200",
    ),
    "offset.md": (
        HEAD.replace("2026-11-17", "9999-12-31T23:00:00-05:00") + "---\n",
        "stories/2026/w47/offset.md:3: date: 9999-12-31T23:00:00-05:00 is not a date from 1900 to 2200",
    ),
    "due.md": (
        HEAD + "follow_up: {owner: ops-lead, due: 9999-12-31T23:00:00-05:00}\n---\n",
        "stories/2026/w47/due.md:6: follow_up.due: 9999-12-31T23:00:00-05:00 is not a date from 1900",
    ),
    "huge.md": (
        HEAD + "---\n" + "x" * 1_200_000,
        "stories/2026/w47/huge.md: file is 1.2 MB; a story or intro",
    ),
}


def test_each_bad_file_is_one_line_and_the_rest_is_built(site: Site) -> None:
    site.add("2026/w47/fine.md", title="A fine story")
    for name, (text, _) in BAD_FILES.items():
        site.write(f"2026/w47/{name}", text)
    checked = subprocess.run(
        [sys.executable, "-m", "emptychair", "check"],
        capture_output=True,
        text=True,
        cwd=site.root,
        timeout=120,
    )
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr
    lines = checked.stdout.splitlines()
    for _, expected in BAD_FILES.values():
        assert sum(line.startswith(expected) for line in lines) == 1, (expected, lines)
    assert len(lines) == len(BAD_FILES), lines

    built = site.build()
    assert "Traceback" not in built.stderr
    assert site.content("stories/fine/").css_first("h1") is not None
    attention = site.content("attention/").text()
    assert "nested more than 16 levels deep" in attention
