"""Scaling of the whole CLI run: 1x, 2x, 4x and 8x the documents, stage by stage.

    .venv/bin/python bench/scale.py [--corpus bench|unique] [--base-mb 1.25] [--factors 1,2,4,8]
        [--jobs 1] [--executor auto|process|dask]

Each size runs `tipcheck check DIR --format json --timings` as a user runs it, in its own
process (so its peak RSS is its own), and prints wall time, MB/s, peak RSS and each stage's time
(`--timings`), then each stage's growth from the smallest to the largest size: the time ratio
and the exponent k in time ~ size^k (linear is k = 1; the aim is 8x documents in at most 9x the
time, k <= 1.06). Start-up is measured too: the wall time of checking one small file.

Corpora: `bench` is bench/corpus.py (report-like text, every paragraph recurring hundreds of
times: heavy on grouped checks and copies); `unique` is dupbench's pseudo-word prose with ~6%
planted copies (mostly unique text, as a real archive is). Both are seeded and reused from
bench/out/ when already built.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))


def build_bench(mb: float) -> Path:
    import corpus

    folder, _manifest = corpus.build(mb, 1, None)
    return Path(folder)


def build_unique(mb: float) -> Path:
    """dupbench's corpus (~2.5 KB a document) at about `mb` MB, written once."""
    import dupbench

    n = max(10, int(mb * 1e6 / 2500))
    folder = OUT / f"scale-unique-{n}"
    done = folder / ".complete"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        c = dupbench.Corpus(n)
        for doc_id, text, _year in c.docs:
            (folder / doc_id).write_text(text, encoding="utf-8")
        done.write_text("ok")
    return folder


def run_cli(folder: Path, jobs: int, executor: str) -> dict[str, Any]:
    """One whole CLI run: wall and CPU time, peak RSS, and the stage timings it printed."""
    cmd = [sys.executable, "-m", "tipcheck", "check", str(folder), "--format", "json"]
    cmd += ["--timings", "--jobs", str(jobs), "--executor", executor, "--output", os.devnull]
    cmd += ["--no-cache"]  # every size extracts its documents: the sizes share many of them
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"tipcheck exited {code} on {folder}:\n{stderr[-2000:]}")
    stages: dict[str, float] = {}
    for line in stderr.splitlines():
        if line.startswith("tipcheck: timings: "):
            for part in line.removeprefix("tipcheck: timings: ").split(", "):
                name, _, secs = part.rpartition(" ")[0].rpartition(" ")
                stages[name] = float(secs)
    size = sum(p.stat().st_size for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    n_docs = sum(1 for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    # wait4 reports the child's own usage; worker processes it started count in its children
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "folder": str(folder),
        "mb": size / 1e6,
        "docs": n_docs,
        "wall": wall,
        "cpu": cpu,
        "rss_mb": usage.ru_maxrss / 1024,
        "stages": stages,
    }


def startup() -> float:
    """Wall time of `tipcheck check` on one small file, best of five."""
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "one.txt"
        f.write_text("Kazakhstan ratified the 2000 UN TIP Protocol in 2008.\n", encoding="utf-8")
        best = math.inf
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "tipcheck", "check", str(f), "--format", "json"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            best = min(best, time.perf_counter() - t0)
    return best


def growth(lo: float, hi: float, factor: float) -> str:
    if lo <= 0.005 or hi <= 0:
        return "    -"
    return f"{hi / lo:5.1f}x k={math.log(hi / lo) / math.log(factor):4.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=("bench", "unique"), default="bench")
    ap.add_argument("--base-mb", type=float, default=1.25, help="size at 1x (default 1.25 MB)")
    ap.add_argument("--factors", default="1,2,4,8")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--executor", default="auto")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()
    factors = [float(f) for f in args.factors.split(",")]
    build = build_bench if args.corpus == "bench" else build_unique
    rows = []
    print(f"corpus {args.corpus}, jobs {args.jobs}, executor {args.executor}", flush=True)
    for f in factors:
        folder = build(args.base_mb * f)
        r = run_cli(folder, args.jobs, args.executor)
        r["factor"] = f
        rows.append(r)
        stages = "  ".join(f"{k} {v:.2f}" for k, v in r["stages"].items())
        print(
            f"{f:3g}x {r['mb']:7.2f} MB {r['docs']:6d} docs  wall {r['wall']:7.2f} s "
            f"({r['mb'] / r['wall']:.2f} MB/s)  cpu {r['cpu']:7.2f} s  rss {r['rss_mb']:6.0f} MB"
            f"  | {stages}",
            flush=True,
        )
    lo, hi = rows[0], rows[-1]
    factor = hi["mb"] / lo["mb"]
    print(f"\ngrowth {lo['factor']:g}x -> {hi['factor']:g}x ({factor:.2f}x the MB):")
    print(f"  {'whole run (wall)':<18} {growth(lo['wall'], hi['wall'], factor)}")
    for name in hi["stages"]:
        print(f"  {name:<18} {growth(lo['stages'].get(name, 0), hi['stages'][name], factor)}")
    s = startup()
    print(f"\nstart-up: one small file checked in {s:.2f} s (best of 5)")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "startup_s": s}, indent=2))


if __name__ == "__main__":
    main()
