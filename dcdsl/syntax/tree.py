"""Syntax tree: small attrs nodes, each with where it was read from.

The parser builds these directly, so no generic Lark tree is kept in memory. Every node is
immutable; the elaborator reads them, the formatter prints them.

A node does not keep `Span` objects: it keeps its source file and, for each range it has, a
*location*, one int packing the range's start and end offsets (``locate``). Its spans (``span``,
``name_span``, ...) are made from them when asked for, lines and columns from the file's table
of line starts. A flattened design has ten ranges a node line; as `Span` objects with their
offsets they were 1.7 KB of its 2.7 KB (docs/performance.md, "Memory a node").
"""

from __future__ import annotations

from typing import Union

import attrs

from dcdsl.source import OFFSET_MASK, SourceFile, Span, locate

# The fields that say where a node is, not what it is: the formatter compares trees without
# them, the language server moves them.
LOCATION_FIELDS = frozenset({"source", "loc", "name_loc", "type_loc", "path_loc"})


class _Located:
    """A node's `span`, made from its file and location."""

    __slots__ = ()
    source: SourceFile
    loc: int

    @property
    def span(self) -> Span:
        return self.source.span(self.loc)


class _Named(_Located):
    """A node with a name whose range is kept too (a call, a `let`)."""

    __slots__ = ()
    name_loc: int

    @property
    def name_span(self) -> Span:
        return self.source.span(self.name_loc)


# --- expressions ----------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Number(_Located):
    value: float
    text: str
    source: SourceFile = attrs.field(repr=False)
    loc: int


@attrs.frozen(slots=True)
class QuantityLit(_Located):
    value: float
    text: str  # the number as written
    unit: str  # as written; "percent" for `%`
    source: SourceFile = attrs.field(repr=False)
    loc: int  # the number and its unit

    @property
    def unit_span(self) -> Span:
        """The unit as written, at the end of the span (a unit follows its number on the same
        line)."""
        end = self.loc & OFFSET_MASK
        width = len(self.unit)
        if self.unit == "percent" and self.source.text[end - 1 : end] == "%":
            width = 1
        return self.source.span(locate(end - width, end))


@attrs.frozen(slots=True)
class String(_Located):
    value: str
    source: SourceFile = attrs.field(repr=False)
    loc: int


@attrs.frozen(slots=True)
class Bool(_Located):
    value: bool
    source: SourceFile = attrs.field(repr=False)
    loc: int


@attrs.frozen(slots=True)
class RatioLit(_Located):
    down: float
    up: float
    text: str
    source: SourceFile = attrs.field(repr=False)
    loc: int


@attrs.frozen(slots=True)
class RedundancyLit(_Located):
    """N, N+k, kN (k paths of N), 2(N+k) (k spares in each path) or 2N+k (k spares shared)."""

    text: str
    paths: int
    spares: int
    source: SourceFile = attrs.field(repr=False)
    loc: int
    shared: int = 0


@attrs.frozen(slots=True)
class Path(_Located):
    parts: tuple[str, ...]
    source: SourceFile = attrs.field(repr=False)
    loc: int

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@attrs.frozen(slots=True)
class Call(_Named):
    name: str
    args: tuple[Expr, ...]
    source: SourceFile = attrs.field(repr=False)
    loc: int
    name_loc: int


@attrs.frozen(slots=True)
class ListLit(_Located):
    items: tuple[Expr, ...]
    source: SourceFile = attrs.field(repr=False)
    loc: int


@attrs.frozen(slots=True)
class BinOp(_Located):
    op: str  # + - * / and the comparisons
    left: Expr
    right: Expr
    source: SourceFile = attrs.field(repr=False)
    loc: int


@attrs.frozen(slots=True)
class Neg(_Located):
    operand: Expr
    source: SourceFile = attrs.field(repr=False)
    loc: int


Expr = Union[  # noqa: UP007 - attrs resolves the forward references at runtime
    Number, QuantityLit, String, Bool, RatioLit, RedundancyLit, Path, Call, ListLit, BinOp, Neg
]

# --- statements -----------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Attribute:
    name: str
    value: Expr
    source: SourceFile = attrs.field(repr=False)
    name_loc: int

    @property
    def name_span(self) -> Span:
        return self.source.span(self.name_loc)

    @property
    def loc(self) -> int:
        """From the name to the end of the value."""
        return join(self.name_loc, self.value.loc)

    @property
    def span(self) -> Span:
        return self.source.span(self.loc)


@attrs.frozen(slots=True)
class LabelLit(_Located):
    value: str
    source: SourceFile = attrs.field(repr=False)
    loc: int


@attrs.frozen(slots=True)
class LabelRange(_Located):
    first: str
    last: str
    source: SourceFile = attrs.field(repr=False)
    loc: int


Label = Union[LabelLit, LabelRange]  # noqa: UP007


@attrs.frozen(slots=True)
class Block(_Located):
    kind: str
    type_ref: str | None
    labels: tuple[Label, ...]
    repeat: Expr | None
    body: tuple[Statement, ...] | None
    source: SourceFile = attrs.field(repr=False)
    loc: int  # from the kind, which starts it (its own location is made when asked for)
    type_loc: int | None

    @property
    def kind_loc(self) -> int:
        start = self.loc >> 32
        return locate(start, start + len(self.kind))

    @property
    def kind_span(self) -> Span:
        return self.source.span(self.kind_loc)

    @property
    def type_span(self) -> Span | None:
        return None if self.type_loc is None else self.source.span(self.type_loc)

    @property
    def head_span(self) -> Span:
        """The block's header (kind to last label), for carets that should not cover the body."""
        end = self.kind_loc
        if self.labels:
            end = self.labels[-1].loc
        elif self.type_loc is not None:
            end = self.type_loc
        return self.source.span(join(self.kind_loc, end))


@attrs.frozen(slots=True)
class Let(_Named):
    name: str
    value: Expr
    source: SourceFile = attrs.field(repr=False)
    loc: int
    name_loc: int


@attrs.frozen(slots=True)
class Import(_Located):
    path: str
    source: SourceFile = attrs.field(repr=False)
    loc: int
    path_loc: int

    @property
    def path_span(self) -> Span:
        return self.source.span(self.path_loc)


@attrs.frozen(slots=True)
class Require(_Located):
    expr: Expr
    reason: str | None
    source: SourceFile = attrs.field(repr=False)
    loc: int


@attrs.frozen(slots=True)
class Allow(_Located):
    rule_ids: tuple[str, ...]
    reason: str
    source: SourceFile = attrs.field(repr=False)
    loc: int


Statement = Union[Attribute, Block, Let, Import, Require, Allow]  # noqa: UP007


@attrs.frozen(slots=True)
class Comment(_Located):
    text: str
    source: SourceFile = attrs.field(repr=False)
    loc: int


@attrs.frozen
class Module:
    source: SourceFile
    statements: tuple[Statement, ...]
    comments: tuple[Comment, ...]


def join(first: int, last: int) -> int:
    """The location from the start of ``first`` to the end of ``last``."""
    return (first & ~OFFSET_MASK) | (last & OFFSET_MASK)


def join_spans(first: Span, last: Span) -> Span:
    return Span(
        first.source,
        first.line,
        first.column,
        last.end_line,
        last.end_column,
        first.start,
        last.end,
    )
