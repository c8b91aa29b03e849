"""The public surface: a short __all__, every name exported, the three entry points working."""

from __future__ import annotations

from pathlib import Path

import tipcheck

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def test_every_public_name_is_exported() -> None:
    for name in tipcheck.__all__:
        assert hasattr(tipcheck, name), name
    assert {"check", "extract", "load_rules", "Claim", "Finding", "Report"} <= set(tipcheck.__all__)


def test_check_extract_load_rules() -> None:
    report = tipcheck.check([SEEDS])
    assert isinstance(report, tipcheck.Report) and len(report.documents) == 5
    assert all(isinstance(f, tipcheck.Finding) for f in report.findings)
    claims = tipcheck.extract(
        "Kazakhstan has not ratified the 2000 UN TIP Protocol.", as_of="2008-06"
    )
    assert claims and isinstance(claims[0], tipcheck.Claim) and claims[0].negated
    pack = tipcheck.load_rules()
    assert isinstance(pack, tipcheck.RulePack)
    assert tipcheck.load_rules(pack.path).path == pack.path


def test_findings_are_typed_values_with_exact_evidence() -> None:
    report = tipcheck.check([SEEDS])
    for f in report.findings:
        for e in f.evidence:
            assert report.texts[e.doc][e.start : e.end] == e.quote
        assert f.to_json()["fingerprint"] == f.fingerprint
