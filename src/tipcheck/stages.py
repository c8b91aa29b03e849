"""The run's work as map and reduce functions that any executor can schedule.

- **map** (`map_batch`): per document — read and decode the file, read its metadata, segment
  it, extract its claims and index its passages for the copy check. Documents are independent,
  so a batch of them is one task on a worker, in this process, a process pool or a Dask cluster.
- **shuffle**: the batches come back in document order; their passage indexes are re-keyed to
  one vocabulary (`Vocab.absorb`) and their claims are grouped by subject.
- **reduce** (`check_claims`): per partition of subjects — the claim checks (contradictions,
  arithmetic, route sets, reference facts) never compare claims of different subjects, so
  partitions are independent too. The copy check runs once over the corpus-wide LSH index.

Every function here is a module-level function of picklable arguments, so each executor runs
the same code: the output is byte-identical whichever runs it.
"""

from __future__ import annotations

import functools
import os
import stat
import zlib
from collections.abc import Iterable, Mapping, Sequence, Set
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from tipcheck.checks.arithmetic import check_arithmetic
from tipcheck.checks.contradictions import check_contradictions
from tipcheck.checks.copies.lexicon import DriftLexicon, load_drift_lexicon
from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.checks.copies.subjects import Subjects
from tipcheck.checks.reference import check_reference, load_reference
from tipcheck.checks.sets import check_sets
from tipcheck.claims import Claim
from tipcheck.extraction.sentences import extract_document
from tipcheck.extraction.statements import PatternTimeout
from tipcheck.findings import Finding, InputError
from tipcheck.read.documents import Document, read_document
from tipcheck.read.passages import segment
from tipcheck.read.paths import PATTERN_BUDGET, shown
from tipcheck.read.sizes import DEFAULT_MAX_FILE_SIZE
from tipcheck.read.where import reading
from tipcheck.rulepack import RulePack, load_rules

if TYPE_CHECKING:  # the copy check (numpy, rapidfuzz) is imported by the runs that use it
    import numpy as np
    import numpy.typing as npt

    from tipcheck.checks.copies.index import IndexedDoc


@attrs.frozen(slots=True)
class Source:
    """A document to read: its id, its path, an as-of override, and its bytes when they are
    handed over (standard input, or a cluster whose workers cannot see the files) rather
    than read by the worker; or a document already read."""

    id: str
    path: str
    as_of: str | None = None
    data: bytes | None = None
    doc: Document | None = None

    @property
    def size(self) -> int:
        if self.doc is not None:
            return len(self.doc.text)
        if self.data is not None:
            return len(self.data)
        try:
            return Path(self.path).stat().st_size
        except OSError:
            return 0


def with_bytes(s: Source, max_bytes: int | None = DEFAULT_MAX_FILE_SIZE) -> Source:
    """The source with its file's bytes read here (to hand them to workers, or to hash them for
    the cache), unless it cannot or must not be read: a file that is not regular or is over
    `max_bytes` is left to the map stage, which names the problem as for any other file
    without reading it."""
    try:
        st = os.stat(s.path)
        if not stat.S_ISREG(st.st_mode) or (max_bytes is not None and st.st_size > max_bytes):
            return s
        return attrs.evolve(s, data=Path(s.path).read_bytes())
    except OSError:
        return s


@attrs.frozen(slots=True)
class MapTask:
    """One batch of documents, with what the workers need to process it."""

    pack_path: str
    sources: tuple[Source, ...]
    settings: DuplicateSettings = attrs.field(factory=DuplicateSettings)
    copies: bool = True
    max_bytes: int | None = DEFAULT_MAX_FILE_SIZE


@attrs.define(slots=True)
class MapResult:
    """What a batch gives back: its documents, their claims, their passage index (keyed with
    the batch's own vocabulary, `words`), and the input errors of the documents not read."""

    docs: list[Document]
    claims: list[list[Claim]]
    index: list[IndexedDoc]
    words: list[str]
    errors: list[InputError]


@functools.lru_cache(maxsize=4)
def drift_lexicon(path: str | None) -> DriftLexicon:
    """The pack's drift lexicon, loaded once per process."""
    return load_drift_lexicon(Path(path)) if path else DriftLexicon()


# The pack each entry point resolved, by path: a RulePack object a caller built or changed in
# memory is used as given (in this process, and in pool workers forked from it), not reloaded
# from its files. Every entry point sets it, so one call's pack never leaks into the next.
_IN_USE: dict[str, RulePack] = {}


def use_pack(pack: RulePack) -> RulePack:
    """Make `pack` the one stage tasks naming its path run with, in this process."""
    _IN_USE[pack.path] = pack
    return pack


def pack_for(path: str) -> RulePack:
    """The rule pack for a task: the one in use in this process, else loaded from its files
    (compiled once per process: `load_rules` caches by path)."""
    got = _IN_USE.get(path)
    return got if got is not None else load_rules(path)


