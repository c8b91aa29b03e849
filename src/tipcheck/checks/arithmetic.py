"""Arithmetic rules (TC2xx): figures that do not add up.

TC201 parts against their stated total; TC202 shares of a partition not summing to 100;
TC203 a figure derived from a comparison ("twice as many as in 2003") against the figure stated
for that period; TC204 a sub-period count larger than the whole period's; TC205 a trend word
against the numbers.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from tipcheck.checks.evidence import docs_of, evidence_of, sides_evidence, values_of
from tipcheck.checks.firmness import firm_only, keys_for, qualify_all
from tipcheck.claims import Claim
from tipcheck.findings import Finding
from tipcheck.rulepack import RulePack
from tipcheck.values import INF, Breakdown, Comparison, Quantity, Time

_TIMES = {
    2: "twice",
    3: "three times",
    4: "four times",
    5: "five times",
    10: "ten times",
    0.5: "half",
    0.3333: "a third",
    0.25: "a quarter",
}


def _times(factor: float) -> str:
    """A factor as words: 2 → "twice", 0.5 → "half", 1.4 → "1.4 times"."""
    return _TIMES.get(factor, f"{factor:g} times")


def _change(factor: float) -> str:
    """A factor as a change: 1.4 → "a 40% increase", 0.8 → "a 20% decrease"."""
    pct = (factor - 1) * 100
    return f"a {abs(pct):g}% {'increase' if pct >= 0 else 'decrease'}"


def _about(x: float) -> str:
    """A derived figure as a reader would say it: whole numbers as they are, others rounded."""
    return _fmt(x) if float(x).is_integer() else f"about {_fmt(round(x, 1))}"


def _fmt(x: float) -> str:
    return f"{x:g}" if x != int(x) else f"{int(x):,}"


def check_breakdowns(claims: Sequence[Claim], pack: RulePack) -> list[Finding]:
    out: list[Finding] = []
    tol = pack.tolerances.get("composition", 1.0)
    for c in claims:
        v = c.value
        if not isinstance(v, Breakdown) or (not v.partition and v.total is None):
            continue  # shares that need not add up (languages spoken)
        lo, hi = v.parts_sum()
        parts = " + ".join(_fmt(p.amount.stated) for p in v.parts)
        if v.total is None:  # a composition: shares of a whole
            if abs(lo - 100) <= tol:
                continue
            out.append(
                Finding(
                    rule="TC202",
                    kind="arithmetic",
                    severity="error",
                    message=f"{c.subject_name}: {c.property} shares add up to {_fmt(lo)}%, not 100% ({parts})",
                    evidence=evidence_of([c]),
                    subject=c.subject_name,
                    property=c.property,
                    key=(parts,),
                )
            )
            continue
        total = v.total
        if total.low <= hi and lo <= total.high:
            continue
        if not v.partition and lo <= total.high:
            continue  # a partial list ("including 287 children and 98 men") may fall short
        out.append(
            Finding(
                rule="TC201",
                kind="arithmetic",
                severity="error",
                message=(
                    f"{c.subject_name}: {c.property}: parts add up to {_fmt(lo)} ({parts}) but the stated "
                    f"total is {total.describe()}"
                    + ("" if v.partition else " (the parts listed exceed it)")
                ),
                evidence=evidence_of([c]),
                subject=c.subject_name,
                property=c.property,
                key=(total.describe(), parts),
            )
        )
    return out


def _stated(claims: Sequence[Claim]) -> dict[tuple[str, str, str, str], list[Claim]]:
    """Stated quantities by (subject, property, facet, period iso)."""
    idx: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.subject is None or c.period is None or c.negated or not isinstance(c.value, Quantity):
            continue
        if c.extractor in ("comparison", "trend"):
            continue
        idx[(c.subject.id, c.property, c.facet or "", c.period.iso)].append(c)
    return idx


def _factor_range(v: Comparison, pack: RulePack) -> tuple[float, float]:
    """The factors a comparison allows: its factor, or the interval its qualifier makes of it
    ("more than double": [2, ∞)). A qualifier bounds the size of the change, so for a decrease
    the bound is mirrored: "fell by more than 10%" is a factor of at most 0.9, "nearly halved"
    one a little above 0.5; and "nearly 40 per cent more" is near 40, so a factor near 1.4."""
    assert v.factor is not None
    f = v.factor
    qual = next((q for q in pack.quantities.qualifiers.values() if q.name == v.qualifier), None)
    if qual is None:
        return f, f
    if f >= 1 and _multiple(f):  # "nearly doubled": the multiple itself
        return qual.interval(f)
    if f >= 1:  # "an increase of nearly 40 per cent": the 40, not 1.4
        lo, hi = qual.interval(f - 1)
        return 1 + lo, 1 + hi
    lo, hi = qual.interval(1 - f)  # the share lost
    return max(0.0, 1 - hi), 1 - lo


def _multiple(factor: float) -> bool:
    """A factor said as a multiple ("twice", "three times", "half", "a third"), not a change
    in percent."""
    return (factor >= 2 and float(factor).is_integer()) or factor in (0.5, 0.3333, 0.25)


def _relation(v: Comparison) -> str:
    """A comparison's factor as the text would say it, before what it applies to: "more than
    twice", "a 40% increase on"."""
    assert v.factor is not None
    f = v.factor
    said = _times(f) if f in _TIMES or f >= 2 or f < 0.5 else _change(f) + " on"
    return f"{v.qualifier} {said}" if v.qualifier else said


