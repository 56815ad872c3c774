"""Installed as a user installs it: the built wheel, in a fresh virtualenv, against a copy of the demo.

Every other test imports the package from the source tree (`pip install -e`), which would hide a file
the wheel does not ship (a template, the stylesheet). Here the package comes only from the wheel, built
from a copy of the sources. Offline and fast: the wheel is built without build isolation, and the fresh
virtualenv finds its dependencies in this test environment's site-packages (listed after its own), where
`pip check` confirms they meet the wheel's declared requirements.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO
from .test_links import html_references

WEEK = "2026-W47"
DEPARTMENT = "operations"


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env)
    assert result.returncode == 0, f"{' '.join(command[-6:])} exited {result.returncode}:\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(The fresh venv's bin folder, a copy of the demo project, the environment to run them in)."""
    root = tmp_path_factory.mktemp("wheel")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env["NO_MKDOCS_2_WARNING"] = "1"
    source = root / "source"
    shutil.copytree(
        REPO / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    pip = ["-m", "pip", "--quiet", "--disable-pip-version-check"]
    wheel_dir = root / "dist"
    _run(
        [
            sys.executable,
            *pip,
            "wheel",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "-w",
            str(wheel_dir),
            str(source),
        ],
        root,
        env,
    )
    (wheel,) = wheel_dir.glob("emptychair-*.whl")

    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], root, env)
    bin_dir = venv / "bin"
    site_packages = _run(
        [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        root,
        env,
    ).strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site_packages) / "dependencies-from-the-test-environment.pth").write_text(
        "\n".join(sorted(ours)) + "\n"
    )
    _run([str(bin_dir / "python"), *pip, "install", "--no-deps", "--no-index", str(wheel)], root, env)
    _run([str(bin_dir / "python"), *pip, "check"], root, env)

    demo = root / "demo"
    demo.mkdir()
    for name in ("stories", "site_config"):
        shutil.copytree(REPO / name, demo / name)
    shutil.copy2(REPO / "mkdocs.yml", demo / "mkdocs.yml")
    return bin_dir, demo, env


def test_the_package_comes_from_the_wheel(installed: tuple[Path, Path, dict[str, str]]) -> None:
    bin_dir, demo, env = installed
    where = _run([str(bin_dir / "python"), "-c", "import emptychair; print(emptychair.__file__)"], demo, env)
    assert Path(where.strip()).is_relative_to(bin_dir.parent), where


def test_the_installed_wheel_builds_the_demo_site(installed: tuple[Path, Path, dict[str, str]]) -> None:
    bin_dir, demo, env = installed
    _run([str(bin_dir / "python"), "-m", "mkdocs", "build", "--strict", "-d", str(demo / "built")], demo, env)
    built = demo / "built"
    for page in ("index.html", f"digests/{WEEK}/index.html", "balance/index.html", "attention/index.html"):
        assert (built / page).is_file(), page
    assert (built / "assets/emptychair/emptychair.css").stat().st_size > 0
    assert (built / "feeds/company/atom.xml").is_file()


def test_every_command_runs_from_the_installed_wheel(installed: tuple[Path, Path, dict[str, str]]) -> None:
    bin_dir, demo, env = installed
    command = str(bin_dir / "emptychair")
    site_url = yaml.safe_load((demo / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    assert (
        "files checked: all good"
        in subprocess.run(
            [command, "check"], capture_output=True, text=True, cwd=demo, env=env, check=True
        ).stderr
    )
    week = ["--week", WEEK]
    for department in ([], ["--department", DEPARTMENT]):
        markdown = _run([command, "digest", *week, *department, "--format", "markdown"], demo, env)
        assert markdown.startswith("# ")
        assert json.loads(_run([command, "digest", *week, *department, "--format", "json"], demo, env))
        out = demo / "out" / (department[-1] if department else "company")
        _run(
            [command, "digest", *week, *department, "--format", "html", "--out", str(out / "html")], demo, env
        )
        assert list((out / "html").glob("*.html"))
        _run(
            [command, "digest", *week, *department, "--format", "email", "--out", str(out / "email")],
            demo,
            env,
        )
        suffixes = sorted(path.suffix for path in (out / "email").iterdir())
        assert suffixes == [".eml", ".html", ".txt"]
        (eml,) = (out / "email").glob("*.eml")
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        assert message.get_content_type() == "multipart/alternative"
        (html,) = (out / "email").glob("*.html")
        references = list(html_references(site_url, "mail.html", html.read_text()))
        assert any(reference.target.startswith(f"{site_url}stories/") for reference in references)
        outside = [ref.target for ref in references if ref.fetched and not ref.target.startswith(site_url)]
        assert not outside, "an e-mail fetches nothing from any host but the site"
    balance = _run([command, "balance"], demo, env)
    assert "Customer share of leadership communications" in balance
    assert json.loads(_run([command, "balance", "--format", "json"], demo, env))["weeks"]
