"""Typed values that claims carry: quantities, times, tiers, entities, sets, breakdowns.

Every value is a frozen attrs class that knows its own precision: a quantity is an interval,
a time has a precision (year, month, day) or is a period, and comparisons respect both.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import Any

import attrs

INF = math.inf


@attrs.frozen(slots=True)
class Quantity:
    """A number as an interval [low, high]; `stated` is the figure the text gave.

    "at least $12,500" is [12500, inf) with unit USD and qualifier "at least";
    "approximately 3,000" is 3000 widened by the rule pack's tolerance.
    """

    low: float
    high: float
    stated: float
    unit: str | None = None
    qualifier: str | None = None

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def overlaps(self, other: Quantity) -> bool:
        """Two quantities agree when their intervals meet (units must match too)."""
        if (self.unit or None) != (other.unit or None):
            return False
        return self.low <= other.high and other.low <= self.high

    def describe(self) -> str:
        n = _fmt_number(self.stated)
        if self.unit == "USD":
            n = "$" + n
        elif self.unit == "%":
            n = n + "%"
        elif self.unit:
            n = f"{n} {self.unit}"
        if self.qualifier == "range":
            lo = _fmt_number(self.low)
            hi = _fmt_number(self.high)
            return f"{lo} to {hi}"
        return f"{self.qualifier} {n}" if self.qualifier else n

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "quantity",
            "low": _json_num(self.low),
            "high": _json_num(self.high),
            "stated": _json_num(self.stated),
            "unit": self.unit,
            "qualifier": self.qualifier,
        }


def _json_num(x: float) -> float | int | None:
    if math.isinf(x):
        return None
    return int(x) if float(x).is_integer() else round(x, 6)


def _fmt_number(x: float) -> str:
    if math.isinf(x):
        return "∞"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6g}" if abs(x) >= 1000 else f"{x:g}"


PRECISIONS = ("year", "month", "day")


@attrs.frozen(slots=True, order=True)
class Time:
    """A time point at a precision, or a period between two points.

    `start` and `end` are the first and last day covered, so "2008" covers 2008-01-01..2008-12-31
    and "July 2008" covers 2008-07-01..2008-07-31. `precision` is "year", "month", "day" or
    "period" (an explicit span such as "the first three months of 2004").
    """

    start: dt.date
    end: dt.date
    precision: str

    @classmethod
    def year(cls, y: int) -> Time:
        return cls(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")

    @classmethod
    def month(cls, y: int, m: int) -> Time:
        last = calendar.monthrange(y, m)[1]
        return cls(dt.date(y, m, 1), dt.date(y, m, last), "month")

    @classmethod
    def day(cls, y: int, m: int, d: int) -> Time:
        day = dt.date(y, m, d)
        return cls(day, day, "day")

    @classmethod
    def span(cls, first: Time, last: Time) -> Time:
        if first.start == last.start and first.end == last.end:
            return first
        return cls(min(first.start, last.start), max(first.end, last.end), "period")

    @property
    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.precision == "day":
            return self.start.isoformat()
        return f"{_iso_edge(self.start, True)}/{_iso_edge(self.end, False)}"

    def order_key(self) -> tuple[dt.date, dt.date, str]:
        """The order `<` gives (attrs: the fields in turn) as a plain tuple, which sorts many
        times faster than attrs' generated comparisons."""
        return (self.start, self.end, self.precision)

    def contains(self, other: Time) -> bool:
        return self.start <= other.start and other.end <= self.end

    def compatible(self, other: Time) -> bool:
        """True when one contains the other at its precision ("2008" and "July 2008")."""
        return self.contains(other) or other.contains(self)

    def strictly_before(self, other: Time) -> bool:
        """True when all of self ends before any of other begins."""
        return self.end < other.start

    @property
    def whole_year(self) -> int | None:
        if self.precision == "year":
            return self.start.year
        return None

    def describe(self) -> str:
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "month":
            return f"{calendar.month_name[self.start.month]} {self.start.year}"
        if self.precision == "day":
            return f"{self.start.day} {calendar.month_name[self.start.month]} {self.start.year}"
        return self.iso

    def to_json(self) -> dict[str, Any]:
        return {"type": "time", "iso": self.iso, "precision": self.precision}


def _iso_edge(d: dt.date, is_start: bool) -> str:
    """Render a period edge at month precision when it falls on a month boundary."""
    if is_start and d.day == 1:
        return f"{d.year:04d}-{d.month:02d}"
    if not is_start and d.day == calendar.monthrange(d.year, d.month)[1]:
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


TIERS = ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3")


@attrs.frozen(slots=True)
class Tier:
    """A TIP report tier placement."""

    tier: str

    def describe(self) -> str:
        return self.tier

    def to_json(self) -> dict[str, Any]:
        return {"type": "tier", "tier": self.tier}


