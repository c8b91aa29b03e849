"""Tables: figures by year in a Markdown table (`| Year | Victims identified | … |`) or in a
plain-text table whose header row lists the years (`Year  2008  2009  2010`) and whose rows are
measures (`Convicted  41  30  27`). A column or row label names its measure the way a count's
noun and verb do ("Victims identified" → victims identified; "Convicted" → convictions).

A Markdown table whose rows are countries (`| Country | 2013 | 2014 |`) counts the measure its
caption names (the heading above it, "Children assisted"), each row of its own country; a
`Total` row is the total of the rows above it, checked as a breakdown (TC201). A column of
tiers under a year column (`| Report year | Tier |`) is a tier placement for each year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tipcheck.extraction.context import ClaimBuilder, Context, facet_of, measure_of
from tipcheck.extraction.statements import tier_in
from tipcheck.parse.numbers import parse_number
from tipcheck.values import Breakdown, Entity, Part, Quantity, Time

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CELL_NUMBER = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$")
_MD_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)
_MD_RULE = re.compile(r"^[\s|:-]+$")
_TOKEN = re.compile(r"\S+(?: \S+)*")  # cells of a plain table are separated by 2+ spaces
_YEAR_HEADER = re.compile(r"^(?:[\w-]+\s+)?(?:year|years|period)$", re.I)
_TOTAL = re.compile(r"^(?:grand\s+)?total$", re.I)
_NATIONALITY = re.compile(
    r"^(?:nationality|nationalities|citizenship|(?:country\s+of\s+)?origin|country\s+of\s+citizenship)$",
    re.I,
)


def _measure(ctx: Context, label: str) -> str | None:
    label = label.strip()
    return measure_of(ctx, label) or measure_of(ctx, label.lower(), verbs_only=True)


def _paragraph_at(ctx: Context, offset: int) -> int:
    for i, p in enumerate(ctx.seg.paragraphs):
        if p.start <= offset < p.end:
            return i
    return -1


def find_tables(
    ctx: Context, b: ClaimBuilder, subjects: Sequence[Entity | None]
) -> list[tuple[int, int]]:
    """Claims from every table in the document; returns the spans of its plain-text tables,
    whose figures no prose reading should take as well."""
    text = ctx.seg.masked
    if "|" in text:
        _markdown_tables(ctx, b, subjects)
    return _plain_tables(ctx, b, subjects)


def _cells(line: str, start: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell between pipes, offsets into the document; emphasis
    around a cell ("**Total**", "**337**") is not part of its text."""
    out = []
    pos = 0
    for part in line.split("|"):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        inner = body.strip("*_")
        skip = (len(body) - len(body.lstrip("*_"))) if inner else 0
        s = start + pos + lead + skip
        out.append((s, s + len(inner), inner))
        pos += len(part) + 1
    return out


