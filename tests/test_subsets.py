"""Figures that are parts of something else are not rival totals: a count within a group is a
lower bound for the whole, and parts from two facet families overlap (no breakdown)."""

from __future__ import annotations

from pathlib import Path

import tipcheck
from tipcheck.values import Breakdown


def _codes(tmp_path: Path, a: str, b: str) -> list[str]:
    (tmp_path / "a.txt").write_text(a, encoding="utf-8")
    (tmp_path / "b.txt").write_text(b, encoding="utf-8")
    report = tipcheck.check([tmp_path], isolated=True, duplicates=False)
    return [f.rule for f in report.findings]


SUBSET = (
    "Fiji report, published 2021.\n\nIn 2020 the police of Fiji identified 30 victims; 12 of "
    "them were assisted by the shelter.\n"
)


def test_a_count_within_a_group_is_no_rival_to_a_larger_total(tmp_path: Path) -> None:
    other = "Fiji news, published 2021.\n\nIn 2020 Fiji assisted 45 victims of trafficking.\n"
    assert _codes(tmp_path, SUBSET, other) == []


def test_a_smaller_total_than_the_count_within_a_group_still_conflicts(tmp_path: Path) -> None:
    other = "Fiji news, published 2021.\n\nIn 2020 Fiji assisted 5 victims of trafficking.\n"
    assert _codes(tmp_path, SUBSET, other) == ["TC103"]


def _breakdowns(text: str) -> list[Breakdown]:
    return [c.value for c in tipcheck.extract(text, as_of="2021") if isinstance(c.value, Breakdown)]


def test_parts_from_two_facet_families_are_no_breakdown() -> None:
    text = "In Fiji, of the 30 victims identified in 2020, 12 were children and 25 were citizens of Fiji."
    assert _breakdowns(text) == []


def test_parts_of_one_family_are_still_a_breakdown() -> None:
    text = "In Fiji, of the 30 victims identified in 2020, 12 were women, 10 girls and 3 men."
    got = _breakdowns(text)
    assert len(got) == 1 and [p.amount.stated for p in got[0].parts] == [12, 10, 3]


def _facets(text: str) -> set[tuple[str, str | None, float]]:
    return {
        (c.property, c.facet, c.value.stated)  # type: ignore[union-attr]
        for c in tipcheck.extract("# Trafficking in Estonia\n\n" + text, doc_id="d")
        if c.facet is not None
    }


def test_group_figures_within_a_count_stated_before() -> None:
    got = _facets(
        "In 2022 police identified 40 victims. 31 of the victims were women and 9 were children."
    )
    assert got == {("victims.identified", "women", 31), ("victims.identified", "children", 9)}


def test_a_subset_naming_its_count() -> None:
    got = _facets(
        "In 2021 police identified 46 victims, up from 42 in 2020. Eight of the 46 were foreign nationals."
    )
    assert got == {("victims.identified", "foreign", 8)}


def test_a_subset_of_something_else_is_no_group_figure() -> None:
    assert (
        _facets("In 2021 police identified 40 victims. Twelve of the officers were women.") == set()
    )
    assert (
        _facets("In 2021 police identified 40 victims. Six of the 12 shelters were full.") == set()
    )
