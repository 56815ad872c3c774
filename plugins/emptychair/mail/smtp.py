"""Hand a composed digest to an SMTP server and say, in words, who got it and who did not."""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr


@dataclass(frozen=True)
class SmtpSettings:
    """Where to send; the password is never part of the settings, only the name of its variable."""

    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password_env: str = "EMPTYCHAIR_SMTP_PASSWORD"
    timeout: float = 30.0


@dataclass(frozen=True)
class DeliveryReport:
    """Which recipients the server accepted, and why it refused the others."""

    accepted: tuple[str, ...]
    refused: dict[str, str]  # recipient -> the server's reason

    @property
    def ok(self) -> bool:
        return not self.refused


class DeliveryError(Exception):
    """Why a digest did not reach everyone, in a sentence for the person who sent it.

    `report` says who did and did not get it when the server refused recipients, otherwise it is None.
    """

    def __init__(self, message: str, report: DeliveryReport | None = None) -> None:
        super().__init__(message)
        self.report = report


def send(
    message: EmailMessage, settings: SmtpSettings, environ: Mapping[str, str] = os.environ
) -> DeliveryReport:
    """Deliver to every To, Cc and Bcc address; raise DeliveryError unless the server accepted them all."""
    credentials = _credentials(settings, environ)
    sender = _sender(message)
    recipients = _recipients(message)
    server = f"{settings.host}:{settings.port}"
    not_sent = f"nothing was sent to {', '.join(recipients)}"
    try:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(
            f"could not connect to SMTP server {server}: {_reason(error)}; {not_sent}"
        ) from error
    try:
        if settings.starttls:
            _start_tls(smtp, server, not_sent)
        if credentials is not None:
            _log_in(smtp, server, *credentials, not_sent)
        refused = _hand_over(smtp, server, message, sender, recipients)
    finally:
        _hang_up(smtp)
    report = DeliveryReport(
        accepted=tuple(address for address in recipients if address not in refused), refused=refused
    )
    if not report.ok:
        not_reached = ", ".join(f"{address} ({reason})" for address, reason in refused.items())
        raise DeliveryError(
            f"SMTP server {server} refused some recipients: the digest was sent to {', '.join(report.accepted)} but not to {not_reached}",
            report,
        )
    return report


def _credentials(settings: SmtpSettings, environ: Mapping[str, str]) -> tuple[str, str] | None:
    if settings.user is None:
        return None
    password = environ.get(settings.password_env, "")
    if not password:
        raise DeliveryError(
            f"SMTP user {settings.user!r} is configured but the environment variable {settings.password_env} is empty or not set; the password is read only from there; nothing was sent"
        )
    return settings.user, password


def _sender(message: EmailMessage) -> str:
    sender = parseaddr(str(message.get("From", "")))[1]
    if not sender:
        raise DeliveryError("the message has no From address; nothing was sent")
    return sender


def _recipients(message: EmailMessage) -> list[str]:
    """The addresses smtplib's send_message would derive, so reports name exactly whom it tried."""
    fields = [str(value) for name in ("To", "Cc", "Bcc") for value in message.get_all(name, [])]
    addresses = [address for _, address in getaddresses(fields) if address]
    if not addresses:
        raise DeliveryError("the message has no recipients in To, Cc or Bcc; nothing was sent")
    return list(dict.fromkeys(addresses))


def _start_tls(smtp: smtplib.SMTP, server: str, not_sent: str) -> None:
    try:
        smtp.starttls(context=ssl.create_default_context())
    except smtplib.SMTPNotSupportedError as error:
        raise DeliveryError(
            f"SMTP server {server} does not offer STARTTLS, so the digest would travel unencrypted; {not_sent} (set starttls to false only for a server you reach over a trusted network)"
        ) from error
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(
            f"STARTTLS with SMTP server {server} failed: {_reason(error)}; {not_sent}"
        ) from error


def _log_in(smtp: smtplib.SMTP, server: str, user: str, password: str, not_sent: str) -> None:
    try:
        smtp.login(user, password)
    except smtplib.SMTPAuthenticationError as error:
        raise DeliveryError(
            f"SMTP server {server} refused the login for user {user!r}: {_reason(error)}; {not_sent}"
        ) from error
    except smtplib.SMTPNotSupportedError as error:
        raise DeliveryError(
            f"SMTP server {server} does not offer a login (no AUTH extension) to log in as {user!r}; {not_sent}"
        ) from error
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(
            f"logging in to SMTP server {server} as {user!r} failed: {_reason(error)}; {not_sent}"
        ) from error


def _hand_over(
    smtp: smtplib.SMTP, server: str, message: EmailMessage, sender: str, recipients: list[str]
) -> dict[str, str]:
    """Send the message; return the recipients the server refused while accepting others."""
    try:
        refused = smtp.send_message(message, from_addr=sender, to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as error:
        reasons = {address: _reply(code, text) for address, (code, text) in error.recipients.items()}
        listed = ", ".join(f"{address} ({reason})" for address, reason in reasons.items())
        raise DeliveryError(
            f"SMTP server {server} refused every recipient, so nothing was sent: {listed}",
            DeliveryReport(accepted=(), refused=reasons),
        ) from error
    except smtplib.SMTPSenderRefused as error:
        raise DeliveryError(
            f"SMTP server {server} refused the sender address {sender!r}: {_reason(error)}; nothing was sent to {', '.join(recipients)}"
        ) from error
    except smtplib.SMTPDataError as error:
        raise DeliveryError(
            f"SMTP server {server} rejected the message: {_reason(error)}; nothing was sent to {', '.join(recipients)}"
        ) from error
    except (OSError, smtplib.SMTPException) as error:
        # The connection may have dropped after the server took the message but before it said so.
        raise DeliveryError(
            f"sending through SMTP server {server} failed: {_reason(error)}; the digest may not have reached {', '.join(recipients)}"
        ) from error
    return {address: _reply(code, text) for address, (code, text) in refused.items()}


def _hang_up(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        pass  # what was sent is already decided; a failed goodbye changes nothing
    finally:
        smtp.close()


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return _reply(error.smtp_code, error.smtp_error)
    if isinstance(error, smtplib.SMTPServerDisconnected) and isinstance(error.__context__, TimeoutError):
        return "timed out"  # smtplib calls a server that stays silent a closed connection
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
