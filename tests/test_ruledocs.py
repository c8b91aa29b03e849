"""Every rule page's examples run: the bad ones must raise the rule, the good ones must not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tipcheck
from tipcheck.report.rulepages import rules

REFERENCE = (
    "subject,property,period,value,source\nThailand,treaty.ratified,,2013-10,UN Treaty Collection\n"
)
CODES = sorted(c for c, d in rules().items() if d.kind != "input")
SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
LIFT_WORDS = 12  # a run this long shared with a seed is a lifted passage, not a stock phrase


def _run(tmp_path: Path, docs: tuple[str, ...], code: str) -> list[str]:
    for i, text in enumerate(docs):
        (tmp_path / f"doc{i + 1}.md").write_text(text, encoding="utf-8")
    ref = None
    if code == "TC104":
        ref = tmp_path / "reference.csv"
        ref.write_text(REFERENCE, encoding="utf-8")
    report = tipcheck.check([tmp_path / f"doc{i + 1}.md" for i in range(len(docs))], reference=ref)
    return [f.rule for f in report.findings]


def test_every_code_has_a_page() -> None:
    assert {"TC101", "TC102", "TC103", "TC104", "TC201", "TC202", "TC203", "TC204", "TC205"} <= set(
        rules()
    )
    for code, doc in rules().items():
        assert doc.summary and doc.why and doc.name, code
        if doc.kind != "input":
            assert doc.bad and doc.good, f"{code}: a rule page needs a bad and a good example"


@pytest.mark.parametrize("code", CODES)
def test_bad_example_is_flagged(code: str, tmp_path: Path) -> None:
    doc = rules()[code]
    found = _run(tmp_path, doc.bad, code)
    for want in doc.expect_bad:
        assert want in found, f"-{want} (missing); got {found}"


@pytest.mark.parametrize("code", CODES)
def test_good_example_is_quiet(code: str, tmp_path: Path) -> None:
    doc = rules()[code]
    found = _run(tmp_path, doc.good, code)
    assert code not in found, f"+{code} (unexpected) in {found}"


def test_explain_prints_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    from tipcheck.cli import main

    assert main(["rules", "explain", "TC101"]) == 0
    out = capsys.readouterr().out
    assert "What it does" in out and "Why it matters" in out and "Palermo Protocol in 2005" in out


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _runs(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_examples_are_not_lifted_from_the_seeds() -> None:
    """Examples are written for the rule: none shares a run of LIFT_WORDS words with a seed."""
    seeds = {
        p.name: _runs(_words(p.read_text(encoding="utf-8")), LIFT_WORDS)
        for p in SEEDS.glob("*.txt")
    }
    assert seeds, f"no seed documents under {SEEDS}"
    lifted = []
    for code, doc in rules().items():
        for side, docs in (("bad", doc.bad), ("good", doc.good)):
            for i, text in enumerate(docs):
                mine = _runs(_words(text), LIFT_WORDS)
                for name, runs in sorted(seeds.items()):
                    if shared := mine & runs:
                        run = " ".join(min(shared))
                        lifted.append(f"{code} {side}[{i}] shares with {name}: {run!r}")
    assert not lifted, "rule-page examples lifted from fixtures/seeds:\n" + "\n".join(lifted)
