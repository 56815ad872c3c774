"""`emptychair digest`: one week's digest as Markdown, HTML, JSON or an e-mail, optionally sent."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..digests.weekly import Digest, digest_for, figures_change
from ..mail.message import Envelope, compose, standalone_html, write_outputs
from ..mail.smtp import DeliveryError, SmtpSettings, send
from ..pipeline.errors import CommandError
from ..pipeline.options import EmptyChairConfig
from ..pipeline.project import find_project
from ..pipeline.project_site import plugin_config, read_project
from ..pipeline.site_data import build_date
from ..publishing.addresses import Addresses
from ..site.renderer import PageRenderer, make_environment
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
    }


def run_digest(arguments: argparse.Namespace) -> int:
    project = find_project(arguments.config)
    options = plugin_config(project)
    config = project.config or {}
    site_url = str(config.get("site_url") or "")
    if not site_url:
        raise CommandError("site_url is not set in mkdocs.yml: a digest's links must be absolute")
    site_root = site_url if site_url.endswith("/") else site_url + "/"
    today = build_date(options.today)
    week = resolve_week(arguments.week, today)
    if arguments.send and arguments.format != "email":
        raise CommandError("--send goes with --format email")
    if arguments.format == "email" and arguments.out is None:
        raise CommandError("--format email writes three files: name a folder with --out DIR")

    data = read_project(project, options)
    addresses = Addresses(use_directory_urls=bool(config.get("use_directory_urls", True)))
    for problem in data.problems:
        print(f"warning: {problem}", file=sys.stderr)

    scope = arguments.department or "company"
    if arguments.department and arguments.department not in data.directory.departments:
        allowed = ", ".join(data.directory.departments)
        raise CommandError(f"--department: {arguments.department!r} is not a department; one of {allowed}")
    digest = digest_for(data.digests, week, scope)
    if digest is None:
        weeks = data.index.weeks
        known = (
            f"weeks with stories run from {weeks[-1]} to {weeks[0]}" if weeks else "there are no stories yet"
        )
        raise CommandError(f"no stories in {week}, so there is no digest for it; {known}")

    renderer = PageRenderer(make_environment(project.override_dirs()), addresses, data.directory, today)
    context = {"digest": digest, "change": figures_change(digest), "site_name": config.get("site_name", "")}
    stem = f"digest-{digest.week}-{scope}"

    if arguments.format == "json":
        output = json.dumps(digest_json(digest, site_root, addresses), indent=2, ensure_ascii=False) + "\n"
        # The same text, safe to paste into an HTML page or a <script> block: no markup characters.
        output = output.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    elif arguments.format == "markdown":
        output = renderer.render_template("emptychair/digest.md", context, site_root)
    else:
        html = standalone_html(renderer.render_template("emptychair/email/digest.html", context, site_root))
        if arguments.format == "html":
            output = html
        else:
            return _email(
                arguments, options, digest, data.directory, html, renderer, context, site_root, stem
            )
    if arguments.out is None:
        sys.stdout.write(output)
    else:
        arguments.out.mkdir(parents=True, exist_ok=True)
        suffix = {"json": ".json", "markdown": ".md", "html": ".html"}[arguments.format]
        path = arguments.out / f"{stem}{suffix}"
        path.write_text(output, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _email(
    arguments: argparse.Namespace,
    options: EmptyChairConfig,
    digest: Digest,
    directory: Any,
    html: str,
    renderer: PageRenderer,
    context: dict[str, Any],
    site_root: str,
    stem: str,
) -> int:
    text = renderer.render_template("emptychair/email/digest.txt", context, site_root)
    recipients = digest.department.mailing_list if digest.department else directory.company_mailing_list
    if not recipients:
        where = (
            f"mailing_list of {digest.department.slug} in site_config/departments.yml"
            if digest.department
            else "company_mailing_list in site_config/policy.yml"
        )
        raise CommandError(f"nobody to send {digest.title} to: set {where}")
    sender = options.email.sender or f"emptychair@{urlsplit(site_root).hostname or 'localhost'}"
    subject = f"{context['site_name']}: {digest.title}" if context["site_name"] else digest.title
    message = compose(
        Envelope(sender=sender, recipients=tuple(recipients), subject=subject),
        html,
        text,
        date=digest.published.astimezone(ZoneInfo(options.timezone)),
        message_id_domain=urlsplit(site_root).hostname or "localhost",
        message_id_key=stem,
    )
    for path in write_outputs(message, html, text, arguments.out, stem):
        print(f"wrote {path}", file=sys.stderr)
    if not arguments.send:
        print(f"not sent (add --send to deliver it to {', '.join(recipients)})", file=sys.stderr)
        return 0
    settings = SmtpSettings(
        host=options.email.smtp_host,
        port=options.email.smtp_port,
        starttls=options.email.starttls,
        user=options.email.user,
        password_env=options.email.password_env,
    )
    try:
        report = send(message, settings)
    except DeliveryError as error:
        raise CommandError(str(error)) from None
    print(f"sent {digest.title} to {', '.join(report.accepted)}", file=sys.stderr)
    return 0
