"""Documents and how they are read from disk.

A document's id is its path relative to the input root, `/`-separated (the file name when a
single file is given). Its text is the file decoded as UTF-8 exactly as it is: no newline
translation and the BOM kept as a character, so every offset tipcheck prints slices the text
the way `open(path, encoding="utf-8", newline="")` would.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import attrs

from tipcheck.findings import InputError
from tipcheck.read.metadata import Metadata, read_metadata
from tipcheck.values import Time

SUFFIXES = (".txt", ".md", ".markdown")


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
        return bisect.bisect_right(self._line_starts(), offset)

    def column_of(self, offset: int) -> int:
        starts = self._line_starts()
        return offset - starts[bisect.bisect_right(starts, offset) - 1] + 1

    def _line_starts(self) -> list[int]:
        if self._lines is None:
            # computed once, on first use; a frozen class may still cache what it derives
            starts = [0, *(m.end() for m in _NEWLINE.finditer(self.text))]
            object.__setattr__(self, "_lines", starts)
        assert self._lines is not None
        return self._lines


_NEWLINE = re.compile("\n")


def make_document(
    doc_id: str, text: str, path: str = "", as_of: str | Time | None = None
) -> Document:
    """Build a document from text, reading its metadata; `as_of` overrides the text's date."""
    return Document(id=doc_id, text=text, path=path, meta=read_metadata(text, override=as_of))


def decode(data: bytes, name: str) -> str:
    """Decode file bytes as UTF-8, raising ValueError with a message a user can act on."""
    if b"\x00" in data[:8192]:
        raise ValueError(
            f"{name}: looks like a binary file (NUL bytes); give tipcheck .txt or .md text"
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

    Two different files never share an id: when a second root yields an id already taken, its
    root's name is put in front ("b/report.md"), and failing that its full path.
    """
    found: dict[str, Path] = {}

    def add(doc_id: str, path: Path, root: Path) -> None:
        for cand in (
            doc_id,
            f"{root.name}/{doc_id}" if root.name else doc_id,
            path.resolve().as_posix(),
        ):
            owner = found.get(cand)
            if owner is None:
                found[cand] = path
                return
            if owner.resolve() == path.resolve():
                return  # the same file named twice

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not _hidden(f.relative_to(p)):
                    add(f.relative_to(p).as_posix(), f, p)
        else:
            add(p.name, p, p.parent)
    return sorted(found.items())


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def load_paths(
    paths: Iterable[str | os.PathLike[str]],
    as_of: Mapping[str, str] | None = None,
    exclude: Callable[[str], bool] | None = None,
) -> tuple[list[Document], list[InputError]]:
    """Read every document under `paths`; unreadable ones become TC901 errors, never exceptions.

    `as_of` maps a document id (or file name) to an as-of date that overrides the text's own;
    documents whose id `exclude` accepts are not read at all.
    """
    overrides = dict(as_of or {})
    docs: list[Document] = []
    errors: list[InputError] = []
    for doc_id, path in iter_files(paths):
        if exclude is not None and exclude(doc_id):
            continue
        got = read_document(doc_id, path, overrides.get(doc_id) or overrides.get(path.name))
        if isinstance(got, InputError):
            errors.append(got)
        else:
            docs.append(got)
    return docs, errors


def read_document(
    doc_id: str, path: Path, as_of: str | None = None, data: bytes | None = None
) -> Document | InputError:
    """One document read from `path` (or from `data`, its bytes, when given): its text and
    metadata, or the input error that names why it cannot be read."""
    if data is None and not path.exists():
        return InputError(doc_id, "TC902", f"{path}: no such file or directory", str(path))
    try:
        text = decode(path.read_bytes() if data is None else data, str(path))
    except OSError as e:
        return InputError(doc_id, "TC901", f"{path}: cannot read ({e.strerror})", str(path))
    except ValueError as e:
        return InputError(doc_id, "TC901", str(e), str(path))
    try:
        return make_document(doc_id, text, str(path), as_of)
    except ValueError as e:
        return InputError(doc_id, "TC903", f"{path}: {e}", str(path))
