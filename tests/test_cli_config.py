"""The command line as a ruff user expects it: config discovery from the checked paths,
--config, --isolated, --show-settings, --show-files, stdin, --statistics, --color, help texts,
schemas validated against real output, and a rule page for every code that can appear."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from tipcheck.cli import main
from tipcheck.cli_args import parser as _parser
from tipcheck.report.rulepages import rules
from tipcheck.schemas import schema
from tipcheck.stdin import read_stdin

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
DOC = "# Kazakhstan 2008\n\nKazakhstan ratified the Palermo Protocol in 2005.\n"


def _project(tmp_path: Path, config: str) -> Path:
    proj = tmp_path / "proj"
    (proj / "docs" / "deep").mkdir(parents=True)
    (proj / "pyproject.toml").write_text(config, encoding="utf-8")
    (proj / "docs" / "deep" / "a.md").write_text(DOC, encoding="utf-8")
    return proj


def test_config_is_found_from_the_checked_paths_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    proj = _project(tmp_path, '[tool.tipcheck]\nfail-on = "info"\nformat = "json"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["check", str(proj / "docs"), "--show-settings"]) == 0
    out = capsys.readouterr().out
    assert str((proj / "pyproject.toml").resolve()) in out
    assert re.search(r"fail-on\s+info", out)
    # --isolated ignores it; --config names another file
    assert main(["check", str(proj / "docs"), "--isolated", "--show-settings"]) == 0
    assert "(none found)" in capsys.readouterr().out
    other = tmp_path / "other.toml"
    other.write_text('fail-on = "warning"\n', encoding="utf-8")
    assert main(["check", str(proj / "docs"), "--config", str(other), "--show-settings"]) == 0
    assert re.search(r"fail-on\s+warning", capsys.readouterr().out)


def test_config_errors_say_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEEDS), "--config", str(tmp_path / "nope.toml")]) == 2
    err = capsys.readouterr().err
    assert "nope.toml" in err and "no such file" in err
    a = _project(tmp_path / "1", '[tool.tipcheck]\nfail-on = "info"\n')
    b = _project(tmp_path / "2", '[tool.tipcheck]\nfail-on = "error"\n')
    assert main(["check", str(a / "docs"), str(b / "docs")]) == 2
    err = capsys.readouterr().err
    assert "different configuration files" in err and "--config" in err


def test_show_files_lists_what_would_be_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proj = _project(tmp_path, '[tool.tipcheck]\nexclude = ["deep/skip.md"]\n')
    (proj / "docs" / "deep" / "skip.md").write_text(DOC, encoding="utf-8")
    assert main(["check", str(proj / "docs"), "--show-files"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [Path(p).name for p in out] == ["a.md"]


def test_stdin_document_is_named_by_stdin_filename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SEEDS / "004_07b74ad11b100860.txt").read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    rc = main(
        ["check", "-", str(SEEDS / "003_19fbf24e8040c8dc.txt"), "--stdin-filename",
         "drafts/new.txt", "--format", "json"]
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert rc == 1
    assert {d["id"] for d in data["documents"]} == {"drafts/new.txt", "003_19fbf24e8040c8dc.txt"}
    assert {d["path"] for d in data["documents"]} >= {"drafts/new.txt"}
    tc101 = [f for f in data["findings"] if f["rule"] == "TC101"]
    assert tc101 and {e["doc"] for e in tc101[0]["evidence"]} >= {"drafts/new.txt"}
    assert "tipcheck-stdin" not in json.dumps(data)


def test_stdin_that_is_not_utf8_is_named_by_its_name(capsys: pytest.CaptureFixture[str]) -> None:
    with read_stdin(["-"], "x.md", io.BytesIO(b"caf\xe9\n")) as (paths, doc):
        assert doc is not None and len(paths) == 1
        from tipcheck.engine import check

        report = doc.relabel(check(paths))
    assert [e.code for e in report.errors] == ["TC901"]
    assert report.errors[0].message.startswith("x.md: not valid UTF-8")


def test_stdin_filename_without_dash_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEEDS), "--stdin-filename", "a.md"]) == 2
    assert "add `-` to PATHS" in capsys.readouterr().err


def test_statistics_alone_prints_counts_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEEDS), "--statistics", "--color", "never"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"\d+  TC\d{3}  \w+\s+[\w-]+", lines[0])
    assert lines[-1].startswith("Found 14 findings in 5 documents")
    assert not any("|" in line or ".txt:" in line for line in lines)


def test_color_always_and_never(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(SEEDS), "--color", "always", "-q"])
    assert "\x1b[" in capsys.readouterr().out
    main(["check", str(SEEDS), "--color", "never", "-q"])
    assert "\x1b[" not in capsys.readouterr().out


def test_help_lists_exit_codes_and_describes_every_option() -> None:
    parser = _parser()
    assert "exit codes:" in parser.format_help()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():  # type: ignore[attr-defined]
        for action in p._actions:
            if action.dest not in ("help", "rules_command"):
                assert action.help, f"{name} {action.option_strings or action.dest}: no help"
    assert "exit codes:" in sub.choices["check"].format_help()  # type: ignore[attr-defined]


def test_one_document_is_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(DOC, encoding="utf-8")
    main(["claims", str(tmp_path / "a.md"), "--isolated"])
    assert "in 1 document\n" in capsys.readouterr().out


def test_every_code_in_the_source_has_a_rule_page() -> None:
    codes: set[str] = set()
    for path in (ROOT / "src" / "tipcheck").rglob("*.py"):
        codes |= set(re.findall(r'"(TC\d{3})"', path.read_text(encoding="utf-8")))
    assert {"TC901", "TC902", "TC903", "TC904", "TC905"} <= codes
    assert codes <= set(rules()), sorted(codes - set(rules()))


def test_rules_validate_rejects_unknown_keys_and_an_empty_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.toml").write_text('name = "x"\n', encoding="utf-8")
    assert main(["rules", "validate", str(pack)]) == 2
    assert "needs extract.toml" in capsys.readouterr().err
    (pack / "extract.toml").write_text("", encoding="utf-8")
    assert main(["rules", "validate", str(pack)]) == 2
    assert "nothing to extract" in capsys.readouterr().err
    (pack / "extract.toml").write_text(
        '[[template]]\nid = "t"\nproperty = "p"\nvalue = "event"\npaterns = ["x"]\n',
        encoding="utf-8",
    )
    assert main(["rules", "validate", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "extract.toml:5" in err and "'paterns'" in err and "'patterns'" in err


@pytest.mark.parametrize("corpus", ["seeds", "corpus/planted", "corpus/clean"])
def test_findings_document_matches_its_schema(
    corpus: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(ROOT / "fixtures" / corpus), "--format", "json", "--isolated"])
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == [] and data["notices"] == []
    jsonschema.Draft202012Validator(schema("findings")).validate(data)


def test_findings_with_errors_and_notices_match_the_schema(tmp_path: Path) -> None:
    from _sample import sample_report

    jsonschema.Draft202012Validator(schema("findings")).validate(sample_report().to_json())


def test_claims_lines_match_their_schema(capsys: pytest.CaptureFixture[str]) -> None:
    main(["claims", str(SEEDS), str(ROOT / "fixtures" / "corpus"), "--format", "jsonl"])
    lines = capsys.readouterr().out.splitlines()
    validator = jsonschema.Draft202012Validator(schema("claims"))
    types = set()
    for line in lines:
        claim = json.loads(line)
        validator.validate(claim)
        types.add(claim["value"]["type"])
    assert {"quantity", "event", "tier", "breakdown", "comparison", "set"} <= types


def test_schema_command_prints_valid_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("findings", "claims"):
        assert main(["schema", name]) == 0
        jsonschema.Draft202012Validator.check_schema(json.loads(capsys.readouterr().out))
