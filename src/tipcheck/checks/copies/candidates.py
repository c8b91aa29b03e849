"""Candidate copies without comparing all pairs: sentence windows signed with MinHash, banded LSH
over classes of identical windows, verified class pairs joined into groups, and each group paired
as a clique (small) or as stars around its oldest window (large)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from tipcheck.checks.copies.index import IndexedDoc, Region, age_key, keys_of, similar_keys
from tipcheck.checks.copies.minhash import LshConfig, MinHasher, band_pairs, union_rows
from tipcheck.checks.copies.settings import DuplicateSettings

# A group of copies with at most this many windows (and fewer documents than
# `boilerplate_min_docs`) is aligned all pairs; a larger one as stars around a representative.
_SMALL_GROUP = 16


# Stars tried per group before the classes left over are each linked to one verified neighbour.
_MAX_STARS = 32


def seed_pairs(
    index: Sequence[IndexedDoc], cfg: DuplicateSettings
) -> tuple[list[Region], list[npt.NDArray[np.int32]]]:
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
            got = keys_cache[c] = keys_of(index[w_doc_l[w]], w_s_l[w], w_e_l[w])
        return got

    sim_cache: dict[tuple[int, int], bool] = {}

    def similar(c1: int, c2: int) -> bool:
        if c1 == c2:
            return True
        k = (c1, c2) if c1 < c2 else (c2, c1)
        got = sim_cache.get(k)
        if got is None:
            got = sim_cache[k] = similar_keys(ckeys(c1), ckeys(c2), cfg.min_similarity)
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
    for rank, d in enumerate(sorted(index, key=age_key)):
        age[d.index] = rank
    order = np.lexsort((w_s, age[w_doc], comp))
    sc = comp[order]
    cut = np.flatnonzero(sc[1:] != sc[:-1]) + 1
    starts = np.concatenate([[0], cut])
    stops = np.concatenate([cut, [len(sc)]])
    big = stops - starts >= 2
    out: list[Region] = []

    def emit(w1: int, w2: int) -> None:
        d1, s1, e1 = w_doc_l[w1], w_s_l[w1], w_e_l[w1]
        d2, s2, e2 = w_doc_l[w2], w_s_l[w2], w_e_l[w2]
        if d1 == d2 and (not cfg.within_document or not (e1 < s2 or e2 < s1)):
            return
        if (d1, s1) > (d2, s2):
            d1, s1, e1, d2, s2, e2 = d2, s2, e2, d1, s1, e1
        out.append(Region(d1, d2, s1, e1, s2, e2))

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
