"""One pipeline behind the build and every command: `check` reports what `mkdocs build --strict` fails on,
the commands read mkdocs.yml as MkDocs does, and stories come from MkDocs' own file collection."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from ..cli.test_check_command import check
from ..conftest import Site, good_fields, story_text


def _build_problems(stderr: str) -> set[str]:
    """The problems a build logged, as `check` prints them (without MkDocs' log prefixes): stories',
    the balance's, mkdocs.yml's and MkDocs' own warnings."""
    found = set()
    for line in stderr.splitlines():
        # A warning's line, or a line of the strict failure that lists every problem.
        match = re.match(
            r"(?:(?:WARNING|ERROR)\s+-\s+(?:emptychair:\s+)?)?((?:stories|site_config)/.*|(?:balance|mkdocs\.yml):.*)",
            line,
        )
        mkdocs_warning = re.match(r"WARNING\s+-\s+(?!emptychair:)(.*)", line)
        if match:
            found.add(match.group(1))
        elif mkdocs_warning:
            found.add("mkdocs.yml: " + mkdocs_warning.group(1))
    return found


def test_check_fails_where_the_strict_build_fails_balance_and_mkdocs_warnings_included(site: Site) -> None:
    site.add("2026/w47/fine.md")
    # A leader's internal memo, written as a leader would: it puts leaders below the balance target.
    memo_flags = [
        "--kind",
        "memo",
        "--author",
        "ops-lead",
        "--focus",
        "internal",
        "--date",
        "2026-11-18",
        "--body",
        "Claims",
    ]
    memo = subprocess.run(
        [sys.executable, "-m", "emptychair", "new", *memo_flags, "--title", "New expense rules"],
        capture_output=True,
        text=True,
        cwd=site.root,
    )
    assert memo.returncode == 0, memo.stderr
    # Two files for one page: MkDocs leaves one out with a warning, which --strict fails on.
    site.add("2026/w48/index.md", title="Index of a week")
    site.add("2026/w48/README.md", title="Read me")
    # A mailing-list entry that is no address: the site builds without it, the weekly send would stop.
    departments = site.root / "site_config/departments.yml"
    listed = departments.read_text(encoding="utf-8")
    departments.write_text(listed.replace("[sales@example.test]", "[sales@example.test, Sales team]"))
    checked = check(site)
    built = site.build("--strict", check=False)
    assert built.returncode == 1
    assert checked.returncode == 1
    reported = set(checked.stdout.splitlines())
    assert any(line.startswith("balance: Ops Lead: 0% of their communications") for line in reported), (
        reported
    )
    assert any("conflicts with '2026/w48/index.md'" in line for line in reported), reported
    assert (
        "site_config/departments.yml:6: departments.0.mailing_list.1: 'Sales team' is not one e-mail address "
        "such as 'Sales <sales@example.com>'"
    ) in reported
    assert reported == _build_problems(built.stderr)
    assert checked.stderr.endswith("in 2 files, 4 of them on the balance\n"), checked.stderr
    # Without --strict the site is built, and the same problems are its warnings.
    assert _build_problems(site.build().stderr) == reported

    # Fixed as the messages say: then check passes, and so does the strict build.
    departments.write_text(listed)
    (site.stories / "2026/w48/README.md").unlink()
    site.configure("balance:\n  enforce: 'off'")
    assert check(site).returncode == 0
    assert site.build("--strict", check=False).returncode == 0


def test_check_and_a_strict_build_agree_on_bad_stories_links_included(site: Site) -> None:
    site.configure("balance:\n  enforce: 'off'")
    site.add("2026/w47/fine.md", "See [the other one](other.md) and [a missing one](gone.md).")
    site.add("2026/w47/other.md", title="Another parcel")
    site.add("2026/w47/bad-rating.md", rating=7)
    site.add("2026/w47/odd-field.md", departmens=["sales"])
    site.add("2026/w47/Bad Name.md", title="A file name that makes no web address")
    site.write(
        "digests/2026-w47-nodept.md", "---\nweek: 2026-W47\ndepartment: nodept\nauthor: ops-lead\n---\nHi.\n"
    )
    site.write(
        "digests/2026-w47.md",
        "---\nweek: 2026-W47\nauthor: nobody-here\n---\nRead [this](../2026/w47/nowhere.md).\n",
    )
    checked = check(site)
    built = site.build("--strict", check=False)
    assert checked.returncode == 1
    assert built.returncode == 1
    reported = set(checked.stdout.splitlines())
    assert any("'gone.md' leads to no story" in line for line in reported)
    assert any("file name 'Bad Name.md' does not make a web address" in line for line in reported)
    assert any("'nodept' is not a department" in line for line in reported)
    assert reported == _build_problems(built.stderr)


def test_check_and_the_build_both_read_balance_yml_whatever_balance_enforce_says(site: Site) -> None:
    site.add("2026/w47/fine.md")
    (site.root / "site_config/balance.yml").write_text("customer_wordz: [parcel]\n", encoding="utf-8")
    built = site.build(check=False)
    assert built.returncode == 1
    message = (
        "site_config/balance.yml:1: customer_wordz: unknown setting; balance.yml takes customer_words, "
        "internal_words, not_customer_words, built_in_words, own_names"
    )
    assert _build_problems(built.stderr) == {message}
    # The build reads the word lists even when the balance is not enforced; so does check, of one file too.
    for enforce, arguments in (("warn", ()), ("'off'", ()), ("'off'", ("stories/2026/w47/fine.md",))):
        site.configure(f"balance:\n  enforce: {enforce}")
        checked = check(site, *arguments)
        assert (checked.returncode, checked.stdout) == (1, message + "\n"), (enforce, checked.stderr)


def test_disabled_check_checks_no_story_as_the_build_makes_nothing_of_them(site: Site) -> None:
    site.add("2026/w47/fine.md")
    site.add("2026/w47/bad-rating.md", rating=9)
    site.configure("enabled: false")
    checked = check(site)
    assert (checked.returncode, checked.stdout, checked.stderr) == (
        0,
        "",
        "emptychair: enabled: false in mkdocs.yml: the build publishes no story, so none was checked\n",
    )
    assert site.build("--strict", check=False).returncode == 0

    # MkDocs' own warnings still fail the strict build: check says them.
    site.add("2026/w48/index.md", title="Index of a week")
    site.add("2026/w48/README.md", title="Read me")
    checked = check(site)
    built = site.build("--strict", check=False)
    assert (checked.returncode, built.returncode) == (1, 1)
    assert (
        set(checked.stdout.splitlines())
        == _build_problems(built.stderr)
        == {
            "mkdocs.yml: Excluding '2026/w48/README.md' from the site because it conflicts with '2026/w48/index.md'."
        }
    )


def test_check_of_one_file_reports_its_broken_link(site: Site) -> None:
    site.add("2026/w47/fine.md", "A link to [nothing](nothing.md).")
    site.add("2026/w47/other.md", "A link to [nothing either](nowhere.md).", title="Other")
    result = check(site, "stories/2026/w47/fine.md")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "stories/2026/w47/fine.md: link 'nothing.md' leads to no story or file in the stories folder"
    ]


