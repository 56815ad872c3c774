"""Addresses and header text from site_config and stories, checked before any message is built."""

from __future__ import annotations

import email.errors
import email.policy
import re
from email.headerregistry import Address

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """Header text from a story or site_config: line breaks and control characters become one space.

    A title or a department name with a CR/LF in it could otherwise end the header and start another
    (a Bcc, say); the email package encodes what is left, non-ASCII included.
    """
    return " ".join(_CONTROL_CHARACTERS.sub(" ", text).split())


def parse_address(text: str, where: str) -> Address:
    """One address such as 'Sales <sales@example.com>', parsed by the email package; ValueError otherwise.

    `where` names the setting it came from, for the message. Line breaks and control characters are
    refused rather than cleaned: an address is configuration, and a changed address is a wrong one.
    """
    if _CONTROL_CHARACTERS.search(text):
        raise ValueError(f"{where}: {text!r} contains a line break or control character; give one address")
    try:
        header = email.policy.SMTP.header_factory("To", text)
    except (email.errors.HeaderParseError, IndexError):
        # The parser fails with an IndexError on some truncated addresses, such as 'ops@'.
        header = None
    if header is None or len(header.addresses) != 1 or header.defects:
        raise ValueError(f"{where}: {text!r} is not one e-mail address such as 'Sales <sales@example.com>'")
    address: Address = header.addresses[0]
    if not address.username or not address.domain or not address.addr_spec.isascii():
        raise ValueError(
            f"{where}: {text!r} is not an e-mail address with an ASCII name@domain, such as sales@example.com"
        )
    return Address(one_line(address.display_name), addr_spec=address.addr_spec)
