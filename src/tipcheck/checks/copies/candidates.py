"""Candidate copies without comparing all pairs: sentence windows signed with MinHash, banded LSH
over classes of identical windows, verified class pairs joined into groups, and each group paired
as a clique (small) or as stars around its oldest window (large)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence, Set

import numpy as np
import numpy.typing as npt

from tipcheck.checks.copies.index import IndexedDoc, Region, age_key, keys_of, similar_keys
from tipcheck.checks.copies.minhash import LshConfig, band_pairs, union_rows
from tipcheck.checks.copies.settings import DuplicateSettings

# A group of copies with at most this many windows (and fewer documents than
# `boilerplate_min_docs`) is aligned all pairs; a larger one as stars around a representative.
_SMALL_GROUP = 16
# Stars tried per group before the classes left over are each linked to one verified neighbour.
_MAX_STARS = 32

I64 = npt.NDArray[np.int64]
U32 = npt.NDArray[np.uint32]


def seed_pairs(
    index: Sequence[IndexedDoc], cfg: DuplicateSettings, only: Set[int] | None = None
) -> tuple[list[Region], list[npt.NDArray[np.int32]]]:
    """Verified window pairs, and per document and sentence how many documents its group spans.
    With `only` (document indexes), only the groups with a window in one of those documents are
    paired (and counted in the spans).

    Identical windows (the same key sequence) are one class; LSH runs over classes, verified
    class pairs join classes into groups, and each group is paired without going quadratic: a
    small group (few windows, fewer documents than `boilerplate_min_docs`) all pairs, a larger
    one as stars, every copy against one representative, its oldest window.
    """
    spread = [np.zeros(len(d.sent_tok), dtype=np.int32) for d in index]
    if sum(len(d.windows) for d in index) < 2:
        return [], spread
    p = _Pairing(index, cfg, spread)
    sent_cls, sent_sigs = p.sentence_classes()
    cls_sigs = p.window_classes(sent_cls, sent_sigs)
    del sent_cls, sent_sigs
    label = p.groups(cls_sigs)
    del cls_sigs
    p.pair_groups(label, only)
    return p.out, spread


class _Pairing:
    """The state of one run: windows as parallel lists, their classes, a cache of verified
    similarities, and the pairs found so far."""

    def __init__(
        self,
        index: Sequence[IndexedDoc],
        cfg: DuplicateSettings,
        spread: list[npt.NDArray[np.int32]],
    ) -> None:
        self.index, self.cfg, self.spread = index, cfg, spread
        self.w_doc: list[int] = []
        self.w_s: list[int] = []
        self.w_e: list[int] = []
        for d in index:
            for s, e in d.windows:
                self.w_doc.append(d.index)
                self.w_s.append(s)
                self.w_e.append(e)
        self.w_cls = np.empty(len(self.w_doc), dtype=np.int64)
        self.cls_rep: list[int] = []  # first window of each class
        self.partner: dict[int, int] = {}  # one verified neighbour per class
        self.out: list[Region] = []
        self._keys: dict[int, list[int]] = {}
        self._sim: dict[tuple[int, int], bool] = {}
        self.age = np.empty(len(index), dtype=np.int64)
        for rank, d in enumerate(sorted(index, key=age_key)):
            self.age[d.index] = rank

    # -- classes and signatures ------------------------------------------------------------

    def sentence_classes(self) -> tuple[list[I64], U32]:
        """Each document's sentences as class ids (identical key sequences are one class), and
        one MinHash signature per class: its first sentence's, signed where it was indexed."""
        table: dict[bytes, int] = {}
        rep_sigs: list[U32] = []
        sent_cls: list[I64] = []
        for d in self.index:
            assert d.sent_sigs is not None, "documents are signed when they are indexed"
            cls = np.empty(len(d.sent_tok), dtype=np.int64)
            for j, (lo, hi) in enumerate(d.sent_tok.tolist()):
                k = d.keys[lo:hi].tobytes()
                c = table.get(k)
                if c is None:
                    c = table[k] = len(rep_sigs)
                    rep_sigs.append(d.sent_sigs[j])
                cls[j] = c
            sent_cls.append(cls)
        sigs = np.stack(rep_sigs) if rep_sigs else np.zeros((0, self.cfg.num_perm), np.uint32)
        return sent_cls, sigs

    def window_classes(self, sent_cls: list[I64], sent_sigs: U32) -> U32:
        """Windows made of the same sentence classes are one class; its signature is the union
        of its sentences' signatures."""
        wtable: dict[tuple[int, ...], int] = {}
        for w, (di, s, e) in enumerate(zip(self.w_doc, self.w_s, self.w_e, strict=True)):
            key = tuple(sent_cls[di][s : e + 1].tolist())
            c = wtable.get(key)
            if c is None:
                c = wtable[key] = len(self.cls_rep)
                self.cls_rep.append(w)
            self.w_cls[w] = c
        reps = self.cls_rep
        members = np.concatenate(
            [sent_cls[self.w_doc[w]][self.w_s[w] : self.w_e[w] + 1] for w in reps]
        )
        sizes = np.asarray([self.w_e[w] - self.w_s[w] + 1 for w in reps], dtype=np.int64)
        return union_rows(sent_sigs, members, sizes)

    def similar(self, c1: int, c2: int) -> bool:
        """Whether two window classes align closely enough (cached; the pair is unordered)."""
        if c1 == c2:
            return True
        k = (c1, c2) if c1 < c2 else (c2, c1)
        got = self._sim.get(k)
        if got is None:
            got = self._sim[k] = similar_keys(
                self._class_keys(c1), self._class_keys(c2), self.cfg.min_similarity
            )
        return got

    def _class_keys(self, c: int) -> list[int]:
        got = self._keys.get(c)
        if got is None:
            w = self.cls_rep[c]
            got = self._keys[c] = keys_of(self.index[self.w_doc[w]], self.w_s[w], self.w_e[w])
        return got

    # -- groups ------------------------------------------------------------------------------

    def groups(self, cls_sigs: U32) -> I64:
        """A group label per class: classes joined by verified candidate pairs (union-find).

        Only connectivity is needed here (the pairing verifies what it pairs), so a band's
        candidates already in one group are dropped before verification, and the groups do not
        depend on that order."""
        n_cls = len(self.cls_rep)
        parent = list(range(n_cls))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        label = np.arange(n_cls, dtype=np.int64)
        cfg = self.cfg
        for band in band_pairs(cls_sigs, LshConfig(cfg.bands, cfg.rows, cfg.max_bucket)):
            band = band[label[band[:, 0]] != label[band[:, 1]]]
            if not len(band):
                continue
            code = np.unique(band[:, 0] * np.int64(n_cls) + band[:, 1])
            for c1, c2 in zip((code // n_cls).tolist(), (code % n_cls).tolist(), strict=True):
                r1, r2 = find(c1), find(c2)
                if r1 == r2 or not self.similar(c1, c2):
                    continue
                self.partner.setdefault(c1, c2)
                self.partner.setdefault(c2, c1)
                parent[max(r1, r2)] = min(r1, r2)
            label = np.asarray(parent, dtype=np.int64)
            while True:
                nxt = label[label]
                if np.array_equal(nxt, label):
                    break
                label = nxt
        return label

    # -- pairing inside groups ----------------------------------------------------------------

    def pair_groups(self, label: I64, only: Set[int] | None = None) -> None:
        """Each group of two or more windows (with one in an `only` document, when given),
        oldest document first, paired as a clique or as stars."""
        comp = label[self.w_cls]
        w_s = np.asarray(self.w_s, dtype=np.int64)
        w_doc = np.asarray(self.w_doc, dtype=np.int64)
        order = np.lexsort((w_s, self.age[w_doc], comp))
        sc = comp[order]
        cut = np.flatnonzero(sc[1:] != sc[:-1]) + 1
        starts = np.concatenate([[0], cut])
        stops = np.concatenate([cut, [len(sc)]])
        big = stops - starts >= 2
        if only is not None:
            wanted = np.zeros(len(label), dtype=np.bool_)
            in_only = np.isin(w_doc, np.fromiter(only, dtype=np.int64, count=len(only)))
            wanted[comp[in_only]] = True
            big &= wanted[sc[starts]]
        for lo, hi in zip(starts[big].tolist(), stops[big].tolist(), strict=True):
            self._pair_group(order[lo:hi].tolist())

    def _pair_group(self, ws: list[int]) -> None:
        if self._small(ws):
            self._clique(ws)
            return
        by_cls: dict[int, list[int]] = defaultdict(list)
        for w in ws:
            by_cls[int(self.w_cls[w])].append(w)
        remaining = list(by_cls)  # classes in the order of their oldest window
        alone: list[int] = []
        for _ in range(_MAX_STARS):
            if not remaining:
                break
            rc = remaining[0]
            joined = [c for c in remaining if self.similar(rc, c)]
            taken = set(joined)
            remaining = [c for c in remaining if c not in taken]
            if len(joined) == 1:
                alone.append(rc)
                continue
            self._star(sorted((w for c in joined for w in by_cls[c]), key=self._oldest))
        for c in alone + remaining:
            # no star took it: its copies and one verified neighbour (a chain of loose copies)
            p = self.partner.get(c)
            near = [by_cls[p][0]] if p is not None else []
            self._star(sorted(by_cls[c] + near, key=self._oldest))

    def _emit(self, w1: int, w2: int) -> None:
        d1, s1, e1 = self.w_doc[w1], self.w_s[w1], self.w_e[w1]
        d2, s2, e2 = self.w_doc[w2], self.w_s[w2], self.w_e[w2]
        if d1 == d2 and (not self.cfg.within_document or not (e1 < s2 or e2 < s1)):
            return
        if (d1, s1) > (d2, s2):
            d1, s1, e1, d2, s2, e2 = d2, s2, e2, d1, s1, e1
        self.out.append(Region(d1, d2, s1, e1, s2, e2))

    def _mark(self, ws: Sequence[int]) -> None:
        """Record, for every sentence of the group, how many documents the group spans."""
        n = len({self.w_doc[w] for w in ws})
        for w in ws:
            arr = self.spread[self.w_doc[w]]
            s, e = self.w_s[w], self.w_e[w] + 1
            np.maximum(arr[s:e], n, out=arr[s:e])

    def _clique(self, ws: Sequence[int]) -> None:
        self._mark(ws)
        for i, w1 in enumerate(ws):
            for w2 in ws[i + 1 :]:
                if self.similar(int(self.w_cls[w1]), int(self.w_cls[w2])):
                    self._emit(w1, w2)

    def _small(self, ws: Sequence[int]) -> bool:
        docs = len({self.w_doc[w] for w in ws})
        return len(ws) <= _SMALL_GROUP and docs < self.cfg.boilerplate_min_docs

    def _oldest(self, w: int) -> tuple[int, int]:
        return int(self.age[self.w_doc[w]]), self.w_s[w]

    def _star(self, ws: list[int]) -> None:
        if len(ws) < 2:
            return
        if self._small(ws):
            self._clique(ws)
            return
        self._mark(ws)
        for w in ws[1:]:
            self._emit(ws[0], w)
