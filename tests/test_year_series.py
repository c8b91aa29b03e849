"""Coordinated year series with elided later figures: each figure keeps its own clause's year."""

from __future__ import annotations

import tipcheck
from tipcheck.values import Quantity


def _periods(text: str, prop: str) -> dict[float, str]:
    claims = tipcheck.extract(text, doc_id="series")
    return {
        c.value.low: str(c.period.start.year)  # type: ignore[union-attr]
        for c in claims
        if c.property == prop and isinstance(c.value, Quantity)
    }


def test_elided_later_year_figure() -> None:
    text = (
        "In 2019 the courts handed down convictions against 14 persons for trafficking, "
        "and in 2020 against 21."
    )
    got = _periods(text, "law.convictions")
    assert got == {14: "2019", 21: "2020"}


def test_three_year_series() -> None:
    text = "In 2018 police identified 40 victims, in 2019 52 and in 2020 61."
    got = _periods(text, "victims.identified")
    assert got == {40: "2018", 52: "2019", 61: "2020"}


def test_figure_without_own_year_still_takes_later_one() -> None:
    text = "Police identified 40 victims in 2018."
    assert _periods(text, "victims.identified") == {40: "2018"}


def test_middle_items_of_a_year_list_after_a_count() -> None:
    text = (
        "Police said 38 victims of trafficking were identified in 2020, 46 in 2021 and 53 in 2022."
    )
    assert _periods(text, "victims.identified") == {38: "2020", 46: "2021", 53: "2022"}


def test_a_list_item_needs_a_count_before_it() -> None:
    assert _periods("The plan ran in 2020, 46 in 2021 and more later.", "victims.identified") == {}


def test_a_reference_figure_with_a_pronoun_and_its_verb() -> None:
    text = (
        "The government identified 17 victims in 2018, nearly triple the six it identified in 2017."
    )
    assert _periods(text, "victims.identified") == {17: "2018", 6: "2017"}
