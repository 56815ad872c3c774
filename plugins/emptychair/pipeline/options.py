"""The plugin's options in mkdocs.yml, validated by MkDocs; `settings` turns them into one value."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


class PositiveInt(c.Type[int]):
    """A whole number of at least 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 1:
            raise ValidationError(f"{number} is not a whole number of at least 1")
        return number


class EmailConfig(base.Config):
    sender = c.Type(str, default="")
    """From address of digest e-mails, e.g. 'Customer voice <voice@example.com>'. Default: the site's
    name at emptychair@ the site's host; a bare address gets the site's name as its display name."""

    reply_to = c.Optional(c.Type(str))
    """Where replies to a digest go, e.g. 'Customer team <customer-team@example.com>' (default: the sender)."""

    smtp_host = c.Type(str, default="localhost")
    smtp_port = c.Type(int, default=587)
    starttls = c.Type(bool, default=True)
    """Upgrade the connection with STARTTLS before logging in."""

    user = c.Optional(c.Type(str))
    """SMTP login; its password is read only from the environment variable `password_env`."""

    password_env = c.Type(str, default="EMPTYCHAIR_SMTP_PASSWORD")

    sent_record = c.Type(str, default=".cache/emptychair/sent-digests.json")
    """JSON file, relative to mkdocs.yml, of the digests sent: a re-run of a week sends nothing twice."""


class BalanceConfig(base.Config):
    target = c.Type(float, default=0.6)
    """Share of leadership communications that should be about customers (0..1)."""

    window = c.Type(int, default=4)
    """Weeks, ending with the newest, over which the share is held to the target."""

    enforce = c.Choice(("off", "warn", "strict"), default="warn")
    """Below target: nothing, one warning per leader and department, or a failed build."""

    max_internal_per_digest = c.Optional(c.Type(int))
    """Internal memos a digest shows; default 1 per 3 customer items, at least 1. The rest are listed
    on the week's Internal notices page."""


class EmptyChairConfig(base.Config):
    site_config = c.Type(str, default="site_config")
    """Folder with departments.yml, people.yml and policy.yml, relative to mkdocs.yml."""

    timezone = c.Type(str, default="UTC")
    """IANA timezone in which weeks run Monday to Sunday, e.g. Europe/London."""

    page_size = c.Type(int, default=100)
    """Stories per page on listings (touchpoint, kind, channel, week, department)."""

    today = c.Optional(c.Type(str))
    """Date the site is built 'as of' (overdue follow-ups, days waited). Default: SOURCE_DATE_EPOCH, else today."""

    nav = c.Type(bool, default=True)
    """Set the site's navigation when mkdocs.yml has no `nav`: stories stay out of it, listings link to them."""

    digest_max_stories = PositiveInt(default=25)
    """Customer stories a weekly digest lists in full. Above this it summarises the week (counts, the
    longest waits, a selection showing the range) and links to the week's full listing."""

    feed_size = c.Type(int, default=20)
    """Newest weekly digests in each Atom and RSS feed."""

    search_shard_size = PositiveInt(default=2000)
    """Stories per part of the search index at most. The browser searches the newest part first and
    older ones as the reader goes back; larger parts answer a common word more slowly."""

    workers = c.Optional(c.Type(int))
    """Other processes that render stories' Markdown; 0 for none. Default: one per spare core, from 2000 stories."""

    email = c.SubConfig(EmailConfig)
    """How `emptychair digest --send` delivers digests (see README)."""

    balance = c.SubConfig(BalanceConfig)
    """How much of what leaders publish must be about customers (see README)."""
