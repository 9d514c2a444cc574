"""Source files and spans: where a diagnostic or a syntax node is in a design's text.

A `Span` is a range with its lines and columns worked out. The syntax tree keeps ranges as
*locations* instead (``locate``: one int packing the start and end offsets, no object of its
own), and ``SourceFile.span`` makes the `Span` of a location when one is asked for, from the
file's table of line starts (offsets are characters; lines are separated by "\n" alone, as the
scanner counts them).
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array

import attrs

OFFSET_MASK = (1 << 32) - 1  # a location's low half: the end offset


def locate(start: int, end: int) -> int:
    """The location of the range from character ``start`` to ``end``: one int, not an object
    with seven fields (ten of these a line of a flattened design; a Python int below 2**60 is
    32 bytes, a Span with its offsets 160). Offsets must be below 2**32: the `file_size`
    budget keeps a design file far under 4 GiB."""
    return start << 32 | end


_keeping_spans = False  # see ``keep_spans``


def keep_spans(keep: bool = True) -> None:
    """From now on, each source file made keeps the spans made from it, by location.

    For the language server only: it elaborates a design again after every edit, and most of
    the tree is the same objects as the time before, so the spans of a flattened design's
    20,000 nodes would be made again each time (a third of an elaboration). `dcc check` asks
    for each span about once and keeps none (memory per node is what matters there)."""
    global _keeping_spans
    _keeping_spans = keep


def _span_memo() -> dict[int, Span] | None:
    return {} if _keeping_spans else None


@attrs.frozen
class SourceFile:
    """A source text and where it came from; shared by every span into it."""

    path: str  # as shown to the user (relative where possible)
    text: str = attrs.field(repr=False, eq=False)
    # Where each "\n"-separated line starts, in characters and in UTF-8 bytes; built on the
    # first byte offset asked for, and empty for ASCII text (a byte is a character there).
    _line_chars: list[int] | None = attrs.field(init=False, repr=False, eq=False, default=None)
    _line_bytes: list[int] = attrs.field(init=False, repr=False, eq=False, factory=list)
    # Where each "\n"-separated line starts, in characters: made on the first span asked for.
    _line_starts: array[int] | None = attrs.field(init=False, repr=False, eq=False, default=None)
    # The spans made so far, by location: only where ``keep_spans`` is on (the language server).
    _spans: dict[int, Span] | None = attrs.field(
        init=False, repr=False, eq=False, factory=_span_memo
    )

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text split into lines, once: rendering thousands of diagnostics must not split a
        1 MB file each time; and only when a diagnostic is shown: the lines of a 12 MB design
        are 25 MB that parsing and elaboration do not need."""
        return self.text.splitlines()

    def byte_offset(self, offset: int) -> int:
        """The UTF-8 byte offset of character ``offset``: `len(text[:offset].encode())`, in
        time proportional to one line (JSON diagnostics of a big design ask thousands of times)."""
        if offset <= 0:
            return len(self.text[:offset].encode("utf-8", "surrogatepass"))
        if self._line_chars is None:
            self._index_lines()
        assert self._line_chars is not None
        if not self._line_chars:  # ASCII
            return min(offset, len(self.text))
        line = bisect.bisect_right(self._line_chars, offset) - 1
        start = self._line_chars[line]
        return self._line_bytes[line] + len(
            self.text[start:offset].encode("utf-8", "surrogatepass")
        )

    def span(self, location: int) -> Span:
        """The span of a location (``locate``) in this file."""
        kept = self._spans
        if kept is not None:
            found = kept.get(location)
            if found is None:
                found = kept[location] = self._make_span(location)
            return found
        return self._make_span(location)

    def _make_span(self, location: int) -> Span:
        starts = self._starts()
        start, end = location >> 32, location & OFFSET_MASK
        line = bisect.bisect_right(starts, start)
        if line == len(starts) or end < starts[line]:
            end_line = line  # on one line: the same int object, not another
        else:
            end_line = bisect.bisect_right(starts, end, line)
        return Span(
            self,
            line,
            start - starts[line - 1] + 1,
            end_line,
            end - starts[end_line - 1] + 1,
            start,
            end,
        )

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column (1-based) of character ``offset``."""
        starts = self._starts()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def _starts(self) -> array[int]:
        starts = self._line_starts
        if starts is None:
            starts = array("q", [0])
            starts.extend(m.end() for m in re.finditer("\n", self.text))
            object.__setattr__(self, "_line_starts", starts)
        return starts

    def _index_lines(self) -> None:
        if self.text.isascii():
            object.__setattr__(self, "_line_chars", [])
            return
        chars, byte_starts = [0], [0]
        for line in self.text.split("\n"):
            chars.append(chars[-1] + len(line) + 1)
            byte_starts.append(byte_starts[-1] + len(line.encode("utf-8", "surrogatepass")) + 1)
        object.__setattr__(self, "_line_chars", chars[:-1])
        object.__setattr__(self, "_line_bytes", byte_starts[:-1])


@attrs.frozen(slots=True)
class Span:
    """A range in a source file: 1-based lines and columns, 0-based character offsets."""

    source: SourceFile = attrs.field(repr=False)
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int

    @property
    def file(self) -> str:
        return self.source.path

    def contains(self, other: Span) -> bool:
        return self.file == other.file and self.start <= other.start and other.end <= self.end

    @property
    def byte_start(self) -> int:
        return self.source.byte_offset(self.start)

    @property
    def byte_end(self) -> int:
        return self.source.byte_offset(self.end)

    @property
    def snippet(self) -> str:
        return self.source.text[self.start : self.end]
