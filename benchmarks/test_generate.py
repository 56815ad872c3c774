"""Checks for benchmarks/generate.py: determinism and schema validity.

Run with ``.venv/bin/python -m pytest benchmarks/test_generate.py`` or directly
with ``.venv/bin/python benchmarks/test_generate.py [COUNT]``.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import yaml
from emptychair.stories.schema import FIELDS

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate as gen

# The generated stories must use only the schema's own fields.
KEYS = set(FIELDS)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def split_front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n"), "no front matter"
    end = text.index("\n---\n", 4)
    meta = yaml.safe_load(text[4:end])
    assert isinstance(meta, dict)
    return meta, text[end + 5 :]


def validate_corpus(out: Path, count: int) -> Counter:
    """Assert every story is valid against site_config; return field statistics."""
    cfg = gen.load_config(out / "site_config")
    files = sorted((out / "stories").rglob("*.md"))
    assert len(files) == count
    assert len({f.stem for f in files}) == count, "slugs not unique"
    stats: Counter = Counter()
    span = (gen.week_mondays()[0], gen.end_of_corpus())
    weeks = {_check_story(f, cfg, span, stats) for f in files}
    if count >= gen.WEEKS:
        assert len(weeks) == gen.WEEKS, "some week has no story"
    return stats


def _check_story(f: Path, cfg: gen.Config, span: tuple[date, date], stats: Counter) -> tuple[int, int]:
    """One story file's front matter and body, dated within `span`; returns its ISO (year, week)."""
    text = f.read_text(encoding="utf-8")
    assert "{" not in text and "}" not in text, f"unfilled placeholder in {f}"
    meta, body = split_front_matter(text)
    where = str(f)
    assert set(meta) <= KEYS, (where, set(meta) - KEYS)
    kind = meta["kind"]
    assert kind in gen.KINDS, where
    assert f.stem.startswith(kind + "-"), where
    assert isinstance(meta["title"], str) and meta["title"], where
    d = meta["date"]
    iso = _check_date(f, d, span)
    assert meta["channel"] in cfg.channels, where
    assert meta["author"] in cfg.people, where
    tps = meta["touchpoints"]
    assert isinstance(tps, list) and 1 <= len(tps) <= 2 and len(set(tps)) == len(tps), where
    assert all(t in cfg.touchpoints for t in tps), where
    assert isinstance(meta["lesson"], str) and meta["lesson"], where
    tags = meta["tags"]
    assert isinstance(tags, list) and tags and all(isinstance(t, str) for t in tags), where
    _check_customer(meta, cfg, where, stats)
    _check_scores(meta, where, stats)
    if "follow_up" in meta:
        _check_follow_up(meta["follow_up"], (d.date(), span[1]), cfg, where)
        stats["follow_up"] += 1
    if "featured" in meta:
        assert meta["featured"] is True, where
        stats["featured"] += 1
    paragraphs = [p for p in body.strip().split("\n\n") if p and not p.startswith(("- ", "## ", ">"))]
    assert 2 <= len(paragraphs) <= 6, (where, len(paragraphs))
    stats["bullets"] += "\n- " in body
    stats["kind:" + kind] += 1
    return iso[0], iso[1]


def _check_date(f: Path, d: object, span: tuple[date, date]) -> tuple[int, int, int]:
    """A UTC datetime within the corpus, in the folder of its ISO week; returns its ISO calendar date."""
    where = str(f)
    assert isinstance(d, datetime), where
    assert d.utcoffset() is not None and d.utcoffset().total_seconds() == 0, where
    assert span[0] <= d.date() <= span[1], where
    iso = d.date().isocalendar()
    assert f.parent.name == f"w{iso.week:02d}" and f.parent.parent.name == str(iso.year), where
    return iso


def _check_customer(meta: dict, cfg: gen.Config, where: str, stats: Counter) -> None:
    if meta["kind"] == "memo":
        assert "customer" not in meta and "quote" not in meta and "consent" not in meta, where
        assert meta["author"] in cfg.leaders, where
        return
    c = meta["customer"]
    assert isinstance(c, dict) and isinstance(c["name"], str) and c["segment"], where
    assert set(c) <= {"name", "organisation", "segment"}, where
    assert isinstance(meta["consent"], bool), where
    assert isinstance(meta["quote"], str) and meta["quote"], where
    stats["consent"] += meta["consent"]
    stats["customer"] += 1


def _check_scores(meta: dict, where: str, stats: Counter) -> None:
    if "sentiment" in meta:
        assert meta["kind"] != "memo" and "rating" not in meta, where
        assert meta["sentiment"] in {"positive", "neutral", "negative"}, where
    if "rating" in meta:
        assert type(meta["rating"]) is int and 1 <= meta["rating"] <= 5, where
        stats["rating"] += 1
    if "nps" in meta:
        assert type(meta["nps"]) is int and 0 <= meta["nps"] <= 10, where
        stats["nps"] += 1


def _check_follow_up(fu: dict, days: tuple[date, date], cfg: gen.Config, where: str) -> None:
    """`days`: the story's, and the last of the corpus."""
    day, last_day = days
    assert set(fu) == {"owner", "status", "due", "note"} | (
        {"closed"} if fu["status"] == "done" else set()
    ), where
    assert fu["owner"] in cfg.people, where
    assert fu["status"] in {"open", "in-progress", "done"}, where
    assert type(fu["due"]) is date and fu["due"] >= day, where
    if "closed" in fu:
        assert type(fu["closed"]) is date and day < fu["closed"] <= last_day, where


def test_deterministic_and_valid():
    with tempfile.TemporaryDirectory() as tmp:
        a, b, c = Path(tmp, "a"), Path(tmp, "b"), Path(tmp, "c")
        gen.generate(300, a, seed=1)
        gen.generate(300, b, seed=1)
        gen.generate(300, c, seed=2)
        sa = snapshot(a)
        assert sa == snapshot(b), "same seed and count gave different bytes"
        assert sa != snapshot(c), "different seeds gave the same corpus"
        validate_corpus(a, 300)


def test_proportions():
    n = 3000
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "x")
        gen.generate(n, out, seed=7)
        s = validate_corpus(out, n)
    assert 0.06 < s["kind:memo"] / n < 0.10
    assert 0.55 < s["consent"] / s["customer"] < 0.65
    assert 0.25 < s["follow_up"] / n < 0.35
    assert 0.015 < s["featured"] / n < 0.045
    assert 0.80 < s["rating"] / s["customer"] < 0.97
    assert 0.2 < s["nps"] / s["customer"] < 0.5


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        gen.generate(count, Path(tmp, "a"))
        gen.generate(count, Path(tmp, "b"))
        assert snapshot(Path(tmp, "a")) == snapshot(Path(tmp, "b")), "not deterministic"
        stats = validate_corpus(Path(tmp, "a"), count)
    print(f"{count} stories: deterministic, all valid")
    for k in sorted(stats):
        base = stats["customer"] if k in ("consent", "rating", "nps") else count
        print(f"  {k:16} {stats[k]:6}  ({stats[k] / base:.1%} of {'non-memos' if base != count else 'all'})")