def test_commands_read_inherit_and_env_as_mkdocs_does(site: Site) -> None:
    # docs_dir and the plugin's site_config live in a base file; mkdocs.yml inherits them and takes
    # the timezone from the environment.
    base = (site.root / "mkdocs.yml").read_text().replace("docs_dir: stories", "docs_dir: tales")
    (site.root / "base.yml").write_text(base)
    (site.root / "stories").rename(site.root / "tales")
    (site.root / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nplugins:\n  - search\n  - emptychair:\n      timezone: !ENV [VOICE_TZ, UTC]\n"
    )
    # Sunday 23:30 in UTC is already Monday in Auckland: the story moves to the next ISO week.
    late = site.root / "tales" / "2026" / "w47" / "late.md"
    late.parent.mkdir(parents=True)
    late.write_text(story_text("Late on Sunday.", **good_fields(date="2026-11-22T23:30:00Z")))

    def digest_week(zone: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "emptychair", "digest", "--week", "2026-W47", "--format", "json"],
            capture_output=True,
            text=True,
            cwd=site.root,
            env={**os.environ, "VOICE_TZ": zone},
        )

    in_utc = digest_week("UTC")
    assert in_utc.returncode == 0, in_utc.stderr
    assert [story["title"] for story in json.loads(in_utc.stdout)["stories"]] == ["Parcel left in the rain"]
    in_auckland = digest_week("Pacific/Auckland")
    assert in_auckland.returncode == 1
    assert "no stories in 2026-W47" in in_auckland.stderr
    assert check(site).stderr == "1 file checked: all good\n"


