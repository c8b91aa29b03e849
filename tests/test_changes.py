"""Comparisons beyond "twice" and percent changes in any word order: the factor a text states
(a word, "N times", "N-fold", a multiplying verb, a percentage or a fraction of change, with
its qualifier) against the figure it describes and the one it is measured against (TC203)."""

from __future__ import annotations

import pytest

import tipcheck
from tipcheck.checks.arithmetic import check_comparisons, check_trends
from tipcheck.values import Comparison, Quantity

PACK = tipcheck.load_rules()


def _claims(text: str) -> list[tipcheck.Claim]:
    return tipcheck.extract(f"Fiji\n\n{text}", as_of="2022")


def _comparisons(text: str) -> list[Comparison]:
    return [
        c.value
        for c in _claims(text)
        if isinstance(c.value, Comparison) and c.value.factor is not None
    ]


def _flags(text: str) -> list[str]:
    cl = _claims(text)
    return sorted(f.rule for f in check_comparisons(cl, PACK) + check_trends(cl))


# ---------------------------------------------------------------------------- factors read


@pytest.mark.parametrize(
    ("text", "factor", "qualifier"),
    [
        ("In 2021 the unit identified 36 victims, three times as many as in 2020.", 3, None),
        ("In 2021 the unit identified 36 victims, triple the 2020 figure.", 3, None),
        (
            "In 2021 the unit identified 36 victims, 2.5 times the number recorded in 2020.",
            2.5,
            None,
        ),
        ("In 2021 the unit identified 36 victims, a fourfold increase on 2020.", 4, None),
        ("In 2021 the unit identified 36 victims, quadruple the 9 identified in 2020.", 4, None),
        ("In 2021 the unit identified 10 victims, half as many as in 2020.", 0.5, None),
        ("In 2021 the unit identified 10 victims, a third as many as in 2020.", 0.3333, None),
        (
            "In 2021 the unit identified 40 victims, more than triple the 12 of 2020.",
            3,
            "more than",
        ),
        ("Convictions doubled to 24 in 2021 from 12 in 2020.", 2, None),
        ("Convictions nearly tripled between 2019 and 2021, from five to 14.", 3, "nearly"),
        ("Convictions halved, from 30 in 2020 to 15 in 2021.", 0.5, None),
        (
            "In 2021 the shelter received 90 calls, up 12 percent on the 80 calls of 2020.",
            1.12,
            None,
        ),
        ("Prosecutions rose 10% in 2021, to 55.", 1.1, None),
        ("There was a 10 percent rise in prosecutions in 2021, to 55.", 1.1, None),
        (
            "In 2021 the unit identified 40 victims, an increase of 25 percent compared with 2020.",
            1.25,
            None,
        ),
        ("Investigations fell by a tenth, from 50 in 2020 to 45 in 2021.", 0.9, None),
        (
            "The number of investigations dropped by a quarter, from 60 in 2020 to 45 in 2021.",
            0.75,
            None,
        ),
        (
            "In 2021 the unit opened 30 investigations, a decrease of 15 percent compared with 2020.",
            0.85,
            None,
        ),
        ("Prosecutions went up by more than 20 percent to 61 in 2021.", 1.2, "more than"),
    ],
)
def test_the_factor_is_read_whatever_the_word_order(
    text: str, factor: float, qualifier: str | None
) -> None:
    (got,) = _comparisons(text)
    assert got.factor == pytest.approx(factor, rel=1e-3)
    assert got.qualifier == qualifier


def test_the_figures_a_change_names_are_dated_counts() -> None:
    cl = _claims("The number of convictions tripled between 2019 and 2021, from five to 15.")
    counts = {
        c.period.iso: c.value.stated
        for c in cl
        if c.extractor == "count" and isinstance(c.value, Quantity) and c.period
    }
    assert counts == {"2019": 5, "2021": 15}
    # the change's year is read as such, not as the one-ended trend "in 2019"
    trends = [c for c in cl if c.extractor == "trend"]
    assert all(t.period is not None and t.period.iso == "2021" for t in trends)


