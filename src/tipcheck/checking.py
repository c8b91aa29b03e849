"""A check as a user configures it, one code path for the library and the command line.

In: the paths to check, what to check them against, and a configuration — found walking up
from the checked paths as the CLI finds it, named, given as a `Config`, or none (`isolated`).
Out: the Report with the configuration applied: rule pack, reference, as-of dates, exclusions,
thresholds and max-file-size for the run; then select/ignore, per-path ignores, suppression
comments and a baseline on its findings.

Why one module: `tipcheck.check` used to run the engine alone, so a contradiction the CLI
suppressed (a comment in the document, `ignore` in pyproject.toml) still reached a pipeline
that imported the library. Both now call `run` and `screen` below; the CLI adds only what
belongs to a terminal (flags, stdin, rendering, writing a baseline).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.config import Config, as_of_for, discover, excluded, path_ignored, select_codes
from tipcheck.engine import check as check_corpus
from tipcheck.engine import check_against
from tipcheck.read.documents import iter_files
from tipcheck.report.baseline import filter_baseline
from tipcheck.report.model import Report
from tipcheck.report.rulepages import rules as rule_docs
from tipcheck.report.suppress import apply_suppressions
from tipcheck.rulepack import RulePack

PathLike = str | os.PathLike[str]


def duplicate_settings(cfg: Config) -> DuplicateSettings:
    """The copy check's settings from the configuration (an index is keyed on them: one built
    with others is updated before it is used)."""
    s = DuplicateSettings()
    if cfg.duplicate_similarity is not None:
        s = attrs.evolve(s, min_similarity=cfg.duplicate_similarity)
    if cfg.min_passage_words is not None:
        s = attrs.evolve(s, min_words=cfg.min_passage_words)
    if cfg.boilerplate == "off":
        s = attrs.evolve(s, report_boilerplate=False)
    elif cfg.boilerplate == "drift":
        s = attrs.evolve(s, boilerplate_max_changes=None)
    return s


def resolve_config(
    paths: Sequence[PathLike], config: PathLike | Config | None, isolated: bool
) -> Config:
    """The configuration for checking `paths`, as the CLI finds it: a `Config` as given, the
    file `config` names, none when `isolated`, else the file found from the paths upward."""
    if isinstance(config, Config):
        return config
    return discover(
        [str(p) for p in paths],
        config_file=Path(config) if config is not None else None,
        isolated=isolated,
    )


def run(
    paths: Sequence[PathLike],
    cfg: Config,
    *,
    against: Sequence[PathLike] | None = None,
    reference: PathLike | None = None,
    rules: PathLike | RulePack | None = None,
    as_of: Mapping[str, str] | None = None,
    exclude: Callable[[str], bool] | None = None,
    settings: DuplicateSettings | None = None,
    **engine: Any,
) -> Report:
    """The engine's run with what `cfg` sets filled in where the caller set nothing: rules,
    reference, against, max-file-size, thresholds; as-of dates by document id, file name or
    glob, the caller's `as_of` over the config's; the config's `exclude` globs besides
    `exclude`.
    `engine` passes on to `tipcheck.engine.check` / `check_against` (jobs, executor, …)."""
    globs = cfg.exclude

    def skip(doc_id: str) -> bool:
        return bool(globs and excluded(doc_id, globs)) or (exclude is not None and exclude(doc_id))

    chosen_against = list(against) if against else [str(p) for p in cfg.against]
    table = {**cfg.as_of, **(as_of or {})}  # ids, file names or globs; the caller's win
    dated: dict[str, str] = {}
    if table:
        # each walked alone, as the engine walks them: ids must be the ones it gives
        for group in (paths, chosen_against):
            for doc_id, _ in iter_files(group):
                if (d := as_of_for(doc_id, table)) is not None:
                    dated[doc_id] = d
    engine.setdefault("max_file_size", cfg.max_file_size)
    common: dict[str, Any] = {
        "rules": rules if rules is not None else cfg.rules,
        "as_of": dated,
        "exclude": skip if (globs or exclude is not None) else None,
        "settings": settings or duplicate_settings(cfg),
        **engine,
    }
    ref = reference if reference is not None else cfg.reference
    if chosen_against:
        return check_against(paths, chosen_against, ref, **common)
    return check_corpus(paths, None, ref, **common)


def screen(
    report: Report,
    cfg: Config,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    suppressions: bool = True,
) -> Report:
    """The findings the user asked to see: select/ignore (the caller's, else the config's),
    per-path ignores, then the documents' suppression comments (with notices about unused or
    unknown ones)."""
    sel = list(select) if select else list(cfg.select)
    ign = list(ignore) if ignore else list(cfg.ignore)
    kept = tuple(
        f
        for f in report.findings
        if select_codes(f.rule, sel, ign)
        and not any(path_ignored(e.doc, f.rule, cfg.per_path_ignores) for e in f.evidence)
    )
    report = attrs.evolve(report, findings=kept)
    if suppressions:
        report, notices = apply_suppressions(report, rule_docs().keys())
        everything = sorted((*report.notices, *notices), key=lambda n: (n.doc, n.line, n.code))
        report = attrs.evolve(report, notices=tuple(everything))
    return report


def check(
    paths: Iterable[PathLike],
    against: Iterable[PathLike] | None = None,
    reference: PathLike | None = None,
    *,
    config: PathLike | Config | None = None,
    isolated: bool = False,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    suppressions: bool = True,
    baseline: PathLike | None = None,
    **options: Any,
) -> Report:
    """Check documents as `tipcheck check` does, configuration included.

    report = tipcheck.check(["corpus/"])                        # config found from corpus/ up
    report = tipcheck.check(["new.md"], against=["tipcheck.db"])  # only findings on new.md
    report = tipcheck.check(paths, isolated=True, suppressions=False)  # the engine alone

    With `against` (documents, folders or one index file; default: the config's `against`),
    only findings with at least one side in `paths` are reported. `config` is a file to read
    or a `Config`; without it the file found walking up from the checked paths applies, as
    for the CLI (`isolated=True`: none). `select`/`ignore` override the config's; suppression
    comments apply unless `suppressions=False`; `baseline` drops the findings recorded in
    that baseline file. Other keywords are the engine's (`rules`, `as_of`, `jobs`,
    `executor`, `scheduler`, `duplicates`, `settings`, `exclude`, `cache_dir`, `timings`,
    `notes`, `max_file_size`, `send_documents`, `tick`): see `tipcheck.engine.check`.
    Unreadable documents are listed in `Report.errors`, never raised; a configuration that
    cannot be used raises `ConfigError`.
    """
    paths = list(paths)
    cfg = resolve_config(paths, config, isolated)
    report = run(
        paths,
        cfg,
        against=list(against) if against is not None else None,
        reference=reference,
        **options,
    )
    report = screen(report, cfg, select=select, ignore=ignore, suppressions=suppressions)
    if baseline is not None:
        report = filter_baseline(report, Path(baseline))
    return report


__all__ = ["check", "duplicate_settings", "resolve_config", "run", "screen"]
