"""Tables as grids, whatever their syntax: Markdown pipe tables, comma-separated lines pasted as
text (`Indicator,2017,2018`), and plain-text tables aligned with spaces, with or without a
header row. A grid is a header (the value columns' labels), rows (a label and one cell per
value column, None where a row leaves one empty) and the caption above it, every cell with its
offsets into the document, so claims read from it quote the cell itself. What a grid means
(which measure, which year) is `tables.py`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs


@attrs.frozen(slots=True)
class Cell:
    start: int
    end: int
    text: str


@attrs.frozen(slots=True)
class Row:
    """One row: its label, its value cells (None where empty) and how far it is indented (an
    indented row belongs to the label-only row above it: "Victims identified" then "  Female")."""

    label: Cell
    values: tuple[Cell | None, ...]
    indent: int


@attrs.frozen(slots=True)
class Grid:
    start: int
    header: Cell | None  # the label column's header ("Indicator", "County"), if any
    columns: tuple[Cell, ...]  # the value columns' headers; empty for a table without a header
    rows: tuple[Row, ...]
    syntax: str  # markdown, csv, aligned


_MD_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)
_MD_RULE = re.compile(r"^[\s|:-]+$")
_CSV_LINE = re.compile(r"^[^\n,]{1,60}(?:,[^\n,]{0,40}){1,12}$", re.M)
_ALIGNED_FIELD = re.compile(r"\S+(?: \S+)*")  # fields of an aligned line: 2+ spaces between
_NUMBER = re.compile(r"^\(?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?$|^\d+(?:\.\d+)?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def grids(text: str) -> Iterator[Grid]:
    """Every table of `text` (its masked copy: offsets are the document's)."""
    if "|" in text:
        yield from _markdown(text)
    if "," in text:
        yield from _csv(text)
    yield from _aligned(text)


def pipe_cells(line: str, start: int) -> list[Cell]:
    """The cells between pipes; emphasis around a cell ("**Total**") is not its text."""
    out = []
    pos = 0
    for part in line.split("|"):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        inner = body.strip("*_")
        skip = (len(body) - len(body.lstrip("*_"))) if inner else 0
        s = start + pos + lead + skip
        out.append(Cell(s, s + len(inner), inner))
        pos += len(part) + 1
    return out


def markdown_blocks(text: str) -> Iterator[list[re.Match[str]]]:
    """Consecutive pipe rows whose second is a rule line: one Markdown table each."""
    rows = list(_MD_ROW.finditer(text))
    i = 0
    while i < len(rows):
        block = [rows[i]]
        while i + len(block) < len(rows) and rows[i + len(block)].start() == block[-1].end() + 1:
            block.append(rows[i + len(block)])
        i += len(block)
        if len(block) >= 3 and _MD_RULE.match(block[1].group(1)):
            yield block


def _markdown(text: str) -> Iterator[Grid]:
    for block in markdown_blocks(text):
        head = pipe_cells(block[0].group(1), block[0].start(1))
        rows = []
        for m in block[2:]:
            cells = pipe_cells(m.group(1), m.start(1))
            if len(cells) != len(head):
                continue
            values = tuple(c if c.text else None for c in cells[1:])
            rows.append(Row(cells[0], values, 0))
        yield Grid(block[0].start(), head[0], tuple(head[1:]), tuple(rows), "markdown")


def _split(line: str, start: int, sep: str) -> list[Cell]:
    out = []
    pos = 0
    for part in line.split(sep):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        out.append(Cell(start + pos + lead, start + pos + lead + len(body), body))
        pos += len(part) + len(sep)
    return out


def _csv(text: str) -> Iterator[Grid]:
    """Runs of three or more comma-separated lines with as many fields each, and no ", " (prose
    has a space after its commas; a pasted CSV has none)."""
    run: list[re.Match[str]] = []

    def flush() -> Iterator[Grid]:
        if len(run) >= 3:
            head = _split(run[0].group(), run[0].start(), ",")
            rows = []
            for m in run[1:]:
                cells = _split(m.group(), m.start(), ",")
                if len(cells) == len(head):
                    rows.append(Row(cells[0], tuple(c if c.text else None for c in cells[1:]), 0))
            yield Grid(run[0].start(), head[0], tuple(head[1:]), tuple(rows), "csv")

    for m in _CSV_LINE.finditer(text):
        line = m.group()
        fields = line.count(",") + 1
        ok = ", " not in line and not line.rstrip().endswith(".")
        if (
            ok
            and run
            and run[-1].end() + 1 == m.start()
            and fields == run[-1].group().count(",") + 1
        ):
            run.append(m)
            continue
        yield from flush()
        run = [m] if ok else []
    yield from flush()


def _fields(line: str, start: int) -> list[Cell]:
    """The fields of an aligned line: runs of text separated by two or more spaces or a tab."""
    out = []
    for m in _ALIGNED_FIELD.finditer(line.replace("\t", "  ")):
        out.append(Cell(start + m.start(), start + m.end(), m.group()))
    return out


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _aligned(text: str) -> Iterator[Grid]:
    """Plain-text tables: a header of years (`        2015    2016    2017`, a label before them
    allowed) over rows of a label and figures aligned under them; or, without a header, two or
    more rows of a label and one figure (`Sexual exploitation      11`). Figures are matched to
    the column they end under, so an empty cell leaves its column empty."""
    lines = list(_lines(text))
    i = 0
    while i < len(lines):
        start, line = lines[i]
        fields = _fields(line, start)
        years = [f for f in fields if _YEAR.match(f.text)]
        label_first = fields and not _YEAR.match(fields[0].text)
        head_years = fields[1:] if label_first else fields
        is_header = len(head_years) >= 2 and len(years) == len(head_years) and "  " in line
        if not is_header and _measures_header(fields, line):
            # years down, measures across: "Year    Victims identified    Investigations"
            rows, i = _aligned_rows(lines, i + 1, fields[1:], year_labels=True)
            if rows:
                yield Grid(start, fields[0], tuple(fields[1:]), tuple(rows), "aligned")
            continue
        if is_header:
            rows, i = _aligned_rows(lines, i + 1, head_years)
            if rows:
                yield Grid(
                    start,
                    fields[0] if label_first else None,
                    tuple(head_years),
                    tuple(rows),
                    "aligned",
                )
            continue
        single, j = _single_column(lines, i)
        if single:
            yield Grid(lines[i][0], None, (), tuple(single), "aligned")
            i = j
            continue
        i += 1


_YEAR_LABEL = re.compile(r"^(?:year|years|period)$", re.I)


def _measures_header(fields: list[Cell], line: str) -> bool:
    """A header whose label column is "Year" over two or more columns named in words."""
    return (
        len(fields) >= 3
        and _YEAR_LABEL.match(fields[0].text) is not None
        and all(re.search(r"[A-Za-z]", f.text) for f in fields[1:])
        and "  " in line.strip()
    )


def _label_and_figures(
    fields: list[Cell], year_labels: bool = False
) -> tuple[Cell, list[Cell]] | None:
    """A row's label and figures; with `year_labels`, a year may be the label."""
    if not fields:
        return None
    year = year_labels and _YEAR.match(fields[0].text) is not None
    if not year and (_NUMBER.match(fields[0].text) or not re.search(r"[A-Za-z]", fields[0].text)):
        return None
    figs = fields[1:]
    if not all(_NUMBER.match(f.text) for f in figs):
        return None
    return fields[0], figs


# a rule under a header or above a total row, whole or one dash run per column
_RULE_LINE = re.compile(r"^[ \t]*(?:[-=_—–]{5,}|[-=_—–]{3,}(?:[ \t]+[-=_—–]{3,})+)[ \t]*$")


def _aligned_rows(
    lines: list[tuple[int, str]], i: int, columns: list[Cell], year_labels: bool = False
) -> tuple[list[Row], int]:
    ends = [c.end - columns[0].start for c in columns]
    col0 = columns[0].start - _line_start(lines, columns[0].start)
    rows: list[Row] = []
    while i < len(lines):
        start, line = lines[i]
        if not line.strip():
            break
        if _RULE_LINE.match(line):
            i += 1  # a rule drawn above the total row: the table goes on
            continue
        got = _label_and_figures(_fields(line, start), year_labels)
        if got is None:
            break
        label, figs = got
        indent = len(line) - len(line.lstrip())
        if not figs and not _heads_group(lines, i, indent):
            break  # a line of text after the table, not a group's label
        values: list[Cell | None] = [None] * len(columns)
        for f in figs:
            at = f.end - start - col0
            k = min(range(len(ends)), key=lambda c: abs(ends[c] - at))
            if abs(ends[k] - at) <= 4 and values[k] is None:
                values[k] = f
        if figs and all(v is None for v in values):
            break
        rows.append(Row(label, tuple(values), indent))
        i += 1
    return rows, i


def _heads_group(lines: list[tuple[int, str]], i: int, indent: int) -> bool:
    """A label-only line heads a group: the next line is indented further and has figures."""
    if i + 1 >= len(lines) or len(lines[i][1].split()) > 8:
        return False
    start, nxt = lines[i + 1]
    got = _label_and_figures(_fields(nxt, start))
    return got is not None and bool(got[1]) and len(nxt) - len(nxt.lstrip()) > indent


def _line_start(lines: list[tuple[int, str]], offset: int) -> int:
    best = 0
    for s, _ in lines:
        if s > offset:
            break
        best = s
    return best


def _single_column(lines: list[tuple[int, str]], i: int) -> tuple[list[Row], int]:
    """Two or more rows of a label, two or more spaces and one figure."""
    rows: list[Row] = []
    j = i
    while j < len(lines):
        start, line = lines[j]
        if "  " not in line.strip():
            break
        got = _label_and_figures(_fields(line, start))
        if got is None or len(got[1]) != 1:
            break
        rows.append(Row(got[0], (got[1][0],), len(line) - len(line.lstrip())))
        j += 1
    return (rows, j) if len(rows) >= 2 else ([], i)
