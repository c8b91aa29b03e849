"""The pack's quantity language: qualifiers as intervals, currency codes, symbols and names, and
an amount with a stated conversion read as one amount."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

import tipcheck
from tipcheck.checks.contradictions import check_contradictions
from tipcheck.packschema import RuleError
from tipcheck.parse.quantities import Currencies, Qualifier, QuantityGrammar
from tipcheck.rulepack import default_rules_path, load_rules

PACK = load_rules()


def q(text: str) -> tuple[float, float, float, str | None, str | None]:
    got = PACK.quantities.parse(text)
    assert got is not None, text
    return got.low, got.high, got.stated, got.unit, got.qualifier


@pytest.mark.parametrize(
    ("text", "low", "high", "name"),
    [
        ("at least 40", 40, math.inf, "at least"),
        ("no fewer than 40", 40, math.inf, "at least"),
        ("not less than 40", 40, math.inf, "at least"),
        ("upwards of 40", 40, math.inf, "more than"),
        ("more than 40", 40, math.inf, "more than"),
        ("up to 40", 0, 40, "up to"),
        ("fewer than 40", 0, 40, "less than"),
        ("under 40", 0, 40, "less than"),
        ("about 100", 90, 110, "approximately"),
        ("roughly 100", 90, 110, "approximately"),
        ("something like 100", 90, 110, "approximately"),
        ("nearly 100", 94, 100, "nearly"),
        ("close to 100", 94, 100, "nearly"),
        ("just over 100", 100, 106, "just over"),
    ],
)
def test_qualifier_words_are_intervals(text: str, low: float, high: float, name: str) -> None:
    lo, hi, stated, unit, qual = q(text)
    assert (qual, unit) == (name, None)
    assert lo == pytest.approx(low) and hi == pytest.approx(high)
    assert stated == float(text.split()[-1])


def test_an_unqualified_figure_is_exact_and_an_unknown_word_is_no_qualifier() -> None:
    assert q("40") == (40, 40, 40, None, None)
    grammar = QuantityGrammar({}, Currencies())
    got = grammar.parse("40")
    assert got is not None and got.qualifier is None
    assert grammar.find("at least 40 cases")[0].group() == "40"


def test_a_qualifier_is_found_with_its_figure_in_running_text() -> None:
    text = "Police identified upwards of 300 victims and close to 40 suspects."
    assert [m.group() for m in PACK.quantities.find(text)] == ["upwards of 300", "close to 40"]


@pytest.mark.parametrize(
    ("text", "stated", "unit"),
    [
        ("KZT 12 million", 12e6, "KZT"),
        ("12 million KZT", 12e6, "KZT"),
        ("12 million tenge", 12e6, "KZT"),
        ("4.5 billion naira", 4.5e9, "NGN"),
        ("KSh40 million", 40e6, "KES"),
        ("300 million CFA francs", 300e6, "XOF"),
        ("US$1.3 million", 1.3e6, "USD"),
        ("€80,000", 80000, "EUR"),
    ],
)
def test_currency_codes_symbols_and_names(text: str, stated: float, unit: str) -> None:
    assert q(text)[2:4] == (stated, unit)


def test_codes_are_capitals_beside_a_figure_only() -> None:
    # "all 30", a code in lower case, and a code that is also an English word are no currency
    assert q("30")[3] is None
    assert [m.group() for m in PACK.quantities.find("try 30 cases, all 12 of them")] == [
        "30",
        "12",
    ]


def test_an_amount_with_a_stated_conversion_is_one_amount_in_two_units() -> None:
    text = "The ministry gave MDL 2 million (about US$110,000) to the shelter."
    (m,) = PACK.quantities.find(text)
    assert m.group() == "MDL 2 million (about US$110,000)"
    assert q(m.group())[2:4] == (2e6, "MDL")
    conv = PACK.quantities.converted(m.group())
    assert conv is not None and (conv.stated, conv.unit, conv.qualifier) == (
        110000,
        "USD",
        "approximately",
    )
    # a bracketed share after a count is no conversion
    assert PACK.quantities.converted("45 victims (30 percent)") is None


def _tc103(*texts: str) -> list[str]:
    claims = [
        c
        for i, t in enumerate(texts)
        for c in tipcheck.extract(f"Moldova\n\n{t}", as_of="2016", doc_id=f"d{i}.txt")
    ]
    return [f.message for f in check_contradictions(claims, PACK) if f.rule == "TC103"]


A = "In 2015 Moldova identified {} victims of trafficking."


def test_a_lower_bound_below_a_figure_agrees_one_above_it_conflicts() -> None:
    assert _tc103(A.format("320"), A.format("no fewer than 300")) == []
    assert _tc103(A.format("320"), A.format("upwards of 300")) == []
    (msg,) = _tc103(A.format("320"), A.format("no fewer than 350"))
    assert "320" in msg and "350" in msg


def test_an_upper_bound_below_a_figure_conflicts() -> None:
    assert _tc103(A.format("320"), A.format("close to 330")) == []
    assert len(_tc103(A.format("320"), A.format("fewer than 300"))) == 1


def test_a_conversion_never_conflicts_with_its_amount() -> None:
    text = "In 2015 the government provided MDL 2 million (about US$110,000) for victim assistance."
    other = "In 2015 the government provided US$112,000 for victim assistance."
    assert _tc103(text, other) == []


def _pack_with(tmp_path: Path, extra: str) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(default_rules_path(), root)
    with open(root / "extract.toml", "a", encoding="utf-8") as f:
        f.write("\n" + extra)
    return root


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('[[qualifier]]\nname = "x"\nbound = "lowr"\nwords = ["zz"]\n', "did you mean 'lower'"),
        ('[[qualifier]]\nname = "x"\nbound = "approximate"\nwords = ["zz"]\n', "needs a tolerance"),
        ('[[qualifier]]\nname = "x"\nbound = "upper"\ntolerance = 2.0\nwords = ["zz"]\n', "[0, 1)"),
        ('[[qualifier]]\nname = "x"\nbound = "upper"\nwords = ["about"]\n', "already a word"),
        ('[[qualifier]]\nname = "x"\nbound = "upper"\n', "missing 'words'"),
    ],
)
def test_the_pack_schema_checks_qualifiers(tmp_path: Path, entry: str, says: str) -> None:
    with pytest.raises(RuleError, match=r"extract\.toml:\d+") as e:
        load_rules(_pack_with(tmp_path, entry))
    assert says in str(e.value)


def test_a_pack_qualifier_is_used(tmp_path: Path) -> None:
    entry = '[[qualifier]]\nname = "at least"\nbound = "lower"\nwords = ["a good"]\n'
    pack = load_rules(_pack_with(tmp_path, entry))
    got = pack.quantities.parse("a good 40")
    assert got is not None and (got.low, got.high) == (40, math.inf)
    assert Qualifier("x", "approximate", 0.2).interval(10) == pytest.approx((8, 12))
