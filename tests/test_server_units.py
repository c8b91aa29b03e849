"""The language server's pure parts: offsets and positions in each encoding, findings as
diagnostics and hover text, rule pages, document ids, and the workspace's index handling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("lsprotocol")

from tipcheck.findings import Evidence, Finding
from tipcheck.index import Index
from tipcheck.read.suppressions import Notice
from tipcheck.report.rulepages import rules
from tipcheck.server.diagnostics import (
    Place,
    evidence_range,
    finding_items,
    hover_text,
    item_at,
    md_escape,
    notice_items,
    suppression_edit,
)
from tipcheck.server.pages import Pages, page_text
from tipcheck.server.positions import UTF8, UTF16, UTF32, LineIndex, units
from tipcheck.server.workspace import Options, Workspace, document_id, index_key

TEXT = "a😀b\r\nsecond é line\rthird\n"


@pytest.mark.parametrize(
    ("enc", "after_emoji", "e_acute"),
    [(UTF16, 3, (1, 8)), (UTF32, 2, (1, 8)), (UTF8, 5, (1, 9))],
)
def test_offsets_and_positions_round_trip(
    enc: str, after_emoji: int, e_acute: tuple[int, int]
) -> None:
    lines = LineIndex(TEXT)
    assert lines.position(2, enc) == (0, after_emoji)  # just after the emoji
    assert lines.position(TEXT.index("é") + 1, enc) == e_acute
    assert lines.position(TEXT.index("third"), enc) == (2, 0)  # a lone \r ends a line
    for off in range(len(TEXT) + 1):
        if TEXT[off - 1 : off + 1] == "\r\n":
            continue  # inside a line break: no position is there
        assert lines.offset(*lines.position(off, enc), enc) == off, off


def test_positions_past_the_end_are_clamped() -> None:
    lines = LineIndex(TEXT)
    assert lines.offset(0, 99) == TEXT.index("\r")
    assert lines.offset(99, 0) == len(TEXT)
    assert lines.line_span(1) == (TEXT.index("second"), TEXT.index("\rthird"))
    assert units("😀", UTF16) == 2 and units("😀", UTF8) == 4 and units("😀", UTF32) == 1


def _finding(*sides: Evidence, rule: str = "TC103") -> Finding:
    return Finding(rule, "contradiction", "error", "Romania: 40 vs 55", sides)


DOC = "# Draft\n\n😀 55 trafficking investigations in 2009.\n"
HERE = Evidence(
    "d.md", DOC.index("55"), DOC.index("55") + 29, 3, "55 trafficking investigations", "55", 3
)
THERE = Evidence("b.md", 37, 66, 3, "40 trafficking investigations", "40", 38)


def test_a_finding_becomes_a_diagnostic_with_the_other_side_related() -> None:
    lines = LineIndex(DOC)
    other = "# Romania\n\nIn 2009, police in Romania conducted 40 trafficking investigations.\n"
    places = {"d.md": Place("file:///d.md", lines), "b.md": Place("file:///b.md", LineIndex(other))}
    (item,) = finding_items(
        [_finding(HERE, THERE)], "d.md", lines, places.get, href=lambda c: f"file:///{c}.md"
    )
    d = item.diagnostic
    assert (d.range.start.line, d.range.start.character) == (2, 3)  # UTF-16: emoji is 2
    assert d.code == "TC103" and d.code_description is not None
    assert d.code_description.href == "file:///TC103.md"
    (rel,) = d.related_information or []
    assert rel.location.uri == "file:///b.md"
    assert (rel.location.range.start.line, rel.location.range.start.character) == (2, 37)
    assert item_at([item], DOC.index("trafficking")) == [item]
    assert item_at([item], 0) == []


def test_two_sides_in_the_open_document_are_two_diagnostics_pointing_at_each_other() -> None:
    lines = LineIndex(DOC + DOC)
    second = Evidence("d.md", HERE.start + len(DOC), HERE.end + len(DOC), 6, HERE.quote, "55", 3)
    items = finding_items(
        [_finding(HERE, second)], "d.md", lines, lambda d: Place("file:///d.md", lines)
    )
    assert [i.diagnostic.range.start.line for i in items] == [2, 5]
    assert [
        (i.diagnostic.related_information or [])[0].location.range.start.line for i in items
    ] == [5, 2]


def test_an_unread_side_is_placed_from_its_line_and_column() -> None:
    r = evidence_range(THERE, Place("file:///b.md"))
    assert (r.start.line, r.start.character, r.end.line, r.end.character) == (2, 37, 2, 66)


def test_notices_cover_their_line_and_unused_ones_are_greyed_out() -> None:
    text = "<!-- tipcheck: ignore TC101 -->\ntext\n"
    (item,) = notice_items([Notice("d.md", 1, "TC904", "unused")], "d.md", LineIndex(text))
    assert item.diagnostic.range.end.character == len("<!-- tipcheck: ignore TC101 -->")
    assert item.diagnostic.tags and item.diagnostic.tags[0].value == 1  # Unnecessary


def test_hover_names_the_rule_and_escapes_the_quotes() -> None:
    weird = Evidence("b.md", 0, 9, 1, "*40* <b>x", "40", 1)
    (item,) = finding_items(
        [_finding(HERE, weird)], "d.md", LineIndex(DOC), lambda d: Place("file:///x", None)
    )
    text = hover_text([item])
    assert text.startswith("**TC103** value-conflict · error")
    assert r"> \*40\* \<b\>x" in text and "Here: value `55`" in text
    assert md_escape("a_b") == r"a\_b"


def test_the_suppression_goes_above_the_paragraph_never_above_front_matter() -> None:
    text = "---\ndate: 2009\n---\nRomania had 55 cases.\n\nMore.\n"
    at, comment = suppression_edit(text, text.index("55"), "TC103")
    assert text[:at].endswith("---\n") and at == text.index("Romania")
    assert comment == "<!-- tipcheck: ignore TC103 -->\n"
    crlf = "One.\r\n\r\nTwo 55.\r\n"
    at, comment = suppression_edit(crlf, crlf.index("55"), "TC1")
    assert at == crlf.index("Two") and comment.endswith("\r\n")


def test_every_rule_page_renders_and_is_written_read_only() -> None:
    for doc in rules().values():
        assert page_text(doc).startswith(f"# {doc.code} {doc.name}")
    pages = Pages()
    p = pages.path("TC101")
    assert p is not None and pages.holds(p) and "event-date-conflict" in p.read_text()
    assert pages.path("TC999") is None


def test_document_ids(tmp_path: Path) -> None:
    assert document_id(tmp_path / "d" / "x.md", "", [tmp_path]) == "d/x.md"
    assert document_id(Path("/else/x.md"), "", [tmp_path]) == "/else/x.md"
    assert document_id(None, "Untitled-1", [], "markdown") == "Untitled-1.md"
    assert document_id(None, "Untitled-1", [], "plaintext") == "Untitled-1"


def test_workspace_checks_alone_says_why_and_reopens_a_replaced_index(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.md").write_text("Moldova ratified the Palermo Protocol in 2005.\n")
    draft = "Moldova ratified the Palermo Protocol in March 2006.\n"
    db = tmp_path / "t.db"
    ws = Workspace(Options(against=db, isolated=True), [tmp_path])
    got = ws.check(draft, tmp_path / "new.md", "new.md")
    assert got.findings == () and "no such index" in got.errors[0]
    with Index(db) as idx:
        idx.update([tmp_path / "c"])
    key = index_key(db)
    got = ws.check(draft, tmp_path / "new.md", "new.md")
    assert [f.rule for f in got.findings] == ["TC101"] and got.errors == ()
    assert got.paths["a.md"] == tmp_path / "c" / "a.md" and "a.md" in got.texts
    # the open copy of an indexed document is checked under its id, in its place
    same = ws.check(draft, tmp_path / "c" / "a.md", "a.md")
    assert same.doc_id == "a.md" and same.findings == ()
    os.replace(db, tmp_path / "moved.db")
    Path(f"{db}-wal").unlink(missing_ok=True)
    got = ws.check(draft, tmp_path / "new.md", "new.md")
    assert "no such index" in got.errors[0] and key is not None and index_key(db) is None
    ws.close()


def test_a_newer_index_is_a_message_not_a_crash(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "new.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('schema', '99')")
    con.commit()
    con.close()
    ws = Workspace(Options(against=db, isolated=True))
    got = ws.check("Moldova ratified the Palermo Protocol in 2005.\n", None, "u", "markdown")
    assert "newer tipcheck" in got.errors[0] and got.doc_id == "u.md"
    ws.close()


def test_the_cli_does_not_import_the_server() -> None:
    """`tipcheck check` start-up must not pay for pygls."""
    code = "import sys, tipcheck.cli; print(sorted(m for m in sys.modules if 'pygls' in m or m.startswith('tipcheck.server') or m.startswith('lsprotocol')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_pygls_the_server_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tipcheck.cli import main

    monkeypatch.setitem(sys.modules, "tipcheck.server.app", None)  # import fails as without pygls
    assert main(["server"]) == 2
    assert "pip install 'tipcheck[lsp]'" in capsys.readouterr().err
