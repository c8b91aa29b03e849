"""Duplicates (TC3xx) and drift (TC4xx) across a corpus, without comparing all pairs.

The flow: every compared sentence gets a MinHash signature over shingles of word *keys* (see
drift.py: tense, agreement, quote style and known synonyms are already folded, so a lightly
edited copy has nearly the same shingles); windows of consecutive sentences of at least
`min_words` words are signed as unions of their sentences; banded LSH gives candidate window
pairs; each candidate is verified by word-level alignment (rapidfuzz Indel on key ids); verified
pairs are merged and grown sentence by sentence into maximal regions; each region is one
duplicate finding, and the substantive differences inside it are drift findings.

Why seeds and growth rather than whole paragraphs: a spun copy may miss LSH in some windows, but
one hit is enough, and growing from it recovers the rest of the copied passage.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from tipcheck.documents import Document
from tipcheck.drift import (
    TOKEN,
    Change,
    DriftLexicon,
    Normalizer,
    Side,
    Tok,
    changes,
    normalizer_for,
)
from tipcheck.findings import Evidence, Finding
from tipcheck.minhash import LshConfig, MinHasher, candidate_pairs, union_signatures
from tipcheck.passages import Segmented, split_sentences

_COMPARED_KINDS = ("prose", "list", "field", "meta")
_CLOSERS = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")")

DRIFT_CODES = {
    "entity": "TC401",
    "number": "TC402",
    "date": "TC403",
    "tier": "TC404",
    "negation": "TC405",
    "term": "TC406",
}
_DRIFT_LABEL = {
    "entity": "entity changed",
    "number": "number changed",
    "date": "date changed",
    "tier": "tier changed",
    "negation": "negation flipped",
    "term": "changed",
}


@attrs.frozen(slots=True)
class DuplicateSettings:
    """Thresholds of the duplicate and drift checks.

    `min_similarity` is the word-level similarity (on keys) a region needs to be a duplicate
    when it has at least `long_region_words` words, `short_min_similarity` when shorter (one
    formulaic sentence is similar to many others by chance; a long one is not);
    `drift_min_similarity` the similarity above which its differences are reported as drift (a
    loose restatement has too many differences for each to be a finding). Candidate generation
    uses `shingle_size`-word shingles, `num_perm` permutations and `bands` x `rows` banding.
    """

    min_words: int = 12
    shingle_size: int = 2
    num_perm: int = 128
    bands: int = 42
    rows: int = 3
    max_bucket: int = 64
    min_similarity: float = 0.55
    short_min_similarity: float = 0.75
    long_region_words: int = 50
    drift_min_similarity: float = 0.85
    boilerplate_min_docs: int = 5
    boilerplate_max_evidence: int = 20
    report_boilerplate: bool = True
    within_document: bool = True
    seed: int = 1


@attrs.define(slots=True)
class _Doc:
    """One document's compared words: parallel arrays over kept tokens, and its sentences."""

    index: int
    doc: Document
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    keys: npt.NDArray[np.int64]
    # per sentence: first and end token index, first and end character
    sent_tok: npt.NDArray[np.int64]
    sent_chr: npt.NDArray[np.int64]
    sent_meta: npt.NDArray[np.bool_]  # sentence of a meta paragraph (publisher residue)
    windows: list[tuple[int, int]]  # (first sentence, last sentence), inclusive

    @property
    def year(self) -> int | None:
        t = self.doc.as_of
        return t.start.year if t is not None else None


class _Vocab:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []

    def id(self, key: str) -> int:
        i = self.ids.get(key)
        if i is None:
            i = len(self.words)
            self.ids[key] = i
            self.words.append(key)
        return i


