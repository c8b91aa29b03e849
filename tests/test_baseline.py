"""Baselines: written stable, read strictly, and keyed by fingerprints that survive unrelated
edits (lines shifted, another paragraph rewritten)."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from _sample import ev, sample_report
from tipcheck.findings import Finding
from tipcheck.report.baseline import BaselineError, filter_baseline, read_baseline, write_baseline
from tipcheck.report.model import Report

OLD = {
    "a.md": "Intro.\n\nKazakhstan ratified the Protocol in 2005.\n\nOther paragraph.\n",
    "b.md": "Kazakhstan ratified the Protocol in July 2008.\n",
}
# The same facts after unrelated edits: lines inserted above, another paragraph rewritten.
NEW = {
    "a.md": "# Title\n\nA new\nintroduction of several lines.\n\nKazakhstan ratified the "
    "Protocol in 2005.\n\nThe other paragraph, rewritten entirely.\n",
    "b.md": "\n\nKazakhstan ratified the Protocol in July 2008.\n",
}


def _finding(texts: dict[str, str], a_value: str = "2005") -> Finding:
    return Finding(
        rule="TC101",
        kind="contradiction",
        severity="error",
        message="Kazakhstan: ratification: 2005 vs July 2008",
        evidence=(ev(texts, "a.md", a_value, a_value), ev(texts, "b.md", "July 2008", "2008-07")),
        subject="Kazakhstan",
        property="treaty.ratified",
        key=(f"ev:{a_value}", "ev:2008-07"),
    )


def _report(texts: dict[str, str], *findings: Finding) -> Report:
    return Report("0.1.0", (), findings, texts=texts)


def test_fingerprint_survives_unrelated_edits() -> None:
    old, new = _finding(OLD), _finding(NEW)
    assert old.evidence[0].line != new.evidence[0].line  # the edit did move it
    assert old.evidence[0].start != new.evidence[0].start
    assert old.fingerprint == new.fingerprint


def test_fingerprint_changes_when_the_facts_do() -> None:
    texts = {**OLD, "a.md": OLD["a.md"].replace("2005", "2006")}
    assert _finding(OLD).fingerprint != _finding(texts, "2006").fingerprint
    other_doc = attrs.evolve(_finding(OLD), evidence=(_finding(OLD).evidence[0],))
    assert other_doc.fingerprint != _finding(OLD).fingerprint


def test_baseline_filters_accepted_findings_after_edits(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert write_baseline(_report(OLD, _finding(OLD)), path) == 1
    # After unrelated edits the accepted finding stays filtered out ...
    assert filter_baseline(_report(NEW, _finding(NEW)), path).findings == ()
    # ... and a new problem still shows.
    texts = {**NEW, "a.md": NEW["a.md"].replace("2005", "2006")}
    fresh = _finding(texts, "2006")
    kept = filter_baseline(_report(texts, _finding(NEW), fresh), path)
    assert kept.findings == (fresh,)
    assert kept.texts == texts


def test_baseline_file_is_sorted_stable_and_readable(tmp_path: Path) -> None:
    r = sample_report()
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    n = write_baseline(r, a)
    reordered = attrs.evolve(r, findings=tuple(reversed(r.findings)))
    assert write_baseline(reordered, b) == n == len(r.findings)
    assert a.read_bytes() == b.read_bytes()
    data = json.loads(a.read_text(encoding="utf-8"))
    fps = [e["fingerprint"] for e in data["findings"]]
    assert fps == sorted(fps)
    first = data["findings"][0]
    assert set(first) == {"fingerprint", "rule", "message", "docs", "count"}
    assert read_baseline(a) == frozenset(f.fingerprint for f in r.findings)
    assert not (tmp_path / "a.json.tmp").exists()


def test_duplicate_fingerprints_are_one_entry(tmp_path: Path) -> None:
    f = _finding(OLD)
    path = tmp_path / "bl.json"
    assert write_baseline(_report(OLD, f, f), path) == 1
    assert json.loads(path.read_text())["findings"][0]["count"] == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found; create it with --write-baseline"),
        ("{not json", "not a JSON baseline"),
        ('{"findings": []}', "not a tipcheck baseline"),
        ('{"tipcheck-baseline": 99, "findings": []}', "format 99 is not supported"),
        ('{"tipcheck-baseline": 1, "findings": {}}', "'findings' must be a list"),
        ('{"tipcheck-baseline": 1, "findings": [{"rule": "TC101"}]}', "findings\\[0\\] has no"),
    ],
)
def test_bad_baselines_are_clear_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "bl.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=message) as info:
        filter_baseline(sample_report(), path)
    assert str(path) in str(info.value)
