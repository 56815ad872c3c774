"""`emptychair new` in a terminal: a question per field, each answer checked as `check` checks that field,
with the same message (and the same "did you mean"), and asked again until it is right."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..stories.fields import DEFINED_IN, FIELD_BY_PATH, Field
from ..stories.model import Directory
from ..stories.schema import allowed_values, read_value

SHOWN_CHOICES = 12
"""More allowed values than this (a company's people) are named by the file that lists them instead."""


@dataclass(frozen=True, slots=True)
class Question:
    path: str
    """The field (or part, by dotted name) the answer is for."""
    text: str
    required: bool = False


KIND = Question("kind", "Kind", required=True)
CUSTOMER_STORY: tuple[Question, ...] = (
    Question("title", "Title", required=True),
    Question("customer", "Customer", required=True),
    Question("channel", "Channel", required=True),
    Question("touchpoints", "Touchpoints (comma-separated)", required=True),
    Question("consent", "Did the customer consent to being named?"),
    Question("rating", "Rating, 1..5 (empty for none)"),
    Question("author", "Author: your person id (empty for none)"),
    Question("quote", "Quote: the customer's own words (empty for none)"),
)
MEMO: tuple[Question, ...] = (
    Question("title", "Title", required=True),
    Question("author", "Author (person id)", required=True),
    Question("departments", "Audience: departments, none for everyone (comma-separated)"),
)
"""A memo has no customer, channel, touchpoints, rating or quote: its author and audience instead."""


def ask(directory: Directory) -> tuple[dict[str, Any], str]:
    """The story's fields and its Markdown body, from questions asked in the terminal."""
    from rich.console import Console

    console = Console()
    kind = _answer(console, KIND, directory)
    meta: dict[str, Any] = {"kind": kind}
    for question in MEMO if kind == "memo" else CUSTOMER_STORY:
        value = _answer(console, question, directory)
        if value is not None:
            meta[question.path] = value
    console.print(
        "What happened, in Markdown" if kind != "memo" else "The memo, in Markdown",
        "(an empty line ends it):",
        highlight=False,
    )
    lines: list[str] = []
    while line := console.input():
        lines.append(line)
    return meta, "\n".join(lines)


def _answer(console: Any, question: Question, directory: Directory) -> Any:
    """An answer the validator accepts for the question's field (None when it may be left empty)."""
    from rich.prompt import Confirm, Prompt
    from rich.text import Text

    field = FIELD_BY_PATH[question.path]
    if field.type == "flag":
        return Confirm.ask(question.text, default=False, console=console)
    prompt = question.text
    allowed = allowed_values(field, directory)
    if field.type == "slugs":
        console.print(
            f"Allowed: {_listed(field, allowed, ', ')}", highlight=False, markup=False, soft_wrap=True
        )
    elif allowed:
        prompt += f" [{_listed(field, allowed, '/')}]"
    while True:
        text = Prompt.ask(Text(prompt), default="", show_default=False, console=console).strip()
        if not text:
            if not question.required:
                return None
            console.print(
                "Please choose at least one." if field.type == "slugs" else "Please write something."
            )
            continue
        value = field.from_flag(text)
        _, problems = read_value(question.path, value, directory)
        if not problems:
            return value
        for problem in problems:
            console.print(
                f"{problem.field}: {problem.message}", highlight=False, markup=False, soft_wrap=True
            )


def _listed(field: Field, allowed: tuple[str, ...], separator: str) -> str:
    if len(allowed) <= SHOWN_CHOICES or field.defined_in is None:
        return separator.join(allowed)
    return f"see {DEFINED_IN[field.defined_in]}"
