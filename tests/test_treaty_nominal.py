"""Treaty events told as nouns: "X's accession to the Protocol in 2004", "following its
ratification of the Protocol, in May 2004", "the ratification … took place in 2004"."""

from __future__ import annotations

import pytest

import tipcheck

HEAD = "# Trafficking in Estonia\n\nThe UN Trafficking Protocol was adopted in 2000.\n\n"


def _events(text: str) -> list[tuple[str, str]]:
    return [
        (c.subject.name if c.subject else "", c.value.when.iso if c.value.when else "")  # type: ignore[union-attr]
        for c in tipcheck.extract(HEAD + text, doc_id="d")
        if c.property == "treaty.ratified"
    ]


@pytest.mark.parametrize(
    ("text", "who", "when"),
    [
        (
            "Latvia's accession to the Palermo Protocol in 2004 followed years of debate.",
            "Latvia",
            "2004",
        ),
        (
            "Following its ratification of the Protocol, in May 2004, the government adopted a plan.",
            "Estonia",
            "2004-05",
        ),
        ("Latvia's ratification of the Protocol took place in March 2005.", "Latvia", "2005-03"),
        (
            "Since its accession to the Palermo Protocol in 2004, the country has reported yearly.",
            "Estonia",
            "2004",
        ),
    ],
)
def test_nominal_treaty_events(text: str, who: str, when: str) -> None:
    got = _events(text)
    assert len(got) == 1, got
    assert got[0][0] == who
    assert got[0][1] == when


@pytest.mark.parametrize(
    "text",
    [
        "NGOs urged ratification of the Protocol in 2004 debates.",
        "The ministry discussed the accession of new members to the committee in 2004.",
        "Estonia joined the regional task force in 2008.",
    ],
)
def test_ratification_talk_is_no_event(text: str) -> None:
    assert _events(text) == []
