"""`emptychair themes` on a generated export: the JSON contract, departments, the company's own names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from emptychair.cli.main import main

from .test_themes import corpus

KEYS = {"slug", "label", "terms", "count", "negative", "change", "stories", "quotes"}


@pytest.fixture(scope="module")
def export_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("themes")
    corpus.write_site(corpus.generate(700, seed=8, weeks=2), root)
    config = {
        "site_name": "Themes",
        "docs_dir": "stories",
        "theme": {"name": "material"},
        "plugins": [{"emptychair": {"site_config": "site_config", "today": "2026-11-23"}}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def run(site: Path, capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["themes", "-f", str(site / "mkdocs.yml"), *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_gives_the_contract(export_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(export_site, capsys, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["week"], data["scope"]) == ("2026-W47", "company")
    assert 8 <= len(data["themes"]) <= 20
    assert all(set(theme) >= KEYS for theme in data["themes"])
    first = data["themes"][0]
    assert first["count"] == len(first["stories"]) and 0 <= first["negative"] <= 1
    assert all(quote["story"] in first["stories"] for quote in first["quotes"])
    code, again, _ = run(export_site, capsys, "--format", "json")
    assert again == out


def test_a_department_sees_its_own_stories(export_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, company, _ = run(export_site, capsys, "--format", "json", "--week", "2026-W47")
    code, finance, _ = run(export_site, capsys, "--format", "json", "--department", "finance")
    assert code == 0
    counts = {theme["slug"]: theme["count"] for theme in json.loads(company)["themes"]}
    themes = json.loads(finance)["themes"]
    assert json.loads(finance)["scope"] == "finance" and themes
    assert all(theme["count"] <= counts[theme["slug"]] for theme in themes)


def test_text_names_each_theme_with_its_figures(
    export_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(export_site, capsys)
    assert code == 0
    assert out.startswith("What customers talked about in 2026-W47 (16–22 Nov), the whole company: ")
    assert "% negative" in out and "  terms: " in out


def test_a_named_theme_and_a_bad_taxonomy(export_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taxonomy = export_site / "site_config" / "themes.yml"
    taxonomy.write_text("themes:\n  - {name: Hold times on the phone, words: [on hold, phone, hold music]}\n")
    try:
        code, out, _ = run(export_site, capsys, "--format", "json")
        assert code == 0
        assert "Hold times on the phone" in [theme["label"] for theme in json.loads(out)["themes"]]
        taxonomy.write_text("themes:\n  - {name: Hold times, words: on hold}\n")
        code, out, err = run(export_site, capsys)
        assert code == 2 and out == ""
        message = "site_config/themes.yml:2: themes.0.words: 'on hold' is not a list of words"
        assert err.startswith(message)
        checked = main(
            [
                "check",
                "--stories",
                str(export_site / "stories"),
                "--site-config",
                str(export_site / "site_config"),
            ]
        )
        assert checked == 1 and message in capsys.readouterr().out
    finally:
        taxonomy.unlink()


def test_a_week_without_stories_is_named(export_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(export_site, capsys, "--week", "2025-W02")
    assert code == 1
    assert "no stories in 2025-W02, so no themes; weeks with stories run from 2026-W46 to 2026-W47" in err


def test_quotes_name_no_customer_who_has_not_consented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus.write_site(corpus.generate(300, seed=12), tmp_path)
    names = set()
    for path in (tmp_path / "stories").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        customer = yaml.safe_load(text.split("---\n")[1])["customer"]
        names.add(customer)
        front, _, body = text.partition("\n---\n")
        path.write_text(f"{front}\n---\n{customer} here. {body}", encoding="utf-8")
    config = {
        "site_name": "x",
        "docs_dir": "stories",
        "plugins": [{"emptychair": {"site_config": "site_config"}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    code, out, _ = run(tmp_path, capsys, "--format", "json", "--week", "2026-W47")
    assert code == 0
    quotes = [quote["text"] for theme in json.loads(out)["themes"] for quote in theme["quotes"]]
    assert len(quotes) >= 6
    assert not [name for name in names for quote in quotes if name.split()[1] in quote]


def test_the_command_keeps_each_week_s_themes_in_the_build_cache(
    export_site: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    first = run(export_site, capsys, "--format", "json")
    caplog.clear()
    with caplog.at_level("INFO"):
        assert run(export_site, capsys, "--format", "json") == first
    assert "themes: 2 of 2 weeks found in the build cache" in caplog.text
