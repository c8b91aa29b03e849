"""Markdown tables whose rows are countries, their totals, and tier columns."""

from __future__ import annotations

from pathlib import Path

import tipcheck
from tipcheck.checks.arithmetic import check_breakdowns
from tipcheck.values import Breakdown, Quantity, Tier

TABLE = """# Annual report 2016

## Victims identified

| Country | 2014 | 2015 |
|---------|-----:|-----:|
| Peru    |  120 |  140 |
| **Chile** | 30 | **35** |
| **Total** | **150** | {total} |
"""


def _claims(text: str) -> list[tipcheck.Claim]:
    return tipcheck.extract(text, as_of="2016", doc_id="t.md")


def test_country_rows_count_the_captions_measure() -> None:
    got = {
        (c.subject_name, c.period.iso, c.value.stated)
        for c in _claims(TABLE.format(total="175"))
        if c.property == "victims.identified" and isinstance(c.value, Quantity) and c.period
    }
    assert got == {
        ("Peru", "2014", 120),
        ("Peru", "2015", 140),
        ("Chile", "2014", 30),
        ("Chile", "2015", 35),
    }


def test_a_total_row_is_checked_against_its_rows() -> None:
    pack = tipcheck.load_rules()
    good = [c for c in _claims(TABLE.format(total="175")) if isinstance(c.value, Breakdown)]
    assert len(good) == 2 and check_breakdowns(good, pack) == []
    bad = [c for c in _claims(TABLE.format(total="185")) if isinstance(c.value, Breakdown)]
    (f,) = check_breakdowns(bad, pack)
    assert f.rule == "TC201" and "185" in f.message
    assert all(c.subject is None for c in bad)  # the countries' total is no one country's


def test_a_wrong_total_row_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "t.md").write_text(TABLE.format(total="185"), encoding="utf-8")
    report = tipcheck.check([str(tmp_path)])
    assert [f.rule for f in report.findings if f.kind == "arithmetic"] == ["TC201"]


def test_a_caption_that_names_no_measure_gives_nothing() -> None:
    text = TABLE.format(total="175").replace("## Victims identified", "## Rainfall (mm)")
    assert [c for c in _claims(text) if c.extractor == "table"] == []


def test_a_tier_column_under_a_report_year() -> None:
    text = "# Peru\n\n| Report year | Tier |\n|---|---|\n| 2014 | Tier 2 |\n| 2015 | Tier 2 Watch List |\n"
    got = {
        (c.period.iso, c.value.tier)
        for c in _claims(text)
        if isinstance(c.value, Tier) and c.period
    }
    assert got == {("2014", "Tier 2"), ("2015", "Tier 2 Watch List")}


CATEGORIES = """# Annual report 2019

Peru

## Table 3. Victims of trafficking identified, by nationality and year, 2016-2018

| Nationality | 2016 | 2017 | 2018 |
|:---|---:|---:|---:|
| Bolivian | 20 | 25 | 30 |
| Chilean | 10 | 12 | 14 |
| Other | 3 | 4 | 5 |
| **Total** | **33** | **41** | {total} |
"""


def test_rows_of_categories_give_the_subjects_total_per_year() -> None:
    claims = _claims(CATEGORIES.format(total="**49**"))
    got = {
        (c.subject_name, c.period.iso, c.value.stated)
        for c in claims
        if c.property == "victims.identified" and isinstance(c.value, Quantity) and c.period
    }
    # a nationality row is no country's own figure; the total row is the subject's
    assert got == {("Peru", "2016", 33), ("Peru", "2017", 41), ("Peru", "2018", 49)}
    pack = tipcheck.load_rules()
    assert check_breakdowns([c for c in claims if isinstance(c.value, Breakdown)], pack) == []


def test_a_bold_total_row_that_its_categories_miss_is_a_finding() -> None:
    claims = _claims(CATEGORIES.format(total="**54**"))
    (f,) = check_breakdowns(
        [c for c in claims if isinstance(c.value, Breakdown)], tipcheck.load_rules()
    )
    assert f.rule == "TC201" and "54" in f.message and "49" in f.message


def test_country_names_under_a_nationality_header_are_categories() -> None:
    text = (
        CATEGORIES.replace("Bolivian", "Bolivia").replace("Chilean", "Chile").format(total="**49**")
    )
    claims = _claims(text)
    counts = {
        (c.subject_name, c.period.iso)
        for c in claims
        if c.property == "victims.identified" and isinstance(c.value, Quantity) and c.period
    }
    assert counts == {("Peru", "2016"), ("Peru", "2017"), ("Peru", "2018")}


PLAIN = """NATIONAL STATISTICS OFFICE OF PERU
BULLETIN 2021

Table 4  Trafficking cases and victims

                              2017    2018    2019
Cases opened                     7       9      12
Victims identified
  Women                         10      14      16
  Men                            4       6       5
  Total                         14      20      {total}

Notes
In 2019 the number of victims rose.
"""


def test_a_plain_table_reads_its_grouped_rows_and_total() -> None:
    claims = tipcheck.extract(PLAIN.format(total="21"), as_of="2021", doc_id="p.txt")
    got = {
        (c.property, c.facet, c.period.iso, c.value.stated)
        for c in claims
        if isinstance(c.value, Quantity) and c.period
    }
    assert ("law.cases_opened", None, "2019", 12) in got
    assert ("victims.identified", None, "2018", 20) in got  # the group's total row
    assert ("victims.identified", "women", "2019", 16) in got
    # the figures are the table's only: no prose count reads across its lines
    assert all(c.extractor == "table" for c in claims if c.quote[:1].isdigit())
    pack = tipcheck.load_rules()
    assert check_breakdowns([c for c in claims if isinstance(c.value, Breakdown)], pack) == []


def test_a_plain_total_row_that_its_parts_miss_is_a_finding() -> None:
    claims = tipcheck.extract(PLAIN.format(total="23"), as_of="2021", doc_id="p.txt")
    (f,) = check_breakdowns(
        [c for c in claims if isinstance(c.value, Breakdown)], tipcheck.load_rules()
    )
    assert f.rule == "TC201" and "23" in f.message and "21" in f.message
