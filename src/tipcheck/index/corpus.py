"""The corpus of an index: which documents it holds, and `update` that keeps it in step with
the files under its roots — one transaction, so a crash leaves the previous state whole."""

from __future__ import annotations

import json
import os
import pickle
import zlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs

from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.claims import Claim
from tipcheck.executors import Executor
from tipcheck.index.build import map_entries, stamp
from tipcheck.index.entries import Entry, decode, entry_key, variant_of, window_band_keys
from tipcheck.index.store import Store, now
from tipcheck.read.documents import iter_files
from tipcheck.read.sizes import DEFAULT_MAX_FILE_SIZE
from tipcheck.rulepack import RulePack
from tipcheck.stages import Source, with_bytes
from tipcheck.values import Comparison, Quantity


@attrs.frozen(slots=True)
class UpdateStats:
    """What an update did: documents added, changed (content), removed, unchanged, unreadable,
    and whether every entry was dropped first (a new pack, version or settings)."""

    added: int
    changed: int
    removed: int
    unchanged: int
    unreadable: int
    reextracted: bool

    def describe(self) -> str:
        return (
            f"{self.added} added, {self.changed} changed, {self.removed} removed, "
            f"{self.unchanged} unchanged, {self.unreadable} unreadable"
        )


# A period longer than this many years is filed with the undivided claims (every look-up reads
# those), rather than under each of its years.
_MAX_YEARS = 30


def claim_keys(c: Claim) -> list[str]:
    """The lookup keys a claim is filed under. Every claim check compares claims of one subject
    and property, and the checks on figures compare them for one period, its sub-periods, or a
    reference period a comparison names (TC103, TC203, TC204, TC205), so a figure is filed under
    each year its period (and its comparison's reference period) covers; other claims (events,
    tiers, lists: compared across dates) and undated figures under the subject and property
    alone ("*")."""
    base = _subject_property(c)
    periods = [c.period]
    if isinstance(c.value, Comparison):
        periods.append(c.value.ref_period)
    elif not isinstance(c.value, Quantity):
        return [base + "*"]
    years: set[int] = set()
    for p in periods:
        if p is None:
            continue
        if p.end.year - p.start.year >= _MAX_YEARS:
            return [base + "*"]
        years.update(range(p.start.year, p.end.year + 1))
    return [base + str(y) for y in sorted(years)] if years else [base + "*"]


def lookup_keys(c: Claim) -> list[str]:
    """The keys to read for a new claim: its own, and the undivided ones of its subject and
    property (events and long periods are filed there)."""
    return sorted({*claim_keys(c), _subject_property(c) + "*"})


