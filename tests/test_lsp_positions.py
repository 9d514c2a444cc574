"""Offsets ↔ LSP positions: UTF-16 by default, UTF-8 and UTF-32 when negotiated, any line ending."""

from __future__ import annotations

import pytest
from lsprotocol import types

from dcdsl.lsp.positions import UTF8, UTF16, UTF32, LineIndex

TEXT = 'a = 1\r\n# 🚀 é\nb = "x"\rc = 2'


@pytest.mark.parametrize(
    ("encoding", "column_of_e"),
    [(UTF16, 5), (UTF8, 7), (UTF32, 4)],  # "# 🚀 " is 5 UTF-16 units, 7 bytes, 4 code points
)
def test_columns_after_a_non_bmp_character(encoding: str, column_of_e: int) -> None:
    index = LineIndex(TEXT, encoding)
    offset = TEXT.index("é")
    assert index.position(offset) == types.Position(1, column_of_e)
    assert index.offset(types.Position(1, column_of_e)) == offset


def test_line_endings_crlf_lf_and_cr() -> None:
    index = LineIndex(TEXT)
    assert index.position(TEXT.index("a")) == types.Position(0, 0)
    assert index.position(TEXT.index("b")) == types.Position(2, 0)
    assert index.position(TEXT.index("c")) == types.Position(3, 0)
    # The end of line 0 is before \r\n, not between \r and \n.
    assert index.position(TEXT.index("\n")) == types.Position(0, 5)


def test_positions_past_the_end_clamp() -> None:
    index = LineIndex(TEXT)
    assert index.offset(types.Position(0, 99)) == TEXT.index("\r")
    assert index.offset(types.Position(99, 0)) == len(TEXT)
    assert index.position(len(TEXT) + 10) == types.Position(3, 5)


def test_round_trip_every_offset() -> None:
    for encoding in (UTF8, UTF16, UTF32):
        index = LineIndex(TEXT, encoding)
        for offset, char in enumerate(TEXT):
            if char in "\r\n":
                continue
            assert index.offset(index.position(offset)) == offset
