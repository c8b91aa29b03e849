"""A region reported: one duplicate finding (TC301/TC302) with both spans, oldest source first,
and a drift finding (TC401–TC406) for each substantive change inside it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from tipcheck.checks.copies.drift import Change, Side, Tok, changes
from tipcheck.checks.copies.index import IndexedDoc, Region
from tipcheck.checks.copies.lexicon import Normalizer
from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.findings import Evidence, Finding
from tipcheck.read.markup import plain

# Words kept around the changed middle of an aligned region (drift classing looks 3 words out).
_CONTEXT = 4


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


def sides(
    src: IndexedDoc,
    s_rng: tuple[int, int],
    cpy: IndexedDoc,
    c_rng: tuple[int, int],
    words: list[str],
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

    def side(d: IndexedDoc, rng: tuple[int, int], lo: int, hi: int) -> Side:
        toks = _tok_range(d, lo + head, hi - tail, words)
        before = _sentence_keys(d, rng[0] - 1, words) if head == 0 else frozenset()
        after = _sentence_keys(d, rng[1] + 1, words) if tail == 0 else frozenset()
        sentences = tuple((int(lo), int(hi)) for lo, hi in d.sent_chr[rng[0] : rng[1] + 1])
        return Side(toks, d.doc.text, d.year, _ed(d), before, after, sentences)

    return side(src, s_rng, lo_s, hi_s), side(cpy, c_rng, lo_c, hi_c)


def _sentence_keys(d: IndexedDoc, s: int, words: list[str]) -> frozenset[str]:
    """The word keys of sentence `s` (none past either end of the document)."""
    if not 0 <= s < len(d.sent_tok):
        return frozenset()
    lo, hi = int(d.sent_tok[s][0]), int(d.sent_tok[s][1])
    return frozenset(words[k] for k in d.keys[lo:hi].tolist())


def _ed(d: IndexedDoc) -> bool:
    return d.doc.meta.as_of_source == "title"


def _tok_range(d: IndexedDoc, lo: int, hi: int, words: list[str]) -> list[Tok]:
    text = d.doc.text
    firsts = set(d.sent_tok[:, 0].tolist())
    out: list[Tok] = []
    for t, st, en, k in zip(
        range(lo, hi),
        d.starts[lo:hi].tolist(),
        d.ends[lo:hi].tolist(),
        d.keys[lo:hi].tolist(),
        strict=True,
    ):
        surface = plain(text[st:en])  # a word as read: "C&ocirc;te" is "Côte"
        out.append(Tok(st, en, surface, words[k], t not in firsts and _name_word(surface)))
    return out


def _name_word(surface: str) -> bool:
    """A word that may be (part of) a name: capitalised, and not a compound modifier whose
    head is a common word ("NGO-run", "UN-funded", "State-owned" describe a thing; "Guinea-
    Bissau" and "Saint-Louis" name one)."""
    return surface[:1].isupper() and not surface.rsplit("-", 1)[-1][:1].islower()


def span_of(d: IndexedDoc, s0: int, s1: int) -> tuple[int, int]:
    return int(d.sent_chr[s0][0]), int(d.sent_chr[s1][1])


def evidence_at(d: IndexedDoc, start: int, end: int, value: str | None = None) -> Evidence:
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


def older_first(da: IndexedDoc, db: IndexedDoc) -> tuple[bool, bool]:
    """(swap, known): whether b is the source, and whether the direction is known at all."""
    ta, tb = da.doc.as_of, db.doc.as_of
    if ta is not None and (tb is None or ta.start < tb.start):
        return False, True
    if tb is not None and (ta is None or tb.start < ta.start):
        return True, True
    return False, False


def dated(d: IndexedDoc) -> str:
    t = d.doc.as_of
    return f"{d.doc.id} ({t.describe()})" if t is not None else d.doc.id


def digest(keys: Sequence[int], words: list[str]) -> str:
    return hashlib.sha256(" ".join(words[k] for k in keys).encode("utf-8")).hexdigest()[:16]


def duplicate_findings(
    da: IndexedDoc,
    db: IndexedDoc,
    r: Region,
    sim: float,
    ka: list[int],
    kb: list[int],
    words: list[str],
    cfg: DuplicateSettings,
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
) -> list[Finding]:
    swap, known = older_first(da, db)
    src, cpy = (db, da) if swap else (da, db)
    s_rng, c_rng = ((r.b0, r.b1), (r.a0, r.a1)) if swap else ((r.a0, r.a1), (r.b0, r.b1))
    s_span, c_span = span_of(src, *s_rng), span_of(cpy, *c_rng)
    pct = f"{round(sim * 100)}% similar"
    within = da.index == db.index
    if within:
        rule, severity = "TC302", "info"
        msg = f"{cpy.doc.id} repeats its own passage from line {src.doc.line_of(s_span[0])}, {pct}"
    elif known:
        rule, severity = "TC301", "warning"
        msg = f"{cpy.doc.id} repeats {dated(src)}, {pct}"
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
            evidence=(evidence_at(src, *s_span), evidence_at(cpy, *c_span)),
            key=("duplicate", digest(src_keys, words)),
            similarity=sim,
        )
    ]
    if sim < cfg.drift_min_similarity:
        return out
    side_s, side_c = sides(src, s_rng, cpy, c_rng, words)
    origin = f"its own passage at line {src.doc.line_of(s_span[0])}" if within else dated(src)
    for ch in changes(side_s, side_c, norm, canon):
        out.append(drift_finding(src, cpy, ch, origin))
    return out


def drift_finding(src: IndexedDoc, cpy: IndexedDoc, ch: Change, origin: str) -> Finding:
    label = _DRIFT_LABEL[ch.kind]
    what = f"{ch.detail} {label}" if ch.detail else label
    return Finding(
        rule=DRIFT_CODES[ch.kind],
        kind="drift",
        severity="warning",
        message=f'{what} in a copy of {origin}: "{ch.before}" → "{ch.after}"',
        evidence=(
            evidence_at(src, ch.a[0], ch.a[1], ch.before),
            evidence_at(cpy, ch.b[0], ch.b[1], ch.after),
        ),
        property=f"drift.{ch.kind}",
        key=(ch.kind, " ".join(ch.before.lower().split()), " ".join(ch.after.lower().split())),
    )
