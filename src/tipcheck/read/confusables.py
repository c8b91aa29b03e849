"""Look-alike letters: a Cyrillic "а" in "Kаzakhstan" must neither hide the name from the
checks nor pass unremarked.

`skeleton()` maps compatibility forms (NFKC, where it yields one character: fullwidth and
mathematical letters), the Cyrillic and Greek letters that look like Latin ones onto their
Latin letter and typographic apostrophes onto "'", one character for one, so every offset still points into the original text.
Entity matching runs on the skeleton; `mixed_script()` finds the words that mix scripts so
they can be reported (TC909).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

import attrs

MIXED_SCRIPT = "TC909"

# Letters that are drawn the same as a Latin letter in common fonts (from Unicode's
# confusables.txt, restricted to one-to-one Latin look-alikes).
_LOOKALIKES = {
    "а": "a", "в": "B", "е": "e", "к": "k", "м": "M", "н": "H", "о": "o", "р": "p", "с": "c",
    "т": "T", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l",
    "ԛ": "q", "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q",
    "Ԝ": "W", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i",
    "α": "a", "ρ": "p", "κ": "k",
    # apostrophes: "Côte d’Ivoire" (or `d&rsquo;Ivoire` decoded) is the name with a "'"
    "’": "'", "‘": "'", "ʼ": "'",
}  # fmt: skip
# Ranges whose NFKC form is one ASCII letter or digit: fullwidth forms, letterlike symbols,
# mathematical alphanumerics.
_NFKC_RANGES = (range(0xFF01, 0xFF5F), range(0x2100, 0x2150), range(0x1D400, 0x1D800))


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in itertools.chain(*_NFKC_RANGES):
        n = unicodedata.normalize("NFKC", chr(cp))
        if len(n) == 1 and n.isascii() and n.isalnum():
            table[cp] = n
    table.update({ord(k): v for k, v in _LOOKALIKES.items()})
    return table


_TABLE = _table()


def _char_class(cps: list[int]) -> re.Pattern[str]:
    """One character class matching exactly the code points `cps`, as ranges."""
    parts: list[str] = []
    for _, run in itertools.groupby(enumerate(sorted(cps)), key=lambda x: x[1] - x[0]):
        seq = [cp for _, cp in run]
        lo, hi = re.escape(chr(seq[0])), re.escape(chr(seq[-1]))
        parts.append(lo if len(seq) == 1 else f"{lo}-{hi}")
    return re.compile("[" + "".join(parts) + "]")


# Any character the table maps: most text with curly quotes and dashes has none, and a search
# for one is far cheaper than translating the whole text through a dict of ~1,100 entries.
_MAPPED = _char_class(list(_TABLE))


def skeleton(text: str) -> str:
    """`text` with look-alike letters replaced by Latin ones; same length, same offsets."""
    if text.isascii() or not _MAPPED.search(text):
        return text
    return text.translate(_TABLE)


_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LETTER = re.compile(r"[^\W\d_]")
_LETTERS = re.compile(r"[^\W\d_]*")


def _non_ascii_words(text: str) -> Iterator[re.Match[str]]:
    """Exactly `_NON_ASCII_WORD.finditer(text)`, searched only around non-ASCII characters.

    Every match is the letters around one non-ASCII character, so it lies inside the window
    from the start of the letter run before that character to the end of the run after it;
    windows that overlap are merged, and the pattern runs inside each one alone. Scanning the
    whole text tried the pattern at every letter of every word (a tenth of a second a MB, in
    the main process).
    """
    done = 0  # where the last window ended: nothing before it is looked at again
    for c in _NON_ASCII.finditer(text):
        q = c.start()
        if q < done:
            continue
        lo = q
        while lo > done and _LETTER.match(text, lo - 1):
            lo -= 1
        hi = _window_end(text, q)
        yield from _NON_ASCII_WORD.finditer(text, lo, hi)
        done = hi


def _window_end(text: str, q: int) -> int:
    """The end of the window that opens with the non-ASCII character at `q`: the letter run
    after it, extended over every further non-ASCII character that run reaches."""
    hi = _LETTERS.match(text, q + 1).end()  # type: ignore[union-attr]  # * always matches
    while hi < len(text) and not text[hi].isascii():
        hi = _LETTERS.match(text, hi + 1).end()  # type: ignore[union-attr]
    return hi


_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _script(ch: str) -> str | None:
    if ch.isascii():
        return "LATIN" if ch.isalpha() else None
    name = unicodedata.name(ch, "")
    return next((s for s in _SCRIPTS if name.startswith(s)), None)


@attrs.frozen(slots=True)
class MixedWord:
    start: int
    word: str
    scripts: tuple[str, ...]
    odd: str  # the first letter of the minority script


def mixed_script(text: str) -> list[MixedWord]:
    """Words written in more than one of Latin, Cyrillic and Greek ("Kаzakhstan")."""
    if text.isascii():
        return []
    out: list[MixedWord] = []
    for m in _non_ascii_words(text):
        word = m.group()
        scripts = [_script(c) for c in word]
        found = sorted({s for s in scripts if s})
        if len(found) < 2:
            continue
        counts = {s: scripts.count(s) for s in found}
        minority = min(found, key=lambda s: (counts[s], s))
        odd = next(c for c, s in zip(word, scripts, strict=True) if s == minority)
        out.append(MixedWord(m.start(), word, tuple(found), odd))
    return out


def describe(w: MixedWord) -> str:
    name = unicodedata.name(w.odd, "?")
    scripts = " and ".join(s.title() for s in w.scripts)
    return (
        f"{w.word!r} mixes {scripts} letters ({w.odd!r} is U+{ord(w.odd):04X} {name}); a "
        "look-alike letter can make a name read as another; retype the word in one script"
    )
