"""Tables: figures by year in a Markdown table (`| Year | Victims identified | … |`) or in a
plain-text table whose header row lists the years (`Year  2008  2009  2010`) and whose rows are
measures (`Convicted  41  30  27`). A column or row label names its measure the way a count's
noun and verb do ("Victims identified" → victims identified; "Convicted" → convictions).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tipcheck.extraction.context import ClaimBuilder, Context, measure_of
from tipcheck.parse.numbers import parse_number
from tipcheck.values import Entity, Quantity, Time

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CELL_NUMBER = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$")
_MD_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)
_MD_RULE = re.compile(r"^[\s|:-]+$")
_TOKEN = re.compile(r"\S+(?: \S+)*")  # cells of a plain table are separated by 2+ spaces


def _measure(ctx: Context, label: str) -> str | None:
    label = label.strip()
    return measure_of(ctx, label) or measure_of(ctx, label.lower(), verbs_only=True)


def _paragraph_at(ctx: Context, offset: int) -> int:
    for i, p in enumerate(ctx.seg.paragraphs):
        if p.start <= offset < p.end:
            return i
    return -1


def find_tables(ctx: Context, b: ClaimBuilder, subjects: Sequence[Entity | None]) -> None:
    """Claims from every table in the document."""
    text = ctx.seg.masked
    if "|" in text:
        _markdown_tables(ctx, b, subjects)
    _plain_tables(ctx, b, subjects)


def _cells(line: str, start: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell between pipes, offsets into the document."""
    out = []
    pos = 0
    for part in line.split("|"):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        out.append((start + pos + lead, start + pos + lead + len(body), body))
        pos += len(part) + 1
    return out


def _markdown_tables(ctx: Context, b: ClaimBuilder, subjects: Sequence[Entity | None]) -> None:
    text = ctx.seg.masked
    rows = [m for m in _MD_ROW.finditer(text)]
    i = 0
    while i < len(rows):
        # a table: consecutive rows, the second a rule line
        block = [rows[i]]
        while i + len(block) < len(rows) and rows[i + len(block)].start() == block[-1].end() + 1:
            block.append(rows[i + len(block)])
        i += len(block)
        if len(block) < 3 or not _MD_RULE.match(block[1].group(1)):
            continue
        header = _cells(block[0].group(1), block[0].start(1))
        year_col = next(
            (k for k, c in enumerate(header) if c[2].lower() in ("year", "years", "period")), None
        )
        if year_col is None:
            if len(header) > 2 and all(_YEAR.match(c[2]) for c in header[1:]):
                _years_across(ctx, b, subjects, header, block[2:])
            continue
        props = [None if k == year_col else _measure(ctx, c[2]) for k, c in enumerate(header)]
        for row in block[2:]:
            cells = _cells(row.group(1), row.start(1))
            if len(cells) != len(header) or not _YEAR.match(cells[year_col][2]):
                continue
            period = Time.year(int(cells[year_col][2]))
            pi = _paragraph_at(ctx, row.start())
            subj = subjects[pi] if pi >= 0 else None
            for k, (cs, ce, body) in enumerate(cells):
                prop = props[k]
                if prop is None or not _CELL_NUMBER.match(body):
                    continue
                n = parse_number(body)
                if n is not None:
                    b.add(cs, ce, subj, prop, Quantity(n, n, n), period, "table", para=pi)


def _years_across(
    ctx: Context,
    b: ClaimBuilder,
    subjects: Sequence[Entity | None],
    header: list[tuple[int, int, str]],
    rows: list[re.Match[str]],
) -> None:
    """`| Indicator | 2013 | 2014 |` then `| Victims identified | 332 | 484 |`: a measure a row."""
    years = [Time.year(int(c[2])) for c in header[1:]]
    for row in rows:
        cells = _cells(row.group(1), row.start(1))
        if len(cells) != len(header):
            continue
        prop = _measure(ctx, cells[0][2])
        if prop is None:
            continue
        pi = _paragraph_at(ctx, row.start())
        subj = subjects[pi] if pi >= 0 else None
        for year, (cs, ce, body) in zip(years, cells[1:], strict=True):
            n = parse_number(body) if _CELL_NUMBER.match(body) else None
            if n is not None:
                b.add(cs, ce, subj, prop, Quantity(n, n, n), year, "table", para=pi)


_PLAIN_HEADER = re.compile(
    r"^[ \t]*(?P<label>[A-Za-z][\w ]{0,30}?)[ \t]{2,}(?P<years>(?:(?:19|20)\d\d[ \t]+){2,}(?:19|20)\d\d)[ \t]*$",
    re.M,
)
# matched at a line's start with pos/endpos, so no "^" (which would only match at offset 0)
_PLAIN_ROW = re.compile(
    r"[ \t]*(?P<label>[A-Za-z][\w ,'’-]{0,40}?)[ \t]{2,}(?P<nums>[\d,]+(?:[ \t]+[\d,]+)+)[ \t]*$"
)


def _plain_tables(ctx: Context, b: ClaimBuilder, subjects: Sequence[Entity | None]) -> None:
    text = ctx.seg.masked
    for h in _PLAIN_HEADER.finditer(text):
        years = [int(y) for y in h.group("years").split()]
        pos = h.end() + 1
        while pos < len(text):
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl
            row = _PLAIN_ROW.match(text, pos, end)
            if row is None:
                break
            nums = list(re.finditer(r"[\d,]+", row.group("nums")))
            prop = _measure(ctx, row.group("label"))
            if prop is not None and len(nums) == len(years):
                pi = _paragraph_at(ctx, pos)
                subj = subjects[pi] if pi >= 0 else None
                base = row.start("nums")
                for y, nm in zip(years, nums, strict=True):
                    n = parse_number(nm.group())
                    if n is not None:
                        s, e = base + nm.start(), base + nm.end()
                        b.add(s, e, subj, prop, Quantity(n, n, n), Time.year(y), "table", para=pi)
            pos = end + 1
