"""`emptychair import`: real exports and mappings in tmp_path, the real command, the files it leaves."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from ..conftest import REPO, Site

MAPPING = """\
source: shop-reviews
id: [review_id]
timezone: Europe/London
fields:
  date: {column: when, format: "%d/%m/%Y"}
  title: {column: text, max: 40}
  body: text
  quote: text
  customer: name
  kind: {value: review}
  channel: {value: review-site}
  rating: stars
  touchpoints: {column: area, map: {Late: [delivery], Bill: [billing], Refund: [refunds]}}
"""
HEADER = "review_id,when,stars,text,name,area\n"
ROWS = [
    "R1,17/11/2026,2,Parcel left in the rain by the gate,Margaret Hughes,Late\n",
    "R2,18/11/2026,5,Refund arrived the next day,Tom Price,Refund\n",
    "R3,19/11/2026,1,Charged twice for one order,Ana Silva,Bill\n",
]


def run(site: Site, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", *arguments],
        capture_output=True,
        text=True,
        cwd=site.root,
        env={**os.environ, "COLUMNS": "200"},
    )


def write(site: Site, name: str, content: str | bytes) -> str:
    path = site.root / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return name


def import_csv(
    site: Site, rows: list[str], *extra: str, mapping: str = MAPPING
) -> subprocess.CompletedProcess[str]:
    write(site, "reviews.csv", HEADER + "".join(rows))
    write(site, "mapping.yml", mapping)
    return run(site, "import", "reviews.csv", "--mapping", "mapping.yml", *extra)


def imported(site: Site) -> dict[str, str]:
    folder = site.stories / "imported"
    return (
        {
            path.relative_to(site.root).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*.md"))
        }
        if folder.exists()
        else {}
    )


def front(text: str) -> dict[str, object]:
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def counts(result: subprocess.CompletedProcess[str]) -> dict[str, int]:
    """The summary's counts, read back from the text a person sees."""
    found: dict[str, int] = {}
    for line in result.stdout.splitlines():
        if line.startswith("  "):
            label, _, number = line.strip().rpartition(" ")
            found[label.strip()] = int(number)
    return found


def by_id(site: Site) -> dict[str, dict[str, object]]:
    stories: dict[str, dict[str, object]] = {}
    for text in imported(site).values():
        meta = front(text)
        source = meta["source"]
        assert isinstance(source, dict)
        stories[str(source["id"])] = meta
    return stories


def test_csv_with_bom_and_quoted_newlines_becomes_story_files_check_accepts(site: Site) -> None:
    rows = [
        'R1,17/11/2026,2,"Left in the rain.\nThe box was soaked, the sofa too.",Margaret Hughes,Late\n',
        *ROWS[1:],
    ]
    write(site, "reviews.csv", ("\ufeff" + HEADER + "".join(rows)).encode("utf-8"))
    write(site, "mapping.yml", MAPPING)
    result = run(site, "import", "reviews.csv", "--mapping", "mapping.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    files = imported(site)
    assert len(files) == 3
    first = next(text for text in files.values() if "R1" in text)
    meta = front(first)
    assert meta["title"] == "Left in the rain. The box was soaked…"
    assert meta["quote"] == "Left in the rain.\nThe box was soaked, the sofa too."
    assert meta["source"] == {"name": "shop-reviews", "id": "R1", "hash": meta["source"]["hash"]}  # type: ignore[index]
    assert first.split("---\n", 2)[2] == "Left in the rain.\nThe box was soaked, the sofa too.\n"
    assert counts(result) == {
        "rows read": 3,
        "new": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped by the mapping": 0,
        "kept local edits": 0,
        "duplicates merged": 0,
        "id collisions": 0,
        "failed": 0,
        "missing from source (kept)": 0,
    }
    checked = run(site, "check")
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "3 files checked: all good\n")


