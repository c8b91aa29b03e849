"""The corpus index: build speed and size, latency of one new document, update and cache.

    .venv/bin/python bench/index_bench.py [--build-mb 5,50] [--latency-mb 10,100] [--jobs 4]
        [--queries 20] [--skip-cache] [--update-mb MB]

- build: `Index.update` over bench/corpus.py corpora of each --build-mb size: MB/s, and the
  database's size per MB of text;
- latency: one ~10 KB document (bench/corpus.py's generator with another seed, so it shares
  paragraphs with the corpus as a new report does) checked against indexes of --latency-docs
  documents: the 10 MB bench corpus (977 TIP-style documents whose every paragraph recurs
  hundreds of times: the worst case for the copy walk, and claims on the same few subjects),
  padded with bench/dupbench.py's synthetic reports (~2.5 KB, mostly unique prose, ~6% planted
  copies) up to the count; p50 and p95 over --queries documents, in-process (`Index.check_text`,
  the CLI adds its start-up), with how many documents each query loaded;
- update: 1% of the smallest build corpus's documents (or --update-mb's) changed, `index update` time as a share
  of the full build;
- cache: `tipcheck check DIR` on the smallest corpus, second run as a share of the first.
Corpora are built in bench/out/ and reused; indexes are written to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as bench_corpus
from tipcheck.index import Index

ROOT = Path(__file__).resolve().parent.parent


def build_index(folder: Path | list[Path], db: Path, jobs: int) -> tuple[float, int, int]:
    """Seconds to build, bytes of text, bytes of database."""
    roots = folder if isinstance(folder, list) else [folder]
    text = sum(p.stat().st_size for r in roots for p in r.iterdir() if p.suffix in (".txt", ".md"))
    t0 = time.perf_counter()
    with Index(db) as idx:
        idx.update(roots, jobs=jobs)
    took = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    return took, text, size


def padded_corpus(n_docs: int) -> list[Path]:
    """The roots of an index of about `n_docs` documents: the 10 MB bench corpus, and
    dupbench's synthetic reports for the rest (written once under bench/out/)."""
    folder, manifest = bench_corpus.build(10)
    roots = [folder]
    extra = n_docs - int(manifest["documents"])
    if extra > 0:
        import dupbench

        pad = ROOT / "bench" / "out" / f"pad-{extra}"
        if not (pad / "done").exists():
            pad.mkdir(parents=True, exist_ok=True)
            for doc_id, text, _ in dupbench.Corpus(extra, seed=7).docs:
                (pad / doc_id).write_text(text, encoding="utf-8")
            (pad / "done").write_text("", encoding="utf-8")
        roots.append(pad)
    return roots


def queries(n: int) -> list[tuple[str, str]]:
    """`n` new ~10 KB documents (seed 2: not in any seed-1 corpus)."""
    sources = bench_corpus.load_sources()
    return [bench_corpus.make_document(sources, 2, i) for i in range(n)]


def latency(db: Path, docs: list[tuple[str, str]]) -> tuple[float, float, float, int]:
    """p50, p95 seconds, mean documents loaded, and how many answers compared the new
    passages with the nearest documents only (past the exact walk's limit)."""
    times: list[float] = []
    loaded: list[int] = []
    inexact = 0
    with Index(db) as idx:
        idx.check_text(docs[0][1], doc_id="warm-" + docs[0][0])  # pack compiled, caches warm
        for name, text in docs:
            t0 = time.perf_counter()
            idx.check_text(text, doc_id="new-" + name)
            times.append(time.perf_counter() - t0)
            assert idx.last is not None
            loaded.append(idx.last.loaded)
            inexact += not idx.last.exact
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, statistics.mean(loaded), inexact


def update_share(folder: Path, tmp: Path, jobs: int) -> tuple[float, float]:
    """Full build and update-after-1%-changed seconds, on a copy of `folder`."""
    work = tmp / "upd"
    shutil.copytree(folder, work)
    db = tmp / "upd.db"
    full, _, _ = build_index(work, db, jobs)
    files = sorted(p for p in work.iterdir() if p.suffix in (".txt", ".md"))
    for p in files[:: max(1, len(files) // max(1, len(files) // 100))][: max(1, len(files) // 100)]:
        p.write_text(p.read_text(encoding="utf-8") + "\nA changed line.\n", encoding="utf-8")
    t0 = time.perf_counter()
    with Index(db) as idx:
        got = idx.update(jobs=jobs)
    took = time.perf_counter() - t0
    print(f"  update: {got.describe()}")
    return full, took


def cache_share(folder: Path, tmp: Path, jobs: int) -> tuple[float, float]:
    cmd = [
        sys.executable,
        "-m",
        "tipcheck",
        "check",
        str(folder),
        "--format",
        "json",
        "-q",
        "--exit-zero",
        "--cache-dir",
        str(tmp / "cache"),
        "--jobs",
        str(jobs),
        "-o",
        os.devnull,
    ]
    out = []
    for _ in range(2):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT)
        out.append(time.perf_counter() - t0)
    return out[0], out[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build-mb", default="5,50")
    ap.add_argument("--latency-docs", default="1000,10000")
    ap.add_argument("--dbs", type=Path, help="keep the latency indexes in this folder (reused)")
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1))
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--skip-cache", action="store_true")
    ap.add_argument(
        "--update-mb",
        type=float,
        help="the corpus size for the update share (default: the smallest --build-mb)",
    )
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        build_mb = [float(x) for x in a.build_mb.split(",") if x]
        for mb in build_mb:
            folder, _ = bench_corpus.build(mb)
            took, text, size = build_index(folder, tmp / f"b{mb:g}.db", a.jobs)
            print(
                f"build {mb:g} MB: {took:.1f} s, {text / 1e6 / took:.2f} MB/s (--jobs {a.jobs}), "
                f"database {size / text:.1f} MB per MB of text"
            )
        docs = queries(a.queries)
        p50s = []
        keep = a.dbs or tmp
        keep.mkdir(parents=True, exist_ok=True)
        for n in (int(x) for x in a.latency_docs.split(",") if x):
            roots = padded_corpus(n)
            db = keep / f"latency-{n}.db"
            if not db.exists():
                took, text, size = build_index(roots, db, a.jobs)
                print(f"  built the {n}-document index in {took:.0f} s ({text / 1e6:.0f} MB)")
            with Index(db) as idx:
                have = idx.stats()["documents"]
            p50, p95, mean_loaded, inexact = latency(db, docs)
            p50s.append(p50)
            print(
                f"latency vs {have} documents: p50 {p50:.3f} s, p95 {p95:.3f} s"
                f" ({mean_loaded:.0f} documents loaded on average; {inexact}/{len(docs)} "
                "answers against the nearest documents, past the exact walk)"
            )
        if len(p50s) > 1:
            print(f"latency ratio largest/smallest index: {p50s[-1] / p50s[0]:.2f}x")
        folder, _ = bench_corpus.build(a.update_mb or min(build_mb))
        full, upd = update_share(folder, tmp, a.jobs)
        print(
            f"update after 1% changed: {upd:.2f} s = {upd / full:.1%} of a full build ({full:.1f} s)"
        )
        if not a.skip_cache:
            first, second = cache_share(folder, tmp, a.jobs)
            print(
                f"cached re-run of check: {second:.2f} s = {second / first:.1%} of the first ({first:.2f} s)"
            )


if __name__ == "__main__":
    main()
