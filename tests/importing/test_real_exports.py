"""Imports of exports as real ones are (made by exports.py): mangled ids, the company's own accounts,
HTML entities, old dates, no date column, missing titles, rating-only rows, re-sorted copies."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from emptychair.importing.run import slug_for
from emptychair.importing.story_file import imported_text
from emptychair.stories.model import Customer
from emptychair.stories.schema import named_in_slug

from ..conftest import REPO, Site
from .exports import (
    REVIEW_HEADER,
    REVIEW_MAPPING,
    SOCIAL_HEADER,
    SOCIAL_MAPPING,
    product_reviews,
    social_posts,
    write_csv,
)
from .test_import import counts, front, imported, run, write


@pytest.fixture
def company(site: Site) -> Site:
    """The repository's own site_config: Harbour & Pine's departments, channels and public handles."""
    shutil.rmtree(site.root / "site_config")
    shutil.copytree(REPO / "site_config", site.root / "site_config")
    return site


def import_posts(
    site: Site, rows: list[list[str]], mapping: str = SOCIAL_MAPPING, *, sort_seed: int | None = None
):  # type: ignore[no-untyped-def]
    write_csv(site.root / "posts.csv", SOCIAL_HEADER, rows, sort_seed=sort_seed)
    write(site, "mapping.yml", mapping)
    return run(site, "import", "posts.csv", "--mapping", "mapping.yml")


def test_re_sorting_appending_or_removing_rows_changes_nothing_else(company: Site) -> None:
    rows = social_posts(400, seed=3)
    first = import_posts(company, rows[:380])
    assert first.returncode == 0, first.stdout + first.stderr
    before = imported(company)
    assert counts(first)["id collisions"] >= 1
    resorted = import_posts(company, rows[:380], sort_seed=7)
    assert (counts(resorted)["new"], counts(resorted)["updated"], counts(resorted)["kept local edits"]) == (
        0,
        0,
        0,
    )
    assert imported(company) == before
    appended = import_posts(company, rows, sort_seed=8)
    assert (counts(appended)["updated"], counts(appended)["missing from source (kept)"]) == (0, 0)
    after = imported(company)
    assert {path: after[path] for path in before} == before
    removed = [row for position, row in enumerate(rows) if position % 10 != 3]
    shrunk = import_posts(company, removed)
    assert (counts(shrunk)["new"], counts(shrunk)["updated"], counts(shrunk)["kept local edits"]) == (0, 0, 0)
    assert imported(company) == after


def test_many_shared_ids_are_one_line_that_suggests_a_better_id(company: Site) -> None:
    result = import_posts(company, social_posts(1500, seed=4))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "shared by" in line]
    assert len(lines) == 1
    assert lines[0].startswith("posts.csv: ")
    assert " ids are shared by rows with different content (" in lines[0]
    assert lines[0].endswith("; id: [tweet_id, tweet_created] would tell them apart")
    assert counts(result)["id collisions"] > 5
    again = import_posts(company, social_posts(1500, seed=4))
    assert (counts(again)["new"], counts(again)["updated"]) == (0, 0)
    checked = run(company, "check")
    assert checked.returncode == 0, checked.stdout


def test_without_id_only_identical_rows_merge(company: Site) -> None:
    rows = product_reviews(300, seed=5)
    rows += [list(rows[0]), list(rows[1])]
    rows += [
        ["900", "41", "", "", "4", "Tops"],
        ["901", "41", "", "", "4", "Tops"],
        ["900", "41", "", "", "4", "Tops"],
    ]
    write_csv(company.root / "reviews.csv", REVIEW_HEADER, rows)
    write(company, "mapping.yml", REVIEW_MAPPING)
    result = run(company, "import", "reviews.csv", "--mapping", "mapping.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert counts(result)["duplicates merged"] == sum(
        1 for position, row in enumerate(rows) if row in rows[:position]
    )
    assert counts(result)["new"] == len({tuple(row) for row in rows})
    write_csv(company.root / "reviews.csv", REVIEW_HEADER, rows, sort_seed=2)
    again = run(company, "import", "reviews.csv", "--mapping", "mapping.yml")
    assert (counts(again)["new"], counts(again)["updated"]) == (0, 0)


def test_entities_are_decoded_once(company: Site) -> None:
    rows = [
        [
            "570306133677760513",
            "negative",
            "",
            "sam_ito",
            "0",
            "@HarbourPine sofa due tmrw &amp; my table &lt;3 &amp;amp;",
            "2015-02-24 11:35:00 -0800",
        ]
    ]
    assert import_posts(company, rows).returncode == 0
    (text,) = imported(company).values()
    meta = front(text)
    assert meta["title"] == "sofa due tmrw & my table <3 &amp;"
    assert text.split("---\n", 2)[2] == "@HarbourPine sofa due tmrw &amp; my table &lt;3 &amp;amp;\n"


def test_the_company_s_own_accounts_are_named_with_the_fix(company: Site) -> None:
    rows = social_posts(400, seed=6)
    result = import_posts(company, rows)
    assert result.returncode == 0, result.stdout + result.stderr
    (line,) = [line for line in result.stdout.splitlines() if "own accounts" in line]
    assert line.startswith("posts.csv: HarbourPine and HarbourPine_Help wrote ")
    assert line.endswith(
        "the company's own accounts, not customers? "
        "leave their rows out in the mapping, skip: {column: name, in: [HarbourPine, HarbourPine_Help]}"
    )
    assert not any(front(text)["title"].startswith("@") for text in imported(company).values())  # type: ignore[union-attr]
    shutil.rmtree(company.stories / "imported")
    skipping = SOCIAL_MAPPING + "skip: {column: name, in: [HarbourPine, HarbourPine_Help]}\n"
    result = import_posts(company, rows, skipping)
    assert result.returncode == 0
    assert "own accounts" not in result.stdout
    brand = sum(1 for row in rows if row[3].startswith("HarbourPine"))
    assert brand and counts(result)["skipped by the mapping"] == brand
    customers = {front(text)["customer"] for text in imported(company).values()}
    assert not customers & {"HarbourPine", "HarbourPine_Help"}


def test_a_handle_made_of_common_words_is_named_only_whole() -> None:
    assert named_in_slug("airline-tweets-e7e948345a", Customer("gabs_tweets")) == []
    assert named_in_slug("gabs-tweets-late", Customer("gabs_tweets")) == ["gabs-tweets"]
    assert named_in_slug("margaret-late", Customer("Margaret Hughes")) == ["margaret"]


def test_import_never_writes_a_file_name_check_refuses(company: Site) -> None:
    row = ["R1", "negative", "", "x", "0", "late again", "2015-02-24 11:35:00 -0800"]
    hashed = slug_for("social-posts", "R1").rpartition("-")[2]
    row[3] = hashed
    result = import_posts(company, [row])
    assert result.returncode == 0, result.stdout + result.stderr
    assert not any(hashed in Path(path).name for path in imported(company))
    checked = run(company, "check")
    assert checked.returncode == 0, checked.stdout
    mapping = SOCIAL_MAPPING.replace("social-posts", "airline-tweets")
    shutil.rmtree(company.stories / "imported")
    assert import_posts(company, [[*row[:3], "gabs_tweets", *row[4:]]], mapping).returncode == 0
    checked = run(company, "check")
    assert checked.returncode == 0, checked.stdout


def test_undated_untitled_reviews_are_dated_by_their_first_import_and_titled_by_fallback(
    company: Site,
) -> None:
    rows = [
        ["801", "30", "", "The sleeves are long. It washed well.", "4", "Tops"],
        ["802", "44", "Great fit", "I ordered my usual size.", "5", "Dresses"],
        ["803", "51", "", "", "2", "Tops"],
    ]
    write_csv(company.root / "reviews.csv", REVIEW_HEADER, rows)
    write(company, "mapping.yml", REVIEW_MAPPING)
    result = run(company, "import", "reviews.csv", "--mapping", "mapping.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    stories = {front(text)["rating"]: (path, text) for path, text in imported(company).items()}
    assert front(stories[4][1])["title"] == "The sleeves are long. It washed well."
    assert front(stories[5][1])["title"] == "Great fit"
    assert front(stories[4][1])["date"] == date.today().isoformat()
    # As if imported on an earlier day: the file import would have written then.
    path, text = stories[4]
    meta = front(text)
    source = meta.pop("source")
    body = text.split("---\n", 2)[2]
    earlier, _ = imported_text({**meta, "date": "2024-01-05"}, body, source["name"], source["id"])  # type: ignore[index]
    (company.root / path).write_text(earlier, encoding="utf-8")
    again = run(company, "import", "reviews.csv", "--mapping", "mapping.yml")
    assert (counts(again)["new"], counts(again)["updated"], counts(again)["unchanged"]) == (0, 0, 3)
    assert (company.root / path).read_text(encoding="utf-8") == earlier
    assert front(stories[2][1])["title"] == "A rating without words"


BAD_MAPPING = """\
source: bad-things
id: [id]
fields:
  date: when
  title: text
  customer: name
  kind: {value: review}
  touchpoints: {value: [delivery]}
  rating: stars
