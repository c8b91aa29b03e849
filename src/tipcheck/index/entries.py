"""One document's map result as a stored entry, and the keys it is stored under.

An entry is what the map stage produced for one document: the Document (metadata and text),
its claims, its passage index (the IndexedDoc arrays, keyed with a vocabulary of the document's
own whose key *strings* are kept, so any set of entries can be re-keyed to one vocabulary) with
its sentence signatures, and whether its text carries suppression comments.

Entries are pickled (protocol 5) and zlib-compressed. Why pickle rather than JSON: claims are
nested frozen attrs values (intervals with infinite ends, times with precision, entities, sets),
and pickle restores them exactly and fast with no second schema to keep in step with
`values.py`; the cost, that a pickle is tied to the classes that wrote it, is paid by keying
every store on tipcheck's version (a new version re-extracts). A store is a local file the user
built; never open one from an untrusted source (unpickling runs code).
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from tipcheck.checks.copies.index import IndexedDoc
from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.claims import Claim
from tipcheck.read.documents import Document
from tipcheck.read.suppressions import is_markup, parse_suppressions

_MIX = np.uint64(0x9E3779B97F4A7C15)


@attrs.define(slots=True)
class Entry:
    """One document's map result. `words` are the key strings of `index.keys` (None when the
    run did not index passages); `suppresses`: its text has suppression comments or notices."""

    doc: Document
    claims: list[Claim]
    index: IndexedDoc | None
    words: list[str]
    suppresses: bool = False


def entry_key(data: bytes, doc_id: str, as_of: str | None, variant: str) -> str:
    """The key of a document's entry: its content hash, and what else its map result depends
    on — its id (claims carry it), an as-of override, and the run's `variant` (settings)."""
    h = hashlib.sha256(data).hexdigest()
    extra = hashlib.sha256(f"{doc_id}\0{as_of or ''}\0{variant}".encode()).hexdigest()[:16]
    return f"{h}-{extra}"


def variant_of(settings: DuplicateSettings, copies: bool) -> str:
    """The settings an entry was made with, as a stable string."""
    return f"{copies}:{attrs.astuple(settings)}"


def split_batch(index: Sequence[IndexedDoc], words: Sequence[str]) -> list[list[str]]:
    """Re-key each document of a batch (indexed with one batch vocabulary) to a vocabulary of
    its own, in order of first use, so it can be stored and loaded alone. Returns its words."""
    out: list[list[str]] = []
    for d in index:
        uniq, first, inverse = np.unique(d.keys, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order), dtype=np.int64)
        d.keys = rank[inverse.reshape(-1)].astype(np.int64)
        out.append([words[int(k)] for k in uniq[order].tolist()])
    return out


def has_suppressions(doc: Document, known_codes: Sequence[str]) -> bool:
    """Whether the report must parse this document's suppression comments."""
    if not is_markup(doc.id):
        return False
    found, remarks = parse_suppressions(doc.id, doc.text, known_codes)
    return bool(found or remarks)


def encode(e: Entry) -> bytes:
    """An entry as stored. The IndexedDoc's Document is the entry's own: stored once."""
    idx = None
    if e.index is not None:
        idx = attrs.evolve(e.index, doc=None)  # type: ignore[arg-type]
    payload = (e.doc, e.claims, idx, e.words, e.suppresses)
    return zlib.compress(pickle.dumps(payload, protocol=5), 1)


def decode(blob: bytes) -> Entry:
    doc, claims, idx, words, suppresses = pickle.loads(zlib.decompress(blob))
    if idx is not None:
        idx.doc = doc
    return Entry(doc, claims, idx, words, suppresses)


def window_key_rows(d: IndexedDoc, settings: DuplicateSettings) -> npt.NDArray[np.int64]:
    """The LSH band keys of each of the document's windows, one row per window (a window's
    signature is the element-wise minimum of its sentences'). Signed 63-bit, as SQLite stores
    integers."""
    if d.sent_sigs is None or not d.windows:
        return np.zeros((0, settings.bands), dtype=np.int64)
    first = np.asarray([w[0] for w in d.windows], dtype=np.int64)
    last = np.asarray([w[1] for w in d.windows], dtype=np.int64)
    sigs = d.sent_sigs[first].copy()
    span = last - first
    for extra in range(1, int(span.max(initial=0)) + 1):
        sel = np.flatnonzero(span >= extra)
        sigs[sel] = np.minimum(sigs[sel], d.sent_sigs[first[sel] + extra])
    rows = settings.rows
    keys = []
    with np.errstate(over="ignore"):
        for band in range(settings.bands):
            cols = sigs[:, band * rows : (band + 1) * rows].astype(np.uint64)
            k = np.full(len(sigs), np.uint64(band + 1), dtype=np.uint64)
            for c in range(rows):
                k = (k ^ cols[:, c]) * _MIX
                k ^= k >> np.uint64(31)
            keys.append(k)
    return (np.stack(keys, axis=1) >> np.uint64(1)).astype(np.int64)


def window_band_keys(d: IndexedDoc, settings: DuplicateSettings) -> npt.NDArray[np.int64]:
    """The distinct LSH band keys of the document's windows. Two windows share a bucket of the
    corpus-wide LSH only if they share one of these keys, so the documents a new passage can
    be compared with are found by looking its keys up."""
    return np.unique(window_key_rows(d, settings))
