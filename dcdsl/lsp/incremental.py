"""Re-parse only what an edit touched, for the open documents of the language server.

A design is a sequence of top-level statements, and a top-level statement starts on a line whose
first word is a top-level keyword (`design`, `part`, `hall`, `let`, …) outside any braces. The
text is cut into chunks there. After an edit:

- chunks before the first changed one are kept as they are (their spans, offsets and the text
  before them are unchanged);
- chunks after the last changed one are kept with their spans moved by the edit's length and
  line count (chunks start at the start of a line, so columns do not move);
- the changed chunks in between are parsed by the one parser, on a copy of the text in which
  everything before them is blanked (newlines kept), so that their spans come out exact.

Whenever a cut does not fit the tree (a statement across two chunks), a changed part does not
parse on its own, or anything else is unusual, the whole text is parsed as before: the result is
always what ``dcdsl.syntax.parse.parse`` gives for the whole text (``tests/test_lsp_incremental``
checks this on random edits).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import attrs

from dcdsl.diagnostics import DcError, SourceFile, Span
from dcdsl.elaborate.schema import TOP_LEVEL
from dcdsl.syntax import tree as t

Parse = Callable[[str, str], t.Module]
Statement = Any  # a top-level statement or comment of the tree

_KEYWORDS = "|".join((*TOP_LEVEL, "let", "import", "require", "allow"))
_SCAN = re.compile(
    rf'"(?:[^"\\\n]|\\.)*"?|(?:#|//)[^\n]*|[{{}}]|^[ \t]*(?=(?:{_KEYWORDS})\b)',
    re.MULTILINE,
)


def chunk_starts(text: str) -> list[int]:
    """Offsets where top-level statements may start: line starts with a keyword at depth 0."""
    starts = [0]
    depth = 0
    for match in _SCAN.finditer(text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif not token.strip() and depth == 0 and match.start() > 0:
            starts.append(match.start())
    return starts


@attrs.frozen
class _Chunk:
    start: int
    end: int
    line: int  # 1-based line of ``start``
    text: str
    statements: tuple[Statement, ...]
    comments: tuple[t.Comment, ...]


@attrs.define
class _Parsed:
    text: str
    chunks: list[_Chunk]


def _bounds(text: str, starts: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, line) of each chunk."""
    out = []
    line = 1
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        out.append((start, end, line))
        line += text.count("\n", start, end)
    return out


def _partition(text: str, module: t.Module) -> list[_Chunk] | None:
    """Cut a whole-text tree along the chunk boundaries; None when a statement crosses one."""
    bounds = _bounds(text, chunk_starts(text))
    statements: list[list[Any]] = [[] for _ in bounds]
    comments: list[list[Any]] = [[] for _ in bounds]
    index = 0
    groups: tuple[tuple[tuple[Any, ...], list[list[Any]]], ...] = (
        (module.statements, statements),
        (module.comments, comments),
    )
    for items, target in groups:
        index = 0
        for item in items:
            while index < len(bounds) and item.span.start >= bounds[index][1]:
                index += 1
            if index == len(bounds) or item.span.end > bounds[index][1]:
                return None
            target[index].append(item)
    return [
        _Chunk(start, end, line, text[start:end], tuple(statements[i]), tuple(comments[i]))
        for i, (start, end, line) in enumerate(bounds)
    ]


@cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(cls))


class _Mover:
    """Rebuilds tree nodes with spans moved by (offset, lines) into a new source file."""

    def __init__(self, source: SourceFile, offset: int, lines: int):
        self.source = source
        self.offset = offset
        self.lines = lines

    def __call__(self, node: Any) -> Any:
        if isinstance(node, Span):
            return Span(
                self.source,
                node.line + self.lines,
                node.column,
                node.end_line + self.lines,
                node.end_column,
                node.start + self.offset,
                node.end + self.offset,
            )
        if isinstance(node, tuple):
            return tuple(self(item) for item in node)
        cls = type(node)
        if attrs.has(cls):
            return cls(*(self(getattr(node, name)) for name in _fields(cls)))
        return node


class IncrementalParser:
    """Keeps, per document path, the chunks of its last parse."""

    def __init__(self, parse: Parse):
        self.parse = parse
        self.documents: dict[str, _Parsed] = {}
        self.reparsed_chars = 0  # of the last call: how much text went through the parser

    def forget(self, path: str) -> None:
        self.documents.pop(path, None)

    def __call__(self, text: str, path: str = "<input>") -> t.Module:
        previous = self.documents.get(path)
        module = self._incremental(previous, text, path) if previous is not None else None
        if module is None:
            self.reparsed_chars = len(text)
            # A syntax error raises here; the chunks of the last good text stay, so that the
            # edit that fixes it re-parses only what changed since then.
            module = self.parse(text, path)
            chunks = _partition(text, module)
        else:
            chunks = _partition(text, module)
        if chunks is None:
            self.documents.pop(path, None)
        else:
            self.documents[path] = _Parsed(text, chunks)
        return module

    def _incremental(self, previous: _Parsed, text: str, path: str) -> t.Module | None:
        if previous.text == text:
            return None  # nothing to gain; a plain parse keeps this simple
        bounds = _bounds(text, chunk_starts(text))
        old = previous.chunks
        # Unchanged chunks at the front: same text at the same place.
        front = 0
        while (
            front < len(bounds)
            and front < len(old)
            and old[front].start == bounds[front][0]
            and old[front].text == text[bounds[front][0] : bounds[front][1]]
        ):
            front += 1
        # Unchanged chunks at the back: same text, moved as a whole.
        back = 0
        while (
            back < len(bounds) - front
            and back < len(old) - front
            and old[-1 - back].text == text[bounds[-1 - back][0] : bounds[-1 - back][1]]
        ):
            back += 1
        if front == len(bounds) and back == 0:
            return None
        source = SourceFile(path, text)
        middle_start = bounds[front][0] if front < len(bounds) else len(text)
        middle_end = bounds[len(bounds) - back][0] if back else len(text)
        statements: list[Statement] = []
        comments: list[t.Comment] = []
        for chunk in old[:front]:
            statements.extend(chunk.statements)
            comments.extend(chunk.comments)
        if middle_end > middle_start:
            parsed = self._parse_part(text, middle_start, middle_end, path, source)
            if parsed is None:
                return None
            statements.extend(parsed.statements)
            comments.extend(parsed.comments)
        self.reparsed_chars = middle_end - middle_start
        for i in range(back, 0, -1):
            chunk = old[-i]
            start, _, line = bounds[-i]
            move = _Mover(source, start - chunk.start, line - chunk.line)
            statements.extend(move(chunk.statements))
            comments.extend(move(chunk.comments))
        return t.Module(source, tuple(statements), tuple(comments))

    def _parse_part(
        self, text: str, start: int, end: int, path: str, source: SourceFile
    ) -> t.Module | None:
        # Blank what comes before, keeping newlines, so that offsets and lines are exact.
        blank = "\n".join(" " * len(line) for line in text[:start].split("\n")) + text[start:end]
        try:
            part = self.parse(blank, path)
        except DcError:
            return None  # let the whole text be parsed, for the message the user expects
        move = _Mover(source, 0, 0)
        return t.Module(source, move(part.statements), move(part.comments))
