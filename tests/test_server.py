"""`tipcheck server` driven as an editor drives it: JSON-RPC over stdio (tests/_lsp.py), a
tiny index built from two fixture documents, initialize → didOpen → publishDiagnostics →
didChange → cleared; hover, code actions, the rule page; a missing index that is built, then
replaced, while the server runs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _lsp import Client
from tipcheck.index import Index
from tipcheck.read.suppressions import parse_suppressions

pytest.importorskip("pygls")

MOLDOVA = "# Moldova\n\nMoldova ratified the Palermo Protocol in 2005.\n"
ROMANIA = "# Romania\n\nIn 2009, police in Romania conducted 40 trafficking investigations.\n"
PASSAGE = (
    "The government made modest efforts to protect victims during the year, and the police "
    "referred forty-two victims to shelters run by non-governmental organizations in the "
    "capital. Officials did not systematically screen migrants for signs of exploitation at "
    "the border."
)
# An emoji before the claim: one code point, two UTF-16 units, four UTF-8 bytes.
DRAFT = (
    "# Draft\n\n"
    "😀 Moldova ratified the 2000 UN TIP Protocol in March 2006.\n\n"
    "Romanian police conducted 55 trafficking investigations in 2009.\n"
)


def _corpus(root: Path, docs: dict[str, str]) -> Path:
    folder = root / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build(db: Path, corpus: Path) -> None:
    with Index(db) as idx:
        idx.update([corpus])


def _open(c: Client, path: Path, text: str, language: str = "markdown") -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    c.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}},
    )
    return uri


def _full_change(c: Client, uri: str, version: int, text: str) -> None:
    c.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
    )


def _span(d: dict[str, Any]) -> tuple[int, int, int, int]:
    r = d["range"]
    return (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Path]]:
    """A server for a workspace whose tipcheck.toml names the index (`against`)."""
    root = tmp_path_factory.mktemp("ws")
    docs = {"a.md": MOLDOVA, "b.md": ROMANIA, "c.md": f"# Report\n\n{PASSAGE}\n"}
    _build(root / "tipcheck.db", _corpus(root, docs))
    (root / "tipcheck.toml").write_text('against = "tipcheck.db"\n', encoding="utf-8")
    c = Client(["--debounce", "100"], cwd=root)
    caps = {"window": {"showDocument": {"support": True}}}
    got = c.initialize(root, caps)
    assert got["capabilities"]["positionEncoding"] == "utf-16"
    yield c, root
    assert c.close() == 0


def test_open_publishes_the_contradictions_with_codes_and_utf16_ranges(
    editor: tuple[Client, Path],
) -> None:
    c, root = editor
    uri = _open(c, root / "drafts" / "open.md", DRAFT)
    diags = sorted(c.diagnostics(uri, 1), key=_span)
    assert [d["code"] for d in diags] == ["TC101", "TC103"]
    # line 2: "😀 " is 3 UTF-16 units; the quote is 55 characters long
    assert _span(diags[0]) == (2, 3, 2, 58)
    assert _span(diags[1]) == (4, 26, 4, 55)
    assert {d["severity"] for d in diags} == {1} and {d["source"] for d in diags} == {"tipcheck"}
    rel = diags[0]["relatedInformation"][0]
    assert rel["location"]["uri"] == (root / "corpus" / "a.md").as_uri()
    assert rel["location"]["range"]["start"] == {"line": 2, "character": 0}
    assert "2005" in rel["message"]
    assert diags[0]["codeDescription"]["href"].endswith("/TC101.md")


def test_an_incremental_change_that_fixes_it_clears_the_diagnostics(
    editor: tuple[Client, Path],
) -> None:
    c, root = editor
    uri = _open(c, root / "drafts" / "fix.md", DRAFT)
    assert len(c.diagnostics(uri, 1)) == 2
    # "March 2006" → "2005", addressed in UTF-16 units after the emoji (line 2, 48..58)
    c.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [
                {
                    "range": {
                        "start": {"line": 2, "character": 48},
                        "end": {"line": 2, "character": 58},
                    },
                    "text": "2005",
                }
            ],
        },
    )
    assert [d["code"] for d in c.diagnostics(uri, 2)] == ["TC103"]
    _full_change(c, uri, 3, DRAFT.replace("March 2006", "2005").replace("55", "40"))
    assert c.diagnostics(uri, 3) == []


def test_only_the_newest_version_is_published(editor: tuple[Client, Path]) -> None:
    c, root = editor
    uri = _open(c, root / "drafts" / "typing.md", DRAFT)
    assert len(c.diagnostics(uri, 1)) == 2
    for v in range(2, 7):  # typing faster than the debounce
        _full_change(c, uri, v, DRAFT.replace("55", str(50 + v)))
    assert len(c.diagnostics(uri, 6)) == 2
    stale = [
        m
        for m in c.seen
        if m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri
        and m["params"]["version"] != 6
    ]
    assert stale == []


def test_copy_checks_follow_the_claim_checks_for_the_same_version(
    editor: tuple[Client, Path],
) -> None:
    """Against an index the claim checks are published first; the copy and drift checks
    (a child process, once typing pauses) then replace them with the full set."""
    c, root = editor
    uri = _open(c, root / "drafts" / "copy.md", "# New\n\n" + PASSAGE.replace("forty", "fifty"))
    assert c.diagnostics(uri, 1) == []  # no claim conflicts
    full = c.diagnostics_until(uri, lambda ds: bool(ds), timeout=30)
    assert sorted(d["code"] for d in full) == ["TC301", "TC402"]
    drift = next(d for d in full if d["code"] == "TC402")
    assert _span(drift)[:2] == (2, PASSAGE.index("forty"))
    assert drift["relatedInformation"][0]["location"]["uri"] == (root / "corpus/c.md").as_uri()


def test_hover_shows_the_other_sides_quote_and_value(editor: tuple[Client, Path]) -> None:
    c, root = editor
    uri = _open(c, root / "drafts" / "hover.md", DRAFT)
    c.diagnostics(uri, 1)
    got = c.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 30}},
    )
    text = got["contents"]["value"]
    assert "TC103" in text and "b.md" in text and "value `40`" in text
    assert "> 40 trafficking investigations" in text
    nothing = c.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}},
    )
    assert nothing is None


def test_code_actions_suppress_the_finding_and_show_the_rule_page(
    editor: tuple[Client, Path],
) -> None:
    c, root = editor
    uri = _open(c, root / "drafts" / "actions.md", DRAFT)
    diags = sorted(c.diagnostics(uri, 1), key=_span)
    actions = c.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": diags[1]["range"],
            "context": {"diagnostics": [diags[1]]},
        },
    )
    titles = [a["title"] for a in actions]
    assert titles == ["Suppress TC103 for this paragraph", "Show the TC103 rule page"]
    (edit,) = actions[0]["edit"]["changes"][uri]
    assert edit["range"]["start"] == {"line": 4, "character": 0}
    assert edit["newText"] == "<!-- tipcheck: ignore TC103 -->\n"
    lines = DRAFT.split("\n")
    lines.insert(4, edit["newText"].rstrip("\n"))
    _full_change(c, uri, 2, "\n".join(lines))
    left = c.diagnostics(uri, 2)
    assert [d["code"] for d in left] == ["TC101"]  # silenced, and no "unused" notice

    cmd = actions[1]["command"]
    c.request(
        "workspace/executeCommand", {"command": cmd["command"], "arguments": cmd["arguments"]}
    )
    shown = [r for r in c.requests if r["method"] == "window/showDocument"]
    page = Path(shown[-1]["params"]["uri"].removeprefix("file://"))
    assert page.name == "TC103.md" and "value-conflict" in page.read_text(encoding="utf-8")
    assert not os.access(page, os.W_OK) or os.geteuid() == 0  # read-only (root may write)


def test_plain_text_gets_no_suppression_action(editor: tuple[Client, Path]) -> None:
    c, root = editor
    uri = _open(c, root / "drafts" / "plain.txt", DRAFT, language="plaintext")
    diags = c.diagnostics(uri, 1)
    assert len(diags) == 2
    actions = c.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": []}},
    )
    assert [a["title"].split()[0] for a in actions] == ["Show"]


def test_a_missing_index_is_a_message_then_used_once_built_and_replaced(tmp_path: Path) -> None:
    """No index yet: one error message and a self-check (utf-32 negotiated here); building
    it, then replacing the file with another index, is picked up with no edit and no
    restart."""
    corpus = _corpus(tmp_path, {"a.md": MOLDOVA})
    db = tmp_path / "later.db"
    c = Client(["--against", str(db), "--poll", "0.2", "--isolated"], cwd=tmp_path)
    try:
        got = c.initialize(tmp_path, {"general": {"positionEncodings": ["utf-32", "utf-16"]}})
        assert got["capabilities"]["positionEncoding"] == "utf-32"
        self_contra = DRAFT + "\nIn 2009, Romania conducted 40 trafficking investigations.\n"
        uri = _open(c, tmp_path / "new.md", self_contra)
        assert "no such index" in c.message("later.db")["message"]
        diags = c.diagnostics(uri, 1)
        assert [d["code"] for d in diags] == ["TC103", "TC103"]  # the document against itself
        assert min(_span(d) for d in diags) == (4, 26, 4, 55)

        _build(db, corpus)  # in place, as `tipcheck index build --db later.db` does
        diags = c.diagnostics_until(uri, lambda ds: any(d["code"] == "TC101" for d in ds))
        assert sorted(d["code"] for d in diags) == ["TC101", "TC103", "TC103"]
        tc101 = next(d for d in diags if d["code"] == "TC101")
        assert _span(tc101) == (2, 2, 2, 57)  # utf-32: the emoji is one unit

        other = _corpus(tmp_path / "v2", {"b.md": ROMANIA})
        _build(tmp_path / "v2.db", other)  # closed: its WAL is checkpointed and removed
        for suffix in ("-wal", "-shm"):  # the old file's journal must not meet the new file
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.replace(tmp_path / "v2.db", db)
        diags = c.diagnostics_until(uri, lambda ds: all(d["code"] == "TC103" for d in ds))
        assert sorted(d["code"] for d in diags) == ["TC103", "TC103"]
        assert any(
            r["location"]["uri"].endswith("/v2/corpus/b.md")
            for d in diags
            for r in d.get("relatedInformation") or []
        )
        assert c.proc.poll() is None
    finally:
        assert c.close() == 0


def test_suppression_edit_lands_where_the_directive_reads_it() -> None:
    from tipcheck.report.rulepages import rules
    from tipcheck.server.diagnostics import suppression_edit

    at, comment = suppression_edit(DRAFT, DRAFT.index("55"), "TC103")
    text = DRAFT[:at] + comment + DRAFT[at:]
    (sup,), notices = parse_suppressions("d.md", text, rules().keys())
    assert notices == [] and sup.start <= text.index("55") < sup.end
