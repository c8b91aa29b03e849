"""Seeded synthetic corpus for the benchmarks, built from the bundled fixtures.

    .venv/bin/python bench/corpus.py [--size-mb 50] [--seed 1] [--out DIR]

Every document starts from the head of one source document (its title line or front matter,
so it keeps an as-of date), then paragraphs sampled and shuffled from that source and two to
five others, with random edits: country names swapped (one mapping per document, from
`COUNTRIES`), years shifted, other numbers changed, some words replaced. Documents average
~10 KB, so 50 MB is about 5,000 documents.

Deterministic for a seed: document `i` depends only on the seed, `i` and the fixtures, so a
5 MB corpus is the first ~500 documents of the 50 MB one with the same seed. Written to
`bench/out/corpus-<size>mb/` (gitignored) with a `manifest.json` that lets a later run reuse
it; `generate()` yields the same documents in memory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "fixtures" / "seeds", ROOT / "fixtures" / "corpus")
OUT = ROOT / "bench" / "out"
GENERATOR_VERSION = 1
MEAN_DOC_BYTES = 10_000

COUNTRIES: tuple[str, ...] = (
    "Albania",
    "Armenia",
    "Azerbaijan",
    "Bangladesh",
    "Belarus",
    "Bolivia",
    "Brazil",
    "Bulgaria",
    "Burma",
    "Cambodia",
    "Cameroon",
    "Chile",
    "China",
    "Colombia",
    "Egypt",
    "Ethiopia",
    "Georgia",
    "Germany",
    "Ghana",
    "Greece",
    "Guatemala",
    "Honduras",
    "India",
    "Indonesia",
    "Israel",
    "Italy",
    "Japan",
    "Jordan",
    "Kazakhstan",
    "Kenya",
    "Kyrgyzstan",
    "Laos",
    "Lebanon",
    "Malaysia",
    "Mali",
    "Mexico",
    "Moldova",
    "Mongolia",
    "Morocco",
    "Nepal",
    "Nicaragua",
    "Niger",
    "Nigeria",
    "Oman",
    "Pakistan",
    "Peru",
    "Philippines",
    "Poland",
    "Qatar",
    "Romania",
    "Russia",
    "Senegal",
    "Serbia",
    "Spain",
    "Tajikistan",
    "Thailand",
    "Tunisia",
    "Turkey",
    "Turkmenistan",
    "Uganda",
    "Ukraine",
    "Uzbekistan",
    "Vietnam",
    "Yemen",
    "Zambia",
    "Sri Lanka",
    "Saudi Arabia",
    "South Africa",
    "United Arab Emirates",
    "Kyrgyz Republic",
    "Slovak Republic",
    "Republic of Korea",
    "Costa Rica",
)

SYNONYMS = {
    "significant": ("considerable", "substantial", "notable"),
    "increased": ("rose", "grew", "went up"),
    "decreased": ("fell", "declined", "dropped"),
    "efforts": ("steps", "measures", "attempts"),
    "government": ("authorities", "administration", "state"),
    "victims": ("survivors", "persons", "victims"),
    "reported": ("stated", "said", "indicated"),
    "continued": ("kept", "went on", "persisted"),
    "provided": ("gave", "offered", "supplied"),
    "shelter": ("refuge", "safe house", "centre"),
    "however": ("yet", "still", "nonetheless"),
    "during": ("in", "over", "throughout"),
    "trafficking": ("trafficking", "exploitation", "smuggling"),
    "women": ("women", "girls", "adults"),
    "labor": ("labour", "work", "labor"),
}

_COUNTRY_RE = re.compile(
    r"\b(?:%s)\b" % "|".join(re.escape(c) for c in sorted(COUNTRIES, key=len, reverse=True))
)
_NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_WORD_RE = re.compile(r"\b(?:%s)\b" % "|".join(SYNONYMS))
_PARA_SPLIT = re.compile(r"\n[ \t]*\n")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True, slots=True)
class Source:
    """A fixture document cut into its head (title / front matter) and body paragraphs."""

    name: str
    suffix: str
    head: str
    paragraphs: tuple[str, ...]


def load_sources(roots: tuple[Path, ...] = SOURCES) -> list[Source]:
    """Every `.txt`/`.md` document under `roots`, in sorted path order."""
    out: list[Source] = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".txt", ".md") or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            fm = _FRONT_MATTER.match(text)
            head = fm.group(0) if fm else ""
            paras = [p.strip("\n") for p in _PARA_SPLIT.split(text[len(head) :])]
            paras = [p for p in paras if p.strip()]
            if not paras:
                continue
            head += paras[0] + "\n\n"  # the title line or heading carries the as-of year
            out.append(Source(path.name, path.suffix, head, tuple(paras[1:])))
    if not out:
        raise SystemExit(f"no source documents under {', '.join(map(str, roots))}")
    return out


def _edit_number(rng: random.Random, m: re.Match[str], text: str, year_shift: int) -> str:
    raw = m.group(1)
    value = float(raw.replace(",", ""))
    if "." not in raw and "," not in raw and 1950 <= value <= 2030 and len(raw) == 4:
        return str(min(2030, int(value) + year_shift))  # a year: shift it with the document
    if text[max(0, m.start() - 5) : m.start()] == "Tier ":
        if text.startswith(" Watch List", m.end()):
            return raw
        return str(rng.choice((1, 2, 2, 3)))
    if rng.random() < 0.5:
        return raw
    new = value * rng.uniform(0.5, 1.6)
    if "." in raw:
        return f"{new:.{len(raw.split('.')[1])}f}"
    n = max(1, round(new))
    return f"{n:,}" if "," in raw else str(n)


def _edit(rng: random.Random, text: str, countries: dict[str, str], year_shift: int) -> str:
    def country(m: re.Match[str]) -> str:
        return countries.setdefault(m.group(0), rng.choice(COUNTRIES))

    def word(m: re.Match[str]) -> str:
        return rng.choice(SYNONYMS[m.group(0)]) if rng.random() < 0.15 else m.group(0)

    text = _COUNTRY_RE.sub(country, text)
    text = _NUMBER_RE.sub(lambda m: _edit_number(rng, m, text, year_shift), text)
    return _WORD_RE.sub(word, text)


def make_document(sources: list[Source], seed: int, index: int) -> tuple[str, str]:
    """Document `index` of the corpus for `seed`: (file name, text)."""
    rng = random.Random(f"tipcheck-bench:{seed}:{index}")
    primary = rng.choice(sources)
    others = rng.sample(sources, k=rng.randint(2, 5))
    pool = [p for s in (primary, *others) for p in s.paragraphs]
    target = int(rng.uniform(0.5, 1.5) * MEAN_DOC_BYTES)
    body: list[str] = []
    size = len(primary.head)
    order: list[str] = []
    while size < target and pool:
        if not order:  # each paragraph once before any repeats
            order = rng.sample(pool, k=len(pool))
        p = order.pop()
        body.append(p)
        size += len(p) + 2
    countries: dict[str, str] = {}
    year_shift = rng.randint(-6, 12)
    text = _edit(rng, primary.head + "\n\n".join(body) + "\n", countries, year_shift)
    subject = next(iter(countries.values()), "misc")
    slug = re.sub(r"[^a-z]+", "-", subject.lower()).strip("-")
    return f"{index:05d}_{slug}{primary.suffix}", text


def generate(size_mb: float = 50, seed: int = 1) -> Iterator[tuple[str, str]]:
    """Yield (file name, text) until the corpus holds `size_mb` MB (10^6 bytes) of UTF-8."""
    sources = load_sources()
    goal = size_mb * 1_000_000
    total = 0
    index = 0
    while total < goal:
        name, text = make_document(sources, seed, index)
        total += len(text.encode("utf-8"))
        index += 1
        yield name, text


def _fingerprint() -> str:
    h = hashlib.sha256(str(GENERATOR_VERSION).encode())
    h.update(Path(__file__).read_bytes())
    for s in load_sources():
        h.update(s.name.encode() + s.head.encode() + "".join(s.paragraphs).encode())
    return h.hexdigest()[:16]


def default_dir(size_mb: float, seed: int = 1) -> Path:
    """Where `build` writes the corpus for this size and seed."""
    tag = f"{size_mb:g}mb" + ("" if seed == 1 else f"-s{seed}")
    return OUT / f"corpus-{tag}"


def build(
    size_mb: float = 50, seed: int = 1, out: Path | None = None, *, force: bool = False
) -> tuple[Path, dict[str, Any]]:
    """Write the corpus to `out` (reused when its manifest matches); return (dir, manifest)."""
    out = out or default_dir(size_mb, seed)
    manifest_path = out / "manifest.json"
    want: dict[str, Any] = {"size_mb": size_mb, "seed": seed, "fingerprint": _fingerprint()}
    if not force and manifest_path.exists():
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
        if all(manifest.get(k) == v for k, v in want.items()):
            return out, manifest
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.suffix in (".txt", ".md"):
            old.unlink()
    count = 0
    total = 0
    for name, text in generate(size_mb, seed):
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        count += 1
        total += len(data)
    manifest = {**want, "documents": count, "bytes": total}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return out, manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=50, help="corpus size in MB (default 50)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", type=Path, help="folder (default bench/out/corpus-<size>mb)")
    ap.add_argument("--force", action="store_true", help="rebuild even if the folder matches")
    args = ap.parse_args(argv)
    out, manifest = build(args.size_mb, args.seed, args.out, force=args.force)
    print(
        f"{out}: {manifest['documents']} documents, {manifest['bytes'] / 1e6:.1f} MB "
        f"(seed {manifest['seed']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
