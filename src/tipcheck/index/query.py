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
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.checks.merge import merge_drift
from tipcheck.claims import Claim
from tipcheck.findings import Finding, InputError
from tipcheck.index.corpus import claim_key
from tipcheck.index.entries import Entry, decode, window_band_keys
from tipcheck.index.store import Store
from tipcheck.read.documents import Document
from tipcheck.report.model import DocumentInfo
from tipcheck.rulepack import RulePack
from tipcheck.stages import MapResult, ReduceTask, check_claims, copy_findings

# Documents loaded for the copy check before the answer is marked as not exact.
LIMIT = 2000
_CHUNK = 500


@attrs.define(slots=True)
class Outcome:
    """What a check against an index gives the report. `exact`: the copy check reached every
    document connected to the new passages (else its findings may miss some)."""

    findings: list[Finding]
    documents: list[DocumentInfo]
    claims: list[Claim]
    texts: dict[str, str]
    errors: list[InputError]
    exact: bool = True
    loaded: int = 0


def display_path(path: str, cwd: str) -> str:
    """Relative to `cwd` (resolved) when below it, as the report shows paths."""
    if path.startswith(cwd + "/"):
        return path[len(cwd) + 1 :]
    return path


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
    store's corpus, in one read transaction (one snapshot while an update writes)."""
    docs = [d for r in results for d in r.docs]
    new_errors = [e for r in results for e in r.errors]
    new_ids = {d.id for d in docs} | {e.doc for e in new_errors}
    new_claims = {d.id: cs for r in results for d, cs in zip(r.docs, r.claims, strict=True)}
    with store.transaction(write=False) as db:
        rows = [
            r
            for r in db.execute(
                "SELECT n, id, key, path, as_of, as_of_source, title, claims, suppresses FROM docs"
            ).fetchall()
            if r[1] not in new_ids
        ]
        by_n = {r[0]: r for r in rows}
        by_id = {r[1]: r for r in rows}
        claims = _claims(db, new_claims, by_n)
        findings = check_claims(ReduceTask(pack.path, tuple(claims), reference))
        findings.sort(key=Finding.sort_key)
        entries: dict[int, Entry] = {}
        exact = True
        if duplicates:
            seeds = {
                by_id[e.doc][0]
                for f in findings
                if _touches(f, new_ids)
                for e in f.evidence
                if e.doc in by_id
            }
            exact = _closure(store, results, seeds, by_n, cfg, limit, entries)
            findings += _copies(results, list(entries.values()), pack, cfg)
        for n in (r[0] for r in rows if r[8] and r[0] not in entries):
            entries[n] = _load(store, by_n[n][2])
        stored_errors = [
            InputError(i, c, m, p or "")
            for i, c, m, p in db.execute("SELECT id, code, message, path FROM errors")
            if i not in new_ids
        ]
    findings = [f for f in merge_drift(findings) if _touches(f, new_ids)]
    findings.sort(key=Finding.sort_key)
    texts = {e.doc.id: e.doc.text for e in entries.values()} | {d.id: d.text for d in docs}
    return Outcome(
        findings=findings,
        documents=_documents(rows, docs, new_claims),
        claims=claims,
        texts=texts,
        errors=stored_errors + new_errors,
        exact=exact,
        loaded=len(entries),
    )


def _touches(f: Finding, ids: set[str]) -> bool:
    return any(e.doc in ids for e in f.evidence)


def _claims(
    db: sqlite3.Connection, new: Mapping[str, list[Claim]], by_n: Mapping[int, tuple[object, ...]]
) -> list[Claim]:
    """The new claims and the stored ones that share a lookup key with one, in the order a run
    over the whole corpus sees them (by document id, then as extracted)."""
    keys = sorted({claim_key(c) for cs in new.values() for c in cs})
    got: list[tuple[str, int, Claim]] = [
        (doc, seq, c) for doc, cs in new.items() for seq, c in enumerate(cs)
    ]
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for n, blob in db.execute(f"SELECT doc, data FROM claims WHERE gkey IN ({marks})", chunk):
            row = by_n.get(n)
            if row is not None:
                got.extend((str(row[1]), seq, c) for seq, c in pickle.loads(blob))
    got.sort(key=lambda t: (t[0], t[1]))
    return [c for _, _, c in got]


def _load(store: Store, key: object) -> Entry:
    blob = store.entries([str(key)]).get(str(key))
    if blob is None:
        raise RuntimeError(f"{store.path}: entry {key} is missing; run `tipcheck index update`")
    return decode(blob)


def _closure(
    store: Store,
    results: Sequence[MapResult],
    seeds: Iterable[int],
    by_n: Mapping[int, tuple[object, ...]],
    cfg: DuplicateSettings,
    limit: int,
    entries: dict[int, Entry],
) -> bool:
    """Load into `entries` every stored document connected to the new passages (and `seeds`)
    through shared band keys; False when `limit` stopped the walk."""
    seen: set[int] = set()
    frontier: list[int] = []
    for r in results:
        for d in r.index:
            frontier.extend(window_band_keys(d, cfg).tolist())
    pending = [n for n in seeds if n in by_n]
    while frontier or pending:
        found: set[int] = set(pending)
        keys = sorted(set(frontier) - seen)
        seen.update(keys)
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                n
                for (n,) in store.db.execute(f"SELECT doc FROM bands WHERE key IN ({marks})", chunk)
            )
        fresh = sorted(n for n in found if n in by_n and n not in entries)
        pending, frontier = [], []
        for n in fresh:
            if len(entries) >= limit:
                return False
            e = entries[n] = _load(store, by_n[n][2])
            if e.index is not None:
                frontier.extend(window_band_keys(e.index, cfg).tolist())
    return True


def _copies(
    results: Sequence[MapResult], loaded: Sequence[Entry], pack: RulePack, cfg: DuplicateSettings
) -> list[Finding]:
    """The copy check over the new documents and the loaded ones, in document order."""
    pieces = [(r.index, r.words) for r in results]
    pieces += [([e.index], e.words) for e in loaded if e.index is not None]
    claims = [c for r in results for cs in r.claims for c in cs]
    claims += [c for e in loaded for c in e.claims]
    return copy_findings(pieces, claims, pack, cfg)


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
