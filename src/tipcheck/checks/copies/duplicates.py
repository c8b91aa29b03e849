"""Duplicates (TC3xx) and drift (TC4xx) across a corpus, without comparing all pairs.

The flow, one module per step: every compared sentence gets a MinHash signature over shingles of
word *keys* (`index`, `lexicon`: tense, agreement, quote style and known synonyms are already
folded, so a lightly edited copy has nearly the same shingles); windows of consecutive sentences
of at least `min_words` words are signed as unions of their sentences; banded LSH gives candidate
window pairs, verified by word-level alignment (rapidfuzz Indel on key ids) (`candidates`);
verified pairs are merged and grown sentence by sentence into maximal regions (`regions`); each
region is one duplicate finding, and the substantive differences inside it are drift findings
(`findings`, `drift`); passages repeated across many documents are boilerplate (`boilerplate`).

Why seeds and growth rather than whole paragraphs: a spun copy may miss LSH in some windows, but
one hit is enough, and growing from it recovers the rest of the copied passage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from tipcheck.checks.copies.boilerplate import boilerplate_findings
from tipcheck.checks.copies.candidates import seed_pairs
from tipcheck.checks.copies.findings import duplicate_findings, span_of
from tipcheck.checks.copies.index import IndexedDoc, Region, Vocab, index_doc, keys_of, sign
from tipcheck.checks.copies.lexicon import TOKEN, DriftLexicon, Normalizer, normalizer_for
from tipcheck.checks.copies.minhash import MinHasher
from tipcheck.checks.copies.regions import grow
from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.checks.copies.subjects import Subjects
from tipcheck.findings import Finding
from tipcheck.read.documents import Document
from tipcheck.read.markup import plain
from tipcheck.read.passages import Segmented

__all__ = ["DuplicateSettings", "find_duplicates"]


def find_duplicates(
    docs: Sequence[Document],
    segs: Mapping[str, Segmented],
    *,
    settings: DuplicateSettings | None = None,
    lexicon: DriftLexicon | None = None,
    canon: Callable[[str], str | None] | None = None,
    subjects: Subjects | None = None,
) -> list[Finding]:
    """Duplicate (TC301 across documents, TC302 within one, TC303 boilerplate) and drift (TC4xx)
    findings for `docs`, whose segmentations are `segs[doc.id]`. Sorted and independent of the
    order of `docs`. `canon` maps an entity's surface form to a canonical id (or None), so an
    alias is cosmetic and a different entity is drift. `subjects` says whom each passage is
    about: copies about different subjects are duplicates, never drift."""
    cfg = settings or DuplicateSettings()
    lex = lexicon or DriftLexicon()
    ordered = sorted(docs, key=lambda d: d.id)
    index, words = index_documents([(d, segs[d.id]) for d in ordered], lex, cfg)
    vocab = Vocab()
    vocab.absorb(index, words)
    return duplicates_in(index, vocab, cfg=cfg, lexicon=lex, canon=canon, subjects=subjects)


def index_documents(
    docs: Sequence[tuple[Document, Segmented]], lexicon: DriftLexicon, cfg: DuplicateSettings
) -> tuple[list[IndexedDoc], list[str]]:
    """The compared words of each document and their sentences' signatures (the
    per-document step, run on workers), keyed with a vocabulary of their own whose keys are
    returned beside them."""
    norm = normalizer_for(lexicon)
    vocab = Vocab()
    tok_cache: dict[str, int] = {}
    index = [index_doc(-1, d, seg, norm, vocab, cfg.min_words, tok_cache) for d, seg in docs]
    sign(index, vocab.words, MinHasher(cfg.num_perm, cfg.seed), cfg.shingle_size)
    return index, vocab.words


def duplicates_in(
    index: list[IndexedDoc],
    vocab: Vocab,
    *,
    cfg: DuplicateSettings,
    lexicon: DriftLexicon,
    canon: Callable[[str], str | None] | None,
    subjects: Subjects | None = None,
    focus: Set[str] | None = None,
    spread: Mapping[str, npt.NDArray[np.int32]] | None = None,
) -> list[Finding]:
    """The findings among indexed documents (ordered by id, keyed with `vocab`); `subjects`
    as for `find_duplicates`. With `focus` (document ids), only findings with a side in one of
    those documents are made (the others are still compared: copy groups, their pairing and
    boilerplate counts are those of all the documents). `spread` raises the count of documents
    a sentence's copies span (by document id), for copies that are not all among `index`."""
    norm = normalizer_for(lexicon)
    lex = lexicon
    for i, d in enumerate(index):
        d.index = i
    focused = None if focus is None else {d.index for d in index if d.doc.id in focus}
    # a sample of the corpus (`spread` given): the copies among the sampled documents alone
    # cannot be reported, nor counted whole, so only the groups that reach a focus document
    # are paired and grown (most of the work otherwise, ~95% of the regions)
    seeds, spans = seed_pairs(index, cfg, focused if spread is not None else None)
    for d in index:
        floor = spread.get(d.doc.id) if spread is not None else None
        if floor is not None and len(floor) == len(spans[d.index]):
            np.maximum(spans[d.index], floor, out=spans[d.index])
    regions = grow(index, seeds, cfg)
    del seeds
    boiler_phrases = [
        [vocab.id(k) for k in norm.keys(TOKEN.findall(p)) if k is not None] for p in lex.boilerplate
    ]
    partial = spans if spread is not None else None
    return _report(
        index,
        regions,
        spans,
        cfg,
        norm,
        canon,
        boiler_phrases,
        vocab.words,
        subjects,
        focused,
        partial,
    )


