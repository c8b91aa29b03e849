"""The command line's grammar: every subcommand, its options and their help.

In: nothing. Out: the `argparse` parser `tipcheck.cli` runs (`parser()`), and the exit codes
its help lists.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tipcheck.cli_index import add_parser as add_index_parser
from tipcheck.findings import SEVERITIES
from tipcheck.report.formats import FORMATS
from tipcheck.schemas import SCHEMAS
from tipcheck.version import __version__

EXIT_CODES = """exit codes:
  0  no finding at or above --fail-on (default error), or --exit-zero
  1  findings at or above --fail-on
  2  usage, configuration or input error (a document that could not be read wins over findings)
"""
COLORS = ("auto", "always", "never")


def _codes(s: str) -> list[str]:
    return [c.strip().upper() for c in s.split(",") if c.strip()]


def _config_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("configuration")
    g.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="use this tipcheck.toml or pyproject.toml instead of the one found walking up "
        "from the checked paths",
    )
    g.add_argument(
        "--isolated", action="store_true", help="ignore every configuration file; flags only"
    )
    g.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name of the document read from `-` (default stdin.md): its id, and what "
        "per-path-ignores, as-of globs and suppression comments go by",
    )


def parser() -> argparse.ArgumentParser:
    """The `tipcheck` parser with every subcommand."""
    p = argparse.ArgumentParser(
        prog="tipcheck",
        description="Find where sources disagree: contradictions, figures that do not add up, "
        "copied passages and facts that drifted in the copy.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"tipcheck {__version__}")
    debug = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's default must not undo `tipcheck --debug check …`
    debug.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    p.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _check_parser(sub, debug)
    _claims_parser(sub, debug)
    add_index_parser(sub)
    _rules_parser(sub, debug)
    _schema_parser(sub)
    _server_parser(sub, debug)
    return p


def _check_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], debug: argparse.ArgumentParser
) -> None:
    c = sub.add_parser(
        "check",
        help="check documents for contradictions, arithmetic, duplicates and drift",
        description="Check documents and report what disagrees. Settings come from "
        "[tool.tipcheck] in pyproject.toml or a tipcheck.toml found walking up from the checked "
        "paths; flags override them.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[debug],
    )
    c.add_argument(
        "paths", nargs="+", help="documents or folders (.txt, .md); `-` reads one from stdin"
    )
    c.add_argument(
        "--against",
        action="append",
        metavar="CORPUS",
        help="an index file, or a corpus folder or document (repeat for more): report only "
        "findings touching PATHS; file names may follow it (default: the config's `against`)",
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
    _run_options(c)
    c.add_argument(
        "--no-duplicates", action="store_true", help="skip duplicate and drift detection"
    )
    _output_options(c)
    c.add_argument(
        "--show-settings",
        action="store_true",
        help="print the configuration file and the settings in effect, then exit",
    )
    c.add_argument(
        "--show-files",
        action="store_true",
        help="print the documents that would be checked (after exclude), then exit",
    )
    _config_options(c)


def _output_options(c: argparse.ArgumentParser) -> None:
    """What the run prints and how its exit code is decided."""
    g = c.add_argument_group("output")
    g.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings fail the run"
    )
    g.add_argument(
        "--quiet", "-q", action="store_true", help="print only findings (no summary, no progress)"
    )
    g.add_argument(
        "--statistics",
        action="store_true",
        help="print only the number of findings per rule code, then the summary (text format)",
    )
    g.add_argument(
        "--no-suppressions",
        action="store_true",
        help="ignore tipcheck comments in documents: show every finding",
    )
    g.add_argument(
        "--color",
        choices=COLORS,
        default="auto",
        help="colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never",
    )


def _run_options(c: argparse.ArgumentParser) -> None:
    """Where and how the work runs: workers, executors, the cache, timings."""
    g = c.add_argument_group("running")
    g.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        help="worker processes for reading, extraction and the claim checks (default 1)",
    )
    g.add_argument(
        "--executor",
        choices=("auto", "process", "dask"),
        default="auto",
        help="where the work runs: auto (this process, or a process pool with --jobs > 1), "
        "process, or dask (a LocalCluster of --jobs workers; needs tipcheck[dask])",
    )
    g.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler (tcp://host:8786) to run on instead of a LocalCluster",
    )
    g.add_argument(
        "--send-documents",
        action="store_true",
        help="read the files here and send their bytes to the workers (a Dask cluster whose "
        "workers cannot see the paths)",
    )
    g.add_argument(
        "--timings", action="store_true", help="print the time each stage took to stderr"
    )
    g.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=".tipcheck_cache",
        help="keep each document's extraction here by content hash (default .tipcheck_cache)",
    )
    g.add_argument("--no-cache", action="store_true", help="read and extract every document")


def _claims_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], debug: argparse.ArgumentParser
) -> None:
    cl = sub.add_parser(
        "claims",
        help="show the claims tipcheck understood",
        description="Show every claim extracted from the documents: subject, property, typed "
        "value, period and as-of date, with the words that state it.",
        epilog="exit codes: 0 ok, 2 a document could not be read or a usage error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[debug],
    )
    cl.add_argument(
        "paths", nargs="+", help="documents or folders (.txt, .md); `-` reads one from stdin"
    )
    cl.add_argument(
        "--format",
        choices=("table", "jsonl"),
        default="table",
        help="a table for people (default) or one JSON object per line (`tipcheck schema claims`)",
    )
    cl.add_argument(
        "--rules", metavar="DIR", help="rule pack folder (default: the bundled tip pack)"
    )
    cl.add_argument(
        "--as-of",
        action="append",
        default=[],
        metavar="DOC=DATE",
        help="override a document's as-of date (repeatable), e.g. report.md=2008-06",
    )
    _config_options(cl)


def _rules_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], debug: argparse.ArgumentParser
) -> None:
    r = sub.add_parser(
        "rules",
        help="list, explain or validate rules",
        description="The rule codes tipcheck reports, their documentation, and rule packs.",
        parents=[debug],
    )
    rsub = r.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    rsub.add_parser(
        "list", help="every code with its kind, severity and name", description="List every code."
    )
    ex = rsub.add_parser(
        "explain",
        help="what a rule does, why, and examples",
        description="Print a code's page: what it does, why it matters, a flagged and a quiet "
        "example.",
    )
    ex.add_argument("code", help="a rule code, e.g. TC101")
    va = rsub.add_parser(
        "validate",
        help="check a rule pack folder",
        description="Load a rule pack as `check --rules DIR` would and report the first problem "
        "(file:line, what is wrong): unknown keys, bad patterns, a pack with nothing to extract.",
    )
    va.add_argument("path", nargs="?", help="rule pack folder (default: the bundled pack)")


def _schema_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sc = sub.add_parser(
        "schema",
        help="print the JSON Schema of the findings document or of a claims line",
        description="Print a JSON Schema (draft 2020-12) shipped with tipcheck.",
    )
    sc.add_argument(
        "name",
        choices=SCHEMAS,
        help="findings: `check --format json`; claims: one line of `claims --format jsonl`",
    )


def _server_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], debug: argparse.ArgumentParser
) -> None:
    sv = sub.add_parser(
        "server",
        aliases=["lsp"],
        help="a language server on stdio: an editor's documents checked as you type",
        description="A Language Server Protocol server on stdin/stdout for Markdown and plain "
        "text (needs tipcheck[lsp]). Open, changed and saved documents are checked against the "
        "index (--against, or `against` in the configuration found walking up from each "
        "document's folder) and against themselves; findings become diagnostics.",
        parents=[debug],
    )
    sv.add_argument(
        "--against",
        metavar="DB",
        type=Path,
        help="the index to check against (default: the configuration's `against`; none: each "
        "document against itself)",
    )
    sv.add_argument(
        "--debounce",
        metavar="MS",
        type=int,
        default=75,
        help="check a changed document after this many milliseconds without typing (default 75)",
    )
    sv.add_argument(
        "--poll",
        metavar="SECONDS",
        type=float,
        default=1.0,
        help="how often to look whether the index file changed; open documents are then "
        "checked again (default 1)",
    )
    sv.add_argument(
        "--stdio",
        action="store_true",
        help="accepted and ignored: stdio is the only transport (some clients always pass it)",
    )
    sv.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="use this tipcheck.toml or pyproject.toml for every document",
    )
    sv.add_argument(
        "--isolated", action="store_true", help="ignore every configuration file; flags only"
    )
