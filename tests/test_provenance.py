"""Claim provenance (issue 10): every claim says how its subject, period and measure were
read; checks compare only claims firm enough and a finding's severity follows its weakest key,
said in words — never a silent downgrade."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import tipcheck
from tipcheck.claims import Basis

TITLED = "Trafficking in Persons Report 2016\n\nLESOTHO (Tier 2)\n\n"


def _one(text: str, prop: str, as_of: str | None = None) -> tipcheck.Claim:
    got = [c for c in tipcheck.extract(text, as_of=as_of) if c.property == prop]
    assert len(got) == 1, got
    return got[0]


def test_each_key_says_where_it_came_from() -> None:
    c = _one(TITLED + "Courts convicted 14 traffickers in 2015.\n", "law.convictions")
    assert c.why.period == Basis("clause") and c.why.measure == Basis("clause")
    assert c.why.subject is not None and c.why.subject.source == "heading"
    c = _one(
        TITLED + "In 2015, police opened 20 inquiries; courts convicted 14 traffickers.\n",
        "law.convictions",
    )
    assert c.why.period is not None and c.why.period.source == "sentence"


def test_an_event_has_no_period_key_and_a_state_speaks_from_its_date() -> None:
    ev = _one("Lesotho ratified the Palermo Protocol in 2003.", "treaty.ratified", "2010")
    assert ev.why.period is None and ev.why.subject == Basis("clause")
    neg = _one("Lesotho has not ratified the Palermo Protocol.", "treaty.ratified", "2010")
    assert neg.why.period is not None and neg.why.period.source == "as-of"


def test_an_undated_edition_statistic_takes_the_series_reporting_period() -> None:
    c = _one(TITLED + "Population: 2,100,000\n", "stat.population")
    assert c.period is not None and c.period.iso == "2015"
    assert c.why.period is not None and c.why.period.source == "reporting-period"
    assert c.why.period.note == "tip-report"


def test_an_undated_count_in_an_edition_takes_its_reporting_period() -> None:
    c = _one(TITLED + "The police hotline received 212 calls.\n", "hotline.calls")
    assert c.period is not None and c.period.iso == "2015"
    assert c.why.period is not None and c.why.period.source == "reporting-period"


def test_only_the_title_block_makes_an_edition() -> None:
    """A story that cites the report in its first sentence is no edition of it: its undated
    figures keep no year, rather than the report's reporting period."""
    news = (
        "THE MIDLANDS COURIER\n\n**Thursday 29 June 2023**\n\n## Lesotho stays on Tier 2\n\n"
        "MASERU — Lesotho was kept on Tier 2 in the annual Trafficking in Persons report, "
        "published last week.\n\nThe police hotline received 212 calls.\n"
    )
    assert _one(news, "hotline.calls").period is None
    placed = "LESOTHO: TIER 2 WATCH LIST\n\nThe police hotline received 212 calls.\n"
    assert _one(placed, "hotline.calls", "2016").period.iso == "2015"  # type: ignore[union-attr]


def test_one_document_does_not_contradict_itself_with_an_undated_figure(
    tmp_path: Path,
) -> None:
    """An undated figure inferred into the reporting period is another figure of the same
    report, not a rival to the one it dates ('up to 20 victims' sheltered, '33' identified)."""
    found = _check(
        tmp_path,
        {"a.txt": TITLED + "NGOs assisted 33 victims in 2015. Shelters assisted 20 victims.\n"},
    )
    assert found == []


def test_claims_jsonl_and_table_show_why(tmp_path: Path) -> None:
    doc = tmp_path / "lesotho.txt"
    doc.write_text(TITLED + "Courts convicted 14 traffickers in 2015.\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "tipcheck", "claims", str(doc)]
    rows = subprocess.run([*cmd, "--format", "jsonl"], capture_output=True, text=True).stdout
    why = [json.loads(r)["why"] for r in rows.splitlines()]
    assert {"period": {"source": "clause", "confidence": 1.0}}.items() <= why[-1].items()
    table = subprocess.run(cmd, capture_output=True, text=True, env={"NO_COLOR": "1"}).stdout
    assert "why" in table and "clause" in table


def _check(tmp_path: Path, docs: dict[str, str]) -> list[tipcheck.Finding]:
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [f for f in tipcheck.check([tmp_path]).findings if f.kind == "contradiction"]


def test_title_dates_do_not_downgrade_stated_periods(tmp_path: Path) -> None:
    """Both documents are dated by their titles, but both state the year: an error."""
    found = _check(
        tmp_path,
        {
            "a.txt": TITLED + "Courts convicted 14 traffickers in 2015.\n",
            "b.txt": "Lesotho Justice Review 2016\n\nLesotho courts convicted 9 traffickers in 2015.\n",
        },
    )
    assert [(f.rule, f.severity) for f in found] == [("TC103", "error")]
    assert "warning" not in found[0].message


def test_a_weak_key_makes_a_warning_that_says_why(tmp_path: Path) -> None:
    """An undated statistic takes its period from the document's date: compared, but only as
    a warning, and the message names the inference; the labelled year is firm."""
    found = _check(
        tmp_path,
        {
            "a.md": "---\ndate: 2016-05-01\ntitle: Lesotho at a glance\n---\n"
            "**Population:** 2,100,000\n",
            "b.md": "---\ndate: 2017-01-10\ntitle: Lesotho yearbook\n---\n"
            "**Population (2016):** 2,300,000\n",
        },
    )
    assert [(f.rule, f.severity) for f in found] == [("TC103", "warning")], found
    assert "period inferred from the report year (front-matter) in a.md" in found[0].message


@pytest.mark.parametrize("jobs", [1, 2])
def test_keys_below_the_reporting_threshold_are_not_compared(tmp_path: Path, jobs: int) -> None:
    pack = tipcheck.load_rules()
    strict = attrs.evolve(pack, confidence_report=0.95, confidence_error=0.95)
    (tmp_path / "a.txt").write_text(
        TITLED + "In 2015, courts convicted 14 traffickers.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        TITLED.replace("2016", "2017") + "In 2015, courts convicted 9 traffickers.\n",
        encoding="utf-8",
    )
    assert [f.rule for f in tipcheck.check([tmp_path]).findings if f.kind == "contradiction"]
    assert not [
        f
        for f in tipcheck.check([tmp_path], rules=strict, jobs=jobs).findings
        if f.kind == "contradiction"
    ]
