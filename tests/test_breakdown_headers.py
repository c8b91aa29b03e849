"""Breakdown headers in more shapes: active voice with a colon list ("Courts convicted 14
traffickers in 2021: nine for …"), words between the noun and the year ("52 victims of
trafficking in Oman in 2020, of whom …"), and a comparison before "of these / among them";
the parts are checked against the total (TC201)."""

from __future__ import annotations

import pytest

import tipcheck
from tipcheck.checks.arithmetic import check_breakdowns
from tipcheck.values import Breakdown

PACK = tipcheck.load_rules()


def _claims(text: str) -> list[tipcheck.Claim]:
    return tipcheck.extract(f"Ghana\n\n{text}", as_of="2022")


def _breakdowns(text: str) -> list[tuple[float | None, list[float], str | None]]:
    return [
        (
            c.value.total.stated if c.value.total else None,
            [p.amount.stated for p in c.value.parts],
            c.period.iso if c.period else None,
        )
        for c in _claims(text)
        if isinstance(c.value, Breakdown)
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Judges convicted 11 traffickers in 2021: seven for sex trafficking and four for "
            "forced labour.",
            (11, [7, 4], "2021"),
        ),
        (
            "The courts sentenced 12 offenders under the new law in 2020: eight received prison "
            "terms and four received fines.",
            (12, [8, 4], "2020"),
        ),
        (
            "The agency identified 45 victims of trafficking in Ghana in 2021, of whom 25 were "
            "women and 20 were men.",
            (45, [25, 20], "2021"),
        ),
        (
            "The agency identified 45 suspected victims of forced labour on fishing boats in "
            "2021: 30 boys and 15 men.",
            (45, [30, 15], "2021"),
        ),
        (
            "In 2021 the agency identified 45 victims, up from 31 in 2020; of these, 25 were "
            "women and 20 men.",
            (45, [25, 20], "2021"),
        ),
        (
            "The agency identified 45 victims in 2021, compared with 31 in 2020, of whom 25 were "
            "women and 20 men.",
            (45, [25, 20], "2021"),
        ),
    ],
)
def test_the_header_is_read(text: str, want: tuple[float, list[float], str]) -> None:
    assert _breakdowns(text) == [want]


def test_the_reference_figure_keeps_its_year() -> None:
    cl = _claims(
        "In 2021 the agency identified 45 victims, up from 31 in 2020; of these, 25 were "
        "women and 20 men."
    )
    years = {c.value.stated: c.period.iso for c in cl if c.extractor == "count" and c.period}
    assert years.get(31) == "2020" and years.get(45) == "2021"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (
            "Judges convicted 11 traffickers in 2021: seven for sex trafficking and five for forced labour.",
            True,
        ),
        (
            "Judges convicted 12 traffickers in 2021: seven for sex trafficking and five for forced labour.",
            False,
        ),
        (
            "In 2021 the agency identified 45 victims, up from 31 in 2020; of these, 25 were women and 31 men.",
            True,
        ),
    ],
)
def test_parts_are_checked_against_the_total(text: str, flagged: bool) -> None:
    assert [f.rule for f in check_breakdowns(_claims(text), PACK)] == (["TC201"] if flagged else [])


@pytest.mark.parametrize(
    "text",
    [
        # an age between the noun and the year is no modifier of the count
        "The court convicted 3 traffickers aged 25 in 2021: one for sex trafficking and one "
        "for forced labour.",
        # an article number is not the total
        "Judges convicted traffickers under Article 14 in 2021: seven for sex trafficking and "
        "four for forced labour.",
        # a list that does not start with figures is no breakdown
        "Judges convicted 11 traffickers in 2021: most for sex trafficking.",
        # "one of the" is not a part
        "Judges convicted 11 traffickers in 2021, one of the highest totals on record.",
        # a partial list may fall short of its total
        "The agency identified 45 victims in 2021, among them 12 girls and 9 boys.",
    ],
)
def test_no_breakdown_finding_is_invented(text: str) -> None:
    assert check_breakdowns(_claims(text), PACK) == []


# ---------------------------------------------------------------- parts in a sentence of their own


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "In 2021 the agency identified 45 victims, up from 31 in 2020. Of these, 25 were "
            "women and 20 men.",
            [(45, [25, 20], "2021")],
        ),
        (
            "The agency identified 45 victims in 2021. Of them, 30 were girls and 15 were boys.",
            [(45, [30, 15], "2021")],
        ),
        # the figure of a comparative clause is not what "among the victims" refers to
        (
            "In 2021 the agency identified 45 victims, a rise compared to 2020 when 31 victims "
            "were identified. Among the victims, 25 were women and 20 were men.",
            [(45, [25, 20], "2021")],
        ),
        # the nearest figure is of another measure: its parts, never the victims'
        (
            "In 2021 the agency identified 45 victims and courts convicted 9 traffickers. Of "
            "these, 5 were men and 4 were women.",
            [(9, [5, 4], "2021")],
        ),
        # … and nothing when no breakdown rule totals that measure
        (
            "In 2021 the agency identified 45 victims and the ministry opened 9 shelters. Of "
            "these, 5 were men and 4 were women.",
            [],
        ),
    ],
)
def test_of_these_refers_back_to_the_figure_before(
    text: str, want: list[tuple[float, list[float], str]]
) -> None:
    assert _breakdowns(text) == want


def test_parts_that_refer_back_are_checked() -> None:
    wrong = "In 2021 the agency identified 45 victims. Of these, 25 were women and 30 men."
    assert [f.rule for f in check_breakdowns(_claims(wrong), PACK)] == ["TC201"]
    # "among them" lists some of them: it may fall short of the total
    partial = "In 2021 the agency identified 45 victims. Among them were 12 girls and 9 boys."
    assert check_breakdowns(_claims(partial), PACK) == []


def test_shares_that_refer_back_are_one_composition() -> None:
    text = "In 2021 the agency identified 45 victims. Of these, 60 percent were women and 50 percent men."
    assert [f.rule for f in check_breakdowns(_claims(text), PACK)] == ["TC202"]


def test_a_second_cut_of_the_whole_is_its_own_breakdown() -> None:
    text = (
        "Of the 80 victims identified in 2021, 30 were minors; by sex, 45 were female and 35 male."
    )
    assert _breakdowns(text) == [(80, [45, 35], "2021")]
    facets = {c.facet: c.value.stated for c in _claims(text) if c.facet}
    assert facets == {"children": 30, "women": 45, "men": 35}
    wrong = text.replace("35 male", "25 male")
    assert [f.rule for f in check_breakdowns(_claims(wrong), PACK)] == ["TC201"]


def test_of_these_with_the_figure_restated() -> None:
    text = "Police identified 23 victims in 2020, compared with 17 in 2019. Of these 23 victims, 12 were girls, six women, three boys and one man."
    assert _breakdowns(text) == [(23, [12, 6, 3, 1], "2020")]


def test_of_these_naming_another_figure_is_not_its_breakdown() -> None:
    text = "Police identified 23 victims in 2020. Of these 30 victims, 12 were girls and 18 women."
    assert _breakdowns(text) == []
