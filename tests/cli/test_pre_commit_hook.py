"""The `emptychair-check` hook, run by the real pre-commit framework on a copy of the demo site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO, good_fields, story_text
from ..git_env import GIT_ENV

# The pre-commit installed beside this Python (the test dependencies), whatever PATH says.
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def run(
    cwd: Path, *command: str, check: bool = True, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV, **(environment or {})},
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository as it is now, committed: try-repo installs a hook from a repository's HEAD."""
    snapshot = tmp_path_factory.mktemp("emptychair-hook")
    listed = run(REPO, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    run(snapshot, "git", "init", "--quiet")
    run(snapshot, "git", "add", "-A")
    run(snapshot, "git", "commit", "--quiet", "-m", "snapshot for pre-commit try-repo")
    return snapshot


def readme_config() -> str:
    """The README's .pre-commit-config.yaml, as a user copies it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [config] = re.findall(r"```yaml\n(repos:\n.*?)```", readme, flags=re.DOTALL)
    return config


@pytest.fixture
def story_repository(tmp_path: Path, hook_repository: Path) -> Path:
    """A company's story repository: a copy of the demo site with the README's pre-commit config pointing
    at `hook_repository`, committed."""
    company = tmp_path / "stories-repo"
    company.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", company / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", company / "site_config")
    shutil.copytree(REPO / "stories", company / "stories")
    config = yaml.safe_load(readme_config())
    config["repos"][0]["repo"] = str(hook_repository)
    config["repos"][0]["rev"] = run(hook_repository, "git", "rev-parse", "HEAD").stdout.strip()
    (company / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    run(company, "git", "init", "--quiet")
    run(company, "git", "add", "-A")
    run(company, "git", "commit", "--quiet", "-m", "the demo site")
    return company


def test_the_manifest_declares_the_hook_as_pre_commit_expects() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "emptychair-check"
    assert hook["entry"] == "emptychair check"
    assert hook["language"] == "python"
    run(REPO, str(PRE_COMMIT), "validate-manifest", ".pre-commit-hooks.yaml")


def test_the_readme_config_is_one_pre_commit_accepts(tmp_path: Path) -> None:
    config = readme_config()
    assert len(config.strip().splitlines()) == 4
    assert yaml.safe_load(config)["repos"][0]["hooks"] == [{"id": "emptychair-check"}]
    (tmp_path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    run(tmp_path, str(PRE_COMMIT), "validate-config", ".pre-commit-config.yaml")


def test_hook_fails_on_a_staged_bad_story_and_passes_once_it_is_fixed(
    story_repository: Path, tmp_path: Path
) -> None:
    existing = next(path for path in sorted((story_repository / "stories/2026").rglob("*.md")))
    story = story_repository / "stories/2026/w48/hold-music.md"
    story.parent.mkdir(parents=True, exist_ok=True)
    fields = good_fields(author="jamie-fraser", touchpoints=["delivery"], rating=7)
    story.write_text(story_text("Forty minutes of the same tune.", **fields), encoding="utf-8")
    clash = story_repository / "stories/2026/w48" / existing.name
    shutil.copy2(existing, clash)
    run(story_repository, "git", "add", "-A")

    # The hook's environment is installed once, by the first run, and found by the second, as on a
    # user's machine (try-repo would install it afresh each time).
    home = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    failing = run(story_repository, str(PRE_COMMIT), "run", check=False, environment=home)

    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "stories/2026/w48/hold-music.md:10: rating: 7 is not an integer from 1 to 5" in failing.stdout
    assert (
        f"stories/2026/w48/{existing.name}: slug '{existing.stem}' is already used by "
        f"{existing.relative_to(story_repository).as_posix()}; rename one of the two files"
    ) in failing.stdout
    assert "2 files checked: 2 errors, 0 warnings in 2 files" in failing.stdout

    fields["rating"] = 2
    story.write_text(story_text("Forty minutes of the same tune.", **fields), encoding="utf-8")
    clash.unlink()
    run(story_repository, "git", "add", "-A")

    passing = run(story_repository, str(PRE_COMMIT), "run", check=False, environment=home)

    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "emptychair check" in passing.stdout and "Passed" in passing.stdout