# ---------------------------------------------------------------------------- checked


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Convictions tripled between 2019 and 2021, from six to 12.", True),
        ("Convictions tripled between 2019 and 2021, from four to 12.", False),
        ("Convictions doubled to 24 in 2021 from 12 in 2020.", False),
        ("Convictions doubled to 30 in 2021 from 12 in 2020.", True),
        ("In 2021 police recorded 27 convictions, nearly three times the 10 of 2020.", False),
        ("In 2021 police recorded 17 convictions, three times the 10 of 2020.", True),
        (
            "In 2021 the courts convicted 20 traffickers, more than triple the 8 convicted in 2020.",
            True,
        ),
        (
            "In 2021 the courts convicted 30 traffickers, more than triple the 8 convicted in 2020.",
            False,
        ),
        ("In 2021 the shelter received 90 calls, up 12 percent on the 60 calls of 2020.", True),
        ("In 2021 the shelter received 90 calls, up 50 percent on the 60 calls of 2020.", False),
        ("Investigations fell by a third, from 60 in 2020 to 40 in 2021.", False),
        ("Investigations fell by a quarter, from 60 in 2020 to 40 in 2021.", True),
        (
            "In 2021 the police identified 71 victims, an increase of 40 percent compared to "
            "2020 when 58 victims were identified.",
            True,
        ),
        (
            "In 2021 the police identified 81 victims, an increase of 40 percent compared to "
            "2020 when 58 victims were identified.",
            False,
        ),
        ("Convictions fell by more than 10 percent to 50 in 2021 from 52 in 2020.", True),
        ("Convictions fell by more than 10 percent to 40 in 2021 from 52 in 2020.", False),
        # the change after a figure and the one it is measured against
        (
            "Police identified 57 victims in 2022, against 38 in 2021, that is to say an "
            "increase of 30%.",
            True,
        ),
        (
            "Police identified 57 victims in 2022, against 38 in 2021, that is to say an "
            "increase of 50%.",
            False,
        ),
        # a qualified percent bounds the percent: "nearly 40" is just under 40, not 29.5
        (
            "In 2022, 79 people were identified as victims, compared with 61 in 2021, an "
            "increase of nearly 40 per cent.",
            True,
        ),
        (
            "In 2022, 85 people were identified as victims, compared with 61 in 2021, an "
            "increase of nearly 40 per cent.",
            False,
        ),
        (
            "In 2022 prosecutors initiated prosecutions of nine defendants, three times as many as "
            "the four prosecuted in 2021.",
            True,
        ),
        (
            "In 2022 prosecutors initiated prosecutions of 12 defendants, three times as many as "
            "the four prosecuted in 2021.",
            False,
        ),
    ],
)
def test_the_derived_figure_is_checked(text: str, flagged: bool) -> None:
    assert _flags(text) == (["TC203"] if flagged else [])


@pytest.mark.parametrize(
    "text",
    [
        "In 2021 the unit identified 40 victims, double the previous year.",
        "In 2021 the unit identified 40 victims, twice as many as the previous year.",
        "In 2021 the unit identified 40 victims, an increase of 100 percent on the year before.",
        "The number of victims identified in 2021 doubled compared with the previous year, to 40.",
    ],
)
def test_the_previous_year_is_the_year_before_the_figures(text: str) -> None:
    wrong = text + " In 2020 the unit identified 35 victims."
    right = text + " In 2020 the unit identified 20 victims."
    (comp,) = _comparisons(text)
    assert comp.ref_period is not None and comp.ref_period.iso == "2020"
    assert [f.rule for f in check_comparisons(_claims(wrong), PACK)] == ["TC203"]
    assert check_comparisons(_claims(right), PACK) == []


def test_a_change_without_its_figure_is_a_direction_checked_against_the_figures() -> None:
    text = (
        "In 2021 police identified 40 victims; prosecutions rose by 20 percent on 2020. "
        "There were 30 prosecutions in 2020 and 25 prosecutions in 2021."
    )
    assert [f.rule for f in check_trends(_claims(text))] == ["TC205"]


