"""The plugin's options are checked when mkdocs.yml loads: a bad value is one line naming the option, in
the build and in every command, never a traceback; the build reads them from the one Settings value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from emptychair.pipeline.options import EmptyChairConfig
from emptychair.pipeline.settings import settings_from_mkdocs
from mkdocs.config import load_config

from ..conftest import Site


def _errors(options: dict[str, object]) -> list[str]:
    config = EmptyChairConfig()
    config.load_dict(options)
    errors, _ = config.validate()
    return [f"{key}: {error}" for key, error in errors]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"page_size": 0}, "page_size: 0 is not a whole number of at least 1"),
        ({"page_size": True}, "page_size: True is not a whole number of at least 1"),
        ({"feed_size": -1}, "feed_size: -1 is not a whole number of at least 1"),
        ({"search_shard_size": "many"}, "search_shard_size: 'many' is not a whole number of at least 1"),
        ({"digest_max_stories": 2.5}, "digest_max_stories: 2.5 is not a whole number of at least 1"),
        ({"workers": -2}, "workers: -2 is not a whole number of at least 0"),
        (
            {"timezone": "Europe/Londn"},
            "timezone: 'Europe/Londn' is not an IANA time zone, e.g. Europe/London, America/New_York or UTC",
        ),
        ({"timezone": "../../etc/passwd"}, "timezone: '../../etc/passwd' is not an IANA time zone"),
        ({"today": "22/11/2026"}, "today: '22/11/2026' is not a date written as YYYY-MM-DD"),
        ({"enabled": "yes please"}, "enabled: 'yes please' is not true or false"),
        ({"balance": {"target": 60}}, "balance: Sub-option 'target': 60 is not a share from 0 to 1"),
        ({"balance": {"window": 0}}, "balance: Sub-option 'window': 0 is not a whole number of at least 1"),
        (
            {"email": {"smtp_port": 70000}},
            "email: Sub-option 'smtp_port': 70000 is not a whole number from 1",
        ),
    ],
)
def test_a_bad_option_is_one_line_naming_it(options: dict[str, object], message: str) -> None:
    errors = _errors(options)
    assert len(errors) == 1
    assert errors[0].startswith(message)
    assert "\n" not in errors[0]


def test_good_options_pass_as_written() -> None:
    config = EmptyChairConfig()
    config.load_dict(
        {"timezone": "Europe/London", "balance": {"target": 1}, "today": "2026-11-22", "workers": 0}
    )
    assert config.validate() == ([], [])
    assert (config.timezone, config.balance.target, config.today, config.workers) == (
        "Europe/London",
        1.0,
        "2026-11-22",
        0,
    )


@pytest.mark.parametrize(
    ("option", "said"),
    [
        ("page_size: 0", "option 'page_size': 0 is not a whole number of at least 1"),
        ("timezone: Europe/Londn", "option 'timezone': 'Europe/Londn' is not an IANA time zone"),
        ("feed_size: -1", "option 'feed_size': -1 is not a whole number of at least 1"),
    ],
)
def test_build_and_commands_refuse_a_bad_option_in_one_line(site: Site, option: str, said: str) -> None:
    site.add("2026/w47/fine.md")
    site.configure(option)
    built = site.build(check=False)
    assert built.returncode != 0
    assert said in built.stderr
    assert "Traceback" not in built.stderr
    for command in (["check"], ["balance"], ["digest", "--week", "2026-W47"]):
        result = subprocess.run(
            [sys.executable, "-m", "emptychair", *command], capture_output=True, text=True, cwd=site.root
        )
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("emptychair: mkdocs.yml: "), result.stderr
        assert said in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_serve_watches_site_config(site: Site) -> None:
    config = load_config(config_file=str(site.root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert str(site.root / "site_config") in config["watch"]


def test_settings_carry_the_site_and_theme_values_the_build_uses(site: Site) -> None:
    site.configure("feed_size: 3\nsearch_shard_size: 7")
    config = load_config(config_file=str(site.root / "mkdocs.yml"))
    settings = settings_from_mkdocs(config, config.plugins["emptychair"].config)
    assert (settings.feed_size, settings.search_shard_size) == (3, 7)
    assert (settings.site_name, settings.site_url, settings.language) == (
        "Test voice",
        "https://voice.example.test/",
        "en",
    )
    assert settings.theme_dirs == tuple(config.theme.dirs)
    assert settings.site_dir == Path(config.site_dir)


def test_disabled_the_plugin_makes_nothing_and_publishes_no_story_file(site: Site) -> None:
    site.add("2026/w47/fine.md", "Margaret's parcel was soaked.")
    # Nor anything else under stories/: what the plugin would refuse, it does not publish disabled either.
    site.write("2026/w47/page.html", "<script>alert(1)</script>")
    site.write("2026/w47/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    site.write("2026/w47/notes.txt", "internal notes")
    site.write("2026/w47/photo.png", b"\x89PNG\r\n\x1a\n")
    (site.stories / "2026/w47/environ.txt").symlink_to("/proc/self/environ")
    site.configure("enabled: false")
    (site.root / "mkdocs.yml").write_text(
        (site.root / "mkdocs.yml").read_text().replace("docs_dir: stories", "docs_dir: stories\nnav: []")
    )
    site.build("--strict")
    built = sorted(
        path.relative_to(site.root / "site").as_posix() for path in (site.root / "site").rglob("*.html")
    )
    assert not any("fine" in path or "digests" in path or "departments" in path for path in built), built
    text = "".join(
        path.read_text()
        for path in (site.root / "site").rglob("*")
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}
    )
    assert "Margaret" not in text
    assert not (site.root / "site" / "2026").exists(), sorted((site.root / "site" / "2026").rglob("*"))


def test_stories_are_taken_from_the_collection_other_plugins_leave(site: Site) -> None:
    # A hook (run, like a plugin listed after ours, at the default priority) holds a story back: our
    # on_files runs late, so the story is neither published nor listed.
    site.add("2026/w47/fine.md")
    site.add("2026/w47/held-back.md", title="Held back by a hook")
    (site.root / "hold_back.py").write_text(
        "def on_files(files, config):\n"
        "    files.remove(files.get_file_from_path('2026/w47/held-back.md'))\n"
        "    return files\n"
    )
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - hold_back.py\n")
    site.build("--strict")
    assert (site.root / "site" / "stories" / "fine" / "index.html").exists()
    assert not (site.root / "site" / "stories" / "held-back").exists()
    assert "Held back" not in site.content("kinds/complaint/").text()


@pytest.mark.parametrize(
    ("command", "makes"),
    [
        (["digest", "--week", "2026-W47"], "digest"),
        (["balance"], "balance"),
        (["themes", "--week", "2026-W47"], "themes"),
    ],
)
def test_disabled_the_commands_that_publish_stories_refuse_in_one_line(
    site: Site, command: list[str], makes: str
) -> None:
    site.add("2026/w47/fine.md", "Margaret's parcel was soaked.")
    site.configure("enabled: false")
    result = subprocess.run(
        [sys.executable, "-m", "emptychair", *command], capture_output=True, text=True, cwd=site.root
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"emptychair: enabled: false in mkdocs.yml: the site publishes no story, so there is no {makes} to "
        "show; remove enabled: false (or set it to true) first\n"
    )
