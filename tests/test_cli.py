"""The command line: exit codes, TC901 input errors, --against, formats, claims, rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tipcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"


def _seeds(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, d)
    return d


def test_check_json_exit_1_on_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["check", str(_seeds(tmp_path)), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 1
    assert data["tipcheck"] and len(data["documents"]) == 5
    rules = {f["rule"] for f in data["findings"]}
    assert {"TC101", "TC102", "TC203", "TC204"} <= rules


def test_corrupt_file_is_named_and_wins_over_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _seeds(tmp_path)
    (d / "bad.txt").write_bytes(b"Kazakhstan ratified \xff\xfe in 2008.\n")
    (d / "bin.md").write_bytes(b"\x00\x01\x02binary")
    rc = main(["check", str(d), "--format", "json"])
    cap = capsys.readouterr()
    data = json.loads(cap.out)
    assert rc == 2
    assert "bad.txt" in cap.err and "UTF-8" in cap.err and "bin.md" in cap.err
    assert {e["doc"] for e in data["errors"]} == {"bad.txt", "bin.md"}
    assert all(e["code"] == "TC901" for e in data["errors"])
    assert len(data["documents"]) == 5 and data["findings"]


def test_against_reports_only_findings_touching_new_material(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _seeds(tmp_path)
    new = tmp_path / "new.md"
    new.write_text(
        "# Kazakhstan\n\nKazakhstan ratified the Palermo Protocol in March 2006.\n",
        encoding="utf-8",
    )
    rc = main(["check", str(new), "--against", str(d), "--format", "json", "--no-duplicates"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 1
    assert data["findings"]
    assert all(any(e["doc"] == "new.md" for e in f["evidence"]) for f in data["findings"])


def test_fail_on_and_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean.md"
    clean.write_text("In 2010 police in Nepal opened 12 criminal cases.\n", encoding="utf-8")
    assert main(["check", str(clean)]) == 0
    d = _seeds(tmp_path)
    assert main(["check", str(d), "--exit-zero", "-q"]) == 0
    capsys.readouterr()


def test_reference_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ref = tmp_path / "ref.jsonl"
    ref.write_text(
        json.dumps(
            {
                "subject": "Kazakhstan",
                "property": "treaty.ratified",
                "value": "2008-07",
                "source": "UN Treaty Collection",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    rc = main(
        [
            "check",
            str(SEEDS / "004_07b74ad11b100860.txt"),
            "--reference",
            str(ref),
            "--format",
            "json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert rc == 1
    (f,) = [f for f in data["findings"] if f["rule"] == "TC104"]
    assert (
        f["evidence"][0]["doc"] == "004_07b74ad11b100860.txt"
        and "UN Treaty Collection" in f["message"]
    )


def test_bad_reference_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ref = tmp_path / "ref.csv"
    ref.write_text("subject,property,value\nAtlantis,treaty.ratified,2008\n", encoding="utf-8")
    assert main(["check", str(SEEDS), "--reference", str(ref)]) == 2
    err = capsys.readouterr().err
    assert "ref.csv" in err and "Atlantis" in err


def test_claims_jsonl_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", str(SEEDS / "001_4c72483d115ef933.txt"), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    keys = {
        "doc",
        "start",
        "end",
        "line",
        "quote",
        "subject",
        "property",
        "value",
        "period",
        "as_of",
        "negated",
        "extractor",
    }
    assert rows and all(keys <= set(r) for r in rows)
    text = (SEEDS / "001_4c72483d115ef933.txt").read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["quote"] for r in rows)
    money = next(r for r in rows if r["property"] == "funding.ngo")
    assert money["value"] == {
        "type": "quantity",
        "low": 12500,
        "high": None,
        "stated": 12500,
        "unit": "USD",
        "qualifier": "at least",
    }


def test_claims_table_and_rules_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", str(SEEDS / "000_6b1423da0e8bd5c5.txt")]) == 0
    assert "tip.tier" in capsys.readouterr().out
    assert main(["rules", "list"]) == 0
    assert "TC204" in capsys.readouterr().out
    assert main(["rules", "explain", "TC999"]) == 2
    assert main(["rules", "validate"]) == 0


def test_rules_validate_reports_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "rules" / "tip", pack)
    ext = pack / "extract.toml"
    ext.write_text(ext.read_text(encoding="utf-8") + '\n[[templat]]\nid = "x"\n', encoding="utf-8")
    assert main(["rules", "validate", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "extract.toml:" in err and "'templat'" in err and "template" in err


def test_python_m_tipcheck_runs() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "tipcheck", "rules", "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0 and "TC101" in r.stdout


def test_wheel_contains_the_default_pack(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {r.stderr[-300:]}")
    (whl,) = tmp_path.glob("tipcheck-*.whl")
    names = zipfile.ZipFile(whl).namelist()
    assert "tipcheck/rules/tip/pack.toml" in names and "tipcheck/rules/tip/extract.toml" in names
    assert any(n.startswith("tipcheck/report/ruledocs/TC101") for n in names)
    # typed for users' mypy --strict; the schemas and the HTML report's script ship too
    assert "tipcheck/py.typed" in names
    assert {"tipcheck/schemas/findings.schema.json", "tipcheck/schemas/claims.schema.json"} <= set(
        names
    )
    assert "tipcheck/report/formats/html/assets/report.js" in names
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(whl).read(meta).decode()
    assert "License-Expression: MIT" in text and "Classifier: Typing :: Typed" in text
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_two_roots_with_the_same_file_name_keep_both(tmp_path: Path) -> None:
    from tipcheck.read.documents import iter_files

    for name, year in (("a", 2011), ("b", 2005)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "r.md").write_text(
            f"Nepal ratified the Palermo Protocol in {year}.\n", encoding="utf-8"
        )
    ids = [
        doc_id
        for doc_id, _ in iter_files([tmp_path / "a", tmp_path / "b", tmp_path / "a" / "r.md"])
    ]
    # nothing dropped, the same file not read twice, and (issue 12) both colliding files take
    # their root's name, so the ids do not depend on which path came first
    assert ids == ["a/r.md", "b/r.md"]
    reordered = [tmp_path / "b", tmp_path / "a" / "r.md", tmp_path / "a"]
    assert [doc_id for doc_id, _ in iter_files(reordered)] == ids


def test_quiet_prints_findings_without_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(SEEDS), "--quiet"])
    out = capsys.readouterr().out
    assert "TC101" in out and "Found " not in out
    main(["check", str(SEEDS)])
    assert "Found " in capsys.readouterr().out


def test_config_exclude_skips_files_and_keeps_relative_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tipcheck]\nexclude = ["archive/**"]\n', encoding="utf-8"
    )
    for sub in ("docs/a", "docs/archive"):
        (tmp_path / sub).mkdir(parents=True)
    (tmp_path / "docs/a/x.md").write_text(
        "Nepal ratified the Palermo Protocol in 2011.\n", encoding="utf-8"
    )
    (tmp_path / "docs/archive/y.md").write_text(
        "Nepal ratified the Palermo Protocol in 2005.\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "docs", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in data["documents"]] == ["a/x.md"] and not data["findings"]
