"""`emptychair digest`: one week's digest as Markdown, HTML, JSON or an e-mail, optionally sent."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..digests.weekly import Digest, counted, digest_for, digest_title, emailed, figures_change
from ..mail.addresses import one_line, parse_address
from ..mail.budget import OverBudgetError, fitted_email
from ..mail.digest_mail import digest_list, subject_line
from ..mail.message import Envelope, compose, message_id, standalone_html, write_outputs
from ..mail.recipients import Due, due, list_setting, read_mailing_lists
from ..mail.sent_record import RecordError, Sending, SentRecord
from ..mail.smtp import DeliveryError, DeliveryReport, SmtpSettings, send
from ..pipeline.errors import CommandError
from ..pipeline.project import published_settings
from ..pipeline.settings import Settings
from ..pipeline.stages import read_site
from ..publishing.addresses import Addresses
from ..site.contexts import DigestDocumentContext
from ..site.renderer import PageRenderer, make_environment
from ..stories.loading import display_path
from ..stories.model import COMPANY, Directory, Scope, scope_of
from ..stories.site_config import SiteConfigError, load_directory
from ..stories.weeks import IsoWeek


def resolve_week(text: str, today: date) -> IsoWeek:
    """'this', 'last' (the previous full week) or an ISO week such as 2026-W47."""
    if text == "this":
        return IsoWeek.of(today)
    if text == "last":
        return IsoWeek.of(today).previous()
    try:
        return IsoWeek.parse(text)
    except ValueError as error:
        raise CommandError(f"--week: {error}; or use 'this' or 'last'") from None


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (date, datetime, IsoWeek)):
        return value.isoformat() if not isinstance(value, IsoWeek) else str(value)
    return value


def digest_json(digest: Digest, site_root: str, addresses: Addresses) -> dict[str, Any]:
    def story(item: Any) -> dict[str, Any]:
        data: dict[str, Any] = _jsonable(item.story)
        data.pop("body", None)
        data["url"] = site_root + addresses.url(addresses.story(item.slug))
        return data

    return {
        "week": str(digest.week),
        "scope": digest.scope,
        "title": digest.title,
        "url": site_root + addresses.url(addresses.digest(digest.week, digest.scope)),
        "intro": digest.intro and {"author": digest.intro.intro.author, "title": digest.intro.intro.title},
        "figures": _jsonable(digest.figures),
        "previous": _jsonable(digest.previous),
        "change": figures_change(digest),
        "waiting": [{"days": entry.days, **story(entry.item)} for entry in digest.waiting],
        "waiting_total": digest.waiting_total,
        "featured": [story(item) for item in digest.featured],
        "stories": [story(item) for item in digest.stories],
        "lessons": [item.story.lesson for item in digest.lessons],
        "closed": [story(item) for item in digest.closed],
        "memos": [story(item) for item in digest.memos],
        "themes": [row.as_dict() for row in digest.themes],
        "more_stories": digest.summary.more if digest.summary else 0,
        "week_listing": site_root + addresses.url(addresses.week_stories(digest.week, digest.scope))
        if digest.summary
        else None,
    }


OutputFormat = Literal["markdown", "html", "json", "email"]


def digest_command(
    config_file: Path | None = None,
    *,
    week: str = "last",
    department: str | None = None,
    every_department: bool = False,
    output_format: OutputFormat | None = None,
    out: Path | None = None,
    send: bool = False,
    resend: bool = False,
) -> int:
    """Write one week's digests (the company's, a department's or, with `every_department`, all of them)
    and with `send` e-mail each to its list, once per recipient unless `resend`."""
    settings = published_settings(config_file, "digest")
    site_root = _site_root(settings)
    iso_week = resolve_week(week, settings.today)
    output_format = output_format or ("email" if send else "markdown")
    _check_options(output_format, department, every_department, out, send=send, resend=resend)
    directory = _directory(settings)
    scopes = _scopes(directory, department, every_department)
    mailer = (
        _Mailer(settings, site_root, directory, scopes, iso_week, send=send, resend=resend, out=out)
        if output_format == "email"
        else None
    )
    # What went out before is known from the record alone: a re-run that has nobody to send to says so
    # without reading a single story.
    wanted = [scope for scope in scopes if mailer is None or out is not None or mailer.has_work(scope)]
    digests = _digests(settings, iso_week, wanted) if wanted else {}
    renderer = PageRenderer(
        make_environment(settings.theme_dirs), settings.addresses, directory, settings.today
    )

    failed = 0
    for scope in scopes:
        digest = digests.get(scope)
        if digest is None:
            assert mailer is not None
            mailer.report_nothing_due(scope)
            continue
        context = DigestDocumentContext(
            digest=digest, change=figures_change(digest), site_name=settings.site_name
        )
        stem = f"digest-{digest.week}-{digest.scope}"
        if mailer is not None:

            def render(shown: Digest, context: DigestDocumentContext = context) -> tuple[str, str]:
                return _email_parts(renderer, {**context, "digest": shown}, site_root)

            failed += not mailer.deliver(digest, render, stem)
            continue
        output = _document(output_format, renderer, context, site_root, settings.addresses)
        _write(output, out, f"{stem}{_SUFFIXES[output_format]}")
    if failed:
        raise CommandError(f"{failed} of {len(scopes)} digests did not reach everyone (see above)")
    return 0


def _site_root(settings: Settings) -> str:
    """site_url with its slash: every link of a digest is absolute."""
    site_url = settings.site_url
    if not site_url:
        raise CommandError("site_url is not set in mkdocs.yml: a digest's links must be absolute")
    return site_url if site_url.endswith("/") else site_url + "/"


def _check_options(
    output_format: OutputFormat,
    department: str | None,
    every_department: bool,
    out: Path | None,
    *,
    send: bool,
    resend: bool,
) -> None:
    """Options that do not go together, said before anything is read."""
    if send and output_format != "email":
        raise CommandError("--send goes with --format email")
    if resend and not send:
        raise CommandError("--resend goes with --send")
    if every_department and department:
        raise CommandError("--all already includes every department: leave out --department")
    if out is None and not send and (output_format == "email" or every_department):
        raise CommandError(
            f"{'--all' if every_department else '--format email'} writes several files: name a folder with --out DIR"
        )


def _directory(settings: Settings) -> Directory:
    try:
        return load_directory(settings.site_config_dir, root=settings.root)
    except SiteConfigError as error:
        raise CommandError(f"site_config cannot be used:\n{error}") from None


def _scopes(directory: Directory, department: str | None, every_department: bool) -> list[Scope]:
    """The company's digest, one department's, or (`every_department`) the company's and every one's."""
    if department and department not in directory.departments:
        allowed = ", ".join(directory.departments)
        raise CommandError(f"--department: {department!r} is not a department; one of {allowed}")
    return [COMPANY, *map(scope_of, directory.departments)] if every_department else [scope_of(department)]


def _digests(settings: Settings, iso_week: IsoWeek, wanted: list[Scope]) -> dict[Scope, Digest]:
    """The week's digest of each scope, from the stories; an error when the week has none."""
    data = read_site(settings, digest_weeks={iso_week})
    for problem in data.problems:
        print(f"warning: {problem}", file=sys.stderr)
    digests = {
        scope: digest for scope in wanted if (digest := digest_for(data.digests, iso_week, scope)) is not None
    }
    if len(digests) < len(wanted):
        weeks = data.index.weeks
        known = (
            f"weeks with stories run from {weeks[-1]} to {weeks[0]}" if weeks else "there are no stories yet"
        )
        raise CommandError(f"no stories in {iso_week}, so there is no digest for it; {known}")
    return digests


