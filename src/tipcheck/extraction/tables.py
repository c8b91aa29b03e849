"""What tables mean. `grids.py` reads every table (Markdown, comma-separated, aligned plain text)
as a grid of cells with offsets; here a grid becomes claims:

- a Markdown table with a year column (`| Year | Victims identified |`): each row that year's
  figures, a tier column a tier placement for each year;
- years across (`| Indicator | 2019 | 2020 |`): a row whose label names a measure is its figures
  ("Victims identified" → victims identified; "Convicted" → convictions), the way a count's noun
  and verb do;
- measures across (`District,Cases,Victims`): one year for the table, from its caption;
- rows under a label-only group row or a caption naming the measure are its parts: a country
  row that country's figure, a group row ("Girls under 18") the group's, a nationality row a
  part only; a `Total` row is the measure's total, checked against the parts (TC201);
- a header-less table of one column: the caption's measure and year, or rows of statistics.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from tipcheck.extraction.breakdowns import by_total, statistic_row
from tipcheck.extraction.context import ClaimBuilder, Context, facet_of, measure_of
from tipcheck.extraction.grids import Cell, Grid, grids, markdown_blocks, pipe_cells
from tipcheck.extraction.statements import tier_in
from tipcheck.parse.numbers import parse_number
from tipcheck.values import Breakdown, Entity, Part, Quantity, Time

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CELL_NUMBER = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$")
_YEAR_HEADER = re.compile(r"^(?:[\w-]+\s+)?(?:year|years|period)$", re.I)
_TOTAL = re.compile(r"^(?:grand\s+)?total$", re.I)
# a results framework's columns: what was achieved is the figure; the plan, the baseline and the
# gap between them are not ("| Indicator | Target 2022 | Actual 2022 | Variance | Status |")
_ACTUAL = re.compile(r"\b(?:actual|actuals|achieved|achievement|results?|outturn)\b", re.I)
_PLAN = re.compile(r"\b(?:target|planned|plan|baseline|milestone|variance|status|goal)\b", re.I)
# a measure's row split by place or channel ("Victims identified – Majuro"), and its total row
# ("Total victims identified", "Victims identified, total")
_QUALIFIED = re.compile(r"^(?P<head>.+?)(?:\s+[–—-]\s+|:\s+)(?P<part>.+)$")
_TOTAL_OF = re.compile(
    r"^(?:(?:grand\s+)?total\s+(?P<a>.+)|(?P<b>.+?),?\s+[–—(-]?\s*total\)?)$", re.I
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
    """Claims from every table in the document; returns the spans of its plain-text and
    comma-separated tables, whose figures no prose reading should take as well (a Markdown
    row is no sentence; an aligned row reads like one)."""
    text = ctx.seg.masked
    year_columns = _markdown_tables(ctx, b, subjects) if "|" in text else set()
    spans: list[tuple[int, int]] = []
    for grid in grids(text):
        if grid.start not in year_columns:
            _read_grid(ctx, b, subjects, grid)
        if grid.syntax != "markdown" and grid.rows:
            last = grid.rows[-1]
            end = max([last.label.end, *(c.end for c in last.values if c is not None)])
            spans.append((grid.start, end))
    return spans


def _markdown_tables(ctx: Context, b: ClaimBuilder, subjects: Sequence[Entity | None]) -> set[int]:
    """Markdown tables with a year column (`| Year | Victims identified |`); returns where
    they start, so the grid reading leaves them alone."""
    done: set[int] = set()
    for block in markdown_blocks(ctx.seg.masked):
        header = pipe_cells(block[0].group(1), block[0].start(1))
        year_col = next((k for k, c in enumerate(header) if _YEAR_HEADER.match(c.text)), None)
        if year_col is None:
            continue
        done.add(block[0].start())
        props = [None if k == year_col else _measure(ctx, c.text) for k, c in enumerate(header)]
        tiers = [k != year_col and c.text.lower() in ("tier", "tier placement", "tier ranking")
                 for k, c in enumerate(header)]  # fmt: skip
        # columns of groups under a caption naming the measure ("## Victims identified, 2021-2023"
        # over `| Year | Women | Men | … | Total |`): each a group's figure, `Total` the measure's
        caption = _caption_of(ctx, block[0].start())
        cap_measure = _measure(ctx, caption) if caption else None
        facets = [
            facet_of(ctx, c.text) if cap_measure and props[k] is None and k != year_col else None
            for k, c in enumerate(header)
        ]
        total_col = next(
            (k for k, c in enumerate(header) if cap_measure and _TOTAL.match(c.text)), None
        )
        years: list[list[Part]] = [[] for _ in header]
        for row in block[2:]:
            cells = pipe_cells(row.group(1), row.start(1))
            if len(cells) != len(header):
                continue
            pi = _paragraph_at(ctx, row.start())
            subj = subjects[pi] if pi >= 0 else None
            if _TOTAL.match(cells[year_col].text):  # the years summed, column by column
                for k, cell in enumerate(cells):
                    _years_total(b, subj, props[k], _number(cell), cell, years[k], pi)
                continue
            if not _YEAR.match(cells[year_col].text):
                continue
            period = Time.year(int(cells[year_col].text))
            parts: list[Part] = []
            for k, cell in enumerate(cells):
                cs, ce, body = cell.start, cell.end, cell.text
                tier = tier_in(body) if tiers[k] else None
                if tier is not None:
                    b.add(cs, ce, subj, "tip.tier", tier, period, "table", para=pi)
                q = _number(cell)
                prop = props[k]
                if q is not None and prop is not None:
                    b.add(cs, ce, subj, prop, q, period, "table", para=pi)
                    years[k].append(Part(cells[year_col].text, q, cs, ce))
                elif q is not None and cap_measure is not None and facets[k] is not None:
                    b.add(cs, ce, subj, cap_measure, q, period, "table", facet=facets[k], para=pi)
                    parts.append(Part(header[k].text, q, cs, ce))
            total = _number(cells[total_col]) if total_col is not None else None
            if total is not None and cap_measure is not None:
                tc = cells[total_col]  # type: ignore[index]
                b.add(tc.start, tc.end, subj, cap_measure, total, period, "table", para=pi)
                whole = by_total(ctx).get(cap_measure)
                if whole is not None and len(parts) >= 2:
                    # the groups of one family split the total (TC201 checks the sum)
                    value = Breakdown(total, tuple(parts), partition=_one_family(ctx, parts))
                    b.add(parts[0].start, tc.end, subj, whole.property, value, period, "table",
                          para=pi)  # fmt: skip
    return done


def _one_family(ctx: Context, parts: Sequence[Part]) -> bool:
    """Whether the parts' groups are all of one facet family (a split of the whole)."""
    fams = {ctx.pack.facet_families.get(facet_of(ctx, p.label) or "") for p in parts}
    return len(fams) == 1 and None not in fams


