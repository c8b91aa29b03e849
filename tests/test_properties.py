"""Invariants: extraction never raises and its spans slice back; input order never changes the
output; an unrelated document changes nothing; a document against its own copy contradicts nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tipcheck

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
FRAGMENTS = [
    "Kazakhstan ratified the 2000 UN TIP Protocol in July 2008.",
    "In 2007, police identified 87 victims of labor trafficking.",
    "Of the 19 convicted offenders, one was sentenced to 12 years, four were sentenced to 10 years.",
    "**Religions:** Muslim 47%, other 53%",
    "<sup>3</sup> [2] U.S. U.A.E. P.R.C. No. 5 Vol. 3",
    "nearly $35,000 for victim assistance during 2007",
    "twice as many as in 2003",
    "\ufeff---\ndate: 2008\n---\n",
    "\r\n\r\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=80), st.sampled_from(FRAGMENTS)), max_size=8))
def test_extraction_never_raises_and_spans_slice_back(parts: list[str]) -> None:
    text = " ".join(parts)
    for c in tipcheck.extract(text):
        assert text[c.start : c.end] == c.quote
        # "\r\n", "\n" and a lone "\r" each end a line (issue 12)
        lone_cr = text.count("\r", 0, c.start) - text.count("\r\n", 0, c.start)
        assert c.line == text.count("\n", 0, c.start) + lone_cr + 1


def _json(report: tipcheck.Report) -> str:
    return json.dumps([f.to_json() for f in report.findings], sort_keys=True)


@settings(max_examples=6, deadline=None)
@given(st.permutations(sorted(SEEDS.glob("*.txt"))))
def test_input_order_does_not_change_output(order: list[Path]) -> None:
    assert _json(tipcheck.check(order)) == _json(tipcheck.check(sorted(order)))


def test_unrelated_document_changes_nothing(tmp_path: Path) -> None:
    base = tipcheck.check([SEEDS])
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, tmp_path)
    (tmp_path / "zz_other.md").write_text(
        "# Peru\n\nIn 2015 Peruvian police opened 45 criminal cases. Peru ratified the Palermo Protocol in January 2002.\n",
        encoding="utf-8",
    )
    more = tipcheck.check([tmp_path])
    assert _json(base) == json.dumps(
        [f.to_json() for f in more.findings if all(e.doc != "zz_other.md" for e in f.evidence)],
        sort_keys=True,
    )


def test_document_against_its_own_copy_has_no_contradiction(tmp_path: Path) -> None:
    for p in SEEDS.glob("*.txt"):
        (tmp_path / "a").mkdir(exist_ok=True)
        (tmp_path / "b").mkdir(exist_ok=True)
        shutil.copy(p, tmp_path / "a" / p.name)
        shutil.copy(p, tmp_path / "b" / ("copy_" + p.name))
        solo = {
            f.fingerprint
            for f in tipcheck.check([tmp_path / "a" / p.name]).findings
            if f.kind == "contradiction"
        }
        pair = tipcheck.check([tmp_path / "a" / p.name, tmp_path / "b" / ("copy_" + p.name)])
        new = [
            f
            for f in pair.findings
            if f.kind in ("contradiction", "drift") and f.fingerprint not in solo
        ]
        assert not [f for f in new if f.kind == "drift"], [f.message for f in new]
        assert all(
            any(e.doc == p.name for e in f.evidence) for f in new if f.kind == "contradiction"
        )
