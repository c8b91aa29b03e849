"""Contradiction rules (TC1xx): claims that share a key but cannot both be true.

Claims are grouped by key (subject, property, object, facet, period) and each group is checked
under its property's policy from the rule pack; claims in different groups never meet, so the
work is linear in the number of claims.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence, Set

from tipcheck.checks.evidence import docs_of, sides_evidence, values_of
from tipcheck.checks.firmness import comparable, keys_for, qualify_all
from tipcheck.claims import Claim
from tipcheck.findings import Finding
from tipcheck.rulepack import RulePack
from tipcheck.values import Event, Quantity, Tier, Time


def group_claims(claims: Iterable[Claim]) -> dict[tuple[str, ...], list[Claim]]:
    groups: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.subject is None:
            continue
        groups[c.group_key()].append(c)
    return groups


def _label(c: Claim) -> str:
    obj = f" of the {c.object.name}" if c.object else ""
    return f"{c.subject_name}: {c.property}{obj}"


def _severity(cs: Iterable[Claim]) -> str:
    # how firmly each claim's keys were read decides the rest (checks.firmness.qualify), in
    # words; an as-of date from a title no longer lowers every finding silently
    return "warning" if any(c.derived for c in cs) else "error"


def _when(c: Claim) -> Time:
    assert isinstance(c.value, Event) and c.value.when is not None
    return c.value.when


def check_events(claims: Sequence[Claim]) -> list[Finding]:
    """TC101 incompatible dates for one event; TC102 a negated state contradicted by an event
    dated before the state's as-of date (an event after it supersedes, it does not contradict)."""
    out: list[Finding] = []
    dated = [
        c
        for c in claims
        if not c.negated and isinstance(c.value, Event) and c.value.when is not None
    ]
    out.extend(_event_conflict(dated))
    # events sorted by the day they end, so "what happened before D" is a bisection
    ordered = sorted(dated, key=lambda c: (_when(c).end, c.sort_key()))
    ends = [_when(c).end for c in ordered]
    for neg in (c for c in claims if c.negated):
        if neg.as_of is None:
            continue
        earlier = ordered[: bisect.bisect_left(ends, neg.as_of.start)]
        if not earlier:
            continue
        when = " / ".join(sorted({c.value.describe() for c in earlier}))
        msg = (
            f'{_label(neg)}: "not" as of {neg.as_of.describe()} ({neg.doc}) vs {when} '
            f"({docs_of(earlier)})"
        )
        out.append(
            Finding(
                rule="TC102",
                kind="contradiction",
                severity=_severity([neg, *earlier]),
                message=msg,
                evidence=sides_evidence([[neg], earlier]),
                subject=neg.subject_name,
                property=neg.property,
                key=("not", neg.as_of.iso, when),
            )
        )
    return out


def _event_conflict(dated: Sequence[Claim]) -> list[Finding]:
    """TC101: at most one finding per event, whatever the number of sources.

    A cluster is a finest date plus every coarser date that contains it ("July 2008" +
    "2008"). Each cluster incompatible with another is one side: the claims of its finest date
    and of the coarser dates no other cluster contains (a coarse date shared by two clusters
    agrees with both and takes no side)."""
    by_date: dict[Time, list[Claim]] = defaultdict(list)
    for c in dated:
        by_date[_when(c)].append(c)
    dates = sorted(by_date, key=Time.order_key)
    finest = [d for d in dates if not any(o != d and d.contains(o) for o in dates)]
    clusters = [[o for o in dates if o.contains(d)] for d in finest]
    shared = {o for i, ca in enumerate(clusters) for cb in clusters[i + 1 :] for o in ca if o in cb}
    in_conflict = [
        i
        for i, a in enumerate(finest)
        if any(not a.compatible(b) for j, b in enumerate(finest) if j != i)
    ]
    sides: list[tuple[str, list[Claim]]] = []
    for i in in_conflict:
        own = [d for d in clusters[i] if d not in shared]
        claims = [c for d in own for c in by_date[d]]
        if claims:
            sides.append((" / ".join(d.describe() for d in own), claims))
    if len(sides) < 2:
        return []
    first = sides[0][1][0]
    msg = f"{_label(first)}: " + " vs ".join(f"{v} ({docs_of(cs)})" for v, cs in sides)
    everyone = [c for _, cs in sides for c in cs]
    return [
        Finding(
            rule="TC101",
            kind="contradiction",
            severity=_severity(everyone),
            message=msg,
            evidence=sides_evidence(cs for _, cs in sides),
            subject=first.subject_name,
            property=first.property,
            key=tuple(v for v, _ in sides),
        )
    ]


