"""The pieces behind the hostile-input fixes, tested in-process: scans that must give the same
spans as the regexes they replace, lone CR newlines, two-digit years, immutable packs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tipcheck
from tipcheck.packschema import nested_quantifier
from tipcheck.parse.timeexpr import TIME_RE, parse_date, time_matches
from tipcheck.read import confusables, passages
from tipcheck.read.lines import line_at
from tipcheck.rulepack import RuleError, load_rules
from tipcheck.values import Time

BUNDLED = Path(__file__).resolve().parents[2] / "rules" / "tip"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<!->supSUP/ x\n.", max_size=80))
def test_paired_scan_matches_the_lazy_regexes(text: str) -> None:
    for (opener, closer), old in zip(
        passages._PAIRS,
        (re.compile(r"<!--.*?-->", re.S), re.compile(r"<sup>.*?</sup>", re.S | re.I)),
        strict=True,
    ):
        assert passages._paired(text, opener, closer) == [m.span() for m in old.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=".!?\"') Ab1\n", max_size=60))
def test_sentence_ends_match_the_backtracking_regex(text: str) -> None:
    old = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
    assert [m.span() for m in passages._SENT_END.finditer(text)] == [
        m.span() for m in old.finditer(text)
    ]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abXZ09_ .-\nаеΑοé“’²\u0301", max_size=60))
def test_mixed_script_windows_match_the_whole_text_scan(text: str) -> None:
    old = [m.span() for m in confusables._NON_ASCII_WORD.finditer(text)]
    assert [m.span() for m in confusables._non_ascii_words(text)] == old


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "the first six months of ",
                "The second half of ",
                "2008",
                "19",
                "-",
                "–",
                "/",
                " ",
                "5",
                "July ",
                "Sept. ",
                "May",
                "12th ",
                ",",
                "$",
                "%",
                "t",
                "\u0663",
                "08",
                "THE ",
            ]
        ),
        max_size=12,
    )
)
def test_time_candidates_match_the_whole_text_scan(parts: list[str]) -> None:
    text = "".join(parts)
    assert [m.span() for m in time_matches(text)] == [m.span() for m in TIME_RE.finditer(text)]


def test_long_runs_without_punctuation_are_cut() -> None:
    text = "word " * 2000
    seg = passages.segment(text)
    sents = [s for p in seg.paragraphs for s in p.sentences]
    assert len(sents) > 1 and all(s.end - s.start <= passages.MAX_SENTENCE for s in sents)


def test_lone_cr_is_a_newline() -> None:
    text = "Title\r\rKazakhstan ratified the 2000 UN TIP Protocol in 2005.\rNext line."
    assert line_at(text, text.index("Next")) == 4
    claims = tipcheck.extract(text)
    assert claims and claims[0].line == 3
    paras = passages.segment(text).paragraphs
    assert text[paras[0].start : paras[0].end] == "Title"


def test_two_digit_years_resolve_against_the_document_date() -> None:
    assert parse_date("17 Nov 05", 2008) == Time.day(2005, 11, 17)
    assert parse_date("17 Nov 99", 2008) == Time.day(1999, 11, 17)
    assert parse_date("17 Nov 15", 2008) == Time.day(2015, 11, 17)
    assert parse_date("17 Nov 05", 1998) == Time.day(1905, 11, 17)
    assert parse_date("17 Nov 70") == Time.day(1970, 11, 17)  # no date: POSIX rule


@pytest.mark.parametrize(
    ("regex", "nested"),
    [
        (r"(a+)+", True),
        (r"(?:\w+\s?)*x", True),
        (r"(?:(?:has\s+)+)+", True),
        (r"(?:a|b+)*", True),
        (r"(?:has\s+)+", False),
        (r"(?:\s*,\s*x)*", False),
        (r"[\w-]+(?:\.[\w-]+)+/", False),
        (r"(?:\w+){0,4}", False),
    ],
)
def test_nested_quantifiers(regex: str, nested: bool) -> None:
    assert nested_quantifier(regex) is nested


def test_pack_is_immutable_and_reloaded_when_its_files_change(tmp_path: Path) -> None:
    pack = load_rules()
    with pytest.raises(TypeError):
        pack.policies["x"] = {"type": "event"}  # type: ignore[index]
    with pytest.raises(TypeError):
        pack.templates[0].slots["x"] = "y"  # type: ignore[index]
    assert load_rules() is pack
    p = tmp_path / "pack"
    shutil.copytree(BUNDLED, p)
    first = load_rules(p)
    text = (p / "pack.toml").read_text(encoding="utf-8").replace('name = "tip"', 'name = "t2"')
    (p / "pack.toml").write_text(text + "\n", encoding="utf-8")
    assert load_rules(p).name == "t2" and first.name == "tip"
    (p / "pack.toml").write_text(text + "\n[time]\nbogus = 1\n", encoding="utf-8")
    with pytest.raises(RuleError):
        load_rules(p)
