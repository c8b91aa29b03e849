"""One value per period (TC103): a bound between two conflicting figures must not hide them."""

from __future__ import annotations

import tipcheck
from tipcheck.checks.contradictions import check_contradictions


def _tc103(*texts: str) -> list[str]:
    claims = [
        c
        for i, t in enumerate(texts)
        for c in tipcheck.extract(f"Moldova\n\n{t}", as_of="2016", doc_id=f"d{i}.txt")
    ]
    found = check_contradictions(claims, tipcheck.load_rules())
    return [f.message for f in found if f.rule == "TC103"]


A = "In 2015 Moldova identified {} victims of trafficking."


def test_a_bound_between_two_figures_does_not_join_them() -> None:
    got = _tc103(A.format("320"), A.format("410"), A.format("more than 300"))
    assert len(got) == 1 and "320" in got[0] and "410" in got[0]
    assert "more than 300" not in got[0]  # it admits both: it takes no side


def test_an_approximate_figure_between_two_figures_does_not_join_them() -> None:
    got = _tc103(A.format("320"), A.format("345"), A.format("about 330"))
    assert len(got) == 1 and "320" in got[0] and "345" in got[0]


def test_a_bound_sides_with_the_figure_it_admits() -> None:
    (msg,) = _tc103(A.format("320"), A.format("410"), A.format("fewer than 350"))
    assert "less than 350 / 320 (d0.txt, d2.txt) vs 410 (d1.txt)" in msg


def test_a_bound_is_reported_against_the_figure_it_excludes() -> None:
    (msg,) = _tc103(A.format("250"), A.format("more than 300"))
    assert "250" in msg and "more than 300" in msg


def test_a_lower_bound_compatible_with_a_figure_is_no_conflict() -> None:
    assert _tc103(A.format("320"), A.format("at least 300"), A.format("more than 310")) == []
