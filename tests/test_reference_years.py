"""A year in a comparative clause belongs to the figure in that clause, in more word orders:
a percent change "on" another figure, and a clause whose year comes before its figure."""

from __future__ import annotations

import pytest

import tipcheck
from tipcheck.values import Breakdown


def _periods(text: str) -> dict[str, str | None]:
    return {
        c.value.describe(): (c.period.iso if c.period else None)
        for c in tipcheck.extract(text, as_of="2021")
    }


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "In 2020 the shelter in Fiji received 90 calls, up 12 percent on the 80 calls of 2019.",
            {"90": "2020", "80": "2019"},
        ),
        (
            "In 2020 Fiji identified 30 victims, down 25% from the 40 victims identified in 2019.",
            {"30": "2020", "40": "2019"},
        ),
        # ", against M in YEAR" after the figure: YEAR is M's, the figure takes "last year"
        (
            "The authorities of Fiji identified last year 30 victims, against 14 in 2019.",
            {"30": "2020", "14": "2019"},
        ),
        (
            "In 2020 the police of Fiji identified 30 victims, a fall compared to 2019 when 40 "
            "victims were identified.",
            {"30": "2020", "40": "2019"},
        ),
        (
            "Prosecutions in Fiji rose to 10 in 2020 from 8 in 2019, while the shelter received "
            "151 calls.",
            {"151": "2020"},
        ),
        # a year after "from" is no reference figure's: "data from 2019 show …"
        ("Data from 2019 show that Fiji identified 45 victims.", {"45": "2019"}),
    ],
)
def test_the_reference_year_is_the_reference_figures(text: str, want: dict[str, str]) -> None:
    got = _periods(text)
    for value, period in want.items():
        assert got.get(value) == period, got


def test_a_later_figure_outside_the_clause_does_not_take_its_year() -> None:
    got = _periods(
        "In 2020 Fiji identified 43 victims, up from 61 in 2019, and convicted 12 traffickers."
    )
    assert got["43"] == "2020" and got["61"] == "2019" and got["12"] == "2020"


def _year_of(text: str, prop: str, value: str, as_of: str = "2021") -> str | None:
    """The period of the claim of `prop` stating `value` (exactly one)."""
    got = [
        c.period.iso if c.period else None
        for c in tipcheck.extract(text, as_of=as_of)
        if c.property == prop and c.value.describe() == value
    ]
    assert len(got) == 1, got
    return got[0]


# A comparison's reference year belongs to its reference value; a figure in the next
# coordinated clause takes the sentence's period, not the reference's.
@pytest.mark.parametrize(
    "text",
    [
        "In 2019 the police of Ghana identified 44 victims, twice as many as the 22 of 2018, and "
        "courts convicted seven traffickers.",
        "In 2019 Ghana identified 44 victims, almost three times as many as the 15 of 2018, and "
        "courts convicted seven traffickers.",
        "In 2019 Ghana identified 44 victims, half as many as the 88 of 2018, and courts "
        "convicted seven traffickers.",
        "In 2019 Ghana identified 44 victims, double the 22 of 2018, and courts convicted seven "
        "traffickers.",
        "In 2019 Ghana identified 44 victims, three times that of 2018, and courts convicted "
        "seven traffickers.",
        "In 2019 Ghana identified 44 victims, as many as in 2018, and courts convicted seven "
        "traffickers.",
        "In 2019 Ghana prosecuted 14 suspects (nine in 2018), and courts convicted seven "
        "traffickers.",
        "In 2019 Ghana identified 44 victims, up from 30 in 2018, while courts convicted seven "
        "traffickers.",
    ],
)
def test_a_comparisons_reference_year_does_not_pass_to_the_next_clause(text: str) -> None:
    assert _year_of(text, "law.convictions", "7") == "2019"


def test_a_figure_compared_by_equality_keeps_its_own_year() -> None:
    text = "In 2019 Ghana identified 44 victims, as many as in 2018, and courts convicted seven."
    assert _year_of(text, "victims.identified", "44") == "2019"


def test_without_a_year_of_its_own_the_next_clause_takes_the_reports_period() -> None:
    text = (
        "Ghana Country Report 2020\n\nPolice in Ghana identified 44 victims, twice as many as "
        "the 22 of 2018, and courts convicted seven traffickers."
    )
    assert _year_of(text, "law.convictions", "7", as_of="2020") == "2020"


def test_the_bound_as_many_as_is_no_comparison() -> None:
    # "as many as 300" is an upper bound on the figure; the year after it is still its own
    # and the next clause's
    text = "Ghana identified as many as 300 victims in 2019, and courts convicted 12 traffickers."
    assert _year_of(text, "victims.identified", "up to 300") == "2019"
    assert _year_of(text, "law.convictions", "12") == "2019"


def test_a_figure_after_comma_against_is_a_reference_not_the_antecedent() -> None:
    text = (
        "# Namibia\n\nThe shelter assisted 22 survivors of trafficking in 2021, against 30 in 2020. "
        "Of whom, 12 were women, seven were girls and three were boys."
    )
    claims = tipcheck.extract(text, doc_id="d")
    totals = [
        c.value.total.stated for c in claims if isinstance(c.value, Breakdown) and c.value.total
    ]
    assert totals == [22]


def test_convictions_against_persons_is_no_reference() -> None:
    text = "# Namibia\n\nIn 2021 the courts handed down convictions against 14 persons for trafficking."
    got = {c.value.stated: c.period.iso for c in tipcheck.extract(text, doc_id="d") if c.period}  # type: ignore[union-attr]
    assert got == {14: "2021"}
