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
import itertools
import re
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
from tipcheck.minhash import LshConfig, MinHasher, band_pairs, union_rows
from tipcheck.passages import Segmented, split_sentences

_COMPARED_KINDS = ("prose", "list", "field", "meta")
# A group of copies with at most this many windows (and fewer documents than
# `boilerplate_min_docs`) is aligned all pairs; a larger one as stars around a representative.
_SMALL_GROUP = 16
# Stars tried per group before the classes left over are each linked to one verified neighbour.
_MAX_STARS = 32
# Words kept around the changed middle of an aligned region (drift classing looks 3 words out).
_CONTEXT = 4
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


_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")


def _compared_sentences(seg: Segmented) -> list[tuple[int, int, bool, int]]:
    """(start, end, meta, paragraph) of each sentence of the compared paragraphs."""
    masked = seg.masked
    out: list[tuple[int, int, bool, int]] = []
    for n, p in enumerate(seg.paragraphs):
        if p.kind not in _COMPARED_KINDS:
            continue
        body = masked[p.start : p.end].rstrip()
        if p.end - p.start < 200 and not body.endswith(_CLOSERS):
            continue  # a title, byline or source line, not a statement
        sents = p.sentences or tuple(split_sentences(masked, p.start, p.end))
        out.extend((s.start, s.end, p.kind == "meta", n) for s in sents)
    return out


def _index_doc(
    i: int,
    doc: Document,
    seg: Segmented,
    norm: Normalizer,
    vocab: _Vocab,
    min_words: int,
    tok_cache: dict[str, int],
) -> _Doc:
    """The document's compared words. The text is tokenised once, in C (a split on the token
    pattern), and tokens are assigned to sentences by position; a document where a token
    crosses a sentence boundary takes the sentence-by-sentence path, which gives the same
    tokens everywhere else."""
    fast = _index_fast(seg, norm, vocab, tok_cache)
    if fast is not None:
        starts_a, ends_a, keys_a, sent_tok_a, sent_chr_a, sent_meta_a, para_sents = fast
        sent_tok = sent_tok_a.tolist()
    else:
        starts_a, ends_a, keys_a, sent_tok, sent_chr_a, sent_meta_a, para_sents = _index_slow(
            seg, norm, vocab, tok_cache
        )
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
        starts=starts_a,
        ends=ends_a,
        keys=keys_a,
        sent_tok=np.asarray(sent_tok, dtype=np.int64).reshape(-1, 2),
        sent_chr=sent_chr_a,
        sent_meta=sent_meta_a,
        windows=windows,
    )


_Arrays = tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.bool_],
    list[tuple[int, int]],
]


def _kid(w: str, norm: Normalizer, vocab: _Vocab, tok_cache: dict[str, int]) -> int:
    k = norm.key(w)
    kid = -1 if k is None else vocab.id(k)
    tok_cache[w] = kid
    return kid


def _index_fast(
    seg: Segmented, norm: Normalizer, vocab: _Vocab, tok_cache: dict[str, int]
) -> _Arrays | None:
    sents = _compared_sentences(seg)
    empty = np.zeros(0, dtype=np.int64)
    if not sents:
        return (
            empty,
            empty,
            empty,
            empty.reshape(0, 2),
            empty.reshape(0, 2),
            np.zeros(0, np.bool_),
            [],
        )
    ss = np.fromiter((s[0] for s in sents), dtype=np.int64, count=len(sents))
    se = np.fromiter((s[1] for s in sents), dtype=np.int64, count=len(sents))
    if np.any(se < ss) or np.any(ss[1:] < se[:-1]):
        return None
    parts = _TOKEN_SPLIT.split(seg.masked)
    lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    pos = np.cumsum(lens) - lens
    tstart = pos[1::2]
    tend = tstart + lens[1::2]
    n = len(ss)
    sid = np.searchsorted(ss, tstart, side="right") - 1
    sidc = np.maximum(sid, 0)
    inside = (sid >= 0) & (tstart < se[sidc])
    nxt = np.minimum(sid + 1, n - 1)
    if np.any(inside & (tend > se[sidc])) or np.any((sid + 1 < n) & (tend > ss[nxt])):
        return None  # a token crosses a sentence boundary
    idx = np.flatnonzero(inside)
    words = parts[1::2]
    surf = [words[j] for j in idx.tolist()]
    got = list(map(tok_cache.get, surf))
    for j, kid in enumerate(got):
        if kid is None:
            got[j] = _kid(surf[j], norm, vocab, tok_cache)
    kids = np.fromiter(got, dtype=np.int64, count=len(got))
    keep = kids >= 0
    idx = idx[keep]
    tsid = sid[idx]
    counts = np.bincount(tsid, minlength=n)
    used = np.flatnonzero(counts > 0)
    bounds = np.cumsum(counts[used])
    sent_tok = np.stack([bounds - counts[used], bounds], axis=1)
    para = np.fromiter((s[3] for s in sents), dtype=np.int64, count=n)[used]
    meta = np.fromiter((s[2] for s in sents), dtype=np.bool_, count=n)[used]
    cut = (np.flatnonzero(para[1:] != para[:-1]) + 1).tolist()
    edges = [0, *cut, len(used)]
    para_sents = [(a, b) for a, b in itertools.pairwise(edges) if b > a]
    return (
        tstart[idx],
        tend[idx],
        kids[keep],
        sent_tok,
        np.stack([ss[used], se[used]], axis=1),
        meta,
        para_sents,
    )


