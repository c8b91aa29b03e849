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


def test_every_country_has_a_demonym_and_an_origin_list_does_not_outvote_it() -> None:
    text = (
        "Ministry of Justice\n\nDate: 14 March 2024\n\nThe Danish National Police reported that 97 "
        "persons were identified as victims in 2023. The majority of the victims came from Nigeria, "
        "Romania, Thailand and Uganda.\n"
    )
    subjects = {c.subject.name for c in tipcheck.extract(text, doc_id="a") if c.subject}
    assert subjects == {"Denmark"}


def test_a_name_wrapped_at_a_line_end_is_still_the_name() -> None:
    text = (
        "Finland\n\nPublished 1 June 2023\n\nFinland ratified the United Nations Protocol to Prevent, "
        "Suppress and Punish Trafficking in\nPersons, Especially Women and Children, supplementing the "
        "United Nations Convention against\nTransnational Organized Crime, in September 2006.\n"
    )
    [c] = [c for c in tipcheck.extract(text, doc_id="f") if c.property == "treaty.ratified"]
    assert c.value.to_json()["when"] == "2006-09"  # type: ignore[union-attr]


def test_an_apposition_after_the_instrument() -> None:
    text = (
        "Chad\n\nPublished 28 June 2023\n\nChad acceded to the Palermo Protocol, the 2000 United "
        "Nations protocol on trafficking in persons, in February 2010.\n"
    )
    [c] = [c for c in tipcheck.extract(text, doc_id="c") if c.property == "treaty.ratified"]
    assert c.value.to_json()["when"] == "2010-02"  # type: ignore[union-attr]
