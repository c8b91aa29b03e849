"""New documents checked against an index: only the work that can involve them.

- Claims: the checks compare claims of one subject and property only, so the claims loaded are
  those whose (subject, property) key a new claim has — an indexed lookup, never a scan.
- Copies: the corpus-wide LSH pairs windows that share a band key, and its groups, pairing and
  boilerplate counts follow connected windows. The documents loaded are those reached from the
  new passages through shared band keys, to a fixpoint (every LSH bucket and group they touch
  is then complete, so the findings are the ones a run over the whole corpus gives), bounded by
  `limit` documents; past it the result is reported as not exact.
"""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from tipcheck.checks.copies.index import IndexedDoc
from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.checks.merge import merge_drift
from tipcheck.claims import Claim
from tipcheck.findings import Finding, InputError
from tipcheck.index.corpus import lookup_keys
from tipcheck.index.entries import Entry, decode, window_band_keys, window_key_rows
from tipcheck.index.store import Store
from tipcheck.read.documents import Document
from tipcheck.report.model import DocumentInfo
from tipcheck.rulepack import RulePack
from tipcheck.stages import MapResult, ReduceTask, check_claims, copy_findings

# Documents loaded for the copy check. Within it the walk below is exact; past it the copy
# check runs against the documents that share the most band keys with the new passages.
LIMIT = 40
_CHUNK = 500
_ROW = "n, id, key, path, as_of, as_of_source, title, claims, suppresses"


@attrs.define(slots=True)
class Outcome:
    """What a check against an index gives the report. `exact`: the copy check reached every
    document connected to the new passages (else it compared them with the `loaded` documents
    that share the most band keys with them, out of `reached`)."""

    findings: list[Finding]
    documents: list[DocumentInfo]
    claims: list[Claim]
    texts: dict[str, str]
    errors: list[InputError]
    exact: bool = True
    loaded: int = 0
    reached: int = 0


def display_path(path: str, cwd: str) -> str:
    """Relative to `cwd` (resolved) when below it, as the report shows paths."""
    if path.startswith(cwd + "/"):
        return path[len(cwd) + 1 :]
    return path


Row = tuple[Any, ...]


def check_new(
    store: Store,
    results: Sequence[MapResult],
    pack: RulePack,
    cfg: DuplicateSettings,
    reference: str | None = None,
    *,
    duplicates: bool = True,
    limit: int = LIMIT,
) -> Outcome:
    """The findings that involve the documents of `results` (mapped in this run) against the
    store's corpus, in one read transaction (one snapshot while an update writes).

    Nothing is read for every document of the corpus: claims by lookup key, documents by the
    band keys they share with the new passages, rows and texts for the documents the findings
    cite — so the cost follows what the new material touches, not the corpus size."""
    docs = [d for r in results for d in r.docs]
    new_errors = [e for r in results for e in r.errors]
    new_ids = {d.id for d in docs} | {e.doc for e in new_errors}
    new_claims = {d.id: cs for r in results for d, cs in zip(r.docs, r.claims, strict=True)}
    with store.transaction(write=False) as db:
        rows: dict[int, Row] = {}
        claims = _claims(db, new_claims, new_ids, rows)
        findings = check_claims(
            ReduceTask(pack.path, tuple(claims), reference, focus=frozenset(new_ids))
        )
        findings.sort(key=Finding.sort_key)
        entries: dict[int, Entry] = {}
        walk = _Walk(store, cfg, limit, new_ids, rows, entries)
        if duplicates:
            by_id = {r[1]: n for n, r in rows.items()}
            seeds = {
                by_id[e.doc]
                for f in findings
                if _touches(f, new_ids)
                for e in f.evidence
                if e.doc in by_id
            }
            walk.run(results, seeds)
            # exact: the groups are complete, as in a run over the corpus; else the buckets say
            # how far each new passage's copies spread
            spread = None if walk.exact else walk.floor
            # the copies among the documents the new ones contradict are looked for too: a
            # changed figure in such a copy is told in the contradiction's message, as a run over
            # the corpus tells it (merge_drift), though the copy itself is not reported here
            cited = {e.doc for f in findings if _touches(f, new_ids) for e in f.evidence}
            findings += _copies(results, list(entries.values()), pack, cfg, spread, cited)
        findings = [f for f in merge_drift(findings) if _touches(f, new_ids)]
        findings.sort(key=Finding.sort_key)
        # the documents the report shows: the new ones and those the findings cite, with their
        # texts (quotes in context) and suppression comments
        cited = {e.doc for f in findings for e in f.evidence} - new_ids
        _fetch_rows(db, "id", sorted(cited - {r[1] for r in rows.values()}), new_ids, rows)
        missing = {
            str(r[2]): str(r[1]) for n, r in rows.items() if r[1] in cited and n not in entries
        }
        quoted = {missing[k]: t for k, t in store.texts(missing).items()}
        stored_errors = [
            InputError(i, c, m, p or "")
            for i, c, m, p in db.execute("SELECT id, code, message, path FROM errors")
            if i not in new_ids
        ]
    shown = [r for r in rows.values() if r[1] in cited]
    texts = {e.doc.id: e.doc.text for e in entries.values() if e.doc.id in cited} | quoted
    texts |= {d.id: d.text for d in docs}
    return Outcome(
        findings=findings,
        documents=_documents(shown, docs, new_claims),
        claims=claims,
        texts=texts,
        errors=stored_errors + new_errors,
        exact=walk.exact,
        loaded=len(walk.loaded),
        reached=walk.reached,
    )