# "of which: children", "of whom girls", "including foreign nationals": a subgroup of the row
# above, counted with its facet, never a part of the breakdown the rows make
_SUBGROUP = re.compile(r"^(?:of\s+which|of\s+whom|including|incl\.)\s*:?\s*", re.I)
_CAPTION_LINES = 3
_NATIONALITY = re.compile(
    r"^(?:nationality|citizenship|country\s+of\s+(?:origin|citizenship)|origin)$", re.I
)
_BY_NATIONALITY = re.compile(
    r"\bby\s+(?:nationality|citizenship|country\s+of\s+origin|origin)\b", re.I
)


def _caption_of(ctx: Context, start: int) -> str:
    """The caption above a table: the block of up to three lines right above it (blank lines
    between allowed) when it is a heading, a "Table …"/"Figure …" line or short; else ""."""
    text = ctx.seg.masked
    before = text[:start].rstrip().split("\n")
    block: list[str] = []
    for line in reversed(before):
        if not line.strip() or len(block) == _CAPTION_LINES:
            break
        block.insert(0, line.strip())
    cap = " ".join(block).strip(" #*")
    if not cap:
        return ""
    tabled = re.match(r"(?i)(?:table|figure|chart|annex)\s+[\w.]+", cap)
    if block[0].startswith("#") or tabled or len(cap.split()) <= 15:
        return cap[tabled.end() :].strip(" .:—–-") if tabled else cap
    return ""


