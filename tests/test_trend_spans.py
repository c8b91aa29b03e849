"""Trend sentences with both ends: two dated figures and the direction between them."""

from __future__ import annotations

import pytest

import tipcheck
from tipcheck.checks.arithmetic import check_trends
from tipcheck.values import Comparison, Quantity


def _claims(text: str) -> list[tipcheck.Claim]:
    return tipcheck.extract(f"Peru\n\n{text}", as_of="2020")


@pytest.mark.parametrize(
    ("text", "prop", "ends"),
    [
        (
            "Prosecutions fell from 80 in 2014 to 61 in 2015.",
            "law.prosecutions",
            {"2014": 80, "2015": 61},
        ),
        (
            "Prosecutions fell from 80 to 61 between 2014 and 2015.",
            "law.prosecutions",
            {"2014": 80, "2015": 61},
        ),
        (
            "The number of identified victims went up from 12 in 2016 to 30 in 2017.",
            "victims.identified",
            {"2016": 12, "2017": 30},
        ),
        (
            "Convictions climbed by 50 percent, from 8 in 2010 to 12 in 2011.",
            "law.convictions",
            {"2010": 8, "2011": 12},
        ),
    ],
)
def test_both_ends_are_dated_figures(text: str, prop: str, ends: dict[str, int]) -> None:
    got = {
        c.period.iso: c.value.stated
        for c in _claims(text)
        if c.property == prop and isinstance(c.value, Quantity) and c.period
    }
    assert got == ends


def test_the_direction_is_checked_against_both_ends() -> None:
    wrong = _claims("The number of investigations declined from 173 in 2018 to 214 in 2019.")
    right = _claims("The number of investigations declined from 214 in 2018 to 173 in 2019.")
    assert [f.rule for f in check_trends(wrong)] == ["TC205"]
    assert check_trends(right) == []
    (trend,) = [c for c in right if isinstance(c.value, Comparison)]
    assert trend.period is not None and trend.period.iso == "2019"


@pytest.mark.parametrize(
    "text",
    [
        "Prices fell from 80 in 2014 to 61 in 2015.",  # no measure the pack knows
        "The shelter moved from 12 Main Street in 2014 to 30 Elm Road in 2015.",
    ],
)
def test_no_measure_no_span(text: str) -> None:
    assert [c for c in _claims(text) if c.property.startswith(("law.", "victims."))] == []
