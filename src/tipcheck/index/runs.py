"""Whole runs kept in the cache: a second `tipcheck check corpus/` over unchanged files reads
them, hashes them and returns the stored report, with no extraction and no checks.

Why a run-level entry besides the per-document ones: entries make the map stage free on a
second run, but the corpus-wide checks (claims grouped across documents, the copy check) cost
as much again, so an unchanged corpus still paid a third of its first run. The key is
everything the report depends on — each document's id and entry key (content, as-of override,
settings), the pack, tipcheck's version, whether copies are checked and the reference file's
bytes — so any change anywhere is a different key, and a run is never served for other
inputs. Runs that met an input error are not kept: the file must be read again next time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import zlib
from collections.abc import Collection, Sequence
from pathlib import Path

from tipcheck.index.store import Store
from tipcheck.report.model import Report
from tipcheck.stages import Source

KEEP = 8  # most recently used runs kept per cache (a few corpora or option sets at once)


def run_key(
    stamp: tuple[str | None, ...],
    sources: Sequence[Source],
    keys: Sequence[str | None],
    *,
    duplicates: bool,
    reference: Path | None,
    filtered_to: Collection[str] | None = None,
) -> str | None:
    """The key of a run over `sources` (whose entry keys are `keys`), or None when it cannot be
    cached (a document not readable here, a reference file that cannot be read). The paths and
    the working directory are part of it (the report shows paths relative to it), and so are
    the documents a run against a corpus is `filtered_to`."""
    if any(k is None for k in keys):
        return None
    h = hashlib.sha256(repr((stamp, duplicates, str(Path.cwd()))).encode())
    parts = sorted(f"{s.id}\0{s.path}\0{k}" for s, k in zip(sources, keys, strict=True))
    parts += ["\0against", *sorted(filtered_to)] if filtered_to is not None else []
    for part in parts:
        # surrogatepass: a file name that is not valid UTF-8 is still a name
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    if reference is not None:
        try:  # a regular file only: opening a FIFO would wait for a writer
            if not stat.S_ISREG(os.stat(reference).st_mode):
                return None
            h.update(b"reference\0" + reference.read_bytes())
        except OSError:
            return None
    return h.hexdigest()


def load_run(store: Store, key: str) -> Report | None:
    blob = store.run(key)
    if blob is None:
        return None
    report = pickle.loads(zlib.decompress(blob))
    return report if isinstance(report, Report) else None


def save_run(store: Store, key: str, report: Report) -> None:
    if report.errors:
        return
    store.put_run(key, zlib.compress(pickle.dumps(report, protocol=5), 1), KEEP)
