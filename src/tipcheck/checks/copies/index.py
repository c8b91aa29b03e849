"""Passages as compared words: each document's kept tokens with their word keys, its sentences
and the sentence windows that are signed for LSH, and the regions (pairs of sentence ranges)
that later steps grow and report."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence

import attrs
import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from tipcheck.checks.copies.lexicon import TOKEN, Normalizer
from tipcheck.checks.copies.minhash import MinHasher
from tipcheck.read.documents import Document
from tipcheck.read.passages import Paragraph, Segmented, Sentence, split_sentences

_COMPARED_KINDS = ("prose", "list", "field", "meta")


_CLOSERS = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")")


@attrs.define(slots=True)
class IndexedDoc:
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
    # per sentence: its MinHash signature (set by `sign`, on the worker that indexed it)
    sent_sigs: npt.NDArray[np.uint32] | None = None

    @property
    def year(self) -> int | None:
        t = self.doc.as_of
        return t.start.year if t is not None else None


class Vocab:
    """Word keys as small integer ids, in order of first use.

    Documents indexed in separate batches (on workers) each use a vocabulary of their own;
    `absorb` maps a batch's ids onto this one. Absorbing batches in document order gives every
    key the id a single pass over the documents would have given it, so LSH sees the same
    shingles whatever the number of workers."""

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

    def absorb(self, docs: Sequence[IndexedDoc], words: Sequence[str]) -> None:
        """Re-key `docs`, indexed with a batch vocabulary whose keys are `words`, to this one."""
        to_global = np.fromiter((self.id(w) for w in words), dtype=np.int64, count=len(words))
        for d in docs:
            d.keys = to_global[d.keys]


_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")


# A note under the text: a footnote marker, then a citation ("<sup>2</sup> U.S. DEP'T OF
# STATE, TRAFFICKING IN PERSONS REPORT 2013, at 221 (June 2013).")
_NOTE = re.compile(r"\s*(?:<sup>\s*\w{1,4}\s*</sup>|\[\^?\w{1,4}\]:?|\^\d{1,3})")


def _statement(masked: str, start: int, end: int) -> bool:
    """Whether a paragraph states something: a short one that ends without a sentence closer
    is a title, byline or source line, and a short one opening with a footnote marker or
    written mostly in capitals is a citation; none is compared as a copied passage."""
    body = masked[start:end].rstrip()
    if end - start >= 200:
        return True
    letters = [ch for ch in body if ch.isalpha()]
    capitals = sum(1 for ch in letters if ch.isupper())
    if letters and capitals >= 0.6 * len(letters):
        return False  # a citation in capitals (or a heading), not a sentence
    return body.endswith(_CLOSERS) and not _NOTE.match(body)


def _compared_paragraphs(
    seg: Segmented, lead_in: re.Pattern[str] | None = None
) -> Iterator[tuple[int, Paragraph, Sequence[Sentence]]]:
    """(number, paragraph, sentences) of each paragraph whose words are compared. A sentence
    that opens with a lead-in ("As the 2019 report noted, “…") is compared as two: the lead-in
    is the quoting document's own words, and a copy's region starts where the quotation does
    (so the lead-in is never aligned against the copied words)."""
    masked = seg.masked
    for n, p in enumerate(seg.paragraphs):
        if p.kind not in _COMPARED_KINDS or not _statement(masked, p.start, p.end):
            continue
        sents = p.sentences or tuple(split_sentences(masked, p.start, p.end))
        if lead_in is not None:
            sents = tuple(_split_lead_ins(masked, sents, lead_in))
        yield n, p, sents


def _split_lead_ins(
    masked: str, sents: Sequence[Sentence], lead_in: re.Pattern[str]
) -> Iterator[Sentence]:
    for s in sents:
        m = lead_in.match(masked, s.start, s.end)
        # the lead-in must leave a sentence of its own after it
        if m is None or len(TOKEN.findall(masked, m.end(), s.end)) < 4:
            yield s
            continue
        yield Sentence(s.start, m.end())
        yield Sentence(m.end(), s.end)


def _compared_sentences(
    seg: Segmented, lead_in: re.Pattern[str] | None = None
) -> list[tuple[int, int, bool, int]]:
    """(start, end, meta, paragraph) of each sentence of the compared paragraphs."""
    return [
        (s.start, s.end, p.kind == "meta", n)
        for n, p, sents in _compared_paragraphs(seg, lead_in)
        for s in sents
    ]


def index_doc(
    i: int,
    doc: Document,
    seg: Segmented,
    norm: Normalizer,
    vocab: Vocab,
    min_words: int,
    tok_cache: dict[str, int],
) -> IndexedDoc:
    """The document's compared words. The text is tokenised once, in C (a split on the token
    pattern), and tokens are assigned to sentences by position; a document where a token
    crosses a sentence boundary takes the sentence-by-sentence path, which gives the same
    tokens everywhere else."""
    # a text with entities or inline tags is compared as its decoded copy ("C&ocirc;te" is
    # "Côte"), its spans mapped back so evidence quotes the original
    read = seg.decoded if seg.decoded is not None else seg
    fast = _index_fast(read, norm, vocab, tok_cache)
    if fast is not None:
        starts_a, ends_a, keys_a, sent_tok_a, sent_chr_a, sent_meta_a, para_sents = fast
        sent_tok = sent_tok_a.tolist()
    else:
        starts_a, ends_a, keys_a, sent_tok, sent_chr_a, sent_meta_a, para_sents = _index_slow(
            read, norm, vocab, tok_cache
        )
    view = seg.view
    if view is not None and seg.decoded is not None:
        starts_a, ends_a = view.starts(starts_a), view.ends(ends_a)
        if len(sent_chr_a):
            sent_chr_a = np.stack(
                [view.starts(sent_chr_a[:, 0]), view.ends(sent_chr_a[:, 1])], axis=1
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
    return IndexedDoc(
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


def _kid(w: str, norm: Normalizer, vocab: Vocab, tok_cache: dict[str, int]) -> int:
    k = norm.key(w)
    kid = -1 if k is None else vocab.id(k)
    tok_cache[w] = kid
    return kid


def _index_fast(
    seg: Segmented, norm: Normalizer, vocab: Vocab, tok_cache: dict[str, int]
) -> _Arrays | None:
    sents = _compared_sentences(seg, norm.lead_in)
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
    seg: Segmented, norm: Normalizer, vocab: Vocab, tok_cache: dict[str, int]
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
    for _n, p, sents in _compared_paragraphs(seg, norm.lead_in):
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
class Region:
    a: int  # document index (a <= b)
    b: int
    a0: int  # sentence ranges, inclusive
    a1: int
    b0: int
    b1: int


def keys_of(d: IndexedDoc, s0: int, s1: int) -> list[int]:
    lo, hi = int(d.sent_tok[s0][0]), int(d.sent_tok[s1][1])
    out: list[int] = d.keys[lo:hi].tolist()
    return out


def similar_keys(x: Sequence[int], y: Sequence[int], cutoff: float) -> bool:
    return bool(Indel.normalized_similarity(x, y, score_cutoff=cutoff) >= cutoff)


def age_key(d: IndexedDoc) -> tuple[bool, str, str]:
    """Sort key: dated documents oldest first, then undated ones, by id."""
    t = d.doc.as_of
    return (t is None, t.start.isoformat() if t is not None else "", d.doc.id)


def word_hashes(words: Sequence[str]) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each word key that depends on the key alone, never on a vocabulary's
    order, so sentences signed on different workers get comparable signatures."""
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest()) for w in words),
        dtype=np.uint64,
        count=len(words),
    )


def sign(docs: Sequence[IndexedDoc], words: Sequence[str], hasher: MinHasher, k: int) -> None:
    """Give every sentence of `docs` (keyed with a vocabulary whose keys are `words`) its
    MinHash signature over k-word shingles: one vectorised pass for the whole batch."""
    if not docs:
        return
    wh = word_hashes(words)
    ids = np.concatenate([wh[d.keys] for d in docs]) if words else np.zeros(0, np.uint64)
    offsets = np.cumsum([0] + [len(d.keys) for d in docs])
    starts = np.concatenate([d.sent_tok[:, 0] + off for d, off in zip(docs, offsets, strict=False)])
    ends = np.concatenate([d.sent_tok[:, 1] + off for d, off in zip(docs, offsets, strict=False)])
    sh, counts = hasher.shingles(ids, starts, ends, k)
    sigs = hasher.signatures(sh, counts)
    at = 0
    for d in docs:
        n = len(d.sent_tok)
        d.sent_sigs = sigs[at : at + n]
        at += n
