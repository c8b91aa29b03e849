"""A statistic's label may name its country and date it ("Population of Panama (2019
estimate): 4,218,808", "Fiji's population: 884,887"), in a field or in a row of a plain table."""

from __future__ import annotations

import pytest

import tipcheck


def _stats(text: str) -> set[tuple[str, str | None, float, str | None]]:
    return {
        (c.property, c.subject_name, c.value.stated, c.period.iso if c.period else None)  # type: ignore[union-attr]
        for c in tipcheck.extract(text, doc_id="d")
        if c.property.startswith("stat.")
    }


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "# Annex\n\n- **Population of Belize (2019 estimate):** 408,487\n",
            ("stat.population", "Belize", 408487, "2019"),
        ),
        (
            "# Notes\n\nEstonia's population: 1,331,796\n",
            ("stat.population", "Estonia", 1331796, None),
        ),
        (
            "Table 2  Country data\n\nPopulation of the Republic of Mauritius (2020)     1,266,030\n"
            "Land area (sq km)                              2,040\n",
            ("stat.population", "Mauritius", 1266030, "2020"),
        ),
    ],
)
def test_a_label_names_the_country_and_year(
    text: str, want: tuple[str, str, float, str | None]
) -> None:
    assert want in _stats(text)


def test_a_narrower_population_is_not_the_population() -> None:
    text = "Table 2  Country data\n\nPopulation aged 0-17 (2017 census)     302,416\nPopulation (2017 census)     884,887\n"
    assert {v for _p, _s, v, _y in _stats(text)} == {884887}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Latvia had a population of about 1.9 million in 2021.",
            ("stat.population", "Latvia", 1900000, "2021"),
        ),
        (
            "Life expectancy at birth is 75 years in Latvia.",
            ("stat.life_expectancy", "Latvia", 75, "2022"),
        ),
        ("Unemployment was 7.5 percent in 2021.", ("stat.unemployment", "Latvia", 7.5, "2021")),
        (
            "Latvia has a population of about 1.9 million (2021 estimate).",
            ("stat.population", "Latvia", 1900000, "2021"),
        ),
    ],
)
def test_statistics_in_prose(text: str, want: tuple[str, str, float, str]) -> None:
    got = {
        (c.property, c.subject_name, c.value.stated, c.period.iso if c.period else None)  # type: ignore[union-attr]
        for c in tipcheck.extract("# Latvia\n\n" + text, as_of="2022", doc_id="d")
        if c.property.startswith("stat.")
    }
    assert want in got


@pytest.mark.parametrize(
    "text",
    [
        "The Roma population of 12,000 lives mostly in the capital.",
        "The population of Riga was 600,000 in 2021.",
        "Unemployment among victims was high in 2021.",
    ],
)
def test_a_part_of_the_population_is_no_statistic_of_the_country(text: str) -> None:
    got = [
        c
        for c in tipcheck.extract("# Latvia\n\n" + text, as_of="2022", doc_id="d")
        if c.property.startswith("stat.")
    ]
    assert got == []