def _index_doc(
    i: int, doc: Document, seg: Segmented, norm: Normalizer, vocab: _Vocab, min_words: int
) -> _Doc:
    masked = seg.masked
    tok_cache: dict[str, int] = {}
    starts: list[int] = []
    ends: list[int] = []
    keys: list[int] = []
    sent_tok: list[tuple[int, int]] = []
    sent_chr: list[tuple[int, int]] = []
    sent_meta: list[bool] = []
    para_sents: list[tuple[int, int]] = []
    for p in seg.paragraphs:
        if p.kind not in _COMPARED_KINDS:
            continue
        body = masked[p.start : p.end].rstrip()
        if p.end - p.start < 200 and not body.endswith(_CLOSERS):
            continue  # a title, byline or source line, not a statement
        sents = p.sentences or tuple(split_sentences(masked, p.start, p.end))
        first = len(sent_tok)
        for s in sents:
            k0 = len(keys)
            for m in TOKEN.finditer(masked, s.start, s.end):
                w = m.group()
                kid = tok_cache.get(w)
                if kid is None:
                    k = norm.key(w)
                    kid = -1 if k is None else vocab.id(k)
                    tok_cache[w] = kid
                if kid >= 0:
                    starts.append(m.start())
                    ends.append(m.end())
                    keys.append(kid)
            if len(keys) > k0:
                sent_tok.append((k0, len(keys)))
                sent_chr.append((s.start, s.end))
                sent_meta.append(p.kind == "meta")
        if len(sent_tok) > first:
            para_sents.append((first, len(sent_tok)))
    windows: list[tuple[int, int]] = []
    for first, end in para_sents:
        if sent_tok[end - 1][1] - sent_tok[first][0] < min_words:
            continue  # a passage under min_words is not compared on its own
        for w0 in range(first, end):
            w1 = w0
            while sent_tok[w1][1] - sent_tok[w0][0] < min_words and w1 + 1 < end:
                w1 += 1
            if sent_tok[w1][1] - sent_tok[w0][0] >= min_words:
                windows.append((w0, w1))
    return _Doc(
        index=i,
        doc=doc,
        starts=np.asarray(starts, dtype=np.int64),
        ends=np.asarray(ends, dtype=np.int64),
        keys=np.asarray(keys, dtype=np.int64),
        sent_tok=np.asarray(sent_tok, dtype=np.int64).reshape(-1, 2),
        sent_chr=np.asarray(sent_chr, dtype=np.int64).reshape(-1, 2),
        sent_meta=np.asarray(sent_meta, dtype=np.bool_),
        windows=windows,
    )


@attrs.define(slots=True)
class _Region:
    a: int  # document index (a <= b)
    b: int
    a0: int  # sentence ranges, inclusive
    a1: int
    b0: int
    b1: int


def _keys(d: _Doc, s0: int, s1: int) -> list[int]:
    lo, hi = int(d.sent_tok[s0][0]), int(d.sent_tok[s1][1])
    out: list[int] = d.keys[lo:hi].tolist()
    return out


def _similar(x: Sequence[int], y: Sequence[int], cutoff: float) -> bool:
    return bool(Indel.normalized_similarity(x, y, score_cutoff=cutoff) >= cutoff)


def find_duplicates(
    docs: Sequence[Document],
    segs: Mapping[str, Segmented],
    *,
    settings: DuplicateSettings | None = None,
    lexicon: DriftLexicon | None = None,
    canon: Callable[[str], str | None] | None = None,
) -> list[Finding]:
    """Duplicate (TC301 across documents, TC302 within one, TC303 boilerplate) and drift (TC4xx)
    findings for `docs`, whose segmentations are `segs[doc.id]`. Sorted and independent of the
    order of `docs`. `canon` maps an entity's surface form to a canonical id (or None), so an
    alias is cosmetic and a different entity is drift."""
    cfg = settings or DuplicateSettings()
    lex = lexicon or DriftLexicon()
    norm = normalizer_for(lex)
    vocab = _Vocab()
    ordered = sorted(docs, key=lambda d: d.id)
    index = [
        _index_doc(i, d, segs[d.id], norm, vocab, cfg.min_words) for i, d in enumerate(ordered)
    ]
    seeds = _seed_pairs(index, cfg)
    regions = _grow(index, seeds, cfg)
    boiler_phrases = [
        [vocab.id(k) for k in norm.keys(TOKEN.findall(p)) if k is not None] for p in lex.boilerplate
    ]
    return _report(index, regions, cfg, norm, canon, boiler_phrases, vocab.words)


