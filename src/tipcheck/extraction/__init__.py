"""Extraction: each sentence of a document becomes typed claims, driven by the rule pack.

In: a `Document` (or a string) and a `RulePack`. Out: `Claim`s (subject, property, typed value,
period, as-of date, span). `sentences` holds the public entry points and the per-sentence loop;
the other modules are the extractors it calls and what they share:

- `entities`: the gazetteer of countries and instruments (Aho-Corasick), mentions in a text
- `templates`: pack patterns with typed slots compiled to regular expressions
- `context`: the document, its masked and entity-tagged text, sentence periods, the claim builder
- `subjects`: whom a paragraph is about ("the country" → the document's country)
- `statements`: template matches — events (ratification) and tier placements
- `counts`: figures with a measure noun, elided figures, money for a purpose
- `series`: figures by year under one measure ("was 125 in 2014, 115 in 2015")
- `parts`: a breakdown's parts are never rival totals
- `provenance`: how each claim's subject, period and measure were determined (`Claim.why`)
- `breakdowns`: parts against a total, statistics fields, compositions
- `comparisons`: "twice as many as", percentage changes, trend words
- `routes`: origin and destination country sets
- `tables`: figures by year in Markdown and plain-text tables
"""
