"""Set-valued claims (routes) that differ between sources for the same subject and period (TC407).

Two route statements about the same subject and period that share most members but not all are
a restatement that gained or lost a country: drift, not contradiction. Statements sharing few
members are simply about different routes and stay quiet, and so does a pair where one document
also states the other's set unchanged: its second list is another statement, not an edit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from tipcheck.checks.evidence import evidence_of
from tipcheck.claims import Claim
from tipcheck.findings import Finding
from tipcheck.rulepack import RulePack
from tipcheck.values import EntitySet

# Jaccard overlap at which two route sets are the same statement with edits.
MIN_OVERLAP = 0.5


def _names(v: EntitySet, ids: Iterable[str]) -> str:
    by_id = {e.id: e.name for e in v.members}
    return ", ".join(sorted(by_id[i] for i in ids))


def check_sets(claims: Iterable[Claim], pack: RulePack) -> list[Finding]:
    groups: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for c in claims:
        if (
            isinstance(c.value, EntitySet)
            and c.subject is not None
            and c.period is not None
            and pack.policy(c.property) == "set"
        ):
            groups[c.group_key()].append(c)
    out: list[Finding] = []
    for _key, cs in sorted(groups.items()):
        cs = sorted(cs, key=lambda c: c.sort_key())
        # a document that states a set as it is elsewhere has not restated it with a change:
        # its other list is another statement ("most were nationals of A, B and C" beside the
        # profile's "migrants from A, B, C and D")
        stated: dict[str, set[frozenset[str]]] = defaultdict(set)
        for c in cs:
            assert isinstance(c.value, EntitySet)
            stated[c.doc].add(frozenset(e.id for e in c.value.members))
        for i, a in enumerate(cs):
            for b in cs[i + 1 :]:
                if a.doc == b.doc:
                    continue
                assert isinstance(a.value, EntitySet) and isinstance(b.value, EntitySet)
                ia = {e.id for e in a.value.members}
                ib = {e.id for e in b.value.members}
                if ia == ib or len(ia & ib) / len(ia | ib) < MIN_OVERLAP:
                    continue
                if frozenset(ia) in stated[b.doc] or frozenset(ib) in stated[a.doc]:
                    continue
                gone, new = ia - ib, ib - ia
                change = []
                if gone:
                    change.append(f"without {_names(a.value, gone)}")
                if new:
                    change.append(f"with {_names(b.value, new)}")
                period = a.period.describe() if a.period else ""
                out.append(
                    Finding(
                        rule="TC407",
                        kind="drift",
                        severity="warning",
                        message=(
                            f"{a.subject_name}: {a.property} in {period}: {b.doc} restates {a.doc} "
                            + " and ".join(change)
                        ),
                        evidence=evidence_of([a, b]),
                        subject=a.subject_name,
                        property=a.property,
                        key=(period, ",".join(sorted(ia)), ",".join(sorted(ib))),
                    )
                )
    return out
