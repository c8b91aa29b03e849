"""Verified window pairs merged where they touch and grown sentence by sentence into maximal regions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from tipcheck.checks.copies.index import IndexedDoc, Region, keys_of, similar_keys
from tipcheck.checks.copies.settings import DuplicateSettings


def grow(index: Sequence[IndexedDoc], seeds: list[Region], cfg: DuplicateSettings) -> list[Region]:
    """Merge seeds that touch in both documents, grow them sentence by sentence, merge again."""
    by_pair: dict[tuple[int, int], list[Region]] = defaultdict(list)
    for r in seeds:
        by_pair[(r.a, r.b)].append(r)
    out: list[Region] = []
    for (ai, bi), rs in sorted(by_pair.items()):
        da, db = index[ai], index[bi]
        merged = _merge(rs)
        for r in merged:
            _extend(da, db, r, cfg)
            _align_ends(da, db, r, cfg)
            _close_ends(da, db, r)
        for r in _merge(merged):
            if ai == bi and not r.a1 < r.b0:
                continue
            out.append(r)
    return out


def _merge(rs: list[Region]) -> list[Region]:
    rs = sorted(rs, key=lambda r: (r.a0, r.b0, r.a1, r.b1))
    out: list[Region] = []
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
            out.append(Region(r.a, r.b, r.a0, r.a1, r.b0, r.b1))
    return out


def _extend(da: IndexedDoc, db: IndexedDoc, r: Region, cfg: DuplicateSettings) -> None:
    same = da.index == db.index
    na, nb = len(da.sent_tok), len(db.sent_tok)
    while r.a1 + 1 < na and r.b1 + 1 < nb and not (same and r.a1 + 1 >= r.b0):
        if not similar_keys(
            keys_of(da, r.a1 + 1, r.a1 + 1), keys_of(db, r.b1 + 1, r.b1 + 1), cfg.min_similarity
        ):
            break
        r.a1 += 1
        r.b1 += 1
    while r.a0 > 0 and r.b0 > 0 and not (same and r.b0 - 1 <= r.a1):
        if not similar_keys(
            keys_of(da, r.a0 - 1, r.a0 - 1), keys_of(db, r.b0 - 1, r.b0 - 1), cfg.min_similarity
        ):
            break
        r.a0 -= 1
        r.b0 -= 1


def _align_ends(da: IndexedDoc, db: IndexedDoc, r: Region, cfg: DuplicateSettings) -> None:
    """A copied region starts and ends on matching sentences on both sides: where one side
    holds more sentences, an end sentence with no like on the other side's end is dropped
    (a paraphrase is not paired with the first words of the next sentence)."""

    def alike(i: int, j: int) -> bool:
        return similar_keys(keys_of(da, i, i), keys_of(db, j, j), cfg.min_similarity)

    while (r.a1 - r.a0) != (r.b1 - r.b0):
        longer_a = (r.a1 - r.a0) > (r.b1 - r.b0)
        if not alike(r.a0, r.b0):
            if longer_a:
                r.a0 += 1
            else:
                r.b0 += 1
        elif not alike(r.a1, r.b1):
            if longer_a:
                r.a1 -= 1
            else:
                r.b1 -= 1
        else:
            break


# How much more alike a pair must be with a neighbouring sentence to take it: a pair that
# merely shares common words with the next sentence stays as it is.
_MARGIN = 0.05


def _close_ends(da: IndexedDoc, db: IndexedDoc, r: Region) -> None:
    """Where one side wrote two sentences as one ("…identification, and the Ministry funded
    two shelters." / "…identification. The Ministry funded two shelters."), the other side's
    region takes the neighbouring sentence too, so both end (and start) on the same boundary
    rather than pairing one sentence with half of another. A neighbour is taken when the pair
    is clearly more alike with it than without it."""
    if da.index == db.index:
        return  # within one document the two sides must not run into each other

    def sim(x: list[int], y: list[int]) -> float:
        return float(Indel.normalized_similarity(x, y)) - _MARGIN

    na, nb = len(da.sent_tok), len(db.sent_tok)
    for _ in range(2):  # a sentence on either side, at either end
        ka, kb = keys_of(da, r.a1, r.a1), keys_of(db, r.b1, r.b1)
        now = sim(ka, kb) + _MARGIN
        if r.a1 + 1 < na and sim(ka + keys_of(da, r.a1 + 1, r.a1 + 1), kb) > now:
            r.a1 += 1
        elif r.b1 + 1 < nb and sim(ka, kb + keys_of(db, r.b1 + 1, r.b1 + 1)) > now:
            r.b1 += 1
        ka, kb = keys_of(da, r.a0, r.a0), keys_of(db, r.b0, r.b0)
        now = sim(ka, kb) + _MARGIN
        if r.a0 > 0 and sim(keys_of(da, r.a0 - 1, r.a0 - 1) + ka, kb) > now:
            r.a0 -= 1
        elif r.b0 > 0 and sim(ka, keys_of(db, r.b0 - 1, r.b0 - 1) + kb) > now:
            r.b0 -= 1
