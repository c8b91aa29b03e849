"""`tipcheck server`: latency from didChange to publishDiagnostics, as an editor sees it.

    .venv/bin/python bench/lsp_bench.py [--mb 10] [--edits 30] [--debounce 200] [--jobs 2]

Builds (once, kept in bench/out/lsp-<MB>mb.db) an index of the bench/corpus.py corpus of
--mb MB (~100 documents per MB), starts `tipcheck server --against` it in a subprocess and
speaks JSON-RPC over stdio as a client does (tests/_lsp.py). A ~10 KB document (the
generator's seed 2, so it shares passages with the corpus as a new report does) is opened,
then changed --edits times (full text, one figure changed each time, so every check has
work to do); each change's time to the diagnostics of its version is measured. The figure
includes the debounce (the server waits --debounce ms after the last change) and the
subprocess's JSON-RPC round trip; the check alone is printed beside it.
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


def run(db: Path, text: str, edits: int, debounce: int, work: Path) -> list[float]:
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
        for v in range(2, edits + 2):
            changed = (
                text + f"\n\nIn 2009, police in Romania conducted {v} trafficking investigations.\n"
            )
            t0 = time.perf_counter()
            c.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": changed}]},
            )
            c.diagnostics(uri, v, timeout=60)
            times.append(time.perf_counter() - t0)
            time.sleep(0.05)  # a pause between keystrokes' bursts
        return times
    finally:
        c.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", default="10", help="corpus sizes in MB, comma-separated (default 10)")
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--debounce", type=int, default=200, help="the server's --debounce (ms)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    a = ap.parse_args()
    name, text = bench_corpus.make_document(bench_corpus.load_sources(), 2, 0)
    print(f"document: {name}, {len(text.encode('utf-8')) / 1000:.1f} KB")
    work = bench_corpus.OUT / "lsp-work"
    work.mkdir(parents=True, exist_ok=True)
    for mb in (float(x) for x in a.mb.split(",") if x):
        db, n = index_for(mb, a.jobs)
        with Index(db) as idx:  # the check alone, in process, for comparison
            idx.check_text(text, doc_id="warm.md")
            alone = []
            for i in range(5):
                t0 = time.perf_counter()
                idx.check_text(text + f"\n{i}\n", doc_id="new.md")
                alone.append(time.perf_counter() - t0)
        times = run(db, text, a.edits, a.debounce, work)
        print(
            f"{n} documents, debounce {a.debounce} ms: didChange -> publishDiagnostics "
            f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {_pct(times, 0.95) * 1000:.0f} ms "
            f"over {len(times)} edits (check_text alone p50 {statistics.median(alone) * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()
