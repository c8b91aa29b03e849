"""Typed values read from text, used by every stage: numbers, number words and quantity
intervals (`numbers`), dates, months and periods (`timeexpr`).

In: a string (a sentence, a metadata line, a cell of a reference CSV). Out: `Quantity` and `Time`
values from `tipcheck.values`, with the spans they were read from. Nothing here knows the domain.
"""
