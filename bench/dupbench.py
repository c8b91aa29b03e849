"""Duplicate and drift benchmark: planted copies in a seeded synthetic corpus.

    .venv/bin/python bench/dupbench.py [--sizes 1000,5000,20000] [--no-baseline]
    .venv/bin/python bench/dupbench.py --corpus bench/out/corpus-50mb [--small bench/out/corpus-5mb]

For each size, a corpus of synthetic report-like documents (~2.5 KB each, so 20k documents are
~50 MB) gets planted copies of paragraphs from older documents: exact, lightly edited (tense,
number words, agreement, citation markers, quote style), spun (20-33% of the words replaced by
synonyms unknown to the lexicon) and drifted (light edits plus one swapped entity or number).
It prints recall per copy type, drift recall, unplanted duplicate findings, time and peak memory,
and the same for the baseline a user would write (datasketch LSH over whole documents, then
difflib on candidate pairs). Each size runs in its own process so peak memory is its own.

With `--corpus DIR` it runs `find_duplicates` (rule pack lexicon and gazetteer, as `tipcheck
check` does) on a corpus built by `bench/corpus.py` instead, and on `--small DIR` (default: the
5 MB corpus beside it), each in its own process, printing segmentation and duplicate time
(wall and CPU), peak RSS, findings by code, and the small-to-full scaling.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

COUNTRIES = [
    "Albania",
    "Armenia",
    "Austria",
    "Belarus",
    "Belgium",
    "Bolivia",
    "Brazil",
    "Bulgaria",
    "Cambodia",
    "Chile",
    "Colombia",
    "Croatia",
    "Cyprus",
    "Ecuador",
    "Egypt",
    "Estonia",
    "Finland",
    "France",
    "Georgia",
    "Germany",
    "Ghana",
    "Greece",
    "Hungary",
    "India",
    "Indonesia",
    "Ireland",
    "Israel",
    "Italy",
    "Jordan",
    "Kenya",
    "Latvia",
    "Lebanon",
    "Lithuania",
    "Malaysia",
    "Mexico",
    "Moldova",
    "Mongolia",
    "Morocco",
    "Nepal",
    "Nigeria",
    "Norway",
    "Pakistan",
    "Peru",
    "Poland",
    "Portugal",
    "Romania",
    "Russia",
    "Senegal",
    "Serbia",
    "Slovenia",
    "Spain",
    "Sweden",
    "Thailand",
    "Tunisia",
    "Turkey",
    "Uganda",
    "Ukraine",
    "Uruguay",
    "Vietnam",
]
FUNCTION = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "for",
    "a",
    "with",
    "on",
    "by",
    "from",
    "as",
    "that",
    "at",
]
VERBS_PRESENT = ["is", "are", "does not", "has"]
VERBS_PAST = ["was", "were", "did not", "had"]
NUMBER_WORDS = {
    "three": "3",
    "four": "4",
    "seven": "7",
    "twelve": "12",
    "nineteen": "19",
    "forty-eight": "48",
}


class Corpus:
    """A seeded synthetic corpus with planted copies and their ground truth."""

    def __init__(self, n_docs: int, seed: int = 42, copy_rate: float = 0.06) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        syll = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
        vocab: set[str] = set()
        while len(vocab) < 30000:
            vocab.add("".join(rng.choice(syll) for _ in range(rng.randint(2, 4))))
        self.vocab = sorted(vocab)
        # Zipf-like weights: a few content words are common, most are rare
        weights = [1.0 / (i + 10) ** 0.9 for i in range(len(self.vocab))]
        self.cum = list(itertools.accumulate(weights))
        self.synonym = {w: rng.choice(self.vocab) for w in self.vocab[:6000]}
        self.docs: list[tuple[str, str, int]] = []  # (id, text, year)
        self.paragraphs: list[list[str]] = []
        for i in range(n_docs):
            paras = [self._paragraph() for _ in range(rng.randint(4, 6))]
            self.paragraphs.append(paras)
            self.docs.append((f"doc{i:06d}.txt", "", 1995 + rng.randint(0, 25)))
        self.planted: list[dict[str, Any]] = []
        kinds = ["exact", "light", "spun", "drift"]
        n_copies = max(8, int(n_docs * copy_rate))
        for c in range(n_copies):
            kind = kinds[c % 4]
            a, b = rng.sample(range(n_docs), 2)
            if self.docs[a][2] >= self.docs[b][2]:
                a, b = b, a
            if self.docs[a][2] == self.docs[b][2]:
                continue
            pi = rng.randrange(len(self.paragraphs[a]))
            src = self.paragraphs[a][pi]
            text, change = self._edit(src, kind)
            pos = rng.randint(0, len(self.paragraphs[b]))
            self.paragraphs[b].insert(pos, text)
            self.planted.append(
                {
                    "kind": kind,
                    "src": a,
                    "src_par": src,
                    "dst": b,
                    "dst_par": text,
                    "change": change,
                }
            )
        for i, (doc_id, _, year) in enumerate(self.docs):
            title = f"Country report {year} - {rng.choice(COUNTRIES)}"
            self.docs[i] = (doc_id, title + "\n\n" + "\n\n".join(self.paragraphs[i]) + "\n", year)

    def _sentence(self) -> str:
        rng = self.rng
        n = rng.randint(12, 24)
        words = rng.choices(self.vocab, cum_weights=self.cum, k=n)
        for j in range(len(words)):
            r = rng.random()
            if r < 0.25:
                words[j] = rng.choice(FUNCTION)
            elif r < 0.29:
                words[j] = rng.choice(COUNTRIES)
            elif r < 0.32:
                words[j] = str(rng.randint(2, 999))
            elif r < 0.34:
                words[j] = rng.choice(VERBS_PRESENT)
            elif r < 0.35:
                words[j] = rng.choice(list(NUMBER_WORDS))
        s = " ".join(words)
        return s[0].upper() + s[1:] + "."

    def _paragraph(self) -> str:
        return " ".join(self._sentence() for _ in range(self.rng.randint(3, 5)))

    def _light(self, text: str) -> str:
        rng = self.rng
        for present, past in zip(VERBS_PRESENT, VERBS_PAST, strict=True):
            if rng.random() < 0.7:
                text = text.replace(f" {present} ", f" {past} ")
        for word, digits in NUMBER_WORDS.items():
            if rng.random() < 0.5:
                text = text.replace(f" {word} ", f" {digits} ")
        if rng.random() < 0.5:
            text = text.replace(". ", ". [2] ", 1)
        words = text.split(" ")
        for _ in range(2):
            j = rng.randrange(len(words))
            if words[j].isalpha() and words[j].islower():
                words[j] = words[j] + "s" if not words[j].endswith("s") else words[j][:-1]
        return " ".join(words)

    def _edit(self, src: str, kind: str) -> tuple[str, tuple[str, str] | None]:
        rng = self.rng
        if kind == "exact":
            return src, None
        if kind == "light":
            return self._light(src), None
        if kind == "spun":
            words = src.split(" ")
            rate = rng.uniform(0.20, 0.33)
            content = [j for j, w in enumerate(words) if w.strip(".") in self.synonym]
            for j in rng.sample(
                content,
                int(len(words) * rate) if len(content) > len(words) * rate else len(content),
            ):
                w = words[j]
                end = "." if w.endswith(".") else ""
                words[j] = self.synonym[w.strip(".")] + end
            return " ".join(words), None
        # drift: light edits plus one swapped country or number, in the middle of the paragraph
        text = self._light(src)
        words = text.split(" ")
        mid = [j for j in range(3, len(words) - 3) if words[j] in COUNTRIES or words[j].isdigit()]
        if not mid:
            return text, None
        j = rng.choice(mid)
        old = words[j]
        new = (
            rng.choice([c for c in COUNTRIES if c != old])
            if old in COUNTRIES
            else str(int(old) + rng.randint(1, 50))
        )
        words[j] = new
        return " ".join(words), (old, new)


def _covers(ev: dict[str, Any], doc: str, text: str, part: str) -> bool:
    pos = text.find(part)
    return ev["doc"] == doc and pos >= 0 and ev["start"] < pos + len(part) and ev["end"] > pos


def score(corpus: Corpus, findings: list[dict[str, Any]]) -> dict[str, Any]:
    texts = {d: t for d, t, _ in corpus.docs}
    ids = [d for d, _, _ in corpus.docs]
    dups = [f for f in findings if f["kind"] == "duplicate" and f["rule"] != "TC303"]
    drifts = [f for f in findings if f["kind"] == "drift"]
    by_pair: dict[frozenset[str], list[dict[str, Any]]] = {}
    for f in dups:
        by_pair.setdefault(frozenset(e["doc"] for e in f["evidence"]), []).append(f)
    hit: dict[str, list[int]] = {}
    drift_hit = [0, 0]
    matched: set[int] = set()
    for p in corpus.planted:
        a, b = ids[p["src"]], ids[p["dst"]]
        ok = False
        for f in by_pair.get(frozenset((a, b)), []):
            ev = f["evidence"]
            if any(_covers(e, a, texts[a], p["src_par"][:200]) for e in ev) and any(
                _covers(e, b, texts[b], p["dst_par"][:200]) for e in ev
            ):
                ok = True
                matched.add(id(f))
        hit.setdefault(p["kind"], [0, 0])
        hit[p["kind"]][0] += ok
        hit[p["kind"]][1] += 1
        if p["change"] is not None:
            old, new = p["change"]
            drift_hit[1] += 1
            # the light edits may have turned a number word into the digits that were swapped
            olds = {old} | {w for w, d in NUMBER_WORDS.items() if d == old}
            drift_hit[0] += any(
                f["evidence"][0]["doc"] == a
                and f["evidence"][1]["doc"] == b
                and any(o in f["evidence"][0]["quote"] for o in olds)
                and new in f["evidence"][1]["quote"]
                for f in drifts
            )
    planted_pairs = {frozenset((ids[p["src"]], ids[p["dst"]])) for p in corpus.planted}
    unplanted = sum(
        1 for f in dups if frozenset(e["doc"] for e in f["evidence"]) not in planted_pairs
    )
    planted_drift_pairs = {
        (ids[p["src"]], ids[p["dst"]]) for p in corpus.planted if p["change"] is not None
    }
    spurious_drift = sum(
        1
        for f in drifts
        if (f["evidence"][0]["doc"], f["evidence"][1]["doc"]) not in planted_drift_pairs
    )
    return {
        "recall": {k: round(v[0] / v[1], 3) for k, v in sorted(hit.items())},
        "counts": {k: v[1] for k, v in sorted(hit.items())},
        "drift_recall": round(drift_hit[0] / max(drift_hit[1], 1), 3),
        "drifts_planted": drift_hit[1],
        "unplanted_duplicates": unplanted,
        "drift_findings_outside_planted_drift": spurious_drift,
    }


def run_tipcheck(corpus: Corpus) -> dict[str, Any]:
    from tipcheck.checks.copies.duplicates import find_duplicates
    from tipcheck.checks.copies.lexicon import load_drift_lexicon
    from tipcheck.read.documents import make_document
    from tipcheck.read.passages import segment

    lex = load_drift_lexicon(ROOT / "rules" / "tip" / "drift.toml")
    t0 = time.perf_counter()
    docs = [make_document(d, t) for d, t, _ in corpus.docs]
    segs = {d.id: segment(d.text) for d in docs}
    t1 = time.perf_counter()
    found = find_duplicates(docs, segs, lexicon=lex)
    t2 = time.perf_counter()
    out = score(corpus, [f.to_json() for f in found])
    out["time_load_segment_s"] = round(t1 - t0, 2)
    out["time_duplicates_s"] = round(t2 - t1, 2)
    return out


def run_baseline(corpus: Corpus) -> dict[str, Any]:
    """What a user would write: datasketch LSH over whole documents, difflib on candidates."""
    import difflib

    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        return {"skipped": "datasketch not installed"}
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    sketches = []
    for doc_id, text, _ in corpus.docs:
        words = text.lower().split()
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(words[i : i + 5]).encode() for i in range(max(len(words) - 4, 1))])
        lsh.insert(doc_id, m)
        sketches.append(m)
    findings: list[dict[str, Any]] = []
    texts = {d: t for d, t, _ in corpus.docs}
    seen: set[frozenset[str]] = set()
    for (doc_id, text, _), m in zip(corpus.docs, sketches, strict=True):
        for other in lsh.query(m):
            pair = frozenset((doc_id, other))
            if other == doc_id or pair in seen:
                continue
            seen.add(pair)
            sm = difflib.SequenceMatcher(None, text, texts[other], autojunk=False)
            for blk in sm.get_matching_blocks():
                if blk.size >= 200:
                    findings.append(
                        {
                            "rule": "BASE",
                            "kind": "duplicate",
                            "evidence": [
                                {"doc": doc_id, "start": blk.a, "end": blk.a + blk.size},
                                {"doc": other, "start": blk.b, "end": blk.b + blk.size},
                            ],
                        }
                    )
    t1 = time.perf_counter()
    out = score(corpus, findings)
    out["time_s"] = round(t1 - t0, 2)
    return out


def one(size: int, which: str) -> dict[str, Any]:
    corpus = Corpus(size)
    mb = sum(len(t.encode()) for _, t, _ in corpus.docs) / 1e6
    res = run_tipcheck(corpus) if which == "tipcheck" else run_baseline(corpus)
    res["docs"] = size
    res["corpus_mb"] = round(mb, 1)
    res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    return res


def run_corpus(folder: Path) -> dict[str, Any]:
    """`find_duplicates` on a corpus folder of `bench/corpus.py`, as `tipcheck check` runs it."""
    from tipcheck.checks.copies.duplicates import find_duplicates
    from tipcheck.checks.copies.lexicon import load_drift_lexicon
    from tipcheck.read.documents import load_paths
    from tipcheck.read.passages import segment
    from tipcheck.rulepack import load_rules

    pack = load_rules()
    lex = load_drift_lexicon(Path(pack.drift_path)) if pack.drift_path else None
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    docs, _ = load_paths(files)
    mb = sum(len(d.text.encode()) for d in docs) / 1e6
    c0, t0 = time.process_time(), time.perf_counter()
    segs = {d.id: segment(d.text) for d in docs}
    c1, t1 = time.process_time(), time.perf_counter()
    found = find_duplicates(docs, segs, lexicon=lex, canon=pack.gazetteer.canon)
    c2, t2 = time.process_time(), time.perf_counter()
    codes: dict[str, int] = {}
    for f in found:
        codes[f.rule] = codes.get(f.rule, 0) + 1
    return {
        "corpus": str(folder),
        "docs": len(docs),
        "corpus_mb": round(mb, 1),
        "segment_s": round(t1 - t0, 2),
        "segment_cpu_s": round(c1 - c0, 2),
        "duplicates_s": round(t2 - t1, 2),
        "duplicates_cpu_s": round(c2 - c1, 2),
        "findings": dict(sorted(codes.items())),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
        "load_avg": round(os.getloadavg()[0], 2),
    }


def corpus_main(big: Path, small: Path | None) -> None:
    results: list[dict[str, Any]] = []
    for folder in [f for f in (small, big) if f is not None]:
        if not folder.is_dir():
            print(f"{folder}: not found (build it with bench/corpus.py --size-mb N)")
            continue
        cmd = [sys.executable, __file__, "--one-corpus", str(folder)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        res = json.loads(out.strip().splitlines()[-1])
        results.append(res)
        print(f"[{res['corpus']}] {json.dumps(res)}", flush=True)
    print()
    print(
        f"{'MB':>5} {'docs':>5} {'segment s':>9} {'dup s':>6} {'dup cpu s':>9} {'peak MB':>7}"
        "  findings by code"
    )
    for r in results:
        codes = " ".join(f"{k}:{v}" for k, v in r["findings"].items())
        print(
            f"{r['corpus_mb']:>5} {r['docs']:>5} {r['segment_s']:>9} {r['duplicates_s']:>6} "
            f"{r['duplicates_cpu_s']:>9} {r['peak_rss_mb']:>7.0f}  {codes}"
        )
    if len(results) == 2:
        lo, hi = results
        size = hi["corpus_mb"] / max(lo["corpus_mb"], 1e-9)
        t = hi["duplicates_s"] / max(lo["duplicates_s"], 1e-9)
        c = hi["duplicates_cpu_s"] / max(lo["duplicates_cpu_s"], 1e-9)
        print(
            f"\nfind_duplicates {hi['corpus_mb']}/{lo['corpus_mb']} MB: {t:.1f}x wall, {c:.1f}x CPU"
            f" for {size:.1f}x the text (aim: under 60 s and 2 GB at 50 MB, near-linear)"
        )


def ensure_datasketch() -> bool:
    try:
        import datasketch  # noqa: F401

        return True
    except ImportError:
        pass
    print("installing datasketch for the baseline (bench only) ...", file=sys.stderr)
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "datasketch"], check=False)
    return r.returncode == 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--corpus", type=Path, help="a bench/corpus.py folder (e.g. corpus-50mb)")
    ap.add_argument("--small", type=Path, help="the smaller corpus to scale from (default 5 MB)")
    ap.add_argument("--one-corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--which", default="tipcheck", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one_corpus:
        print(json.dumps(run_corpus(args.one_corpus)))
        return
    if args.corpus:
        small = args.small or args.corpus.parent / "corpus-5mb"
        corpus_main(args.corpus, small if small.resolve() != args.corpus.resolve() else None)
        return
    if args.one:
        print(json.dumps(one(int(args.one), args.which)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    baseline = not args.no_baseline and ensure_datasketch()
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        for which in ("tipcheck", "baseline") if baseline else ("tipcheck",):
            cmd = [sys.executable, __file__, "--one", str(size), "--which", which]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            res = json.loads(out.strip().splitlines()[-1])
            results.setdefault(size, {})[which] = res
            print(f"[{which} {size} docs, {res['corpus_mb']} MB] {json.dumps(res)}", flush=True)
    print()
    print(
        f"{'docs':>6} {'MB':>5} {'exact':>6} {'light':>6} {'spun':>6} {'drift':>6} "
        f"{'drift-rec':>9} {'extra':>5} {'time s':>7} {'peak MB':>7} | "
        f"{'base time':>9} {'base light':>10} {'base spun':>9} {'time ratio':>10}"
    )
    for size in sizes:
        t = results[size]["tipcheck"]
        total = t["time_load_segment_s"] + t["time_duplicates_s"]
        r = t["recall"]
        line = (
            f"{size:>6} {t['corpus_mb']:>5} {r.get('exact', 0):>6} {r.get('light', 0):>6} "
            f"{r.get('spun', 0):>6} {r.get('drift', 0):>6} {t['drift_recall']:>9} "
            f"{t['unplanted_duplicates']:>5} {total:>7.1f} {t['peak_rss_mb']:>7.0f} | "
        )
        b = results[size].get("baseline")
        if b and "time_s" in b:
            br = b["recall"]
            line += (
                f"{b['time_s']:>9} {br.get('light', 0):>10} {br.get('spun', 0):>9} "
                f"{total / max(b['time_s'], 1e-9):>10.2f}"
            )
        print(line)
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        tl = results[lo]["tipcheck"]
        th = results[hi]["tipcheck"]
        ratio = (th["time_load_segment_s"] + th["time_duplicates_s"]) / max(
            tl["time_load_segment_s"] + tl["time_duplicates_s"], 1e-9
        )
        print(f"\ntime {hi}/{lo}: {ratio:.1f}x for {hi / lo:.0f}x the documents")


if __name__ == "__main__":
    main()