def test_exclude_docs_keeps_a_story_out_of_the_site_and_the_check(site: Site) -> None:
    site.add("2026/w47/fine.md")
    site.add("2026/w47/held-back.md", title="Held back for legal review")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + "exclude_docs: |\n  2026/w47/held-back.md\n")
    site.build("--strict")
    assert (site.root / "site" / "stories" / "fine" / "index.html").exists()
    assert not (site.root / "site" / "stories" / "held-back").exists()
    listing = site.content("kinds/complaint/").text()
    assert "Held back" not in listing
    assert check(site).stderr == "1 file checked: all good\n"


def test_company_is_not_a_department_slug(site: Site) -> None:
    departments = site.root / "site_config" / "departments.yml"
    departments.write_text(departments.read_text().replace("slug: sales", "slug: company", 1))
    result = check(site)
    assert result.returncode == 1
    assert "company" in result.stdout + result.stderr
    assert "reserved" in result.stdout + result.stderr


def test_a_nav_entry_to_a_story_file_leads_to_its_page_and_check_says_what_the_build_refuses(
    site: Site,
) -> None:
    site.add("2026/w47/sofa-wrong-flat.md", title="Sofa came flat-packed")
    site.add("2026/w47/not-yet.md", title="Not yet", draft=True)
    config = site.root / "mkdocs.yml"
    plain = config.read_text()
    # The home page and a week's digest are pages the plugin makes: entries to them are found.
    nav = (
        "nav:\n  - Home: index.md\n  - This week: digests/2026-W47/index.md\n"
        "  - Sofa: 2026/w47/sofa-wrong-flat.md\n"
    )
    # A draft has no page: the entry is said once, in the same words by check and the strict build; an
    # entry to no file at all is said in MkDocs' words, by both.
    config.write_text(
        plain + nav + "  - Later:\n    - Not yet: 2026/w47/not-yet.md\n    - Gone: 2026/w47/gone.md\n"
    )
    checked = check(site)
    assert (checked.returncode, site.build("--strict", check=False).returncode) == (1, 1)
    refused = (
        "mkdocs.yml: nav: '2026/w47/not-yet.md' is a story the site does not publish (a draft, or a file "
        "with errors): take it out of nav"
    )
    missing = (
        "mkdocs.yml: A reference to '2026/w47/gone.md' is included in the 'nav' configuration, which is not "
        "found in the documentation files."
    )
    # The strict build stops at our problems, before MkDocs makes the navigation: the build without
    # --strict says both.
    built = site.build()
    assert set(checked.stdout.splitlines()) == _build_problems(built.stderr) == {refused, missing}
    assert "A reference to '2026/w47/not-yet.md'" not in built.stderr

    # A story that is published: its file in nav is its page, as the stories' own links are.
    config.write_text(plain + nav)
    assert check(site).returncode == 0
    site.build("--strict")
    links = {node.text(strip=True): node.attributes["href"] for node in site.page("").css("a.md-nav__link")}
    assert links["Sofa"] == "stories/sofa-wrong-flat/"
