"""A customer without consent is named nowhere, however the name is written: one build searched whole
(pages, feeds, sitemap, the search index with Pagefind's files gunzipped, file names, the Needs-attention
page), and the week's digest as `emptychair digest` writes it: e-mail (each MIME part and header
decoded), JSON and Markdown."""

from __future__ import annotations

import email
import email.policy
import gzip
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from emptychair.cli.main import main

from ..conftest import Site

WITHHELD = {
    "Margaret Hughes": {"organisation": "Acme Ltd", "segment": "Retail"},
    "Zoë Brontë": {"segment": "Trade"},
    "Robert Stoneleigh Jr., PhD": {"segment": "Trade"},
    "Siobhan O'Neill": {"segment": "Retail"},
    "Cher": {"segment": "Retail"},
    "Mary Ann Quigley": {"segment": "Trade"},
    "Ottoline Fairweather Jones": {"segment": "Retail"},
}
# What each withheld customer leaves behind when a form of their name slips through, in any output
# once folded as a reader would read it (entities decoded, accents, soft hyphens and apostrophes off).
FORBIDDEN = re.compile(r"\b(?:hughes|acme|bronte|o ?neill|stoneleigh|cher|quigley|fairweather)\b")
# Every way of writing them that the issue lists, in another customer's story, a memo and an intro.
MENTIONS = (
    "Hughes, Margaret and Zoe Bronte were both mentioned by Ann, with Robert Stoneleigh Jr. and "
    "Dr Stoneleigh PhD, Siobhan O\u2019Neill, Siobhan O\u02bcneill and Oneill, Cher, Mary Quigley, "
    "Quigley, Mary Ann and Ottoline Fairweather: write to Margaret.Hughes@example.com, "
    "m.hughes@example.com, Cher@example.com or sales@acme.co.uk; see acme.co.uk, "
    "[the complaint](https://example.com/hughes/complaint), /users/quigley, Hu&#103;hes and Hu\u00adghes."
)
SKIPPED = {".png", ".woff", ".woff2", ".wasm", ".js", ".css", ".map"}


def _folded(text: str) -> str:
    # Twice: a feed holds HTML escaped once more.
    text = html.unescape(html.unescape(text))
    text = re.sub("[\u00ad\u200b-\u200d\u2060\ufeff]", "", text)
    text = re.sub("['\u2018\u2019\u02bc\uff07]", " ", text)
    text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return text.casefold()


def _site_outputs(site_dir: Path) -> Iterator[tuple[str, str]]:
    for path in site_dir.rglob("*"):
        if path.is_file() and path.suffix not in SKIPPED:
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            yield path.relative_to(site_dir).as_posix(), data.decode("utf-8", errors="replace")


def _digest_outputs(folder: Path) -> Iterator[tuple[str, str]]:
    """Every file the digest commands wrote: the e-mail as a reader's mail program shows it (each part
    and header decoded), the JSON's strings unescaped."""
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        yield path.name, json.dumps(json.loads(text), ensure_ascii=False) if path.suffix == ".json" else text
        if path.suffix == ".eml":
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for part in message.walk():
                yield f"{path.name} headers", "\n".join(f"{name}: {value}" for name, value in part.items())
                if not part.is_multipart():
                    yield f"{path.name} {part.get_content_type()}", str(part.get_content())


def _write_site(site: Site) -> None:
    for number, (name, fields) in enumerate(WITHHELD.items()):
        site.add(
            f"2026/w47/waited-{number}.md",
            f"{name} waited all day.",
            customer={"name": name, **fields},
            consent=False,
            touchpoints=["delivery"],
        )
    site.add(
        "2026/w47/praise.md",
        MENTIONS,
        title="Ann's thanks",
        customer={"name": "Ann Lee", "segment": "Retail"},
        consent=True,
        quote="Thanks to Hughes, Margaret and Cher.",
        lesson="Zoe Bronte and Quigley, Mary Ann waited too long.",
        featured=True,
        tags=["hughes", "margaret-hughes", "cher", "oneill"],
        follow_up={"owner": "ops-lead", "status": "open", "note": "Ring Ottoline Fairweather and Cher."},
    )
    memo = "---\ntitle: {title}\ndate: 2026-11-18\nkind: memo\nauthor: ops-lead\n---\n{body}\n"
    site.write("2026/w47/what-we-owe.md", memo.format(title="What we owe Cher", body=MENTIONS))
    for name in ("margaret-hughes-apology-plan.md", "cher-apology-plan.md", "quigley-refund.md"):
        site.write(f"2026/w47/{name}", memo.format(title="Apology plan", body="We will apologise."))
    site.write(
        "digests/2026-W47-operations.md",
        f"---\nweek: 2026-W47\ndepartment: operations\nauthor: ops-lead\ntitle: Cher waited\n---\n{MENTIONS}\n",
    )
    site.add(
        "2026/w47/hughes-refund.md",
        customer={"name": "Margaret Hughes", "segment": "Retail"},
        consent=False,
        margaret_hughes_phone="1",
    )


def test_withheld_forms_appear_in_no_output(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_site(site)
    site.build()
    outputs = dict(_site_outputs(site.root / "site"))
    assert any(name.startswith("pagefind/") for name in outputs)
    assert "Ann's thanks" in html.unescape(outputs["stories/praise/index.html"])
    attention = outputs["attention/index.html"]
    assert "apology-plan" in attention and "names a customer who has not consented" in attention

    # The digest commands in this process: the same code as `emptychair digest`, without three more
    # interpreters importing it (that doubled the test's time).
    monkeypatch.chdir(site.root)
    digests = tmp_path / "digests"
    for output_format in ("email", "json", "markdown"):
        week = ["digest", "--week", "2026-W47", "--department", "operations", "--format", output_format]
        assert main([*week, "--out", str(digests)]) == 0
    outputs.update(_digest_outputs(digests))
    # Each output holds what it should: the digests the praise and the intro, the e-mail every part.
    stem = "digest-2026-W47-operations"
    for name in (f"{stem}.json", f"{stem}.md", f"{stem}.eml text/plain"):
        assert "Ann's thanks" in html.unescape(outputs[name]), name
    for name in (f"{stem}.md", f"{stem}.eml text/html"):
        assert "were both mentioned by Ann" in outputs[name], name

    leaks = {
        name: found.group()
        for name, text in outputs.items()
        if (found := FORBIDDEN.search(_folded(f"{name} {text}")))
    }
    assert leaks == {}, leaks
