"""Documents and how they are read from disk.

A document's id is its path relative to the input root, `/`-separated (the file name when a
single file is given). Its text is the file decoded as UTF-8 exactly as it is: no newline
translation and the BOM kept as a character, so every offset tipcheck prints slices the text
the way `open(path, encoding="utf-8", newline="")` would.
"""

from __future__ import annotations

import bisect
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import attrs

from tipcheck.findings import InputError
from tipcheck.read.lines import line_starts
from tipcheck.read.metadata import Metadata, read_metadata
from tipcheck.read.paths import NO_SUCH_FILE, NOT_REGULAR, SUFFIXES, TOO_LARGE, shown, walk
from tipcheck.read.sizes import DEFAULT_MAX_FILE_SIZE, format_size
from tipcheck.read.where import reading
from tipcheck.values import Time

__all__ = [
    "SUFFIXES",
    "Document",
    "decode",
    "iter_files",
    "load_paths",
    "make_document",
    "read_document",
]


@attrs.frozen(slots=True)
class Document:
    """A source document with the metadata read from its own text."""

    id: str
    text: str
    path: str = ""
    meta: Metadata = attrs.field(factory=Metadata)
    _lines: list[int] | None = attrs.field(default=None, init=False, eq=False, repr=False)

    @property
    def as_of(self) -> Time | None:
        return self.meta.as_of

    def line_of(self, offset: int) -> int:
        """The 1-based line of `offset`, by bisection over the line starts (a count from the
        top for every finding made reporting quadratic in the document's length)."""
        return bisect.bisect_right(self.line_starts(), offset)

    def column_of(self, offset: int) -> int:
        starts = self.line_starts()
        return offset - starts[bisect.bisect_right(starts, offset) - 1] + 1

    def line_starts(self) -> list[int]:
        """The offset where each line starts ("\\r\\n", "\\n" or a lone "\\r" ends a line),
        computed once for the document."""
        if self._lines is None:
            # computed once, on first use; a frozen class may still cache what it derives
            object.__setattr__(self, "_lines", line_starts(self.text))
        assert self._lines is not None
        return self._lines


def make_document(
    doc_id: str, text: str, path: str = "", as_of: str | Time | None = None
) -> Document:
    """Build a document from text, reading its metadata; `as_of` overrides the text's date."""
    return Document(
        id=doc_id,
        text=text,
        path=path,
        meta=read_metadata(text, override=as_of, name=path or doc_id),
    )


def decode(data: bytes, name: str) -> str:
    """Decode file bytes as UTF-8, raising ValueError with a message a user can act on."""
    # NUL anywhere, not only near the start: a text file never holds one, and a NUL left in a
    # document would reach every output format.
    nul = data.find(b"\x00")
    if nul >= 0:
        where = "" if nul < 8192 else f" at offset {nul}"
        raise ValueError(
            f"{name}: looks like a binary file (NUL bytes{where}); give tipcheck .txt or .md text"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise ValueError(
            f"{name}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}, line {line});"
            " re-save the file as UTF-8"
        ) from None


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, Path]]:
    """(document id, path) for every input file, ids relative to the root each path names.

    Two different files never share an id: when two roots yield the same id, each takes its
    root's name in front ("a/report.md", "b/report.md"), and failing that its full path, so the
    ids do not depend on the order of the paths.
    """
    return walk(paths).files


def _read_bytes(path: Path, shown_path: str, max_bytes: int | None) -> bytes:
    """The file's bytes; raises _Refused for a file that is not regular or is too large."""
    # O_NONBLOCK: opening a FIFO that appeared after the walk must not wait for a writer
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _Refused(
                NOT_REGULAR, f"{shown_path}: not a regular file; skipped. Give .txt or .md files"
            )
        if max_bytes is not None and st.st_size > max_bytes:
            raise _Refused(TOO_LARGE, _too_large(shown_path, st.st_size, max_bytes))
        data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # it grew while we read it
        raise _Refused(TOO_LARGE, _too_large(shown_path, len(data), max_bytes))
    return data


def _too_large(shown_path: str, size: int, limit: int) -> str:
    return (
        f"{shown_path}: {format_size(size)} is over the max-file-size of {format_size(limit)};"
        " skipped. Split the file, or raise max-file-size in [tool.tipcheck]"
    )


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def load_paths(
    paths: Iterable[str | os.PathLike[str]],
    as_of: Mapping[str, str] | None = None,
    exclude: Callable[[str], bool] | None = None,
    max_bytes: int | None = DEFAULT_MAX_FILE_SIZE,
) -> tuple[list[Document], list[InputError]]:
    """Read every document under `paths`; unreadable ones become TC9xx errors, never exceptions.

    `as_of` maps a document id (or file name) to an as-of date that overrides the text's own;
    documents whose id `exclude` accepts are not read at all; a file over `max_bytes` is an
    error (TC907) and is not read.
    """
    overrides = dict(as_of or {})
    docs: list[Document] = []
    found = walk(paths)
    errors = [InputError(p.doc, p.code, p.message, p.path) for p in found.problems]
    for doc_id, path in found.files:
        if exclude is not None and exclude(doc_id):
            continue
        override = overrides.get(doc_id) or overrides.get(path.name)
        got = read_document(doc_id, path, override, max_bytes=max_bytes)
        if isinstance(got, InputError):
            errors.append(got)
        else:
            docs.append(got)
    return docs, errors


def read_document(
    doc_id: str,
    path: Path,
    as_of: str | None = None,
    data: bytes | None = None,
    *,
    max_bytes: int | None = DEFAULT_MAX_FILE_SIZE,
) -> Document | InputError:
    """One document read from `path` (or from `data`, its bytes, when they were handed over):
    its text and metadata, or the input error that names why it cannot be read. A file that is
    not regular, or is over `max_bytes`, is not read at all."""
    name = shown(str(path))
    try:
        with reading(name):
            if data is None:
                data = _read_bytes(path, name, max_bytes)
            elif max_bytes is not None and len(data) > max_bytes:
                raise _Refused(TOO_LARGE, _too_large(name, len(data), max_bytes))
            text = decode(data, name)
    except _Refused as e:
        return InputError(doc_id, e.code, str(e), name)
    except FileNotFoundError:
        return InputError(doc_id, NO_SUCH_FILE, f"{name}: no such file", name)
    except OSError as e:
        return InputError(doc_id, "TC901", f"{name}: cannot read ({e.strerror})", name)
    except ValueError as e:
        return InputError(doc_id, "TC901", str(e), name)
    try:
        with reading(name):
            return make_document(doc_id, text, str(path), as_of)
    except ValueError as e:
        return InputError(doc_id, "TC903", f"{name}: {e}", name)