def _caption_year(caption: str) -> Time | None:
    """The one year a caption names ("Victims identified in 2020, by form"); None for a span
    ("2016-2020") or none."""
    years = re.findall(r"(?<![\d-])(?:19|20)\d\d(?![\d-])", caption)
    if len(years) != 1 or re.search(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", caption):
        return None
    return Time.year(int(years[0]))


def _number(cell: Cell | None) -> Quantity | None:
    if cell is None or not _CELL_NUMBER.match(cell.text.strip("()")):
        return None
    n = parse_number(cell.text.strip("()"))
    return Quantity(n, n, n) if n is not None else None


def _measure_under(ctx: Context, header: str, caption: str) -> str | None:
    """The measure a column header names with its caption's verb: "Victims" under "… victims
    recorded by county" (the noun must be the header's own: "Cases" there is no victim count)."""
    for rule in ctx.pack.counts:
        if rule.verbs is not None and rule.nouns.search(header) and rule.verbs.search(caption):
            return rule.property
    return None


def _country_named(ctx: Context, label: str) -> Entity | None:
    """The country a row label names by name ("Senegal"); a demonym ("Venezuelan") names the
    nationality of people counted in the document's country, not that country's figure."""
    found = ctx.pack.gazetteer.find(label)
    if len(found) != 1 or found[0].role != "name" or found[0].entity.kind != "country":
        return None
    m = found[0]
    before = label[: m.start].strip(" *_").lower()
    return m.entity if before in ("", "the") and label[m.end :].strip(" *_") == "" else None


def _year_rows(grid: Grid) -> bool:
    """A label column headed "Year" whose every row is a year, but for a last `Total` row."""
    labels = [r.label.text.strip(" *_") for r in grid.rows]
    if labels and _TOTAL.match(labels[-1]):
        labels.pop()
    return (
        grid.header is not None
        and _YEAR_HEADER.match(grid.header.text.strip()) is not None
        and bool(labels)
        and all(_YEAR.match(label) for label in labels)
    )


def _read_year_rows(
    ctx: Context,
    b: ClaimBuilder,
    subjects: Sequence[Entity | None],
    grid: Grid,
    col_measures: Sequence[str | None],
) -> None:
    """A table of measures across and years down: each cell its column's measure for its row's
    year; a `Total` row is each column's years summed (TC201)."""
    years: list[list[Part]] = [[] for _ in col_measures]
    for row in grid.rows:
        pi = _paragraph_at(ctx, row.label.start)
        subj = subjects[pi] if pi >= 0 else None
        label = row.label.text.strip(" *_")
        if _TOTAL.match(label):
            for prop, cell, parts in zip(col_measures, row.values, years, strict=False):
                _years_total(b, subj, prop, _number(cell), cell, parts, pi)
            continue
        year = Time.year(int(label))
        for k, (prop, cell) in enumerate(zip(col_measures, row.values, strict=False)):
            q = _number(cell)
            if prop is not None and q is not None and cell is not None:
                b.add(cell.start, cell.end, subj, prop, q, year, "table", para=pi)
                years[k].append(Part(label, q, cell.start, cell.end))


def _years_total(
    b: ClaimBuilder, subj: Entity | None, prop: str | None, total: Quantity | None,
    cell: Cell | None, parts: Sequence[Part], pi: int,
) -> None:  # fmt: skip
    """A total row under rows of years: the sum of the years' figures, a claim of its own kind
    (`total.<measure>`, the years as its parts) over the span of the years, checked by TC201; it
    is no figure of any one year, so never compared with one."""
    if prop is None or total is None or cell is None or len(parts) < 2:
        return
    span = Time.span(Time.year(int(parts[0].label)), Time.year(int(parts[-1].label)))
    value = Breakdown(total, tuple(parts), partition=True)
    b.add(parts[0].start, cell.end, subj, f"total.{prop}", value, span, "table", para=pi)


def _countries_in_title(ctx: Context) -> int:
    title = ctx.doc.meta.title or ""
    return len({m.entity.id for m in ctx.pack.gazetteer.find(title) if m.entity.kind == "country"})


def _results_only(grid: Grid, cap_year: Time | None) -> Grid:
    """A table of targets against actuals keeps only its actual columns, each headed by its year
    (its own, "Actual 2022", or the caption's): a target is a plan, not a figure."""
    actual = [k for k, c in enumerate(grid.columns) if _ACTUAL.search(c.text)]
    if not actual or not any(_PLAN.search(c.text) for c in grid.columns):
        return grid
    columns: list[Cell] = []
    for k in actual:
        c = grid.columns[k]
        years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", c.text)
        year = years[0] if len(years) == 1 else str(cap_year.start.year) if cap_year else None
        if year is None:
            return grid
        columns.append(Cell(c.start, c.end, year))
    rows = tuple(attrs.evolve(r, values=tuple(r.values[k] for k in actual)) for r in grid.rows)
    return attrs.evolve(grid, columns=tuple(columns), rows=rows)


def _read_grid(
    ctx: Context, b: ClaimBuilder, subjects: Sequence[Entity | None], grid: Grid
) -> None:
    """A table's claims. Columns are years (`| Indicator | 2019 | 2020 |`), measures
    (`County,Cases,Victims`) or, without a header, one column of the caption's year. A row
    whose label names a measure is that measure's figures; the rows under a label-only group
    row ("Victims identified" then "  Female", "  Male", "  Total") or under a caption that
    names the measure are its parts: a country row is that country's figure, a group row
    ("Girls under 18") the measure's figure for that group, and a `Total` row the measure's
    total, checked against the parts above it (TC201). A subgroup row ("of which: children")
    is the row above's figure for that group, not a part."""
    caption = _caption_of(ctx, grid.start)
    results = _results_only(grid, _caption_year(caption) if caption else None)
    if results is not grid and _countries_in_title(ctx) > 1:
        return  # a project's results across the countries its title names are no one country's
    grid = results
    # rows by nationality name people's origin ("| Colombia | 14 |" under "Nationality"): parts
    # of the document country's figure, never the named country's own
    nationality = bool(
        _NATIONALITY.search(grid.header.text if grid.header else "")
        or _BY_NATIONALITY.search(caption)
    )
    cap_measure = _measure(ctx, caption) if caption else None
    cap_year = _caption_year(caption) if caption else None
    years = [Time.year(int(c.text)) if _YEAR.match(c.text) else None for c in grid.columns]
    measures_across = bool(grid.columns) and not all(y is not None for y in years)
    col_measures: list[str | None]
    periods: list[Time | None]
    if grid.columns and not measures_across:  # years across
        col_measures, periods = [None] * len(years), list(years)
    elif grid.columns:  # measures across: one year for the table, from its caption
        col_measures = []
        for c in grid.columns:
            sub = _SUBGROUP.sub("", c.text)
            # "Victims" under "… victims recorded by county, 2019": the caption's verb helps
            named = _measure(ctx, c.text) or (
                _measure_under(ctx, c.text, caption) if caption else None
            )
            col_measures.append(
                named or (col_measures[-1] if col_measures and sub != c.text else None)
            )
        if not any(col_measures):
            if len(grid.columns) != 1 or cap_measure is None:
                return
            # one column of figures ("Category,Number") under a caption naming the measure: the
            # caption's measure, as in a table without a header
            measures_across = False
        years = [None] * len(grid.columns)
        periods = [cap_year] * len(grid.columns)
        if _year_rows(grid):  # "Year,Investigations,Prosecutions": each row its year's figures
            _read_year_rows(ctx, b, subjects, grid, col_measures)
            return
    else:  # no header: one column, the caption's measure and year
        if cap_measure is None:  # else rows of statistics, each its own ("Population  884,887")
            for row in grid.rows:
                cell = row.values[0]
                pi = _paragraph_at(ctx, row.label.start)
                if cell is not None:
                    subj = subjects[pi] if pi >= 0 else None
                    statistic_row(
                        ctx, b, (row.label.start, row.label.end), (cell.start, cell.end), subj, pi
                    )
            return
        col_measures, periods = [None], [cap_year]
    col_facets = [
        facet_of(ctx, _SUBGROUP.sub("", c.text)) if _SUBGROUP.match(c.text) else None
        for c in grid.columns
    ] or [None]
    group: str | None = None  # the measure of the label-only row the next rows are under
    group_indent = -1
    above: str | None = None  # the measure of the row above, for a subgroup row
    parts: list[list[Part]] = [[] for _ in periods]
    by_country = [False] * len(periods)
    split_of: str | None = None  # the measure the rows above split ("Victims identified – Majuro")
    split_parts: list[list[Part]] = [[] for _ in periods]

    def add(cell: Cell, k: int, prop: str, q: Quantity, subj: Entity | None, pi: int,
            facet: str | None = None) -> None:  # fmt: skip
        b.add(cell.start, cell.end, subj, prop, q, periods[k], "table", facet=facet, para=pi)

    for row in grid.rows:
        pi = _paragraph_at(ctx, row.label.start)
        subj = subjects[pi] if pi >= 0 else None
        label = row.label.text.strip(" *_")
        own = _measure(ctx, label) if not _TOTAL.match(label) else None
        if all(v is None for v in row.values):  # a group's label row
            group, group_indent, parts = own, row.indent, [[] for _ in periods]
            above = own
            continue
        if group is not None and row.indent <= group_indent:
            group = None
        if group is None and not _SUBGROUP.match(label):
            total_of = _TOTAL_OF.match(label)
            whole_of = _measure(ctx, total_of["a"] or total_of["b"]) if total_of else None
            if whole_of is not None:  # "Total victims identified": the measure's total row
                for k, cell in enumerate(row.values):
                    q = _number(cell)
                    if q is None or cell is None:
                        continue
                    add(cell, k, whole_of, q, subj, pi)
                    whole = by_total(ctx).get(whole_of)
                    if split_of == whole_of and whole is not None and len(split_parts[k]) >= 2:
                        value = Breakdown(q, tuple(split_parts[k]), partition=True)
                        b.add(split_parts[k][0].start, cell.end, subj, whole.property, value,
                              periods[k], "table", para=pi)  # fmt: skip
                split_of, split_parts = None, [[] for _ in periods]
                above = whole_of
                continue
            qualified = _QUALIFIED.match(label)
            split = _measure(ctx, qualified["head"]) if qualified else None
            if qualified is not None and split is not None:  # one place's or channel's part
                if split != split_of:
                    split_of, split_parts = split, [[] for _ in periods]
                facet = facet_of(ctx, qualified["part"])
                for k, cell in enumerate(row.values):
                    q = _number(cell)
                    if q is None or cell is None:
                        continue
                    if facet is not None:
                        add(cell, k, split, q, subj, pi, facet)
                    split_parts[k].append(Part(qualified["part"], q, cell.start, cell.end))
                above = split
                continue
        if own is not None and group is None and not _SUBGROUP.match(label):
            above = own
            for k, cell in enumerate(row.values):
                q = _number(cell)
                if q is not None and cell is not None:
                    add(cell, k, own, q, subj, pi, col_facets[k])
            continue
        measure = group or cap_measure
        if _SUBGROUP.match(label):
            facet = facet_of(ctx, _SUBGROUP.sub("", label))
            target = above or measure
            if target is not None and facet is not None:
                for k, cell in enumerate(row.values):
                    q = _number(cell)
                    if q is not None and cell is not None:
                        add(cell, k, target, q, subj, pi, facet)
            continue
        for k, cell in enumerate(row.values):
            # in a table of measures across, a column naming none is not the caption's
            prop = col_measures[k] if measures_across else col_measures[k] or measure
            q = _number(cell)
            if prop is None or q is None or cell is None:
                continue
            if _TOTAL.match(label):
                # the total of country rows is the region's, no one country's
                owner = None if by_country[k] else subj
                if col_facets[k] is None:
                    if not by_country[k]:
                        add(cell, k, prop, q, owner, pi)
                    whole = by_total(ctx).get(prop)
                    if whole is not None and len(parts[k]) >= 2:
                        value = Breakdown(q, tuple(parts[k]), partition=True)
                        start = min(p.start for p in parts[k])
                        b.add(
                            start,
                            cell.end,
                            owner,
                            whole.property,
                            value,
                            periods[k],
                            "table",
                            para=pi,
                        )
                elif col_facets[k] is not None:
                    add(cell, k, prop, q, subj, pi, col_facets[k])
                continue
            country = None if nationality else _country_named(ctx, label)
            if country is not None and measure is not None:
                add(cell, k, prop, q, country, pi)
                by_country[k] = True
            elif col_facets[k] is None and (facet := facet_of(ctx, label)) is not None:
                add(cell, k, prop, q, subj, pi, facet)
            if col_facets[k] is None:
                parts[k].append(Part(label, q, cell.start, cell.end))
        if _TOTAL.match(label):
            parts = [[] for _ in periods]
            by_country = [False] * len(periods)
