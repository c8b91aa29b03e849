"""Extraction and checks benchmark on the seeded synthetic corpus (issues 2 and 3).

    .venv/bin/python bench/bench_extract.py [--size-mb 50] [--jobs 1,2] [--no-duplicates]

Builds (or reuses) the corpus from `bench/corpus.py` at `--size-mb` and at `--small-mb`
(default a tenth of it), then measures, each run in its own process so peak memory is its own:

- extraction (load + metadata, segment, extract claims) with `extract_many(docs, pack, jobs=N)`
  for each `--jobs` value: MB/s, documents/s, claims, peak RSS of the process and of its
  largest pool worker, and the speed-up of each N against the first;
- the checks alone (`check_contradictions` + `check_arithmetic` over every claim, grouped by
  key) and their time as a share of extraction;
- scaling: extraction + checks at the small and the full size, time ratio against size ratio;
- `find_duplicates` on the full corpus, killed after `--dup-timeout` seconds
  (`--no-duplicates` skips it);
- a cProfile of extraction on the first `--profile-mb` MB: top functions by cumulative and by
  own time, and own time by source file.

MB are 10^6 bytes of UTF-8. Results also go to `bench/out/bench_extract.json`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import corpus  # noqa: E402

Result = dict[str, Any]


def _rss_mb() -> tuple[float, float]:
    """Peak RSS so far of this process and of its largest reaped child, in MB (Linux: KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def _cpu_s() -> float:
    """CPU seconds (user + system) used so far by this process and its reaped children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def code_version() -> str:
    """The git commit plus a hash of `src/tipcheck` and `rules/` as they are on disk now, so a
    report can tell when two runs measured different code (the sources may change mid-run)."""
    import hashlib

    h = hashlib.sha256()
    files = sorted([*(ROOT / "src" / "tipcheck").rglob("*.py"), *(ROOT / "rules").rglob("*.toml")])
    for f in files:
        h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        head = ""
    return f"{head or 'nogit'}+{h.hexdigest()[:10]}"


def _corpus_files(folder: Path, limit_mb: float | None) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    if limit_mb is None:
        return files
    out: list[Path] = []
    total = 0
    for p in files:
        if total >= limit_mb * 1_000_000:
            break
        out.append(p)
        total += p.stat().st_size
    return out


# --- workers: each runs in a fresh process and prints one JSON line ------------------------


def worker_run(folder: Path, jobs: int, checks: bool, limit_mb: float | None) -> Result:
    """Load + extract (and optionally check) the corpus in `folder`."""
    from tipcheck.checks.arithmetic import check_arithmetic
    from tipcheck.checks.contradictions import check_contradictions, group_claims
    from tipcheck.engine import extract_many
    from tipcheck.read.documents import load_paths
    from tipcheck.rulepack import load_rules

    code = code_version()
    files = _corpus_files(folder, limit_mb)
    load_before = os.getloadavg()[0]
    c0 = _cpu_s()
    t0 = time.perf_counter()
    pack = load_rules()
    t1 = time.perf_counter()
    docs, errors = load_paths(files)
    t2 = time.perf_counter()
    claims = extract_many(docs, pack, jobs=jobs)
    t3 = time.perf_counter()
    c3 = _cpu_s()
    own, kids = _rss_mb()
    res: Result = {
        "code": code,
        "documents": len(docs),
        "errors": len(errors),
        "bytes": sum(len(d.text.encode("utf-8")) for d in docs),
        "claims": sum(len(c) for c in claims.values()),
        "rules_s": t1 - t0,
        "load_s": t2 - t1,
        "extract_s": t3 - t2,
        "extraction_s": t3 - t0,
        "extraction_cpu_s": c3 - c0,
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg()[0],
        "rss_main_mb": own,
        "rss_worker_mb": kids,
    }
    if checks:
        all_claims = [c for d in docs for c in claims.get(d.id, [])]
        t4 = time.perf_counter()
        contra = check_contradictions(all_claims, pack)
        t5 = time.perf_counter()
        arith = check_arithmetic(all_claims, pack)
        t6 = time.perf_counter()
        groups = group_claims(all_claims)
        res.update(
            contradictions_s=t5 - t4,
            arithmetic_s=t6 - t5,
            checks_s=t6 - t4,
            contradiction_findings=len(contra),
            arithmetic_findings=len(arith),
            groups=len(groups),
            largest_group=max((len(g) for g in groups.values()), default=0),
            rss_after_checks_mb=_rss_mb()[0],
        )
    return res


def worker_dups(folder: Path) -> Result:
    """Segment every document and run `find_duplicates` on the corpus in `folder`."""
    from tipcheck.checks.copies.duplicates import find_duplicates
    from tipcheck.checks.copies.lexicon import load_drift_lexicon
    from tipcheck.read.documents import load_paths
    from tipcheck.read.passages import segment
    from tipcheck.rulepack import load_rules

    code = code_version()
    pack = load_rules()
    docs, _ = load_paths(_corpus_files(folder, None))
    t0 = time.perf_counter()
    segs = {d.id: segment(d.text) for d in docs}
    t1 = time.perf_counter()
    lexicon = load_drift_lexicon(Path(pack.drift_path)) if pack.drift_path else None
    found = find_duplicates(docs, segs, lexicon=lexicon, canon=pack.gazetteer.canon)
    t2 = time.perf_counter()
    kinds: dict[str, int] = defaultdict(int)
    for f in found:
        kinds[f.kind] += 1
    return {
        "code": code,
        "documents": len(docs),
        "segment_s": t1 - t0,
        "duplicates_s": t2 - t1,
        "findings": dict(kinds),
        "rss_main_mb": _rss_mb()[0],
    }


def _where(key: tuple[str, int, str]) -> str:
    file, line, name = key
    if file == "~":
        return name
    for marker in ("/src/", "/site-packages/", "/lib/python3"):
        if marker in file:
            file = file.split(marker, 1)[1]
            break
    return f"{file}:{line}({name})"


def worker_profile(folder: Path, limit_mb: float, top: int) -> Result:
    """cProfile of load + extract on the first `limit_mb` MB of the corpus in `folder`."""
    from tipcheck.engine import extract_many
    from tipcheck.read.documents import load_paths
    from tipcheck.rulepack import load_rules

    code = code_version()
    pack = load_rules()
    files = _corpus_files(folder, limit_mb)
    warm, _ = load_paths(files[-1:])  # one-time costs (dateparser, regex compiles) stay out
    extract_many(warm, pack, jobs=1)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    docs, _ = load_paths(files)
    extract_many(docs, pack, jobs=1)
    prof.disable()
    wall = time.perf_counter() - t0
    st: Any = pstats.Stats(prof).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    rows = [
        {"where": _where(k), "calls": v[1], "tottime": v[2], "cumtime": v[3]} for k, v in st.items()
    ]
    by_file: dict[str, float] = defaultdict(float)
    for k, v in st.items():
        by_file[_where(k).split(":")[0] if k[0] != "~" else "<builtins>"] += v[2]
    total = sum(v[2] for v in st.values())
    return {
        "code": code,
        "documents": len(docs),
        "bytes": sum(len(d.text.encode("utf-8")) for d in docs),
        "wall_s": wall,
        "profiled_s": total,
        "cumulative": sorted(rows, key=lambda r: -r["cumtime"])[:top],
        "tottime": sorted(rows, key=lambda r: -r["tottime"])[:top],
        "by_file": sorted(by_file.items(), key=lambda kv: -kv[1])[:top],
    }


# --- driver ----------------------------------------------------------------------------------


def _spawn(
    args: list[str], timeout: float | None = None, *, required: bool = True
) -> Result | None:
    """Run this script as a worker; its last stdout line is the JSON result. None when it timed
    out, or failed and is not `required`."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        if not required:
            return None
        raise SystemExit(f"worker failed: {' '.join(args)}")
    out: Result = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def _say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _mb(r: Result) -> float:
    return float(r["bytes"]) / 1e6


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w)
        for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    )
    out = [line, "  ".join("-" * w for w in widths)]
    for r in rows:
        out.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(out)


