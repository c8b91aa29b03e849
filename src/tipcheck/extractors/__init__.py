"""The extractors, one module per kind of statement, and the context they share.

`tipcheck.extract` runs them over each sentence; what they look for comes from the rule pack.

- `context`: the document, its masked and entity-tagged text, sentence periods, the claim builder
- `subjects`: whom a paragraph is about ("the country" → the document's country)
- `statements`: template matches — events (ratification) and tier placements
- `counts`: figures with a measure noun, elided figures, money for a purpose
- `breakdowns`: parts against a total, statistics fields, compositions
- `comparisons`: "twice as many as", percentage changes, trend words
- `routes`: origin and destination country sets
- `tables`: figures by year in Markdown and plain-text tables
"""