def _touches(f: Finding, ids: set[str]) -> bool:
    return any(e.doc in ids for e in f.evidence)


def _fetch_rows(
    db: sqlite3.Connection,
    column: str,
    values: Sequence[object],
    skip: set[str],
    rows: dict[int, Row],
) -> None:
    """Add to `rows` the documents whose `column` ("n" or "id") is among `values`."""
    for chunk in _chunks(values):
        marks = ",".join("?" * len(chunk))
        for r in db.execute(f"SELECT {_ROW} FROM docs WHERE {column} IN ({marks})", chunk):
            if r[1] not in skip:
                rows[r[0]] = r


def _claims(
    db: sqlite3.Connection, new: Mapping[str, list[Claim]], new_ids: set[str], rows: dict[int, Row]
) -> list[Claim]:
    """The new claims and the stored ones that share a lookup key with one, in the order a run
    over the whole corpus sees them (by document id, then as extracted); the rows of the
    documents they come from go to `rows`."""
    keys = sorted({k for cs in new.values() for c in cs for k in lookup_keys(c)})
    got: list[tuple[str, int, Claim]] = [
        (doc, seq, c) for doc, cs in new.items() for seq, c in enumerate(cs)
    ]
    blobs: list[tuple[int, bytes]] = []
    for chunk in _chunks(keys):
        marks = ",".join("?" * len(chunk))
        blobs += db.execute(f"SELECT doc, data FROM claims WHERE gkey IN ({marks})", chunk)
    _fetch_rows(db, "n", sorted({n for n, _ in blobs} - set(rows)), new_ids, rows)
    seen: set[tuple[int, int]] = set()  # a claim filed under several years is read once
    for n, blob in blobs:
        row = rows.get(n)
        if row is None:
            continue
        for seq, c in pickle.loads(blob):
            if (n, seq) not in seen:
                seen.add((n, seq))
                got.append((str(row[1]), seq, c))
    got.sort(key=lambda t: (t[0], t[1]))
    return [c for _, _, c in got]


def _load(store: Store, key: object) -> Entry:
    blob = store.entries([str(key)]).get(str(key))
    if blob is None:
        raise RuntimeError(f"{store.path}: entry {key} is missing; run `tipcheck index update`")
    return decode(blob)