def _seed_pairs(index: Sequence[_Doc], cfg: DuplicateSettings) -> list[_Region]:
    """Verified window pairs from LSH candidates."""
    owners: list[tuple[int, int, int]] = []  # (doc, first sentence, last sentence)
    for d in index:
        owners.extend((d.index, s, e) for s, e in d.windows)
    if len(owners) < 2:
        return []
    offsets = np.cumsum([0] + [len(d.keys) for d in index]).astype(np.int64)
    all_keys = (
        np.concatenate([d.keys for d in index]).astype(np.uint64)
        if offsets[-1]
        else np.zeros(0, dtype=np.uint64)
    )
    sent_base = np.cumsum([0] + [len(d.sent_tok) for d in index]).astype(np.int64)
    sent_tok = np.concatenate([d.sent_tok + offsets[d.index] for d in index])
    hasher = MinHasher(cfg.num_perm, cfg.seed)
    sh, counts = hasher.shingles(
        all_keys, sent_tok[:, 0].copy(), sent_tok[:, 1].copy(), cfg.shingle_size
    )
    sent_sigs = hasher.signatures(sh, counts)
    own = np.asarray(owners, dtype=np.int64)
    first = sent_base[own[:, 0]] + own[:, 1]
    last = sent_base[own[:, 0]] + own[:, 2]
    sigs = union_signatures(sent_sigs, first, last)
    pairs = candidate_pairs(sigs, LshConfig(cfg.bands, cfg.rows, cfg.max_bucket))
    cache: dict[int, list[int]] = {}

    def wkeys(w: int) -> list[int]:
        got = cache.get(w)
        if got is None:
            di, s, e = owners[w]
            got = cache[w] = _keys(index[di], s, e)
        return got

    out: list[_Region] = []
    for w1, w2 in pairs.tolist():
        d1, s1, e1 = owners[w1]
        d2, s2, e2 = owners[w2]
        if d1 == d2 and (not cfg.within_document or not (e1 < s2 or e2 < s1)):
            continue
        if not _similar(wkeys(w1), wkeys(w2), cfg.min_similarity):
            continue
        if (d1, s1) > (d2, s2):
            d1, s1, e1, d2, s2, e2 = d2, s2, e2, d1, s1, e1
        out.append(_Region(d1, d2, s1, e1, s2, e2))
    return out


def _grow(index: Sequence[_Doc], seeds: list[_Region], cfg: DuplicateSettings) -> list[_Region]:
    """Merge seeds that touch in both documents, grow them sentence by sentence, merge again."""
    by_pair: dict[tuple[int, int], list[_Region]] = defaultdict(list)
    for r in seeds:
        by_pair[(r.a, r.b)].append(r)
    out: list[_Region] = []
    for (ai, bi), rs in sorted(by_pair.items()):
        da, db = index[ai], index[bi]
        merged = _merge(rs)
        for r in merged:
            _extend(da, db, r, cfg)
        for r in _merge(merged):
            if ai == bi and not r.a1 < r.b0:
                continue
            out.append(r)
    return out


def _merge(rs: list[_Region]) -> list[_Region]:
    rs = sorted(rs, key=lambda r: (r.a0, r.b0, r.a1, r.b1))
    out: list[_Region] = []
    for r in rs:
        for m in reversed(out):
            if (
                r.a0 <= m.a1 + 1
                and m.a0 <= r.a1 + 1
                and r.b0 <= m.b1 + 1
                and m.b0 <= r.b1 + 1
                and (r.a0 - m.a0) * (r.b0 - m.b0) >= 0  # same order in both documents
            ):
                m.a0, m.a1 = min(m.a0, r.a0), max(m.a1, r.a1)
                m.b0, m.b1 = min(m.b0, r.b0), max(m.b1, r.b1)
                break
        else:
            out.append(_Region(r.a, r.b, r.a0, r.a1, r.b0, r.b1))
    return out


def _extend(da: _Doc, db: _Doc, r: _Region, cfg: DuplicateSettings) -> None:
    same = da.index == db.index
    na, nb = len(da.sent_tok), len(db.sent_tok)
    while r.a1 + 1 < na and r.b1 + 1 < nb and not (same and r.a1 + 1 >= r.b0):
        if not _similar(
            _keys(da, r.a1 + 1, r.a1 + 1), _keys(db, r.b1 + 1, r.b1 + 1), cfg.min_similarity
        ):
            break
        r.a1 += 1
        r.b1 += 1
    while r.a0 > 0 and r.b0 > 0 and not (same and r.b0 - 1 <= r.a1):
        if not _similar(
            _keys(da, r.a0 - 1, r.a0 - 1), _keys(db, r.b0 - 1, r.b0 - 1), cfg.min_similarity
        ):
            break
        r.a0 -= 1
        r.b0 -= 1


