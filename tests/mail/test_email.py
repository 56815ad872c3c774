"""The e-mail layer: messages built from a digest's HTML and text, delivered to a real local SMTP server."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
import trustme
from emptychair.mail.addresses import parse_address
from emptychair.mail.message import (
    Envelope,
    MailingList,
    compose,
    list_label,
    message_id,
    standalone_html,
    write_outputs,
)
from emptychair.mail.smtp import DeliveryError, SmtpSettings, send
from emptychair.stories.model import COMPANY
from selectolax.lexbor import LexborHTMLParser

from ..smtp_server import SmtpServer, accept_digest_user, free_port

# Nothing listens here: the port was free a moment ago and this module never starts a server on it.
CLOSED_PORT = free_port()

DIGEST_HTML = f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Semaine 47</title>
<style>
  h1 {{ color: #1a237e; font-size: 22px; }}
  p.quote {{ font-style: italic; border-left: 3px solid #888; }}
</style>
<link rel="stylesheet" href="http://127.0.0.1:{CLOSED_PORT}/theme.css">
<script>document.title = "</p>";</script>
</head>
<body>
<h1>Ce que nos clients disent — semaine 47</h1>
<p class="quote">« Le colis est resté sous la pluie » &amp; rien n’a été fait.</p>
<script src="https://tracker.example/pixel.js"></script>
</body>
</html>
"""

DIGEST_TEXT = (
    "Ce que nos clients disent — semaine 47\n\n« Le colis est resté sous la pluie » & rien n’a été fait.\n"
)

MESSAGE_ID = "<digest-2026-W47-sales.0123456789abcdef@intranet.example>"
SALES = Address("Sales", addr_spec="sales@intranet.example")
SENT_AT = datetime(2026, 11, 23, 8, 30, tzinfo=timezone(timedelta(hours=1)))


def digest_message(
    *recipients: str, subject: str = "Semaine 47 : la voix des clients — Ventes ✓"
) -> EmailMessage:
    envelope = Envelope(
        sender=parse_address("Voix des clients <digest@intranet.example>", "sender"),
        recipients=tuple(
            parse_address(address, "mailing_list")
            for address in recipients or ("Équipe Ventes <sales@intranet.example>", "ops@intranet.example")
        ),
        subject=subject,
        mailing_list=MailingList("Ventes digest", list_label("sales", "intranet.example")),
    )
    return compose(envelope, standalone_html(DIGEST_HTML), DIGEST_TEXT, date=SENT_AT, message_id=MESSAGE_ID)


