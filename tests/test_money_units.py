"""Money in local currencies, with a stated conversion (one amount, claimed in each unit), a
purpose named after or before it, or a recipient named before it."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(
    ("text", "country", "unit"),
    [
        (
            "The ministry budgeted 150 million CFA francs for victim assistance in 2019.",
            "Chad",
            "XAF",
        ),
        (
            "The ministry budgeted 150 million CFA francs for victim assistance in 2019.",
            "Gabon",
            "XAF",
        ),
        (
            "The ministry budgeted 150 million CFA francs for victim assistance in 2019.",
            "Senegal",
            "XOF",
        ),
        # a code says which currency it is, whatever the country
        ("The ministry budgeted XOF 150 million for victim assistance in 2019.", "Chad", "XOF"),
        ("The budget provides 250,000 dollars for victim support in 2019.", "Kiribati", "AUD"),
        ("The budget provides 250,000 dollars for victim support in 2019.", "Grenada", "XCD"),
        ("The budget provides 250,000 dollars for victim support in 2019.", "Moldova", "USD"),
        ("The budget provides 250,000 US dollars for victim support in 2019.", "Kiribati", "USD"),
        ("The budget provides $250,000 for victim support in 2019.", "Kiribati", "USD"),
    ],
)
def test_a_name_several_currencies_bear_is_the_country_s_own(
    text: str, country: str, unit: str
) -> None:
    """'CFA francs' are XAF in Central Africa and XOF in West Africa; a bare 'dollars' said in
    Kiribati are Australian dollars. A code or a symbol is never changed."""
    assert [u for _, _, u, _ in money(text, country)] == [unit]


@pytest.mark.parametrize(
    "text",
    [
        # a budget or a time between the amount and its purpose
        "The government set aside A$250,000 (about US$165,000) in the 2019 budget for victim support.",
        "The state spent 1.5 million rufiyaa (about US$97,000) last year on services for victims.",
        "The government allocated D5 million (approximately US$100,000) in 2019 for victim assistance.",
        # "into" a purpose
        "In 2019 the government put US$31,000 into victim services.",
    ],
)
def test_a_purpose_after_a_when(text: str) -> None:
    got = money(text)
    assert got and {p for p, *_ in got} == {"funding.victim_assistance"}, got


def test_an_amount_compared_by_a_factor_takes_its_own_year_and_unit() -> None:
    got = money(
        "In 2019 the State budget allocated XAF 150 million (about US$245,000) to victim "
        "assistance, twice the XAF 75 million allocated in 2018.",
        "Chad",
    )
    assert ("funding.victim_assistance", 75e6, "XAF", "2018") in got
    assert ("funding.victim_assistance", 150e6, "XAF", "2019") in got


def test_a_contribution_to_one_ngo() -> None:
    got = money("In 2019 the Government's contribution to the NGO was CHF 95,000.", "Liechtenstein")
    assert got == [("funding.ngo", 95000, "CHF", "2019")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Funding for victim support rose to €185,000 in 2022 (around US$200,000).",
        "Funding for victim support reached €185,000 last year (about US$200,000), up from 2021.",
    ],
)
def test_a_conversion_after_the_amounts_year_is_the_same_amount(sentence: str) -> None:
    claims = [c for c in tipcheck.extract(f"Andorra\n\n{sentence}\n", as_of="2023", doc_id="t")
              if c.property == "funding.victim_assistance"]  # fmt: skip
    got = {(c.value.unit, c.value.stated) for c in claims}  # type: ignore[union-attr]
    assert got == {("EUR", 185000), ("USD", 200000)}
