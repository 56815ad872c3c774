"""A digest as an e-mail: HTML with its CSS inlined, a multipart/alternative message, files on disk."""

from __future__ import annotations

import email.policy
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html.parser import HTMLParser
from pathlib import Path

import css_inline

# Mail clients ignore or block both, and a linked stylesheet would make the inliner fetch it.
_DROPPED_ELEMENTS = frozenset({"script", "link"})

_UNSAFE_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
)

# The inliner reads only the document's own <style> blocks: building an e-mail never touches the network.
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)


class _ElementStripper(HTMLParser):
    """Copies a document through unchanged except for the elements it is told to leave out."""

    def __init__(self, dropped: frozenset[str]) -> None:
        super().__init__(convert_charrefs=False)
        self._dropped = dropped
        self._skipping: str | None = None
        self._kept: list[str] = []

    def stripped(self, html: str) -> str:
        self.feed(html)
        self.close()
        return "".join(self._kept)

    def _keep(self, text: str) -> None:
        if self._skipping is None:
            self._kept.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._dropped:
            self._keep(self.get_starttag_text() or "")
        elif tag == "script" and self._skipping is None:
            self._skipping = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._dropped:
            self._keep(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._skipping:
            self._skipping = None
        elif tag not in self._dropped:
            self._keep(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self._keep(data)

    def handle_entityref(self, name: str) -> None:
        self._keep(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._keep(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._keep(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._keep(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._keep(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._keep(f"<![{data}]>")


def standalone_html(html: str) -> str:
    """The document with its <style> rules inlined into style attributes, without scripts or links.

    Many mail clients drop <style> blocks, so every rule that can be inlined is; css_inline then removes
    the blocks (its default), which also drops rules that cannot be inlined, such as @media queries.
    """
    return _INLINER.inline(_ElementStripper(_DROPPED_ELEMENTS).stripped(html))


@dataclass(frozen=True)
class Envelope:
    """Who sends a digest, to whom, under which subject; addresses may carry display names."""

    sender: str
    recipients: tuple[str, ...]
    subject: str

    def __post_init__(self) -> None:
        if not self.recipients:
            raise ValueError(f"a digest from {self.sender} needs at least one recipient")


def message_id(key: str, domain: str) -> str:
    """A Message-ID that stays the same for the same digest, so a resent digest is recognised as one."""
    local = _UNSAFE_ID_CHARACTERS.sub("-", key).strip("-.")
    if not local:
        raise ValueError(f"message ID key {key!r} has no letters or digits to build a Message-ID from")
    if not _DOMAIN.fullmatch(domain):
        raise ValueError(f"message ID domain {domain!r} is not a domain name such as intranet.example")
    return f"<{local}@{domain}>"


def compose(
    envelope: Envelope,
    html: str,
    text: str,
    *,
    date: datetime,
    message_id_domain: str,
    message_id_key: str,
) -> EmailMessage:
    """A multipart/alternative message, plain text first so clients that can show HTML prefer it."""
    if date.utcoffset() is None:
        raise ValueError(f"the date of a digest e-mail needs a time zone, got {date.isoformat()}")
    # The SMTP policy writes CRLF line endings, what both SMTP and .eml files expect.
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = envelope.sender
    message["To"] = ", ".join(envelope.recipients)
    message["Subject"] = envelope.subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = identifier = message_id(message_id_key, message_id_domain)
    message["MIME-Version"] = "1.0"
    # Quoted-printable keeps non-ASCII text and long HTML lines 7-bit clean for servers without 8BITMIME.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    for part in message.iter_parts():
        del part["MIME-Version"]  # add_alternative gives the HTML part its own; only the top level needs it
    # A boundary derived from the Message-ID makes the same inputs give the same bytes; "=_" cannot occur
    # in quoted-printable text, so the boundary can never collide with the content.
    message.set_boundary(f"=_emptychair_{hashlib.sha256(identifier.encode()).hexdigest()[:32]}")
    return message


def write_outputs(message: EmailMessage, html: str, text: str, out_dir: Path, stem: str) -> list[Path]:
    """Write `<stem>.html`, `<stem>.txt` and `<stem>.eml` into out_dir; return their paths in that order."""
    if stem in {"", ".", ".."} or Path(stem).name != stem:
        raise ValueError(f"{stem!r} is not a plain file name to write the digest under")
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, text_path, eml_path = (out_dir / f"{stem}{suffix}" for suffix in (".html", ".txt", ".eml"))
    html_path.write_text(html, encoding="utf-8")
    text_path.write_text(text, encoding="utf-8")
    eml_path.write_bytes(bytes(message))
    return [html_path, text_path, eml_path]
