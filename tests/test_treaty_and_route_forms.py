"""Treaty events and routes in the forms treaty bodies, translations and encyclopedias use: an
accession as a noun with its actor after "by", "adhered to" (a translation's "acceded to"), a
date before the instrument with no actor in reach, a dash's aside after the title, "signed …
and ratified it"; origins named by a quantifier or an aside ("most came from A and B", "foreign
nationals, most of them from A") and victims "bound for" a destination. And a year said
relative to the one the sentence has just stated ("the previous year")."""

from __future__ import annotations

import pytest

import tipcheck
from tipcheck.values import Comparison, EntitySet


def _events(text: str) -> list[tuple[str | None, str]]:
    return [
        (c.subject.name if c.subject else None, c.value.describe())
        for c in tipcheck.extract(text, as_of="2023", doc_id="t")
        if c.property == "treaty.ratified"
    ]


@pytest.mark.parametrize(
    ("sentence", "when"),
    [
        ("The Committee welcomes the accession by the State party to the Protocol to Prevent, "
         "Suppress and Punish Trafficking in Persons, Especially Women and Children, "
         "supplementing the United Nations Convention against Transnational Organized Crime, "
         "in October 2020.", "October 2020"),
        ("This archipelago of some 870,000 inhabitants adhered in February 2021 to the Palermo "
         "Protocol.", "February 2021"),
        ("Fiji adhered to the Palermo Protocol in March 2017.", "March 2017"),
        ("Fiji signed the UN Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
         "Especially Women and Children (the 2000 UN TIP Protocol) in December 2000 and "
         "ratified it in May 2012.", "May 2012"),
        ("Fiji ratified the United Nations Protocol to Prevent, Suppress and Punish Trafficking "
         "in Persons, Especially Women and Children – usually called the Palermo Protocol – on "
         "21 May 2004.", "21 May 2004"),
        ("Fiji ratified the UN's Palermo trafficking protocol in September 2003.", "September 2003"),
    ],
)  # fmt: skip
def test_treaty_events_in_the_forms_of_other_genres(sentence: str, when: str) -> None:
    assert _events(f"Fiji\n\n{sentence}\n") == [("Fiji", when)]


def _members(text: str, prop: str) -> list[set[str]]:
    return [
        {m.name for m in c.value.members}
        for c in tipcheck.extract(text, as_of="2023", doc_id="t")
        if c.property == prop and isinstance(c.value, EntitySet)
    ]


@pytest.mark.parametrize(
    ("sentence", "prop", "members"),
    [
        ("Of the 27, 16 were women and 11 men; most came from Romania and Nigeria.",
         "route.origins", {"Romania", "Nigeria"}),
        ("All were foreign nationals, most of them from Colombia, Morocco and the Philippines.",
         "route.origins", {"Colombia", "Morocco", "Philippines"}),
        ("Most were foreign nationals, chiefly from Jamaica and Guyana.",
         "route.origins", {"Jamaica", "Guyana"}),
        ("Traffickers use the country as a transit point for victims bound for the United States "
         "and Canada.", "route.destinations", {"United States", "Canada"}),
    ],
)  # fmt: skip
def test_origins_and_destinations_named_in_passing(
    sentence: str, prop: str, members: set[str]
) -> None:
    assert members in _members(f"Iceland\n\n{sentence}\n", prop)


def test_the_previous_year_is_the_year_before_the_one_just_stated() -> None:
    """ "Last year … 14 victims — nine women, three men and one girl — twice as many as the
    seven identified the previous year": the seven are 2023's (a March 2025 text), and the
    multiple is said of the 14, not of the aside's 3."""
    text = (
        "Saint Kitts and Nevis FAQ\n\nPublished 3 March 2025\n\nLast year the police identified "
        "14 victims — nine women, three men and one girl — twice as many as the seven "
        "identified the previous year.\n"
    )
    claims = tipcheck.extract(text, doc_id="t")
    seven = [c for c in claims if c.value.describe() == "7" and c.property == "victims.identified"]
    assert [c.period.iso for c in seven if c.period] == ["2023"]
    (cmp,) = [c for c in claims if isinstance(c.value, Comparison)]
    assert cmp.value.base.describe() == "14"  # type: ignore[union-attr]
    assert cmp.value.ref_period is not None and cmp.value.ref_period.iso == "2023"  # type: ignore[union-attr]
