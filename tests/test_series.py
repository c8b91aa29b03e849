"""Series of figures by year: colon lists under a measure, "respectively" pairs, and a measure
counted by a verb of number ("numbered 17")."""

from __future__ import annotations

import pytest

import tipcheck


def _by_value(text: str, prop: str) -> dict[float, str | None]:
    claims = tipcheck.extract(text, doc_id="series")
    return {
        c.value.low: (str(c.period.start.year) if c.period else None)  # type: ignore[union-attr]
        for c in claims
        if c.property == prop
    }


@pytest.mark.parametrize(
    ("text", "prop", "want"),
    [
        (
            "Criminal proceedings for trafficking were initiated as follows: 14 in 2016, 19 in "
            "2017, 11 in 2018 and 23 in 2019.",
            "law.cases_opened",
            {14: "2016", 19: "2017", 11: "2018", 23: "2019"},
        ),
        (
            "The courts recorded convictions for trafficking offences as follows: 6 in 2019; 8 in 2020; 5 in "
            "2021.",
            "law.convictions",
            {6: "2019", 8: "2020", 5: "2021"},
        ),
        (
            "In 2018 and 2019, 37 and 44 victims respectively were identified by the police.",
            "victims.identified",
            {37: "2018", 44: "2019"},
        ),
        (
            "The courts convicted 9 and 12 traffickers in 2018 and 2019 respectively.",
            "law.convictions",
            {9: "2018", 12: "2019"},
        ),
        (
            "Prosecutors indicted 4, 7 and 10 suspects in 2017, 2018 and 2019, respectively.",
            "law.prosecutions",
            {4: "2017", 7: "2018", 10: "2019"},
        ),
        ("Prosecutions launched in 2019 numbered 17.", "law.prosecutions", {17: "2019"}),
        (
            "In 2020 the victims identified by police totalled 31.",
            "victims.identified",
            {31: "2020"},
        ),
    ],
)
def test_series_give_each_figure_its_year(text: str, prop: str, want: dict[float, str]) -> None:
    assert _by_value(text, prop) == want


def test_a_colon_head_with_its_own_figure_is_a_breakdown_not_a_series() -> None:
    text = "In 2019 the courts convicted 9 traffickers: 5 in the capital and 4 elsewhere."
    got = _by_value(text, "law.convictions")
    assert got.get(9) == "2019"
    assert 5 not in got and 4 not in got


def test_respectively_needs_as_many_years_as_figures() -> None:
    text = "Police identified 12, 15 and 19 victims in 2018 and 2019 respectively."
    got = _by_value(text, "victims.identified")
    assert 12 not in got and 15 not in got


def test_numbered_needs_a_measure() -> None:
    got = tipcheck.extract("In 2019 the delegation numbered 17 officials and experts.", doc_id="d")
    assert [c for c in got if c.value == 17 or getattr(c.value, "low", None) == 17] == []


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("In 2019 the courts convicted one trafficker.", 1),
        ("In 2018 the courts sentenced 24 persons for the crime of human trafficking.", 24),
        ("In 2019, 12 traffickers were condemned.", 12),
    ],
)
def test_convictions_in_other_words(text: str, n: int) -> None:
    assert n in _by_value(text, "law.convictions")


def test_a_noun_after_into_or_for_is_no_measures_head() -> None:
    text = "Pre-trial investigations into trafficking offences were opened as follows: 7 in 2019, 9 in 2020."
    assert _by_value(text, "law.investigations") == {7: "2019", 9: "2020"}
