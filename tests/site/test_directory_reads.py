"""The directory templates see: the same HTML as the directory itself, and every fact read noted."""

from __future__ import annotations

import dataclasses

import pytest
from emptychair.site.directory_reads import DirectoryReads, read_values
from emptychair.site.renderer import make_environment
from emptychair.stories.model import Department, Directory, Person, Touchpoint

DIRECTORY = Directory(
    departments={
        "sales": Department("sales", "Sales", "Selling.", touchpoints=("quotes",)),
        "operations": Department("operations", "Operations", "Delivery.", touchpoints=("delivery",)),
    },
    touchpoints={
        "quotes": Touchpoint("quotes", "Quotes", "sales"),
        "delivery": Touchpoint("delivery", "Delivery", "operations"),
    },
    people={"sam-agent": Person("sam-agent", "Sam Agent", title="Agent", email="sam@example.test")},
)

TEMPLATES = [
    '{{ directory.departments["sales"].name }}',
    "{{ directory.departments.sales.name }}",
    '{{ "nope" in directory.departments }} {{ "sales" in directory.departments }}',
    '{{ directory.departments["nope"] is defined }} {{ directory.departments.nope is defined }}',
    "{% for slug, department in directory.departments.items() %}{{ slug }}={{ department.name }} {% endfor %}",
    "{% for department in directory.departments.values() %}{{ department.description }} {% endfor %}",
    "{% for slug in directory.departments %}{{ slug }} {% endfor %}{{ directory.departments | length }}",
    '{% set who = directory.people["sam-agent"] %}{{ who.name }}{% if who.title %}, {{ who.title }}{% endif %}',
    '{{ directory.people.get("sam-agent").email }} {{ directory.people.get("nobody") }}',
    '{{ directory.touchpoints["delivery"].department }} {{ directory.channels | join(",") }}',
    "{{ directory.waiting_days }} {{ directory.phone_region }}",
    '{{ directory.departments["sales"].touchpoints | join(",") }} {{ directory.departments["sales"] }}',
]


@pytest.mark.parametrize("template", TEMPLATES)
def test_templates_see_what_the_directory_itself_would_show(template: str) -> None:
    compiled = make_environment().from_string(template)
    reads = DirectoryReads(DIRECTORY)
    reads.start()
    shown = compiled.render(directory=reads)
    noted = reads.stop()
    assert shown == compiled.render(directory=DIRECTORY)
    # Every fact read is noted, and the facts' values say what was shown: a directory differing in
    # anything else shows the same.
    assert noted
    unread = dataclasses.replace(DIRECTORY, company_mailing_list=("everyone@example.test",))
    assert read_values(unread, noted) == read_values(DIRECTORY, noted)


def test_what_one_rendering_reads_is_its_own_and_counts_for_the_one_around_it() -> None:
    reads = DirectoryReads(DIRECTORY)
    environment = make_environment()
    reads.start()
    environment.from_string('{{ directory.departments["sales"].name }}').render(directory=reads)
    reads.start()
    environment.from_string('{{ directory.people["sam-agent"].title }}').render(directory=reads)
    inner = reads.stop()
    outer = reads.stop()
    assert inner == (("attr", "people", "sam-agent", "title"), ("has", "people", "sam-agent"))
    assert set(inner) < set(outer)
    assert ("attr", "departments", "sales", "name") in outer
    # Outside any rendering, nothing is noted.
    environment.from_string("{{ directory.channels }}").render(directory=reads)
    reads.start()
    assert reads.stop() == ()


def test_a_fact_read_changes_its_value_and_one_not_read_does_not() -> None:
    reads = DirectoryReads(DIRECTORY)
    reads.start()
    make_environment().from_string('{{ directory.departments["sales"].name }}').render(directory=reads)
    noted = reads.stop()

    def with_sales(**changes: object) -> Directory:
        sales = dataclasses.replace(DIRECTORY.departments["sales"], **changes)  # type: ignore[arg-type]
        return dataclasses.replace(DIRECTORY, departments={**DIRECTORY.departments, "sales": sales})

    assert read_values(with_sales(description="Selling more."), noted) == read_values(DIRECTORY, noted)
    assert read_values(with_sales(name="Trade sales"), noted) != read_values(DIRECTORY, noted)
    gone = dataclasses.replace(DIRECTORY, departments={"operations": DIRECTORY.departments["operations"]})
    assert read_values(gone, noted) != read_values(DIRECTORY, noted)
