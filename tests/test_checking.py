"""`tipcheck.check` and `tipcheck check` share one code path: configuration found from the
checked paths, select/ignore, per-path ignores, suppression comments and baselines apply the
same way in both, and the config's `against` is what new material is checked against."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import tipcheck
from tipcheck.config import ConfigError
from tipcheck.report.formats import render

A = """# Moldova: trafficking in persons, 2011

Published 1 June 2011.

In 2010 the courts of Moldova convicted 25 traffickers.
"""

B = """# Moldova news

Published 3 June 2011.

{comment}Moldovan courts convicted 40 traffickers in 2010, officials said.
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # paths in a report are shown relative to the working directory: the same one for both
    monkeypatch.chdir(tmp_path)


def _corpus(root: Path, *, comment: str = "", config: str | None = None) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text(A, encoding="utf-8")
    (docs / "b.md").write_text(B.format(comment=comment), encoding="utf-8")
    if config is not None:
        (root / "pyproject.toml").write_text("[tool.tipcheck]\n" + config, encoding="utf-8")
    return docs


def _cli(*args: str, cwd: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "tipcheck", "check", *args, "--format", "json", "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _lib(report: tipcheck.Report) -> dict[str, object]:
    return json.loads(render(report, "json"))  # type: ignore[no-any-return]


def _codes(doc: dict[str, object]) -> list[str]:
    return [f["rule"] for f in doc["findings"]]  # type: ignore[attr-defined, index]


def test_the_engine_alone_finds_the_contradiction(tmp_path: Path) -> None:
    docs = _corpus(tmp_path, comment="<!-- tipcheck: ignore TC1 -->\n")
    report = tipcheck.check([docs], isolated=True, suppressions=False)
    assert [f.rule for f in report.findings] == ["TC103"]


def test_a_suppression_comment_applies_in_the_library_as_in_the_cli(tmp_path: Path) -> None:
    docs = _corpus(tmp_path, comment="<!-- tipcheck: ignore TC1 -->\n")
    lib = _lib(tipcheck.check([docs]))
    assert _codes(lib) == []
    assert lib == _cli(str(docs), cwd=tmp_path)


def test_the_config_found_from_the_checked_paths_applies_to_the_library(tmp_path: Path) -> None:
    # the working directory is elsewhere: the file is found from the checked folder upward
    docs = _corpus(tmp_path / "project", config='ignore = ["TC1"]\n')
    assert _codes(_lib(tipcheck.check([docs]))) == []
    assert _codes(_lib(tipcheck.check([docs], isolated=True))) == ["TC103"]
    assert _codes(_lib(tipcheck.check([docs], select=["TC103"]))) == ["TC103"]
    assert _lib(tipcheck.check([docs])) == _cli(str(docs), cwd=tmp_path)


def test_per_path_ignores_and_a_named_config_file(tmp_path: Path) -> None:
    docs = _corpus(tmp_path / "p")
    cfg = tmp_path / "other.toml"
    cfg.write_text('[per-path-ignores]\n"b.md" = ["TC103"]\n', encoding="utf-8")
    assert _codes(_lib(tipcheck.check([docs], config=cfg))) == []
    assert _lib(tipcheck.check([docs], config=cfg)) == _cli(
        str(docs), "--config", str(cfg), cwd=tmp_path
    )


def test_a_baseline_applies_in_the_library_as_in_the_cli(tmp_path: Path) -> None:
    docs = _corpus(tmp_path / "p")
    base = tmp_path / "base.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tipcheck",
            "check",
            str(docs),
            "--no-cache",
            "-q",
            "--write-baseline",
            str(base),
            "--exit-zero",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    lib = _lib(tipcheck.check([docs], baseline=base))
    assert _codes(lib) == []
    assert lib == _cli(str(docs), "--baseline", str(base), cwd=tmp_path)


def test_the_configs_against_is_what_new_material_is_checked_against(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "a.md").write_text(A, encoding="utf-8")
    (root / "tipcheck.toml").write_text('against = ["corpus/"]\n', encoding="utf-8")
    new = root / "new.md"
    new.write_text(B.format(comment=""), encoding="utf-8")
    lib = _lib(tipcheck.check([new]))
    assert _codes(lib) == ["TC103"]
    assert lib == _cli(str(new), cwd=tmp_path)
    assert lib == _cli(str(new), "--against", str(corpus), cwd=tmp_path)
    # alone, the new document contradicts nothing
    assert _codes(_lib(tipcheck.check([new], isolated=True))) == []


def test_a_bad_against_in_the_config_names_the_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "tipcheck.toml").write_text("against = [1]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(A, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tipcheck.toml: against: expected"):
        tipcheck.check([tmp_path / "a.md"])


def test_file_names_may_follow_against_as_a_hook_appends_them(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(A, encoding="utf-8")
    new = tmp_path / "new.md"
    new.write_text(B.format(comment=""), encoding="utf-8")
    other = tmp_path / "other.md"
    other.write_text("# Notes\n\nNothing to see.\n", encoding="utf-8")
    got = _cli("--against", str(corpus), str(new), str(other), cwd=tmp_path)
    assert _codes(got) == ["TC103"]
    assert sorted(d["id"] for d in got["documents"]) == ["a.md", "new.md", "other.md"]  # type: ignore[attr-defined, index]
    # two corpora: the option repeated
    more = tmp_path / "more"
    more.mkdir()
    again = _cli(
        "--against", str(corpus), "--against", str(more), str(new), str(other), cwd=tmp_path
    )
    assert again == got


def test_max_file_size_applies_to_the_corpus_and_the_new_files_against_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(A, encoding="utf-8")
    (corpus / "big.md").write_text(A + "x" * 3000, encoding="utf-8")
    new = tmp_path / "new.md"
    new.write_text(B.format(comment="") + "y" * 3000, encoding="utf-8")
    small = tmp_path / "small.md"
    small.write_text(B.format(comment=""), encoding="utf-8")
    cfg = tmp_path / "tipcheck.toml"
    cfg.write_text('max-file-size = "1 KB"\n', encoding="utf-8")
    report = tipcheck.check([new, small], against=[corpus], config=cfg)
    assert sorted((e.doc, e.code) for e in report.errors) == [
        ("big.md", "TC907"),
        ("new.md", "TC907"),
    ]
    assert [(f.rule, sorted(e.doc for e in f.evidence)) for f in report.findings] == [
        ("TC103", ["a.md", "small.md"])
    ]
