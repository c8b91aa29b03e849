"""Tier statements in any tense, with the edition named in words, by apposition or relative
clause, and movements with no subject of their own ("fell to", "before upgrading it to")."""

from __future__ import annotations

import pytest

import tipcheck


def tiers(text: str, as_of: str = "2022-08") -> list[tuple[str | None, str, str | None]]:
    return sorted(
        (c.subject.name if c.subject else None, c.value.tier, c.period.iso if c.period else None)  # type: ignore[union-attr]
        for c in tipcheck.extract(f"Peru\n\n{text}", as_of=as_of)
        if c.property == "tip.tier"
    )


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Chile has remained on Tier 1 in the US State Department's 2019 Trafficking in Persons Report.",
         [("Chile", "Tier 1", "2019")]),
        ("Chile, on Tier 1 in the 2016 report, fell to Tier 2 in 2018.",
         [("Chile", "Tier 1", "2016"), ("Chile", "Tier 2", "2018")]),
        ("Chile, which the State Department ranked on Tier 2 in its 2020 report, objected.",
         [("Chile", "Tier 2", "2020")]),
        ("The report kept Chile on Tier 2 in 2017, before downgrading it to the Tier 2 Watch List in 2018.",
         [("Chile", "Tier 2", "2017"), ("Chile", "Tier 2 Watch List", "2018")]),
        ("Washington pushed Chile down to Tier 3 last year.", [("Chile", "Tier 3", "2021")]),
        ("The country returned to Tier 2 in 2021.", [("Peru", "Tier 2", "2021")]),
        ("The country dropped to the Tier 2 Watch List.", [("Peru", "Tier 2 Watch List", "2022")]),
        # a rank verb without a preposition; "it" after a finite verb; the year after the title
        ("The State Department ranked Chile Tier 2 in its 2020 Trafficking in Persons Report, then "
         "downgraded it to the Tier 2 Watch List in 2021.",
         [("Chile", "Tier 2", "2020"), ("Chile", "Tier 2 Watch List", "2021")]),
        ("In the US State Department's Trafficking in Persons Report 2021, Chile was placed in Tier 1.",
         [("Chile", "Tier 1", "2021")]),
        # an edition named by its distance from the document's year
        ("In last year's report Chile was ranked in Tier 2.", [("Chile", "Tier 2", "2021")]),
    ],
)  # fmt: skip
def test_tier_statement(text: str, want: list[tuple[str, str, str]]) -> None:
    assert tiers(text) == sorted(want)


@pytest.mark.parametrize(
    "text",
    [
        "Victims fell to 40 in 2019.",
        "The number of tier-one cases returned to normal.",
        "Chile, on the other hand, improved its laws in the 2016 reporting period.",
    ],
)
def test_no_tier_without_a_tier(text: str) -> None:
    assert tiers(text) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a movement with no edition of its own is the document's edition; the earlier
        # edition named after a semicolon, or nearer another tier, is that tier's
        ("Chile was downgraded to Tier 3; it had been placed on the Tier 2 Watch List in the 2020 report.",
         [("Chile", "Tier 3", "2022"), ("Chile", "Tier 2 Watch List", "2020")]),
        ("Chile was upgraded to Tier 1, having been ranked on Tier 2 in the 2021 report.",
         [("Chile", "Tier 1", "2022"), ("Chile", "Tier 2", "2021")]),
        ("Chile, on Tier 1 in the 2016 report, fell to Tier 2.",
         [("Chile", "Tier 1", "2016"), ("Chile", "Tier 2", "2022")]),
        ("The country climbed to Tier 2; the 2019 report had kept it on Tier 3.",
         [("Peru", "Tier 2", "2022"), ("Peru", "Tier 3", "2019")]),
        # an edition named in the movement's own clause is still its edition
        ("In its 2018 report, the State Department moved Chile to Tier 2.", [("Chile", "Tier 2", "2018")]),
    ],
)  # fmt: skip
def test_movement_takes_its_own_clause_edition(text: str, want: list[tuple[str, str, str]]) -> None:
    assert tiers(text) == sorted(want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a tier kept, retained or held is a placement in that edition
        ("Chile retained its Tier 1 ranking in the 2020 Trafficking in Persons Report.", [("Chile", "Tier 1", "2020")]),
        ("Chile kept its Tier 2 Watch List rating.", [("Chile", "Tier 2 Watch List", "2022")]),
        ("The country has maintained its Tier 2 status in the 2019 report.", [("Peru", "Tier 2", "2019")]),
        ("Chile remained at Tier 2 in 2021.", [("Chile", "Tier 2", "2021")]),
        # "ranked Tier 1" with no preposition, with or without a subject in reach
        ("Chile was ranked Tier 1 in the 2017 report.", [("Chile", "Tier 1", "2017")]),
        ("The country moved up in 2016 and was rated Tier 2 in the 2018 report.", [("Peru", "Tier 2", "2018")]),
    ],
)  # fmt: skip
def test_tier_retained_or_ranked(text: str, want: list[tuple[str, str, str]]) -> None:
    assert tiers(text) == sorted(want)


def test_a_tier_lost_is_no_placement() -> None:
    assert tiers("Chile lost its Tier 1 ranking in the 2020 report.") == []


def test_where_a_movement_started_is_that_years_tier() -> None:
    got = tiers(
        "The State Department placed Chile on Tier 2 in its 2021 report, down from Tier 1 in 2020."
    )
    assert (
        ("Chile", "Tier 1", "2020") in got
        or (None, "Tier 1", "2020") in got
        or ("Peru", "Tier 1", "2020") in got
    )