def _subject_property(c: Claim) -> str:
    return f"{c.subject.id if c.subject is not None else ''}\x1f{c.property}\x1f"


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def update(
    store: Store,
    roots: Sequence[str | os.PathLike[str]] | None,
    pack: RulePack,
    executor: Executor,
    *,
    settings: DuplicateSettings | None = None,
    as_of: Mapping[str, str] | None = None,
    exclude: Callable[[str], bool] | None = None,
    entries_from: Store | None = None,
    tick: Callable[[int], None] | None = None,
    max_bytes: int | None = DEFAULT_MAX_FILE_SIZE,
) -> UpdateStats:
    """Make the store's corpus the documents under `roots` (None: the roots it was built
    from). Files whose size and mtime are unchanged are not read; changed ones are hashed and
    only those whose content changed are extracted (or taken from `entries_from`, a cache).
    A file over `max_bytes` is not read: it is an input error (TC907), as in any run."""
    cfg = settings or DuplicateSettings()
    if roots is None:
        roots = json.loads(store.get("roots") or "[]")
    abs_roots = [str(Path(r).resolve()) for r in roots]
    dropped = stamp(store, pack, cfg, True)
    variant = variant_of(cfg, True)
    overrides = dict(as_of or {})
    have = {
        r[0]: r[1:] for r in store.db.execute("SELECT id, n, key, size, mtime FROM docs").fetchall()
    }
    seen: set[str] = set()
    todo: list[Source] = []
    keys: list[str | None] = []
    unchanged = 0
    for doc_id, path in iter_files(roots):
        if exclude is not None and exclude(doc_id):
            continue
        seen.add(doc_id)
        size, mtime = _stat(path)
        old = have.get(doc_id)
        if old is not None and old[1] and (old[2], old[3]) == (size, mtime):
            unchanged += 1
            continue
        src = Source(doc_id, str(path.resolve()), overrides.get(doc_id) or overrides.get(path.name))
        src = with_bytes(src, max_bytes)
        k = entry_key(src.data, doc_id, src.as_of, variant) if src.data is not None else None
        if old is not None and k is not None and k == old[1]:
            unchanged += 1  # touched, same content: only its mtime is new
            todo.append(attrs.evolve(src, data=None, doc=None))
            keys.append("")
            continue
        todo.append(src)
        keys.append(k)
    mapped = [(s, k) for s, k in zip(todo, keys, strict=True) if k != ""]
    touched = [(s, _stat(Path(s.path))) for s, k in zip(todo, keys, strict=True) if k == ""]
    removed = [i for i in have if i not in seen]
    by_id = {s.id: (s, k) for s, k in mapped}
    inserted: set[str] = set()
    src_store = entries_from or store
    if entries_from is not None:
        stamp(entries_from, pack, cfg, True)
    # one transaction for all of it (a crash leaves the previous state), each document written
    # as soon as it is mapped, so memory does not grow with the corpus
    with store.transaction() as db:
        for s, (size, mtime) in touched:
            db.execute("UPDATE docs SET size = ?, mtime = ? WHERE id = ?", (size, mtime, s.id))
        for doc_id in removed + [s.id for s, _ in mapped if s.id in have]:
            _remove(store, doc_id, cfg)
        db.execute("DELETE FROM errors")

        def put(doc_id: str, e: Entry, blob: bytes, new: bool) -> None:
            s, k = by_id[doc_id]
            if k is None:
                return
            if new and entries_from is not None:
                entries_from.put_entries([(k, blob)])
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (k, blob))
            _insert(store, e, k, s, cfg)
            inserted.add(doc_id)

        _, _, errors = map_entries(
            [s for s, _ in mapped],
            [k for _, k in mapped],
            src_store,
            pack,
            executor,
            cfg,
            True,
            tick,
            max_bytes,
            sink=put,
        )
        for err in errors:
            size, mtime = _stat(Path(err.path or ""))
            db.execute(
                "INSERT OR REPLACE INTO errors VALUES (?, ?, ?, ?, ?, ?)",
                (err.doc, err.code, err.message, err.path, size, mtime),
            )
        store.set("roots", json.dumps(abs_roots))
        store.set("updated", now())
        if store.get("built") is None:
            store.set("built", now())
    n_new = sum(1 for s, _ in mapped if s.id not in have and s.id in inserted)
    return UpdateStats(
        added=n_new,
        changed=sum(1 for s, _ in mapped if s.id in have and s.id in inserted),
        removed=len(removed),
        unchanged=unchanged,
        unreadable=len(errors),
        reextracted=dropped,
    )


def _remove(store: Store, doc_id: str, cfg: DuplicateSettings) -> None:
    """Drop a document from the corpus: its row, claims, band keys, and its entry when no
    other document shares it."""
    row = store.db.execute("SELECT n, key FROM docs WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return
    n, key = row
    blob = store.entries([key]).get(key) if key else None
    if blob is not None:
        e = decode(blob)
        if e.index is not None:
            ks = window_band_keys(e.index, cfg).tolist()
            store.db.executemany(
                "DELETE FROM bands WHERE key = ? AND doc = ?", ((k, n) for k in ks)
            )
    store.db.execute("DELETE FROM claims WHERE doc = ?", (n,))
    store.db.execute("DELETE FROM docs WHERE n = ?", (n,))
    if key and not store.db.execute("SELECT 1 FROM docs WHERE key = ?", (key,)).fetchone():
        store.db.execute("DELETE FROM entries WHERE key = ?", (key,))
        store.db.execute("DELETE FROM texts WHERE key = ?", (key,))


def _insert(store: Store, e: Entry, key: str, s: Source, cfg: DuplicateSettings) -> None:
    """A document's row, its claims by lookup key, and its windows' band keys."""
    size, mtime = _stat(Path(s.path))
    d = e.doc
    cur = store.db.execute(
        "INSERT INTO docs (id, key, path, size, mtime, as_of, as_of_source, title, claims,"
        " suppresses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            d.id,
            key,
            s.path,
            size,
            mtime,
            d.meta.as_of.iso if d.meta.as_of else None,
            d.meta.as_of_source,
            d.meta.title,
            len(e.claims),
            int(e.suppresses),
        ),
    )
    n = cur.lastrowid
    store.db.execute(
        "INSERT OR REPLACE INTO texts VALUES (?, ?)",
        (key, zlib.compress(d.text.encode("utf-8", "surrogatepass"), 1)),
    )
    groups: dict[str, list[tuple[int, Claim]]] = defaultdict(list)
    for seq, c in enumerate(e.claims):
        for k in claim_keys(c):
            groups[k].append((seq, c))
    store.db.executemany(
        "INSERT INTO claims VALUES (?, ?, ?)",
        ((g, n, pickle.dumps(cs, protocol=5)) for g, cs in groups.items()),
    )
    if e.index is not None:
        ks = window_band_keys(e.index, cfg).tolist()
        store.db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", ((k, n) for k in ks))