def test_a_change_on_a_year_is_checked_against_that_years_figure() -> None:
    text = "Prosecutions rose 10 percent in 2021, to 55. In 2020 there were 30 prosecutions."
    (f,) = check_comparisons(_claims(text), PACK)
    assert f.rule == "TC203" and f.severity == "warning" and "implies about 50" in f.message
    right = "Prosecutions rose 10 percent in 2021, to 55. In 2020 there were 50 prosecutions."
    assert check_comparisons(_claims(right), PACK) == []


# ---------------------------------------------------------------------------- not changes


@pytest.mark.parametrize(
    "text",
    [
        # a share, not a change of a count
        "The share of women among victims rose 10 percent in 2021.",
        "The share of women among victims rose to 58 percent in 2021.",
        # percentage points are no percent change
        "Prosecutions rose 10 percentage points in 2021, to 55.",
        # an aim, not a statement
        "The plan aims to increase prosecutions by 10 percent in 2022.",
        # a percentage of something else
        "In 2021, 10 percent of the 40 victims identified were children.",
        # "half the victims" is a part of them, not a multiple
        "In 2021 the unit identified 40 victims; half the 40 victims were children.",
        # a person's age and an article number are no figures of change
        "A 40-year-old man was convicted under Article 12, which doubled the penalty.",
        # a figure the change does not describe: another clause's
        "Police identified 40 victims in 2021; funding rose 10 percent on 2020.",
        # "one of the" is not a count
        "In 2021 one of the shelters doubled its capacity.",
    ],
)
def test_no_change_is_invented(text: str) -> None:
    cl = _claims(text)
    assert _comparisons(text) == []
    assert check_comparisons(cl, PACK) == []


def test_a_multiplying_verb_with_an_object_is_no_change_of_the_subject() -> None:
    # "doubled the number of shelters": what the government did, not how a count moved
    assert _comparisons("In 2021 the government doubled the number of shelters to 12.") == []


def test_the_figure_compared_with_is_of_the_same_measure() -> None:
    # "recorded" alone would name victims recorded; the comparison says convictions
    cl = _claims("Judges handed down 40 convictions in 2021, nearly twice the 22 recorded in 2018.")
    (ref,) = [c for c in cl if c.extractor == "count" and c.value == Quantity(22, 22, 22)]
    assert ref.property == "law.convictions" and ref.period is not None
    assert ref.period.iso == "2018"
    # with no comparison before it, the participle still names the measure
    plain = _claims(
        "In 2021 police identified 40 victims, and the 22 recorded in 2018 were re-housed."
    )
    assert all(c.property != "law.convictions" for c in plain)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (
            "In 2021, 50 victims were identified, it is increased by 40 percent compared to "
            "2020 when 30 victims were identified.",
            True,
        ),
        (
            "In 2021 police identified 42 victims, which rose by 40 percent on the 30 of 2020.",
            False,
        ),
        ("In 2021 police identified 52 victims, which rose by 40 percent on the 30 of 2020.", True),
    ],
)
def test_a_change_whose_subject_refers_back_describes_the_figure_before(
    text: str, flagged: bool
) -> None:
    assert _flags(text) == (["TC203"] if flagged else [])


def test_a_change_verb_with_its_own_subject_does_not_describe_the_figure_before() -> None:
    # the subject is "funding", not the 42 victims
    text = "In 2021 police identified 42 victims, while funding rose by 40 percent on 2020."
    assert _comparisons(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # a span of time is no reference figure
        "In 2021 police identified 40 victims, down 20 percent over two years.",
        "In 2021 police identified 40 victims, up 10 percent from three years earlier.",
        # two years together are no one year's figure
        "In 2021 police identified 40 victims, up 10 percent on 2020 and 2019 combined. In 2020 "
        "police identified 20 victims.",
    ],
)
def test_no_reference_is_invented_from_spans_of_time(text: str) -> None:
    assert check_comparisons(_claims(text), PACK) == []
