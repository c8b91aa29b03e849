"""The thresholds of the duplicate and drift checks, set from config."""

from __future__ import annotations

import attrs


@attrs.frozen(slots=True)
class DuplicateSettings:
    """Thresholds of the duplicate and drift checks.

    `min_similarity` is the word-level similarity (on keys) a region needs to be a duplicate
    when it has at least `long_region_words` words, `short_min_similarity` when shorter (one
    formulaic sentence is similar to many others by chance; a long one is not);
    `drift_min_similarity` the similarity above which its differences are reported as drift (a
    loose restatement has too many differences for each to be a finding). Candidate generation
    uses `shingle_size`-word shingles, `num_perm` permutations and `bands` x `rows` banding.
    Drift inside boilerplate is reported for a group whose copies change at most
    `boilerplate_max_changes` distinct facts (None: always): one odd copy among forty is a
    finding, but a template whose every copy fills in its own figures varies by nature, and
    listing each variant made the output grow with the corpus rather than with its problems.
    """

    min_words: int = 12
    shingle_size: int = 2
    num_perm: int = 128
    bands: int = 42
    rows: int = 3
    max_bucket: int = 64
    min_similarity: float = 0.55
    short_min_similarity: float = 0.75
    long_region_words: int = 50
    drift_min_similarity: float = 0.85
    boilerplate_min_docs: int = 5
    boilerplate_max_evidence: int = 20
    boilerplate_max_changes: int | None = 5
    report_boilerplate: bool = True
    within_document: bool = True
    seed: int = 1