def _toks(d: _Doc, s0: int, s1: int, words: list[str]) -> list[Tok]:
    text = d.doc.text
    out: list[Tok] = []
    for s in range(s0, s1 + 1):
        lo, hi = int(d.sent_tok[s][0]), int(d.sent_tok[s][1])
        for t in range(lo, hi):
            st, en = int(d.starts[t]), int(d.ends[t])
            out.append(
                Tok(st, en, text[st:en], words[int(d.keys[t])], t > lo and text[st].isupper())
            )
    return out


def _span(d: _Doc, s0: int, s1: int) -> tuple[int, int]:
    return int(d.sent_chr[s0][0]), int(d.sent_chr[s1][1])


def _evidence(d: _Doc, start: int, end: int, value: str | None = None) -> Evidence:
    doc = d.doc
    return Evidence(
        doc=doc.id,
        start=start,
        end=end,
        line=doc.line_of(start),
        quote=doc.text[start:end],
        value=value,
        column=doc.column_of(start),
    )


def _older_first(da: _Doc, db: _Doc) -> tuple[bool, bool]:
    """(swap, known): whether b is the source, and whether the direction is known at all."""
    ta, tb = da.doc.as_of, db.doc.as_of
    if ta is not None and (tb is None or ta.start < tb.start):
        return False, True
    if tb is not None and (ta is None or tb.start < ta.start):
        return True, True
    return False, False


def _age(d: _Doc) -> tuple[bool, str, str]:
    """Sort key: dated documents oldest first, then undated ones, by id."""
    t = d.doc.as_of
    return (t is None, t.start.isoformat() if t is not None else "", d.doc.id)


def _dated(d: _Doc) -> str:
    t = d.doc.as_of
    return f"{d.doc.id} ({t.describe()})" if t is not None else d.doc.id


def _digest(keys: Sequence[int], words: list[str]) -> str:
    return hashlib.sha256(" ".join(words[k] for k in keys).encode("utf-8")).hexdigest()[:16]


def _report(
    index: Sequence[_Doc],
    regions: list[_Region],
    cfg: DuplicateSettings,
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
    boiler_phrases: list[list[int]],
    words: list[str],
) -> list[Finding]:
    # How many documents each sentence is shared with: the signal for boilerplate by frequency.
    spread: dict[tuple[int, int], set[int]] = defaultdict(set)
    kept: list[tuple[_Region, float, list[int], list[int]]] = []
    for r in regions:
        da, db = index[r.a], index[r.b]
        ka, kb = _keys(da, r.a0, r.a1), _keys(db, r.b0, r.b1)
        if min(len(ka), len(kb)) < cfg.min_words:
            continue
        sim = float(Indel.normalized_similarity(ka, kb))
        short = min(len(ka), len(kb)) < cfg.long_region_words
        if sim < (cfg.short_min_similarity if short else cfg.min_similarity):
            continue
        kept.append((r, sim, ka, kb))
        for s in range(r.a0, r.a1 + 1):
            spread[(r.a, s)].add(r.b)
        for s in range(r.b0, r.b1 + 1):
            spread[(r.b, s)].add(r.a)

    def frequent(di: int, s0: int, s1: int) -> bool:
        n = sum(
            1 for s in range(s0, s1 + 1) if len(spread[(di, s)] | {di}) >= cfg.boilerplate_min_docs
        )
        return 2 * n >= s1 - s0 + 1

    def listed(ka: list[int]) -> bool:
        for p in boiler_phrases:
            if not p:
                continue
            matches = (len(ka) + len(p) - Indel.distance(ka, p)) / 2
            if matches >= 0.8 * len(p) and matches >= 0.5 * len(ka):
                return True
        return False

    findings: list[Finding] = []
    boiler: list[_Region] = []
    for r, sim, ka, kb in kept:
        da, db = index[r.a], index[r.b]
        if (
            listed(ka)
            or listed(kb)
            or bool(da.sent_meta[r.a0 : r.a1 + 1].any() or db.sent_meta[r.b0 : r.b1 + 1].any())
            or frequent(r.a, r.a0, r.a1)
            or frequent(r.b, r.b0, r.b1)
        ):
            boiler.append(r)
            continue
        findings.extend(_duplicate(da, db, r, sim, ka, kb, words, cfg, norm, canon))
    if cfg.report_boilerplate:
        findings.extend(_boilerplate(index, boiler, cfg, words))
    return sorted(findings, key=Finding.sort_key)


