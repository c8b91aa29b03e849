"""Tables in every syntax (Markdown, comma-separated, aligned plain text) read as one grid:
years across or measures across, group rows with their parts, subgroup rows, total rows
checked against their parts, and nationality rows as parts, not countries' own figures."""

from __future__ import annotations

from pathlib import Path

import pytest

import tipcheck
from tipcheck.extraction.grids import grids
from tipcheck.values import Breakdown, Quantity

Key = tuple[str, str | None, int | None, float]


def _cells(text: str) -> set[Key]:
    out: set[Key] = set()
    for c in tipcheck.extract(text, as_of="2021", doc_id="t"):
        if c.extractor == "table" and isinstance(c.value, Quantity):
            year = c.period.start.year if c.period else None
            out.add((c.property, c.facet, year, c.value.stated))
    return out


MARKDOWN = """# Moldova: statistical annex

## Table 1. Victims of trafficking assisted by the centre, by group, 2019-2020

| Group | 2019 | 2020 |
|:---|---:|---:|
| Girls under 18 | 14 | 17 |
| Boys under 18 | 3 | 5 |
| Women | 20 | 22 |
| **Total** | **37** | **{total}** |
"""


def test_markdown_group_rows_and_a_bold_total_row() -> None:
    got = _cells(MARKDOWN.format(total="44"))
    assert ("victims.assisted", "girls", 2020, 17) in got
    assert ("victims.assisted", "women", 2019, 20) in got
    assert ("victims.assisted", None, 2019, 37) in got
    assert ("victims.assisted", None, 2020, 44) in got


