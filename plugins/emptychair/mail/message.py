"""A digest as an e-mail: HTML with its CSS inlined, a multipart/alternative message, files on disk."""

from __future__ import annotations

import email.policy
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import css_inline

from ..stories.model import Scope
from .addresses import one_line

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
class MailingList:
    """The list a digest goes out on: List-Id, and List-Unsubscribe as a mailto to the sender."""

    name: str
    """Shown by mail clients, e.g. 'Operations digest'."""
    label: str
    """A unique dotted label, e.g. 'operations.digest.intranet.example' (RFC 2919)."""


@dataclass(frozen=True)
class Envelope:
    """Who sends a digest, to whom, under which subject, on which list."""

    sender: Address
    recipients: tuple[Address, ...]
    subject: str
    reply_to: Address | None = None
    mailing_list: MailingList | None = None

    def __post_init__(self) -> None:
        if not self.recipients:
            raise ValueError(f"a digest from {self.sender} needs at least one recipient")


def _safe_local_part(key: str) -> str:
    local = _UNSAFE_ID_CHARACTERS.sub("-", key).strip("-.")
    if not local:
        raise ValueError(f"message ID key {key!r} has no letters or digits to build a Message-ID from")
    return local


def _checked_domain(domain: str) -> str:
    if not _DOMAIN.fullmatch(domain):
        raise ValueError(f"message ID domain {domain!r} is not a domain name such as intranet.example")
    return domain


def message_id(key: str, domain: str) -> str:
    """A Message-ID of its own for every message: the key (say, the digest's week and scope) and a
    random part, so two sendings of one digest are two messages, as RFC 5322 wants."""
    return f"<{_safe_local_part(key)}.{secrets.token_hex(8)}@{_checked_domain(domain)}>"


def list_label(scope: Scope, domain: str) -> str:
    """A List-Id label such as 'operations.digest.intranet.example'."""
    return f"{_safe_local_part(scope).lower()}.digest.{_checked_domain(domain)}"


# The SMTP policy writes CRLF line endings, what both SMTP and .eml files expect. Headers given as source
# text (set_raw) are written as they are ("none"): the policy would otherwise fold a Message-ID onto a line
# of its own and turn a long List-Unsubscribe into RFC 2047 encoded words, which clients do not read as
# <mailto:...>. Every other header is a header object, folded and encoded by the policy as usual.
_POLICY = email.policy.SMTP.clone(refold_source="none")
_MAX_LINE = 998  # RFC 5322 2.1.1: the one limit a header line must keep


def _set_verbatim(message: EmailMessage, name: str, value: str) -> None:
    """A header of our own making, ASCII without line breaks, written on one line exactly as given."""
    if not value.isascii() or one_line(value) != value or len(name) + 2 + len(value) > _MAX_LINE:
        raise ValueError(f"{name} {value!r} is not one ASCII line of at most {_MAX_LINE} characters")
    message.set_raw(name, value)


def compose(envelope: Envelope, html: str, text: str, *, date: datetime, message_id: str) -> EmailMessage:
    """A multipart/alternative message, plain text first so clients that can show HTML prefer it.

    Addresses go in as Address objects and every other header through one_line(), so no value taken
    from a story or site_config can add a header; the email package encodes non-ASCII text (RFC 2047).
    """
    if date.utcoffset() is None:
        raise ValueError(f"the date of a digest e-mail needs a time zone, got {date.isoformat()}")
    message = EmailMessage(policy=_POLICY)
    message["From"] = envelope.sender
    message["To"] = envelope.recipients
    if envelope.reply_to is not None:
        message["Reply-To"] = envelope.reply_to
    message["Subject"] = one_line(envelope.subject)
    message["Date"] = format_datetime(date)
    _set_verbatim(message, "Message-ID", message_id)
    if envelope.mailing_list is not None:
        listed = envelope.mailing_list
        message["List-Id"] = f"{one_line(listed.name)} <{listed.label}>"
        unsubscribe = quote(f"unsubscribe {listed.label}")
        _set_verbatim(
            message, "List-Unsubscribe", f"<mailto:{envelope.sender.addr_spec}?subject={unsubscribe}>"
        )
    message["MIME-Version"] = "1.0"
    # Quoted-printable keeps non-ASCII text and long HTML lines 7-bit clean for servers without 8BITMIME.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    for part in message.iter_parts():
        del part["MIME-Version"]  # add_alternative gives the HTML part its own; only the top level needs it
    # A boundary derived from the Message-ID makes the same inputs give the same bytes; "=_" cannot occur
    # in quoted-printable text, so the boundary can never collide with the content.
    message.set_boundary(f"=_emptychair_{hashlib.sha256(message_id.encode()).hexdigest()[:32]}")
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
