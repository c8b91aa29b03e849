"""Turning the paths a user gives into the documents to read, safely.

Folders are walked with an explicit stack (a tree 1,000 folders deep would exhaust Python's
recursion limit), links to folders are not followed (so a link loop cannot make the walk
endless), and only regular files are ever opened: reading a FIFO, a socket or a device blocks
forever or never ends. What is passed over is said, never silently dropped: a special file or a
broken link given by name is an input error, and inside a folder the files of other types, the
dangling links and the link loops are counted in notices.

File names are shown through `shown()`, which escapes control characters, undecodable bytes
and line breaks, so a file name can neither corrupt an output format nor forge a line in one
(a GitHub annotation, a SARIF result, a line on stderr).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import attrs

SUFFIXES = (".txt", ".md", ".markdown")
NO_SUCH_FILE = "TC902"
NOT_REGULAR = "TC906"
TOO_LARGE = "TC907"
PATTERN_BUDGET = "TC908"  # raised in extraction; named here with the other input codes

# C0 and C1 controls, DEL, line and paragraph separators, bidirectional overrides (which can
# make a name read differently from what it is), and lone surrogates (undecodable bytes that
# os.fsdecode keeps as U+DC80-U+DCFF).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte the file system really holds
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(name: str) -> str:
    """`name` with every character that could break or forge a line of output escaped."""
    return _UNSAFE.sub(_escape, name) if _UNSAFE.search(name) else name


@attrs.frozen(slots=True)
class Problem:
    """A path given by name that cannot be read as a document (an input error, exit 2)."""

    doc: str
    code: str
    message: str
    path: str


@attrs.define
class Walk:
    """What the paths hold: documents to read (id, path), problems, and what was passed over."""

    files: list[tuple[str, Path]] = attrs.field(factory=list)
    problems: list[Problem] = attrs.field(factory=list)
    skipped: Counter[str] = attrs.field(factory=Counter)
    notices: list[str] = attrs.field(factory=list)

    def skipped_notice(self) -> str | None:
        """'skipped 3 .html files, 1 .pdf file (tipcheck reads .txt, .md)' or None."""
        if not self.skipped:
            return None
        parts = [
            f"{n} {kind} file{'s' if n != 1 else ''}"
            for kind, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        return f"skipped {', '.join(parts)} (tipcheck reads {', '.join(SUFFIXES)})"


def _special(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None if stat.S_ISREG(mode) else "not a regular file"


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def _kind_of(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    return shown(suffix) if suffix else "extension-less"


def _broken_link(w: Walk, path: Path, shown_path: str) -> None:
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            w.notices.append(f"{shown_path}: link loop; skipped")
        else:
            target = shown(os.readlink(path)) if path.is_symlink() else "?"
            w.notices.append(f"{shown_path}: dangling link to {target}; skipped")


def _walk_folder(w: Walk, root: Path, found: list[tuple[str, str, Path]]) -> None:
    """Every document below `root`, without recursion and without following folder links."""
    stack = [root]
    real_root = os.path.realpath(root)
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            w.notices.append(
                f"{shown(str(folder))}: cannot list the folder ({err.strerror}); skipped"
            )
            continue
        for e in entries:
            path = Path(e.path)
            rel = path.relative_to(root).as_posix()
            if _hidden(rel):
                continue
            if e.is_symlink():
                if not os.path.exists(path):
                    _broken_link(w, path, shown(str(path)))
                    continue
                if os.path.isdir(path):
                    real = os.path.realpath(path)
                    if real == real_root or real_root.startswith(real + os.sep):
                        w.notices.append(
                            f"{shown(str(path))}: link loop (links to a folder above it); "
                            "not followed"
                        )
                    continue  # links to folders are not walked (as before): no loops
            if e.is_dir(follow_symlinks=False):
                stack.append(path)
                continue
            try:
                mode = e.stat().st_mode
            except OSError:
                continue
            if not stat.S_ISREG(mode):
                w.skipped[_special(mode) or "special"] += 1
            elif os.path.splitext(e.name)[1].lower() in SUFFIXES:
                found.append((rel, root.name, path))
            else:
                w.skipped[_kind_of(e.name)] += 1


def _given_file(w: Walk, p: Path, found: list[tuple[str, str, Path]]) -> None:
    """A path given by name: read it whatever its suffix, unless it is not a regular file."""
    name = shown(p.name or str(p))
    try:
        mode = os.stat(p).st_mode
    except OSError as e:
        if e.errno == errno.ELOOP:
            msg = f"{shown(str(p))}: symlink loop (the link points back at itself); fix or remove the link"
        elif p.is_symlink():
            msg = (
                f"{shown(str(p))}: dangling link to {shown(os.readlink(p))}; fix or remove the link"
            )
        else:
            msg = f"{shown(str(p))}: no such file or directory"
        w.problems.append(Problem(name, NO_SUCH_FILE, msg, str(p)))
        return
    kind = _special(mode)
    if kind is not None:
        w.problems.append(
            Problem(
                name,
                NOT_REGULAR,
                f"{shown(str(p))}: not a regular file ({kind}); skipped, because reading it could "
                "block forever. Give tipcheck .txt or .md files",
                str(p),
            )
        )
        return
    found.append((p.name, p.parent.name, p))


def _assign_ids(found: list[tuple[str, str, Path]]) -> list[tuple[str, Path]]:
    """Ids for the files found, the same whatever order the paths were given in.

    A file's id is its path below the root it was found under. When two different files would
    share one, both (all) take the next longer form: the root's name in front ("b/report.md"),
    then the full path. The same file reached twice is read once.
    """
    by_real: dict[str, tuple[list[str], Path]] = {}
    for rel, root_name, path in found:
        real = os.path.realpath(path)
        cands = [rel, f"{root_name}/{rel}" if root_name else rel, Path(real).as_posix()]
        cands = [shown(c) for c in cands]
        prev = by_real.get(real)
        # the same file under two roots: keep the shortest (then smallest) id it can have
        if prev is None or (len(cands[0]), cands) < (len(prev[0][0]), prev[0]):
            by_real[real] = (cands, path)
    level = dict.fromkeys(by_real, 0)
    while True:
        owners: dict[str, set[str]] = {}
        for real, (cands, _) in by_real.items():
            owners.setdefault(cands[level[real]], set()).add(real)
        clash = [r for reals in owners.values() if len(reals) > 1 for r in reals]
        movable = [r for r in clash if level[r] < 2]
        if not movable:
            break
        for r in movable:
            level[r] += 1
    return sorted((cands[level[real]], path) for real, (cands, path) in by_real.items())


def walk(paths: Iterable[str | os.PathLike[str]]) -> Walk:
    """The documents under `paths`, the problems with paths given by name, and notices."""
    w = Walk()
    found: list[tuple[str, str, Path]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            _walk_folder(w, p, found)
        else:
            _given_file(w, p, found)
    w.files = _assign_ids(found)
    return w


def regular_file(path: Path, what: str) -> str | None:
    """Why `path` (a --reference file, a baseline) must not be opened, or None when it may."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # the reader names a missing file in its own words
    kind = _special(mode)
    if kind is None:
        return None
    return f"{shown(str(path))}: {what} is not a regular file ({kind}); give a file"
