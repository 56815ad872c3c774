"""The plugin's options in mkdocs.yml, checked by MkDocs when the config loads (in a build and in every
command); `settings` turns them into one value. Each option class explains a bad value in one line,
which MkDocs prefixes with the option's name."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


class WholeNumber(c.Type[int]):
    """A whole number from `least` to `most` (YAML's true and false are not numbers, though Python's are)."""

    def __init__(self, default: int | None = None, *, least: int = 1, most: int | None = None) -> None:
        super().__init__(int, default=default)
        self.least, self.most = least, most

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.least:
            raise ValidationError(f"{value!r} is not a whole number of at least {self.least}")
        if self.most is not None and value > self.most:
            raise ValidationError(f"{value!r} is not a whole number from {self.least} to {self.most}")
        return value


class Share(c.Type[float]):
    """A share from 0 to 1, e.g. 0.6 for 60%."""

    def __init__(self, default: float) -> None:
        super().__init__(float, default=default)

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ValidationError(f"{value!r} is not a share from 0 to 1, e.g. 0.6 for 60%")
        return float(value)


class TimeZone(c.Type[str]):
    """An IANA time zone, looked up in the time zone database as the build will."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        try:
            if not isinstance(value, str) or not value:
                raise ValueError(value)
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                f"{value!r} is not an IANA time zone, e.g. Europe/London, America/New_York or UTC"
            ) from None
        return value


class IsoDate(c.Type[str]):
    """A day as YYYY-MM-DD; YAML reads an unquoted one as a date, which is taken too."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        raise ValidationError(f"{value!r} is not a date written as YYYY-MM-DD, e.g. 2026-11-23")


class Text(c.Type[str]):
    """Text; anything else is named in the message."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"{value!r} is not text")
        return value


class Switch(c.Type[bool]):
    """true or false."""

    def __init__(self, default: bool) -> None:
        super().__init__(bool, default=default)

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"{value!r} is not true or false")
        return value


class EmailConfig(base.Config):
    sender = Text(default="")
    """From address of digest e-mails, e.g. 'Customer voice <voice@example.com>'. Default: the site's
    name at emptychair@ the site's host; a bare address gets the site's name as its display name."""

    reply_to = c.Optional(Text())
    """Where replies to a digest go, e.g. 'Customer team <customer-team@example.com>' (default: the sender)."""

    smtp_host = Text(default="localhost")
    smtp_port = WholeNumber(587, most=65535)
    starttls = Switch(default=True)
    """Upgrade the connection with STARTTLS before logging in."""

    user = c.Optional(Text())
    """SMTP login; its password is read only from the environment variable `password_env`."""

    password_env = Text(default="EMPTYCHAIR_SMTP_PASSWORD")

    sent_record = Text(default=".cache/emptychair/sent-digests.json")
    """JSON file, relative to mkdocs.yml, of the digests sent: a re-run of a week sends nothing twice."""


class BalanceConfig(base.Config):
    target = Share(default=0.6)
    """Share of leadership communications that should be about customers (0..1)."""

    window = WholeNumber(4)
    """Weeks, ending with the newest, over which the share is held to the target."""

    enforce = c.Choice(("off", "warn", "strict"), default="warn")
    """Below target: nothing, one warning per leader and department, or a failed build."""

    max_internal_per_digest = c.Optional(WholeNumber(least=0))
    """Internal memos a digest shows; default 1 per 3 customer items, at least 1. The rest are listed
    on the week's Internal notices page."""


class EmptyChairConfig(base.Config):
    enabled = Switch(default=True)
    """false: the plugin does nothing and the site is built as if it were not listed (e.g.
    `enabled: !ENV [EMPTYCHAIR, true]` to try a theme change quickly)."""

    site_config = Text(default="site_config")
    """Folder with departments.yml, people.yml and policy.yml, relative to mkdocs.yml."""

    timezone = TimeZone(default="UTC")
    """IANA timezone in which weeks run Monday to Sunday, e.g. Europe/London."""

    page_size = WholeNumber(100)
    """Stories per page on listings (touchpoint, kind, channel, week, department). A newest-first
    listing's first page holds between half and one and a half of it: its older pages stay the same as
    stories arrive."""

    today = c.Optional(IsoDate())
    """Date the site is built 'as of' (overdue follow-ups, days waited). Default: SOURCE_DATE_EPOCH, else today."""

    nav = Switch(default=True)
    """Set the site's navigation when mkdocs.yml has no `nav`: stories stay out of it, listings link to them."""

    digest_max_stories = WholeNumber(25)
    """Customer stories a weekly digest lists in full. Above this it summarises the week (counts, the
    longest waits, a selection showing the range) and links to the week's full listing."""

    feed_size = WholeNumber(20)
    """Newest weekly digests in each Atom and RSS feed."""

    search_shard_size = WholeNumber(2000)
    """Stories per part of the search index at most. The browser searches the newest part first and
    older ones as the reader goes back; larger parts answer a common word more slowly."""

    workers = c.Optional(WholeNumber(least=0))
    """Other processes that render stories' Markdown; 0 for none. Default: one per spare core, from 2000 stories."""

    serve_watch = c.Choice(("auto", "native", "polling"), default="auto")
    """How `mkdocs serve` notices a change: `auto`, by the kernel (inotify) for folders on a local Linux
    file system and by polling elsewhere; `native`, by the system's own watcher for every folder;
    `polling`, as MkDocs does, by reading every file's time twice a second (works on every mount)."""

    email = c.SubConfig(EmailConfig)
    """How `emptychair digest --send` delivers digests (see README)."""

    balance = c.SubConfig(BalanceConfig)
    """How much of what leaders publish must be about customers (see README)."""
