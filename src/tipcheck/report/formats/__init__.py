"""Output formats: `render(report, fmt)` turns a Report into text for people, CI or tools.

In: a `Report` and the run's notices. Out: one string in the chosen format (text, json, sarif,
junit, github, html); one module per format, `_common` for what they share.
"""

from __future__ import annotations

from tipcheck.findings import SEVERITY_RANK
from tipcheck.report.model import Report

FORMATS = ("text", "json", "sarif", "junit", "github", "html")


def render(
    report: Report,
    fmt: str,
    *,
    fail_on: str = "error",
    color: bool = False,
    statistics: bool = False,
    quiet: bool = False,
) -> str:
    """The report in format `fmt` (one of FORMATS).

    `fail_on` is the level that fails a run: JUnit leaves out findings below it and the text
    and HTML summaries count findings at or above it. `color` and `statistics` apply to text.
    Raises ValueError naming the format and the valid ones when `fmt` is unknown.
    """
    if fail_on not in SEVERITY_RANK:
        raise ValueError(f"fail level {fail_on!r} is not one of {', '.join(SEVERITY_RANK)}")
    # each format is imported when asked for: a run prints one, and start-up pays for that one
    if fmt == "text":
        from tipcheck.report.formats import text

        return text.render(report, fail_on=fail_on, color=color, statistics=statistics, quiet=quiet)
    if fmt == "json":
        from tipcheck.report.formats import jsonout

        return jsonout.render(report)
    if fmt == "sarif":
        from tipcheck.report.formats import sarif

        return sarif.render(report)
    if fmt == "junit":
        from tipcheck.report.formats import junit

        return junit.render(report, fail_on=fail_on)
    if fmt == "github":
        from tipcheck.report.formats import github

        return github.render(report)
    if fmt == "html":
        from tipcheck.report.formats import html

        return html.render(report, fail_on=fail_on)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render"]