@attrs.define
class _Walk:
    """The stored documents the copy check compares the new passages with.

    Exact while it can be: every document connected to the new passages through shared band
    keys, to a fixpoint (each LSH bucket and copy group they touch is then complete, so the
    findings are those of a run over the whole corpus). When more than `limit` documents are
    reached, the walk stops and keeps the `limit` documents that share the most with the new
    passages, each shared band key weighted by how rare it is (1 / its bucket's size, as IDF
    weighs words): a paragraph copied once outranks a template every report repeats, so the
    one copy of a unique passage is never crowded out by boilerplate, and a passage repeated
    across the corpus still meets enough of its copies (a bucket's first members) to be
    reported as boilerplate. Cost: one look-up per band key and at most `limit` entries read,
    whatever the corpus size."""

    store: Store
    cfg: DuplicateSettings
    limit: int
    skip: set[str]
    rows: dict[int, Row]
    entries: dict[int, Entry]
    exact: bool = True
    reached: int = 0
    loaded: set[int] = attrs.Factory(set)
    sizes: dict[int, int] = attrs.Factory(dict)  # band key -> documents in its bucket
    floor: dict[str, npt.NDArray[np.int32]] = attrs.Factory(dict)

    def run(self, results: Sequence[MapResult], seeds: Iterable[int]) -> None:
        rows = {d.doc.id: (d, window_key_rows(d, self.cfg)) for r in results for d in r.index}
        first = np.unique(
            np.concatenate([np.zeros(0, np.int64)] + [k.ravel() for _, k in rows.values()])
        ).tolist()
        score, complete = self._docs_with(first)
        self._spread(rows)
        seen_keys = set(first)
        pending = set(seeds) | set(score)
        reached = set(pending)
        self.exact = complete
        while pending and self.exact:
            if len(reached) > self.limit:
                self.exact = False
                break
            frontier: set[int] = set()
            for n in sorted(pending):
                e = self._entry(n)
                if e is not None and e.index is not None:
                    frontier.update(window_band_keys(e.index, self.cfg).tolist())
            keys = sorted(frontier - seen_keys)
            seen_keys.update(keys)
            found, complete = self._docs_with(keys)
            self.exact = complete
            pending = set(found) - reached
            reached |= set(found)
        self.reached = len(reached)
        if not self.exact:
            self._nearest(score, set(seeds))

    def _spread(self, rows: Mapping[str, tuple[IndexedDoc, npt.NDArray[np.int64]]]) -> None:
        """Per new document and sentence, how many stored documents share a bucket with a
        window over it: at least how many documents its group of copies spans in the whole
        corpus. When only the nearest documents are compared, this keeps a passage that the
        corpus repeats everywhere boilerplate, as the whole run would find it."""
        for doc_id, (d, keys) in rows.items():
            floor = np.zeros(len(d.sent_tok), dtype=np.int32)
            for (s0, s1), ks in zip(d.windows, keys.tolist(), strict=True):
                most = max((self.sizes.get(k, 0) for k in ks), default=0)
                np.maximum(floor[s0 : s1 + 1], most + 1, out=floor[s0 : s1 + 1])
            self.floor[doc_id] = floor

    def _nearest(self, score: Mapping[int, float], seeds: set[int]) -> None:
        """Keep the `limit` documents that share the most (seeds first: their claims meet the
        new ones, and drift merges with those findings)."""
        _fetch_rows(self.store.db, "n", sorted(set(score) - set(self.rows)), self.skip, self.rows)

        def rank(n: int) -> tuple[bool, float, str, int]:
            row = self.rows.get(n)
            return (n not in seeds, -score.get(n, 0.0), str(row[4] or "") if row else "", n)

        keep = set(sorted(set(score) | seeds, key=rank)[: self.limit])
        for n in list(self.entries):
            if n not in keep:
                del self.entries[n]
        for n in sorted(keep):
            self._entry(n)
        self.loaded = set(self.entries)

    def _docs_with(self, keys: Sequence[int]) -> tuple[dict[int, float], bool]:
        """Documents holding any of the band `keys`, each with the sum over the keys it holds
        of 1 / the key's bucket size; and whether every bucket was read whole (a bucket of
        more than `limit` documents is read to its first `limit` only)."""
        db = self.store.db
        sizes = self.sizes
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            sizes.update(
                db.execute(
                    f"SELECT key, count(*) FROM bands WHERE key IN ({marks}) GROUP BY key", chunk
                )
            )
        out: dict[int, float] = {}
        # buckets read whole, summed in SQLite a bucket size at a time (each key of size s
        # weighs 1/s), so the rows never pass through Python one by one
        by_size: dict[int, list[int]] = {}
        for k in keys:
            if 0 < sizes.get(k, 0) <= self.limit:
                by_size.setdefault(sizes[k], []).append(k)
        for size, ks in sorted(by_size.items()):
            for chunk in _chunks(sorted(ks)):
                marks = ",".join("?" * len(chunk))
                for n, c in db.execute(
                    f"SELECT doc, count(*) FROM bands WHERE key IN ({marks}) GROUP BY doc", chunk
                ):
                    out[n] = out.get(n, 0.0) + c / size
        # a hub is boilerplate: enough of its members to be reported as such
        hubs = sorted(k for k in keys if sizes.get(k, 0) > self.limit)
        enough = min(self.limit, 2 * self.cfg.boilerplate_min_docs)
        for k in hubs:
            for (n,) in db.execute("SELECT doc FROM bands WHERE key = ? LIMIT ?", (k, enough)):
                out[n] = out.get(n, 0.0) + 1.0 / sizes[k]
        return out, not hubs

    def _entry(self, n: int) -> Entry | None:
        e = self.entries.get(n)
        if e is None:
            if n not in self.rows:
                _fetch_rows(self.store.db, "n", [n], self.skip, self.rows)
            row = self.rows.get(n)
            if row is None:  # a new document's own row, or gone
                return None
            e = self.entries[n] = _load(self.store, row[2])
            self.loaded.add(n)
        return e


