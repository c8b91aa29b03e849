"""Suppressions in Markdown and HTML comments: ignore (next paragraph), disable/enable (range),
codes by prefix or `all`, and notices for unused (TC904) and unknown (TC905) suppressions."""

from __future__ import annotations

import pytest

from _sample import ev
from tipcheck.findings import Finding
from tipcheck.read.suppressions import Notice, is_markup, parse_suppressions
from tipcheck.report.model import Report
from tipcheck.report.suppress import apply_suppressions

KNOWN = ("TC101", "TC102", "TC201", "TC301", "TC302", "TC401")


def _f(texts: dict[str, str], doc: str, needle: str, rule: str = "TC101", nth: int = 0) -> Finding:
    kind = {"TC1": "contradiction", "TC2": "arithmetic", "TC3": "duplicate", "TC4": "drift"}
    return Finding(
        rule, kind[rule[:3]], "error", f"{rule} at {needle}", (ev(texts, doc, needle, nth=nth),)
    )


def _run(texts: dict[str, str], *findings: Finding) -> tuple[list[str], list[Notice]]:
    report = Report("0.1.0", (), findings, texts=texts)
    out, notices = apply_suppressions(report, KNOWN)
    return [f.message for f in out.findings], notices


DOC = """# Title

<!-- tipcheck: ignore TC101 -->
Alpha paragraph, line one
continues here.

Beta paragraph.
"""


def test_ignore_silences_the_next_paragraph_only() -> None:
    texts = {"d.md": DOC}
    kept, notices = _run(
        texts, _f(texts, "d.md", "Alpha"), _f(texts, "d.md", "continues"), _f(texts, "d.md", "Beta")
    )
    assert kept == ["TC101 at Beta"]
    assert notices == []


def test_ignore_matches_codes_by_prefix_and_not_others() -> None:
    texts = {"d.md": DOC.replace("ignore TC101", "ignore TC1")}
    kept, _ = _run(texts, _f(texts, "d.md", "Alpha", "TC102"), _f(texts, "d.md", "Alpha", "TC201"))
    assert kept == ["TC201 at Alpha"]


def test_several_codes_and_stacked_comments() -> None:
    text = "<!-- tipcheck: ignore TC101, TC2 -->\n<!-- tipcheck: ignore TC301 -->\n\nPara one.\n\nPara two.\n"
    texts = {"d.md": text}
    kept, notices = _run(
        texts,
        _f(texts, "d.md", "one", "TC101"),
        _f(texts, "d.md", "one", "TC201"),
        _f(texts, "d.md", "one", "TC301"),
        _f(texts, "d.md", "two", "TC101"),
    )
    assert kept == ["TC101 at two"]
    assert notices == []


def test_disable_enable_range_and_all() -> None:
    text = (
        "One TC3.\n\n<!-- tipcheck: disable TC3 -->\n\nTwo.\n\nThree.\n\n"
        "<!-- tipcheck: enable TC3 -->\n\nFour.\n\n<!-- tipcheck: disable all -->\nFive.\n"
    )
    texts = {"d.md": text}
    kept, notices = _run(
        texts,
        _f(texts, "d.md", "One", "TC301"),
        _f(texts, "d.md", "Two", "TC301"),
        _f(texts, "d.md", "Three", "TC302"),
        _f(texts, "d.md", "Three", "TC101"),
        _f(texts, "d.md", "Four", "TC301"),
        _f(texts, "d.md", "Five", "TC401"),
    )
    assert kept == ["TC301 at One", "TC101 at Three", "TC301 at Four"]
    # `disable all` is reported with what it hid (issue 12), so it cannot pass a gate silently
    assert [(n.code, n.line) for n in notices] == [("TC910", 13)]
    assert "hid 1 finding (TC401 ×1)" in notices[0].message


def test_a_finding_is_silenced_when_any_side_is_suppressed() -> None:
    texts = {"a.md": "<!-- tipcheck: ignore TC101 -->\nA says 2005.\n", "b.txt": "B says 2008.\n"}
    both = Finding(
        "TC101",
        "contradiction",
        "error",
        "two sides",
        (ev(texts, "b.txt", "2008"), ev(texts, "a.md", "2005")),
    )
    kept, notices = _run(texts, both)
    assert kept == [] and notices == []


def test_unused_and_unknown_suppressions_are_notices() -> None:
    text = (
        "<!-- tipcheck: ignore TC101 -->\nNothing here.\n\n"
        "<!-- tipcheck: ignore TC999 -->\nx\n\n"
        "<!-- tipcheck: ignor TC101 -->\ny\n\n"
        "<!-- tipcheck: ignore -->\nz\n\n"
        "<!-- tipcheck: enable TC3 -->\n"
    )
    _, notices = _run({"d.md": text})
    assert [(n.line, n.code) for n in notices] == [
        (1, "TC904"),
        (4, "TC905"),
        (7, "TC905"),
        (10, "TC905"),
        (13, "TC905"),
    ]
    by_line = {n.line: n.message for n in notices}
    assert "unused suppression: `ignore TC101` silenced no finding" in by_line[1]
    assert "no rule has code TC999" in by_line[4]
    assert "did you mean `ignore`?" in by_line[7]
    assert "names no rule code" in by_line[10] and "`all`" in by_line[10]
    assert "no matching `disable TC3`" in by_line[13]
    assert notices[0].to_json() == {
        "doc": "d.md",
        "line": 1,
        "code": "TC904",
        "severity": "info",
        "message": notices[0].message,
    }


def test_plain_text_and_code_fences_carry_no_directives() -> None:
    txt = {"d.txt": "<!-- tipcheck: ignore TC101 -->\nAlpha.\n"}
    kept, notices = _run(txt, _f(txt, "d.txt", "Alpha"))
    assert kept == ["TC101 at Alpha"] and notices == []
    md = {"d.md": "```\n<!-- tipcheck: ignore TC101 -->\n```\nAlpha.\n"}
    kept, notices = _run(md, _f(md, "d.md", "Alpha"))
    assert kept == ["TC101 at Alpha"] and notices == []


def test_html_documents_and_case() -> None:
    texts = {"p.HTML": "<p>x</p>\n<!--TIPCHECK: IGNORE tc101-->\n<p>Alpha</p>\n"}
    kept, notices = _run(texts, _f(texts, "p.HTML", "Alpha"))
    assert kept == [] and notices == []


@pytest.mark.parametrize(
    ("doc", "expected"),
    [("a.md", True), ("a.markdown", True), ("x/a.html", True), ("a.txt", False)],
)
def test_is_markup(doc: str, expected: bool) -> None:
    assert is_markup(doc) is expected


def test_parse_regions() -> None:
    text = "<!-- tipcheck: disable TC3 -->\nA\n"
    sups, notices = parse_suppressions("d.md", text, KNOWN)
    assert notices == []
    assert [(s.code, s.start, s.end) for s in sups] == [("TC3", text.index("\n"), len(text))]
