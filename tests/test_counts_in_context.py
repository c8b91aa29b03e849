"""Counts stated the way writers state them when the figure is not simply "N nouns VERBed":
the figure a trend reaches ("Investigations rose to 18 in 2021"), a trend whose later end is
dated by its clause ("… to 14 last year"), the measure's noun phrase holding its verb ("47
persons were identified as victims"), the parts of a figure named again ("Of the four,
three …"), a figure whose noun is the group before it ("Of the 31 victims identified, 22
received assistance"), and an organisation's own figures in the first person. Each with the
look-alikes that must stay no count."""

from __future__ import annotations

from pathlib import Path

import pytest

import tipcheck
from test_zero_counts import _counts as zero_counts
from tipcheck.values import Breakdown

HEAD = "Nordland report\n\nPublished 1 June 2022\n\n"


def _claims(text: str) -> list[tipcheck.Claim]:
    return tipcheck.extract(HEAD + text, doc_id="d")


def _counts(text: str) -> set[tuple[str, float, str | None]]:
    return zero_counts(HEAD + text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Investigations rose to 18 in 2021.", ("law.investigations", 18, "2021")),
        ("Investigations\nrose to 18 in 2021, and courts met.", ("law.investigations", 18, "2021")),
        ("Calls to the national hotline rose to 143 last year.", ("hotline.calls", 143, "2021")),
        ("In 2020 convictions fell sharply to three.", ("law.convictions", 3, "2020")),
        ("Prosecutions have risen to 40 in 2021.", ("law.prosecutions", 40, "2021")),
        # an aside in brackets is no part of the trend's subject
        (
            "Calls to the national child helpline (toll-free 188) rose to 96 last year.",
            ("hotline.calls", 96, "2021"),
        ),
        (
            "Calls to the toll-free line 1313 rose from 905 in 2020 to 1,046 last year.",
            ("hotline.calls", 1046, "2021"),
        ),
        # the later end of a trend dated by its clause
        (
            "Investigations rose from nine in 2019 to 14 last year.",
            ("law.investigations", 14, "2021"),
        ),
        (
            "Investigations rose from nine in 2019 to 14 last year.",
            ("law.investigations", 9, "2019"),
        ),
    ],
)
def test_the_figure_a_trend_reaches(text: str, want: tuple[str, float, str]) -> None:
    assert want in _counts(text)


@pytest.mark.parametrize(
    "text",
    [
        "The share of convictions rose to 18 percent in 2021.",  # a share, not a count
        "Funding for victim services rose to US$18,000 in 2021.",  # money
        "Investigations were delayed until 2021 and rose to 2021 levels.",  # a year
        # the trend's subject is the last noun phrase, not a measure named earlier
        "Police identified 52 victims and the backlog rose to 18 in 2021.",
    ],
)
def test_no_trend_target(text: str) -> None:
    got = _counts(text)
    assert not any(n == 18 for _p, n, _y in got), got


def test_the_compared_figure_is_of_the_trend_measure() -> None:
    got = _counts(
        "Investigations rose to 18 in 2021, a 50 per cent increase on the 15 recorded in 2020."
    )
    assert ("law.investigations", 15, "2020") in got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "A total of 47 persons were identified as alleged victims of trafficking in 2021.",
            ("victims.identified", 47, "2021"),
        ),
        (
            "Prosecutors brought cases against 11 suspects in 2021.",
            ("law.prosecutions", 11, "2021"),
        ),
        ("Convictions were secured against four persons in 2021.", ("law.convictions", 4, "2021")),
        (
            "In 2021 two suspects were brought before the Supreme Court.",
            ("law.prosecutions", 2, "2021"),
        ),
        ("The government continued to operate one shelter.", ("protection.shelters", 1, "2022")),
        (
            "Three specialised accommodation centres operated in 2021.",
            ("protection.shelters", 3, "2021"),
        ),
    ],
)
def test_verbs_and_nouns_of_other_constructions(text: str, want: tuple[str, float, str]) -> None:
    assert want in _counts(text)


@pytest.mark.parametrize(
    "text",
    [
        "The government plans to operate one shelter.",  # an aim
        "Counties with no recorded case in 2021 are not shown.",  # no count of the country's
        "In 2021 this is equivalent to 9.1 identified victims per million inhabitants.",  # a rate
        "In 2021 the SOS line 0800 11 111 received 412 calls.",  # a telephone number
    ],
)
def test_no_count_there(text: str) -> None:
    got = _counts(text)
    assert not any(n in (1, 9.1, 11, 111) and p != "hotline.calls" for p, n, _y in got), got
    assert not any(p == "hotline.calls" and n != 412 for p, n, _y in got), got


