"""Pathological inputs at 100 KB, 1 MB and 5 MB: time per size and the ratio per 10x.

    python bench/hostile.py            # the scaling table (segmentation + extraction)
    python bench/hostile.py --table    # every hostile-input case through the CLI:
                                       # exit code, time, peak memory

Linear work shows a ratio near 10 per 10x; quadratic work shows 100. Each input is one
document run through the same steps as `tipcheck check` (segment, extract, duplicates).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tipcheck.engine import extract_many, run_checks  # noqa: E402
from tipcheck.read.documents import make_document  # noqa: E402
from tipcheck.rulepack import load_rules  # noqa: E402

INPUTS = {
    "unclosed <!-- repeated": "<!-- ",
    "<sup> repeated": "<sup>",
    "run of dots": ".",
    "run of !?": "!?",
    "paragraph without punctuation": (
        "Fiji ratified the Palermo Protocol in 2005 and identified 22 victims and 5 traffickers "
        "in 2007 "
    ),
    "words only": "word ",
    "unclosed front matter": "---\nkey: value\n",
    "unclosed <": "<a href ",
    "citation brackets": "[1][2 ",
}
SIZES = (100_000, 1_000_000, 5_000_000)


def _time(unit: str, size: int) -> float:
    text = (unit * (size // len(unit) + 1))[:size]
    doc = make_document("hostile.md", text)
    pack = load_rules()
    start = time.perf_counter()
    segs: dict = {}
    claims = extract_many([doc], pack, 1, None, segs)
    run_checks([doc], claims, pack, segs=segs)
    return time.perf_counter() - start


def scaling() -> None:
    print(f"{'input':32} {'100 KB':>9} {'1 MB':>9} {'5 MB':>9} {'x per 10x':>10}")
    for name, unit in INPUTS.items():
        times = [_time(unit, n) for n in SIZES]
        ratio = times[1] / times[0] if times[0] > 0 else float("nan")
        cells = " ".join(f"{t:8.2f}s" for t in times)
        print(f"{name:32} {cells} {ratio:9.1f}", flush=True)


def table() -> None:
    sys.path.insert(0, str(ROOT / "tests" / "hostile"))
    from runner import run_case

    from cases import cases, remove_tree

    print(f"| {'input':45} | exit | time | peak memory |")
    print(f"|{'-' * 47}|------|------|-------------|")
    for case in cases():
        tmp = Path(tempfile.mkdtemp())
        try:
            r = run_case(case, tmp)
        finally:
            remove_tree(tmp)
        code = "killed" if r.code is None else str(r.code)
        print(
            f"| {case.name:45} | {code:>4} | {r.seconds:4.1f} s | {r.peak_mb:5.0f} MB |", flush=True
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--table", action="store_true", help="run every hostile case through the CLI")
    if p.parse_args().table:
        table()
    else:
        scaling()


if __name__ == "__main__":
    main()