def _chunks(items: Sequence[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield list(items[i : i + _CHUNK])


def _copies(
    results: Sequence[MapResult],
    loaded: Sequence[Entry],
    pack: RulePack,
    cfg: DuplicateSettings,
    spread: Mapping[str, npt.NDArray[np.int32]] | None = None,
    also: Set[str] = frozenset(),
) -> list[Finding]:
    """The copy check over the new documents and the loaded ones, in document order; findings
    with a side in a new document or in `also`."""
    pieces = [(r.index, r.words) for r in results]
    pieces += [([e.index], e.words) for e in loaded if e.index is not None]
    claims = [c for r in results for cs in r.claims for c in cs]
    claims += [c for e in loaded for c in e.claims]
    focus = {d.id for r in results for d in r.docs} | set(also)
    return copy_findings(pieces, claims, pack, cfg, focus, spread)


def _documents(
    rows: Sequence[tuple[object, ...]], docs: Sequence[Document], claims: Mapping[str, list[Claim]]
) -> list[DocumentInfo]:
    cwd = str(Path.cwd().resolve())
    out = [
        DocumentInfo(
            id=str(r[1]),
            path=display_path(str(r[3]), cwd),
            as_of=r[4],  # type: ignore[arg-type]
            as_of_source=r[5],  # type: ignore[arg-type]
            claims=int(r[7]),  # type: ignore[call-overload]
            title=r[6],  # type: ignore[arg-type]
        )
        for r in rows
    ]
    for d in docs:
        p = d.path
        with contextlib.suppress(OSError):
            p = display_path(str(Path(p).resolve()), cwd) if p else p
        out.append(
            DocumentInfo(
                id=d.id,
                path=p,
                as_of=d.meta.as_of.iso if d.meta.as_of else None,
                as_of_source=d.meta.as_of_source,
                claims=len(claims.get(d.id, [])),
                title=d.meta.title,
            )
        )
    out.sort(key=lambda i: i.id)
    return out
