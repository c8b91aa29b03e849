"""A pack word matches its British and American spellings (issue 11: word forms)."""

from __future__ import annotations

import re

import pytest

import tipcheck
from tipcheck.parse.spelling import spelling_pattern


@pytest.mark.parametrize(
    ("word", "others"),
    [
        ("organizations", ["organisations"]),
        ("criminalized", ["criminalised"]),
        ("recognizing", ["recognising"]),
        ("labor", ["labour"]),
        ("center", ["centre"]),
        ("centres", ["centers"]),
        ("offenses", ["offences"]),
        ("defense", ["defence"]),
        ("program", ["programme"]),
        ("programmes", ["programs"]),
        ("totaled", ["totalled"]),
        ("counselling", ["counseling"]),
    ],
)
def test_both_spellings_match(word: str, others: list[str]) -> None:
    rx = re.compile(spelling_pattern(word), re.I)
    for w in [word, *others]:
        assert rx.fullmatch(w), (word, w)


@pytest.mark.parametrize(
    "word", ["victims", "for", "four", "order", "rise", "visa", "colonel", "meter"]
)
def test_other_words_keep_their_letters(word: str) -> None:
    rx = re.compile(spelling_pattern(word), re.I)
    assert rx.fullmatch(word)
    assert not rx.fullmatch(word + "s" if not word.endswith("s") else word[:-1])


def test_a_british_spelling_meets_the_packs_purpose() -> None:
    text = "In 2021 the ministry allocated EUR 75,000 to non-governmental organisations."
    got = [c for c in tipcheck.extract(text, doc_id="d") if c.property == "funding.ngo"]
    assert [c.value.stated for c in got] == [75000]  # type: ignore[union-attr]