def test_files_are_named_from_the_source_and_id_never_from_the_text(site: Site) -> None:
    import_csv(site, ROWS)
    paths = sorted(imported(site))
    assert all(path.startswith("stories/imported/shop-reviews/2026/w47/shop-reviews-") for path in paths)
    assert not any(
        word in path.lower() for path in paths for word in ("margaret", "hughes", "rain", "parcel")
    )
    again = Site(site.root)
    shutil.rmtree(site.stories / "imported")
    import_csv(again, list(reversed(ROWS)))
    assert sorted(imported(site)) == paths


def test_semicolon_csv(site: Site) -> None:
    write(
        site,
        "reviews.csv",
        "review_id;when;stars;text;name;area\nR9;17/11/2026;3;Okay, I suppose;Lee Chan;Bill\n",
    )
    write(site, "mapping.yml", MAPPING)
    result = run(site, "import", "reviews.csv", "--mapping", "mapping.yml")
    assert result.returncode == 0, result.stdout
    assert by_id(site)["R9"]["title"] == "Okay, I suppose"
    assert by_id(site)["R9"]["touchpoints"] == ["billing"]


def test_json_lines_and_json_array(site: Site) -> None:
    mapping = MAPPING.replace("customer: name", "customer: user.name").replace(
        'format: "%d/%m/%Y"', 'format: "%Y-%m-%d %H:%M"'
    )
    records = [
        {
            "review_id": 101,
            "when": "2026-11-17 09:30",
            "stars": 4,
            "text": "Kind driver",
            "user": {"name": "Bo Li"},
            "area": "Late",
        },
        {
            "review_id": 102,
            "when": "2026-11-18 10:00",
            "stars": 2.0,
            "text": "Bill was wrong",
            "user": {"name": "Cy Ode"},
            "area": "Bill",
        },
    ]
    write(site, "mapping.yml", mapping)
    write(site, "reviews.jsonl", "".join(json.dumps(record) + "\n" for record in records))
    result = run(site, "import", "reviews.jsonl", "--mapping", "mapping.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    stories = by_id(site)
    assert stories["101"]["customer"] == "Bo Li"
    assert stories["101"]["date"] == "2026-11-17T09:30:00+00:00"
    assert stories["102"]["rating"] == 2
    shutil.rmtree(site.stories / "imported")
    write(site, "reviews.json", json.dumps(records, indent=2))
    result = run(site, "import", "reviews.json", "--mapping", "mapping.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(by_id(site)) == ["101", "102"]


def test_importing_the_same_file_again_changes_nothing_and_says_so(site: Site) -> None:
    import_csv(site, ROWS)
    before = {path: (text, (site.root / path).stat().st_mtime_ns) for path, text in imported(site).items()}
    result = import_csv(site, ROWS)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "reviews.csv: imported; nothing changed"
    assert (counts(result)["unchanged"], counts(result)["new"], counts(result)["updated"]) == (3, 0, 0)
    after = {path: (text, (site.root / path).stat().st_mtime_ns) for path, text in imported(site).items()}
    assert after == before


def test_a_changed_row_updates_a_file_nobody_edited(site: Site) -> None:
    import_csv(site, ROWS)
    result = import_csv(site, [ROWS[0].replace(",2,", ",1,"), *ROWS[1:]])
    assert result.returncode == 0
    assert (counts(result)["updated"], counts(result)["unchanged"]) == (1, 2)
    assert by_id(site)["R1"]["rating"] == 1


def test_a_hand_edited_file_is_kept_and_reported(site: Site) -> None:
    import_csv(site, ROWS)
    path = next(path for path, text in imported(site).items() if "id: R1" in text)
    edited = (
        imported(site)[path].replace("Margaret Hughes", "Mrs M. Hughes") + "\nWe rang her back on Monday.\n"
    )
    (site.root / path).write_text(edited, encoding="utf-8")
    unchanged_source = import_csv(site, ROWS)
    assert counts(unchanged_source)["kept local edits"] == 0
    assert counts(unchanged_source)["unchanged"] == 3
    result = import_csv(site, [ROWS[0].replace(",2,", ",1,"), *ROWS[1:]])
    assert result.returncode == 0
    assert (
        f"{path}: kept local edits; the record changed in reviews.csv since the last import" in result.stdout
    )
    assert counts(result)["kept local edits"] == 1
    assert (site.root / path).read_text(encoding="utf-8") == edited


def test_a_record_gone_from_the_source_keeps_its_file(site: Site) -> None:
    import_csv(site, ROWS)
    path = next(path for path, text in imported(site).items() if "id: R3" in text)
    result = import_csv(site, ROWS[:2])
    assert result.returncode == 0
    assert f"{path}: its record is no longer in reviews.csv; the file is kept" in result.stdout
    assert counts(result)["missing from source (kept)"] == 1
    assert len(imported(site)) == 3


def test_duplicate_rows_become_one_story(site: Site) -> None:
    result = import_csv(site, [ROWS[0], ROWS[1], ROWS[0], ROWS[0]])
    assert result.returncode == 0
    assert (counts(result)["rows read"], counts(result)["new"], counts(result)["duplicates merged"]) == (
        4,
        2,
        2,
    )
    assert len(imported(site)) == 2


def test_id_collisions_are_kept_apart_and_reported_with_rows(site: Site) -> None:
    mangled = [
        "5.70306E+17,17/11/2026,2,Late again,Ana Silva,Late\n",
        "5.70306E+17,18/11/2026,4,Bill sorted quickly,Bo Li,Bill\n",
        "R2,18/11/2026,5,Refund arrived,Tom Price,Refund\n",
        "5.70306E+17,19/11/2026,1,Refund still missing,Cy Ode,Refund\n",
    ]
    result = import_csv(site, mangled)
    assert result.returncode == 0
    paths = sorted(path for path, text in imported(site).items() if "5.70306E+17" in text)
    assert len(paths) == 3
    line = next(line for line in result.stdout.splitlines() if "is shared by rows" in line)
    assert (
        line
        == "reviews.csv: id '5.70306E+17' is shared by rows 2, 3, 5 with different content; kept as 3 stories"
    )
    assert (counts(result)["id collisions"], counts(result)["new"]) == (1, 4)
    again = import_csv(site, mangled)
    assert (counts(again)["unchanged"], counts(again)["new"]) == (4, 0)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "R4,,3,No date here,Di Roe,Late\n",
            "reviews.csv:row 3: date: column 'when' is empty; every story needs a date",
        ),
        (
            "R4,31/02/2026,3,Impossible day,Di Roe,Late\n",
            "reviews.csv:row 3: date: '31/02/2026' does not match %d/%m/%Y",
        ),
        (
            "R4,2026-11-17,3,ISO is not the format,Di Roe,Late\n",
            "reviews.csv:row 3: date: '2026-11-17' does not match %d/%m/%Y",
        ),
        (
            "R4,17/11/2026,3,Unknown area,Di Roe,Showroom\n",
            "reviews.csv:row 3: touchpoints: 'Showroom' has no entry in the mapping's map and there is no default; add one of the two",
        ),
        (
            ",17/11/2026,3,No id,Di Roe,Late\n",
            "reviews.csv:row 3: id: column 'review_id' is empty; a record needs an id to be imported again safely",
        ),
        (
            "R4,17/11/2026,7,Seven stars,Di Roe,Late\n",
            "reviews.csv:row 3: rating: 7 is not an integer from 1 to 5",
        ),
        (
            "R4,17/11/2026,lots,Many stars,Di Roe,Late\n",
            "reviews.csv:row 3: rating: 'lots' is not an integer from 1 to 5",
        ),
        (
            "R4,17/11/2026,3,No name,,Late\n",
            "reviews.csv:row 3: customer: required for kind 'review': a name, or a mapping with name and optional organisation, segment",
        ),
        (
            "R4,17/11/2026,3,Too,many,cells,here\n",
            "reviews.csv:row 3: 7 cells but the header has 6 columns; is a quote left open on this row?",
        ),
    ],
)
def test_a_bad_row_is_reported_skipped_and_exits_one(site: Site, row: str, message: str) -> None:
    result = import_csv(site, [ROWS[0], row, ROWS[1]])
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == message
    assert (counts(result)["failed"], counts(result)["new"]) == (1, 2)
    assert sorted(by_id(site)) == ["R1", "R2"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("  rating: stars", "  ratng: stars"),
            "mapping.yml:12: fields.ratng: unknown story field; did you mean 'rating'?",
        ),
        (
            ("rating: stars", "rating: starz"),
            "mapping.yml:12: fields.rating: no column 'starz' in reviews.csv (did you mean 'stars'?); columns: review_id, when, stars, text, name, area",
        ),
        (
            ("Late: [delivery]", "Late: [delivry]"),
            "mapping.yml:13: fields.touchpoints.map.Late: 'delivry' is not defined in site_config/departments.yml (did you mean 'delivery'?); allowed: quotes, billing, refunds, delivery",
        ),
        (
            ("id: [review_id]", "id: [reviewid]"),
            "mapping.yml:2: id.0: no column 'reviewid' in reviews.csv (did you mean 'review_id'?); columns: review_id, when, stars, text, name, area",
        ),
        (
            ("source: shop-reviews", "source: Shop Reviews"),
            "mapping.yml:1: source: 'Shop Reviews' is not a source name: lowercase letters, digits and hyphens, e.g. airline-tweets",
        ),
        (
            ("  kind: {value: review}\n", ""),
            "mapping.yml:4: fields: kind is required: map it to a column or give a value",
        ),
        (
            ("timezone: Europe/London", "timezone: Europe/Londn"),
            "mapping.yml:3: timezone: 'Europe/Londn' is not a timezone name such as Europe/London",
        ),
    ],
)
def test_a_mapping_error_stops_before_anything_is_written(
    site: Site, change: tuple[str, str], message: str
) -> None:
    result = import_csv(site, ROWS, mapping=MAPPING.replace(*change))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [message, "nothing was imported"]
    assert result.stdout == ""
    assert imported(site) == {}