@attrs.frozen(slots=True)
class Entity:
    """A named thing resolved to a canonical id; `surface` is the words the text used."""

    id: str
    name: str
    kind: str
    surface: str = attrs.field(eq=False, default="")

    def describe(self) -> str:
        return self.name

    @property
    def country(self) -> str | None:
        """The ISO 3166 alpha-3 code of a country ("TCD" for "country:TCD"), else None."""
        return self.id.partition(":")[2] if self.kind == "country" else None

    def to_json(self) -> dict[str, Any]:
        return {"type": "entity", "id": self.id, "name": self.name, "kind": self.kind}


@attrs.frozen(slots=True)
class EntitySet:
    """A set of entities, such as the origin countries of a trafficking route."""

    members: frozenset[Entity]

    def names(self) -> list[str]:
        return sorted(e.name for e in self.members)

    def describe(self) -> str:
        return ", ".join(self.names())

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "set",
            "members": [{"id": e.id, "name": e.name} for e in sorted(self.members, key=_eid)],
        }


def _eid(e: Entity) -> str:
    return e.id


@attrs.frozen(slots=True)
class Event:
    """That something happened (a ratification), optionally at a time; negated claims say it
    had not happened as of the document's date."""

    when: Time | None

    def describe(self) -> str:
        return self.when.describe() if self.when else "(undated)"

    def to_json(self) -> dict[str, Any]:
        return {"type": "event", "when": self.when.iso if self.when else None}


@attrs.frozen(slots=True)
class Part:
    """One labelled part of a breakdown or composition."""

    label: str
    amount: Quantity
    start: int
    end: int


@attrs.frozen(slots=True)
class Breakdown:
    """Parts stated against a total ("Of the 19 convicted…, one was…, four were…").

    `partition` says whether the parts must add up to the total (religions do; languages spoken
    do not). When `total` is None the parts must sum to 100 percent (a composition).
    """

    total: Quantity | None
    parts: tuple[Part, ...]
    partition: bool = True

    def parts_sum(self) -> tuple[float, float]:
        return (sum(p.amount.low for p in self.parts), sum(p.amount.high for p in self.parts))

    def describe(self) -> str:
        inner = ", ".join(f"{p.label} {p.amount.describe()}" for p in self.parts)
        if self.total is None:
            return inner
        return f"{self.total.describe()} = {inner}"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "breakdown",
            "total": self.total.to_json() if self.total else None,
            "partition": self.partition,
            "parts": [{"label": p.label, "amount": p.amount.to_json()} for p in self.parts],
        }


@attrs.frozen(slots=True)
class Comparison:
    """A stated relation to another figure: "twice as many as in 2003", "a 40 percent
    increase on the 12 cases in 2020", "compared to 13 in 2006", "significantly increased".

    `factor` relates the claim's figure to the reference (12 = 2 x ref); `trend` is "up" or
    "down" for trend words; `reference` is the figure stated for the reference period, if any;
    `qualifier` bounds the factor ("more than double": at least twice; "nearly tripled"), named
    as the pack's quantity qualifiers are.
    """

    ref_period: Time | None
    factor: float | None = None
    trend: str | None = None
    reference: Quantity | None = None
    base: Quantity | None = None
    qualifier: str | None = None

    def describe(self) -> str:
        bits = []
        if self.factor is not None:
            bits.append(f"{self.qualifier + ' ' if self.qualifier else ''}x{self.factor:g}")
        if self.trend:
            bits.append(self.trend)
        if self.ref_period:
            bits.append(f"vs {self.ref_period.describe()}")
        return " ".join(bits)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "comparison",
            "ref_period": self.ref_period.iso if self.ref_period else None,
            "factor": self.factor,
            "trend": self.trend,
            "reference": self.reference.to_json() if self.reference else None,
            "base": self.base.to_json() if self.base else None,
        }
        if self.qualifier is not None:  # only a bounded factor says so: other output is as it was
            out["qualifier"] = self.qualifier
        return out


Value = Quantity | Time | Tier | Entity | EntitySet | Event | Breakdown | Comparison


def value_key(v: Value) -> str:
    """A normalised, stable rendering of a value, for fingerprints and sorting."""
    if isinstance(v, Quantity):
        return f"q:{_json_num(v.low)}:{_json_num(v.high)}:{v.unit}"
    if isinstance(v, Time):
        return f"t:{v.iso}"
    if isinstance(v, Tier):
        return f"tier:{v.tier}"
    if isinstance(v, Entity):
        return f"e:{v.id}"
    if isinstance(v, EntitySet):
        return "s:" + ",".join(sorted(e.id for e in v.members))
    if isinstance(v, Event):
        return f"ev:{v.when.iso if v.when else ''}"
    return v.describe()
