"""Per-subject timelines of time-indexed values, as data the page's script draws as SVG.

A chart is a list of SVG elements `[tag, attributes, text, children]`: attribute values are
numbers and class names this module chose, the only links are "#f-…" anchors of findings, and
document words appear only as `text` (the script sets it with textContent). Each subject's
block also lists the findings about that subject, so a timeline links to the findings it shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import attrs

from tipcheck.claims import Claim
from tipcheck.findings import Finding
from tipcheck.values import TIERS, Breakdown, Comparison, Quantity, Tier, Value

W, LEFT, RIGHT, TOP, LANE = 720, 150, 20, 14, 24
Element = list[Any]


def _plot_value(v: Value) -> float | None:
    if isinstance(v, Quantity):
        return v.stated
    if isinstance(v, Breakdown) and v.total is not None:
        return v.total.stated
    return None


def series_name(c: Claim) -> str:
    """One chart per property, facet and object: victims of labor trafficking and of sex
    trafficking are different series, as are ratifications of different treaties."""
    name = c.property
    if c.facet:
        name += f" [{c.facet}]"
    if c.object is not None:
        name += f" · {c.object.name}"
    return name


def label(c: Claim) -> str:
    text = c.value.describe()
    return f"not {text}" if c.negated else text


def _x_of(t: dt.date) -> float:
    return t.year + (t.timetuple().tm_yday - 1) / 366


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.4g}"


@attrs.frozen
class _Scale:
    """Where a claim goes on a chart: years across; a value scale or one lane per value down."""

    lo: int
    hi: int
    height: int
    numeric: bool
    vmin: float
    vmax: float
    lanes: tuple[str, ...]

    @property
    def plot_h(self) -> int:
        return self.height - TOP - 30

    def px(self, x: float) -> float:
        return LEFT + (x - self.lo) / max(self.hi - self.lo, 1) * (W - LEFT - RIGHT)

    def py(self, c: Claim, n: float | None) -> float:
        if self.numeric and n is not None:
            frac = 0.5 if self.vmax == self.vmin else (n - self.vmin) / (self.vmax - self.vmin)
            return TOP + (1 - frac) * self.plot_h
        return TOP + LANE * self.lanes.index(label(c)) + LANE / 2


def _scale(claims: Sequence[Claim], nums: Sequence[float | None]) -> _Scale:
    xs = [_x_of(c.period.start) for c in claims if c.period]
    xe = [_x_of(c.period.end) for c in claims if c.period]
    lo, hi = int(min(xs)), int(max(xe)) + 1
    if all(n is not None for n in nums) and not any(c.negated for c in claims):
        vals = [n for n in nums if n is not None]
        return _Scale(lo, hi, 150, True, min(vals), max(vals), ())
    labels = {label(c) for c in claims}
    rank = {t: i for i, t in enumerate(TIERS)}
    if all(isinstance(c.value, Tier) for c in claims):
        lanes = sorted(labels, key=lambda s: (rank.get(s, len(TIERS)), s))
    else:
        lanes = sorted(labels)
    return _Scale(lo, hi, TOP * 2 + LANE * len(lanes) + 20, False, 0.0, 0.0, tuple(lanes))


def _r(x: float) -> float:
    return round(x, 1)


def _axes(s: _Scale) -> list[Element]:
    axis_y = s.height - 26
    out: list[Element] = [
        ["line", {"class": "axis", "x1": LEFT, "y1": axis_y, "x2": W - RIGHT, "y2": axis_y}]
    ]
    step = max(1, -(-(s.hi - s.lo) // 10))  # at most ~10 year labels, so they never overlap
    for year in range(s.lo, s.hi + 1, step):
        x = _r(s.px(year))
        out.append(["line", {"class": "tick", "x1": x, "y1": TOP, "x2": x, "y2": axis_y}])
        out.append(["text", {"class": "year", "x": x, "y": s.height - 10}, str(year)])
    if s.numeric:
        marks: list[tuple[float, float]] = [(s.vmax, TOP), (s.vmin, TOP + s.plot_h)]
        if s.vmax == s.vmin:
            marks = [(s.vmin, TOP + s.plot_h / 2)]
        for v, vy in marks:
            out.append(["text", {"class": "lane", "x": LEFT - 8, "y": _r(vy + 4)}, _num(v)])
    for i, lane in enumerate(s.lanes):
        ly = TOP + LANE * i + LANE / 2
        short = lane if len(lane) <= 22 else lane[:21] + "…"
        attrs_ = {"class": "lane", "x": LEFT - 8, "y": _r(ly + 4)}
        out.append(["text", attrs_, short, [["title", {}, lane]]])
    return out


def _point(s: _Scale, c: Claim, n: float | None, anchor: str | None, where: str) -> Element:
    assert c.period is not None  # claims without a period never reach a timeline
    x1, x2 = s.px(_x_of(c.period.start)), s.px(_x_of(c.period.end) + 1 / 366)
    y = _r(s.py(c, n))
    tip = (
        f"{c.period.describe()}: {label(c)} — {where}:{c.line}"
        f"{' (disputed)' if anchor else ''}\n“{c.quote}”"
    )
    span = ["line", {"class": "span", "x1": _r(x1), "y1": y, "x2": _r(x2), "y2": y}]
    dot = [
        "circle",
        {
            "class": "pt bad" if anchor else "pt",
            "cx": _r((x1 + x2) / 2),
            "cy": y,
            "r": 6 if anchor else 4,
        },
        None,
        [["title", {}, tip]],
    ]
    if anchor:
        return ["a", {"href": "#" + anchor}, None, [span, dot]]
    return ["g", {}, None, [span, dot]]


def chart(
    name: str, claims: list[Claim], links: dict[int, str | None], paths: dict[str, str]
) -> dict[str, Any]:
    """One series' values by period; disputed points are red and link to the finding."""
    nums = [_plot_value(c.value) for c in claims]
    s = _scale(claims, nums)
    els = _axes(s)
    for c, n in zip(claims, nums, strict=True):
        els.append(_point(s, c, n, links[id(c)], paths.get(c.doc, c.doc)))
    return {"name": name, "w": W, "h": s.height, "els": els}