def parsed(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def text_lines(part: EmailMessage) -> list[str]:
    return part.get_content().splitlines()


# --- the message, without a network ---------------------------------------------------------------


def test_standalone_html_inlines_styles_and_keeps_no_script_or_external_stylesheet() -> None:
    # The linked stylesheet points at a closed port: had the inliner tried to fetch it, it would have raised.
    tree = LexborHTMLParser(standalone_html(DIGEST_HTML))

    assert tree.css("style") == []
    assert tree.css("script") == []
    assert tree.css("link") == []
    heading = tree.css_first("h1")
    quote = tree.css_first("p.quote")
    assert heading is not None and quote is not None
    assert "color: #1a237e" in (heading.attributes["style"] or "")
    assert "font-style: italic" in (quote.attributes["style"] or "")
    assert heading.text() == "Ce que nos clients disent — semaine 47"
    assert quote.text() == "« Le colis est resté sous la pluie » & rien n’a été fait."


def test_compose_gives_headers_and_both_alternatives_that_parse_back() -> None:
    message = parsed(bytes(digest_message()))

    assert message["From"] == "Voix des clients <digest@intranet.example>"
    assert message["To"] == "Équipe Ventes <sales@intranet.example>, ops@intranet.example"
    assert message["Subject"] == "Semaine 47 : la voix des clients — Ventes ✓"
    assert message["Date"] == "Mon, 23 Nov 2026 08:30:00 +0100"
    assert message["Message-ID"] == MESSAGE_ID
    assert message["List-Id"] == "Ventes digest <sales.digest.intranet.example>"
    assert message["List-Unsubscribe"] == (
        "<mailto:digest@intranet.example?subject=unsubscribe%20sales.digest.intranet.example>"
    )
    assert message["Reply-To"] is None
    assert message.get_all("MIME-Version") == ["1.0"]
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert plain.get_content_charset() == html.get_content_charset() == "utf-8"
    assert text_lines(plain) == DIGEST_TEXT.splitlines()
    assert "« Le colis est resté sous la pluie »" in html.get_content()


def test_compose_is_deterministic_and_seven_bit_clean() -> None:
    first, second = bytes(digest_message()), bytes(digest_message())

    assert first == second
    assert first.isascii()
    assert b"\r\n" in first


@pytest.mark.parametrize(
    ("key", "domain", "expected"),
    [
        (
            "digest-2026-W47-sales",
            "intranet.example",
            r"<digest-2026-W47-sales\.[0-9a-f]{16}@intranet\.example>",
        ),
        (
            "digest 2026-W47/Ventes & Co",
            "intranet.example",
            r"<digest-2026-W47-Ventes-Co\.[0-9a-f]{16}@intranet\.example>",
        ),
        (
            "<digest@2026-W47>",
            "mail.intranet.example",
            r"<digest-2026-W47\.[0-9a-f]{16}@mail\.intranet\.example>",
        ),
    ],
)
def test_message_id_keeps_only_safe_characters_and_is_new_every_time(
    key: str, domain: str, expected: str
) -> None:
    first, second = message_id(key, domain), message_id(key, domain)
    assert re.fullmatch(expected, first) and re.fullmatch(expected, second)
    assert first != second


@pytest.mark.parametrize(
    ("key", "domain", "words"),
    [
        ("/// ", "intranet.example", "no letters or digits"),
        ("digest", "intranet example", "not a domain name"),
        ("digest", "evil>@x", "not a domain name"),
    ],
)
def test_message_id_refuses_what_cannot_make_one(key: str, domain: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        message_id(key, domain)


def test_compose_refuses_a_date_without_time_zone() -> None:
    envelope = Envelope(Address(addr_spec="digest@intranet.example"), (SALES,), "Week 47")
    with pytest.raises(ValueError, match="needs a time zone"):
        compose(envelope, "<p>x</p>", "x", date=datetime(2026, 11, 23, 8, 30), message_id=MESSAGE_ID)


def test_envelope_needs_a_recipient() -> None:
    with pytest.raises(ValueError, match="at least one recipient"):
        Envelope(Address(addr_spec="digest@intranet.example"), (), "Week 47")


def test_write_outputs_writes_html_text_and_eml(tmp_path: Path) -> None:
    html = standalone_html(DIGEST_HTML)
    message = digest_message()

    paths = write_outputs(message, html, DIGEST_TEXT, tmp_path / "out", "2026-W47-sales")

    assert [path.name for path in paths] == [
        "2026-W47-sales.html",
        "2026-W47-sales.txt",
        "2026-W47-sales.eml",
    ]
    html_path, text_path, eml_path = paths
    assert html_path.read_text(encoding="utf-8") == html
    assert text_path.read_text(encoding="utf-8") == DIGEST_TEXT
    assert eml_path.read_bytes() == bytes(message)
    assert parsed(eml_path.read_bytes())["Subject"] == "Semaine 47 : la voix des clients — Ventes ✓"


@pytest.mark.parametrize("stem", ["", "..", "../escape", "sub/dir"])
def test_write_outputs_refuses_a_stem_that_is_not_a_file_name(tmp_path: Path, stem: str) -> None:
    with pytest.raises(ValueError, match="not a plain file name"):
        write_outputs(digest_message(), "<p>x</p>", "x", tmp_path, stem)


# --- delivery through a real SMTP server ----------------------------------------------------------


@pytest.fixture
def auth_server(start_server: Callable[..., SmtpServer]) -> SmtpServer:
    # No certificate to offer STARTTLS with, so this server must allow AUTH in the clear.
    return start_server(authenticator=accept_digest_user, auth_require_tls=False)


def test_digest_arrives_and_parses(server: SmtpServer) -> None:
    report = send(digest_message(), server.settings())

    assert report.ok
    assert report.accepted == ("sales@intranet.example", "ops@intranet.example")
    assert report.refused == {}
    [delivered] = server.handler.delivered
    assert delivered.mail_from == "digest@intranet.example"
    assert delivered.recipients == ["sales@intranet.example", "ops@intranet.example"]
    message = parsed(delivered.content)
    assert message["From"] == "Voix des clients <digest@intranet.example>"
    assert message["To"] == "Équipe Ventes <sales@intranet.example>, ops@intranet.example"
    assert message["Subject"] == "Semaine 47 : la voix des clients — Ventes ✓"
    assert message["Date"] == format_datetime(SENT_AT)
    assert message["Message-ID"] == MESSAGE_ID
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert text_lines(plain) == DIGEST_TEXT.splitlines()
    tree = LexborHTMLParser(html.get_content())
    assert tree.css("style") == tree.css("script") == tree.css("link") == []
    quote = tree.css_first("p.quote")
    assert quote is not None
    assert "font-style: italic" in (quote.attributes["style"] or "")
    assert quote.text() == "« Le colis est resté sous la pluie » & rien n’a été fait."


def test_message_id_and_list_unsubscribe_arrive_on_one_line_as_written(server: SmtpServer) -> None:
    domain = "intranet.harbourpine.example"
    identifier = message_id("digest-2026-W47-company", domain)
    envelope = Envelope(
        sender=Address("Harbour & Pine · The empty chair", addr_spec=f"emptychair@{domain}"),
        recipients=(SALES,),
        subject="Company, 2026-W47: 13 customers waiting, 5 stories",
        mailing_list=MailingList("Company digest", list_label(COMPANY, domain)),
    )
    message = compose(envelope, "<p>Hello</p>", "Hello", date=SENT_AT, message_id=identifier)

    send(message, server.settings())

    [delivered] = server.handler.delivered
    lines = delivered.content.split(b"\r\n\r\n")[0].decode("ascii").split("\r\n")
    # Clients read List-Unsubscribe only as <mailto:...>, never inside an RFC 2047 encoded word.
    assert f"Message-ID: {identifier}" in lines
    assert (
        f"List-Unsubscribe: <mailto:emptychair@{domain}?subject=unsubscribe%20company.digest.{domain}>"
    ) in lines
    assert all(len(line) <= 998 for line in lines)
    received = parsed(delivered.content)
    assert received["Message-ID"] == identifier
    assert received["List-Unsubscribe"] == (
        f"<mailto:emptychair@{domain}?subject=unsubscribe%20company.digest.{domain}>"
    )


def test_refused_connection_names_the_server_and_who_was_not_reached() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=CLOSED_PORT, starttls=False, timeout=5.0)

    with pytest.raises(DeliveryError) as caught:
        send(digest_message(), settings)

    assert str(caught.value) == (
        f"could not connect to SMTP server 127.0.0.1:{CLOSED_PORT}: Connection refused; "
        "nothing was sent to sales@intranet.example, ops@intranet.example"
    )
    assert caught.value.report is None


def test_refused_recipient_among_good_ones(server: SmtpServer) -> None:
    message = digest_message("sales@intranet.example", "refuse-me@intranet.example", "ops@intranet.example")

    with pytest.raises(DeliveryError) as caught:
        send(message, server.settings())

    [delivered] = server.handler.delivered
    assert delivered.recipients == ["sales@intranet.example", "ops@intranet.example"]
    report = caught.value.report
    assert report is not None and not report.ok
    assert report.accepted == ("sales@intranet.example", "ops@intranet.example")
    assert report.refused == {"refuse-me@intranet.example": "550 5.1.1 mailbox unavailable"}
    assert str(caught.value) == (
        f"SMTP server 127.0.0.1:{server.port} refused some recipients: the digest was sent to "
        "sales@intranet.example, ops@intranet.example but not to "
        "refuse-me@intranet.example (550 5.1.1 mailbox unavailable)"
    )


def test_every_recipient_refused(server: SmtpServer) -> None:
    message = digest_message("refuse-a@intranet.example", "refuse-b@intranet.example")

    with pytest.raises(DeliveryError, match="refused every recipient, so nothing was sent") as caught:
        send(message, server.settings())

    assert server.handler.delivered == []
    assert "refuse-a@intranet.example (550 5.1.1 mailbox unavailable)" in str(caught.value)
    assert caught.value.report is not None
    assert caught.value.report.accepted == ()
    assert set(caught.value.report.refused) == {"refuse-a@intranet.example", "refuse-b@intranet.example"}


@pytest.mark.parametrize("environ", [{}, {"DIGEST_SMTP_PASSWORD": ""}])
def test_missing_password_variable_stops_before_connecting(
    server: SmtpServer, environ: dict[str, str]
) -> None:
    settings = server.settings(user="digest", password_env="DIGEST_SMTP_PASSWORD")

    with pytest.raises(DeliveryError) as caught:
        send(digest_message(), settings, environ)

    assert str(caught.value) == (
        "SMTP user 'digest' is configured but the environment variable DIGEST_SMTP_PASSWORD is empty or not set; "
        "the password is read only from there; nothing was sent"
    )
    assert server.handler.delivered == []


def test_login_with_password_from_environment(auth_server: SmtpServer) -> None:
    settings = auth_server.settings(user="digest", password_env="DIGEST_SMTP_PASSWORD")

    report = send(digest_message(), settings, {"DIGEST_SMTP_PASSWORD": "correct horse"})

    assert report.ok
    [delivered] = auth_server.handler.delivered
    assert delivered.login == b"digest"


def test_wrong_password_is_a_refused_login(auth_server: SmtpServer) -> None:
    settings = auth_server.settings(user="digest")

    with pytest.raises(DeliveryError) as caught:
        send(digest_message(), settings, {"EMPTYCHAIR_SMTP_PASSWORD": "wrong"})

    assert str(caught.value).startswith(
        f"SMTP server 127.0.0.1:{auth_server.port} refused the login for user 'digest': 535 "
    )
    assert str(caught.value).endswith("nothing was sent to sales@intranet.example, ops@intranet.example")
    assert auth_server.handler.delivered == []


def test_login_against_a_server_without_auth(server: SmtpServer) -> None:
    settings = server.settings(user="digest")

    with pytest.raises(DeliveryError, match="does not offer a login"):
        send(digest_message(), settings, {"EMPTYCHAIR_SMTP_PASSWORD": "correct horse"})

    assert server.handler.delivered == []


def test_starttls_required_but_not_offered(server: SmtpServer) -> None:
    with pytest.raises(DeliveryError) as caught:
        send(digest_message(), server.settings(starttls=True))

    assert str(caught.value).startswith(
        f"SMTP server 127.0.0.1:{server.port} does not offer STARTTLS, so the digest would travel unencrypted; "
        "nothing was sent to sales@intranet.example, ops@intranet.example"
    )
    assert server.handler.delivered == []


def test_server_that_never_greets_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        settings = SmtpSettings(host="127.0.0.1", port=port, starttls=False, timeout=0.2)

        with pytest.raises(DeliveryError) as caught:
            send(digest_message(), settings)

    assert str(caught.value) == (
        f"could not connect to SMTP server 127.0.0.1:{port}: timed out; "
        "nothing was sent to sales@intranet.example, ops@intranet.example"
    )


# --- headers that no story or site_config value can break -----------------------------------------


@pytest.mark.parametrize(
    ("subject", "shown"),
    [
        (
            "Sales\r\nBcc: thief@evil.example, 2026-W47: 3 customers waiting",
            "Sales Bcc: thief@evil.example, 2026-W47: 3 customers waiting",
        ),
        ("Sales\nBcc: thief@evil.example", "Sales Bcc: thief@evil.example"),
        ("Sales\rBcc: thief@evil.example", "Sales Bcc: thief@evil.example"),
        ("Sales\u2028Bcc:\x00thief@evil.example\x1b", "Sales Bcc: thief@evil.example"),
        ("Équipe Ventes\r\n\r\n<h1>body</h1>", "Équipe Ventes <h1>body</h1>"),
    ],
)
def test_line_breaks_in_a_subject_cannot_add_a_header_or_a_body(subject: str, shown: str) -> None:
    raw = bytes(digest_message(subject=subject))
    message = parsed(raw)

    assert message["Bcc"] is None
    assert message["Subject"] == shown
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc:" not in headers
    assert message.get_content_type() == "multipart/alternative"  # no blank line ended the headers early
    assert raw.isascii()


def test_non_ascii_names_are_encoded_not_sent_raw() -> None:
    sender = parse_address("Harbour & Pine · Ventes <voice@intranet.example>", "sender")
    envelope = Envelope(
        sender=sender,
        recipients=(parse_address("Équipe Ventes <sales@intranet.example>", "list"),),
        subject="Ventes, 2026-W47 : 3 clients en attente — ✓",
        reply_to=parse_address("Service client <care@intranet.example>", "reply_to"),
        mailing_list=MailingList(
            "Équipe\r\nBcc: thief@evil.example digest", list_label("ventes", "intranet.example")
        ),
    )
    raw = bytes(compose(envelope, "<p>x</p>", "x", date=SENT_AT, message_id=MESSAGE_ID))
    message = parsed(raw)

    assert raw.isascii()
    assert message["From"] == "Harbour & Pine · Ventes <voice@intranet.example>"
    assert message["To"] == "Équipe Ventes <sales@intranet.example>"
    assert message["Reply-To"] == "Service client <care@intranet.example>"
    assert message["Subject"] == "Ventes, 2026-W47 : 3 clients en attente — ✓"
    assert message["List-Id"] == "Équipe Bcc: thief@evil.example digest <ventes.digest.intranet.example>"
    assert message["Bcc"] is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("sales@intranet.example\r\nBcc: thief@evil.example", "line break or control character"),
        ("Sales\n <sales@intranet.example>", "line break or control character"),
        ("sales@intranet.example, thief@evil.example", "is not one e-mail address"),
        ("Sales team", "is not one e-mail address"),
        ("ventes@intränet.example", "ASCII name@domain"),
    ],
)
def test_an_address_that_is_not_exactly_one_address_is_refused(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words) as caught:
        parse_address(text, "mailing_list of sales in site_config/departments.yml")
    assert str(caught.value).startswith("mailing_list of sales in site_config/departments.yml: ")


