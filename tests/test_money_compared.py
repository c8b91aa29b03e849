"""An amount compared with the one just stated ("…, compared with EUR 480,000 in 2021", "up
from EUR 395,000 in 2020") is the same purpose's, for its own year; and a currency after
"from" starts the amount ("from" without "to" is no range)."""

from __future__ import annotations

import pytest

import tipcheck
from tipcheck.rulepack import load_rules


def _money(text: str) -> list[tuple[str, float, str | None, int | None]]:
    return [
        (c.property, c.value.stated, c.value.unit, c.period.start.year if c.period else None)  # type: ignore[union-attr]
        for c in tipcheck.extract(text, doc_id="d")
        if c.property.startswith("funding.")
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "In 2022 the ministry gave EUR 90,000 to non-governmental organizations, compared with "
            "EUR 75,000 in 2021.",
            [("funding.ngo", 90000, "EUR", 2022), ("funding.ngo", 75000, "EUR", 2021)],
        ),
        (
            "Funding for shelters reached EUR 610,000 in 2021, up from EUR 395,000 in 2020.",
            [("funding.shelters", 610000, "EUR", 2021), ("funding.shelters", 395000, "EUR", 2020)],
        ),
    ],
)
def test_compared_amount_takes_the_purpose_and_its_own_year(text: str, want: list[object]) -> None:
    assert _money(text) == want


@pytest.mark.parametrize(
    "text",
    [
        # another unit, and no year of its own: neither is read as the same purpose's amount
        "The ministry gave EUR 50,000 for victim assistance in 2021, against USD 20,000 in 2020.",
        "The ministry gave EUR 50,000 for victim assistance in 2021, compared with EUR 20,000.",
    ],
)
def test_compared_amount_needs_its_unit_and_year(text: str) -> None:
    assert len(_money(text)) == 1


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("up from EUR 395,000 in 2020", ["EUR 395,000", "2020"]),
        ("from $5 million to $7 million", ["from $5 million to $7 million"]),
        ("from 12 to 15 victims", ["from 12 to 15"]),
    ],
)
def test_currency_after_from_starts_the_amount(text: str, amounts: list[str]) -> None:
    assert [m.group() for m in load_rules().quantities.find(text)] == amounts


def test_victims_support_is_victim_assistance() -> None:
    text = "The state budget provided 350 million MNT (around USD 132,000) for victims support in 2019."
    got = {(p, u) for p, _n, u, _y in _money(text)}
    assert got == {("funding.victim_assistance", "MNT"), ("funding.victim_assistance", "USD")}