def _arithmetic(tmp_path: Path, name: str, text: str) -> list[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    report = tipcheck.check([str(tmp_path / name)])
    return [f.message for f in report.findings if f.kind == "arithmetic"]


def test_a_total_row_that_is_not_the_sum_of_its_column(tmp_path: Path) -> None:
    assert _arithmetic(tmp_path, "good.md", MARKDOWN.format(total="44")) == []
    (msg,) = _arithmetic(tmp_path, "bad.md", MARKDOWN.format(total="48"))
    assert "44" in msg and "48" in msg


ALIGNED = """NATIONAL STATISTICS OFFICE
Table 4.2  Trafficking in persons recorded by the police, 2018-2020

                                   2018    2019    2020
Criminal cases registered            12      15      19
Persons convicted                     4       6       5
Victims identified
  Female                              9      11      {female}
  Male                                3       2       4
  Total                              12      13      16
  of which: children                  5       4       6

Notes
Victims identified rose in 2020.
"""


def test_aligned_table_with_a_group_row_its_parts_and_a_subgroup() -> None:
    got = _cells(ALIGNED.format(female="12"))
    assert ("law.cases_opened", None, 2020, 19) in got
    assert ("law.convictions", None, 2019, 6) in got
    assert ("victims.identified", "women", 2020, 12) in got
    assert ("victims.identified", None, 2020, 16) in got
    assert ("victims.identified", "children", 2020, 6) in got  # a subgroup, not a part
    assert not any(p == "victims.identified" and v in (28, 34) for p, _f, _y, v in got)


def test_aligned_total_row_checked_and_the_subgroup_is_no_part(tmp_path: Path) -> None:
    assert _arithmetic(tmp_path, "good.txt", ALIGNED.format(female="12")) == []
    (msg,) = _arithmetic(tmp_path, "bad.txt", ALIGNED.format(female="14"))
    assert "18" in msg and "16" in msg


CSV = """Table A2 Law enforcement, 2019-2021
Indicator,2019,2020,2021
Investigations,22,15,19
Convictions,0,1,2
Hotline calls,104,128,151

Table A3 Cases and victims recorded by district, 2021
District,Cases,Victims,Of whom children
North,9,22,13
South,3,7,5
Total,12,29,18
"""


def test_csv_years_across_and_measures_across() -> None:
    got = _cells(CSV)
    assert ("law.investigations", None, 2020, 15) in got
    assert ("law.convictions", None, 2019, 0) in got
    assert ("hotline.calls", None, 2021, 151) in got
    assert ("victims.identified", None, 2021, 29) in got
    assert ("victims.identified", "children", 2021, 18) in got
    # a district is no country: its row is a part of the total, not a figure of its own
    assert not any(y == 2021 and v in (22, 7, 9, 3) for _p, _f, y, v in got)


def test_single_column_table_takes_its_captions_measure_and_year() -> None:
    text = (
        "Table 9  Victims identified in 2020, by form of exploitation\n\n"
        "Sexual exploitation        11\nForced labour               6\nTotal                      17\n"
    )
    got = _cells(text)
    assert ("victims.identified", "sexual exploitation", 2020, 11) in got
    assert ("victims.identified", None, 2020, 17) in got
    breakdowns = [c for c in tipcheck.extract(text, doc_id="t") if isinstance(c.value, Breakdown)]
    assert len(breakdowns) == 1


def test_nationality_rows_are_parts_of_the_documents_country() -> None:
    text = """# Moldova

## Victims identified, by nationality

| Nationality | 2020 |
|---|---:|
| Ukraine | 30 |
| Moldova | 21 |
| **Total** | **51** |
"""
    claims = [c for c in tipcheck.extract(text, doc_id="t") if c.extractor == "table"]
    counts = {(c.subject_name, c.value.stated) for c in claims if isinstance(c.value, Quantity)}
    assert counts == {("Moldova", 51)}


@pytest.mark.parametrize(
    "text",
    [
        "The ministry met on 3 June, 4 July and 5 August.\nIt agreed a plan.\n",
        "Victims, families, and communities were consulted, as planned, in 2020.\n" * 3,
        "Some words here      and there\nno numbers at all\n",
    ],
)
def test_prose_is_no_grid(text: str) -> None:
    assert list(grids(text)) == []


ANNEX_WITH_RULE = """Table 1. Victims identified by form of exploitation, 2020-2022

                                  2020      2021      2022
Forced labour                       70        88       101
Sexual exploitation                 35        47        62
Other forms                         21        {other}        40
------------------------------------------------------------
Total                              126       176       203
"""


def test_a_rule_line_above_the_total_row_keeps_the_table(tmp_path: Path) -> None:
    assert _arithmetic(tmp_path, "good.txt", ANNEX_WITH_RULE.format(other="41")) == []
    (msg,) = _arithmetic(tmp_path, "bad.txt", ANNEX_WITH_RULE.format(other="35"))
    assert "170" in msg and "176" in msg


GROUP_COLUMNS = """# Annual report

## Victims identified, 2022-2023

| Year | Women | Men | Girls | Boys | Total |
|------|------:|----:|------:|-----:|------:|
| 2022 | 7 | 9 | 2 | 1 | 19 |
| 2023 | 9 | 14 | 3 | 1 | {total} |
"""


def test_a_markdown_table_of_groups_with_a_total_column(tmp_path: Path) -> None:
    got = _cells(GROUP_COLUMNS.format(total="27"))
    assert ("victims.identified", "women", 2023, 9) in got
    assert ("victims.identified", None, 2023, 27) in got
    assert _arithmetic(tmp_path, "good.md", GROUP_COLUMNS.format(total="27")) == []
    (msg,) = _arithmetic(tmp_path, "bad.md", GROUP_COLUMNS.format(total="29"))
    assert "27" in msg and "29" in msg


def test_an_aligned_statistics_block_is_fields_and_a_row_of_figures_is_not() -> None:
    text = (
        "Vanuatu\n\nCountry statistics\n\nPopulation (2020 census)      300,019\n"
        "GDP per capita (nominal)      US$3,110 (2021)\n"
    )
    got = {(c.property, c.value.stated) for c in tipcheck.extract(text, as_of="2022")}  # type: ignore[union-attr]
    assert ("stat.population", 300019) in got and ("stat.gdp_per_capita", 3110) in got
    rows = "Vanuatu\n\n                 2020   2021\nPopulation       300,019   305,000\n"
    assert not any(c.extractor == "field" for c in tipcheck.extract(rows, as_of="2022"))


def test_csv_years_down_measures_across() -> None:
    """A pasted annex with a "Year" column: each row its year's figure of each column's measure."""
    got = _cells(
        "Table A1: Law enforcement and victim identification, 2019-2021\n"
        "Year,Investigations,Prosecutions,Convictions,Victims identified\n"
        "2019,6,2,1,7\n2020,9,3,0,5\n2021,14,5,2,16\n"
    )
    assert ("law.investigations", None, 2019, 6) in got
    assert ("law.convictions", None, 2020, 0) in got
    assert ("victims.identified", None, 2021, 16) in got
    assert not any(v in (2019, 2020, 2021) for *_, v in got)  # a year label is no figure


def test_csv_one_column_of_groups_under_a_caption(tmp_path: Path) -> None:
    """ "Category,Number" under a caption naming the measure: groups, a total, and the total
    checked against the groups."""
    text = (
        "Table A2: Victims identified in 2020, by sex and age\nCategory,Number\n"
        "Women (18 and over),8\nMen (18 and over),3\nGirls (under 18),3\nBoys (under 18),1\n"
        "Total,{total}\n"
    )
    got = _cells(text.format(total=15))
    assert ("victims.identified", "women", 2020, 8) in got
    assert ("victims.identified", None, 2020, 15) in got
    assert _arithmetic(tmp_path, "good.txt", text.format(total=15)) == []
    (msg,) = _arithmetic(tmp_path, "bad.txt", text.format(total=16))
    assert "15" in msg and "16" in msg


RESULTS = """# Counter-Trafficking Project in Fiji

**Annual Progress Report | Reporting period: 1 January – 31 December 2022**

Table 1. Output indicators: targets and actuals, January–December 2022

| Indicator | Target 2022 | Actual 2022 | Variance | Status |
| --- | ---: | ---: | ---: | --- |
| Victims identified – Suva | 12 | 15 | +3 | Exceeded |
| Victims identified – Lautoka | 6 | 6 | 0 | Met |
| Victims identified – outer islands | 2 | 3 | +1 | Exceeded |
| **Total victims identified** | **20** | **{total}** | **+3** | **Exceeded** |
| Convictions | 2 | 1 | −1 | Partly met |

The project also distributed 3,500 leaflets.
"""


def test_a_results_table_reads_its_actuals_and_checks_its_total_row(tmp_path: Path) -> None:
    """Targets against actuals: only the actual column is a figure; a measure split by place
    ("Victims identified – Suva") gives the parts, its "Total …" row the total (TC201)."""
    got = _cells(RESULTS.format(total="24"))
    assert ("victims.identified", None, 2022, 24) in got
    assert ("law.convictions", None, 2022, 1) in got
    assert not any(v in (20, 12, 2) for *_, v in got)  # targets are no figures
    assert not any(v == 15 and f is None for p, f, _, v in got)  # a place's part is no total
    assert _arithmetic(tmp_path, "good.md", RESULTS.format(total="24")) == []
    (msg,) = _arithmetic(tmp_path, "bad.md", RESULTS.format(total="23"))
    assert "24" in msg and "23" in msg
    # the report's stated reporting period dates its undated prose figures
    (leaflets,) = [c for c in tipcheck.extract(RESULTS.format(total="24"), doc_id="t")
                   if c.property == "prevention.booklets"]  # fmt: skip
    assert leaflets.period is not None and leaflets.period.iso == "2022"
    assert leaflets.why.period is not None and leaflets.why.period.source == "reporting-period"


def test_a_results_table_of_a_project_across_countries_is_no_countrys() -> None:
    text = RESULTS.format(total="24").replace("in Fiji", "in Fiji, Samoa and Tonga")
    assert not any(c.extractor == "table" for c in tipcheck.extract(text, doc_id="t"))


ANSWER = """Written answer

1. The figures are set out in the table below.

    Year    Victims identified    Investigations    Convictions
    -----   ------------------    --------------    -----------
    2020                     2                 3              0
    2021                     4                 5              1
    2022                     9                 6              2
    -----   ------------------    --------------    -----------
    Total                   {total}                14              3
"""

YEARS_MD = """# Fiji police statistics

| Year | Persons charged | Convictions |
| --- | ---: | ---: |
| 2021 | 1 | 0 |
| 2022 | 2 | 1 |
| 2023 | 4 | 0 |
| **Total** | **{total}** | **1** |
"""


@pytest.mark.parametrize(("table", "good", "bad"), [(ANSWER, "15", "16"), (YEARS_MD, "7", "9")])
def test_a_total_row_under_rows_of_years_sums_them(
    tmp_path: Path, table: str, good: str, bad: str
) -> None:
    """Years down, measures across (aligned with rule lines, or Markdown): each cell its year's
    figure, and the Total row the years summed, checked (TC201), never one year's figure."""
    claims = tipcheck.extract(table.format(total=good), as_of="2023", doc_id="t")
    yearly = {(c.property, c.period.iso if c.period else None, c.value.stated)  # type: ignore[union-attr]
              for c in claims if isinstance(c.value, Quantity)}  # fmt: skip
    assert ("law.convictions", "2022", 1) in yearly or ("law.convictions", "2021", 1) in yearly
    assert not any(v == float(good) for *_, v in yearly)  # the total is no year's figure
    totals = [c for c in claims if c.property.startswith("total.")]
    assert totals and all(isinstance(c.value, Breakdown) for c in totals)
    assert _arithmetic(tmp_path, "good.txt", table.format(total=good)) == []
    (msg,) = _arithmetic(tmp_path, "bad.txt", table.format(total=bad))
    assert good in msg and bad in msg
