"""A count of none ("did not convict any traffickers in 2019", "identified no victims") is the
figure 0 for its measure and year — the commonest way a report states a zero, and the side of
a conflict with "convicted three traffickers in 2019". A negative word that is no count of none
("no more than five", "no victim identification procedure", "no convictions of officials") is
not read as one."""

from __future__ import annotations

import pytest

import tipcheck


def _counts(text: str) -> set[tuple[str, float, str | None]]:
    return {
        (c.property, c.value.stated, str(c.period.start.year) if c.period else None)  # type: ignore[union-attr]
        for c in tipcheck.extract(text, doc_id="d")
        if c.extractor == "count"
    }


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The government did not convict any traffickers in 2019.", ("law.convictions", 0, "2019")),
        ("In 2017 no trafficker was convicted.", ("law.convictions", 0, "2017")),
        ("Police identified no victims in 2016.", ("victims.identified", 0, "2016")),
        ("Authorities never identified any victims in 2015.", ("victims.identified", 0, "2015")),
        (
            "Prosecutions rose in 2015, compared with no convictions in 2014.",
            ("law.convictions", 0, "2014"),
        ),
        ("In 2021 the courts failed to convict any traffickers.", ("law.convictions", 0, "2021")),
        ("There were zero convictions in 2022.", ("law.convictions", 0, "2022")),
        ("In 2023 the police didn't identify any victims.", ("victims.identified", 0, "2023")),
        # … its own verb after it ("gone to court": prosecuted), the other clause's aside
        (
            "In 2003 officials investigated several reports of trafficking, no cases have yet "
            "gone to court.",
            ("law.prosecutions", 0, "2003"),
        ),
    ],
)
def test_a_count_of_none_is_zero(text: str, want: tuple[str, float, str]) -> None:
    assert want in _counts(text)


def test_each_coordinated_year_gets_the_zero() -> None:
    got = _counts("The government did not convict any traffickers in 2019 or 2018.")
    assert {("law.convictions", 0, "2019"), ("law.convictions", 0, "2018")} <= got
    got = _counts("Courts convicted no traffickers in 2016, 2017 and 2018.")
    assert {("law.convictions", 0, y) for y in ("2016", "2017", "2018")} <= got


@pytest.mark.parametrize(
    "text",
    [
        # a bound, not none
        "Courts convicted no more than five traffickers in 2013.",
        "In 2013 no fewer than 40 victims were identified.",
        # a noun that merely starts with a count noun's word
        "In 2020 there was no victim identification procedure.",
        # a group of its own, not the country's count as a whole
        "The government did not report any investigations, prosecutions or convictions of "
        "officials complicit in trafficking in 2020.",
        "In 2020 the government reported no convictions of government employees.",
        # no count noun after the negative
        "In 2019 the government did not report any data.",
        "No longer were victims detained in 2019.",
        # the verb before belongs to another clause ("reports" is no reporting verb here)
        "In 2003 officials investigated several reports of trafficking, no cases have yet been "
        "heard.",
    ],
)
def test_not_a_count_of_none(text: str) -> None:
    assert not {c for c in _counts(text) if c[1] == 0}, _counts(text)


# A rule's `not_with` objects make the verb another predicate: a victim who received
# compensation or a permit is not a count of victims assisted; the same victims assisted by a
# verb before the figure still are, whatever follows the noun.
@pytest.mark.parametrize(
    "text",
    [
        "In 2021, 12 victims received compensation.",
        "Courts awarded restitution to nine victims in 2020.",
        "In 2019 the ministry granted residence permits to 14 victims.",
        "No victim received compensation in 2018.",
    ],
)
def test_a_count_with_another_object_is_not_assisted(text: str) -> None:
    assert not {c for c in _counts(text) if c[0] == "victims.assisted"}, _counts(text)


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("In 2021 the government provided shelter to 12 victims.", 12),
        ("NGOs assisted 15 victims in 2021 and helped them claim compensation.", 15),
        ("In 2021, 30 victims received shelter and medical care.", 30),
    ],
)
def test_assistance_is_still_assistance(text: str, n: int) -> None:
    assert ("victims.assisted", n, "2021") in _counts(text), _counts(text)
