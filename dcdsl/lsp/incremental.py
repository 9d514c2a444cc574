"""Re-parse only what an edit touched, for the open documents of the language server.

A design is a sequence of top-level statements, and a top-level statement starts on a line whose
first word is a top-level keyword (`design`, `part`, `hall`, …) outside any braces. After an
edit, in order of preference:

1. **Inside one block.** When the edit lies inside the body of one top-level block (a hall of a
   flattened design holds thousands of racks), only the lines of the body statements it touched
   are parsed again: the parser is given the block's header, the touched statements and the next
   statement after them (which must come out exactly as before: the edit did not run into it),
   with everything else blanked (newlines kept) so that offsets and lines come out exact.
   Statements before the edit keep their trees; those after it keep them with their spans moved
   by the edit's length and line count.
2. **Top-level chunks.** Otherwise the text is cut into chunks where top-level statements
   start; chunks before the first changed one are kept, chunks after the last changed one are
   kept with their spans moved (chunks start at the start of a line, so columns do not move),
   and the changed chunks in between are parsed on a copy of the text in which everything
   before them is blanked.

Whenever a cut does not fit the tree (a statement across two chunks), a changed part does not
parse on its own, or anything else is unusual, the whole text is parsed as before: the result is
always what ``dcdsl.syntax.parse.parse`` gives for the whole text (``tests/test_lsp_incremental``
checks this on random edits, for both ways).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

import attrs

from dcdsl.diagnostics import DcError, SourceFile
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
    module: t.Module
    _chunks: list[_Chunk] | None = None
    _cut: bool = False  # whether ``_chunks`` was computed (it may be None: no clean cut)

    @property
    def chunks(self) -> list[_Chunk] | None:
        """The text cut into top-level chunks, computed on first use (an edit inside a block
        never needs them)."""
        if not self._cut:
            self._chunks, self._cut = _partition(self.text, self.module), True
        return self._chunks


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


Move = Callable[[Any, int, SourceFile], Any]  # (node, shift, source) -> the node moved


class _Movers(dict[type, Move]):
    """A function per node class that rebuilds one node of it with its locations moved by
    ``shift`` (``_Mover.shift``) into ``source``, made on first use: one call with the fields
    spelled out, which calls the next class's straight from this table for a field holding
    nodes (no dispatching call between, no loop over field names, no ``getattr``): an edit near
    the top of a flattened design moves tens of thousands of nodes (5,000 lines, a letter typed
    on its first `device` line: 32,827 nodes moved; the edit's re-parse took 28 ms with a loop
    over each node's fields and attrs' __init__, 15 ms with these)."""

    def __missing__(self, cls: type) -> Move:
        if not attrs.has(cls):
            move: Move = _unchanged  # a string, a number, None: no locations inside
        else:
            args = []
            for field in attrs.fields(cls):
                value = f"node.{field.name}"
                if field.name == "source":
                    args.append("source")
                elif field.name in t.LOCATION_FIELDS:
                    args.append(f"(None if (v := {value}) is None else v + shift)")
                else:
                    args.append(
                        f"(v if type(v := {value}) in _PLAIN else _MOVERS[type(v)](v, shift, source))"
                    )
            fields = attrs.fields(cls)
            scope: dict[str, Any] = {"cls": cls, "_PLAIN": _PLAIN, "_MOVERS": self}
            if _plain_slots(cls):
                # The node's slots set straight, not through attrs' __init__ (a frozen class
                # sets each field by object.__setattr__ there): 4 ms of the 5,000 lines.
                sets = "".join(
                    f"    set_{f.name}(new, {a})\n" for f, a in zip(fields, args, strict=True)
                )
                code = (
                    f"def move(node, shift, source):\n    new = new_(cls)\n{sets}    return new\n"
                )
                scope["new_"] = object.__new__
                scope.update({f"set_{f.name}": getattr(cls, f.name).__set__ for f in fields})
            else:
                code = f"def move(node, shift, source):\n    return cls({', '.join(args)})\n"
            exec(code, scope)  # made from the class's own field names
            move = scope["move"]
        self[cls] = move
        return move


_SLOT = type(vars(t.Comment)["loc"])  # a slot's descriptor (member_descriptor)


def _plain_slots(cls: type) -> bool:
    """Whether a node of ``cls`` is exactly its fields set in its slots: no validator, converter
    nor post-init step in its __init__ that skipping it would skip."""
    slots = {name for klass in cls.__mro__ for name in getattr(klass, "__slots__", ())}
    return (
        not hasattr(cls, "__attrs_post_init__")
        and not any("cached_hash" in name for name in slots)
        and all(
            f.init
            and f.validator is None
            and f.converter is None
            and f.on_setattr in (None, attrs.setters.NO_OP)
            and type(getattr(cls, f.name, None)) is _SLOT
            for f in attrs.fields(cls)
        )
    )


def _unchanged(node: Any, shift: int, source: SourceFile) -> Any:
    return node


def _move_tuple(node: tuple[Any, ...], shift: int, source: SourceFile) -> tuple[Any, ...]:
    return tuple(
        [
            item if type(item) in _PLAIN else _MOVERS[type(item)](item, shift, source)
            for item in node
        ]
    )


_MOVERS = _Movers({tuple: _move_tuple})


class _Mover:
    """Rebuilds tree nodes with their locations moved by ``offset`` characters (and ``lines``
    lines) into a new source file, whose line table gives the moved lines and columns."""

    def __init__(self, source: SourceFile, offset: int, lines: int):
        self.source = source
        self.offset = offset
        self.lines = lines
        self.shift = offset * ((1 << 32) + 1)  # start and end of a location (``locate``)

    def __call__(self, node: Any) -> Any:
        if type(node) in _PLAIN:
            return node
        return _MOVERS[type(node)](node, self.shift, self.source)


_PLAIN = frozenset({str, int, float, bool, type(None)})  # values without locations inside


def _adopt(source: SourceFile, text: str) -> SourceFile:
    """Make the source file of a part parsed from blanked text hold the real text (same length,
    same lines): the part's spans then point into the real text without being rebuilt. The
    file object is new, made by that one parse, and shared by nothing else yet."""
    real = SourceFile(source.path, text)
    for field in attrs.fields(SourceFile):
        object.__setattr__(source, field.name, getattr(real, field.name))
    return source


def _blank(text: str) -> str:
    """Spaces for every character but newlines: offsets and line numbers stay as they were."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def _common_prefix(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    while low < high:  # compares slices in C: a few passes over the text, not a Python loop
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    low, high = 0, min(len(a), len(b), limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _next_line(text: str, offset: int) -> int:
    """The start of the line after the one ``offset`` is on (the end of the text on the last)."""
    found = text.find("\n", offset)
    return len(text) if found < 0 else found + 1


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
        if previous is not None and previous.text == text:
            self.reparsed_chars = 0
            return previous.module  # a save, a re-check: the same text, the same (immutable) tree
        module = None
        if previous is not None:
            module = self._inside_block(previous, text, path)
            if module is None:
                module = self._incremental(previous, text, path)
        if module is None:
            self.reparsed_chars = len(text)
            # A syntax error raises here; the tree of the last good text stays, so that the
            # edit that fixes it re-parses only what changed since then.
            module = self.parse(text, path)
        self.documents[path] = _Parsed(text, module)
        return module

    def _inside_block(self, previous: _Parsed, text: str, path: str) -> t.Module | None:
        """Way 1 of the module's docstring; None when the edit does not fit it."""
        old, module = previous.text, previous.module
        start = _common_prefix(old, text)
        same_end = _common_suffix(old, text, min(len(old), len(text)) - start)
        old_end = len(old) - same_end  # the edit replaced old[start:old_end]
        delta = len(text) - len(old)
        statements = module.statements
        k = bisect.bisect_right([s.span.start for s in statements], start) - 1
        if k < 0:
            return None
        block = statements[k]
        if not isinstance(block, t.Block) or not block.body or old_end >= block.span.end - 1:
            return None
        if old[block.span.end - 1] != "}":
            return None
        children = block.body
        header_end = _line_start(old, children[0].span.start)  # the body's first line
        if old[header_end : children[0].span.start].strip() or start < header_end:
            return None  # the edit touches the header, or the body starts on its line
        # The touched body statements, widened to whole lines: children[first:after].
        cut = _line_start(old, start)
        first = 0
        while first < len(children) and children[first].span.end < cut:
            first += 1
        # A touched statement that begins on an earlier line widens the cut to that line, and the
        # statements ending on it are parsed again too (`gpus = 8  power_max` on one line, `= 10
        # kW` edited on the next: keeping `gpus` and parsing its line again would hold it twice).
        while first < len(children):
            line = _line_start(old, children[first].span.start)
            if line >= cut:
                break
            cut = line
            while first > 0 and children[first - 1].span.end >= cut:
                first -= 1
        cut = max(cut, header_end)
        stop = _next_line(old, old_end)
        after = first
        while after < len(children) and children[after].span.start < stop:
            stop = max(stop, _next_line(old, children[after].span.end))
            after += 1
        brace = block.span.end - 1
        if stop > brace:
            return None  # the edit reaches the line of the closing brace
        if after == len(children):
            stop = brace  # the rest of the body, comments after the last statement too
        source_text = (
            _blank(text[: block.span.start])
            + text[block.span.start : header_end]
            + _blank(text[header_end:cut])
        )
        if after < len(children):
            # Parse the next statement too: it must come out as it was, moved, or the edit
            # ran into it (`rack` typed alone on a line takes the next line's words).
            lookahead_end = children[after].span.end + delta
            source_text += text[cut:lookahead_end] + " }"
        else:
            source_text += text[cut : brace + 1 + delta]
        try:
            part = self.parse(source_text, path)
        except DcError:
            return None
        if len(part.statements) != 1 or not isinstance(part.statements[0], t.Block):
            return None
        parsed = part.statements[0].body or ()
        source = _adopt(part.source, text)
        move = _Mover(
            source, delta, text.count("\n", cut, stop + delta) - old.count("\n", cut, stop)
        )
        new_end = stop + delta
        if after < len(children):
            if not parsed or parsed[-1] != move(children[after]):
                return None
            body = (*children[:first], *parsed[:-1], *move(children[after:]))
        else:
            body = (*children[:first], *parsed)
        # Its start is before the edit: only its end moves.
        new_block = attrs.evolve(block, body=body, source=source, loc=block.loc + delta)
        comments = [c for c in module.comments if c.span.end <= cut]
        comments += [c for c in part.comments if cut <= c.span.start < new_end]
        comments += move(tuple(c for c in module.comments if c.span.start >= stop))
        self.reparsed_chars = new_end - cut
        return t.Module(
            source,
            (*statements[:k], new_block, *move(statements[k + 1 :])),
            tuple(comments),
        )

    def _incremental(self, previous: _Parsed, text: str, path: str) -> t.Module | None:
        old = previous.chunks
        if previous.text == text or old is None:
            return None  # nothing to gain, or no clean cut: a plain parse keeps this simple
        bounds = _bounds(text, chunk_starts(text))
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
        middle_start = bounds[front][0] if front < len(bounds) else len(text)
        middle_end = bounds[len(bounds) - back][0] if back else len(text)
        statements: list[Statement] = []
        comments: list[t.Comment] = []
        source = SourceFile(path, text)  # the parsed part's, when there is one
        for chunk in old[:front]:
            statements.extend(chunk.statements)
            comments.extend(chunk.comments)
        if middle_end > middle_start:
            parsed = self._parse_part(text, middle_start, middle_end, path)
            if parsed is None:
                return None
            source = parsed.source
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

    def _parse_part(self, text: str, start: int, end: int, path: str) -> t.Module | None:
        # Blank what comes before, keeping newlines, so that offsets and lines are exact.
        blank = _blank(text[:start]) + text[start:end]
        try:
            part = self.parse(blank, path)
        except DcError:
            return None  # let the whole text be parsed, for the message the user expects
        _adopt(part.source, text)
        return part