def _report(
    index: Sequence[IndexedDoc],
    regions: list[Region],
    spread: Sequence[npt.NDArray[np.int32]],
    cfg: DuplicateSettings,
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
    boiler_phrases: list[list[int]],
    words: list[str],
    subjects: Subjects | None = None,
    focus: Set[int] | None = None,
    partial: Sequence[npt.NDArray[np.int32]] | None = None,
) -> list[Finding]:
    """`spread[doc][sentence]`: how many documents the sentence's group of copies spans, the
    signal for boilerplate by frequency; `partial`: the same when only some of the copies are
    among `index` (see `boilerplate_findings`)."""

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

    def about_others(r: Region) -> bool:
        """The two passages are one template about different subjects."""
        if subjects is None:
            return False
        da, db = index[r.a], index[r.b]
        sa, sb = span_of(da, r.a0, r.a1), span_of(db, r.b0, r.b1)
        return subjects.differ((da.doc.id, *sa), (db.doc.id, *sb))

    def led_in(d: IndexedDoc, i: int) -> bool:
        """Sentence `i` is the lead-in of the next one ("According to UNICEF, …")."""
        if norm.lead_in is None or not 0 <= i < len(d.sent_chr) - 1:
            return False
        (lo, hi), nxt = d.sent_chr[i], int(d.sent_chr[i + 1][0])
        return nxt == hi and norm.lead_in.fullmatch(d.doc.text, int(lo), int(hi)) is not None

    def cited(d: IndexedDoc, s0: int, s1: int) -> bool:
        """The passage is one sentence reporting a named source's statement (its lead-in,
        compared as a sentence of its own, counted with it)."""
        if led_in(d, s0):
            s0 += 1
        if s0 != s1 or norm.citation is None:
            return False
        lo, hi = span_of(d, s0 - 1 if led_in(d, s0 - 1) else s0, s1)
        return norm.citation.match(plain(d.doc.text[lo:hi])) is not None

    findings: list[Finding] = []
    boiler: list[tuple[Region, float, bool]] = []
    for r in regions:
        da, db = index[r.a], index[r.b]
        ka, kb = keys_of(da, r.a0, r.a1), keys_of(db, r.b0, r.b1)
        if min(len(ka), len(kb)) < cfg.min_words:
            continue
        sim = float(Indel.normalized_similarity(ka, kb))
        short = min(len(ka), len(kb)) < cfg.long_region_words
        if sim < (cfg.short_min_similarity if short else cfg.min_similarity):
            continue
        meta = bool(da.sent_meta[r.a0 : r.a1 + 1].any() or db.sent_meta[r.b0 : r.b1 + 1].any())
        if meta and r.a == r.b:
            continue  # one document's own citations name the same publisher: nothing repeated
        if listed(ka) or listed(kb) or meta:
            boiler.append((r, sim, False))  # publisher residue: no drift
        elif r.a != r.b and (short or (r.a0 == r.a1 and r.b0 == r.b1)) and about_others(r):
            # one sentence (or a short stretch: a heading and the line under it) in one
            # phrasing in two documents about different subjects ("X acceded to the Protocol to
            # Prevent, … in 2011", a series' stock sentence on complicit officials): a way of
            # saying shared by a genre's writers, not a passage anyone copied (within one
            # document, a template its sections repeat stays one)
            continue
        elif frequent(r.a, r.a0, r.a1) or frequent(r.b, r.b0, r.b1):
            drifts = sim >= cfg.drift_min_similarity and ka != kb and not about_others(r)
            boiler.append((r, sim, drifts))
        elif about_others(r):
            # one template about different subjects ("<country> is a source … country"):
            # reported as the shared template, never as a copy or drift between them
            boiler.append((r, sim, False))
        elif focus is None or r.a in focus or r.b in focus:
            got = duplicate_findings(da, db, r, sim, ka, kb, words, cfg, norm, canon)
            if cited(da, r.a0, r.a1) and cited(db, r.b0, r.b1):
                # two documents citing one source's statement ("Human Rights Watch estimated
                # that …") in nearly the same words share the source, not a passage: no copy,
                # but a fact the two citations give differently is still drift
                got = [f for f in got if f.kind == "drift"]
            findings.extend(got)
    if cfg.report_boilerplate:
        findings.extend(
            boilerplate_findings(index, boiler, cfg, words, norm, canon, focus, partial)
        )
    return sorted(findings, key=Finding.sort_key)
