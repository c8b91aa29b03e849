"""Filling a store: documents mapped once and kept by content hash.

`map_cached` is the map stage through the store (the per-run cache of `tipcheck check`);
`update` makes the store's corpus the documents under some roots, reading only the files
whose size or modification time changed and extracting only those whose content did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.executors import Executor, each
from tipcheck.findings import InputError
from tipcheck.index.entries import (
    Entry,
    decode,
    encode,
    entry_key,
    has_suppressions,
    split_batch,
    variant_of,
)
from tipcheck.index.store import Store, pack_hash
from tipcheck.read.sizes import DEFAULT_MAX_FILE_SIZE
from tipcheck.report.rulepages import rules as rule_docs
from tipcheck.rulepack import RulePack
from tipcheck.stages import MapResult, MapTask, Source, batches, map_batch, with_bytes
from tipcheck.version import __version__

BATCH_BYTES = 500_000  # as engine.BATCH_BYTES: per-task costs negligible, no worker idle long


def stamp(store: Store, pack: RulePack, settings: DuplicateSettings, copies: bool) -> bool:
    """Key the store on this pack, version and settings; True when its entries were dropped."""
    return store.stamp(__version__, pack_hash(pack.path), variant_of(settings, copies))


def map_entries(
    sources: Sequence[Source],
    keys: Sequence[str | None],
    store: Store,
    pack: RulePack,
    executor: Executor,
    settings: DuplicateSettings,
    copies: bool,
    tick: Callable[[int], None] | None = None,
    max_bytes: int | None = DEFAULT_MAX_FILE_SIZE,
    sink: Callable[[str, Entry, bytes, bool], None] | None = None,
) -> tuple[dict[str, Entry], dict[str, bytes], list[InputError]]:
    """Each source's entry by id — from the store when its key is there, else mapped on the
    executor — the blobs of the newly mapped ones by key (for the caller to write), and the
    input errors. Reads and writes of the store happen here, in the calling process.

    With `sink`, each entry goes to `sink(doc id, entry, blob, new)` as soon as it is ready
    (`new`: mapped now, not found in the store) and is not kept: the two dicts stay empty, so
    an index of any size is filled without holding its corpus in memory. A document that met
    an error is never given to `sink` (the next run must meet the error again)."""
    stored = store.entries(k for k in keys if k is not None)
    got: dict[str, Entry] = {}
    todo: list[Source] = []
    todo_keys: dict[str, str | None] = {}
    for s, k in zip(sources, keys, strict=True):
        if k is not None and k in stored:
            e = _relocated(decode(stored[k]), s.path)
            if sink is not None:
                sink(s.id, e, stored[k], False)
            else:
                got[s.id] = e
            if tick:
                tick(1)
        else:
            todo.append(s)
            todo_keys[s.id] = k
    tasks = [
        MapTask(pack.path, tuple(b), settings, copies, max_bytes)
        for b in batches(todo, executor.workers, BATCH_BYTES)
    ]
    on_result = (lambda r: tick(len(r.docs) + len(r.errors))) if tick else None
    fresh: dict[str, bytes] = {}
    errors: list[InputError] = []
    codes = sorted(rule_docs())
    for r in each(executor.map(map_batch, tasks), on_result):
        errors += r.errors
        # a document read with an error (a pattern over its time budget) is not stored: the
        # next run must meet the error again, not a quiet entry without its claims
        failed = {e.doc for e in r.errors}
        words = split_batch(r.index, r.words) if copies else [[] for _ in r.docs]
        idx = r.index if copies else [None] * len(r.docs)
        for d, cs, ix, ws in zip(r.docs, r.claims, idx, words, strict=True):
            e = Entry(d, cs, ix, ws, has_suppressions(d, codes))
            k = todo_keys.get(d.id)
            keep = k is not None and d.id not in failed
            if sink is not None:
                if keep:
                    sink(d.id, e, encode(e), True)
                continue
            got[d.id] = e
            if k is not None and keep:
                fresh[k] = encode(e)
    return got, fresh, errors


def _relocated(e: Entry, path: str) -> Entry:
    """A stored entry for a file now at `path` (same id and content, another checkout)."""
    if e.doc.path == path:
        return e
    doc = attrs.evolve(e.doc, path=path)
    if e.index is not None:
        e.index.doc = doc
    return Entry(doc, e.claims, e.index, e.words, e.suppresses)


def as_results(
    sources: Sequence[Source], got: Mapping[str, Entry], errors: Sequence[InputError]
) -> list[MapResult]:
    """Entries as map results in source order, one per document (each with its own words)."""
    by_err: dict[str, list[InputError]] = {}
    for err in errors:
        by_err.setdefault(err.doc, []).append(err)
    out: list[MapResult] = []
    for s in sources:
        e = got.get(s.id)
        if e is not None:  # read, perhaps with an error of its own (no claims)
            ix = [e.index] if e.index is not None else []
            out.append(MapResult([e.doc], [e.claims], ix, list(e.words), by_err.get(s.id, [])))
        elif s.id in by_err:
            out.append(MapResult([], [], [], [], by_err[s.id]))
    return out


def read_for_cache(
    sources: Sequence[Source],
    settings: DuplicateSettings,
    copies: bool,
    max_bytes: int | None = DEFAULT_MAX_FILE_SIZE,
) -> tuple[list[Source], list[str | None]]:
    """The sources with their bytes read here, and each one's entry key (None: not readable
    here; the map stage names the problem)."""
    variant = variant_of(settings, copies)
    read = [
        s if s.doc is not None or s.data is not None else with_bytes(s, max_bytes) for s in sources
    ]
    keys = [entry_key(s.data, s.id, s.as_of, variant) if s.data is not None else None for s in read]
    return read, keys


def map_cached(
    sources: Sequence[Source],
    pack: RulePack,
    executor: Executor,
    store: Store,
    settings: DuplicateSettings,
    copies: bool,
    tick: Callable[[int], None] | None = None,
    max_bytes: int | None = DEFAULT_MAX_FILE_SIZE,
    prepared: tuple[list[Source], list[str | None]] | None = None,
) -> list[MapResult]:
    """The map stage through the cache: files read here (unless `prepared` by
    `read_for_cache`), their entries reused by content hash, the others mapped and stored
    (one transaction)."""
    stamp(store, pack, settings, copies)
    read, keys = prepared or read_for_cache(sources, settings, copies, max_bytes)
    got, fresh, errors = map_entries(
        read, keys, store, pack, executor, settings, copies, tick, max_bytes
    )
    if fresh:
        store.put_entries(fresh.items())
    return as_results(sources, got, errors)
