"""Checks: claims and passages become findings.

In: every document's claims (grouped by subject, property and period) and its segmented
passages. Out: `Finding`s with evidence that slices back to the quoted text.

- `contradictions`: TC101–TC103, incompatible events, negated states, one value per period
- `arithmetic`: TC201–TC205, breakdown and composition sums, derived comparisons, trends
- `sets`: TC407, route sets that differ between sources
- `reference`: TC104, claims against a file of trusted values
- `evidence`: how a claim becomes a finding's evidence and message values
- `firmness`: which claims are firm enough to compare, and the severity their provenance allows
- `copies/`: TC3xx duplicates and TC4xx drift, from passages rather than claims
"""