def _breakdowns(text: str) -> list[tuple[str, float, list[float], bool]]:
    out = []
    for c in _claims(text):
        if isinstance(c.value, Breakdown):
            bd = c.value
            out.append(
                (c.property, bd.total.stated, [p.amount.stated for p in bd.parts], bd.partition)
            )  # type: ignore[union-attr]
    return out


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Courts convicted four traffickers in 2021. Of the four, three received prison terms "
            "of five to eight years and one received a suspended sentence.",
            ("sentences.breakdown", 4, [3, 1], True),
        ),
        (
            "Courts convicted four traffickers in 2021. Of the four convicted, three received "
            "prison sentences of eight to 12 years and one a suspended sentence.",
            ("sentences.breakdown", 4, [3, 1], True),
        ),
        (
            "Police identified 47 victims in 2021. Of the 47, 26 (55 per cent) were women and "
            "21 (45 per cent) were men.",
            ("victims.breakdown", 47, [26, 21], True),
        ),
    ],
)
def test_parts_of_a_figure_named_again(
    text: str, want: tuple[str, float, list[float], bool]
) -> None:
    assert want in _breakdowns(text)


def test_a_figure_named_again_must_be_that_figure() -> None:
    text = (
        "Courts convicted four traffickers in 2021. Of the five, three were fined and two jailed."
    )
    assert _breakdowns(text) == []


def test_a_figure_of_the_group_before_it() -> None:
    got = _counts(
        "Police identified 31 victims in 2021. Of the 31 victims identified, 22 received assistance."
    )
    assert ("victims.assisted", 22, "2021") in got
    # what victims receive that is not assistance
    got = _counts("Police identified 31 victims in 2021. Of them, 12 received compensation.")
    assert not any(p == "victims.assisted" for p, _n, _y in got), got


def test_a_group_joined_by_or_is_the_group_of_both() -> None:
    facets = {
        c.quote: c.facet
        for c in _claims(
            "Police identified 42 victims in 2021: 27 were women or girls and 15 were men or boys."
        )
        if c.extractor == "breakdown" and c.facet
    }
    assert facets == {"27 were women or girls": "female", "15 were men or boys": "male"}


def test_first_person_counts_are_the_writers_own() -> None:
    ngo = (
        "Our year\n\nPublished 1 June 2022\n\nIn Nordland we supported 148 survivors in 2021. Our "
        "shelter is full and we need support."
    )
    ours = [c for c in tipcheck.extract(ngo, doc_id="ngo") if c.property == "victims.assisted"]
    assert ours and all(c.object is not None and c.object.kind == "writer" for c in ours)
    theirs = [
        c
        for c in _claims("In 2021 the government assisted 184 victims.")
        if c.property == "victims.assisted"
    ]
    assert theirs and all(c.object is None for c in theirs)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("According to the 2021 census, Croatia had a population of 3,871,833.", "2021"),
        ("Ireland recorded a population of 5.15 million at Census 2022.", "2022"),
        ("Croatia had a population of 3,871,833 in 2021.", "2021"),
        ("Croatia has a population of 3,871,833.", "2022"),  # the document's date
    ],
)
def test_a_census_dates_the_population_beside_it(text: str, year: str) -> None:
    [c] = [c for c in _claims(text) if c.property == "stat.population"]
    assert c.period is not None and c.period.iso == year


def _money(text: str) -> set[tuple[str, float, str | None, str | None]]:
    return {
        (c.property, c.value.stated, c.value.unit, c.period.iso if c.period else None)  # type: ignore[union-attr]
        for c in _claims(text)
        if c.extractor == "money"
    }


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the purpose before an amount a trend reaches; a short scale after a symbol
        (
            "Funding for NGO-run victim services rose to €1.2m last year.",
            ("funding.victim_assistance", 1_200_000, "EUR", "2021"),
        ),
        (
            "The government funded NGOs with US$85,000 in 2020.",
            ("funding.ngo", 85_000, "USD", "2020"),
        ),
        # the purpose nearest the amount: the NGOs it went to, not the work they do
        (
            "In 2021 it allocated EUR 520,000 to NGOs providing assistance to victims.",
            ("funding.ngo", 520_000, "EUR", "2021"),
        ),
        # a currency since replaced by the euro, by code and by name
        (
            "In 2020 it gave HRK 1.65 million to shelters.",
            ("funding.shelters", 1_650_000, "HRK", "2020"),
        ),
        (
            "In 2020 it gave 1.65 million Croatian kuna to shelters.",
            ("funding.shelters", 1_650_000, "HRK", "2020"),
        ),
        # the compared amount of the same purpose, for its own year
        (
            "Funding to NGOs amounted to €1.2 million in 2022, compared with the €950,000 provided in 2021.",
            ("funding.ngo", 950_000, "EUR", "2021"),
        ),
    ],
)
def test_money_as_writers_state_it(text: str, want: tuple[str, float, str, str]) -> None:
    assert want in _money(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The country's only shelter for trafficking victims is run by an NGO.",
            ("protection.shelters", 1, "2022"),
        ),
        ("It remained the only shelter in the country.", ("protection.shelters", 1, "2022")),
        ("NGOs ran a single shelter in the capital.", ("protection.shelters", 1, "2022")),
        # a group named after the figure, counted by the clause's own (last) verb
        (
            "Last year, 64 of the identified victims accepted an offer of support.",
            ("victims.assisted", 64, "2021"),
        ),
        (
            "Only 12 of the 19 victims identified in 2020 received assistance.",
            ("victims.assisted", 12, "2020"),
        ),
        # a figure in a "when" clause hung on a reference year is that year's
        (
            "Three persons were convicted last year, three times as many as in 2020, when a single "
            "trafficker was convicted.",
            ("law.convictions", 1, "2020"),
        ),
    ],
)
def test_figures_stated_without_a_number_before_their_noun(
    text: str, want: tuple[str, float, str]
) -> None:
    assert want in _counts(text)


