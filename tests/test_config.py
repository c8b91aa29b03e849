"""Configuration discovery, validation and clear errors; select/ignore and per-path rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipcheck.config import (
    Config,
    ConfigError,
    as_of_for,
    excluded,
    load_config,
    path_ignored,
    select_codes,
)

FULL = """
[tool.tipcheck]
rules = "packs/tip"
reference = "ref/facts.csv"
fail-on = "warning"
select = ["TC1", "tc2"]
ignore = ["TC102"]
per-path-ignores = { "drafts/*" = ["TC4"], "*.html" = ["ALL"] }
as-of = { "old/*.md" = "2008-06", "a.md" = "2007" }
boilerplate = "off"
format = "sarif"
exclude = ["archive/**"]
against = "index/tipcheck.db"

[tool.tipcheck.thresholds]
duplicate-similarity = 0.85
min-passage-words = 12
"""


def _write(dir_: Path, name: str, text: str) -> Path:
    dir_.mkdir(parents=True, exist_ok=True)
    path = dir_ / name
    path.write_text(text, encoding="utf-8")
    return path


def test_full_pyproject_config(tmp_path: Path) -> None:
    cfg_file = _write(tmp_path, "pyproject.toml", FULL)
    sub = tmp_path / "docs" / "deep"
    sub.mkdir(parents=True)
    cfg = load_config(sub)
    assert cfg.source == cfg_file.resolve()
    assert cfg.root == tmp_path.resolve()
    assert cfg.rules == tmp_path.resolve() / "packs/tip"
    assert cfg.reference == tmp_path.resolve() / "ref/facts.csv"
    assert cfg.fail_on == "warning"
    assert cfg.select == ("TC1", "TC2") and cfg.ignore == ("TC102",)
    assert cfg.per_path_ignores == {"drafts/*": ("TC4",), "*.html": ("ALL",)}
    assert cfg.as_of == {"old/*.md": "2008-06", "a.md": "2007"}
    assert cfg.boilerplate == "off" and cfg.format == "sarif"
    assert cfg.duplicate_similarity == 0.85 and cfg.min_passage_words == 12
    assert cfg.exclude == ("archive/**",)
    assert cfg.against == (tmp_path.resolve() / "index/tipcheck.db",)


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()


def test_pyproject_without_table_is_passed_over(tmp_path: Path) -> None:
    _write(tmp_path, "tipcheck.toml", 'fail-on = "info"\n')
    _write(tmp_path / "pkg", "pyproject.toml", "[project]\nname = 'x'\n")
    cfg = load_config(tmp_path / "pkg")
    assert cfg.fail_on == "info" and cfg.source == (tmp_path / "tipcheck.toml").resolve()


def test_nearest_file_wins_and_tipcheck_toml_beats_pyproject(tmp_path: Path) -> None:
    _write(tmp_path, "pyproject.toml", '[tool.tipcheck]\nfail-on = "info"\n')
    _write(tmp_path / "a", "pyproject.toml", '[tool.tipcheck]\nfail-on = "warning"\n')
    assert load_config(tmp_path / "a").fail_on == "warning"
    _write(tmp_path / "a", "tipcheck.toml", 'fail-on = "error"\n')
    assert load_config(tmp_path / "a").fail_on == "error"


def test_cwd_is_the_default_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "tipcheck.toml", 'format = "json"\n')
    monkeypatch.chdir(tmp_path)
    assert load_config().format == "json"


@pytest.mark.parametrize(
    ("body", "key", "needles"),
    [
        ('fail_on = "error"', "fail_on", ["unknown key", "did you mean 'fail-on'?"]),
        ('selct = ["TC1"]', "selct", ["did you mean 'select'?"]),
        ("zzz = 1", "zzz", ["valid keys: rules, reference, fail-on"]),
        (
            'fail-on = "fatal"',
            "fail-on",
            ["got 'fatal' (a string)", '"error" | "warning" | "info"'],
        ),
        ('fail-on = "Error"', "fail-on", ['did you mean "error"?']),
        ("fail-on = 2", "fail-on", ["got 2 (an integer)"]),
        ('select = "TC1"', "select", ['expected a list of rule codes such as ["TC1"]']),
        ('ignore = ["E501"]', "ignore", ["'E501' is not a rule code or prefix"]),
        ('per-path-ignores = ["x"]', "per-path-ignores", ["expected a table of glob = [codes]"]),
        ('per-path-ignores = { "d/*" = "TC1" }', 'per-path-ignores."d/*"', ["expected a list"]),
        ('as-of = { "a.md" = "June 2008" }', 'as-of."a.md"', ["got 'June 2008'"]),
        ('as-of = { "a.md" = 2008 }', 'as-of."a.md"', ['"YYYY", "YYYY-MM" or "YYYY-MM-DD"']),
        ('boilerplate = "on"', "boilerplate", ['"info" | "drift" | "off"']),
        ('format = "xml"', "format", ['"text" | "json" | "sarif"']),
        ("exclude = [1]", "exclude", ["a list of glob strings"]),
        ("rules = 3", "rules", ["a path to a rule pack"]),
        (
            "[tool.tipcheck.thresholds]\nduplicate-similarity = 1.5",
            "thresholds.duplicate-similarity",
            ["from 0 to 1, got 1.5"],
        ),
        (
            "[tool.tipcheck.thresholds]\nmin-passage-words = 0",
            "thresholds.min-passage-words",
            ["at least 1"],
        ),
        (
            "[tool.tipcheck.thresholds]\nmin-passage-words = true",
            "thresholds.min-passage-words",
            ["(a boolean)"],
        ),
        (
            "[tool.tipcheck.thresholds]\nsimilarity = 0.9",
            "thresholds.similarity",
            ["did you mean 'duplicate-similarity'?"],
        ),
    ],
)
def test_bad_config_names_file_key_and_fix(
    tmp_path: Path, body: str, key: str, needles: list[str]
) -> None:
    header = "" if body.startswith("[") else "[tool.tipcheck]\n"
    path = _write(tmp_path, "pyproject.toml", header + body + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{path}: tool.tipcheck.")
    assert f"tool.tipcheck.{key}:" in message
    for needle in needles:
        assert needle in message, message
    assert info.value.path == path


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "tipcheck.toml", "fail-on = \n")
    with pytest.raises(ConfigError, match="not valid TOML") as info:
        load_config(tmp_path)
    assert str(path) in str(info.value)


def test_tipcheck_toml_keys_have_no_prefix_and_no_tool_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "tipcheck.toml", 'fail-on = "nope"\n')
    with pytest.raises(ConfigError, match=f"^{path}: fail-on: got 'nope'"):
        load_config(tmp_path)
    _write(tmp_path, "tipcheck.toml", '[tool.tipcheck]\nfail-on = "info"\n')
    with pytest.raises(ConfigError, match=r"remove the \[tool.tipcheck\] header"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("TC101", [], [], True),
        ("TC101", ["TC1"], [], True),
        ("TC201", ["TC1"], [], False),
        ("TC101", ["TC1"], ["TC101"], False),
        ("TC102", ["TC1"], ["TC101"], True),
        ("TC101", ["TC101"], ["TC1"], True),
        ("TC101", ["TC1"], ["TC1"], False),
        ("TC301", [], ["TC3"], False),
        ("TC301", ["ALL"], ["TC3"], False),
        ("TC301", ["TC30"], ["TC3"], True),
        ("TC101", [], ["ALL"], False),
        ("TC101", ["TC101"], ["ALL"], True),
    ],
)
def test_select_codes_longest_prefix_wins(
    code: str, select: list[str], ignore: list[str], expected: bool
) -> None:
    assert select_codes(code, select, ignore) is expected


def test_path_ignored() -> None:
    per_path = {"drafts/*": ["TC4"], "*.html": ["ALL"], "notes/": ["TC1"]}
    assert path_ignored("drafts/a.md", "TC401", per_path)
    assert path_ignored("drafts/deep/a.md", "TC402", per_path)
    assert not path_ignored("drafts/a.md", "TC101", per_path)
    assert path_ignored("x/y/page.html", "TC101", per_path)
    assert path_ignored("notes/n.md", "TC102", per_path)
    assert not path_ignored("other/a.md", "TC401", per_path)


def test_as_of_and_exclude_helpers() -> None:
    as_of = {"old/*.md": "2008-06", "a.md": "2007"}
    assert as_of_for("a.md", as_of) == "2007"
    assert as_of_for("old/x.md", as_of) == "2008-06"
    assert as_of_for("new/x.md", as_of) is None
    assert excluded("archive/2001/x.md", ["archive/**"])
    assert excluded("a/b/c.md", ["**/c.md"])
    assert not excluded("current/x.md", ["archive/**"])
