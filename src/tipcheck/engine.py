"""The run: discover → map (read, segment, extract, index passages) → shuffle → reduce (checks)
→ report, on the executor the caller chose (`executors`); the work itself is in `stages`.

Only the corpus-wide parts stay in this process: the LSH index over every passage and the
merging and sorting of findings.
"""

from __future__ import annotations

import functools
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.checks.merge import merge_drift
from tipcheck.claims import Claim
from tipcheck.executors import Executor, consume, make_executor
from tipcheck.findings import Finding, InputError
from tipcheck.read.confusables import MIXED_SCRIPT, describe, mixed_script
from tipcheck.read.documents import Document
from tipcheck.read.paths import shown, walk
from tipcheck.read.sizes import DEFAULT_MAX_FILE_SIZE
from tipcheck.read.suppressions import Notice
from tipcheck.report.model import DocumentInfo, Report
from tipcheck.rulepack import RulePack, load_rules
from tipcheck.stages import (
    MapResult,
    MapTask,
    ReduceTask,
    Source,
    batches,
    check_claims,
    copy_findings,
    map_batch,
    partition_of,
    use_pack,
    with_bytes,
)
from tipcheck.version import __version__

if TYPE_CHECKING:  # the index (SQLite, numpy) is imported by the runs that use it
    from tipcheck.index import Store

# Batches of at most this many bytes: small enough that the last ones leave no worker idle for
# long, large enough that the per-task cost (pickling, scheduling) stays negligible (one task
# per document measured 7.9 MB/s against 10.7 MB/s batched).
BATCH_BYTES = 500_000


def _display_path(path: str) -> str:
    """A path relative to the working directory when it lies below it (CI annotations and
    SARIF viewers map relative paths to the repository), else as given."""
    try:
        rel = Path(path).resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path
    return rel.as_posix()


def discover(
    paths: Iterable[str | os.PathLike[str]],
    as_of: Mapping[str, str] | None = None,
    exclude: Callable[[str], bool] | None = None,
    errors: list[InputError] | None = None,
) -> list[Source]:
    """Every input file as a source to read, by id; `as_of` maps an id (or a file name) to an
    as-of date that overrides the text's own; ids that `exclude` accepts are left out. Paths
    given by name that cannot be documents (missing, a link loop, a FIFO) go to `errors`."""
    overrides = dict(as_of or {})
    found = walk(paths)
    if errors is not None:
        errors.extend(InputError(p.doc, p.code, p.message, p.path) for p in found.problems)
    out = []
    for doc_id, path in found.files:
        if exclude is not None and exclude(doc_id):
            continue
        out.append(Source(doc_id, str(path), overrides.get(doc_id) or overrides.get(path.name)))
    return out


def mixed_script_notices(d: Document) -> list[Notice]:
    """A warning (TC909) for each word of `d` written in more than one script."""
    return [
        Notice(d.id, d.line_of(w.start), MIXED_SCRIPT, describe(w), "warning")
        for w in mixed_script(d.text)
    ]


@contextmanager
def _stage(timings: dict[str, float] | None, name: str) -> Iterator[None]:
    t0 = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0


P = ParamSpec("P")
R = TypeVar("R")


