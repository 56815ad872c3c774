"""Channels, like departments and touchpoints, become folders of the site: each must be a slug."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from emptychair.stories.site_config import SiteConfigError, load_directory

from ..conftest import FIXTURES


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
