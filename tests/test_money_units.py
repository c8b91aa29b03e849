"""Money in local currencies, with a stated conversion (one amount, claimed in each unit), a
purpose named after or before it, or a recipient named before it."""

from __future__ import annotations

import tipcheck


def money(text: str, country: str = "Moldova") -> list[tuple[str, float, str | None, str | None]]:
    return [
        (c.property, c.value.stated, c.value.unit, c.period.iso if c.period else None)  # type: ignore[union-attr]
        for c in tipcheck.extract(f"{country}\n\n{text}", as_of="2020")
        if c.property.startswith("funding.")
    ]


def test_a_local_amount_with_its_conversion_is_one_amount_in_two_units() -> None:
    got = money(
        "The ministry gave MDL 4 million (about US$230,000) in 2019 to the fund for supporting victims."
    )
    assert sorted(got) == [
        ("funding.victim_assistance", 230000, "USD", "2019"),
        ("funding.victim_assistance", 4e6, "MDL", "2019"),
    ]


def test_a_currency_name_after_the_figure_and_an_unqualified_conversion() -> None:
    got = money(
        "In 2019 the state spent 3.5 billion naira ($9,700) on the rehabilitation of victims.",
        "Nigeria",
    )
    assert ("funding.victim_assistance", 3.5e9, "NGN", "2019") in got
    assert ("funding.victim_assistance", 9700, "USD", "2019") in got


def test_a_purpose_before_the_amount() -> None:
    got = money(
        "The trust fund for trafficking victims was allocated KZT 90 million in 2019.", "Kazakhstan"
    )
    assert got == [("funding.victim_assistance", 90e6, "KZT", "2019")]
    got = money(
        "The budget allocated to assistance to victims of trafficking, about EUR 40,000 in 2019, is small."
    )
    assert got == [("funding.victim_assistance", 40000, "EUR", "2019")]


def test_a_recipient_before_the_amount() -> None:
    got = money(
        "In 2019 the Ministry of Labour granted us MDL 200,000 (about US$11,000) for our shelter."
    )
    assert [g[0] for g in got] == ["funding.ngo", "funding.ngo"]


def test_no_funding_without_purpose_or_recipient() -> None:
    assert money("The ministry gave MDL 4 million (about US$230,000) to the regional police.") == []
    assert money("Traffickers paid KSh 3 million (about US$30,000) in bribes.", "Kenya") == []
