"""A real SMTP server on 127.0.0.1 (aiosmtpd) for tests: records what arrives, refuses some recipients."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, Session
from aiosmtpd.smtp import Envelope as SmtpEnvelope
from emptychair.mail.smtp import SmtpSettings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Delivered:
    mail_from: str
    recipients: list[str]
    content: bytes
    login: bytes | None
    encrypted: bool
    """Whether the session had switched to TLS (STARTTLS) before the message came."""


@dataclass
class RecordingHandler:
    """Accepts every recipient except those whose address contains "refuse", and keeps what arrives."""

    delivered: list[Delivered] = field(default_factory=list)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: SmtpEnvelope, address: str, rcpt_options: list[str]
    ) -> str:
        if "refuse" in address:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: SmtpEnvelope) -> str:
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        content = envelope.original_content or b""
        self.delivered.append(
            Delivered(envelope.mail_from or "", list(envelope.rcpt_tos), content, login, bool(session.ssl))
        )
        return "250 Message accepted for delivery"


def accept_digest_user(
    server: SMTP, session: Session, envelope: SmtpEnvelope, mechanism: str, auth_data: Any
) -> AuthResult:
    known = isinstance(auth_data, LoginPassword) and auth_data == (b"digest", b"correct horse")
    return AuthResult(success=known, handled=False, auth_data=auth_data)


@dataclass(frozen=True)
class SmtpServer:
    port: int
    handler: RecordingHandler

    def settings(self, **overrides: Any) -> SmtpSettings:
        return SmtpSettings(
            **{"host": "127.0.0.1", "port": self.port, "starttls": False, "timeout": 5.0, **overrides}
        )


@pytest.fixture
def start_server() -> Iterator[Callable[..., SmtpServer]]:
    controllers: list[Controller] = []

    def start(**smtp_parameters: Any) -> SmtpServer:
        handler = RecordingHandler()
        controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **smtp_parameters)
        controllers.append(controller)
        controller.start()
        return SmtpServer(controller.port, handler)

    yield start
    for controller in controllers:
        controller.stop(no_assert=True)


@pytest.fixture
def server(start_server: Callable[..., SmtpServer]) -> SmtpServer:
    return start_server()
