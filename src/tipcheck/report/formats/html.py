"""A self-contained HTML report: summary counts, filterable findings, side-by-side passages for
duplicates and drift with the changed words highlighted, and a timeline per subject.

Documents are untrusted input. Every string taken from them (quotes, context, messages, values,
ids, titles) goes through `_e` (html.escape with quote=True) and only ever into element text or
quoted attribute values; none is put into a script, a style, a URL or an id. As a second line of
defence the Content-Security-Policy allows only this file's own script and style (by hash) and
no network at all, so even a missed escape could not run injected code or load anything.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from tipcheck.claims import Claim
from tipcheck.findings import KINDS, SEVERITIES, Evidence, Finding
from tipcheck.report.formats._common import doc_paths, notices, plural, span_of
from tipcheck.report.model import Report
from tipcheck.report.rulepages import rules
from tipcheck.values import TIERS, Breakdown, Comparison, Quantity, Tier, Value

CONTEXT = 160  # characters of context shown either side of an evidence span
PASSAGE_MAX = 3000  # longest passage shown side by side, per side
_BLOCK = re.compile(r"\n[ \t\r\u00a0]*\n")
_TOKENS = re.compile(r"\S+|\s+")


def _e(s: object) -> str:
    """Escape for element text and double-quoted attribute values alike."""
    return html.escape(str(s), quote=True)


def _csp_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(report: Report, *, fail_on: str = "error") -> str:
    """The whole report as one HTML document; deterministic for a given report."""
    anchors = _anchors(report.findings)
    docs = sorted(
        {d.id for d in report.documents} | {ev.doc for f in report.findings for ev in f.evidence}
    )
    body = "\n".join(
        [
            _header(report, fail_on),
            _summary(report, fail_on),
            _filters(report, docs),
            _findings(report, anchors),
            _timelines(report, anchors),
            _documents(report),
            _notices(report),
            _errors(report),
        ]
    )
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(_SCRIPT)}; style-src {_csp_hash(_STYLE)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>tipcheck report: {plural(len(report.findings), 'finding')}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _anchors(findings: Iterable[Finding]) -> dict[int, str]:
    """An element id per finding (by position), from its fingerprint: ids never carry document
    text, and two findings with the same fingerprint get distinct ids."""
    seen: Counter[str] = Counter()
    out: dict[int, str] = {}
    for i, f in enumerate(findings):
        fp = f.fingerprint
        seen[fp] += 1
        out[i] = f"f-{fp}" if seen[fp] == 1 else f"f-{fp}-{seen[fp]}"
    return out


def _header(report: Report, fail_on: str) -> str:
    return (
        '<header class="top"><h1>tipcheck report</h1>'
        f'<p class="sub">tipcheck {_e(report.version)} · '
        f"{plural(len(report.documents), 'document')} · fail level {_e(fail_on)}</p></header>"
    )


def _summary(report: Report, fail_on: str) -> str:
    kinds = Counter(f.kind for f in report.findings)
    sevs = Counter(f.severity for f in report.findings)
    cells = [
        ("findings", len(report.findings), "total"),
        (f"at or above {fail_on}", len(report.at_or_above(fail_on)), "failing"),
        *((s, sevs[s], f"sev-{s}") for s in SEVERITIES),
        *((k, kinds[k], "kind") for k in KINDS),
        ("unreadable documents", len(report.errors), "errors"),
    ]
    cards = "".join(
        f'<div class="card {cls}"><span class="n">{n}</span>'
        f'<span class="l">{_e(label)}</span></div>'
        for label, n, cls in cells
    )
    return f'<section class="summary" aria-label="Summary">{cards}</section>'


def _filters(report: Report, docs: list[str]) -> str:
    kinds = Counter(f.kind for f in report.findings)
    sevs = Counter(f.severity for f in report.findings)

    def group(name: str, values: tuple[str, ...], counts: Counter[str]) -> str:
        buttons = [
            f'<button type="button" data-filter="{name}" data-value="" aria-pressed="true">'
            f"all ({sum(counts.values())})</button>"
        ]
        buttons += [
            f'<button type="button" data-filter="{name}" data-value="{v}" aria-pressed="false">'
            f"{v} ({counts[v]})</button>"
            for v in values
        ]
        return f'<div class="group" role="group" aria-label="{name}">{"".join(buttons)}</div>'

    options = '<option value="">all documents</option>' + "".join(
        f'<option value="{_e(d)}">{_e(d)}</option>' for d in docs
    )
    return (
        '<nav class="filters" aria-label="Filters">'
        f"{group('kind', KINDS, kinds)}{group('severity', SEVERITIES, sevs)}"
        f'<label>document <select id="doc-filter">{options}</select></label>'
        f'<span class="count"><span id="shown">{len(report.findings)}</span> of '
        f"{len(report.findings)} shown</span></nav>"
    )


def _findings(report: Report, anchors: dict[int, str]) -> str:
    if not report.findings:
        return '<section id="findings"><h2>Findings</h2><p class="empty">No findings.</p></section>'
    docs = rules()
    paths = doc_paths(report)
    items = []
    for i, f in enumerate(report.findings):
        anchor = anchors[i]
        name = docs[f.rule].name if f.rule in docs else ""
        meta = [x for x in (f.subject, f.property) if x]
        if f.similarity is not None:
            meta.append(f"similarity {f.similarity:.2f}")
        if f.kind in ("duplicate", "drift") and len(f.evidence) >= 2:
            body = _side_by_side(report, f, paths)
            rest = f.evidence[2:]
        else:
            body, rest = "", f.evidence
        if rest:
            body += '<ul class="evidence">' + "".join(_evidence(report, ev, paths) for ev in rest)
            body += "</ul>"
        items.append(
            f'<article class="finding sev-{_e(f.severity)}" id="{anchor}" '
            f'data-kind="{_e(f.kind)}" data-severity="{_e(f.severity)}">'
            f'<header><span class="badge sev-{_e(f.severity)}">{_e(f.severity)}</span> '
            f'<code class="rule" title="{_e(name)}">{_e(f.rule)}</code> '
            f'<span class="kind">{_e(f.kind)}</span>'
            f'<a class="anchor" href="#{anchor}" aria-label="link to this finding">#</a></header>'
            f'<p class="msg">{_e(f.message)}</p>'
            + (f'<p class="meta">{" · ".join(_e(m) for m in meta)}</p>' if meta else "")
            + body
            + "</article>"
        )
    return '<section id="findings"><h2>Findings</h2>' + "".join(items) + "</section>"


def _where(report: Report, ev: Evidence, paths: dict[str, str]) -> str:
    s = span_of(ev, report.texts.get(ev.doc))
    return f"{paths.get(ev.doc, ev.doc)}:{s.line}:{s.column}"


def _evidence(report: Report, ev: Evidence, paths: dict[str, str]) -> str:
    text = report.texts.get(ev.doc)
    if text is not None and 0 <= ev.start <= ev.end <= len(text):
        a = max(0, ev.start - CONTEXT)
        b = min(len(text), ev.end + CONTEXT)
        before = ("…" if a else "") + text[a : ev.start]
        after = text[ev.end : b] + ("…" if b < len(text) else "")
        quote = f"{_e(before)}<mark>{_e(text[ev.start : ev.end])}</mark>{_e(after)}"
    else:
        quote = f"<mark>{_e(ev.quote)}</mark>"
    value = f' <span class="value">{_e(ev.value)}</span>' if ev.value else ""
    return (
        f'<li data-doc="{_e(ev.doc)}"><span class="loc">{_e(_where(report, ev, paths))}</span>'
        f"{value}<blockquote>{quote}</blockquote></li>"
    )


def _passage(text: str | None, ev: Evidence, kind: str) -> tuple[str, int]:
    """The passage to show for one side and where it starts in the document.

    A duplicate's evidence is the passage itself; a drift's is just the changed words, so the
    enclosing paragraph is shown to give the words their context.
    """
    if text is None or not (0 <= ev.start <= ev.end <= len(text)):
        return ev.quote, ev.start
    if kind == "duplicate":
        a, b = ev.start, ev.end
    else:
        starts = [m.end() for m in _BLOCK.finditer(text, 0, ev.start)]
        a = starts[-1] if starts else 0
        m = _BLOCK.search(text, ev.end)
        b = m.start() if m else len(text)
    if b - a > PASSAGE_MAX:  # keep the span in view when the paragraph is long
        a = max(a, ev.start - PASSAGE_MAX // 3)
        b = min(b, a + PASSAGE_MAX)
    return text[a:b], a


def _side_by_side(report: Report, f: Finding, paths: dict[str, str]) -> str:
    left, right = f.evidence[0], f.evidence[1]
    ta, a0 = _passage(report.texts.get(left.doc), left, f.kind)
    tb, b0 = _passage(report.texts.get(right.doc), right, f.kind)
    toks_a = [(m.start(), m.group()) for m in _TOKENS.finditer(ta)]
    toks_b = [(m.start(), m.group()) for m in _TOKENS.finditer(tb)]
    words_a = [t for _, t in toks_a if not t.isspace()]
    words_b = [t for _, t in toks_b if not t.isspace()]
    changed_a: set[int] = set()
    changed_b: set[int] = set()
    for op in Levenshtein.opcodes(words_a, words_b):
        if op.tag in ("replace", "delete"):
            changed_a.update(range(op.src_start, op.src_end))
        if op.tag in ("replace", "insert"):
            changed_b.update(range(op.dest_start, op.dest_end))
    sides = []
    for ev, toks, base, changed in ((left, toks_a, a0, changed_a), (right, toks_b, b0, changed_b)):
        label = _e(_where(report, ev, paths))
        value = f' <span class="value">{_e(ev.value)}</span>' if ev.value else ""
        sides.append(
            f'<div class="side" data-doc="{_e(ev.doc)}"><div class="loc">{label}{value}</div>'
            f'<div class="passage">{_marked(toks, base, changed, ev, f.kind == "drift")}</div>'
            "</div>"
        )
    return '<div class="sbs">' + "".join(sides) + "</div>"


def _marked(
    toks: list[tuple[int, str]], base: int, changed: set[int], ev: Evidence, show_hit: bool
) -> str:
    """Tokens as HTML: changed words in <mark class="chg">, the evidence span (for drift, the
    words the finding is about) in .hit, runs of tokens with the same classes merged."""
    runs: list[tuple[str, str]] = []
    word = -1
    for i, (off, tok) in enumerate(toks):
        start, end = base + off, base + off + len(tok)
        hit = show_hit and start < ev.end and end > ev.start and ev.end > ev.start
        if tok.isspace():
            # A space between two changed words is part of the change; otherwise plain.
            prev_chg = word in changed
            next_chg = i + 1 < len(toks) and (word + 1) in changed
            chg = prev_chg and next_chg
        else:
            word += 1
            chg = word in changed
        cls = " ".join(c for c, on in (("chg", chg), ("hit", hit)) if on)
        if runs and runs[-1][0] == cls:
            runs[-1] = (cls, runs[-1][1] + tok)
        else:
            runs.append((cls, tok))
    out = []
    for cls, s in runs:
        if not cls:
            out.append(_e(s))
        elif "chg" in cls:
            out.append(f'<mark class="{cls}">{_e(s)}</mark>')
        else:
            out.append(f'<span class="{cls}">{_e(s)}</span>')
    return "".join(out)


# ---------------------------------------------------------------------------------- timelines

_W, _LEFT, _RIGHT, _TOP, _LANE = 720, 150, 20, 14, 24


def _plot_value(v: Value) -> float | None:
    if isinstance(v, Quantity):
        return v.stated
    if isinstance(v, Breakdown) and v.total is not None:
        return v.total.stated
    return None


def _series_name(c: Claim) -> str:
    """One chart per property, facet and object: victims of labor trafficking and of sex
    trafficking are different series, as are ratifications of different treaties."""
    name = c.property
    if c.facet:
        name += f" [{c.facet}]"
    if c.object is not None:
        name += f" · {c.object.name}"
    return name


def _label(c: Claim) -> str:
    text = c.value.describe()
    return f"not {text}" if c.negated else text


def _x_of(t: dt.date) -> float:
    return t.year + (t.timetuple().tm_yday - 1) / 366


def _timelines(report: Report, anchors: dict[int, str]) -> str:
    # Evidence spans of contradictions, so a point can link to the finding that disputes it.
    disputed: dict[str, list[tuple[int, int, str | None, str]]] = defaultdict(list)
    for i, f in enumerate(report.findings):
        if f.kind == "contradiction":
            for ev in f.evidence:
                disputed[ev.doc].append((ev.start, ev.end, f.property, anchors[i]))
    series: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for c in report.claims:
        # A comparison ("twice as many as in 2003") relates two figures; it is not a value.
        if c.period is not None and c.subject is not None and not isinstance(c.value, Comparison):
            series[c.subject.name][_series_name(c)].append(c)
    blocks = []
    for subject in sorted(series):
        charts = []
        for prop in sorted(series[subject]):
            claims = sorted(series[subject][prop], key=lambda c: c.sort_key())
            links = {
                id(c): next(
                    (
                        a
                        for s, e, p, a in disputed.get(c.doc, [])
                        if s < c.end and c.start < e and p in (None, c.property)
                    ),
                    None,
                )
                for c in claims
            }
            points = {(c.period.iso if c.period else "", _label(c)) for c in claims}
            if len(points) < 2 and not any(links.values()):  # one value: nothing to compare
                continue
            charts.append(_chart(report, prop, claims, links))
        if charts:
            blocks.append(f'<div class="subject"><h3>{_e(subject)}</h3>{"".join(charts)}</div>')
    if not blocks:
        return ""
    return '<section id="timelines"><h2>Timelines</h2>' + "".join(blocks) + "</section>"


def _chart(report: Report, prop: str, claims: list[Claim], links: dict[int, str | None]) -> str:
    """One property's values by period as an inline SVG; disputed points are red and link to
    the finding. Numeric values get a y scale, anything else a lane per distinct value."""
    xs = [_x_of(c.period.start) for c in claims if c.period]
    xe = [_x_of(c.period.end) for c in claims if c.period]
    lo, hi = int(min(xs)), int(max(xe)) + 1
    nums = [_plot_value(c.value) for c in claims]
    numeric = all(n is not None for n in nums) and not any(c.negated for c in claims)
    if numeric:
        vals = [n for n in nums if n is not None]
        vmin, vmax = min(vals), max(vals)
        height = 150
        lanes: list[str] = []
    else:
        labels = {_label(c) for c in claims}
        tier_rank = {t: i for i, t in enumerate(TIERS)}
        lanes = (
            sorted(labels, key=lambda s: (tier_rank.get(s, len(TIERS)), s))
            if all(isinstance(c.value, Tier) for c in claims)
            else sorted(labels)
        )
        height = _TOP * 2 + _LANE * len(lanes) + 20
        vmin = vmax = 0.0
    plot_h = height - _TOP - 30

    def px(x: float) -> float:
        return _LEFT + (x - lo) / max(hi - lo, 1) * (_W - _LEFT - _RIGHT)

    def py(c: Claim, n: float | None) -> float:
        if numeric and n is not None:
            frac = 0.5 if vmax == vmin else (n - vmin) / (vmax - vmin)
            return _TOP + (1 - frac) * plot_h
        return _TOP + _LANE * lanes.index(_label(c)) + _LANE / 2

    parts = [
        f'<svg class="timeline" role="img" viewBox="0 0 {_W} {height}" width="{_W}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(prop)} by period</title>"
    ]
    axis_y = height - 26
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{axis_y}" x2="{_W - _RIGHT}" y2="{axis_y}"/>'
    )
    step = max(1, -(-(hi - lo) // 10))  # at most ~10 year labels, so they never overlap
    for year in range(lo, hi + 1, step):
        x = px(year)
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{axis_y}"/>')
        parts.append(f'<text class="year" x="{x:.1f}" y="{height - 10}">{year}</text>')
    if numeric:
        marks: list[tuple[float, float]] = [(vmax, _TOP), (vmin, _TOP + plot_h)]
        if vmax == vmin:
            marks = [(vmin, _TOP + plot_h / 2)]
        for v, vy in marks:
            label = _e(_num(v))
            parts.append(f'<text class="lane" x="{_LEFT - 8}" y="{vy + 4:.1f}">{label}</text>')
    else:
        for i, lane in enumerate(lanes):
            ly = _TOP + _LANE * i + _LANE / 2
            short = lane if len(lane) <= 22 else lane[:21] + "…"
            parts.append(
                f'<text class="lane" x="{_LEFT - 8}" y="{ly + 4:.1f}">{_e(short)}'
                f"<title>{_e(lane)}</title></text>"
            )
    paths = doc_paths(report)
    for c, n in zip(claims, nums, strict=True):
        assert c.period is not None  # claims without a period never reach a timeline
        x1, x2 = px(_x_of(c.period.start)), px(_x_of(c.period.end) + 1 / 366)
        y = py(c, n)
        anchor = links[id(c)]
        tip = (
            f"{c.period.describe()}: {_label(c)} — {paths.get(c.doc, c.doc)}:{c.line}"
            f"{' (disputed)' if anchor else ''}\n“{c.quote}”"
        )
        cls = "pt bad" if anchor else "pt"
        shape = (
            f'<line class="span" x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}"/>'
            f'<circle class="{cls}" cx="{(x1 + x2) / 2:.1f}" cy="{y:.1f}" '
            f'r="{6 if anchor else 4}"><title>{_e(tip)}</title></circle>'
        )
        parts.append(f'<a href="#{anchor}">{shape}</a>' if anchor else shape)
    parts.append("</svg>")
    return f'<figure class="chart"><figcaption>{_e(prop)}</figcaption>{"".join(parts)}</figure>'


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.4g}"


# ------------------------------------------------------------------------ documents and errors


def _documents(report: Report) -> str:
    rows = "".join(
        f"<tr><td>{_e(d.id)}</td><td>{_e(d.title or '')}</td><td>{_e(d.as_of or '')}"
        f"{' (' + _e(d.as_of_source) + ')' if d.as_of_source else ''}</td>"
        f'<td class="num">{d.claims}</td></tr>'
        for d in report.documents
    )
    return (
        '<section id="documents"><h2>Documents</h2><table><thead><tr><th>document</th>'
        "<th>title</th><th>as of</th><th>claims</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _notices(report: Report) -> str:
    found = notices(report)
    if not found:
        return ""
    paths = doc_paths(report)
    items = "".join(
        f'<li><code>{_e(n.code)}</code> <span class="loc">{_e(paths.get(n.doc, n.doc))}:'
        f"{n.line}</span> {_e(n.message)}</li>"
        for n in found
    )
    return f'<section id="notices"><h2>Suppression notices</h2><ul>{items}</ul></section>'


def _errors(report: Report) -> str:
    if not report.errors:
        return ""
    items = "".join(
        f"<li><code>{_e(e.code)}</code> {_e(e.message)}</li>"
        for e in sorted(report.errors, key=lambda e: (e.doc, e.code))
    )
    head = "<h2>Documents that could not be read</h2>"
    return f'<section id="errors">{head}<ul>{items}</ul></section>'


# The script reads only attributes this module wrote; it never evaluates document text, and it
# shows and hides findings with the `hidden` attribute.
_SCRIPT = """
(function () {
  "use strict";
  var state = {kind: "", severity: "", doc: ""};
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  function matches(f) {
    if (state.kind && f.getAttribute("data-kind") !== state.kind) return false;
    if (state.severity && f.getAttribute("data-severity") !== state.severity) return false;
    if (!state.doc) return true;
    return Array.prototype.some.call(f.querySelectorAll("[data-doc]"), function (e) {
      return e.getAttribute("data-doc") === state.doc;
    });
  }
  function apply() {
    var shown = 0;
    findings.forEach(function (f) { var ok = matches(f); f.hidden = !ok; if (ok) shown++; });
    document.getElementById("shown").textContent = String(shown);
    document.querySelectorAll("button[data-filter]").forEach(function (b) {
      var on = state[b.getAttribute("data-filter")] === b.getAttribute("data-value");
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  document.querySelectorAll("button[data-filter]").forEach(function (b) {
    b.addEventListener("click", function () {
      state[b.getAttribute("data-filter")] = b.getAttribute("data-value");
      apply();
    });
  });
  var select = document.getElementById("doc-filter");
  select.addEventListener("change", function () { state.doc = select.value; apply(); });
  // A timeline point links to its finding; clear the filters if they hide it.
  function reveal() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var target = id ? document.getElementById(id) : null;
    if (target && target.hidden) {
      state = {kind: "", severity: "", doc: ""};
      select.value = "";
      apply();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  apply();
})();
"""

_STYLE = """
:root { --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa;
  --error: #cf222e; --warning: #9a6700; --info: #0969da; --chg: #fff8c5; --hit: #ddf4ff; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --card: #151b23;
    --error: #ff7b72; --warning: #d29922; --info: #58a6ff; --chg: #5a4a00; --hit: #0c2d6b; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { margin: 0; font-size: 24px; } h2 { font-size: 18px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 16px 0 4px; }
.sub, .meta, .loc, .count { color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 16px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: 6px 12px; min-width: 96px; display: flex; flex-direction: column; }
.card .n { font-size: 20px; font-weight: 600; } .card .l { color: var(--muted); font-size: 12px; }
.card.sev-error .n, .card.failing .n { color: var(--error); }
.card.sev-warning .n { color: var(--warning); } .card.sev-info .n { color: var(--info); }
.filters { position: sticky; top: 0; background: var(--bg); padding: 8px 0;
  border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 12px;
  align-items: center; z-index: 1; }
.group { display: inline-flex; }
.group button { font: inherit; padding: 3px 10px; border: 1px solid var(--line);
  background: var(--card); color: var(--fg); cursor: pointer; margin-left: -1px; }
.group button:first-child { border-radius: 6px 0 0 6px; margin-left: 0; }
.group button:last-child { border-radius: 0 6px 6px 0; }
.group button[aria-pressed="true"] { background: var(--info); color: #fff;
  border-color: var(--info); }
select { font: inherit; padding: 2px 4px; max-width: 320px; }
[hidden] { display: none !important; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 6px;
  padding: 8px 12px; margin: 10px 0; }
.finding.sev-error { border-left-color: var(--error); }
.finding.sev-warning { border-left-color: var(--warning); }
.finding header { display: flex; gap: 8px; align-items: baseline; }
.finding .anchor { margin-left: auto; color: var(--muted); text-decoration: none; }
.badge { font-size: 12px; font-weight: 600; text-transform: uppercase; }
.badge.sev-error { color: var(--error); } .badge.sev-warning { color: var(--warning); }
.badge.sev-info { color: var(--info); }
.kind { color: var(--muted); } .msg { margin: 4px 0; font-weight: 500; }
.evidence { list-style: none; padding: 0; margin: 4px 0; }
.evidence li { margin: 6px 0; }
.value { font-family: ui-monospace, monospace; background: var(--card); padding: 0 4px;
  border-radius: 4px; }
blockquote, .passage { margin: 4px 0; padding: 6px 10px; background: var(--card);
  border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: var(--chg); color: inherit; }
.evidence mark { background: var(--hit); font-weight: 600; }
.hit { text-decoration: underline 2px var(--info); text-underline-offset: 3px; }
.sbs { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
@media (max-width: 800px) { .sbs { grid-template-columns: 1fr; } }
.chart { margin: 4px 0 12px; } figcaption { font-family: ui-monospace, monospace; font-size: 12px; }
svg.timeline { max-width: 100%; height: auto; }
svg .axis, svg .tick { stroke: var(--line); } svg .span { stroke: var(--info); stroke-width: 2; }
svg .pt { fill: var(--info); } svg .pt.bad { fill: var(--error); }
svg text { fill: var(--muted); font-size: 11px; } svg .year { text-anchor: middle; }
svg .lane { text-anchor: end; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; overflow-wrap: anywhere; }
td.num { text-align: right; }
"""
