"""British and American spellings of one word, as one pattern.

A pack writes each word once ("organizations", "labor", "offenses", "center") and matches text
in either spelling: "non-governmental organisations", "forced labour", "offences", "crisis
centre". The families are the regular ones of English spelling; a pattern that also accepts a
form nobody writes ("promize") costs nothing, so the suffix rules are not word lists, except
where a spelling change would be ambiguous (-or/-our, -er/-re, -l-/-ll-, -ce/-se), which name
their stems.
"""

from __future__ import annotations

import re

_IZE = re.compile(
    r"^(?P<stem>[a-z]{3,})i[sz](?P<end>e|es|ed|ing|ation|ations|ational|er|ers)$", re.I
)
_OUR = re.compile(
    r"^(?P<stem>lab|behavi|fav|hon|neighb|harb|col|endeav|rum|savi)ou?r(?P<end>s|ed|ing|ers?|ite|ites)?$",
    re.I,
)
_RE = re.compile(r"^(?P<stem>cent|theat|met|lit|fib|spect)(?:re|er)(?P<end>s|d)?$", re.I)
_LL = re.compile(
    r"^(?P<stem>travel|label|model|cancel|counsel|signal|total|fuel|channel|level|marshal)l?(?P<end>ed|ing|er|ers)$",
    re.I,
)
_CE = re.compile(r"^(?P<stem>defen|licen|offen|preten)[cs](?P<end>e|es)$", re.I)
_PROGRAM = re.compile(r"^(?P<stem>program)(?:me)?(?P<end>s)?$", re.I)


# each family: the word's shape, and the letters that vary between the spellings
_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_IZE, "i[sz]"),
    (_OUR, "ou?r"),
    (_RE, "(?:re|er)"),
    (_LL, "l?"),
    (_CE, "[cs]"),
    (_PROGRAM, "(?:me)?"),
)


def spelling_pattern(word: str) -> str:
    """A regex (no groups) matching `word` in its British and American spellings; the word
    escaped when it has no other spelling."""
    for shape, varies in _FAMILIES:
        m = shape.match(word)
        if m:
            return f"{re.escape(m['stem'])}{varies}{m['end'] or ''}"
    return re.escape(word)
