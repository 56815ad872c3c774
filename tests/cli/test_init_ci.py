"""`emptychair init-ci`: the shipped workflows, written into a story repository and checked by real linters."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO, Site

TOOLS = Path(sys.executable).parent  # actionlint and check-jsonschema come with the test dependencies


def run_cli(site: Site, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", *arguments], capture_output=True, text=True, cwd=site.root
    )


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TOOLS / "actionlint"), "-no-color", *map(str, paths)], capture_output=True, text=True
    )


def gitlab_schema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TOOLS / "check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(path)],
        capture_output=True,
        text=True,
    )


def steps_running(workflow: dict, words: str) -> list[dict]:  # type: ignore[type-arg]
    return [
        step
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if words in step.get("run", "")
    ]


def holding_the_package(site: Site) -> Site:
    """The site in the repository of emptychair itself, as this project's demo is."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, site.root / name)
    shutil.copytree(REPO / "plugins", site.root / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    return site


@pytest.fixture
def london(site: Site) -> Site:
    site.configure("timezone: Europe/London")
    return holding_the_package(site)


def test_github_workflows_pass_actionlint_and_do_what_the_readme_says(london: Site) -> None:
    result = run_cli(london, "init-ci", "github", "--package", "emptychair==0.1.0")

    assert result.returncode == 0, result.stderr
    site_file = london.root / ".github/workflows/emptychair-site.yml"
    digest_file = london.root / ".github/workflows/emptychair-digest.yml"
    assert result.stderr.splitlines() == [f"wrote {site_file}", f"wrote {digest_file}"]
    linted = actionlint(site_file, digest_file)
    assert linted.returncode == 0, linted.stdout + linted.stderr

    site_workflow = yaml.safe_load(site_file.read_text(encoding="utf-8"))
    triggers = site_workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert steps_running(site_workflow, "python -m pip install emptychair==0.1.0")
    assert steps_running(site_workflow, "emptychair check --format github --changed")
    assert steps_running(site_workflow, "emptychair check --format github")
    assert steps_running(site_workflow, "mkdocs build --strict")
    setup_python = [
        step
        for job in site_workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/setup-python@")
    ]
    assert [step["with"]["cache"] for step in setup_python] == ["pip"]
    assert any(
        step.get("uses", "").startswith("actions/deploy-pages@")
        for job in site_workflow["jobs"].values()
        for step in job["steps"]
    )

    digest_text = digest_file.read_text(encoding="utf-8")
    digest_workflow = yaml.safe_load(digest_text)
    assert digest_workflow[True]["schedule"] == [{"cron": "0 7 * * 1"}]
    assert "workflow_dispatch" in digest_workflow[True]
    assert (
        "# GitHub's schedule runs in UTC: Monday 07:00 UTC is Monday 07:00 in Europe/London in winter, "
        "08:00 while summer time is on." in digest_text.splitlines()
    )
    [send] = steps_running(digest_workflow, "emptychair digest")
    assert 'emptychair digest --week "$WEEK" --send --all "$@"' in send["run"]
    assert send["env"]["EMPTYCHAIR_SMTP_PASSWORD"] == "${{ secrets.EMPTYCHAIR_SMTP_PASSWORD }}"
    assert send["env"]["WEEK"] == "${{ inputs.week || 'last' }}"


def test_actionlint_does_fail_on_a_broken_workflow(london: Site) -> None:
    # The linter really reads the files: the same workflow with a typo in an expression fails.
    run_cli(london, "init-ci", "github")
    broken = london.root / ".github/workflows/emptychair-digest.yml"
    broken.write_text(broken.read_text().replace("secrets.EMPTYCHAIR", "secret.EMPTYCHAIR"))

    linted = actionlint(broken)

    assert linted.returncode == 1
    assert 'undefined variable "secret"' in linted.stdout


def test_a_timezone_east_of_utc_sends_on_sunday_evening_utc(site: Site) -> None:
    site.configure("timezone: Asia/Tokyo")
    run_cli(site, "init-ci", "github", "--package", "emptychair")
    text = (site.root / ".github/workflows/emptychair-digest.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)[True]["schedule"] == [{"cron": "0 22 * * 0"}]
    assert "# GitHub's schedule runs in UTC: Sunday 22:00 UTC is Monday 07:00 in Asia/Tokyo." in text


def test_gitlab_file_passes_gitlabs_published_schema(london: Site) -> None:
    result = run_cli(london, "init-ci", "gitlab")

    assert result.returncode == 0, result.stderr
    path = london.root / ".gitlab-ci.yml"
    checked = gitlab_schema(path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    pipeline = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "emptychair check --format gitlab > gl-code-quality-report.json" in pipeline["check"]["script"]
    assert pipeline["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "mkdocs build --strict --site-dir public" in pipeline["pages"]["script"]
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert pipeline["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert (
        'emptychair digest --week "${EMPTYCHAIR_WEEK:-last}" --send --all "$@"'
        in pipeline["digest"]["script"]
    )
    assert "schedule" in pipeline["digest"]["rules"][0]["if"]
    # The schema does fail on a file that is not a pipeline: the validation is real.
    path.write_text(path.read_text().replace("when: always", "when: sometimes"))
    assert gitlab_schema(path).returncode == 1


def test_init_ci_never_overwrites(london: Site) -> None:
    existing = london.root / ".github/workflows/emptychair-digest.yml"
    existing.parent.mkdir(parents=True)
    existing.write_text("# ours\n")

    result = run_cli(london, "init-ci", "github")

    assert result.returncode == 1
    assert result.stderr == (
        f"emptychair: {existing} already exists; nothing was written (move it away to write a fresh one)\n"
    )
    assert existing.read_text() == "# ours\n"
    assert not (london.root / ".github/workflows/emptychair-site.yml").exists()


def _install_lines(root: Path) -> list[str]:
    """Every `pip install` command of the written workflows, GitHub's steps and GitLab's scripts."""
    lines: list[str] = []
    for path in sorted([*root.glob(".github/workflows/*.yml"), root / ".gitlab-ci.yml"]):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow.get("jobs", workflow).values():
            if not isinstance(job, dict):
                continue
            commands = [step.get("run", "") for step in job.get("steps", [])]
            commands += [*job.get("before_script", []), *job.get("script", [])]
            lines += [command for command in commands if "pip install" in command]
    return lines


def test_every_written_pip_install_installs_emptychair_in_a_fresh_venv(london: Site, tmp_path: Path) -> None:
    assert run_cli(london, "init-ci", "github").returncode == 0
    assert run_cli(london, "init-ci", "gitlab").returncode == 0
    lines = _install_lines(london.root)
    assert len(lines) == 3, lines  # the site's and the digest's workflows, GitLab's before_script
    fresh = tmp_path / "fresh-venv"
    venv.create(fresh, with_pip=True)
    environment = {**os.environ, "PATH": f"{fresh / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    environment.pop("PYTHONPATH", None)
    # The same command three times over: installed once, then found already there.
    for line in dict.fromkeys(lines):
        installed = subprocess.run(
            ["bash", "-c", line], cwd=london.root, env=environment, capture_output=True, text=True
        )
        assert installed.returncode == 0, installed.stderr
    london.add("2026/w47/fine.md")
    checked = subprocess.run(
        [str(fresh / "bin" / "emptychair"), "check"], cwd=london.root, capture_output=True, text=True
    )
    assert checked.stderr == "1 file checked: all good\n"


def test_without_the_package_in_the_repository_init_ci_asks_for_it(site: Site) -> None:
    result = run_cli(site, "init-ci", "github")
    assert result.returncode == 1
    assert result.stderr.startswith(
        "emptychair: init-ci cannot tell where CI gets emptychair from: this repository does not hold "
        "the package"
    )
    assert "--package" in result.stderr
    assert not (site.root / ".github").exists()
    named = run_cli(
        site, "init-ci", "github", "--package", "emptychair @ git+https://git.example.test/e.git@v1"
    )
    assert named.returncode == 0, named.stderr
    workflow = yaml.safe_load((site.root / ".github/workflows/emptychair-site.yml").read_text())
    assert steps_running(
        workflow, "python -m pip install 'emptychair @ git+https://git.example.test/e.git@v1'"
    )


def test_the_build_cache_is_kept_between_runs(london: Site) -> None:
    run_cli(london, "init-ci", "github")
    run_cli(london, "init-ci", "gitlab")
    site_workflow = yaml.safe_load((london.root / ".github/workflows/emptychair-site.yml").read_text())
    [cache] = [
        step for step in site_workflow["jobs"]["build"]["steps"] if step.get("uses") == "actions/cache@v5"
    ]
    assert cache["with"]["path"] == ".cache/emptychair"
    build_steps = [step.get("name") for step in site_workflow["jobs"]["build"]["steps"]]
    assert build_steps.index(cache["name"]) < build_steps.index("Build the site")
    pipeline = yaml.safe_load((london.root / ".gitlab-ci.yml").read_text())
    for job in ("check", "build", "pages"):
        assert {"key": "emptychair-build", "paths": [".cache/emptychair"]}.items() <= next(
            entry for entry in pipeline[job]["cache"] if entry["key"] == "emptychair-build"
        ).items()
