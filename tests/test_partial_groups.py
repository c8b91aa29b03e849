"""Parts that all fall inside one group of a facet family (girls and boys are children; an age
bound such as "under 18"; women only; foreign nationals only) list that group alone: a partial
breakdown of a total not itself of the group, which may fall short of it (no TC201) but not
exceed it. Parts spread over the groups ("14 were women and 10 were men", "12 adults and 9
children") still split the whole and are checked. Parts of two facet families ("… five men; 50
were exploited abroad and 30 within the country") are two breakdowns, never one sum."""

from __future__ import annotations

import pytest

import tipcheck
from tipcheck.checks.arithmetic import check_breakdowns
from tipcheck.values import Breakdown

PACK = tipcheck.load_rules()


def _breakdowns(text: str) -> list[tipcheck.Claim]:
    return [
        c
        for c in tipcheck.extract(f"Nepal\n\n{text}", as_of="2021")
        if isinstance(c.value, Breakdown)
    ]


def _tc201(text: str) -> list[str]:
    return [f.message for f in check_breakdowns(_breakdowns(text), PACK) if f.rule == "TC201"]


@pytest.mark.parametrize(
    "text",
    [
        # children only, the first part with an age bound
        "In 2020 the Maiti shelter in Nepal assisted 30 survivors referred by police. Of these, "
        "12 were girls under 18 and five were boys.",
        # children only, named by their groups
        "In 2020 the police of Nepal identified 52 victims. Of these, 20 were girls and 9 boys.",
        # an age bound on every part
        "In 2020 the police of Nepal identified 52 victims. Of them, 20 were women under 25 "
        "and 9 were men under 25.",
        # women only
        "In 2020 the police of Nepal identified 52 victims. Of these, 20 were Nepali women and "
        "9 were foreign women.",
        # foreign nationals only: countries other than the subject
        "In 2020 the police of Nepal identified 52 victims. Of these, 20 were Bangladeshi "
        "nationals and 9 were citizens of India.",
        # the same in a header sentence
        "Of the 52 victims identified in 2020, 20 were girls and 9 were boys.",
    ],
)
def test_parts_inside_one_group_are_a_partial_list(text: str) -> None:
    got = _breakdowns(text)
    assert got, "the parts are still read"
    assert all(isinstance(c.value, Breakdown) and not c.value.partition for c in got)
    assert _tc201(text) == []


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "In 2020 the police of Nepal identified 40 victims. Of these, 14 were women and "
            "10 were men.",
            "14 + 10",
        ),
        (
            "In 2020 the police of Nepal identified 30 trafficking victims, of whom 12 were "
            "adults and 9 children.",
            "12 + 9",
        ),
        (
            "In 2020 the police of Nepal identified 52 victims. Of these, 20 were girls, 9 boys "
            "and 11 women.",
            "20 + 9 + 11",
        ),
        (
            "In 2020 the police of Nepal identified 52 victims. Of these, 20 were Nepali "
            "nationals and 9 were citizens of India.",
            "20 + 9",
        ),
    ],
)
def test_parts_spread_over_the_groups_are_still_checked(text: str, parts: str) -> None:
    msgs = _tc201(text)
    assert len(msgs) == 1 and f"({parts})" in msgs[0], msgs


def test_a_partial_list_that_exceeds_its_total_is_still_an_error() -> None:
    text = "In 2020 the police of Nepal identified 25 victims. Of these, 20 were girls and 9 boys."
    msgs = _tc201(text)
    assert len(msgs) == 1 and "exceed" in msgs[0], msgs


def test_a_total_of_the_group_itself_is_split_by_its_parts() -> None:
    # the whole is children: girls and boys are all of it
    text = "Of the 40 children the shelter assisted in 2020, 25 were girls and 10 were boys."
    msgs = _tc201(text)
    assert len(msgs) == 1 and "(25 + 10)" in msgs[0], msgs


def test_parts_of_two_families_are_two_breakdowns_never_one_sum() -> None:
    text = (
        "Of the 80 victims identified in 2020, 30 were girls, 20 women, 10 boys and 15 men; 50 "
        "were exploited abroad and 29 within the country."
    )
    got = sorted([p.amount.stated for p in c.value.parts] for c in _breakdowns(text))  # type: ignore[union-attr]
    assert got == [[30, 20, 10, 15], [50, 29]]
    msgs = _tc201(text)
    assert len(msgs) == 2
    assert any("(30 + 20 + 10 + 15)" in m for m in msgs) and any("(50 + 29)" in m for m in msgs)


def test_parts_that_add_up_by_each_family_are_quiet() -> None:
    text = (
        "Of the 80 victims identified in 2020, 30 were girls, 25 women, 10 boys and 15 men; 50 "
        "were exploited abroad and 30 within the country."
    )
    assert len(_breakdowns(text)) == 2 and _tc201(text) == []


def test_a_single_part_of_another_family_still_spoils_the_list() -> None:
    text = "Of the 30 victims identified in 2020, 12 were children and 25 were citizens of Nepal."
    assert _breakdowns(text) == []


def test_where_victims_were_exploited_and_foreign_nationals_are_one_split() -> None:
    # nationals exploited at home, nationals exploited abroad and foreign nationals split the
    # whole one way (of origin)
    text = (
        "In 2020 the police of Nepal identified 90 victims, of whom 50 were Nepalis trafficked "
        "within the country, 30 Nepalis trafficked abroad and 9 foreign nationals."
    )
    msgs = _tc201(text)
    assert len(msgs) == 1 and "(50 + 30 + 9)" in msgs[0], msgs
