"""Channels, like departments and touchpoints, and story file names become addresses of the site: each
must be a slug, all of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from emptychair.stories.loading import load_stories
from emptychair.stories.site_config import SiteConfigError, load_directory

from ..conftest import FIXTURES, good_fields, story_text


def _directory_with(tmp_path: Path, policy: str) -> list[str]:
    shutil.copytree(FIXTURES / "site_config", tmp_path / "site_config")
    (tmp_path / "site_config" / "policy.yml").write_text(policy, encoding="utf-8")
    with pytest.raises(SiteConfigError) as raised:
        load_directory(tmp_path / "site_config", root=tmp_path)
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize(
    ("channel", "said"),
    [
        ("live chat", "'live chat' is not a slug (lowercase letters, digits, hyphens): write 'live-chat'"),
        ("../../x", "'../../x' is not a slug (lowercase letters, digits, hyphens): write 'x'"),
        ("Phone", "'Phone' is not a slug (lowercase letters, digits, hyphens): write 'phone'"),
        ("phone\n", "'phone\\n' is not a slug (lowercase letters, digits, hyphens): write 'phone'"),
    ],
)
def test_a_channel_that_is_not_a_slug_is_refused_with_the_fix(
    tmp_path: Path, channel: str, said: str
) -> None:
    policy = yaml.safe_dump({"channels": ["email", channel]})
    [problem] = _directory_with(tmp_path, policy)
    assert problem.startswith("site_config/policy.yml:")
    assert problem.endswith(f"channels.1: {said}")


def test_slug_channels_are_kept(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "site_config", tmp_path / "site_config")
    (tmp_path / "site_config" / "policy.yml").write_text("channels: [email, live-chat, in-person]\n")
    directory = load_directory(tmp_path / "site_config", root=tmp_path)
    assert directory.channels == ("email", "live-chat", "in-person")


def test_a_story_file_name_ending_in_a_newline_is_not_a_slug(tmp_path: Path) -> None:
    # `$` matches before a final newline: the slug rule must match the whole name.
    directory = load_directory(FIXTURES / "site_config", root=FIXTURES)
    week = tmp_path / "stories" / "2026" / "w47"
    week.mkdir(parents=True)
    (week / "late\n.md").write_text(story_text(**good_fields()), encoding="utf-8")
    loaded = load_stories(tmp_path / "stories", directory, root=tmp_path)
    assert loaded.stories == []
    assert [problem.message for problem in loaded.problems] == [
        "file name 'late\\n.md' does not make a web address: use lowercase letters, digits and hyphens, "
        "e.g. late-delivery.md"
    ]
