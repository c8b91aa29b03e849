"""A participle right after a count's noun ("212 calls related to trafficking", "12 victims
trafficked to …") is a reduced relative clause when the clause's verb came before the figure;
a figure with a verb of its own ("two officers fled") is still no count of another verb."""

from __future__ import annotations

import pytest

import tipcheck


def _counts(text: str) -> set[tuple[str, float]]:
    return {
        (c.property, c.value.stated)  # type: ignore[union-attr]
        for c in tipcheck.extract(text, doc_id="d")
        if c.extractor == "count"
    }


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("In 2019 the helpline received 212 calls related to trafficking.", ("hotline.calls", 212)),
        (
            "In 2020 police identified 12 victims trafficked to Thailand.",
            ("victims.identified", 12),
        ),
        ("In 2020 the police recorded 17 cases of human trafficking.", ("law.cases_opened", 17)),
    ],
)
def test_participle_after_the_noun(text: str, want: tuple[str, float]) -> None:
    assert want in _counts(text)


def test_a_figure_with_its_own_verb_is_not_counted_by_another() -> None:
    assert ("victims.identified", 2) not in _counts("In 2019 two victims escaped from the shelter.")


def test_the_conviction_of_n_persons_is_a_count_and_names_the_compared_figure() -> None:
    text = (
        "Prosecutors opened 41 investigations in 2021 and secured the conviction of 11 persons, "
        "compared with six in 2020."
    )
    got = {(c.property, c.value.stated) for c in tipcheck.extract(text, doc_id="d")}  # type: ignore[union-attr]
    assert ("law.convictions", 11) in got and ("law.convictions", 6) in got
    assert ("law.investigations", 6) not in got
