"""The `tipcheck` command: check, claims, rules, schema.

Exit codes: 0 no finding at or above --fail-on, 1 there are, 2 usage, configuration or input
error. An input error wins over findings: a gate must not pass on a corpus it could not fully
read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tipcheck.checking import run, screen
from tipcheck.checks.reference import ReferenceError
from tipcheck.cli_args import parser
from tipcheck.cli_index import cmd_index
from tipcheck.config import Config, ConfigError, discover, excluded
from tipcheck.config import (
    settings as shown_settings,
)
from tipcheck.engine import is_index, map_documents
from tipcheck.executors import ExecutorError, SerialExecutor
from tipcheck.guard import guarded
from tipcheck.index import StoreError
from tipcheck.inputs import InputProblem, jobs_for, preflight, unknown_codes
from tipcheck.read.documents import iter_files
from tipcheck.report.baseline import BaselineError, filter_baseline, write_baseline
from tipcheck.report.formats import render
from tipcheck.report.formats._common import plural
from tipcheck.report.model import Report
from tipcheck.report.progress import progress
from tipcheck.report.rulepages import rules as rule_docs
from tipcheck.report.write import WriteError, check_target, write_text
from tipcheck.rulepack import RuleError, load_rules, validate_rules
from tipcheck.schemas import schema_text
from tipcheck.stages import Source, use_pack
from tipcheck.stdin import StdinError, read_stdin

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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


def _err(msg: str) -> None:
    print(f"tipcheck: error: {msg}", file=sys.stderr)


def _use_color(choice: str, fmt: str, to_file: bool) -> bool:
    if fmt != "text" or choice == "never":
        return False
    if choice == "always":
        return True
    return not to_file and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _against_paths(against: list[str] | None) -> list[str]:
    """The --against paths that are documents or folders (an index file is not walked)."""
    return [p for p in against or [] if not is_index(p)]


def cmd_check(
    a: argparse.Namespace, cfg: Config, relabel: Callable[[Report], Report] | None = None
) -> int:
    if a.show_settings:
        rows = shown_settings(cfg)
        width = max(len(k) for k, _ in rows)
        for key, value in rows:
            print(f"{key.ljust(width)}  {value}")
        return EXIT_OK
    if a.show_files:
        for doc, path in iter_files(a.paths):
            if not (cfg.exclude and excluded(doc, cfg.exclude)):
                print(path)
        return EXIT_OK
    fmt = a.format or cfg.format or "text"
    fail_on = a.fail_on or cfg.fail_on or "error"
    select, ignore = a.select or list(cfg.select), a.ignore or list(cfg.ignore)
    for flag, codes in (("--select", select), ("--ignore", ignore)):
        if problem := unknown_codes(flag, codes, rule_docs().keys()):
            _err(problem)
            return EXIT_ERROR
    against = a.against or [str(p) for p in cfg.against]
    exclude = (lambda doc: excluded(doc, cfg.exclude)) if cfg.exclude else None
    found = preflight(a.paths + _against_paths(against), exclude, quiet=a.quiet)
    for target in (a.output, a.write_baseline):
        if target:
            check_target(Path(target), [p for _, p in found.files])
    show = sys.stderr.isatty() and not a.quiet
    timings: dict[str, float] | None = {} if a.timings else None
    began = time.perf_counter()
    notes: list[str] = []
    with progress(len(found.files), "extracting", enabled=show) as tick:
        report = run(
            a.paths,
            cfg,
            against=against,
            reference=a.reference,
            rules=a.rules,
            as_of=_as_of_pairs(a.as_of),
            jobs=jobs_for(a.jobs, quiet=a.quiet),
            executor=a.executor,
            scheduler=a.scheduler,
            timings=timings,
            send_documents=a.send_documents,
            duplicates=not a.no_duplicates,
            tick=tick,
            cache_dir=None if a.no_cache else a.cache_dir,
            notes=notes,
        )
    for note in notes:
        print(f"tipcheck: {note}", file=sys.stderr)
    if relabel is not None:  # the document read from stdin is reported under its name
        report = relabel(report)
    report = screen(report, cfg, select=select, ignore=ignore, suppressions=not a.no_suppressions)
    return _emit(a, report, fmt, fail_on, [p for _, p in found.files], timings, began)


def _emit(
    a: argparse.Namespace,
    report: Report,
    fmt: str,
    fail_on: str,
    inputs: list[Path],
    timings: dict[str, float] | None,
    began: float,
) -> int:
    """Baselines, the rendered report, timings and input errors; the exit code."""
    if a.write_baseline:
        n = write_baseline(report, Path(a.write_baseline), inputs)
        if not a.quiet:
            print(
                f"tipcheck: wrote {plural(n, 'finding')} to the baseline {a.write_baseline}",
                file=sys.stderr,
            )
    if a.baseline:
        report = filter_baseline(report, Path(a.baseline))
    color = _use_color(a.color, fmt, bool(a.output))
    rendered = time.perf_counter()
    out = render(report, fmt, fail_on=fail_on, color=color, statistics=a.statistics, quiet=a.quiet)
    if a.output:
        write_text(Path(a.output), out, inputs)
    else:
        sys.stdout.write(out)
    if timings is not None:
        timings["render"] = time.perf_counter() - rendered
        timings["total"] = time.perf_counter() - began
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
        print(f"tipcheck: timings: {stages}", file=sys.stderr)
    # Unreadable documents are always named on stderr, unless the text report already showed
    # them on the same terminal (--statistics prints counts only, so it did not).
    shown = fmt == "text" and not a.statistics and not a.output
    if not (shown and sys.stdout.isatty() and sys.stderr.isatty()):
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
    # the run's own map stage: a pattern over its time budget is that document's error (TC908)
    results = map_documents(
        [Source(d.id, d.path, doc=d) for d in docs], use_pack(pack), SerialExecutor(), copies=False
    )
    rows = [c for r in results for cs in r.claims for c in cs]
    errors += [e for r in results for e in r.errors]
    if a.format == "jsonl":
        for c in rows:
            out.write(json.dumps(c.to_json(), ensure_ascii=False, sort_keys=False) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, expand=False)
        for col in ("doc:line", "subject", "property", "value", "period", "as of", "why", "quote"):
            table.add_column(col, overflow="fold")
        for c in rows:
            table.add_row(
                f"{c.doc}:{c.line}",
                c.subject_name,
                c.property + (f" [{c.facet}]" if c.facet else "") + (" (not)" if c.negated else ""),
                c.value.describe(),
                c.period.iso if c.period else "",
                c.as_of.iso if c.as_of else "",
                c.why.short(),
                c.quote if len(c.quote) < 90 else c.quote[:87] + "…",
            )
        Console(
            file=out, width=max(120, Console().width), no_color=bool(os.environ.get("NO_COLOR"))
        ).print(table)
        print(f"{plural(len(rows), 'claim')} in {plural(len(docs), 'document')}", file=out)
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
    pack = validate_rules(a.path)
    print(
        f"{pack.path}: ok ({plural(len(pack.templates), 'pattern')}, "
        f"{plural(len(pack.counts), 'count')}, {plural(len(pack.fields), 'field')}, "
        f"{len(pack.policies)} {'policy' if len(pack.policies) == 1 else 'policies'})"
    )
    return EXIT_OK


def cmd_server(a: argparse.Namespace) -> int:
    """`tipcheck server`: pygls is imported here only, so no other command pays for it."""
    try:
        from tipcheck.server.app import serve
    except ImportError as e:
        _err(f"tipcheck server needs the lsp extra ({e.name or e}): pip install 'tipcheck[lsp]'")
        return EXIT_ERROR
    from tipcheck.server.workspace import Options

    if a.debounce < 0 or a.poll <= 0:
        _err("--debounce: 0 ms or more; --poll: more than 0 seconds")
        return EXIT_ERROR
    opts = Options(against=a.against, config=a.config, isolated=a.isolated)
    return serve(opts, debounce=a.debounce / 1000, poll=a.poll)


def _with_documents(args: argparse.Namespace) -> int:
    """check or claims: the configuration for the paths, with `-` read from stdin."""
    cfg = discover(args.paths, config_file=args.config, isolated=args.isolated)
    with read_stdin(args.paths, args.stdin_filename) as (paths, stdin_doc):
        args.paths = paths
        if args.command == "claims":
            return cmd_claims(args, cfg)
        return cmd_check(args, cfg, stdin_doc.relabel if stdin_doc else None)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command in ("check", "claims"):
            return _with_documents(args)
        if args.command == "index":
            return cmd_index(args)
        if args.command in ("server", "lsp"):
            return cmd_server(args)
        if args.command == "schema":
            sys.stdout.write(schema_text(args.name))
            return EXIT_OK
        return cmd_rules(args)
    except (
        ConfigError,
        RuleError,
        ReferenceError,
        BaselineError,
        StdinError,
        ExecutorError,
        StoreError,
        InputProblem,
        WriteError,
        argparse.ArgumentTypeError,
    ) as e:
        _err(str(e))
        return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return guarded(lambda: _run(args), debug=getattr(args, "debug", False))


if __name__ == "__main__":
    sys.exit(main())
