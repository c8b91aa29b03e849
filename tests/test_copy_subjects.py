"""Whom a copy is about (checks/copies/subjects.py), end to end: claims say each passage's
subject, and copies of one template about different countries are the shared template, never
drift, while a copy about the same country stays a copy with its drift.

Each folder of tests/cases/subjects/ holds invented documents and an expect.toml: `rules`, the
sorted codes of every duplicate and drift finding the folder gives, optional `[[quote]]`
items (a drift finding's exact words on both sides) and `[[places]]` items (how many passages
a finding of that rule shows, and says it found)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from _dup_helpers import assert_quotes
from tipcheck.checks.copies.subjects import Subjects
from tipcheck.claims import Basis, Claim, Why
from tipcheck.engine import check
from tipcheck.values import Entity, EntitySet, Quantity

CASES = Path(__file__).parent / "cases" / "subjects"


def _case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", _case_dirs(), ids=lambda p: p.name)
def test_case(case: Path) -> None:
    expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    report = check([case], exclude=lambda d: d.endswith(".toml"))
    found = [f for f in report.findings if f.kind in ("duplicate", "drift")]
    got = sorted(f.rule for f in found)
    assert got == sorted(expect["rules"]), [f"{f.rule} {f.message}" for f in found]
    assert_quotes(found, expect)
    for p in expect.get("places", []):
        assert [len(f.evidence) for f in found if f.rule == p["rule"]] == [p["count"]], p
        assert f"found in {p['count']} places" in next(
            f.message for f in found if f.rule == p["rule"]
        )


def _country(code: str) -> Entity:
    return Entity(f"country:{code}", code, "country")


def _claim(doc: str, start: int, code: str, source: str, *, route: bool = False) -> Claim:
    value = EntitySet(frozenset([_country("ZZZ")])) if route else Quantity(1, 1, 1)
    return Claim(
        doc=doc,
        start=start,
        end=start + 5,
        line=1,
        quote="x",
        subject=_country(code),
        property="route.origins" if route else "victims.identified",
        value=value,
        period=None,
        as_of=None,
        extractor="test",
        why=Why(subject=Basis(source)),
    )


def test_a_passage_with_claims_of_its_own_is_theirs() -> None:
    s = Subjects([_claim("a", 10, "AAA", "clause"), _claim("a", 500, "BBB", "clause")])
    assert s.at("a", 0, 100) == "country:AAA"
    assert s.at("a", 400, 600) == "country:BBB"


def test_the_title_country_is_the_documents_own() -> None:
    claims = [_claim("a", 10, "NPL", "title")]
    claims += [_claim("a", 100 + i, "IND", "clause", route=True) for i in range(3)]
    s = Subjects(claims)
    assert s.at("a", 200, 300) == "country:NPL"  # a passage with no claim of its own


def test_route_claims_do_not_vote_for_the_document() -> None:
    claims = [_claim("a", 10, "NPL", "clause"), _claim("a", 20, "NPL", "clause")]
    claims += [_claim("a", 100 + i, "IND", "clause", route=True) for i in range(5)]
    assert Subjects(claims).at("a", 200, 300) == "country:NPL"


def test_defaults_do_not_vote_for_themselves() -> None:
    # claims whose subject is the document's default (the country it names most) do not add
    # to a majority; when that country is not the majority's, the document has none
    claims = [_claim("a", 10, "SEN", "clause"), _claim("a", 20, "SEN", "clause")]
    claims += [_claim("a", 100 + i, "GMB", "document") for i in range(4)]
    assert Subjects(claims).at("a", 200, 300) is None
    agree = [*claims[:2], *(_claim("a", 100 + i, "SEN", "document") for i in range(4))]
    assert Subjects(agree).at("a", 200, 300) == "country:SEN"


def test_a_document_without_stated_subjects_is_about_the_country_it_names_most() -> None:
    claims = [_claim("a", 100 + i, "PAN", "document") for i in range(3)]
    claims += [_claim("a", 50, "COL", "clause", route=True)]
    assert Subjects(claims).at("a", 200, 300) == "country:PAN"


def test_a_document_split_between_countries_has_no_own_country() -> None:
    claims = [_claim("a", i, "SEN", "clause") for i in range(3)]
    claims += [_claim("a", 10 + i, "GMB", "clause") for i in range(3)]
    claims += [_claim("a", 20, "GNB", "clause")]
    s = Subjects([*claims, _claim("b", 0, "SEN", "clause")])
    assert s.at("a", 100, 200) is None
    assert not s.differ(("a", 100, 200), ("b", 100, 200))


def test_a_route_in_a_passage_does_not_say_whom_it_is_about() -> None:
    # "Senegal is a destination for boys from Guinea-Bissau" in one copy, "Guinea-Bissau is
    # the source of boys sent to Senegal" in the other: one route, phrased from either side
    a = [_claim("a", 0, "SEN", "title"), _claim("a", 120, "SEN", "clause", route=True)]
    b = [_claim("b", 0, "SEN", "title"), _claim("b", 130, "GNB", "clause", route=True)]
    s = Subjects(a + b)
    assert s.at("a", 100, 200) == s.at("b", 100, 200) == "country:SEN"
    assert not s.differ(("a", 100, 200), ("b", 100, 200))
