"""Extraction: the seed claims pinned with typed values and spans, tricky negatives, and
data-driven cases per extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

import tipcheck
from tipcheck.claims import Claim
from tipcheck.extraction.sentences import extract_document
from tipcheck.read.documents import load_paths

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def seed_claims() -> dict[str, list[Claim]]:
    docs, errors = load_paths([SEEDS])
    assert not errors
    return {d.id[:3]: extract_document(d) for d in docs}


def _find(claims: list[Claim], prop: str, quote_part: str) -> list[Claim]:
    return [c for c in claims if c.property == prop and quote_part in c.quote]


# (doc, property, quote fragment, period, value JSON subset, negated)
SEED_PINS = [
    ("000", "tip.tier", "Kazakhstan (Tier 2)", "2002", {"tier": "Tier 2"}, False),
    (
        "001",
        "treaty.ratified",
        "Kazakhstan has not ratified the 2000 UN TIP Protocol",
        None,
        {"when": None},
        True,
    ),
    (
        "001",
        "law.investigations",
        "22 trafficking investigations",
        "2007",
        {"low": 22, "high": 22},
        False,
    ),
    ("001", "law.prosecutions", "16 prosecution cases", "2007", {"low": 16}, False),
    ("001", "law.investigations", "13 investigations", "2006", {"low": 13}, False),
    ("001", "law.prosecutions", "seven prosecutions", "2006", {"low": 7}, False),
    ("001", "law.convictions", "19 trafficking offenders", "2007", {"low": 19}, False),
    ("001", "law.convictions", "one conviction", "2006", {"low": 1}, False),
    ("001", "victims.identified", "87 victims of labor trafficking", "2007", {"low": 87}, False),
    (
        "001",
        "victims.identified",
        "25 victims of commercial sexual exploitation",
        "2007",
        {"low": 25},
        False,
    ),
    (
        "001",
        "prevention.booklets",
        "approximately 3,000 booklets",
        "2007",
        {"stated": 3000, "qualifier": "approximately"},
        False,
    ),
    (
        "001",
        "funding.victim_assistance",
        "nearly $35,000",
        "2007",
        {"stated": 35000, "high": 35000, "unit": "USD", "qualifier": "nearly"},
        False,
    ),
    (
        "001",
        "funding.ngo",
        "at least $12,500",
        "2007",
        {"low": 12500, "high": None, "unit": "USD", "qualifier": "at least"},
        False,
    ),
    (
        "001",
        "law.officials_prosecuted",
        "three corrupt police officials",
        "2007",
        {"low": 3},
        False,
    ),
    ("002", "law.cases_opened", "12 criminal cases", "2004", {"low": 12}, False),
    ("002", "law.cases_opened", "110 cases", "2004-01/2004-03", {"low": 110}, False),
    ("002", "law.cases_opened", "eight cases", "2003", {"low": 8}, False),
    (
        "002",
        "tip.tier",
        "Kazakhstan received a Tier 3 designation",
        "2003",
        {"tier": "Tier 3"},
        False,
    ),
    (
        "003",
        "treaty.ratified",
        "Kazakhstan ratified the 2000 UN TIP Protocol in July 2008",
        None,
        {"when": "2008-07"},
        False,
    ),
    (
        "003",
        "treaty.ratified",
        "Kazakhstan has ratified the 2000 UN TIP Protocol in 2008",
        None,
        {"when": "2008"},
        False,
    ),
    ("003", "tip.tier", 'placed the country in "Tier 2"', "2017", {"tier": "Tier 2"}, False),
    ("003", "tip.tier", 'placed the country in "Tier 2"', "2023", {"tier": "Tier 2"}, False),
    ("003", "treaty.ratified", "The Kyrgyz Republic ratified", None, {"when": "2003-10"}, False),
    (
        "004",
        "treaty.ratified",
        "in 2005, the government of Kazakhstan ratified the U.N. convention",
        None,
        {"when": "2005"},
        False,
    ),
    ("004", "stat.population", "15,399,437", None, {"low": 15399437}, False),
]


@pytest.mark.parametrize(("doc", "prop", "quote", "period", "value", "negated"), SEED_PINS)
def test_seed_claim(
    seed_claims: dict[str, list[Claim]],
    doc: str,
    prop: str,
    quote: str,
    period: str | None,
    value: dict[str, object],
    negated: bool,
) -> None:
    cands = [
        c
        for c in _find(seed_claims[doc], prop, quote)
        if (c.period.iso if c.period else None) == period
    ]
    assert cands, (
        f"-{doc} {prop} {quote!r} {period} (missing); have {[(c.property, c.quote, c.period) for c in seed_claims[doc] if c.property == prop]}"
    )
    c = cands[0]
    assert c.subject is not None and c.subject.name == (
        "Kyrgyzstan" if "Kyrgyz" in quote else "Kazakhstan"
    )
    assert c.negated == negated
    got = c.value.to_json()
    for k, v in value.items():
        assert got[k] == v, f"{k}: {got[k]!r} != {v!r} in {got}"


def test_seed_spans_slice_back(seed_claims: dict[str, list[Claim]]) -> None:
    for doc, claims in seed_claims.items():
        text = next(SEEDS.glob(f"{doc}_*.txt")).read_text(encoding="utf-8")
        for c in claims:
            assert text[c.start : c.end] == c.quote
            assert c.line == text.count("\n", 0, c.start) + 1


def test_seed_breakdown_and_compositions(seed_claims: dict[str, list[Claim]]) -> None:
    (sent,) = [c for c in seed_claims["001"] if c.property == "sentences.breakdown"]
    js = sent.value.to_json()
    assert js["total"]["low"] == 19 and [p["amount"]["low"] for p in js["parts"]] == [
        1,
        4,
        5,
        4,
        2,
        3,
    ]
    comps = {
        c.property: c.value.to_json()
        for c in seed_claims["004"]
        if c.property.startswith("composition.")
    }
    assert [p["amount"]["low"] for p in comps["composition.religions"]["parts"]] == [47, 44, 2, 7]
    assert comps["composition.religions"]["partition"] is True
    assert comps["composition.languages"]["partition"] is False
    assert len(comps["composition.ethnic_groups"]["parts"]) == 8


def test_seed_routes_and_comparisons(seed_claims: dict[str, list[Claim]]) -> None:
    origins = [c for c in seed_claims["001"] if c.property == "route.origins"]
    names = {m["name"] for m in origins[0].value.to_json()["members"]}
    assert names == {"Uzbekistan", "Kyrgyzstan", "Tajikistan", "Ukraine"}
    (twice,) = [c for c in seed_claims["002"] if c.extractor == "comparison"]
    assert twice.value.to_json()["factor"] == 2 and twice.value.to_json()["ref_period"] == "2003"
    trend = [c for c in seed_claims["001"] if c.extractor == "trend"]
    assert trend and trend[0].property == "law.convictions" and trend[0].period.iso == "2007"


def test_excerpt_dates_and_access_dates() -> None:
    docs, _ = load_paths([SEEDS / "002_383ed20b0f00d901.txt"])
    meta = docs[0].meta
    assert meta.as_of is None  # a collection page has no single date
    dates = {e.as_of.iso for e in meta.excerpts if e.as_of}
    assert {"2005-01-14", "2004-06-02", "2003-08-20", "2005-11-17"} <= dates
    assert "2011-02-16" not in dates  # [accessed 16 February 2011] is never an as-of date


def test_document_as_of_sources() -> None:
    docs, _ = load_paths([SEEDS])
    got = {
        d.id[:3]: (d.meta.as_of.iso if d.meta.as_of else None, d.meta.as_of_source) for d in docs
    }
    assert got["000"] == ("2002-06-05", "publication-date")
    assert got["001"] == ("2008", "title")
    fm = tipcheck.extract(
        "---\ndate: 2016-03-01\n---\nIn 2015 police in Nepal identified 40 trafficking victims.\n"
    )
    assert fm[0].as_of is not None and fm[0].as_of.iso == "2016-03-01"
    over = tipcheck.extract("Nepal has not ratified the 2000 UN TIP Protocol.", as_of="2010-06")
    assert over[0].negated and over[0].as_of is not None and over[0].as_of.iso == "2010-06"


# Tricky negatives: text that must give no count claim.
NEGATIVES = [
    "Kazakhstan prohibits trafficking through Articles 128, 133, 125(3)(b), 126(3)(b), and 270 of its penal code.",
    "One of the problems Moldovan authorities face is the desire of victims to stay anonymous.",
    "The 2007 report on Nepal said little about investigations.",
    "HELP for Victims in Moldova: International Organization for Migration 7172 790345",
    "Two boys (ages 13 and 15) in Nepal died of carbon monoxide poisoning.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_count_claims(text: str) -> None:
    claims = [c for c in tipcheck.extract(text, as_of="2010") if c.extractor in ("count", "money")]
    assert not claims, [(c.property, c.quote) for c in claims]


def test_another_countrys_tier_in_the_same_paragraph() -> None:
    text = (
        "Trafficking in Persons Report 2012 - Moldova\n\n"
        "Moldova (Tier 2 Watch List)\n\n"
        "Neighbouring Ukraine was placed on Tier 2 in 2012, while Romania remained on Tier 2.\n\n"
        "Tier 2: Albania, Moldova, Serbia.\n"
    )
    tiers = {
        (
            c.subject.name if c.subject else None,
            c.value.describe(),
            c.period.iso if c.period else None,
        )
        for c in tipcheck.extract(text)
        if c.property == "tip.tier"
    }
    assert ("Moldova", "Tier 2 Watch List", "2012") in tiers
    assert ("Ukraine", "Tier 2", "2012") in tiers
    assert ("Moldova", "Tier 2", "2012") not in tiers


CASES = [
    # (text, as_of, property, subject, period, stated, facet)
    (
        "In 2010, Nepali police identified forty-eight victims of sex trafficking.",
        None,
        "victims.identified",
        "Nepal",
        "2010",
        48,
        "sexual exploitation",
    ),
    (
        "Thai authorities convicted twenty-two traffickers in 2014, up from nine in 2013.",
        None,
        "law.convictions",
        None,
        "2014",
        22,
        None,
    ),
    (
        "The government of Cambodia provided approximately $20,000 for victim services during 2011.",
        None,
        "funding.victim_assistance",
        "Cambodia",
        "2011",
        20000,
        None,
    ),
    (
        "During the reporting period, the Government of Romania initiated 31 prosecutions.",
        "2012",
        "law.prosecutions",
        "Romania",
        "2011",
        31,
        None,
    ),
    (
        "Moldova opened 17 criminal cases in the first six months of 2010.",
        None,
        "law.cases_opened",
        "Moldova",
        "2010-01/2010-06",
        17,
        None,
    ),
    (
        "Anywhere from 1,000 to 5,000 victims are trafficked annually from Nepal.",
        None,
        None,
        None,
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(("text", "as_of", "prop", "subject", "period", "stated", "facet"), CASES)
def test_case(
    text: str,
    as_of: str | None,
    prop: str | None,
    subject: str | None,
    period: str | None,
    stated: float | None,
    facet: str | None,
) -> None:
    claims = [c for c in tipcheck.extract(text, as_of=as_of) if c.extractor in ("count", "money")]
    if prop is None:
        assert not claims
        return
    match = [c for c in claims if c.property == prop and c.value.to_json()["stated"] == stated]
    assert match, [(c.property, c.value.describe(), c.period) for c in claims]
    c = match[0]
    assert (c.period.iso if c.period else None) == period
    assert c.facet == facet
    if subject:
        assert c.subject is not None and c.subject.name == subject


def test_default_pack_is_bundled_and_loads() -> None:
    pack = tipcheck.load_rules()
    assert pack.name == "tip" and pack.templates and pack.counts
    assert pack.gazetteer.canon("the Kyrgyz Republic") == pack.gazetteer.canon("Kyrgyzstan")
    assert pack.gazetteer.canon("U.A.E.") == pack.gazetteer.canon("United Arab Emirates")
    assert pack.gazetteer.canon("Palermo Protocol") == pack.gazetteer.canon("2000 UN TIP Protocol")


@pytest.mark.parametrize(
    ("head", "iso", "source"),
    [
        (
            "# Yearbook\n\nInstitute of Statistics · Published March 2016 · summary\n",
            "2016-03",
            "publication-date",
        ),
        ("*Network · Last updated 12 October 2016*\n\nText.\n", "2016-10-12", "last-updated"),
        (
            "HOUSE OF COMMONS\nWritten Answers\nWednesday 9 September 2015\n\nText.\n",
            "2015-09-09",
            "date-line",
        ),
        ("Bulletin No. 4\nTirana, June 2013\n\nText.\n", "2013-06", "date-line"),
        (
            "DAILY LEDGER - Praia, 3 July 2021 - By M. Tavares (translated)\n\nText.\n",
            "2021-07-03",
            "date-line",
        ),
        ("THE TIMES | Friday, 4 March 2022 | page 3\n\nText.\n", "2022-03-04", "date-line"),
        ("Field notes - chapter 2 - 1,200 words\n\nText in 2019.\n", None, None),
        ("Published reports & articles from 2000 to 2025 about many things\n\nText.\n", None, None),
        ("Links\n\n[accessed 3 May 2014]\n\nText.\n", None, None),
    ],
)
def test_as_of_from_mastheads_and_date_lines(
    head: str, iso: str | None, source: str | None
) -> None:
    from tipcheck.read.metadata import read_metadata

    meta = read_metadata(head)
    assert (meta.as_of.iso if meta.as_of else None) == iso
    assert meta.as_of_source == source


@pytest.mark.parametrize(
    ("name", "text", "iso", "source"),
    [
        ("reports/belize_tip_2020.txt", "BELIZE: TIER 2\n\nText.\n", "2020", "file-name"),
        ("2019-annual.md", "Annual report\n\nText.\n", "2019", "file-name"),
        # the text's own date wins over the name's
        (
            "memo_2020.md",
            "Memo\nPublished: 4 May 2021\n\nText.\n",
            "2021-05-04",
            "publication-date",
        ),
        # two years in the name, or a year only in a folder's name: no date
        ("survey_2018_2019.md", "Survey\n\nText.\n", None, None),
        ("2019/notes.md", "Notes\n\nText.\n", None, None),
        ("case12019.md", "Notes\n\nText.\n", None, None),
    ],
)
def test_as_of_from_the_file_name_when_the_text_has_none(
    name: str, text: str, iso: str | None, source: str | None
) -> None:
    from tipcheck.read.metadata import read_metadata

    meta = read_metadata(text, name=name)
    assert (meta.as_of.iso if meta.as_of else None) == iso
    assert meta.as_of_source == source


def test_demonym_with_government_names_its_country() -> None:
    claims = tipcheck.extract(
        "# Peru\n\nIn 2009, the Kazakh government ratified the Palermo Protocol.\n"
    )
    assert [(c.subject.name if c.subject else None, c.property) for c in claims] == [
        ("Kazakhstan", "treaty.ratified")
    ]


def test_lazy_patterns_compile_on_first_use_and_in_validate() -> None:
    """The pack's large patterns are compiled when first tried, match as `re` does, survive
    pickling, and `rules validate` compiles every one (an error surfaces there, not mid-run)."""
    import pickle
    import re

    from tipcheck.extraction.templates import LazyPattern
    from tipcheck.rulepack import validate_rules

    lazy = LazyPattern(r"(?<![\w])rose\s+from\s+(?P<a>\d+)")
    assert lazy._rx is None
    text = "Cases ROSE from 12 to 20; arrests rose  from 3."
    assert [m.span() for m in lazy.finditer(text)] == [
        m.span() for m in re.finditer(lazy.pattern, text, re.I)
    ]
    assert lazy.search(text, 10) is not None and lazy.match(text) is None
    assert pickle.loads(pickle.dumps(lazy)).pattern == lazy.pattern
    pack = validate_rules()
    assert pack.lazy_patterns() and all(p._rx is not None for p in pack.lazy_patterns())
    broken = LazyPattern("(unclosed")
    with pytest.raises(re.error):
        broken.compiled()


@pytest.mark.parametrize(
    "text",
    [
        "Table 4.2  Victims identified in 2019, by region\n",
        "Figure 7 shows victims assisted in 2018 by age group.\n",
        "See Annex 3 victims of forced labour in 2017 for the breakdown.\n",
    ],
)
def test_a_table_or_figure_number_is_no_count(text: str) -> None:
    claims = tipcheck.extract("Report on Belize\n\n" + text, doc_id="belize.txt")
    assert not [c for c in claims if c.property.startswith("victims.")], claims
