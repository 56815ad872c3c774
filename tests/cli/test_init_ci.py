"""`emptychair init-ci`: the shipped workflows, written into a story repository and checked by real linters."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO, Site
from ..smtp_server import SmtpServer

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


def _selected(root: Path, patterns: list[str]) -> set[str]:
    """The files a CI cache's `path`/`paths` take from `root`: a folder with all it holds, `*` in a name."""
    found: set[str] = set()
    for pattern in patterns:
        for match in glob.glob(pattern, root_dir=root):
            path = root / match
            inside = [path] if path.is_file() else [item for item in path.rglob("*") if item.is_file()]
            found |= {item.relative_to(root).as_posix() for item in inside}
    return found


def _lines(path: str) -> list[str]:
    return [line for line in path.splitlines() if line]


def _github_caches(job: dict) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    """(action, its `with`) of each cache step of a job, in order."""
    return [
        (step["uses"].split("@")[0], step["with"])
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/cache")
    ]


def test_the_digest_job_reads_the_build_s_cache_and_keeps_the_send_record_apart(
    london: Site, server: SmtpServer
) -> None:
    # A real build and a real sending leave the build cache and the record of sent digests side by side.
    london.add("2026/w47/rain.md", title="Parcel left in the rain", rating=1)
    (london.root / "site_config" / "policy.yml").write_text(
        "channels: [email, phone]\ncompany_mailing_list: [Everyone <all@example.test>]\n", encoding="utf-8"
    )
    london.configure(f"email:\n  smtp_host: 127.0.0.1\n  smtp_port: {server.port}\n  starttls: false")
    assert run_cli(london, "init-ci", "github").returncode == 0
    assert run_cli(london, "init-ci", "gitlab").returncode == 0
    london.build()
    sent = run_cli(london, "digest", "--week", "2026-W47", "--send", "--all")
    assert sent.returncode == 0, sent.stderr
    left = _selected(london.root, [".cache/emptychair"])
    record = {".cache/emptychair/sent-digests.json"}
    assert record < left
    built = left - record - {".cache/emptychair/.gitignore"}
    assert any("build-cache" in path for path in built)

    site_workflow = yaml.safe_load((london.root / ".github/workflows/emptychair-site.yml").read_text())
    digest_workflow = yaml.safe_load((london.root / ".github/workflows/emptychair-digest.yml").read_text())
    [(action, build_cache)] = _github_caches(site_workflow["jobs"]["build"])
    assert action == "actions/cache"
    assert _selected(london.root, _lines(build_cache["path"])) == built
    build_names = [step.get("name") for step in site_workflow["jobs"]["build"]["steps"]]
    assert build_names.index("Keep emptychair's build cache between runs") < build_names.index(
        "Build the site"
    )

    # Monday's job restores the build's cache (the same paths: GitHub finds an entry only under the paths
    # it was saved with) and the record under its own key, the record last, so nothing replaces it; it
    # saves the record alone, also when a digest failed.
    steps = digest_workflow["jobs"]["send"]["steps"]
    restores = [step for step in steps if step.get("uses", "").startswith("actions/cache/restore@")]
    [from_build, from_record] = [step["with"] for step in restores if "if" not in step]
    assert from_build["path"] == build_cache["path"]
    assert _lines(from_build["restore-keys"]) == _lines(build_cache["restore-keys"])
    assert _selected(london.root, _lines(from_record["path"])) == record
    [record_step] = [step for step in restores if step["with"] is from_record]
    # A record kept by the workflow before this one (one cache of the whole folder) is restored only when
    # none kept apart is found: the first Monday after the change mails nobody twice.
    for earlier in [step for step in restores if "if" in step]:
        assert earlier["if"] == f"steps.{record_step['id']}.outputs.cache-matched-key == ''"
        assert restores.index(earlier) > restores.index(record_step)
    [save_step] = [step for step in steps if step.get("uses", "").startswith("actions/cache/save@")]
    saved = save_step["with"]
    assert _selected(london.root, _lines(saved["path"])) == record
    assert saved["key"] == from_record["key"] and saved["key"].startswith(from_record["restore-keys"])
    assert save_step["if"] == "always()"
    names = [step.get("name") for step in steps]
    assert names.index(save_step["name"]) > names.index("Send the digests")

    pipeline = yaml.safe_load((london.root / ".gitlab-ci.yml").read_text())
    for job in ("check", "build", "pages", "digest"):
        [build_entry] = [entry for entry in pipeline[job]["cache"] if entry["key"] == "emptychair-build"]
        assert _selected(london.root, build_entry["paths"]) == built
        assert build_entry.get("policy", "pull-push") == (
            "pull-push" if job in ("build", "pages") else "pull"
        )
    keys = [entry["key"] for entry in pipeline["digest"]["cache"]]
    assert keys.index("emptychair-sent") > keys.index("emptychair-build")
    [record_entry] = [entry for entry in pipeline["digest"]["cache"] if entry["key"] == "emptychair-sent"]
    assert _selected(london.root, record_entry["paths"]) == record
    assert record_entry["when"] == "always"


def test_the_record_is_cached_where_mkdocs_yml_keeps_it(london: Site) -> None:
    london.configure("email:\n  sent_record: records/sent.json")
    assert run_cli(london, "init-ci", "github").returncode == 0
    assert run_cli(london, "init-ci", "gitlab").returncode == 0
    digest_workflow = yaml.safe_load((london.root / ".github/workflows/emptychair-digest.yml").read_text())
    paths = [step["path"] for _, step in _github_caches(digest_workflow["jobs"]["send"])]
    assert paths.count("records/sent.json") == 2  # restored and saved
    pipeline = yaml.safe_load((london.root / ".gitlab-ci.yml").read_text())
    [record_entry] = [entry for entry in pipeline["digest"]["cache"] if entry["key"] == "emptychair-sent"]
    assert record_entry["paths"] == ["records/sent.json"]


def test_a_record_outside_the_project_cannot_be_cached(london: Site) -> None:
    london.configure("email:\n  sent_record: ../sent.json")
    result = run_cli(london, "init-ci", "github")
    assert result.returncode == 1
    assert result.stderr.startswith("emptychair: mkdocs.yml: email: sent_record: ../sent.json is outside")
    assert not (london.root / ".github").exists()