"""
GOOD_LINE = '{"id": "B1", "when": "2026-11-17", "text": "ok", "name": "Jo Baker", "stars": 3}\n'


@pytest.mark.parametrize(
    ("name", "export", "message"),
    [
        (
            "bad.csv",
            "id,when,text,name,stars\nA1,2026-11-17,ok,Jo Baker," + "9" * 400 + "\n",
            "bad.csv:row 2: rating: '99999999999999999999… (400 characters)' is not an integer from 1 to 5",
        ),
        (
            "bad.csv",
            "id,when,text,name,stars\nA1,0001-01-01T00:00:00+05:00,ok,Jo Baker,3\n",
            "bad.csv:row 2: date: '0001-01-01T00:00:00+05:00' is outside the range of dates a story can have",
        ),
        (
            "bad.jsonl",
            GOOD_LINE + '{"id": "B2", "when": "2026-11-17", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
            "bad.jsonl:row 2: not readable as JSON: nested too deeply; an export row is an object of fields",
        ),
        (
            "bad.jsonl",
            GOOD_LINE + '{"id": "B2", "stars": ' + "9" * 5000 + "}\n",
            "bad.jsonl:row 2: not readable as JSON: Exceeds the limit (4300 digits) for integer string "
            "conversion: value has 5000 digits",
        ),
    ],
)
def test_a_bad_export_is_an_error_not_a_traceback(site: Site, name: str, export: str, message: str) -> None:
    write(site, name, export)
    write(site, "mapping.yml", BAD_MAPPING)
    result = run(site, "import", name, "--mapping", "mapping.yml")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == message


@pytest.mark.parametrize("encoding", ["base64", "idna", "rot13"])
def test_only_text_encodings(site: Site, encoding: str) -> None:
    write(site, "bad.csv", "id,when,text,name,stars\n")
    write(site, "mapping.yml", BAD_MAPPING + f"encoding: {encoding}\n")
    result = run(site, "import", "bad.csv", "--mapping", "mapping.yml")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        f"mapping.yml:10: encoding: {encoding!r} is not a text encoding Python knows, such as cp1252 or latin-1"
    )


def test_an_empty_or_cut_off_file_is_written_again_not_kept(company: Site) -> None:
    rows = social_posts(3, seed=9)
    assert import_posts(company, rows).returncode == 0
    files = imported(company)
    empty, cut, _ = sorted(files)
    (company.root / empty).write_text("", encoding="utf-8")
    (company.root / cut).write_text(files[cut][:40], encoding="utf-8")
    result = import_posts(company, rows)
    assert (counts(result)["kept local edits"], counts(result)["new"]) == (0, 2)
    assert imported(company) == files
    assert not [path for path in company.stories.rglob("*") if path.name.startswith(".")]


def test_a_mapping_closes_the_follow_up_of_imported_history(company: Site) -> None:
    mapping = SOCIAL_MAPPING + "  follow_up: {value: {owner: chloe-martin, status: done}}\n"
    result = import_posts(company, social_posts(5, seed=2), mapping)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {str(front(text)["follow_up"]) for text in imported(company).values()} == {
        "{'owner': 'chloe-martin', 'status': 'done'}"
    }
    checked = run(company, "check")
    assert checked.returncode == 0, checked.stdout
