"""MinHash signatures over integer shingles and banded LSH, in numpy.

Measured faster and lighter than datasketch on this kind of corpus (see the measurements note):
the signature of many sets is one vectorised multiply-shift per permutation and one
`minimum.reduceat`, and LSH is a sort per band. Nothing here knows about words or documents;
callers hand in integer token ids grouped into sets (sentences) and get candidate pairs back.

Why signatures per sentence: the MinHash of a union is the element-wise minimum of the parts'
MinHashes, so a window of consecutive sentences is signed exactly, for free, from its sentences.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs
import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_PAD = np.uint64(0x2545F4914F6CDD1D)  # stands for "past the end of the set" in short shingles
_EMPTY = np.uint32(0xFFFFFFFF)
# Shingles per (shingles x permutations) block: 4 MB at 128 permutations, so a block stays in
# cache and is computed in place (blocks of 65,536 rows, 64 MB, measured 3.5x slower: every
# temporary was a fresh allocation walked from main memory)
_ROWS_PER_BLOCK = 4096


@attrs.frozen(slots=True)
class LshConfig:
    """Banding of a signature: `bands` x `rows` must not exceed the number of permutations.

    A pair with Jaccard similarity J becomes a candidate with probability 1 - (1 - J**rows)**bands.
    `max_bucket` caps the pairs one bucket may emit: a bucket larger than that (boilerplate found
    in thousands of documents) links each member to the bucket's first member and to the next
    one, so it stays connected without becoming quadratic.
    """

    bands: int = 42
    rows: int = 3
    max_bucket: int = 64

    def probability(self, jaccard: float) -> float:
        """Chance that a pair at this Jaccard similarity becomes a candidate."""
        return float(1.0 - (1.0 - jaccard**self.rows) ** self.bands)


class MinHasher:
    """A fixed family of `num_perm` multiply-shift hash functions over 64-bit shingle hashes."""

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        # odd multipliers make multiply-shift a universal family on 64-bit words
        self._a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
        self._b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)

    def shingles(self, ids: U64, starts: I64, ends: I64, k: int) -> tuple[U64, I64]:
        """Hashes of the k-token shingles of each set `ids[starts[i]:ends[i]]`.

        Returns the shingle hashes and, per set, how many shingles it has (a set shorter than k
        gets one shingle of all its tokens; an empty set gets none).
        """
        lengths = (ends - starts).astype(np.int64)
        counts = np.where(lengths <= 0, 0, np.maximum(lengths - k + 1, 1)).astype(np.int64)
        total = int(counts.sum())
        if total == 0:
            return np.zeros(0, dtype=np.uint64), counts
        owner = np.repeat(np.arange(len(starts), dtype=np.int64), counts)
        first = np.cumsum(counts) - counts
        pos = starts[owner] + (np.arange(total, dtype=np.int64) - first[owner])
        limit = ends[owner]
        h = np.zeros(total, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k):
                inside = pos + j < limit
                tok = np.where(inside, ids[np.minimum(pos + j, len(ids) - 1)], _PAD)
                h = (h ^ tok) * _MIX1
                h ^= h >> np.uint64(29)
            h *= _MIX2
            h ^= h >> np.uint64(32)
        return h, counts

    def signatures(self, shingles: U64, counts: I64) -> U32:
        """One signature row per set; `counts[i]` consecutive shingles belong to set i.

        A set with no shingles gets an all-0xFFFFFFFF row, which callers should ignore.
        """
        n = len(counts)
        out = np.full((n, self.num_perm), _EMPTY, dtype=np.uint32)
        if n == 0 or len(shingles) == 0:
            return out
        bounds = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        nonempty = np.flatnonzero(counts > 0)
        ends = bounds[nonempty + 1]  # non-decreasing: where each non-empty set's shingles end
        # whole sets in blocks of about _ROWS_PER_BLOCK shingles; a set longer than that alone
        i = 0
        while i < len(nonempty):
            base = bounds[nonempty[i]]
            j = max(int(np.searchsorted(ends, base + _ROWS_PER_BLOCK, side="right")), i + 1)
            sets = nonempty[i:j]
            lo, hi = int(bounds[sets[0]]), int(bounds[sets[-1] + 1])
            with np.errstate(over="ignore"):  # multiply-shift is arithmetic modulo 2**64
                hv = np.multiply.outer(shingles[lo:hi], self._a)
                hv += self._b
                hv >>= np.uint64(32)
            out[sets] = np.minimum.reduceat(hv.astype(np.uint32), bounds[sets] - lo, axis=0)
            i = j
        return out


def union_signatures(sigs: U32, first: I64, last: I64) -> U32:
    """Signatures of windows of consecutive sets: window w covers sets first[w]..last[w]."""
    out = sigs[first].copy()
    span = last - first
    for extra in range(1, int(span.max(initial=0)) + 1):
        sel = np.flatnonzero(span >= extra)
        out[sel] = np.minimum(out[sel], sigs[first[sel] + extra])
    return out


def candidate_pairs(
    sigs: U32, config: LshConfig, valid: npt.NDArray[np.bool_] | None = None
) -> I64:
    """Pairs (i, j), i < j, that share at least one band; shape (n_pairs, 2), sorted, unique.

    Never compares all pairs: each band is one sort, and only members of a bucket are paired.
    """
    n = sigs.shape[0]
    found = list(band_pairs(sigs, config, valid))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    code = np.unique(pairs[:, 0] * np.int64(n) + pairs[:, 1])
    return np.stack([code // n, code % n], axis=1)


def band_pairs(
    sigs: U32, config: LshConfig, valid: npt.NDArray[np.bool_] | None = None
) -> Iterator[I64]:
    """The candidate pairs (i, j), i < j, of each band in turn (a pair may recur across bands),
    so a caller that only needs connectivity can drop pairs it has already joined."""
    n, perms = sigs.shape
    if config.bands * config.rows > perms:
        raise ValueError(
            f"LSH needs bands*rows <= num_perm (got {config.bands}x{config.rows} > {perms})"
        )
    rows_idx = np.arange(n, dtype=np.int64)
    if valid is not None:
        rows_idx = rows_idx[valid]
    for band in range(config.bands):
        cols = sigs[rows_idx, band * config.rows : (band + 1) * config.rows].astype(np.uint64)
        key = np.full(len(rows_idx), np.uint64(band + 1), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for c in range(config.rows):
                key = (key ^ cols[:, c]) * _MIX1
                key ^= key >> np.uint64(31)
        found = _bucket_pairs(key, rows_idx, config.max_bucket)
        if found:
            yield np.concatenate(found)


def _bucket_pairs(key: U64, members: I64, max_bucket: int) -> Sequence[I64]:
    order = np.lexsort((members, key))
    k = key[order]
    m = members[order]
    if len(k) < 2:
        return []
    cut = np.flatnonzero(k[1:] != k[:-1]) + 1
    starts = np.concatenate([[0], cut])
    sizes = np.diff(np.concatenate([starts, [len(k)]]))
    out: list[I64] = []
    # buckets up to max_bucket: all pairs, vectorised per bucket size
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= max_bucket)]).tolist():
        first = starts[sizes == size]
        ii, jj = np.triu_indices(size, k=1)
        out.append(np.stack([m[first[:, None] + ii].ravel(), m[first[:, None] + jj].ravel()], 1))
    # larger buckets: each member to the bucket's first and to the next one, a star and a chain
    for s, n in zip(
        starts[sizes > max_bucket].tolist(), sizes[sizes > max_bucket].tolist(), strict=True
    ):
        grp = m[s : s + n]
        out.append(np.stack([np.full(n - 1, grp[0]), grp[1:]], axis=1))
        out.append(np.stack([grp[1:-1], grp[2:]], axis=1))
    return out


def union_rows(sigs: U32, members: I64, counts: I64) -> U32:
    """Signatures of unions of sets: union i covers the next `counts[i]` (>= 1) set indices of
    `members`, in order. Processed in blocks so the gathered rows stay small."""
    n = len(counts)
    out = np.empty((n, sigs.shape[1]), dtype=np.uint32)
    bounds = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    step = 16384
    for i in range(0, n, step):
        j = min(i + step, n)
        lo, hi = int(bounds[i]), int(bounds[j])
        out[i:j] = np.minimum.reduceat(sigs[members[lo:hi]], bounds[i:j] - lo, axis=0)
    return out