# --- STARTTLS for real, with a throwaway certificate ----------------------------------------------


@dataclass
class AuthAttempts:
    """An authenticator that accepts digest/correct horse and remembers every attempt it saw."""

    seen: list[tuple[str, bool]] = field(default_factory=list)

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        self.seen.append((mechanism, bool(session.ssl)))
        return accept_digest_user(server, session, envelope, mechanism, auth_data)


@pytest.fixture(scope="module")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(
    start_server: Callable[..., SmtpServer], certificate_authority: trustme.CA
) -> tuple[SmtpServer, AuthAttempts]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(context)
    attempts = AuthAttempts()
    server = start_server(
        tls_context=context, require_starttls=True, authenticator=attempts, auth_require_tls=True
    )
    return server, attempts


@pytest.fixture
def trusted_ca(certificate_authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # How a company trusts its own CA for the SMTP server: OpenSSL reads SSL_CERT_FILE.
    pem = tmp_path / "company-ca.pem"
    certificate_authority.cert_pem.write_to_path(str(pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))


@pytest.mark.usefixtures("trusted_ca")
def test_starttls_then_login_then_the_digest(tls_server: tuple[SmtpServer, AuthAttempts]) -> None:
    server, attempts = tls_server
    settings = server.settings(starttls=True, user="digest")

    report = send(digest_message(), settings, {"EMPTYCHAIR_SMTP_PASSWORD": "correct horse"})

    assert report.ok
    [delivered] = server.handler.delivered
    assert delivered.encrypted
    assert delivered.login == b"digest"
    assert attempts.seen and all(encrypted for _, encrypted in attempts.seen)
    assert parsed(delivered.content)["Subject"] == "Semaine 47 : la voix des clients — Ventes ✓"


def test_starttls_with_a_certificate_nobody_vouches_for_stops_before_login(
    tls_server: tuple[SmtpServer, AuthAttempts],
) -> None:
    server, attempts = tls_server
    settings = server.settings(starttls=True, user="digest")

    with pytest.raises(DeliveryError) as caught:
        send(digest_message(), settings, {"EMPTYCHAIR_SMTP_PASSWORD": "correct horse"})

    assert str(caught.value).startswith(f"STARTTLS with SMTP server 127.0.0.1:{server.port} failed: ")
    assert "certificate verify failed" in str(caught.value)
    assert attempts.seen == []
    assert server.handler.delivered == []


def test_a_server_without_starttls_never_sees_the_password(start_server: Callable[..., SmtpServer]) -> None:
    attempts = AuthAttempts()
    server = start_server(authenticator=attempts, auth_require_tls=False)
    settings = server.settings(starttls=True, user="digest")

    with pytest.raises(DeliveryError) as caught:
        send(digest_message(), settings, {"EMPTYCHAIR_SMTP_PASSWORD": "correct horse"})

    assert "does not offer STARTTLS, so the digest would travel unencrypted" in str(caught.value)
    assert attempts.seen == []
    assert server.handler.delivered == []