def test_another_encoding_is_named_by_byte_and_row_or_read_with_encoding_key(site: Site) -> None:
    text = HEADER + ROWS[0] + 'R5,17/11/2026,2,"Caf\u00e9 table\nwobbles",Zo\u00eb Hart,Late\n'
    write(site, "reviews.csv", text.encode("cp1252"))
    write(site, "mapping.yml", MAPPING)
    result = run(site, "import", "reviews.csv", "--mapping", "mapping.yml")
    assert result.returncode == 2
    position = text.encode("cp1252").index(b"\xe9")
    assert result.stderr.splitlines()[0] == (
        f"reviews.csv:row 3: byte 0xe9 (position {position}) is not valid UTF-8; save the file as UTF-8, "
        "or name its encoding in the mapping, e.g. encoding: cp1252"
    )
    assert imported(site) == {}
    write(site, "mapping.yml", MAPPING + "encoding: cp1252\n")
    result = run(site, "import", "reviews.csv", "--mapping", "mapping.yml")
    assert result.returncode == 0, result.stderr
    assert by_id(site)["R5"]["customer"] == "Zo\u00eb Hart"


def test_dry_run_writes_nothing_and_prints_the_same_summary(site: Site) -> None:
    dry = import_csv(site, ROWS, "--dry-run")
    assert dry.returncode == 0
    assert dry.stdout.splitlines()[0] == "reviews.csv: dry run, nothing written"
    assert imported(site) == {}
    real = import_csv(site, ROWS)
    assert counts(dry) == counts(real)


