"""Coordinated year series with elided later figures: each figure keeps its own clause's year."""

from __future__ import annotations

import tipcheck


def _periods(text: str, prop: str) -> dict[float, str]:
    claims = tipcheck.extract(text, doc_id="series")
    return {
        c.value.low: str(c.period.start.year)  # type: ignore[union-attr]
        for c in claims
        if c.property == prop
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