def check_comparisons(claims: Sequence[Claim], pack: RulePack) -> list[Finding]:
    idx = _stated(claims)
    rel_tol = pack.tolerances.get("comparison", 0.1)
    out: list[Finding] = []
    for c in claims:
        v = c.value
        if not isinstance(v, Comparison) or c.subject is None:
            continue
        if (
            v.factor is not None
            and v.base is not None
            and v.ref_period is not None
            and v.reference is None
        ):
            # "12 in 2004, twice as many as in 2003" → 2003 was 12 / 2 = 6 (within tolerance)
            flo, fhi = _factor_range(v, pack)
            derived = v.base.stated / v.factor
            lo = (v.base.low / fhi if fhi > 0 else 0.0) * (1 - rel_tol) - 0.5
            hi = (v.base.high / flo if flo > 0 else INF) * (1 + rel_tol) + 0.5
            stated = idx.get((c.subject.id, c.property, c.facet or "", v.ref_period.iso), [])
            others = [o for o in stated if not (_q(o).low <= hi and lo <= _q(o).high)]
            if not others:
                continue
            # the figure rests on an inference (the derivation): a warning, said so
            implied = _about(derived) if v.qualifier is None else _span(lo, hi)
            out.append(
                Finding(
                    rule="TC203",
                    kind="arithmetic",
                    severity="warning",
                    message=(
                        f"{c.subject_name}: {c.property}: {v.base.describe()}"
                        f"{f' in {c.period.describe()}' if c.period else ''} being "
                        f"{_relation(v)} the {v.ref_period.describe()} figure implies "
                        f"{implied} ({c.doc}), but {values_of(others)} is stated for "
                        f"{v.ref_period.describe()} ({docs_of(others)}) — a warning: the "
                        f"figure for {v.ref_period.describe()} is derived, not stated"
                    ),
                    evidence=sides_evidence([[c], others]),
                    subject=c.subject_name,
                    property=c.property,
                    key=(v.ref_period.iso, _fmt(derived), values_of(others)),
                )
            )
        elif v.factor is not None and v.reference is not None and v.base is not None:
            # "17 cases, a 40 percent increase on the 12 cases": 12 x 1.4 = 16.8 ≈ 17
            # a multiple in words is rounded ("three times" for 2.7 times): the comparison
            # tolerance; a percentage is stated to its digit
            flo, fhi = _factor_range(v, pack)
            expected = v.reference.stated * v.factor
            tol = rel_tol if _multiple(v.factor) else 0.02
            slack = max(0.5, abs(expected) * 0.02)
            elo = v.reference.low * flo * (1 - tol) - 0.5
            ehi = (v.reference.high * fhi * (1 + tol) if fhi < INF else INF) + 0.5
            elo, ehi = min(elo, expected - slack), max(ehi, expected + slack)
            if v.base.low <= ehi and elo <= v.base.high:
                continue
            gives = (
                _about(expected)
                if v.qualifier is None
                else _span(v.reference.low * flo, v.reference.high * fhi)
            )
            out.append(
                Finding(
                    rule="TC203",
                    kind="arithmetic",
                    severity="error",
                    message=(
                        f"{c.subject_name}: {c.property}: {_relation(v)} "
                        f"{v.reference.describe()} gives {gives}, but "
                        f"{v.base.describe()} is stated"
                    ),
                    evidence=evidence_of([c]),
                    subject=c.subject_name,
                    property=c.property,
                    key=(v.reference.describe(), f"{v.factor:g}", v.base.describe()),
                )
            )
    return out