def _disputed(
    findings: Sequence[Finding], anchors: Sequence[str]
) -> dict[str, list[tuple[int, int, str | None, str]]]:
    """Evidence spans of contradictions by document, so a point can link to its finding."""
    out: dict[str, list[tuple[int, int, str | None, str]]] = defaultdict(list)
    for f, anchor in zip(findings, anchors, strict=True):
        if f.kind == "contradiction":
            for ev in f.evidence:
                out[ev.doc].append((ev.start, ev.end, f.property, anchor))
    return out


def _series(claims: Sequence[Claim]) -> dict[str, dict[str, list[Claim]]]:
    out: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for c in claims:
        # A comparison ("twice as many as in 2003") relates two figures; it is not a value.
        if c.period is not None and c.subject is not None and not isinstance(c.value, Comparison):
            out[c.subject.name][series_name(c)].append(c)
    return out


def timelines(
    claims: Sequence[Claim],
    findings: Sequence[Finding],
    anchors: Sequence[str],
    paths: dict[str, str],
) -> list[dict[str, Any]]:
    """One block per subject with at least one chart worth drawing, subjects sorted; each lists
    the indexes (into `findings`) of the findings about its subject."""
    disputed = _disputed(findings, anchors)
    about: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.subject:
            about[f.subject].append(i)
    series = _series(claims)
    blocks = []
    for subject in sorted(series):
        charts = []
        for name in sorted(series[subject]):
            cs = sorted(series[subject][name], key=lambda c: c.sort_key())
            links = {
                id(c): next(
                    (
                        a
                        for s, e, p, a in disputed.get(c.doc, ())
                        if s < c.end and c.start < e and p in (None, c.property)
                    ),
                    None,
                )
                for c in cs
            }
            points = {(c.period.iso if c.period else "", label(c)) for c in cs}
            if len(points) < 2 and not any(links.values()):  # one value: nothing to compare
                continue
            charts.append(chart(name, cs, links, paths))
        if charts:
            blocks.append(
                {"subject": subject, "charts": charts, "findings": about.get(subject, [])}
            )
    return blocks
