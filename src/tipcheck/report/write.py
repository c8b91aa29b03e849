"""Writing reports and baselines so that they cannot be lost or half-written.

A file is written to a temporary file in the same folder, synced, and renamed over the target:
a rename within one file system is atomic, so a run killed at any moment (kill -9 included)
leaves the old file or the new one, never a truncated one. The temporary file's name carries
the writer's process id, so a later run can delete the ones a killed run left behind without
touching those of a run still going.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tipcheck.read.paths import shown


class WriteError(Exception):
    """An output that cannot be written; the message names the file and what to do."""


def _stale_temps(folder: Path, name: str) -> None:
    """Delete temporary files of earlier writers of `name` whose process is gone (killed)."""
    pattern = re.compile(r"\." + re.escape(name) + r"\.tipcheck-(\d+)-[^.]*\.tmp\Z")
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for e in entries:
        m = pattern.match(e.name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                os.unlink(e.path)
        except OSError:
            pass  # alive, but another user's: not ours to delete


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


def check_target(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse a target that is a folder or one of the documents being checked, before any work
    is done (a report must never overwrite what it reports on)."""
    if path.is_dir():
        raise WriteError(
            f"cannot write {shown(str(path))}: it is a directory; give a file name inside it, "
            f"e.g. {shown(str(path / 'report.json'))}"
        )
    if path.exists():
        for p in inputs:
            with contextlib.suppress(OSError):
                if os.path.samefile(p, path):
                    raise WriteError(
                        f"refusing to write {shown(str(path))}: it is an input document; "
                        "choose another output file"
                    )


def write_text(path: Path, text: str, inputs: Iterable[Path] = ()) -> None:
    """Write `text` (UTF-8) to `path` atomically; raises WriteError naming the file."""
    path = Path(path)
    check_target(path, inputs)
    data = text.encode("utf-8", "backslashreplace")
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        # a device or a pipe (/dev/stdout, /dev/full): nothing to rename over; write in place
        _write_in_place(path, data)
        return
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WriteError(
            f"cannot write {shown(str(path))}: cannot create the folder {shown(str(folder))} "
            f"({_reason(e)}); create it or choose another path"
        ) from None
    _stale_temps(folder, path.name)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.tipcheck-{os.getpid()}-", suffix=".tmp", dir=folder
        )
    except OSError as e:
        raise WriteError(
            f"cannot write {shown(str(path))}: cannot create a file in {shown(str(folder))} "
            f"({_reason(e)}); check the folder's permissions"
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, st.st_mode & 0o7777 if st else 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(
            f"cannot write {shown(str(path))} ({_reason(e)}); the old file, if any, is "
            "unchanged: free space or choose another path"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_in_place(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as fh:
            fh.write(data)
            fh.flush()
    except OSError as e:
        raise WriteError(
            f"cannot write {shown(str(path))} ({_reason(e)}); free space or choose another path"
        ) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
