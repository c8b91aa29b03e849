"""Constructions of spoken and semi-formal text (interviews, court summaries, project reports),
each as a class with several phrasings: a verb split around its figure ("found four people
guilty"), stays in a shelter, cases that went to court, an official's "we" and "us" for the
state, a tier a country moved from, an edition's report as the subject of a present-tense
ranking, a population said of the country by name, and dollars a demonym names."""

from __future__ import annotations

import pytest

import tipcheck


def _claims(text: str, prop: str, as_of: str = "2024") -> list[tuple[str | None, str, str | None]]:
    return [
        (c.subject.name if c.subject else None, c.value.describe(), c.period.iso if c.period else None)
        for c in tipcheck.extract(text, as_of=as_of, doc_id="t")
        if c.property == prop
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "prop", "value"),
    [
        ("The court on Tuesday found four people guilty of trafficking.", "law.convictions", "4"),
        ("A jury found three defendants guilty of forced labour in 2023.", "law.convictions", "3"),
        ("Seven of the nine men stayed in the Government's safe house.", "victims.assisted", "7"),
        ("Twelve victims stayed at the shelter during the year.", "victims.assisted", "12"),
        ("Two cases went to court in 2023.", "law.prosecutions", "2"),
        ("Two trafficking cases reached the courts that year.", "law.prosecutions", "2"),
        ("The courts saw only four cases brought to trial in 2021.", "law.prosecutions", "4"),
        # an elided figure's participle with the previous figure's noun: calls received
        (
            "The hotline answered 312 calls, up 58 per cent on the 198 it received in 2023.",
            "hotline.calls",
            "198",
        ),
        (
            "Police sent five cases filed for prosecution to the Attorney-General.",
            "law.prosecutions",
            "5",
        ),
    ],
)
def test_counts_told_with_a_phrasal_verb(sentence: str, prop: str, value: str) -> None:
    got = _claims(f"Fiji\n\n{sentence}\n", prop)
    assert any(v == value for _, v, _ in got), got


@pytest.mark.parametrize(
    ("sentence", "tier", "year"),
    [
        ("The 2023 report upgraded Fiji to Tier 2, from Tier 3 in 2022.", "Tier 3", "2022"),
        ("It moved the country onto the Tier 2 Watch List, from Tier 2 in 2019.", "Tier 2", "2019"),
        (
            "The US State Department's 2023 Trafficking in Persons Report ranks it Tier 2.",
            "Tier 2",
            "2023",
        ),
        ("Its 2021 annual report placed the country on Tier 3.", "Tier 3", "2021"),
        ("In last year's report they kept us on Tier 2.", "Tier 2", "2023"),
    ],
)
def test_tiers_moved_from_ranked_by_an_edition_and_said_by_an_official(
    sentence: str, tier: str, year: str
) -> None:
    got = _claims(f"Fiji\n\nTranscript, broadcast 3 March 2024\n\n{sentence}\n", "tip.tier")
    assert ("Fiji", tier, year) in got, got


@pytest.mark.parametrize(
    "sentence",
    [
        "We acceded to the UN Trafficking Protocol in September 2014.",
        "KD: We ratified the Palermo Protocol in September 2014, and the law followed.",
    ],
)
def test_an_officials_we_is_the_state(sentence: str) -> None:
    got = _claims(f"Nauru\n\n{sentence}\n", "treaty.ratified")
    assert [(s, v) for s, v, _ in got] == [("Nauru", "September 2014")], got


@pytest.mark.parametrize(
    ("sentence", "value", "year"),
    [
        (
            "According to the 2021 Census of Population and Housing, Fiji had 884,887 residents.",
            "884,887",
            "2021",
        ),
        (
            "With an estimated 41,000 inhabitants in 2023, Fiji is among the smallest states.",
            "41,000",
            "2023",
        ),
        (
            "Kiribati, a nation of about 120,000 people scattered across 33 atolls, is poor.",
            "approximately 120,000",
            None,
        ),
    ],
)
def test_a_population_said_of_the_country(sentence: str, value: str, year: str | None) -> None:
    got = _claims(f"Report\n\n{sentence}\n", "stat.population", as_of="2024")
    assert any(v == value and (year is None or p == year) for _, v, p in got), got


def test_people_who_did_something_are_no_population() -> None:
    assert _claims("Fiji\n\nFiji had 300 people who were rescued.\n", "stat.population") == []


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("This year we set aside $250,000 Australian for victim support.", "AUD"),
        ("The ministry allocated $40,000 Canadian for victim support in 2023.", "CAD"),
        # a bare "$" stays US dollars (the TIP report's convention); a code or symbol says which
        ("The government allocated $250,000 for victim support in 2023.", "USD"),
        ("The government allocated A$250,000 for victim support in 2023.", "AUD"),
    ],
)
def test_dollars_a_demonym_after_the_amount_names(sentence: str, unit: str) -> None:
    claims = [c for c in tipcheck.extract(f"Nauru\n\n{sentence}\n", as_of="2024", doc_id="t")
              if c.property == "funding.victim_assistance"]  # fmt: skip
    assert [c.value.unit for c in claims] == [unit]  # type: ignore[union-attr]


def test_a_section_number_is_no_figure() -> None:
    """ "4.2 Of the 214 victims identified, …": a numbered section's marker, not a count; a
    figure at a line's start before a lowercase word still is one ("4.2 million people")."""
    text = (
        "Report\n\n4.2 Of the 214 victims identified in 2022, 121 were women and 93 men.\n\n"
        "4.2 million people lived in the country in 2022.\n"
    )
    claims = tipcheck.extract(text, as_of="2023", doc_id="t")
    assert not any(c.value.describe() == "4.2" and c.property.startswith("victims") for c in claims)
    assert any(c.quote.startswith("214") or "214" in c.quote for c in claims)


def test_a_breakdown_header_counted_by_another_verb_breaks_that_measure_down() -> None:
    text = "Algeria\n\nIn 2022, IOM assisted 64 victims of trafficking: 35 women, 17 men and 12 children.\n"
    claims = tipcheck.extract(text, as_of="2023", doc_id="t")
    sixty_four = {c.property for c in claims if c.value.describe() == "64"}
    assert sixty_four == {"victims.assisted"}