def test_json_summary_for_machines(site: Site) -> None:
    result = import_csv(
        site, [ROWS[0], ROWS[0], "R4,31/02/2026,3,Impossible,Di Roe,Late\n"], "--format", "json"
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert {key: report[key] for key in ("rows_read", "new", "duplicates_merged", "failed", "unchanged")} == {
        "rows_read": 3,
        "new": 1,
        "duplicates_merged": 1,
        "failed": 1,
        "unchanged": 0,
    }
    assert report["new_files"] == sorted(imported(site))
    assert report["problems"][0]["text"] == "reviews.csv:row 4: date: '31/02/2026' does not match %d/%m/%Y"


def test_imported_text_stays_text_on_the_site(site: Site) -> None:
    row = 'R7,17/11/2026,1,"<script>alert(1)</script> **not bold**\n# not a heading\n[not](a link)",Ed Ray,Late\n'
    assert import_csv(site, [row], mapping=MAPPING.replace("  quote: text\n", "")).returncode == 0
    site.build()
    path = next(iter(imported(site)))
    page = site.content(f"stories/{Path(path).stem}/")
    paragraphs = [" ".join(node.text().split()) for node in page.css(".ec-body p")]
    assert paragraphs == ["<script>alert(1)</script> **not bold** # not a heading [not](a link)"]
    assert page.css(".ec-body *:not(p)") == [] and page.css("script") == []


def test_a_post_imported_as_quote_and_body_is_shown_once(site: Site) -> None:
    rows = [
        'R8,17/11/2026,1,"Sofa due tmrw &amp; my table\nstill   not here, they said",Ed Ray,Late\n',
        "R9,17/11/2026,1,Short and sweet,Ed Ray,Late\n",
    ]
    assert import_csv(site, rows).returncode == 0
    site.build()
    pages = {
        str(front(text)["source"]["id"]): site.content(f"stories/{Path(path).stem}/")  # type: ignore[index]
        for path, text in imported(site).items()
    }
    long_post = " ".join(pages["R8"].css_first(".ec-story").text().split())
    assert long_post.count("still not here") == 1
    assert [" ".join(node.text().split()) for node in pages["R8"].css(".ec-quote p")] == [
        "Sofa due tmrw & my table still not here, they said"
    ]
    assert " ".join(pages["R9"].css_first(".ec-story").text().split()).count("Short and sweet") == 1


@pytest.mark.parametrize(
    ("mapping", "export"),
    [
        (
            "review-site.yml",
            "review_id,published,stars,headline,review,reviewer,product_area\n"
            'R-10482,17/11/2026 09:12,2,Sofa came a week late,"Booked a Saturday slot, waited in all day.\nNobody came.",Jo Baker,Delivery\n'
            "R-10483,18/11/2026 14:05,5,Lovely oak table,Arrived on time and the fitters were careful.,Sam Ito,Website\n",
        ),
        (
            "support-desk.yml",
            "Ticket ID;Created;Subject;Description;Requester;Company;Type;Queue;Satisfaction;Tags\n"
            "48213;2026-11-17T08:45:00;Invoice shows the wrong VAT;The VAT line uses last year's rate.;Ali Rahman;Rahman Builders;Problem;Billing;bad;vat,trade\n"
            "48214;2026-11-18T11:20:00;Thanks for the quick quote;Quote came back within the hour.;Eve Moss;Moss & Co;Compliment;Quotes;good;\n",
        ),
    ],
)
def test_the_shipped_example_mappings_import_their_kind_of_export(
    site: Site, mapping: str, export: str
) -> None:
    shutil.rmtree(site.root / "site_config")
    shutil.copytree(REPO / "site_config", site.root / "site_config")
    write(site, "export.csv", export)
    result = run(site, "import", "export.csv", "--mapping", f"site_config/imports/{mapping}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert counts(result)["new"] == 2
    checked = run(site, "check")
    assert checked.returncode == 0, checked.stdout


def test_a_progress_bar_in_a_terminal_only(site: Site) -> None:
    write(site, "reviews.csv", HEADER + "".join(ROWS))
    write(site, "mapping.yml", MAPPING)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "emptychair", "import", "reviews.csv", "--mapping", "mapping.yml"],
        cwd=str(site.root),
        env={**os.environ, "COLUMNS": "120"},
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Importing rows" in str(child.before)
    piped = import_csv(site, ROWS)
    assert "Importing rows" not in piped.stdout + piped.stderr


def test_check_knows_the_source_field(site: Site) -> None:
    site.add("2026/w47/numbered.md", source={"name": "shop-reviews", "id": 7, "hash": "abc"})
    site.add("2026/w47/by-hand.md", source={"name": "shop-reviews", "id": ["R1"], "hash": "abc"})
    site.add("2026/w47/half.md", source={"name": "shop-reviews", "hsh": "abc"})
    result = run(site, "check")
    assert result.stdout.splitlines() == [
        "stories/2026/w47/by-hand.md:16: source.id: a list is not a non-empty string",
        "stories/2026/w47/half.md:16: source.hsh: unknown field; did you mean 'hash'?",
        "stories/2026/w47/half.md:14: source: id: required field is missing; import writes name, id and hash",
        "stories/2026/w47/half.md:14: source: hash: required field is missing; import writes name, id and hash",
    ]


ISSUE_MAPPING = """\
source: airline-tweets          # required; names the source; files go to stories/imported/<source>/
id: [tweet_id]                  # columns that identify a record; default: all mapped columns
timezone: America/New_York      # for dates without an offset; default: the site's timezone
fields:                         # story field -> a column name, or one of the mappings below
  date: {column: tweet_created, format: "%d-%m-%Y %H:%M"}   # format optional: ISO 8601 by default
  title: {column: text, max: 80}                             # cut at a word boundary, with an ellipsis
  body: text                                                 # a bare string is a column name
  quote: text
  customer: name
  kind: {value: complaint}                                   # a constant
  consent: {value: false}
  channel: {value: social}
  sentiment: {column: airline_sentiment}
  rating: {column: stars}
  touchpoints: {column: negativereason, map: {"Late Flight": [delivery], "Lost Luggage": [delivery]}, default: [social]}
  tags: {column: airline}                                    # one value becomes a one-item list
"""


def test_the_mapping_contract_as_the_issue_writes_it(site: Site) -> None:
    shutil.rmtree(site.root / "site_config")
    shutil.copytree(REPO / "site_config", site.root / "site_config")
    write(site, "mapping.yml", ISSUE_MAPPING)
    write(
        site,
        "tweets.csv",
        "tweet_id,airline,airline_sentiment,negativereason,name,stars,text,tweet_created\n"
        "570306133677760513,Harbour Air,negative,Late Flight,Jo Baker,1,"
        '"Three hours on the tarmac and not one update from the crew, the app or the gate staff, '
        'who had clearly been told nothing either",24-02-2015 11:35\n'
        "570301130888122368,Harbour Air,positive,,Sam Ito,5,Crew were lovely,24-02-2015 11:15\n",
    )
    result = run(site, "import", "tweets.csv", "--mapping", "mapping.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    stories = by_id(site)
    late = stories["570306133677760513"]
    assert (
        late["title"]
        == "Three hours on the tarmac and not one update from the crew, the app or the gate\u2026"
    )
    assert late["date"] == "2015-02-24T11:35:00-05:00"
    assert (late["kind"], late["consent"], late["channel"], late["sentiment"]) == (
        "complaint",
        False,
        "social",
        "negative",
    )
    assert (late["rating"], late["touchpoints"], late["tags"]) == (1, ["delivery"], ["Harbour Air"])
    assert stories["570301130888122368"]["touchpoints"] == ["social"]
    assert sorted(path.split("/")[3] for path in imported(site)) == ["2015", "2015"]
