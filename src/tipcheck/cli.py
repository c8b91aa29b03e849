"""The `tipcheck` command: check, claims, rules.

Exit codes (DESIGN.md): 0 no finding at or above --fail-on, 1 there are, 2 usage, configuration
or input error. An input error wins over findings: a gate must not pass on a corpus it could
not fully read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import attrs

from tipcheck.checks.copies.duplicates import DuplicateSettings
from tipcheck.checks.reference import ReferenceError
from tipcheck.config import (
    Config,
    ConfigError,
    as_of_for,
    excluded,
    load_config,
    path_ignored,
    select_codes,
)
from tipcheck.engine import check
from tipcheck.extraction.sentences import extract_document
from tipcheck.findings import SEVERITIES
from tipcheck.guard import guarded
from tipcheck.inputs import InputProblem, jobs_for, preflight, unknown_codes
from tipcheck.report.baseline import BaselineError, filter_baseline, write_baseline
from tipcheck.report.formats import FORMATS, render
from tipcheck.report.model import Report
from tipcheck.report.progress import progress
from tipcheck.report.rulepages import rules as rule_docs
from tipcheck.report.suppress import apply_suppressions
from tipcheck.report.write import WriteError, check_target, write_text
from tipcheck.rulepack import RuleError, load_rules
from tipcheck.version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(s: str) -> list[str]:
    return [c.strip().upper() for c in s.split(",") if c.strip()]


def _as_of_pairs(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values:
        doc, sep, date = v.partition("=")
        if not sep or not doc or not date:
            raise argparse.ArgumentTypeError(
                f"--as-of {v!r}: write DOC=DATE, e.g. --as-of report.md=2008-06"
            )
        out[doc] = date
    return out


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tipcheck", description="Find where sources disagree.")
    p.add_argument("--version", action="version", version=f"tipcheck {__version__}")
    debug = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's default must not undo `tipcheck --debug check …`
    debug.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    p.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser(
        "check",
        help="check documents for contradictions, arithmetic, duplicates and drift",
        parents=[debug],
    )
    c.add_argument("paths", nargs="+", help="documents or folders (.txt, .md)")
    c.add_argument(
        "--against",
        nargs="+",
        metavar="CORPUS",
        help="context corpus: report only findings touching PATHS",
    )
    c.add_argument(
        "--reference",
        metavar="FILE",
        help="trusted facts (CSV or JSONL: subject, property, period, value, source)",
    )
    c.add_argument(
        "--rules", metavar="DIR", help="rule pack folder (default: the bundled tip pack)"
    )
    c.add_argument("--format", choices=FORMATS, help="output format (default text)")
    c.add_argument(
        "--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    c.add_argument(
        "--fail-on", choices=SEVERITIES, help="lowest severity that fails the run (default error)"
    )
    c.add_argument(
        "--select", type=_codes, metavar="CODES", help="only these codes or prefixes (TC1,TC301)"
    )
    c.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these codes or prefixes")
    c.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    c.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE")
    c.add_argument(
        "--as-of",
        action="append",
        default=[],
        metavar="DOC=DATE",
        help="override a document's as-of date",
    )
    c.add_argument("--jobs", "-j", type=int, default=1, help="extraction processes (default 1)")
    c.add_argument(
        "--no-duplicates", action="store_true", help="skip duplicate and drift detection"
    )
    c.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings fail the run"
    )
    c.add_argument(
        "--quiet", "-q", action="store_true", help="print only findings (no summary, no progress)"
    )
    c.add_argument("--statistics", action="store_true", help="add counts by rule code")
    c.add_argument(
        "--no-suppressions",
        action="store_true",
        help="ignore tipcheck comments in documents: show every finding",
    )

    cl = sub.add_parser("claims", help="show the claims tipcheck understood", parents=[debug])
    cl.add_argument("paths", nargs="+")
    cl.add_argument("--format", choices=("table", "jsonl"), default="table")
    cl.add_argument("--rules", metavar="DIR")
    cl.add_argument("--as-of", action="append", default=[], metavar="DOC=DATE")

    r = sub.add_parser("rules", help="list, explain or validate rules", parents=[debug])
    rsub = r.add_subparsers(dest="rules_command", required=True)
    rsub.add_parser("list", help="every rule code")
    ex = rsub.add_parser("explain", help="what a rule does, why, and examples")
    ex.add_argument("code")
    va = rsub.add_parser("validate", help="check a rule pack folder")
    va.add_argument("path", nargs="?", help="rule pack folder (default: the bundled pack)")
    return p


def _err(msg: str) -> None:
    print(f"tipcheck: error: {msg}", file=sys.stderr)


def _filter(report: Report, cfg: Config, select: list[str], ignore: list[str]) -> Report:
    kept = [
        f
        for f in report.findings
        if select_codes(f.rule, select, ignore)
        and not any(path_ignored(e.doc, f.rule, cfg.per_path_ignores) for e in f.evidence)
    ]
    return attrs.evolve(report, findings=tuple(kept))


def cmd_check(a: argparse.Namespace, cfg: Config) -> int:

    fmt = a.format or cfg.format or "text"
    fail_on = a.fail_on or cfg.fail_on or "error"
    overrides = {**cfg.as_of, **_as_of_pairs(a.as_of)}
    rules_path = a.rules or cfg.rules
    reference = a.reference or cfg.reference
    select, ignore = a.select or list(cfg.select), a.ignore or list(cfg.ignore)
    for flag, codes in (("--select", select), ("--ignore", ignore)):
        if problem := unknown_codes(flag, codes, rule_docs().keys()):
            _err(problem)
            return EXIT_ERROR
    exclude = (lambda doc: excluded(doc, cfg.exclude)) if cfg.exclude else None
    found = preflight(a.paths + (a.against or []), exclude, quiet=a.quiet)
    files = [doc for doc, _ in found.files]
    for target in (a.output, a.write_baseline):
        if target:
            check_target(Path(target), [p for _, p in found.files])
    as_of = {doc: d for doc in files if (d := as_of_for(doc, overrides))}
    show = sys.stderr.isatty() and not a.quiet
    settings = DuplicateSettings()
    if cfg.duplicate_similarity is not None:
        settings = attrs.evolve(settings, min_similarity=cfg.duplicate_similarity)
    if cfg.min_passage_words is not None:
        settings = attrs.evolve(settings, min_words=cfg.min_passage_words)
    if cfg.boilerplate == "off":
        settings = attrs.evolve(settings, report_boilerplate=False)
    with progress(len(files), "extracting", enabled=show) as tick:
        report = check(
            a.paths,
            a.against,
            reference,
            rules=rules_path,
            as_of=as_of,
            jobs=jobs_for(a.jobs, quiet=a.quiet),
            duplicates=not a.no_duplicates,
            settings=settings,
            tick=tick,
            exclude=exclude,
            max_file_size=cfg.max_file_size,
        )
    report = _filter(report, cfg, select, ignore)
    if not a.no_suppressions:
        report, notices = apply_suppressions(report, rule_docs().keys())
        everything = sorted((*report.notices, *notices), key=lambda n: (n.doc, n.line, n.code))
        report = attrs.evolve(report, notices=tuple(everything))
    inputs = [p for _, p in found.files]
    if a.write_baseline:
        n = write_baseline(report, Path(a.write_baseline), inputs)
        if not a.quiet:
            print(
                f"tipcheck: wrote {n} findings to the baseline {a.write_baseline}", file=sys.stderr
            )
    if a.baseline:
        report = filter_baseline(report, Path(a.baseline))
    color = (
        fmt == "text" and not a.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    out = render(report, fmt, fail_on=fail_on, color=color, statistics=a.statistics, quiet=a.quiet)
    if a.output:
        write_text(Path(a.output), out, inputs)
    else:
        sys.stdout.write(out)
    # Unreadable documents are always named on stderr, unless the text report already showed
    # them on the same terminal.
    if not (fmt == "text" and not a.output and sys.stdout.isatty() and sys.stderr.isatty()):
        for e in report.errors:
            print(f"tipcheck: {e.code} {e.doc}: {e.message}", file=sys.stderr)
    if report.errors:
        return EXIT_ERROR
    if a.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if report.at_or_above(fail_on) else EXIT_OK


def cmd_claims(a: argparse.Namespace, cfg: Config) -> int:
    from tipcheck.read.documents import load_paths

    pack = load_rules(a.rules or cfg.rules)
    overrides = {**cfg.as_of, **_as_of_pairs(a.as_of)}
    preflight(a.paths, None, quiet=True)
    docs, errors = load_paths(a.paths, overrides, max_bytes=cfg.max_file_size)
    out = sys.stdout
    rows = []
    for d in docs:
        for c in extract_document(d, pack):
            rows.append(c)
    if a.format == "jsonl":
        for c in rows:
            out.write(json.dumps(c.to_json(), ensure_ascii=False, sort_keys=False) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, expand=False)
        for col in ("doc:line", "subject", "property", "value", "period", "as of", "quote"):
            table.add_column(col, overflow="fold")
        for c in rows:
            table.add_row(
                f"{c.doc}:{c.line}",
                c.subject_name,
                c.property + (f" [{c.facet}]" if c.facet else "") + (" (not)" if c.negated else ""),
                c.value.describe(),
                c.period.iso if c.period else "",
                c.as_of.iso if c.as_of else "",
                c.quote if len(c.quote) < 90 else c.quote[:87] + "…",
            )
        Console(
            file=out, width=max(120, Console().width), no_color=bool(os.environ.get("NO_COLOR"))
        ).print(table)
        print(f"{len(rows)} claims in {len(docs)} documents", file=out)
    for e in errors:
        print(f"tipcheck: {e.code} {e.doc}: {e.message}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


def cmd_rules(a: argparse.Namespace) -> int:
    docs = rule_docs()
    if a.rules_command == "list":
        for code, d in sorted(docs.items()):
            print(f"{code}  {d.kind:<13} {d.severity:<7} {d.name}: {d.summary.splitlines()[0]}")
        return EXIT_OK
    if a.rules_command == "explain":
        code = a.code.upper()
        if code not in docs:
            _err(f"no rule {a.code!r}; `tipcheck rules list` shows them all")
            return EXIT_ERROR
        print(docs[code].explain())
        return EXIT_OK
    pack = load_rules(a.path)
    print(
        f"{pack.path}: ok ({len(pack.templates)} patterns, {len(pack.counts)} counts, "
        f"{len(pack.fields)} fields, {len(pack.policies)} policies)"
    )
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    try:
        cfg = load_config(Path.cwd()) if args.command != "rules" else Config()
        if args.command == "check":
            return cmd_check(args, cfg)
        if args.command == "claims":
            return cmd_claims(args, cfg)
        return cmd_rules(args)
    except (
        ConfigError,
        RuleError,
        ReferenceError,
        BaselineError,
        InputProblem,
        WriteError,
        argparse.ArgumentTypeError,
    ) as e:
        _err(str(e))
        return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return guarded(lambda: _run(args), debug=getattr(args, "debug", False))


if __name__ == "__main__":
    sys.exit(main())
