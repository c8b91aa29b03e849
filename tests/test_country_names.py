"""Countries are found under the names writers use, not only ISO 3166's: the head of an
"X, Y" or "X (Y)" name when no other country shares it, "St." for "Saint", and the pack's
short and former names ("Brunei", "Cape Verde", "Macedonia", "DRC"). A head that two
countries share ("Congo") stays the country ISO calls so."""

from __future__ import annotations

import pytest

import tipcheck


def _subject(name: str) -> str | None:
    got = {c.subject.name if c.subject else None for c in tipcheck.extract(
        f"{name} identified 12 victims in 2020.", doc_id="d")}  # fmt: skip
    assert len(got) == 1, got
    return got.pop()


@pytest.mark.parametrize(
    ("written", "iso_name"),
    [
        ("Micronesia", "Micronesia, Federated States of"),
        ("Palestine", "Palestine, State of"),
        ("Holy See", "Holy See (Vatican City State)"),
        ("Vatican City State", "Holy See (Vatican City State)"),
        ("St. Lucia", "Saint Lucia"),
        ("St Kitts and Nevis", "Saint Kitts and Nevis"),
        ("St. Vincent and the Grenadines", "Saint Vincent and the Grenadines"),
        ("Brunei", "Brunei Darussalam"),
        ("Cape Verde", "Cabo Verde"),
        ("Macedonia", "North Macedonia"),
        ("DRC", "Congo, The Democratic Republic of the"),
        ("São Tomé and Príncipe", "Sao Tome and Principe"),
        ("Congo", "Congo"),
        ("Bolivia", "Bolivia"),
    ],
)
def test_a_country_under_the_name_writers_use(written: str, iso_name: str) -> None:
    assert _subject(written) == iso_name
