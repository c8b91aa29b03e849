"""One problem, one finding: drift that is also a contradiction is reported under the
contradiction, and a route-set drift (TC407) already shown by a passage drift is dropped.

Overlaps are found through an index of evidence spans by document and block of text, so the
merge is linear in the number of findings (comparing every drift with every contradiction was
62% of a 4,000-document run).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import attrs

from tipcheck.findings import Evidence, Finding

# Evidence spans are a sentence or a passage long; a block of this many characters keeps the
# lists short while a long span registers in only a few blocks.
_BLOCK = 512


class SpanIndex:
    """Findings by the spans of their evidence: which findings have a side overlapping a span."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = findings
        self._blocks: dict[tuple[str, int], list[tuple[int, int, int]]] = defaultdict(list)
        for i, f in enumerate(findings):
            for e in f.evidence:
                for b in range(e.start // _BLOCK, max(e.start, e.end - 1) // _BLOCK + 1):
                    self._blocks[(e.doc, b)].append((e.start, e.end, i))

    def overlapping(self, e: Evidence) -> set[int]:
        """Indices of the findings with a side that overlaps `e`."""
        out: set[int] = set()
        for b in range(e.start // _BLOCK, max(e.start, e.end - 1) // _BLOCK + 1):
            for s, t, i in self._blocks.get((e.doc, b), ()):
                if s < e.end and e.start < t:
                    out.add(i)
        return out


def covers(a: Finding, b: Finding) -> bool:
    """Every side of `a` overlaps some side of `b`."""
    return all(
        any(e.doc == x.doc and e.start < x.end and x.start < e.end for x in b.evidence)
        for e in a.evidence
    )


def _covering(index: SpanIndex, a: Finding) -> list[int]:
    """Indices (ascending) of the indexed findings that `a` is covered by."""
    if not a.evidence:
        return []
    hits = index.overlapping(a.evidence[0])
    return sorted(i for i in hits if covers(a, index.findings[i]))


def merge_drift(findings: list[Finding]) -> list[Finding]:
    """A drift that is also a contradiction is reported once, under the contradiction's code,
    whose message then says it is drift in a copy too."""
    contra = [f for f in findings if f.kind in ("contradiction", "arithmetic")]
    drifts = [f for f in findings if f.kind == "drift"]
    passage_drift = [d for d in drifts if d.rule != "TC407"]
    routes = [d for d in drifts if d.rule == "TC407"]
    route_index = SpanIndex(routes)
    shown: set[int] = set()
    for x in passage_drift:
        if x.evidence:
            shown.update(i for i in route_index.overlapping(x.evidence[0]) if covers(x, routes[i]))
    hidden = {id(routes[i]) for i in shown}
    drifts = _once([d for d in drifts if id(d) not in hidden])  # the run's order kept
    contra_index = SpanIndex(contra)
    also: dict[int, list[Finding]] = {}
    kept: list[Finding] = []
    for d in drifts:
        hit = _covering(contra_index, d)
        if hit:
            also.setdefault(hit[0], []).append(d)
        else:
            kept.append(d)
    for i, ds in also.items():
        notes = "; ".join(f"{d.rule} {d.message}" for d in ds)
        contra[i] = attrs.evolve(contra[i], message=f"{contra[i].message} (also drift: {notes})")
    rest = [f for f in findings if f.kind not in ("contradiction", "arithmetic", "drift")]
    return rest + contra + kept


def _once(drifts: list[Finding]) -> list[Finding]:
    """The same change between the same documents (one fingerprint: rule, words before and
    after, documents) is one finding, however many places the copy makes it; its message
    counts the others, whose places its evidence lists after the first pair."""
    first: dict[str, int] = {}
    out: list[Finding] = []
    extra: dict[int, list[Finding]] = {}
    for d in drifts:
        i = first.get(d.fingerprint)
        if i is None:
            first[d.fingerprint] = len(out)
            out.append(d)
        else:
            extra.setdefault(i, []).append(d)
    for i, more in extra.items():
        f = out[i]
        places = len(more) + 1
        out[i] = attrs.evolve(
            f,
            message=f"{f.message} (the same change in {places} places)",
            evidence=f.evidence + tuple(e for m in more for e in m.evidence),
        )
    return out