def without_gc(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` with the cyclic garbage collector off while it runs, and back as it was after.

    A run builds millions of long-lived objects (documents, claims, passage indexes, findings)
    and next to no cycles (527 unreachable objects after a whole 2.5 MB run): every full
    collection walked them all again, more often the larger the corpus. Measured on the bench
    corpus: ~13% of the CPU of a 10 MB run, and the claim checks grew 12.5x for 8x the claims
    with it, 9.7x without. Reference counting still frees everything that is not a cycle.
    """

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return run


def map_documents(
    sources: Sequence[Source],
    pack: RulePack,
    executor: Executor,
    *,
    copies: bool = True,
    settings: DuplicateSettings | None = None,
    tick: Callable[[int], None] | None = None,
    max_bytes: int | None = DEFAULT_MAX_FILE_SIZE,
) -> list[MapResult]:
    """The map stage over every source, in batches, results in source order; a file over
    `max_bytes` is an input error, never read."""
    tasks = [
        MapTask(pack.path, tuple(b), settings or DuplicateSettings(), copies, max_bytes)
        for b in batches(sources, executor.workers, BATCH_BYTES)
    ]
    on_result = (lambda r: tick(len(r.docs) + len(r.errors))) if tick else None
    return consume(executor.map(map_batch, tasks), on_result)


def check_all_claims(
    claims: Sequence[Claim], pack: RulePack, executor: Executor, reference: Path | None
) -> list[Finding]:
    """The reduce stage of the claim checks: claims partitioned by subject, one task each on
    executors where shipping them pays (`remote_reduce`), else one task in this process."""
    ref = str(reference) if reference is not None else None
    if not executor.remote_reduce:
        return check_claims(ReduceTask(pack.path, tuple(claims), ref))
    n = executor.workers
    parts: list[list[Claim]] = [[] for _ in range(n)]
    for c in claims:
        parts[partition_of(c, n) if n > 1 else 0].append(c)
    tasks = [ReduceTask(pack.path, tuple(p), ref) for p in parts if p]
    return [f for fs in executor.map(check_claims, tasks) for f in fs]


@without_gc
def extract_many(docs: Sequence[Document], pack: RulePack, jobs: int = 1) -> dict[str, list[Claim]]:
    """Claims of every document, by id (`jobs > 1`: on a process pool)."""
    use_pack(pack)
    ex = make_executor("auto", jobs, pack.path)
    try:
        results = map_documents([Source(d.id, d.path, doc=d) for d in docs], pack, ex, copies=False)
    finally:
        ex.close()
    return {d.id: cs for r in results for d, cs in zip(r.docs, r.claims, strict=True)}


def _remote(executor: str | Any, scheduler: str | None) -> bool:
    """Whether the run goes to a Dask cluster (a LocalCluster, a scheduler or a Client)."""
    return executor == "dask" or scheduler is not None or not isinstance(executor, str)


def _pack_for_run(
    rules: str | os.PathLike[str] | RulePack | None, executor: str | Any, scheduler: str | None
) -> RulePack:
    """The run's pack, in use for its stage tasks; a pack changed in memory cannot reach Dask
    workers, which load it from its files, so that combination is refused."""
    pack = use_pack(
        rules
        if isinstance(rules, RulePack)
        else load_rules(Path(rules) if rules is not None else None)
    )
    if _remote(executor, scheduler) and pack is not load_rules(pack.path):
        raise ValueError(
            "a rule pack changed in memory cannot run on Dask workers, which load the pack "
            f"from {pack.path}; write the pack's files, or run with the default executor"
        )
    return pack


@without_gc
def check(
    paths: Iterable[str | os.PathLike[str]],
    against: Iterable[str | os.PathLike[str]] | None = None,
    reference: str | os.PathLike[str] | None = None,
    *,
    rules: str | os.PathLike[str] | RulePack | None = None,
    as_of: Mapping[str, str] | None = None,
    jobs: int = 1,
    duplicates: bool = True,
    settings: DuplicateSettings | None = None,
    tick: Callable[[int], None] | None = None,
    exclude: Callable[[str], bool] | None = None,
    executor: str | Any = "auto",
    scheduler: str | None = None,
    timings: dict[str, float] | None = None,
    send_documents: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
    notes: list[str] | None = None,
    max_file_size: int | None = DEFAULT_MAX_FILE_SIZE,
) -> Report:
    """Check documents (and, with `against`, the corpus they are checked against).

    With `against`, the corpus is context: only findings with at least one side in `paths`
    are reported. Unreadable documents are listed in `Report.errors`, never raised.
    `executor` is "auto" (in this process, or a process pool of `jobs` workers), "process",
    "dask" (a LocalCluster of `jobs` workers, or the cluster at `scheduler`), or a
    `distributed.Client`; the report is the same whichever runs it. Workers read the files
    themselves (shared storage); with `send_documents` this process reads them and hands the
    bytes over, for a cluster whose workers cannot see the paths. With `cache_dir`, each
    document's map result is kept there by content hash and reused (read and written in this
    process, whichever executor maps the rest). `notes` (unused here) keeps the signature
    of `check_against`, which adds what the user should be told to it. A file over
    `max_file_size` bytes is an input error (TC907) and is not read.
    """
    pack = _pack_for_run(rules, executor, scheduler)
    cfg = settings or DuplicateSettings()
    errors: list[InputError] = []
    with _stage(timings, "discover"):
        sources = discover(paths, as_of, exclude, errors)
        new_ids = {s.id for s in sources}
        if against is not None:
            more = discover(against, as_of, exclude, errors)
            sources += [s for s in more if s.id not in new_ids]
        sources.sort(key=lambda s: s.id)
        if send_documents:
            sources = [with_bytes(s, max_file_size) for s in sources]
    store = open_cache(cache_dir) if cache_dir is not None else None
    try:
        rkey: str | None = None
        prepared = None
        if store is not None:
            from tipcheck.index.build import read_for_cache, stamp
            from tipcheck.index.runs import load_run, run_key

            with _stage(timings, "cache"):
                stamp(store, pack, cfg, duplicates)
                prepared = read_for_cache(sources, cfg, duplicates, max_file_size)
                # a run on a cluster is not served from here: its scheduler and workers must
                # be reached (an unreachable one is a usage error, cached or not)
                if not errors and not _remote(executor, scheduler):
                    rkey = run_key(
                        store.stamp_of(),
                        sources,
                        prepared[1],
                        duplicates=duplicates,
                        reference=Path(reference) if reference else None,
                        filtered_to=None if against is None else new_ids,
                    )
                hit = load_run(store, rkey) if rkey is not None else None
            if hit is not None:
                return hit
        report = _run(
            sources,
            new_ids,
            against is not None,
            pack,
            cfg,
            errors,
            store,
            prepared,
            reference=reference,
            jobs=jobs,
            duplicates=duplicates,
            tick=tick,
            executor=executor,
            scheduler=scheduler,
            timings=timings,
            max_file_size=max_file_size,
        )
        if store is not None and rkey is not None:
            from tipcheck.index.runs import save_run

            save_run(store, rkey, report)
        return report
    finally:
        if store is not None:
            store.close()


def _run(
    sources: list[Source],
    new_ids: set[str],
    filtered: bool,
    pack: RulePack,
    cfg: DuplicateSettings,
    errors: list[InputError],
    store: Store | None,
    prepared: tuple[list[Source], list[str | None]] | None,
    *,
    reference: str | os.PathLike[str] | None,
    jobs: int,
    duplicates: bool,
    tick: Callable[[int], None] | None,
    executor: str | Any,
    scheduler: str | None,
    timings: dict[str, float] | None,
    max_file_size: int | None,
) -> Report:
    """Map, check and merge (the part of `check` that a cached run skips)."""
    ex = make_executor(executor, jobs, pack.path, scheduler)
    try:
        with _stage(timings, "map"):
            if store is not None:
                from tipcheck.index import map_cached

                results = map_cached(
                    sources, pack, ex, store, cfg, duplicates, tick, max_file_size, prepared
                )
            else:
                results = map_documents(
                    sources,
                    pack,
                    ex,
                    copies=duplicates,
                    settings=cfg,
                    tick=tick,
                    max_bytes=max_file_size,
                )
        docs = [d for r in results for d in r.docs]
        claims = {d.id: cs for r in results for d, cs in zip(r.docs, r.claims, strict=True)}
        errors += [e for r in results for e in r.errors]
        all_claims = [c for d in docs for c in claims[d.id]]
        with _stage(timings, "claim checks"):
            findings = check_all_claims(
                all_claims, pack, ex, Path(reference) if reference else None
            )
    finally:
        ex.close()
    findings.sort(key=Finding.sort_key)  # partitions in any order give the same list
    if duplicates:
        with _stage(timings, "copies"):
            findings += copy_findings(((r.index, r.words) for r in results), all_claims, pack, cfg)
    with _stage(timings, "merge"):
        findings = merge_drift(findings)
        if filtered:
            findings = [f for f in findings if any(e.doc in new_ids for e in f.evidence)]
        findings.sort(key=Finding.sort_key)
    return _report(docs, claims, findings, errors)


CACHE_FILE = "cache.db"


def open_cache(cache_dir: str | os.PathLike[str]) -> Store:
    """The per-run cache in `cache_dir`, created with a .gitignore as ruff does."""
    from tipcheck.index import Store

    d = Path(cache_dir)
    try:
        d.mkdir(parents=True, exist_ok=True)
        ignore = d / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by tipcheck\n*\n", encoding="utf-8")
    except OSError as e:
        raise OSError(
            f"{d}: cannot create the cache ({e.strerror}); give --cache-dir or --no-cache"
        ) from None
    return Store(d / CACHE_FILE)


def is_index(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is an index file (SQLite) rather than a document or folder."""
    p = Path(path)
    if not p.is_file():
        return False
    with p.open("rb") as f:
        return f.read(16) == b"SQLite format 3\x00"


@without_gc
def check_against(
    paths: Iterable[str | os.PathLike[str]],
    against: Sequence[str | os.PathLike[str]],
    reference: str | os.PathLike[str] | None = None,
    *,
    rules: str | os.PathLike[str] | RulePack | None = None,
    as_of: Mapping[str, str] | None = None,
    jobs: int = 1,
    duplicates: bool = True,
    settings: DuplicateSettings | None = None,
    exclude: Callable[[str], bool] | None = None,
    executor: str | Any = "auto",
    scheduler: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    notes: list[str] | None = None,
    max_file_size: int | None = DEFAULT_MAX_FILE_SIZE,
    timings: dict[str, float] | None = None,
    tick: Callable[[int], None] | None = None,
    send_documents: bool = False,
) -> Report:
    """The findings that involve `paths`, against an index file (`against` = [DB]) or against
    documents and folders, which are indexed in memory first (their entries taken from and
    kept in `cache_dir`): one code path, so both give the same report. Only the new documents
    are mapped here; see `tipcheck.index.query` for what is loaded from the index. `tick`
    counts the corpus documents indexed; `send_documents` is accepted for the signature of
    `check` (the index reads the corpus here, and workers are handed the bytes either way)."""
    del send_documents
    from tipcheck.index import Index

    pack = _pack_for_run(rules, executor, scheduler)
    if len(against) == 1 and is_index(against[0]):
        idx = Index(against[0], rules=pack, settings=settings, create=False)
    else:
        idx = Index(":memory:", rules=pack, settings=settings)
        cache = open_cache(cache_dir) if cache_dir is not None else None
        try:
            with _stage(timings, "index corpus"):
                idx.update(
                    against,
                    jobs=jobs,
                    executor=executor,
                    scheduler=scheduler,
                    as_of=as_of,
                    exclude=exclude,
                    entries_from=cache,
                    tick=tick,
                    max_file_size=max_file_size,
                )
        finally:
            if cache is not None:
                cache.close()
    try:
        with _stage(timings, "check new"):
            report = idx.check(
                paths,
                as_of=as_of,
                reference=reference,
                duplicates=duplicates,
                exclude=exclude,
                max_file_size=max_file_size,
            )
        if notes is not None:
            notes.extend(idx.messages)
            if idx.last is not None and not idx.last.exact:
                notes.append(
                    f"the new passages connect to more than {idx.limit} indexed documents; "
                    f"copies were checked against the {idx.limit} that share the most with them"
                )
    finally:
        idx.close()
    return report


def _report(
    docs: Sequence[Document],
    claims: Mapping[str, list[Claim]],
    findings: list[Finding],
    errors: list[InputError],
) -> Report:
    infos = tuple(
        DocumentInfo(
            id=d.id,
            path=shown(_display_path(d.path)),
            as_of=d.meta.as_of.iso if d.meta.as_of else None,
            as_of_source=d.meta.as_of_source,
            claims=len(claims.get(d.id, [])),
            title=d.meta.title,
        )
        for d in docs
    )
    return Report(
        version=__version__,
        documents=infos,
        findings=tuple(findings),
        errors=tuple(sorted(errors, key=lambda e: e.doc)),
        claims=tuple(c for d in docs for c in claims.get(d.id, [])),
        texts={d.id: d.text for d in docs},
        notices=tuple(n for d in docs for n in mixed_script_notices(d)),
    )


__all__ = ["check", "check_against", "discover", "extract_many", "map_documents"]
