"""A year in a comparative clause belongs to the figure in that clause, in more word orders:
a percent change "on" another figure, and a clause whose year comes before its figure."""

from __future__ import annotations

import pytest

import tipcheck


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