def map_batch(task: MapTask) -> MapResult:
    """Read, segment, extract and index each document of the batch, in order."""
    pack = pack_for(task.pack_path)
    docs: list[Document] = []
    claims: list[list[Claim]] = []
    segs = []
    errors: list[InputError] = []
    for src in task.sources:
        got = src.doc or read_document(
            src.id, Path(src.path), src.as_of, src.data, max_bytes=task.max_bytes
        )
        if isinstance(got, InputError):
            errors.append(got)
            continue
        name = shown(got.path or got.id)
        with reading(name):  # an unexpected error names this document
            seg = segment(got.text)
            try:
                found = extract_document(got, pack, seg)
            except PatternTimeout as e:  # a runaway pattern: this document, not the run, fails
                errors.append(InputError(got.id, PATTERN_BUDGET, f"{name}: {e}", got.path))
                found = []
        docs.append(got)
        claims.append(found)
        segs.append(seg)
    index: list[IndexedDoc] = []
    words: list[str] = []
    if task.copies:
        from tipcheck.checks.copies.duplicates import index_documents

        lex = drift_lexicon(pack.drift_path)
        index, words = index_documents(list(zip(docs, segs, strict=True)), lex, task.settings)
    return MapResult(docs, claims, index, words, errors)


@attrs.frozen(slots=True)
class ReduceTask:
    """The claims of one partition of subjects, and the reference facts to check them with;
    `focus`: only the findings of these documents are wanted (a check against an index), so
    contradiction groups without a claim of theirs are skipped."""

    pack_path: str
    claims: tuple[Claim, ...]
    reference: str | None = None
    focus: frozenset[str] | None = None


def partition_of(c: Claim, n: int) -> int:
    """The partition a claim's subject falls in (a stable hash, unlike `hash()` across
    processes)."""
    key = c.subject.id if c.subject is not None else ""
    return zlib.crc32(key.encode("utf-8")) % n


def check_claims(task: ReduceTask) -> list[Finding]:
    """Every claim-level finding in the partition: contradictions, arithmetic, reference
    facts and route sets."""
    pack = pack_for(task.pack_path)
    claims = list(task.claims)
    findings = check_contradictions(claims, pack, task.focus)
    findings += check_arithmetic(claims, pack)
    if task.reference is not None:
        findings += check_reference(claims, load_reference(Path(task.reference), pack), pack)
    findings += check_sets(claims, pack)
    return findings


# ~0.5 s of extraction on one core: less than starting a pool's workers costs
SMALL_WORK = 150_000


def batches(sources: Sequence[Source], workers: int, limit: int) -> list[list[Source]]:
    """Consecutive batches of about equal size: small enough that the last ones leave no worker
    idle for long (about four per worker), at most `limit` bytes so per-task costs stay small.
    Work a worker pool would not pay for (under `SMALL_WORK` bytes) is one batch, which the
    pool runs in this process: starting workers and loading the pack in each costs ~1 s."""
    total = sum(s.size for s in sources)
    if total <= min(SMALL_WORK, limit):
        return [list(sources)] if sources else []
    size = max(1, min(limit, total // (max(workers, 1) * 4) + 1))
    out: list[list[Source]] = [[]]
    acc = 0
    for s in sources:
        if acc >= size:
            out.append([])
            acc = 0
        out[-1].append(s)
        acc += s.size
    return [b for b in out if b]


def copy_findings(
    pieces: Iterable[tuple[Sequence[IndexedDoc], Sequence[str]]],
    claims: Iterable[Claim],
    pack: RulePack,
    cfg: DuplicateSettings,
    focus: Set[str] | None = None,
    spread: Mapping[str, npt.NDArray[np.int32]] | None = None,
) -> list[Finding]:
    """The shuffle and reduce of the copy check: each piece's passage index (keyed with the
    vocabulary whose keys are its words) re-keyed to one vocabulary, in document order, then
    candidates, regions and findings over them all (`claims` say whom each passage is about;
    `focus`: only findings with a side in these documents; `spread`: at least how many
    documents each sentence's copies span, by document id, when not all of them are here)."""
    from tipcheck.checks.copies.duplicates import duplicates_in
    from tipcheck.checks.copies.index import Vocab

    vocab = Vocab()
    index: list[IndexedDoc] = []
    for docs, words in pieces:
        vocab.absorb(docs, words)
        index.extend(docs)
    index.sort(key=lambda d: d.doc.id)
    return duplicates_in(
        index,
        vocab,
        cfg=cfg,
        lexicon=drift_lexicon(pack.drift_path),
        canon=pack.gazetteer.canon,
        subjects=Subjects(claims),
        focus=focus,
        spread=spread,
    )