def report(res: Result) -> str:
    """The human-readable tables for a finished run."""
    parts: list[str] = []
    big = res["runs"]
    first = big[0]
    parts.append(
        f"corpus: {res['corpus']['documents']} documents, {res['corpus']['bytes'] / 1e6:.1f} MB "
        f"(seed {res['corpus']['seed']}); small: {res['small']['documents']} documents, "
        f"{_mb(res['small']):.1f} MB; python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    versions = {
        x["code"]
        for x in [
            *big,
            res["small"],
            *(res.get(k) for k in ("profile", "duplicates", "duplicates_small")),
        ]
        if isinstance(x, dict) and "code" in x
    }
    parts.append(
        f"code measured: {', '.join(sorted(versions))}"
        + (
            "  <-- WARNING: src/ or rules/ changed between runs; the figures are not comparable"
            if len(versions) > 1
            else ""
        )
    )
    rows = []
    for r in big:
        mb = _mb(r)
        rows.append(
            [
                f"--jobs {r['jobs']}",
                f"{r['load_s']:.1f}",
                f"{r['extract_s']:.1f}",
                f"{r['extraction_s']:.1f}",
                f"{mb / r['extraction_s']:.2f}",
                f"{mb / r['extract_s']:.2f}",
                f"{r['documents'] / r['extraction_s']:.0f}",
                f"{r['claims']:,}",
                f"{r['rss_main_mb']:.0f}",
                f"{r['rss_worker_mb']:.0f}" if r["jobs"] > 1 else "-",
                f"{first['extraction_s'] / r['extraction_s']:.2f}x",
                f"{r.get('extraction_cpu_s', float('nan')):.0f}",
                f"{r.get('loadavg_before', float('nan')):.1f}/{r.get('loadavg_after', float('nan')):.1f}",
            ]
        )
    parts.append(
        "\nEXTRACTION (load+metadata, segment, extract) on the full corpus\n"
        + _table(
            [
                "run",
                "load s",
                "extract s",
                "total s",
                "MB/s",
                "MB/s ex-load",
                "docs/s",
                "claims",
                "RSS MB",
                "worker RSS MB",
                "vs first",
                "CPU s",
                "load 1m",
            ],
            rows,
        )
        + "\n(target: >= 3 MB/s with --jobs 1, close to 2x with --jobs 2; 'load' reads files and"
        " their metadata in the main process; RSS = peak resident set of the main process and of"
        " its largest pool worker; CPU s = user+system of the process and its workers; load 1m ="
        " the machine's 1-minute load average before/after — above the --jobs value, something"
        " else competed for the cores and the wall-clock figures are pessimistic)"
    )
    c = first
    if "checks_s" in c:
        share = c["checks_s"] / c["extraction_s"]
        parts.append(
            "\nCHECKS alone on the full corpus (claims grouped by key; never all pairs)\n"
            + _table(
                ["step", "seconds", "findings"],
                [
                    [
                        "check_contradictions",
                        f"{c['contradictions_s']:.2f}",
                        str(c["contradiction_findings"]),
                    ],
                    [
                        "check_arithmetic",
                        f"{c['arithmetic_s']:.2f}",
                        str(c["arithmetic_findings"]),
                    ],
                    [
                        "checks total",
                        f"{c['checks_s']:.2f}",
                        str(c["contradiction_findings"] + c["arithmetic_findings"]),
                    ],
                ],
            )
            + f"\n{c['claims']:,} claims in {c['groups']:,} groups (largest {c['largest_group']:,});"
            f" checks = {share:.1%} of --jobs {c['jobs']} extraction (aim < 20%)"
        )
    s = res["small"]
    size_ratio = c["bytes"] / s["bytes"]
    srows = []
    for label, key in (
        ("extraction", "extraction_s"),
        ("checks", "checks_s"),
        ("extraction + checks", None),
    ):

        def t(r: Result, key: str | None = key) -> float:
            return float(r["extraction_s"] + r["checks_s"]) if key is None else float(r[key])

        srows.append(
            [
                label,
                f"{t(s):.2f}",
                f"{t(c):.2f}",
                f"{t(c) / t(s):.1f}x",
                f"{size_ratio:.1f}x",
                f"{(t(c) / t(s)) / size_ratio:.2f}",
            ]
        )
    parts.append(
        f"\nSCALING --jobs {c['jobs']}: {_mb(s):.1f} MB -> {_mb(c):.1f} MB\n"
        + _table(
            [
                "",
                f"{_mb(s):.0f} MB s",
                f"{_mb(c):.0f} MB s",
                "time ratio",
                "size ratio",
                "time/size",
            ],
            srows,
        )
        + "\n(time/size 1.00 = linear)"
    )
    if res.get("duplicates") == "skipped":
        parts.append("\nDUPLICATES: skipped (--no-duplicates)")
    else:
        parts.append("\nDUPLICATES (find_duplicates, after segmenting every document)")
        for d, mb in ((res.get("duplicates_small"), _mb(s)), (res.get("duplicates"), _mb(c))):
            if d is None:
                parts.append(
                    f"  {mb:.3g} MB: did not finish within {res['dup_timeout']:.0f} s"
                    " (or failed: see stderr)"
                )
            else:
                parts.append(
                    f"  {mb:.3g} MB: segment {d['segment_s']:.1f} s, find_duplicates"
                    f" {d['duplicates_s']:.1f} s ({mb / d['duplicates_s']:.2f} MB/s), peak RSS"
                    f" {d['rss_main_mb']:.0f} MB, findings {d['findings']}"
                )
    p = res.get("profile")
    if p:
        head = (
            f"\nPROFILE: load + extract, --jobs 1, first {p['documents']} documents"
            f" ({_mb(p):.1f} MB): {p['wall_s']:.1f} s under cProfile"
            f" ({_mb(p) / p['wall_s']:.2f} MB/s with profiler overhead; warmed up first)"
        )
        parts.append(head)
        for key, title in (("cumulative", "by cumulative time"), ("tottime", "by own time")):
            parts.append(
                f"\ntop {len(p[key])} {title}\n"
                + _table(
                    ["function", "calls", "own s", "cum s", "cum %"],
                    [
                        [
                            r["where"],
                            f"{r['calls']:,}",
                            f"{r['tottime']:.2f}",
                            f"{r['cumtime']:.2f}",
                            f"{r['cumtime'] / p['profiled_s']:.0%}",
                        ]
                        for r in p[key]
                    ],
                )
            )
        parts.append(
            "\nown time by file\n"
            + _table(
                ["file", "own s", "%"],
                [[f, f"{t:.2f}", f"{t / p['profiled_s']:.0%}"] for f, t in p["by_file"]],
            )
        )
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=50, help="full corpus size (default 50)")
    ap.add_argument("--small-mb", type=float, help="small size for scaling (default size/10)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated job counts (default 1,2)")
    ap.add_argument("--no-duplicates", action="store_true", help="skip find_duplicates")
    ap.add_argument("--dup-timeout", type=float, default=600, help="seconds (default 600)")
    ap.add_argument("--profile-mb", type=float, default=2, help="profiled MB (0 = no profile)")
    ap.add_argument("--top", type=int, default=15, help="profile rows (default 15)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the corpora")
    ap.add_argument("--json", type=Path, default=corpus.OUT / "bench_extract.json")
    ap.add_argument("--worker", choices=("run", "dups", "profile"), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--checks", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--limit-mb", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        if args.worker == "run":
            res = worker_run(args.corpus, int(args.jobs), args.checks, args.limit_mb)
        elif args.worker == "dups":
            res = worker_dups(args.corpus)
        else:
            res = worker_profile(args.corpus, args.limit_mb, args.top)
        print(json.dumps(res))
        return 0

    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    small_mb = args.small_mb or args.size_mb / 10
    t = time.perf_counter()
    big_dir, manifest = corpus.build(args.size_mb, args.seed, force=args.rebuild)
    small_dir, _ = corpus.build(small_mb, args.seed, force=args.rebuild)
    _say(
        f"corpora ready in {time.perf_counter() - t:.1f} s: {big_dir} "
        f"({manifest['documents']} documents), {small_dir}"
    )
    res: Result = {"corpus": manifest, "jobs": jobs, "runs": [], "dup_timeout": args.dup_timeout}
    args.json.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every phase, so an interrupted run keeps what it measured
        args.json.write_text(json.dumps(res, indent=2) + "\n")

    for i, n in enumerate(jobs):
        _say(f"extraction --jobs {n} on {args.size_mb:g} MB" + (" + checks" if i == 0 else ""))
        flags = ["--checks"] if i == 0 else []
        r = _spawn(["--worker", "run", "--corpus", str(big_dir), "--jobs", str(n), *flags])
        assert r is not None
        r["jobs"] = n
        res["runs"].append(r)
        save()
        _say(f"  {_mb(r) / r['extraction_s']:.2f} MB/s in {r['extraction_s']:.1f} s")
    _say(f"extraction + checks --jobs {jobs[0]} on {small_mb:g} MB")
    small = _spawn(
        ["--worker", "run", "--corpus", str(small_dir), "--jobs", str(jobs[0]), "--checks"]
    )
    assert small is not None
    small["jobs"] = jobs[0]
    res["small"] = small
    save()
    if args.profile_mb > 0:
        _say(f"profile on {args.profile_mb:g} MB")
        res["profile"] = _spawn(
            [
                *("--worker", "profile", "--corpus", str(big_dir)),
                *("--limit-mb", str(args.profile_mb), "--top", str(args.top)),
            ]
        )
    if args.no_duplicates:
        res["duplicates"] = "skipped"
    else:
        _say(f"find_duplicates on {small_mb:g} MB (timeout {args.dup_timeout:.0f} s)")
        res["duplicates_small"] = _spawn(
            ["--worker", "dups", "--corpus", str(small_dir)],
            timeout=args.dup_timeout,
            required=False,
        )
        save()
        _say(f"find_duplicates on {args.size_mb:g} MB (timeout {args.dup_timeout:.0f} s)")
        res["duplicates"] = _spawn(
            ["--worker", "dups", "--corpus", str(big_dir)], timeout=args.dup_timeout, required=False
        )
    save()
    print(report(res))
    _say(f"results in {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