def _index_slow(
    seg: Segmented, norm: Normalizer, vocab: _Vocab, tok_cache: dict[str, int]
) -> tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    list[tuple[int, int]],
    npt.NDArray[np.int64],
    npt.NDArray[np.bool_],
    list[tuple[int, int]],
]:
    masked = seg.masked
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
                    kid = _kid(w, norm, vocab, tok_cache)
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
    return (
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
        np.asarray(keys, dtype=np.int64),
        sent_tok,
        np.asarray(sent_chr, dtype=np.int64).reshape(-1, 2),
        np.asarray(sent_meta, dtype=np.bool_),
        para_sents,
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
    tok_cache: dict[str, int] = {}
    index = [
        _index_doc(i, d, segs[d.id], norm, vocab, cfg.min_words, tok_cache)
        for i, d in enumerate(ordered)
    ]
    del tok_cache
    seeds, spread = _seed_pairs(index, cfg)
    regions = _grow(index, seeds, cfg)
    del seeds
    boiler_phrases = [
        [vocab.id(k) for k in norm.keys(TOKEN.findall(p)) if k is not None] for p in lex.boilerplate
    ]
    return _report(index, regions, spread, cfg, norm, canon, boiler_phrases, vocab.words)


def _seed_pairs(
    index: Sequence[_Doc], cfg: DuplicateSettings
) -> tuple[list[_Region], list[npt.NDArray[np.int32]]]:
    """Verified window pairs, and per document and sentence how many documents its group spans.

    Identical windows (the same key sequence) are one class; LSH runs over classes, verified
    class pairs join classes into groups, and each group is paired without going quadratic: a
    small group (few windows, fewer documents than `boilerplate_min_docs`) all pairs, a larger
    one as stars, every copy against one representative, its oldest window.
    """
    spread = [np.zeros(len(d.sent_tok), dtype=np.int32) for d in index]
    w_doc_l: list[int] = []
    w_s_l: list[int] = []
    w_e_l: list[int] = []
    for d in index:
        for s, e in d.windows:
            w_doc_l.append(d.index)
            w_s_l.append(s)
            w_e_l.append(e)
    if len(w_doc_l) < 2:
        return [], spread
    w_doc = np.asarray(w_doc_l, dtype=np.int64)
    w_s = np.asarray(w_s_l, dtype=np.int64)
    w_e = np.asarray(w_e_l, dtype=np.int64)

    # sentence classes: identical key sequences are signed once
    table: dict[bytes, int] = {}
    rep_keys: list[npt.NDArray[np.int64]] = []
    sent_cls: list[npt.NDArray[np.int64]] = []
    for d in index:
        cls = np.empty(len(d.sent_tok), dtype=np.int64)
        for j, (lo, hi) in enumerate(d.sent_tok.tolist()):
            part = d.keys[lo:hi]
            k = part.tobytes()
            c = table.get(k)
            if c is None:
                c = table[k] = len(rep_keys)
                rep_keys.append(part)
            cls[j] = c
        sent_cls.append(cls)
    del table
    lengths = np.fromiter((len(k) for k in rep_keys), dtype=np.int64, count=len(rep_keys))
    ends = np.cumsum(lengths)
    hasher = MinHasher(cfg.num_perm, cfg.seed)
    sh, counts = hasher.shingles(
        np.concatenate(rep_keys).astype(np.uint64), ends - lengths, ends, cfg.shingle_size
    )
    del rep_keys
    sent_sigs = hasher.signatures(sh, counts)
    del sh

    # window classes: windows made of the same sentence classes
    wtable: dict[tuple[int, ...], int] = {}
    w_cls = np.empty(len(w_doc), dtype=np.int64)
    cls_rep: list[int] = []  # first window of each class
    for w, (di, s, e) in enumerate(zip(w_doc_l, w_s_l, w_e_l, strict=True)):
        key = tuple(sent_cls[di][s : e + 1].tolist())
        c = wtable.get(key)
        if c is None:
            c = wtable[key] = len(cls_rep)
            cls_rep.append(w)
        w_cls[w] = c
    del wtable
    reps = np.asarray(cls_rep, dtype=np.int64)
    n_cls = len(reps)
    members = np.concatenate(
        [
            sent_cls[di][s : e + 1]
            for di, s, e in zip(w_doc[reps], w_s[reps], w_e[reps], strict=True)
        ]
    )
    cls_sigs = union_rows(sent_sigs, members, (w_e[reps] - w_s[reps] + 1))
    del sent_sigs, members
    keys_cache: dict[int, list[int]] = {}

    def ckeys(c: int) -> list[int]:
        got = keys_cache.get(c)
        if got is None:
            w = cls_rep[c]
            got = keys_cache[c] = _keys(index[w_doc_l[w]], w_s_l[w], w_e_l[w])
        return got

    sim_cache: dict[tuple[int, int], bool] = {}

    def similar(c1: int, c2: int) -> bool:
        if c1 == c2:
            return True
        k = (c1, c2) if c1 < c2 else (c2, c1)
        got = sim_cache.get(k)
        if got is None:
            got = sim_cache[k] = _similar(ckeys(c1), ckeys(c2), cfg.min_similarity)
        return got

    # groups: classes joined by verified candidate pairs (union-find). Only connectivity is
    # needed here (the pairing below verifies what it pairs), so a band's candidates already in
    # one group are dropped before verification, and the groups do not depend on that order.
    parent = list(range(n_cls))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    partner: dict[int, int] = {}  # one verified neighbour per class
    label = np.arange(n_cls, dtype=np.int64)
    for band in band_pairs(cls_sigs, LshConfig(cfg.bands, cfg.rows, cfg.max_bucket)):
        band = band[label[band[:, 0]] != label[band[:, 1]]]
        if not len(band):
            continue
        code = np.unique(band[:, 0] * np.int64(n_cls) + band[:, 1])
        for c1, c2 in zip((code // n_cls).tolist(), (code % n_cls).tolist(), strict=True):
            r1, r2 = find(c1), find(c2)
            if r1 == r2 or not similar(c1, c2):
                continue
            partner.setdefault(c1, c2)
            partner.setdefault(c2, c1)
            parent[max(r1, r2)] = min(r1, r2)
        label = np.asarray(parent, dtype=np.int64)
        while True:
            nxt = label[label]
            if np.array_equal(nxt, label):
                break
            label = nxt
    del cls_sigs
    comp = label[w_cls]
    age = np.empty(len(index), dtype=np.int64)
    for rank, d in enumerate(sorted(index, key=_age)):
        age[d.index] = rank
    order = np.lexsort((w_s, age[w_doc], comp))
    sc = comp[order]
    cut = np.flatnonzero(sc[1:] != sc[:-1]) + 1
    starts = np.concatenate([[0], cut])
    stops = np.concatenate([cut, [len(sc)]])
    big = stops - starts >= 2
    out: list[_Region] = []

    def emit(w1: int, w2: int) -> None:
        d1, s1, e1 = w_doc_l[w1], w_s_l[w1], w_e_l[w1]
        d2, s2, e2 = w_doc_l[w2], w_s_l[w2], w_e_l[w2]
        if d1 == d2 and (not cfg.within_document or not (e1 < s2 or e2 < s1)):
            return
        if (d1, s1) > (d2, s2):
            d1, s1, e1, d2, s2, e2 = d2, s2, e2, d1, s1, e1
        out.append(_Region(d1, d2, s1, e1, s2, e2))

    def mark(ws: Sequence[int]) -> None:
        n = len({w_doc_l[w] for w in ws})
        for w in ws:
            arr = spread[w_doc_l[w]]
            s, e = w_s_l[w], w_e_l[w] + 1
            np.maximum(arr[s:e], n, out=arr[s:e])

    def clique(ws: Sequence[int]) -> None:
        mark(ws)
        for i, w1 in enumerate(ws):
            for w2 in ws[i + 1 :]:
                if similar(int(w_cls[w1]), int(w_cls[w2])):
                    emit(w1, w2)

    def small(ws: Sequence[int]) -> bool:
        return len(ws) <= _SMALL_GROUP and len({w_doc_l[w] for w in ws}) < cfg.boilerplate_min_docs

    def oldest(w: int) -> tuple[int, int]:
        return int(age[w_doc_l[w]]), w_s_l[w]

    def star(ws: list[int]) -> None:
        if len(ws) < 2:
            return
        if small(ws):
            clique(ws)
            return
        mark(ws)
        for w in ws[1:]:
            emit(ws[0], w)

    for lo, hi in zip(starts[big].tolist(), stops[big].tolist(), strict=True):
        ws: list[int] = order[lo:hi].tolist()  # oldest document first
        if small(ws):
            clique(ws)
            continue
        by_cls: dict[int, list[int]] = defaultdict(list)
        for w in ws:
            by_cls[int(w_cls[w])].append(w)
        remaining = list(by_cls)  # classes in the order of their oldest window
        alone: list[int] = []
        for _ in range(_MAX_STARS):
            if not remaining:
                break
            rc = remaining[0]
            joined = [c for c in remaining if similar(rc, c)]
            taken = set(joined)
            remaining = [c for c in remaining if c not in taken]
            if len(joined) == 1:
                alone.append(rc)
                continue
            star(sorted((w for c in joined for w in by_cls[c]), key=oldest))
        for c in alone + remaining:
            # no star took it: its copies and one verified neighbour (a chain of loose copies)
            p = partner.get(c)
            star(sorted(by_cls[c] + ([by_cls[p][0]] if p is not None else []), key=oldest))
    return out, spread


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


def _sides(
    src: _Doc, s_rng: tuple[int, int], cpy: _Doc, c_rng: tuple[int, int], words: list[str]
) -> tuple[Side, Side]:
    """Both sides of an aligned region for drift, without the words they share at both ends
    (but `_CONTEXT` of them, which classing looks at): an alignment keeps a common prefix and
    suffix as they are, so only the middle needs word objects."""
    lo_s, hi_s = int(src.sent_tok[s_rng[0]][0]), int(src.sent_tok[s_rng[1]][1])
    lo_c, hi_c = int(cpy.sent_tok[c_rng[0]][0]), int(cpy.sent_tok[c_rng[1]][1])
    ks, kc = src.keys[lo_s:hi_s], cpy.keys[lo_c:hi_c]
    n = min(len(ks), len(kc))
    diff = np.flatnonzero(ks[:n] != kc[:n])
    pre = int(diff[0]) if len(diff) else n
    m = n - pre
    diff = np.flatnonzero(ks[len(ks) - m :][::-1] != kc[len(kc) - m :][::-1]) if m else diff[:0]
    suf = int(diff[0]) if len(diff) else m
    head, tail = max(pre - _CONTEXT, 0), max(suf - _CONTEXT, 0)
    return (
        Side(_tok_range(src, lo_s + head, hi_s - tail, words), src.doc.text, src.year),
        Side(_tok_range(cpy, lo_c + head, hi_c - tail, words), cpy.doc.text, cpy.year),
    )


def _tok_range(d: _Doc, lo: int, hi: int, words: list[str]) -> list[Tok]:
    text = d.doc.text
    firsts = set(d.sent_tok[:, 0].tolist())
    return [
        Tok(st, en, text[st:en], words[k], t not in firsts and text[st].isupper())
        for t, st, en, k in zip(
            range(lo, hi),
            d.starts[lo:hi].tolist(),
            d.ends[lo:hi].tolist(),
            d.keys[lo:hi].tolist(),
            strict=True,
        )
    ]


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
    spread: Sequence[npt.NDArray[np.int32]],
    cfg: DuplicateSettings,
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
    boiler_phrases: list[list[int]],
    words: list[str],
) -> list[Finding]:
    """`spread[doc][sentence]`: how many documents the sentence's group of copies spans, the
    signal for boilerplate by frequency."""

    def frequent(di: int, s0: int, s1: int) -> bool:
        n = int(np.count_nonzero(spread[di][s0 : s1 + 1] >= cfg.boilerplate_min_docs))
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
    boiler: list[tuple[_Region, float, bool]] = []
    for r in regions:
        da, db = index[r.a], index[r.b]
        ka, kb = _keys(da, r.a0, r.a1), _keys(db, r.b0, r.b1)
        if min(len(ka), len(kb)) < cfg.min_words:
            continue
        sim = float(Indel.normalized_similarity(ka, kb))
        short = min(len(ka), len(kb)) < cfg.long_region_words
        if sim < (cfg.short_min_similarity if short else cfg.min_similarity):
            continue
        if (
            listed(ka)
            or listed(kb)
            or bool(da.sent_meta[r.a0 : r.a1 + 1].any() or db.sent_meta[r.b0 : r.b1 + 1].any())
        ):
            boiler.append((r, sim, False))  # publisher residue: no drift
        elif frequent(r.a, r.a0, r.a1) or frequent(r.b, r.b0, r.b1):
            boiler.append((r, sim, sim >= cfg.drift_min_similarity and ka != kb))
        else:
            findings.extend(_duplicate(da, db, r, sim, ka, kb, words, cfg, norm, canon))
    if cfg.report_boilerplate:
        findings.extend(_boilerplate(index, boiler, cfg, words, norm, canon))
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
    side_s, side_c = _sides(src, s_rng, cpy, c_rng, words)
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
    index: Sequence[_Doc],
    regions: list[tuple[_Region, float, bool]],
    cfg: DuplicateSettings,
    words: list[str],
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
) -> list[Finding]:
    """One TC303 finding per group of connected boilerplate passages, and the drift inside it:
    each copy against its representative, each distinct change once per group."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r, _, _ in regions:
        parent[find((r.a, r.a0))] = find((r.b, r.b0))
    groups: dict[tuple[int, int], dict[int, tuple[int, int]]] = defaultdict(dict)
    drifting: dict[tuple[int, int], list[_Region]] = defaultdict(list)
    for r, _, drift in regions:
        root = find((r.a, r.a0))
        g = groups[root]
        for di, s0, s1 in ((r.a, r.a0, r.a1), (r.b, r.b0, r.b1)):
            old = g.get(di)
            if old is None or (s0, s1) < old:
                g[di] = (s0, s1)
        if drift:
            drifting[root].append(r)
    out: list[Finding] = []
    for root, g in groups.items():
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
        if root in drifting:
            out.extend(_group_drift(index, drifting[root], words, norm, canon))
    return out


def _group_drift(
    index: Sequence[_Doc],
    regions: list[_Region],
    words: list[str],
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
) -> list[Finding]:
    """Drift of the copies in one boilerplate group against their source, each distinct change
    once (the oldest copy making it is the evidence; the message counts the others)."""
    pairs: list[tuple[_Doc, _Doc, tuple[int, int], tuple[int, int]]] = []
    for r in regions:
        da, db = index[r.a], index[r.b]
        swap, _ = _older_first(da, db)
        src, cpy = (db, da) if swap else (da, db)
        s_rng, c_rng = ((r.b0, r.b1), (r.a0, r.a1)) if swap else ((r.a0, r.a1), (r.b0, r.b1))
        pairs.append((src, cpy, s_rng, c_rng))
    pairs.sort(key=lambda p: (_age(p[1]), p[3], _age(p[0]), p[2]))
    found: dict[tuple[str, ...], int] = {}  # change key -> index in out
    copies: list[int] = []
    out: list[Finding] = []
    seen: dict[tuple[tuple[int, ...], tuple[int, ...]], list[int]] = {}
    for src, cpy, s_rng, c_rng in pairs:
        ks, kc = tuple(_keys(src, *s_rng)), tuple(_keys(cpy, *c_rng))
        again = seen.get((ks, kc))
        if again is not None:  # the same words changed the same way: another copy of it
            for j in again:
                copies[j] += 1
            continue
        side_s, side_c = _sides(src, s_rng, cpy, c_rng, words)
        hit: list[int] = []
        for ch in changes(side_s, side_c, norm, canon):
            f = _drift(src, cpy, ch, _dated(src))
            i = found.get(f.key)
            if i is None:
                i = found[f.key] = len(out)
                out.append(f)
                copies.append(0)
            copies[i] += 1
            hit.append(i)
        seen[(ks, kc)] = hit
    return [
        attrs.evolve(f, message=f"{f.message} (the same change in {n} copies)") if n > 1 else f
        for f, n in zip(out, copies, strict=True)
    ]
