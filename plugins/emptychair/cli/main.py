"""The emptychair command line: check, digest, balance, themes and init-ci, each in a module of its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..pipeline.errors import CommandError
from .check import add_check_arguments
from .clean import add_clean_arguments
from .import_command import add_import_arguments
from .init_ci import add_init_ci_arguments
from .new_command import add_new_arguments


def _digest(arguments: argparse.Namespace) -> int:
    # Imported here: `check` runs on every commit and must not pay for MkDocs, e-mail and templates.
    from .digest import digest_command

    return digest_command(
        arguments.config,
        week=arguments.week,
        department=arguments.department,
        every_department=arguments.all,
        output_format=arguments.format,
        out=arguments.out,
        send=arguments.send,
        resend=arguments.resend,
    )


def add_digest_arguments(commands: Any) -> None:
    digest = commands.add_parser(
        "digest",
        help="write (and optionally e-mail) one week's digest",
        description="One week's digest for the company or a department, as Markdown, HTML, JSON or e-mail.",
    )
    digest.add_argument(
        "--week", default="last", help="2026-W47, 'last' (previous full week, default) or 'this'"
    )
    digest.add_argument("--department", help="a department slug (default: the whole company)")
    digest.add_argument("--all", action="store_true", help="the company digest and every department's")
    digest.add_argument(
        "--format",
        choices=("markdown", "html", "json", "email"),
        help="default: markdown, or email with --send",
    )
    digest.add_argument("--out", type=Path, help="folder to write into (default: standard output)")
    digest.add_argument(
        "--send", action="store_true", help="e-mail it through SMTP to its list (implies --format email)"
    )
    digest.add_argument(
        "--resend", action="store_true", help="with --send: send again digests already sent for that week"
    )
    digest.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    digest.set_defaults(run=_digest)


def _balance(arguments: argparse.Namespace) -> int:
    from .balance import run_balance

    return run_balance(arguments)


def add_balance_arguments(commands: Any) -> None:
    balance = commands.add_parser(
        "balance",
        help="how much of what leaders publish is about customers",
        description="The customer share of leadership communications per week, leader and department.",
    )
    balance.add_argument(
        "--weeks", type=int, help="weeks to measure, ending with the newest (default: balance.window)"
    )
    balance.add_argument("--format", choices=("table", "json"), default="table")
    balance.add_argument(
        "--check", action="store_true", help="exit 1 when any leader or department is below target"
    )
    balance.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    balance.set_defaults(run=_balance)


def _themes(arguments: argparse.Namespace) -> int:
    from .themes import run_themes

    return run_themes(arguments)


def add_themes_arguments(commands: Any) -> None:
    themes = commands.add_parser(
        "themes",
        help="what customers talked about in a week",
        description="The themes of a week's customer stories, found in their own words, for the company "
        "or one department: count, change on the week before, share negative, terms and quotes.",
    )
    themes.add_argument(
        "--week", default="last", help="2026-W47, 'last' (previous full week, default) or 'this'"
    )
    themes.add_argument("--department", help="a department slug (default: the whole company)")
    themes.add_argument("--format", choices=("text", "json"), default="text")
    themes.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    themes.set_defaults(run=_themes)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emptychair", description="Customer stories for the whole company: validate, build, publish."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add_check_arguments(commands)
    add_digest_arguments(commands)
    add_balance_arguments(commands)
    add_themes_arguments(commands)
    add_init_ci_arguments(commands)
    add_import_arguments(commands)
    add_new_arguments(commands)
    add_clean_arguments(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except CommandError as error:
        print(f"emptychair: {error}", file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(f"emptychair: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (`| head`) has gone: nothing more to say, and no traceback.
        sys.stderr.close()
        return 0
