"""Syntax tree: small attrs nodes, each with the span it was read from.

The parser builds these directly (an embedded Lark transformer), so no generic Lark tree is
kept in memory. Every node is immutable; the elaborator reads them, the formatter prints them.
"""

from __future__ import annotations

from typing import Union

import attrs

from dcdsl.diagnostics import SourceFile, Span

# --- expressions ----------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Number:
    value: float
    text: str
    span: Span


@attrs.frozen(slots=True)
class QuantityLit:
    value: float
    text: str  # the number as written
    unit: str  # as written; "percent" for `%`
    span: Span  # the number and its unit

    @property
    def unit_span(self) -> Span:
        """The unit as written, at the end of the span (on its line: a unit follows its number
        on the same line), made when asked for rather than kept: 96 bytes a quantity."""
        span = self.span
        width = len(self.unit)
        if self.unit == "percent" and span.source.text[span.end - 1 : span.end] == "%":
            width = 1
        return Span(
            span.source,
            span.end_line,
            span.end_column - width,
            span.end_line,
            span.end_column,
            span.end - width,
            span.end,
        )


@attrs.frozen(slots=True)
class String:
    value: str
    span: Span


@attrs.frozen(slots=True)
class Bool:
    value: bool
    span: Span


@attrs.frozen(slots=True)
class RatioLit:
    down: float
    up: float
    text: str
    span: Span


@attrs.frozen(slots=True)
class RedundancyLit:
    """N, N+k, kN (k paths of N), 2(N+k) (k spares in each path) or 2N+k (k spares shared)."""

    text: str
    paths: int
    spares: int
    span: Span
    shared: int = 0


@attrs.frozen(slots=True)
class Path:
    parts: tuple[str, ...]
    span: Span

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@attrs.frozen(slots=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    span: Span
    name_span: Span


@attrs.frozen(slots=True)
class ListLit:
    items: tuple[Expr, ...]
    span: Span


@attrs.frozen(slots=True)
class BinOp:
    op: str  # + - * / and the comparisons
    left: Expr
    right: Expr
    span: Span


@attrs.frozen(slots=True)
class Neg:
    operand: Expr
    span: Span


Expr = Union[  # noqa: UP007 - attrs resolves the forward references at runtime
    Number, QuantityLit, String, Bool, RatioLit, RedundancyLit, Path, Call, ListLit, BinOp, Neg
]

# --- statements -----------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Attribute:
    name: str
    value: Expr
    name_span: Span

    @property
    def span(self) -> Span:
        """From the name to the end of the value, joined when asked for: a flattened design
        has hundreds of thousands of attributes, and a span object is 96 bytes."""
        return _join(self.name_span, self.value.span)


@attrs.frozen(slots=True)
class LabelLit:
    value: str
    span: Span


@attrs.frozen(slots=True)
class LabelRange:
    first: str
    last: str
    span: Span


Label = Union[LabelLit, LabelRange]  # noqa: UP007


@attrs.frozen(slots=True)
class Block:
    kind: str
    type_ref: str | None
    labels: tuple[Label, ...]
    repeat: Expr | None
    body: tuple[Statement, ...] | None
    span: Span
    kind_span: Span
    type_span: Span | None

    @property
    def head_span(self) -> Span:
        """The block's header (kind to last label), for carets that should not cover the body."""
        end = self.kind_span
        if self.labels:
            end = self.labels[-1].span
        elif self.type_span is not None:
            end = self.type_span
        return _join(self.kind_span, end)


@attrs.frozen(slots=True)
class Let:
    name: str
    value: Expr
    span: Span
    name_span: Span


@attrs.frozen(slots=True)
class Import:
    path: str
    span: Span
    path_span: Span


@attrs.frozen(slots=True)
class Require:
    expr: Expr
    reason: str | None
    span: Span


@attrs.frozen(slots=True)
class Allow:
    rule_ids: tuple[str, ...]
    reason: str
    span: Span


Statement = Union[Attribute, Block, Let, Import, Require, Allow]  # noqa: UP007


@attrs.frozen(slots=True)
class Comment:
    text: str
    span: Span


@attrs.frozen
class Module:
    source: SourceFile
    statements: tuple[Statement, ...]
    comments: tuple[Comment, ...]


def _join(first: Span, last: Span) -> Span:
    return Span(
        first.source,
        first.line,
        first.column,
        last.end_line,
        last.end_column,
        first.start,
        last.end,
    )


join_spans = _join
