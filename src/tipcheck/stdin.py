"""`-` as a path: one document read from standard input, for editors and pipes.

The engine reads documents from files, so the bytes read from stdin are written to a private
temporary folder under the name `--stdin-filename` gives (default `stdin.md`), checked from
there, and every path the report shows is put back to that name. The name also decides what
a file's name decides elsewhere: its document id (so per-path-ignores and as-of globs match),
and whether suppression comments are read (Markdown and HTML documents).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import attrs

from tipcheck.read.documents import SUFFIXES
from tipcheck.report.model import Report

STDIN = "-"
DEFAULT_NAME = "stdin.md"


class StdinError(ValueError):
    """`-` used in a way that cannot work; the message says how to use it instead."""


def _document_id(name: str) -> str:
    """The document id for `--stdin-filename NAME`: the name as given, relative and with `/`."""
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute():
        try:
            posix = PurePosixPath(Path(name).resolve().relative_to(Path.cwd()).as_posix())
        except ValueError:
            posix = PurePosixPath(posix.name)  # outside the working directory: its file name
    parts = [p for p in posix.parts if p not in ("", ".")]
    if not parts or ".." in parts:
        raise StdinError(
            f"--stdin-filename {name!r}: give a file name, optionally with folders below the "
            "working directory (e.g. drafts/new.md)"
        )
    return "/".join(parts)


@attrs.frozen
class StdinDocument:
    """Where the stdin document was written, and the name it is reported under."""

    path: Path
    name: str

    def relabel(self, report: Report) -> Report:
        """`report` with the temporary path replaced by the document's name everywhere."""
        tmp = str(self.path)
        docs = tuple(
            attrs.evolve(d, path=self.name) if d.path == tmp else d for d in report.documents
        )
        errors = tuple(
            attrs.evolve(e, path=self.name, message=e.message.replace(tmp, self.name))
            if e.path == tmp
            else e
            for e in report.errors
        )
        return attrs.evolve(report, documents=docs, errors=errors)


@contextmanager
def read_stdin(
    paths: Sequence[str], stdin_filename: str | None, stream: BinaryIO | None = None
) -> Iterator[tuple[list[str], StdinDocument | None]]:
    """The paths to check, with `-` replaced by a temporary file holding standard input (or
    `stream`), and that document; the file is removed on exit. Paths without `-` pass through.
    """
    if STDIN not in paths:
        if stdin_filename is not None:
            raise StdinError("--stdin-filename names the document read from `-`; add `-` to PATHS")
        yield list(paths), None
        return
    if list(paths).count(STDIN) > 1:
        raise StdinError("`-` (standard input) can be given once")
    doc_id = _document_id(stdin_filename or DEFAULT_NAME)
    data = (stream or sys.stdin.buffer).read()
    with tempfile.TemporaryDirectory(prefix="tipcheck-stdin-") as tmp:
        path = Path(tmp, *doc_id.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        # A folder root makes the id the whole relative name ("drafts/new.md"), as if the file
        # were checked from the working directory; a name the folder walk would skip (another
        # suffix) is given as a file, whose id is its file name.
        nested = "/" in doc_id and path.suffix.lower() in SUFFIXES
        given = tmp if nested else str(path)
        out = [given if p == STDIN else p for p in paths]
        yield out, StdinDocument(path, stdin_filename or DEFAULT_NAME)