_SUFFIXES: Mapping[OutputFormat, str] = {"json": ".json", "markdown": ".md", "html": ".html"}


def _document(
    output_format: OutputFormat,
    renderer: PageRenderer,
    context: DigestDocumentContext,
    site_root: str,
    addresses: Addresses,
) -> str:
    """The digest as JSON, Markdown or the e-mail's HTML page, to print or write."""
    if output_format == "json":
        output = json.dumps(
            digest_json(context["digest"], site_root, addresses), indent=2, ensure_ascii=False
        )
        # The same text, safe to paste into an HTML page or a <script> block: no markup characters.
        return (output + "\n").replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    if output_format == "markdown":
        return renderer.render_template("emptychair/digest.md", context, site_root)
    return _email_html(renderer, context, site_root)


def _email_html(renderer: PageRenderer, context: DigestDocumentContext, site_root: str) -> str:
    """The e-mail's HTML, standing alone: what the e-mail shows within its byte budget, measured with one
    stand-in address for sender and recipient (a long list of recipients takes a little more room in
    the e-mail that is sent)."""
    digest = context["digest"]
    domain = urlsplit(site_root).hostname or "localhost"
    stand_in = Address("emptychair", addr_spec=f"emptychair@{domain}")
    envelope = Envelope(stand_in, (stand_in,), subject_line(digest))
    identifier = message_id(f"digest-{digest.week}-{digest.scope}", domain)

    def composed(shown: Digest) -> tuple[str, str, EmailMessage]:
        html, text = _email_parts(renderer, {**context, "digest": shown}, site_root)
        return html, text, compose(envelope, html, text, date=datetime.now(UTC), message_id=identifier)

    try:
        return fitted_email(emailed(digest), composed).html
    except OverBudgetError as error:
        raise CommandError(f"{digest.title}: {error}") from None