def _duplicate(
    da: _Doc,
    db: _Doc,
    r: _Region,
    sim: float,
    ka: list[int],
    kb: list[int],
    words: list[str],
    cfg: DuplicateSettings,
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
) -> list[Finding]:
    swap, known = _older_first(da, db)
    src, cpy = (db, da) if swap else (da, db)
    s_rng, c_rng = ((r.b0, r.b1), (r.a0, r.a1)) if swap else ((r.a0, r.a1), (r.b0, r.b1))
    s_span, c_span = _span(src, *s_rng), _span(cpy, *c_rng)
    pct = f"{round(sim * 100)}% similar"
    within = da.index == db.index
    if within:
        rule, severity = "TC302", "info"
        msg = f"{cpy.doc.id} repeats its own passage from line {src.doc.line_of(s_span[0])}, {pct}"
    elif known:
        rule, severity = "TC301", "warning"
        msg = f"{cpy.doc.id} repeats {_dated(src)}, {pct}"
    else:
        rule, severity = "TC301", "warning"
        msg = f"{src.doc.id} and {cpy.doc.id} share a passage, {pct}"
    src_keys = kb if swap else ka
    out = [
        Finding(
            rule=rule,
            kind="duplicate",
            severity=severity,
            message=msg,
            evidence=(_evidence(src, *s_span), _evidence(cpy, *c_span)),
            key=("duplicate", _digest(src_keys, words)),
            similarity=sim,
        )
    ]
    if sim < cfg.drift_min_similarity:
        return out
    side_s = Side(_toks(src, *s_rng, words), src.doc.text, src.year)
    side_c = Side(_toks(cpy, *c_rng, words), cpy.doc.text, cpy.year)
    origin = f"its own passage at line {src.doc.line_of(s_span[0])}" if within else _dated(src)
    for ch in changes(side_s, side_c, norm, canon):
        out.append(_drift(src, cpy, ch, origin))
    return out


def _drift(src: _Doc, cpy: _Doc, ch: Change, origin: str) -> Finding:
    label = _DRIFT_LABEL[ch.kind]
    what = f"{ch.detail} {label}" if ch.detail else label
    return Finding(
        rule=DRIFT_CODES[ch.kind],
        kind="drift",
        severity="warning",
        message=f'{what} in a copy of {origin}: "{ch.before}" → "{ch.after}"',
        evidence=(
            _evidence(src, ch.a[0], ch.a[1], ch.before),
            _evidence(cpy, ch.b[0], ch.b[1], ch.after),
        ),
        property=f"drift.{ch.kind}",
        key=(ch.kind, " ".join(ch.before.lower().split()), " ".join(ch.after.lower().split())),
    )


def _boilerplate(
    index: Sequence[_Doc], regions: list[_Region], cfg: DuplicateSettings, words: list[str]
) -> list[Finding]:
    """One TC303 finding per group of connected boilerplate passages."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in regions:
        parent[find((r.a, r.a0))] = find((r.b, r.b0))
    groups: dict[tuple[int, int], dict[int, tuple[int, int]]] = defaultdict(dict)
    for r in regions:
        g = groups[find((r.a, r.a0))]
        for di, s0, s1 in ((r.a, r.a0, r.a1), (r.b, r.b0, r.b1)):
            old = g.get(di)
            if old is None or (s0, s1) < old:
                g[di] = (s0, s1)
    out: list[Finding] = []
    for g in groups.values():
        members = sorted(g.items(), key=lambda kv: (_age(index[kv[0]]), kv[1]))
        shown = members[: cfg.boilerplate_max_evidence]
        ev = tuple(_evidence(index[di], *_span(index[di], s0, s1)) for di, (s0, s1) in shown)
        n_docs = len(members)
        more = f" (showing {len(shown)})" if len(shown) < n_docs else ""
        first_doc, (f0, f1) = members[0]
        out.append(
            Finding(
                rule="TC303",
                kind="duplicate",
                severity="info",
                message=f"boilerplate passage found in {n_docs} places{more}",
                evidence=ev,
                key=("boilerplate", _digest(_keys(index[first_doc], f0, f1), words)),
            )
        )
    return out