def _caption(ctx: Context, table_start: int) -> str:
    """The heading right above a table (its caption), or ""."""
    for p in reversed(ctx.seg.paragraphs):
        if p.end <= table_start and ctx.seg.masked[p.start : p.end].strip():
            text = ctx.seg.masked[p.start : p.end]
            # a Markdown heading is a caption however long ("## Table A1. Victims …, 2017-2020")
            line = ctx.seg.text[ctx.seg.text.rfind("\n", 0, p.start) + 1 : p.start]
            heading = p.kind == "heading" or line.lstrip().startswith("#")
            return text.strip(" #*\n") if heading else ""
    return ""


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
        year_col = next((k for k, c in enumerate(header) if _YEAR_HEADER.match(c[2])), None)
        if year_col is None:
            if len(header) > 2 and all(_YEAR.match(c[2]) for c in header[1:]):
                _years_across(ctx, b, subjects, header, block[2:], _caption(ctx, block[0].start()))
            continue
        props = [None if k == year_col else _measure(ctx, c[2]) for k, c in enumerate(header)]
        tiers = [k != year_col and c[2].lower() in ("tier", "tier placement", "tier ranking")
                 for k, c in enumerate(header)]  # fmt: skip
        for row in block[2:]:
            cells = _cells(row.group(1), row.start(1))
            if len(cells) != len(header) or not _YEAR.match(cells[year_col][2]):
                continue
            period = Time.year(int(cells[year_col][2]))
            pi = _paragraph_at(ctx, row.start())
            subj = subjects[pi] if pi >= 0 else None
            for k, (cs, ce, body) in enumerate(cells):
                tier = tier_in(body) if tiers[k] else None
                if tier is not None:
                    b.add(cs, ce, subj, "tip.tier", tier, period, "table", para=pi)
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
    caption: str,
) -> None:
    """`| Indicator | 2013 | 2014 |` then `| Victims identified | 332 | 484 |`: a measure a row;
    `| Country | 2013 | 2014 |` then `| Senegal | 198 | 236 |`: the caption's measure, a
    country a row, and a `Total` row checked against the rows above it."""
    years = [Time.year(int(c[2])) for c in header[1:]]
    by_country = _measure(ctx, caption) if caption else None
    parts: list[list[Part]] = [[] for _ in years]
    countries = False
    # `| Nationality | 2017 |`: the rows are the people's nationalities, not countries' figures
    people = _NATIONALITY.match(header[0][2]) is not None
    for row in rows:
        cells = _cells(row.group(1), row.start(1))
        if len(cells) != len(header):
            continue
        pi = _paragraph_at(ctx, row.start())
        subj = subjects[pi] if pi >= 0 else None
        label = cells[0][2]
        prop = _measure(ctx, label)
        country = _country_row(ctx, label) if prop is None and not people else None
        if country is not None and by_country is not None:
            prop, subj = by_country, country
            countries = True
        elif by_country is not None and _TOTAL.match(label):
            # the pack's breakdown of that measure ("victims.breakdown" for victims assisted)
            whole = next(
                (r.property for r in ctx.pack.breakdowns if r.total_property == by_country), None
            )
            if countries:  # the countries' total: no one country's figure
                if whole is not None:
                    _total_row(b, None, whole, cells, years, parts, pi)
            else:  # rows of categories ("| Venezuelan |", "| Other |"): the subject's total
                # (the table's subject, as its header row has it: the rows name nationalities)
                hp = _paragraph_at(ctx, header[0][0])
                subj = subjects[hp] if hp >= 0 else subj
                _total_claims(b, subj, by_country, cells, years, pi)
                if whole is not None:
                    _total_row(b, subj, whole, cells, years, parts, pi)
            continue
        elif prop is None and by_country is not None:
            # a row that is neither a measure nor a country is a category of the caption's
            # measure: a part of the total row, no claim of its own
            _category_parts(label, cells[1:], parts)
            continue
        if prop is None:
            continue
        for k, (year, (cs, ce, body)) in enumerate(zip(years, cells[1:], strict=True)):
            n = parse_number(body) if _CELL_NUMBER.match(body) else None
            if n is not None:
                q = Quantity(n, n, n)
                b.add(cs, ce, subj, prop, q, year, "table", para=pi)
                if country is not None:
                    parts[k].append(Part(country.name, q, cs, ce))


def _country_row(ctx: Context, label: str) -> Entity | None:
    """The country a row label names; a nationality ("Venezuelan") is a category of people,
    not a country's own figure."""
    country = ctx.pack.gazetteer.resolve(label)
    if country is None or country.kind != "country":
        return None
    found = ctx.pack.gazetteer.find(label)
    if found and all(m.role == "demonym" for m in found):
        return None
    return country


def _category_parts(
    label: str, cells: Sequence[tuple[int, int, str]], parts: list[list[Part]]
) -> None:
    """Each cell of a category row as a part of its column."""
    for k, (cs, ce, body) in enumerate(cells):
        n = parse_number(body) if _CELL_NUMBER.match(body) else None
        if n is not None and k < len(parts):
            parts[k].append(Part(label, Quantity(n, n, n), cs, ce))


def _total_claims(
    b: ClaimBuilder,
    subj: Entity | None,
    prop: str,
    cells: Sequence[tuple[int, int, str]],
    years: list[Time],
    pi: int,
) -> None:
    """A `Total` row's cells as the measure's figure for each year."""
    for year, (cs, ce, body) in zip(years, cells[1:], strict=False):
        n = parse_number(body) if _CELL_NUMBER.match(body) else None
        if n is not None:
            b.add(cs, ce, subj, prop, Quantity(n, n, n), year, "table", para=pi)


