"""Positions between the compiler and an LSP client.

The compiler's spans carry 0-based *character* offsets (Python string indices), which are exact
whatever the line endings; Lark's 1-based lines and columns are not used here. LSP positions are
0-based lines and columns counted in the negotiated encoding: UTF-16 code units by default (an
emoji is two), or UTF-8 bytes, or UTF-32 code points. ``LineIndex`` converts both ways.
"""

from __future__ import annotations

import bisect
import re

from lsprotocol import types

from dcdsl.diagnostics import Span

# LSP ends a line at \r\n, \n or \r (and nowhere else).
_LINE_END = re.compile(r"\r\n|\n|\r")

UTF8 = types.PositionEncodingKind.Utf8.value
UTF16 = types.PositionEncodingKind.Utf16.value
UTF32 = types.PositionEncodingKind.Utf32.value


def encoding_name(encoding: object) -> str:
    """`utf-8`, `utf-16` or `utf-32`, from an lsprotocol enum member or a plain string."""
    return str(getattr(encoding, "value", encoding) or UTF16)


def _units(text: str, encoding: str) -> int:
    """Length of ``text`` in the code units of ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8"))
    # Characters outside the Basic Multilingual Plane take two UTF-16 code units.
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class LineIndex:
    """Line starts of one text, for offset ↔ (line, column) in a given encoding."""

    def __init__(self, text: str, encoding: object = UTF16):
        self.text = text
        self.encoding = encoding_name(encoding)
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def _line_end(self, line: int) -> int:
        """Offset of the end of ``line``'s content (before its line break)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            if self.text[end - 2 : end] == "\r\n":
                return end - 2
            return end - 1
        return len(self.text)

    def point(self, offset: int) -> tuple[int, int]:
        """(line, column) of ``offset``: ``position`` without building an lsprotocol object."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        # An offset inside a \r\n pair is the end of the line's content.
        offset = min(offset, self._line_end(line))
        return line, _units(self.text[start:offset], self.encoding)

    def position(self, offset: int) -> types.Position:
        return types.Position(*self.point(offset))

    def offset(self, position: types.Position) -> int:
        """Character offset of an LSP position; past the end of a line clamps to its end."""
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self._line_end(position.line)
        if self.encoding == UTF32 or self.text[start:end].isascii():
            return min(start + position.character, end)
        remaining = position.character
        index = start
        while index < end and remaining > 0:
            remaining -= _units(self.text[index], self.encoding)
            index += 1
        return index

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(max(start, end)))

    def span_range(self, span: Span) -> types.Range:
        return self.range(span.start, span.end)