def _email_parts(renderer: PageRenderer, context: DigestDocumentContext, site_root: str) -> tuple[str, str]:
    """The e-mail's HTML, standing alone, and its text, of the digest the context holds."""
    html = standalone_html(renderer.render_template("emptychair/email/digest.html", context, site_root))
    return html, renderer.render_template("emptychair/email/digest.txt", context, site_root)


def _write(output: str, out: Path | None, name: str) -> None:
    """To standard output, or into the folder `out`, saying so."""
    if out is None:
        sys.stdout.write(output)
        return
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    path.write_text(output, encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


class _Mailer:
    """Composes each digest's e-mail, writes it under `out`, and when sending delivers it to whoever
    mail.recipients says is due; every list is checked, and the record opened, before anything is built."""

    def __init__(
        self,
        settings: Settings,
        site_root: str,
        directory: Directory,
        scopes: list[Scope],
        week: IsoWeek,
        *,
        send: bool,
        resend: bool,
        out: Path | None,
    ) -> None:
        self.options = settings.email
        self.timezone = ZoneInfo(settings.timezone)
        self.domain = urlsplit(site_root).hostname or "localhost"
        self.week = str(week)
        self.out = out
        self.every_department = len(scopes) > 1
        self.titles = {scope: digest_title(directory.departments.get(scope), week) for scope in scopes}
        try:
            sender = parse_address(
                self.options.sender or f"emptychair@{self.domain}", "email.sender in mkdocs.yml"
            )
            self.reply_to = (
                parse_address(self.options.reply_to, "email.reply_to in mkdocs.yml")
                if self.options.reply_to
                else None
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        # A bare address reads as a stranger in an inbox; the site's name says who is writing.
        self.sender = (
            sender
            if sender.display_name or not settings.site_name
            else Address(one_line(settings.site_name), addr_spec=sender.addr_spec)
        )
        # Every list is checked before anything is sent: one bad entry must not stop a send half-way.
        lists = read_mailing_lists(directory, settings.site_config_dir, root=Path.cwd(), scopes=scopes)
        if lists.problems:
            for problem in lists.problems:
                print(problem, file=sys.stderr)
            count = counted(len(lists.problems), "mailing list entry is", "mailing list entries are")
            raise CommandError(f"{count} not an e-mail address (see above); nothing was sent")
        self.recipients = lists.addresses
        for scope in scopes:
            if not self.recipients[scope] and not self.every_department:
                raise CommandError(f"nobody to send {self.titles[scope]} to: set {list_setting(scope)}")
        self.record: SentRecord | None = None
        self.due: dict[Scope, Due] = {}
        if send:
            try:
                # Relative to where the command runs, when it can be, so messages name it as the user would.
                path = Path(display_path(settings.root / self.options.sent_record, Path.cwd()))
                self.record = SentRecord(path)
                self.record.ensure_writable()
            except RecordError as error:
                raise CommandError(str(error)) from None
            self.due = {
                scope: due(self.recipients[scope], self.record.delivered(self.week, scope), resend=resend)
                for scope in scopes
            }

    def has_work(self, scope: Scope) -> bool:
        """Whether the digest of `scope` must be built: someone is due it, or nothing is being sent."""
        return self.record is None or bool(self.due[scope].to_send)

    def report_nothing_due(self, scope: Scope) -> None:
        title = self.titles[scope]
        if not self.recipients[scope]:
            print(f"not sent: {title} has nobody to go to (set {list_setting(scope)})", file=sys.stderr)
            return
        print(
            f"already sent: {title} went to {_reached(self.due[scope].already)}; "
            "not sent again (add --resend to send it anyway)",
            file=sys.stderr,
        )

    def deliver(self, digest: Digest, render: Callable[[Digest], tuple[str, str]], stem: str) -> bool:
        """Write and (when sending) send one digest, its e-mail within its byte budget (`render` makes
        the HTML and text of what it shows); False when it did not reach everyone due."""
        recipients = self.recipients[digest.scope]
        if not recipients:
            self.report_nothing_due(digest.scope)
            return True
        plan = self.due.get(digest.scope)
        to_send = plan.to_send if plan is not None else recipients
        identifier = message_id(stem, self.domain)
        envelope = Envelope(
            sender=self.sender,
            # Files written for a digest nobody is due show it as the whole list would get it.
            recipients=to_send or recipients,
            subject=subject_line(digest),
            reply_to=self.reply_to,
            mailing_list=digest_list(digest, self.domain),
        )
        sent_at = datetime.now(self.timezone)

        def composed(shown: Digest) -> tuple[str, str, EmailMessage]:
            html, text = render(shown)
            return html, text, compose(envelope, html, text, date=sent_at, message_id=identifier)

        try:
            fitted = fitted_email(emailed(digest), composed)
        except OverBudgetError as error:
            print(f"emptychair: {digest.title}: not sent: {error}", file=sys.stderr)
            return False
        message = fitted.message
        if self.out is not None:
            for path in write_outputs(message, fitted.html, fitted.text, self.out, stem):
                print(f"wrote {path}", file=sys.stderr)
        listed = ", ".join(address.addr_spec for address in to_send)
        if self.record is None or plan is None:
            print(f"not sent (add --send to deliver it to {listed})", file=sys.stderr)
            return True
        if not to_send:
            self.report_nothing_due(digest.scope)
            return True
        if plan.already:
            print(
                f"{digest.title} already went to {_reached(plan.already)}; sending it only to {listed}",
                file=sys.stderr,
            )
        try:
            report = send(message, self._settings())
        except DeliveryError as error:
            if error.report is not None and error.report.accepted:
                self._remember(digest.scope, identifier, error.report)
            print(f"emptychair: {digest.title}: {error}", file=sys.stderr)
            return False
        self._remember(digest.scope, identifier, report)
        again = f" (again to {', '.join(plan.resent)}: --resend)" if plan.resent else ""
        print(f"sent {digest.title} to {', '.join(report.accepted)}{again}", file=sys.stderr)
        return True

    def _settings(self) -> SmtpSettings:
        return SmtpSettings(
            host=self.options.smtp_host,
            port=self.options.smtp_port,
            starttls=self.options.starttls,
            user=self.options.user,
            password_env=self.options.password_env,
        )

    def _remember(self, scope: Scope, identifier: str, report: DeliveryReport) -> None:
        assert self.record is not None
        sent_at = datetime.now(self.timezone).isoformat(timespec="seconds")
        try:
            self.record.add(self.week, scope, Sending(sent_at, identifier, report.accepted, report.refused))
        except RecordError as error:
            raise CommandError(f"{error}; nothing more is sent") from None


def _reached(already: Mapping[str, Sending]) -> str:
    """'a@x at 2026-11-23T09:00:00+00:00, b@x at ...': who got the digest, and when."""
    by_time: dict[str, list[str]] = {}
    for address, sending in already.items():
        by_time.setdefault(sending.sent_at, []).append(address)
    return "; ".join(f"{', '.join(addresses)} at {sent_at}" for sent_at, addresses in by_time.items())
