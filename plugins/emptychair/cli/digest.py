"""`emptychair digest`: one week's digest as Markdown, HTML, JSON or an e-mail, optionally sent."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from email.headerregistry import Address
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..digests.weekly import Digest, digest_for, emailed, figures_change
from ..mail.digest_mail import digest_list, subject_line
from ..mail.message import (
    Envelope,
    compose,
    message_id,
    one_line,
    parse_address,
    standalone_html,
    write_outputs,
)
from ..mail.sent_record import Sending, SentRecord
from ..mail.smtp import DeliveryError, DeliveryReport, SmtpSettings, send
from ..pipeline.errors import CommandError
from ..pipeline.options import EmptyChairConfig
from ..pipeline.project import load_project
from ..pipeline.stages import read_site
from ..publishing.addresses import Addresses
from ..site.renderer import PageRenderer, make_environment
from ..stories.loading import display_path
from ..stories.model import COMPANY, Directory, Scope, scope_of
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
        "more_stories": digest.summary.more if digest.summary else 0,
        "week_listing": site_root + addresses.url(addresses.week_stories(digest.week, digest.scope))
        if digest.summary
        else None,
    }


def run_digest(arguments: argparse.Namespace) -> int:
    project = load_project(arguments.config)
    settings, options = project.settings, project.options
    site_url = settings.site_url
    if not site_url:
        raise CommandError("site_url is not set in mkdocs.yml: a digest's links must be absolute")
    site_root = site_url if site_url.endswith("/") else site_url + "/"
    today = settings.today
    week = resolve_week(arguments.week, today)
    output_format = arguments.format or ("email" if arguments.send else "markdown")
    if arguments.send and output_format != "email":
        raise CommandError("--send goes with --format email")
    if arguments.all and arguments.department:
        raise CommandError("--all already includes every department: leave out --department")
    if arguments.out is None and not arguments.send and (output_format == "email" or arguments.all):
        raise CommandError(
            f"{'--all' if arguments.all else '--format email'} writes several files: name a folder with --out DIR"
        )

    data = read_site(settings, digest_weeks={week})
    addresses = settings.addresses
    for problem in data.problems:
        print(f"warning: {problem}", file=sys.stderr)

    if arguments.department and arguments.department not in data.directory.departments:
        allowed = ", ".join(data.directory.departments)
        raise CommandError(f"--department: {arguments.department!r} is not a department; one of {allowed}")
    scopes: list[Scope] = (
        [COMPANY, *map(scope_of, data.directory.departments)]
        if arguments.all
        else [scope_of(arguments.department)]
    )
    digests = [digest for scope in scopes if (digest := digest_for(data.digests, week, scope)) is not None]
    if len(digests) < len(scopes):
        weeks = data.index.weeks
        known = (
            f"weeks with stories run from {weeks[-1]} to {weeks[0]}" if weeks else "there are no stories yet"
        )
        raise CommandError(f"no stories in {week}, so there is no digest for it; {known}")

    renderer = PageRenderer(make_environment(settings.theme_dirs), addresses, data.directory, today)
    mailer = (
        _Mailer(arguments, options, settings.root, settings.site_name, site_root)
        if output_format == "email"
        else None
    )
    failed = 0
    for digest in digests:
        context = {
            "digest": digest,
            "change": figures_change(digest),
            "site_name": settings.site_name,
        }
        stem = f"digest-{digest.week}-{digest.scope}"
        if output_format == "json":
            output = (
                json.dumps(digest_json(digest, site_root, addresses), indent=2, ensure_ascii=False) + "\n"
            )
            # The same text, safe to paste into an HTML page or a <script> block: no markup characters.
            output = output.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        elif output_format == "markdown":
            output = renderer.render_template("emptychair/digest.md", context, site_root)
        else:
            context["digest"] = emailed(digest)
            html = standalone_html(
                renderer.render_template("emptychair/email/digest.html", context, site_root)
            )
            if mailer is not None:
                text = renderer.render_template("emptychair/email/digest.txt", context, site_root)
                failed += not mailer.deliver(digest, data.directory, html, text, stem)
                continue
            output = html
        if arguments.out is None:
            sys.stdout.write(output)
        else:
            arguments.out.mkdir(parents=True, exist_ok=True)
            suffix = {"json": ".json", "markdown": ".md", "html": ".html"}[output_format]
            path = arguments.out / f"{stem}{suffix}"
            path.write_text(output, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    if failed:
        raise CommandError(f"{failed} of {len(digests)} digests did not reach everyone (see above)")
    return 0


class _Mailer:
    """Composes each digest's e-mail, writes it under --out, and with --send delivers it once per week."""

    def __init__(
        self,
        arguments: argparse.Namespace,
        options: EmptyChairConfig,
        root: Path,
        site_name: str,
        site_root: str,
    ) -> None:
        self.arguments = arguments
        self.options = options.email
        self.timezone = ZoneInfo(options.timezone)
        self.domain = urlsplit(site_root).hostname or "localhost"
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
            if sender.display_name or not site_name
            else Address(one_line(site_name), addr_spec=sender.addr_spec)
        )
        try:
            # Relative to where the command runs, when it can be, so messages name it as the user would.
            record = Path(display_path(root / self.options.sent_record, Path.cwd()))
            self.record = SentRecord(record) if arguments.send else None
        except ValueError as error:
            raise CommandError(str(error)) from None

    def deliver(self, digest: Digest, directory: Directory, html: str, text: str, stem: str) -> bool:
        """Write and (with --send) send one digest; False when it did not reach everyone."""
        recipients = digest.department.mailing_list if digest.department else directory.company_mailing_list
        where = (
            f"mailing_list of {digest.department.slug} in site_config/departments.yml"
            if digest.department
            else "company_mailing_list in site_config/policy.yml"
        )
        if not recipients:
            if self.arguments.all:
                print(f"not sent: {digest.title} has nobody to go to (set {where})", file=sys.stderr)
                return True
            raise CommandError(f"nobody to send {digest.title} to: set {where}")
        try:
            envelope = Envelope(
                sender=self.sender,
                recipients=tuple(parse_address(address, where) for address in recipients),
                subject=subject_line(digest),
                reply_to=self.reply_to,
                mailing_list=digest_list(digest, self.domain),
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        identifier = message_id(stem, self.domain)
        message = compose(envelope, html, text, date=datetime.now(self.timezone), message_id=identifier)
        if self.arguments.out is not None:
            for path in write_outputs(message, html, text, self.arguments.out, stem):
                print(f"wrote {path}", file=sys.stderr)
        listed = ", ".join(address.addr_spec for address in envelope.recipients)
        if self.record is None:
            print(f"not sent (add --send to deliver it to {listed})", file=sys.stderr)
            return True
        week = str(digest.week)
        earlier = self.record.get(week, digest.scope)
        if earlier is not None and not self.arguments.resend:
            print(
                f"already sent: {digest.title} went to {', '.join(earlier.accepted)} at {earlier.sent_at}; "
                "not sent again (add --resend to send it anyway)",
                file=sys.stderr,
            )
            return True
        try:
            report = send(message, self._settings())
        except DeliveryError as error:
            if error.report is not None and error.report.accepted:
                self._remember(week, digest.scope, identifier, error.report)
            print(f"emptychair: {digest.title}: {error}", file=sys.stderr)
            return False
        self._remember(week, digest.scope, identifier, report)
        print(f"sent {digest.title} to {', '.join(report.accepted)}", file=sys.stderr)
        return True

    def _settings(self) -> SmtpSettings:
        return SmtpSettings(
            host=self.options.smtp_host,
            port=self.options.smtp_port,
            starttls=self.options.starttls,
            user=self.options.user,
            password_env=self.options.password_env,
        )

    def _remember(self, week: str, scope: Scope, identifier: str, report: DeliveryReport) -> None:
        assert self.record is not None
        sent_at = datetime.now(self.timezone).isoformat(timespec="seconds")
        self.record.add(week, scope, Sending(sent_at, identifier, report.accepted, report.refused))
