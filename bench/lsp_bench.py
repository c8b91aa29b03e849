"""`tipcheck server`: latency from didChange to publishDiagnostics, as an editor sees it.

    .venv/bin/python bench/lsp_bench.py [--mb 10] [--edits 30] [--debounce 75] [--pause 0.3]
        [--db INDEX ...]

Builds (once, kept in bench/out/lsp-<MB>mb.db and updated on later runs) an index of the
bench/corpus.py corpus of --mb MB (~100 documents per MB), starts `tipcheck server --against`
it in a subprocess and speaks JSON-RPC over stdio as a client does (tests/_lsp.py). A ~10 KB
document (the generator's seed 2, so it shares passages with the corpus as a new report
does) is opened, then changed --edits times, --pause seconds apart (full text, one figure
changed each time). Measured: each change's time to the first diagnostics of its version
(the claim checks), and, after the last change, the time to its full diagnostics (the copy
and drift checks too, from the server's child process). The figures include the debounce
and the JSON-RPC round trip; the checks alone, in process, are printed beside them.

--db measures against indexes already built instead (e.g. bench/index_bench.py's padded
ones, `--dbs DIR`: the 977-document bench corpus with synthetic reports up to the count), so
both benches can report one index.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import corpus as bench_corpus
from _lsp import Client
from tipcheck.index import Index

ROOT = Path(__file__).resolve().parent.parent


def _pct(times: list[float], q: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def index_for(mb: float, jobs: int) -> tuple[Path, int]:
    folder, manifest = bench_corpus.build(mb)
    db = bench_corpus.OUT / f"lsp-{mb:g}mb.db"
    t0 = time.perf_counter()
    with Index(db) as idx:
        got = idx.update([folder], jobs=jobs)
    print(
        f"index of {manifest['documents']} documents: {got.describe()} ({time.perf_counter() - t0:.1f} s)"
    )
    return db, int(manifest["documents"])


def run(
    db: Path, text: str, edits: int, debounce: int, work: Path, pause: float
) -> tuple[list[float], float | None]:
    """Seconds from each didChange to the first diagnostics of its version (the claim
    checks), and from the last change to its full diagnostics (the copy checks too)."""
    c = Client(["--against", str(db), "--debounce", str(debounce), "--isolated"], cwd=work)
    try:
        c.initialize(work)
        uri = (work / "new.md").as_uri()
        c.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )
        c.diagnostics(uri, 1, timeout=120)  # start-up, pack load, first check
        times = []
        last = 0.0
        for v in range(2, edits + 2):
            time.sleep(pause)  # typing, then a pause shorter than the copy checks' delay
            changed = (
                text + f"\n\nIn 2009, police in Romania conducted {v} trafficking investigations.\n"
            )
            last = t0 = time.perf_counter()
            c.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": changed}]},
            )
            c.diagnostics(uri, v, timeout=60)
            times.append(time.perf_counter() - t0)
        full: float | None = None
        try:
            c.diagnostics(uri, edits + 1, timeout=300)  # the copy checks' publication
            full = time.perf_counter() - last
        except TimeoutError:
            pass
        return times, full
    finally:
        c.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", default="10", help="corpus sizes in MB, comma-separated (default 10)")
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--debounce", type=int, default=75, help="the server's --debounce (ms)")
    ap.add_argument("--pause", type=float, default=0.3, help="seconds between edits")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--db", type=Path, action="append", help="an index already built (repeatable)")
    a = ap.parse_args()
    sources = bench_corpus.load_sources()
    name, text = bench_corpus.make_document(sources, 2, 0)
    # one generated report is ~6 KB: the next one's paragraphs are added up to ~10 KB
    more = bench_corpus.make_document(sources, 2, 1)[1].split("\n\n")
    while more and len(text.encode("utf-8")) < 10_000:
        text += "\n\n" + more.pop(0)
    print(f"document: {name}, {len(text.encode('utf-8')) / 1000:.1f} KB")
    work = bench_corpus.OUT / "lsp-work"
    work.mkdir(parents=True, exist_ok=True)
    if a.db:
        indexes = []
        for db in a.db:
            with Index(db) as idx:
                indexes.append((db, int(idx.stats()["documents"])))
    else:
        indexes = [index_for(float(mb), a.jobs) for mb in a.mb.split(",") if mb]
    for db, n in indexes:
        with Index(db) as idx:  # the check alone, in process, for comparison
            idx.check_text(text, doc_id="warm.md")
            alone = []
            for i in range(5):
                t0 = time.perf_counter()
                idx.check_text(text + f"\n{i}\n", doc_id="new.md", duplicates=False)
                alone.append(time.perf_counter() - t0)
            full_alone = time.perf_counter()
            idx.check_text(text + "\nx\n", doc_id="new.md")
            full_alone = time.perf_counter() - full_alone
        times, full = run(db, text, a.edits, a.debounce, work, a.pause)
        print(
            f"{n} documents, debounce {a.debounce} ms: didChange -> publishDiagnostics (claim "
            f"checks) p50 {statistics.median(times) * 1000:.0f} ms, p95 "
            f"{_pct(times, 0.95) * 1000:.0f} ms over {len(times)} edits (check_text without "
            f"copies, in process, p50 {statistics.median(alone) * 1000:.0f} ms); with the copy "
            f"checks: {'-' if full is None else f'{full:.1f} s'} after the last change "
            f"(check_text with copies, in process: {full_alone:.1f} s)"
        )


if __name__ == "__main__":
    main()
