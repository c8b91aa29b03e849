"""Shared helpers for the duplicate and drift tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from tipcheck.checks.copies.duplicates import DuplicateSettings, find_duplicates
from tipcheck.checks.copies.lexicon import DriftLexicon, load_drift_lexicon
from tipcheck.findings import Finding
from tipcheck.read.documents import Document, make_document
from tipcheck.read.passages import segment

ROOT = Path(__file__).resolve().parent.parent
LEXICON: DriftLexicon = load_drift_lexicon(ROOT / "rules" / "tip" / "drift.toml")


def run(
    texts: Mapping[str, str],
    *,
    canon: Callable[[str], str | None] | None = None,
    settings: DuplicateSettings | None = None,
    lexicon: DriftLexicon | None = LEXICON,
    as_of: Mapping[str, str] | None = None,
) -> list[Finding]:
    docs = [make_document(k, v, as_of=(as_of or {}).get(k)) for k, v in texts.items()]
    return run_docs(docs, canon=canon, settings=settings, lexicon=lexicon)


def run_docs(
    docs: list[Document],
    *,
    canon: Callable[[str], str | None] | None = None,
    settings: DuplicateSettings | None = None,
    lexicon: DriftLexicon | None = LEXICON,
) -> list[Finding]:
    segs = {d.id: segment(d.text) for d in docs}
    found = find_duplicates(docs, segs, settings=settings, lexicon=lexicon, canon=canon)
    texts = {d.id: d.text for d in docs}
    for f in found:  # every finding everywhere keeps the evidence contract
        for e in f.evidence:
            assert texts[e.doc][e.start : e.end] == e.quote, (f.rule, e)
    return found


def rules_of(found: list[Finding]) -> list[str]:
    return sorted(f.rule for f in found)


def assert_quotes(found: list[Finding], expect: Mapping[str, object]) -> None:
    """Each `[[quote]]` of a case's expect.toml names a finding by rule and the quotes of its
    first two evidence spans (before, after)."""
    quotes = expect.get("quote", [])
    assert isinstance(quotes, list)
    for q in quotes:
        assert any(
            f.rule == q["rule"]
            and f.evidence[0].quote == q["before"]
            and f.evidence[1].quote == q["after"]
            for f in found
        ), q
