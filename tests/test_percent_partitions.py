"""Percentage partitions in running prose: shares of one whole ("58 percent were women, 30
percent men and 12 percent children", "… and the rest men") read as one composition whose
shares TC202 checks to sum to ~100; shares of different things, changes and counts are not."""

from __future__ import annotations

import pytest

import tipcheck
from tipcheck.checks.arithmetic import check_breakdowns
from tipcheck.values import Breakdown, Quantity

PACK = tipcheck.load_rules()


def _claims(text: str) -> list[tipcheck.Claim]:
    return tipcheck.extract(f"Chile\n\n{text}", as_of="2022")


def _shares(text: str) -> list[list[float]]:
    return [
        [p.amount.stated for p in c.value.parts]
        for c in _claims(text)
        if isinstance(c.value, Breakdown) and c.value.total is None
    ]


@pytest.mark.parametrize(
    ("text", "shares"),
    [
        (
            "Of the victims identified in 2021, 55 percent were women, 35 percent men and 10 "
            "percent children.",
            [55, 35, 10],
        ),
        ("Of the victims, 70% were women, 20% were girls and the rest men.", [70, 20, 10]),
        ("Among the victims, 64 per cent were women and 36 per cent men.", [64, 36]),
        (
            "Of the 80 victims assisted in 2021, 75 percent were exploited in sex trafficking "
            "and 25 percent in forced labour.",
            [75, 25],
        ),
    ],
)
def test_shares_in_prose_are_one_composition(text: str, shares: list[float]) -> None:
    assert _shares(text) == [shares]


def test_the_period_and_the_whole_come_from_the_lead_in() -> None:
    cl = _claims(
        "Of the 90 victims identified in 2021, 50 percent were women, 40 percent men and 10 "
        "percent children."
    )
    (comp,) = [c for c in cl if isinstance(c.value, Breakdown)]
    assert comp.period is not None and comp.period.iso == "2021"
    assert comp.property == "victims.breakdown"
    # the 90 is a count of victims; no share is read as a count of them
    counts = [
        c.value.stated
        for c in cl
        if c.property == "victims.identified" and isinstance(c.value, Quantity)
    ]
    assert counts == [90]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Of the victims, 62 percent were women, 27 percent girls and 15 percent men.", True),
        ("Of the victims, 58 percent were women, 30 percent girls and 12 percent men.", False),
        ("Of the victims, 60% were women, 55% children and the rest men.", True),
        ("Of the victims, 60% were women, 25% children and the rest men.", False),
        # rounded shares that sum to 99 or 101 are no error
        ("Of the victims, 33 percent were women, 33 percent men and 33 percent children.", False),
        # shares short of 100 may leave the rest unsaid
        ("Of the victims, 58 percent were women and 30 percent children.", False),
        ("Of the victims, 58 percent were women, 50 percent children and the rest men.", True),
    ],
)
def test_shares_are_checked_to_sum_to_100(text: str, flagged: bool) -> None:
    got = [f.rule for f in check_breakdowns(_claims(text), PACK)]
    assert got == (["TC202"] if flagged else [])


@pytest.mark.parametrize(
    "text",
    [
        # percentages of different things: no partition
        "Of the victims identified, 58 percent were trafficked abroad and 12 percent received "
        "assistance.",
        # two cuts of one whole (by sex, by origin) overlap
        "Of the victims, 60 percent were women and 70 percent were foreign nationals.",
        # changes, not shares
        "Prosecutions rose 10 percent and convictions rose 20 percent.",
        # no whole the pack knows is named
        "Of the budget, 60 percent went to women's shelters and 40 percent to men's.",
        # ages and article numbers are no shares
        "Victims aged 12 to 17 made up most cases under Article 5 and Article 7.",
        # a single share
        "Of the victims, 58 percent were women.",
    ],
)
def test_no_partition_is_invented(text: str) -> None:
    assert _shares(text) == []
    assert check_breakdowns(_claims(text), PACK) == []


def test_a_count_breakdown_never_takes_shares_as_counts() -> None:
    cl = _claims("Of the 71 victims identified in 2021, 58 percent were women and 42 percent men.")
    assert not [c for c in cl if isinstance(c.value, Breakdown) and c.value.total is not None]
    assert check_breakdowns(cl, PACK) == []
