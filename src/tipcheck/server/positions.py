"""Python string offsets to LSP positions and back.

tipcheck's evidence offsets index the document as a Python `str` (code points). An LSP
position is a line and a character counted in the code units of the encoding negotiated at
`initialize`: UTF-16 unless the client offers another (a non-BMP character such as an emoji is
one code point, two UTF-16 units and four UTF-8 bytes). Lines end at "\\r\\n", "\\n" or a lone
"\\r", as both LSP and `tipcheck.read.lines` count them.
"""

from __future__ import annotations

import bisect
from typing import Final

from tipcheck.read.lines import line_starts

UTF8: Final = "utf-8"
UTF16: Final = "utf-16"
UTF32: Final = "utf-32"
ENCODINGS: Final = (UTF8, UTF16, UTF32)


def units(s: str, encoding: str) -> int:
    """How many code units of `encoding` `s` takes."""
    if encoding == UTF32 or s.isascii():
        return len(s)
    if encoding == UTF16:
        return len(s) + sum(1 for c in s if ord(c) > 0xFFFF)
    return len(s.encode("utf-8", "surrogatepass"))


class LineIndex:
    """Where each line of `text` starts, for converting offsets to positions and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    def _line_end(self, line: int) -> int:
        """The offset of the line break ending `line` (or the end of the text)."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1]
        # step back over "\r\n", "\n" or "\r"
        if self.text[end - 1] == "\n":
            end -= 1
            if end > self.starts[line] and self.text[end - 1] == "\r":
                end -= 1
        elif self.text[end - 1] == "\r":
            end -= 1
        return end

    def position(self, offset: int, encoding: str = UTF16) -> tuple[int, int]:
        """The (0-based line, character in `encoding` units) of the str offset `offset`."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, units(self.text[self.starts[line] : offset], encoding)

    def offset(self, line: int, character: int, encoding: str = UTF16) -> int:
        """The str offset of an LSP position; a character past the line's end is its end, a
        line past the last is the end of the text (as LSP asks servers to treat them)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self._line_end(line)
        if encoding == UTF32:
            return min(start + max(0, character), end)
        n = 0
        for i in range(start, end):
            if n >= character:
                return i
            n += units(self.text[i], encoding)
        return end

    def line_span(self, line: int) -> tuple[int, int]:
        """The offsets of the start and end (before its line break) of 0-based `line`."""
        line = max(0, min(line, len(self.starts) - 1))
        return self.starts[line], self._line_end(line)

    @property
    def lines(self) -> int:
        return len(self.starts)