@pytest.mark.parametrize(
    "text",
    [
        "The only shelters in the country are full.",  # plural: not one
        "Foreign nationals accounted for 11 of the victims identified in 2021.",  # the object
        "Roughly one in three of the women identified in 2021 never received help.",  # a ratio
        "Only 12 of the 116 people convicted in 2014 received prison terms of more than ten years.",
        "Police identified 31 victims in 2021. Of them, 12 of the victims received compensation.",
    ],
)
def test_no_figure_of_a_group_there(text: str) -> None:
    got = _counts(text)
    assert not any(n in (1, 11, 3, 12) for _p, n, _y in got), got


def test_the_change_a_trend_with_both_ends_amounts_to_is_checked(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text(
        "Finland report\n\nPublished 1 June 2022\n\nIn Finland, investigations rose from 8 in 2020 "
        "to 14 in 2021, which corresponds to an increase of 50 per cent. Convictions rose from 10 "
        "in 2020 to 15 in 2021, a 50% increase.\n",
        encoding="utf-8",
    )
    found = [f.message for f in tipcheck.check([str(p)]).findings if f.kind == "arithmetic"]
    assert len(found) == 1 and "8" in found[0] and "14" in found[0]


def test_nationals_counted_by_another_country_are_not_its_count() -> None:
    got = _counts("Argentina's national rescue programme identified 61 Bolivian victims in 2021.")
    assert not any(n == 61 for _p, n, _y in got), got
    mine = tipcheck.extract(
        "Mauritius\n\nPublished 1 June 2022\n\nIn 2021 police identified 14 Mauritian children.",
        doc_id="m",
    )
    assert any(c.value.stated == 14 and c.facet == "children" for c in mine)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Vanuatu is a country of about 300,000 people spread across 83 islands.", 300_000),
        (
            "Seychelles is an archipelago of 115 islands that had 100,447 residents at the 2022 census.",
            100_447,
        ),
        ("Liechtenstein is a principality of 39,055 inhabitants at the end of 2020.", 39_055),
        ("The Maldives has a resident population of 515,132.", 515_132),
        ("Chad has an estimated population of 17.7 million.", 17_700_000),
    ],
)
def test_a_population_said_by_its_unit(text: str, want: float) -> None:
    assert any(c.property == "stat.population" and c.value.stated == want for c in _claims(text))  # type: ignore[union-attr]


def test_people_who_are_no_population() -> None:
    assert not any(
        c.property == "stat.population" for c in _claims("Police had 40 people in custody in 2021.")
    )


def test_no_one_convicted_and_the_previous_reporting_period() -> None:
    got = _counts(
        "No one was convicted last year. Police identified 40 victims in 2021, compared with 11 in the previous reporting period."
    )
    assert {("law.convictions", 0, "2021"), ("victims.identified", 11, "2020")} <= got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("In 2021 two persons were committed for trial.", ("law.prosecutions", 2, "2021")),
        ("Five cases went to trial in 2021.", ("law.prosecutions", 5, "2021")),
        (
            "Seven of the nine victims accepted the individual assistance programme in 2021.",
            ("victims.assisted", 7, "2021"),
        ),
    ],
)
def test_trials_and_accepted_assistance(text: str, want: tuple[str, float, str]) -> None:
    assert want in _counts(text)


def test_where_victims_were_recruited_is_where_they_come_from() -> None:
    text = (
        "Tuvalu\n\nPosted 1 May 2024\n\nIn Tuvalu most victims were fishermen, many of them "
        "recruited in Indonesia, Vietnam and the Philippines."
    )
    routes = [c for c in tipcheck.extract(text, doc_id="t") if c.property == "route.origins"]
    names = [sorted(m.name for m in c.value.members) for c in routes]  # type: ignore[union-attr]
    assert names == [["Indonesia", "Philippines", "Vietnam"]]
