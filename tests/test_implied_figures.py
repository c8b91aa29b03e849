"""Figures whose noun or period is implied: a definite breakdown total carries the period of the
figure it refers back to, "the same number as in YEAR" restates the previous count for YEAR,
and "of whom N were <group>" is a group of the previous count."""

from __future__ import annotations

import tipcheck


def claims(text: str) -> list[tuple[str, float | None, str | None, str | None]]:
    out = []
    for c in tipcheck.extract(f"Moldova\n\n{text}", as_of="2020"):
        v = c.value
        n = getattr(v, "stated", None)
        if n is None and getattr(v, "total", None) is not None:
            n = v.total.stated  # type: ignore[union-attr]
        out.append((c.property, n, c.period.iso if c.period else None, c.facet))
    return out


def test_a_definite_total_carries_the_period_of_its_referent() -> None:
    text = (
        "Judges convicted 9 traffickers in 2018. Of the 9 convicted traffickers, two received "
        "suspended sentences, four received prison terms of up to five years and three longer terms."
    )
    assert ("sentences.breakdown", 9, "2018", None) in claims(text)


def test_an_indefinite_or_unmatched_total_takes_no_borrowed_period() -> None:
    text = (
        "Judges convicted 9 traffickers in 2018. Of the 12 convicted traffickers, two received "
        "suspended sentences, four received prison terms and six longer terms."
    )
    got = [c for c in claims(text) if c[0] == "sentences.breakdown"]
    assert got and all(c[2] != "2018" for c in got)


def test_the_same_number_as_in_a_year() -> None:
    got = claims(
        "In 2019 the police identified 31 victims of trafficking, the same number as in 2018."
    )
    assert ("victims.identified", 31, "2019", None) in got
    assert ("victims.identified", 31, "2018", None) in got


def test_no_restatement_without_the_phrase() -> None:
    got = claims("In 2019 the police identified 31 victims of trafficking, more than in 2018.")
    assert [c for c in got if c[2] == "2018"] == []


def test_of_whom_n_were_a_group() -> None:
    got = claims("The agency identified 120 victims in 2019, of whom 45 were women.")
    assert ("victims.identified", 45, "2019", "women") in got
    # a group the pack does not know is no claim
    got = claims("The agency identified 120 victims in 2019, of whom 45 were released.")
    assert [c for c in got if c[1] == 45] == []
