"""Rule pages (`tipcheck rules explain CODE`) as files an editor can open.

tipcheck has no web pages to link to, and LSP allows `window/showDocument` and a diagnostic's
`codeDescription.href` only for real URIs (not an untitled buffer). So each page a diagnostic
points at is written once, read-only, to a folder of this server process (removed when it
exits): the rule code in the editor's problem list becomes a link, and "Open the rule page"
shows the page beside the document, as `rules explain` prints it. The folder's documents are
never checked themselves (a page's flagged example would flag).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from tipcheck.report.rulepages import RuleDoc, rules


def page_text(doc: RuleDoc) -> str:
    """A rule's page as Markdown: its name, what it does, why, the two examples."""
    out = [
        f"# {doc.code} {doc.name}",
        "",
        f"*{doc.kind}, default severity {doc.severity}* — `tipcheck rules explain {doc.code}`",
        "",
        "## What it does",
        "",
        doc.summary,
        "",
        "## Why it matters",
        "",
        doc.why,
    ]
    for title, docs in (("Example (flagged)", doc.bad), ("Use instead (quiet)", doc.good)):
        if not docs:
            continue
        out += ["", f"## {title}", ""]
        for i, d in enumerate(docs):
            if len(docs) > 1:
                out += [f"Document {i + 1}:", ""]
            out += ["```text", d.strip(), "```", ""]
    return "\n".join(out).rstrip() + "\n"


class Pages:
    """The folder of rule pages of this process, created on first use."""

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._lock = threading.Lock()

    def folder(self) -> Path:
        with self._lock:
            if self._dir is None:
                self._dir = Path(tempfile.mkdtemp(prefix="tipcheck-rules-"))
                atexit.register(shutil.rmtree, self._dir, True)
            return self._dir

    def path(self, code: str) -> Path | None:
        """The page of `code`, written if it is not there yet; None for an unknown code."""
        doc = rules().get(code)
        if doc is None:
            return None
        p = self.folder() / f"{code}.md"
        if not p.exists():
            tmp = p.with_suffix(".tmp")
            tmp.write_text(page_text(doc), encoding="utf-8")
            with contextlib.suppress(OSError):
                tmp.chmod(0o444)  # a page edited in the editor would change nothing
            os.replace(tmp, p)
        return p

    def holds(self, path: Path) -> bool:
        """Whether `path` is one of these pages (not a document to check)."""
        return self._dir is not None and path.parent == self._dir