def _span(lo: float, hi: float) -> str:
    """An interval a bounded factor implies, as words: "at least 770", "at most 12"."""
    if hi == INF:
        return f"at least {_fmt(round(max(lo, 0), 1))}"
    if lo <= 0:
        return f"at most {_fmt(round(hi, 1))}"
    return f"{_fmt(round(lo, 1))} to {_fmt(round(hi, 1))}"


def check_subperiods(claims: Sequence[Claim]) -> list[Finding]:
    """A count for part of a period larger than the count for the whole period: one finding
    per (part, whole) pair of periods, citing the parts that exceed and the wholes exceeded."""
    by_measure: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for key, cs in _stated(claims).items():
        by_measure[key[:3]].extend(cs)
    out: list[Finding] = []
    for cs in by_measure.values():
        periods: dict[Time, list[Claim]] = defaultdict(list)
        for c in cs:
            assert c.period is not None
            periods[c.period].append(c)
        order = sorted(periods, key=Time.order_key)  # attrs' comparisons were most of this
        starts = [t.start for t in order]
        lows = {t: max(_q(p).low for p in periods[t]) for t in order}
        highs = {t: min(_q(w).high for w in periods[t]) for t in order}
        for part_p in order:
            # a whole that contains the part starts no later than it: only those are tried
            for whole_p in order[: bisect.bisect_right(starts, part_p.start)]:
                if part_p == whole_p or not whole_p.contains(part_p):
                    continue
                smallest_whole = highs[whole_p]
                largest_part = lows[part_p]
                if largest_part <= smallest_whole:
                    continue
                parts = [p for p in periods[part_p] if _q(p).low > smallest_whole]
                wholes = [w for w in periods[whole_p] if _q(w).high < largest_part]
                p = parts[0]
                out.append(
                    Finding(
                        rule="TC204",
                        kind="arithmetic",
                        severity="error",
                        message=(
                            f"{p.subject_name}: {p.property}: {values_of(parts)} in {part_p.describe()} "
                            f"({docs_of(parts)}) exceeds {values_of(wholes)} for all of {whole_p.describe()} "
                            f"({docs_of(wholes)})"
                        ),
                        evidence=sides_evidence([parts, wholes]),
                        subject=p.subject_name,
                        property=p.property,
                        key=(part_p.iso, whole_p.iso, values_of(parts), values_of(wholes)),
                    )
                )
    return out


def _q(c: Claim) -> Quantity:
    assert isinstance(c.value, Quantity)
    return c.value


def check_trends(claims: Sequence[Claim]) -> list[Finding]:
    """A trend word against the figures: one finding per trend claim, citing the figures for
    the two periods that go the other way."""
    idx = _stated(claims)
    out: list[Finding] = []
    for c in claims:
        v = c.value
        if (
            not isinstance(v, Comparison)
            or v.trend is None
            or c.subject is None
            or c.period is None
        ):
            continue
        if v.ref_period is None:
            continue
        key = (c.subject.id, c.property, c.facet or "")
        now = idx.get((*key, c.period.iso), [])
        before = idx.get((*key, v.ref_period.iso), [])
        if not now or not before:
            continue
        if v.trend == "up":  # contradicted when every figure now is below every figure before
            a, b = min(now, key=lambda x: _q(x).high), max(before, key=lambda x: _q(x).low)
            wrong = _q(a).high < _q(b).low
        else:
            a, b = max(now, key=lambda x: _q(x).low), min(before, key=lambda x: _q(x).high)
            wrong = _q(a).low > _q(b).high
        if not wrong:
            continue
        word = "increased" if v.trend == "up" else "decreased"
        out.append(
            Finding(
                rule="TC205",
                kind="arithmetic",
                severity="error",
                message=(
                    f"{c.subject_name}: {c.property} said to have {word} in {c.period.describe()} "
                    f"({c.doc}), but the figures go from {_q(b).describe()} ({v.ref_period.describe()}) "
                    f"to {_q(a).describe()}"
                ),
                evidence=evidence_of([c, a, b]),
                subject=c.subject_name,
                property=c.property,
                key=(c.period.iso, v.trend, _q(a).describe(), _q(b).describe()),
            )
        )
    return out


def check_arithmetic(claims: Sequence[Claim], pack: RulePack) -> list[Finding]:
    """Every TC2xx finding among `claims` whose keys are firm enough to compare."""
    own = firm_only(claims, pack, keys_for("TC201"))
    firm = firm_only(claims, pack)
    found = [
        *check_breakdowns(own, pack),
        *check_comparisons(firm, pack),
        *check_subperiods(firm),
        *check_trends(firm),
    ]
    return qualify_all(found, own, pack)
