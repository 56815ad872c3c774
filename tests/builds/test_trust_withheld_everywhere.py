"""A customer without consent is named nowhere in a built site, however the name is written: pages,
feeds, sitemap, digests (JSON and Markdown), the search index (Pagefind's files gunzipped), file names,
and the Needs-attention page."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from ..conftest import Site

FORBIDDEN = re.compile(r"\b(?:hughes|acme|bront[eë])\b")


def _every_output(site_dir: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in site_dir.rglob("*"):
        if not path.is_file() or path.suffix in {".png", ".woff", ".woff2", ".wasm", ".js", ".css", ".map"}:
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[path.relative_to(site_dir).as_posix()] = data.decode("utf-8", errors="replace").lower()
    return texts


def test_withheld_forms_appear_in_no_output(site: Site) -> None:
    site.add(
        "2026/w47/soaked-parcel.md",
        "Margaret Hughes found the parcel soaked.",
        customer={"name": "Margaret Hughes", "organisation": "Acme Ltd", "segment": "Retail"},
        consent=False,
    )
    site.add(
        "2026/w47/late-van.md",
        "Zoë Brontë waited all day.",
        customer={"name": "Zoë Brontë", "segment": "Trade"},
        consent=False,
    )
    site.add(
        "2026/w47/praise.md",
        "Hughes, Margaret and Zoe Bronte were both mentioned by Ann: write to Margaret.Hughes@example.com, "
        "m.hughes@example.com or sales@acme.co.uk; see acme.co.uk and Hu&#103;hes and Hu\u00adghes.",
        title="Ann's thanks",
        customer={"name": "Ann Lee", "segment": "Retail"},
        consent=True,
        tags=["hughes", "margaret-hughes"],
    )
    site.write(
        "2026/w47/margaret-hughes-apology-plan.md",
        "---\ntitle: Apology plan\ndate: 2026-11-18\nkind: memo\nauthor: ops-lead\n---\nWe will apologise.\n",
    )
    site.add(
        "2026/w47/hughes-refund.md",
        customer={"name": "Margaret Hughes", "segment": "Retail"},
        consent=False,
        margaret_hughes_phone="1",
    )
    site.build()
    outputs = _every_output(site.root / "site")
    assert any(name.startswith("pagefind/") for name in outputs)
    assert "ann's thanks" in outputs["stories/praise/index.html"].replace("&#39;", "'")
    leaks = {
        name: found.group() for name, text in outputs.items() if (found := FORBIDDEN.search(f"{name} {text}"))
    }
    assert leaks == {}, leaks
    attention = outputs["attention/index.html"]
    assert "apology-plan" in attention and "names a customer who has not consented" in attention
