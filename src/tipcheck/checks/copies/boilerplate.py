"""Boilerplate (TC303): passages repeated across many documents, one finding per connected group,
and the drift inside a group reported once per distinct change."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence, Set

import attrs
import numpy as np
import numpy.typing as npt

from tipcheck.checks.copies.drift import changes
from tipcheck.checks.copies.findings import (
    dated,
    digest,
    drift_finding,
    evidence_at,
    older_first,
    sides,
    span_of,
)
from tipcheck.checks.copies.index import IndexedDoc, Region, age_key, keys_of
from tipcheck.checks.copies.lexicon import Normalizer
from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.findings import Finding


def boilerplate_findings(
    index: Sequence[IndexedDoc],
    regions: list[tuple[Region, float, bool]],
    cfg: DuplicateSettings,
    words: list[str],
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
    focus: Set[int] | None = None,
    partial: Sequence[npt.NDArray[np.int32]] | None = None,
) -> list[Finding]:
    """One TC303 finding per group of connected boilerplate passages, and the drift inside it:
    each copy against its representative, each distinct change once per group. With `focus`
    (document indexes), only the groups with a member in one of them.

    `partial[doc][sentence]` says how many documents a sentence's copies span when only some of
    them are compared here (a new document against the nearest of an index's): a group with
    fewer members than that says "at least N places", and lists no drift, since whether a
    change is one odd copy or one of many variants cannot be told from a sample."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r, _, _ in regions:
        parent[find((r.a, r.a0))] = find((r.b, r.b0))
    # each group's passages by document: overlapping spans of one document are one place (the
    # earliest kept), disjoint ones are places of their own (a template repeated within it)
    groups: dict[tuple[int, int], dict[int, list[tuple[int, int]]]] = defaultdict(dict)
    drifting: dict[tuple[int, int], list[Region]] = defaultdict(list)
    for r, _, drift in regions:
        root = find((r.a, r.a0))
        g = groups[root]
        for di, s0, s1 in ((r.a, r.a0, r.a1), (r.b, r.b0, r.b1)):
            places = g.setdefault(di, [])
            for i, (p0, p1) in enumerate(places):
                if s0 <= p1 and p0 <= s1:
                    places[i] = min((p0, p1), (s0, s1))
                    break
            else:
                places.append((s0, s1))
        if drift:
            drifting[root].append(r)
    out: list[Finding] = []
    for root, g in groups.items():
        if focus is not None and focus.isdisjoint(g):
            continue
        members = sorted(
            ((di, span) for di, places in g.items() for span in places),
            key=lambda kv: (age_key(index[kv[0]]), kv[1]),
        )
        shown = members[: cfg.boilerplate_max_evidence]
        ev = tuple(evidence_at(index[di], *span_of(index[di], s0, s1)) for di, (s0, s1) in shown)
        n_docs = len(g)
        n_places = len(members)
        more = f" (showing {len(shown)})" if len(shown) < n_places else ""
        spans = (
            max(
                (int(partial[di][s0 : s1 + 1].max(initial=0)) for di, (s0, s1) in members),
                default=0,
            )
            if partial is not None
            else 0
        )
        sampled = spans > n_docs
        where = (
            f"at least {spans} places (compared with {n_docs})" if sampled else f"{n_places} places"
        )
        changed: list[Finding] = []
        if root in drifting and not sampled:
            limit = cfg.boilerplate_max_changes
            changed = _group_drift(index, drifting[root], words, norm, canon, limit)
            if limit is not None and len(changed) > limit:
                more += (
                    f"; its copies differ in more than {limit} facts, not listed "
                    '(boilerplate = "drift" lists them)'
                )
                changed = []
        first_doc, (f0, f1) = members[0]
        out.append(
            Finding(
                rule="TC303",
                kind="duplicate",
                severity="info",
                message=f"boilerplate passage found in {where}{more}",
                evidence=ev,
                key=("boilerplate", digest(keys_of(index[first_doc], f0, f1), words)),
            )
        )
        out.extend(changed)
    return out


def _group_drift(
    index: Sequence[IndexedDoc],
    regions: list[Region],
    words: list[str],
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
    limit: int | None = None,
) -> list[Finding]:
    """Drift of the copies in one boilerplate group against their source, each distinct change
    once (the oldest copy making it is the evidence; the message counts the others). Stops
    once more than `limit` distinct changes are found: the caller reports none then."""
    pairs: list[tuple[IndexedDoc, IndexedDoc, tuple[int, int], tuple[int, int]]] = []
    for r in regions:
        da, db = index[r.a], index[r.b]
        swap, _ = older_first(da, db)
        src, cpy = (db, da) if swap else (da, db)
        s_rng, c_rng = ((r.b0, r.b1), (r.a0, r.a1)) if swap else ((r.a0, r.a1), (r.b0, r.b1))
        pairs.append((src, cpy, s_rng, c_rng))
    pairs.sort(key=lambda p: (age_key(p[1]), p[3], age_key(p[0]), p[2]))
    found: dict[tuple[str, ...], int] = {}  # change key -> index in out
    copies: list[int] = []
    out: list[Finding] = []
    seen: dict[tuple[tuple[int, ...], tuple[int, ...]], list[int]] = {}
    for src, cpy, s_rng, c_rng in pairs:
        ks, kc = tuple(keys_of(src, *s_rng)), tuple(keys_of(cpy, *c_rng))
        again = seen.get((ks, kc))
        if again is not None:  # the same words changed the same way: another copy of it
            for j in again:
                copies[j] += 1
            continue
        side_s, side_c = sides(src, s_rng, cpy, c_rng, words)
        hit: list[int] = []
        for ch in changes(side_s, side_c, norm, canon):
            f = drift_finding(src, cpy, ch, dated(src))
            i = found.get(f.key)
            if i is None:
                i = found[f.key] = len(out)
                out.append(f)
                copies.append(0)
            copies[i] += 1
            hit.append(i)
        seen[(ks, kc)] = hit
        if limit is not None and len(out) > limit:
            return out
    return [
        attrs.evolve(f, message=f"{f.message} (the same change in {n} copies)") if n > 1 else f
        for f, n in zip(out, copies, strict=True)
    ]