def _clusters(claims: Sequence[Claim]) -> list[list[Claim]]:
    """The sides of a group's values: tiers by equality; quantities as below."""
    tiers: dict[str, list[Claim]] = defaultdict(list)
    qs: list[Claim] = []
    for c in claims:
        if isinstance(c.value, Tier):
            tiers[c.value.tier].append(c)
        elif isinstance(c.value, Quantity):
            qs.append(c)
    return [tiers[k] for k in sorted(tiers)] + _quantity_sides(qs)


def _chain(qs: list[Claim]) -> list[list[Claim]]:
    """Quantities chained by overlapping intervals: a sweep over the intervals sorted by their
    low end. Linear after the sort."""
    qs = sorted(qs, key=lambda c: (_qv(c).low, _qv(c).high, c.sort_key()))
    out: list[list[Claim]] = []
    current: list[Claim] = []
    reach = -math.inf
    unit: str | None = None
    for c in qs:
        v = _qv(c)
        if current and (v.low > reach or v.unit != unit):
            out.append(current)
            current = []
        if not current:
            reach, unit = v.high, v.unit
        current.append(c)
        reach = max(reach, v.high)
    if current:
        out.append(current)
    return out


def _quantity_sides(qs: list[Claim]) -> list[list[Claim]]:
    """Exact figures chain only with equal figures, so a bound or an approximate figure in
    between ("more than 300" beside 320 and 410) cannot join two that conflict. A bound sides
    with the one figure it admits; one that admits several takes no side (it agrees with each),
    one that admits none is a side of its own, against the figures it excludes."""
    exact = _chain([c for c in qs if _qv(c).exact])
    sides: list[list[Claim]] = [list(cs) for cs in exact]
    loose: list[Claim] = []
    for c in (c for c in qs if not _qv(c).exact):
        admits = [s for s in sides[: len(exact)] if any(_qv(c).overlaps(_qv(o)) for o in s)]
        if len(admits) == 1:
            admits[0].append(c)
        elif not admits:
            loose.append(c)
    sides += _chain(loose)
    for s in sides:
        s.sort(key=lambda c: (_qv(c).low, _qv(c).high, c.sort_key()))
    return sorted(sides, key=lambda s: (min(_qv(c).low for c in s), _qv(s[0]).high))


def _qv(c: Claim) -> Quantity:
    assert isinstance(c.value, Quantity)
    return c.value


def check_indexed(claims: Sequence[Claim]) -> list[Finding]:
    """TC103: one value per period. Claims are chained into clusters of agreeing values; two or
    more clusters in one group is one conflict, reported once with every source on each side.
    Values in different units never meet: "EUR 100,000 (about US$110,000)" is one amount in
    two currencies, and a share is no rival of a count."""
    stated = [c for c in claims if isinstance(c.value, Quantity | Tier) and not c.negated]
    by_unit: dict[str, list[Claim]] = defaultdict(list)
    for c in stated:
        by_unit[(c.value.unit or "") if isinstance(c.value, Quantity) else "tier"].append(c)
    return [f for unit in sorted(by_unit) for f in _conflict(by_unit[unit])]


def _conflict(stated: Sequence[Claim]) -> list[Finding]:
    clusters = _clusters(stated)
    if len(clusters) < 2:
        return []
    first = clusters[0][0]
    period = f" in {first.period.describe()}" if first.period else ""
    facet = f" ({first.facet})" if first.facet else ""
    sides = " vs ".join(f"{values_of(cs)} ({docs_of(cs)})" for cs in clusters)
    everyone = [c for cs in clusters for c in cs]
    return [
        Finding(
            rule="TC103",
            kind="contradiction",
            severity=_severity(everyone),
            message=f"{first.subject_name}: {first.property}{facet}{period}: {sides}",
            evidence=sides_evidence(clusters),
            subject=first.subject_name,
            property=first.property,
            key=(
                first.period.iso if first.period else "",
                *(values_of(cs) for cs in clusters),
            ),
        )
    ]


def check_contradictions(
    claims: Iterable[Claim], pack: RulePack, focus: Set[str] | None = None
) -> list[Finding]:
    """Every TC1xx finding among `claims` (with `focus`, in the groups that hold a claim of one
    of those documents: a finding is one group's, and cites every side of it)."""
    out: list[Finding] = []
    event_keys, indexed_keys = keys_for("TC102"), keys_for("TC103")
    for key, group in sorted(group_claims(claims).items()):
        if focus is not None and not any(c.doc in focus for c in group):
            continue
        policy = pack.policy(key[1])
        if policy == "event":
            firm = [c for c in group if comparable(c, pack, event_keys)]
            out.extend(qualify_all(check_events(firm), firm, pack))
        elif policy == "indexed" and key[4]:  # claims with no period never meet
            firm = [
                c
                for c in group
                if not c.derived
                and c.extractor != "comparison"
                and comparable(c, pack, indexed_keys)
            ]
            out.extend(qualify_all(check_indexed(firm), firm, pack))
    return out