def _total_row(
    b: ClaimBuilder,
    subj: Entity | None,
    prop: str,
    cells: Sequence[tuple[int, int, str]],
    years: list[Time],
    parts: list[list[Part]],
    pi: int,
) -> None:
    """A `Total` row: for each year, its cell as the total of that column's rows above."""
    for k, (year, (_cs, ce, body)) in enumerate(zip(years, cells[1:], strict=False)):
        n = parse_number(body) if _CELL_NUMBER.match(body) else None
        if n is None or len(parts[k]) < 2:
            continue
        start = min(p.start for p in parts[k])
        value = Breakdown(Quantity(n, n, n), tuple(parts[k]), partition=True)
        b.add(start, ce, subj, prop, value, year, "table", para=pi)


_PLAIN_HEADER = re.compile(
    r"^[ \t]*(?:(?P<label>[A-Za-z][\w ]{0,30}?)[ \t]{2,})?(?P<years>(?:(?:19|20)\d\d[ \t]+){2,}(?:19|20)\d\d)[ \t]*$",
    re.M,
)
# matched at a line's start with pos/endpos, so no "^" (which would only match at offset 0)
_PLAIN_ROW = re.compile(
    r"(?P<indent>[ \t]*)(?P<label>[A-Za-z][\w ,'’-]{0,40}?)[ \t]{2,}(?P<nums>[\d,]+(?:[ \t]+[\d,]+)+)[ \t]*$"
)
# a row with a label and no figures heads the indented rows under it ("Victims identified")
_PLAIN_GROUP = re.compile(r"(?P<indent>[ \t]*)(?P<label>[A-Za-z][\w ,'’-]{0,40}?)[ \t]*$")


def _plain_tables(
    ctx: Context, b: ClaimBuilder, subjects: Sequence[Entity | None]
) -> list[tuple[int, int]]:
    """Plain-text tables with the years across the top; returns the spans of their rows (the
    figures there are the table's, not counts in prose). A measure row heads indented rows
    when it has no figures of its own: each is a part of that measure (a facet where the pack
    knows it: "Female", "Male"), and its `Total` row is the measure's figure for each year,
    checked against the parts (TC201)."""
    text = ctx.seg.masked
    spans: list[tuple[int, int]] = []
    for h in _PLAIN_HEADER.finditer(text):
        years = [int(y) for y in h.group("years").split()]
        periods = [Time.year(y) for y in years]
        pos = h.end() + 1
        group: tuple[str, int] | None = None  # the measure heading indented rows, its indent
        parts: list[list[Part]] = [[] for _ in years]
        while pos < len(text):
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl
            row = _PLAIN_ROW.match(text, pos, end)
            if row is None:
                head = _PLAIN_GROUP.match(text, pos, end)
                prop = _measure(ctx, head.group("label")) if head else None
                if head is None or prop is None:
                    break
                group = (prop, len(head.group("indent")))
                parts = [[] for _ in years]
                pos = end + 1
                continue
            nums = list(re.finditer(r"[\d,]+", row.group("nums")))
            label = row.group("label").strip()
            pi = _paragraph_at(ctx, pos)
            subj = subjects[pi] if pi >= 0 else None
            base = row.start("nums")
            cells = [(base + nm.start(), base + nm.end(), nm.group()) for nm in nums]
            if group is not None and len(row.group("indent")) <= group[1]:
                group = None  # back at the heading's indent: the group has ended
            if group is not None and len(nums) == len(years):
                if _TOTAL.match(label):
                    _total_claims(b, subj, group[0], [(pos, pos, label), *cells], periods, pi)
                    whole = next(
                        (r.property for r in ctx.pack.breakdowns if r.total_property == group[0]),
                        None,
                    )
                    if whole is not None:
                        _total_row(b, subj, whole, [(pos, pos, label), *cells], periods, parts, pi)
                else:
                    facet = facet_of(ctx, label)
                    for k, (cs, ce, body) in enumerate(cells):
                        n = parse_number(body)
                        if n is None:
                            continue
                        q = Quantity(n, n, n)
                        parts[k].append(Part(label, q, cs, ce))
                        if facet is not None:
                            b.add(
                                cs, ce, subj, group[0], q, periods[k], "table", facet=facet, para=pi
                            )
                pos = end + 1
                continue
            prop = _measure(ctx, label)
            if prop is not None and len(nums) == len(years):
                for (s, e, body), period in zip(cells, periods, strict=True):
                    n = parse_number(body)
                    if n is not None:
                        b.add(s, e, subj, prop, Quantity(n, n, n), period, "table", para=pi)
            pos = end + 1
        spans.append((h.start(), pos))
    return spans
