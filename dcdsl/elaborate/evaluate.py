"""Evaluate expressions: literals, `let` names, arithmetic with units, a few safe functions.

Values are ``units.Quantity`` (numbers are dimensionless quantities), str, bool, ``Ratio``,
``Redundancy`` and lists. Names that are not `let`s stay ``Symbol``s: what they mean (a part, a
power node, a cooling tier) depends on the attribute they are given to, which the builder knows.
There is no way to call arbitrary code: the function table below is the whole set.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs

from dcdsl import limits, number_format, units
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, Label, Span, error
from dcdsl.model import Ratio, Redundancy
from dcdsl.syntax import tree as t

UNIT_MISMATCH = code("DC-LANG-008")
UNKNOWN_UNIT = code("DC-LANG-004")
UNKNOWN_NAME = code("DC-LANG-030")
BAD_EXPRESSION = code("DC-LANG-031")
LET_CYCLE = code("DC-LANG-032")
NOT_FINITE = code("DC-LANG-033")


class EvalError(Exception):
    def __init__(self, diagnostic: Diagnostic, reported: bool = False):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.reported = reported  # already said once (a `let` that failed before)


@attrs.frozen
class Symbol:
    """A name or dotted path that is not a `let`: resolved by the attribute that receives it."""

    parts: tuple[str, ...]
    span: Span

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@attrs.frozen
class Scaled:
    """`name * n` where name is a Symbol: a part times a count (`cdu_600kw * 3`)."""

    symbol: Symbol
    count: Any
    span: Span


class DomainError(ValueError):
    """A function given a value outside its domain (`sqrt(-1)`); the message names the value."""


def _fn_ceil(x: units.Quantity) -> units.Quantity:
    # math.ceil of a float is exact; done on the float so that 1e300 never becomes a huge int.
    return units.Quantity(float(math.ceil(x.magnitude)) if x.magnitude else 0.0, x.dims, x.unit)


def _fn_floor(x: units.Quantity) -> units.Quantity:
    return units.Quantity(float(math.floor(x.magnitude)) if x.magnitude else 0.0, x.dims, x.unit)


def _fn_round(x: units.Quantity) -> units.Quantity:
    return units.Quantity(float(round(x.magnitude)), x.dims, x.unit)


def _fn_abs(x: units.Quantity) -> units.Quantity:
    return units.Quantity(abs(x.magnitude), x.dims, x.unit)


def _fn_sqrt(x: units.Quantity) -> units.Quantity:
    if x.dims:
        raise TypeError("sqrt takes a plain number")
    if x.magnitude < 0:
        raise DomainError(
            f"sqrt of a negative number ({number_format.number(x.magnitude)}) has no real value"
        )
    return units.number(math.sqrt(x.magnitude))


def _pick(values: list[units.Quantity], better: Callable[[float, float], bool]) -> units.Quantity:
    best = values[0]
    for value in values[1:]:
        if value.dims != best.dims:
            raise units.DimensionMismatch(best, value, "compare")
        if better(value.magnitude, best.magnitude):
            best = value
    return best


FUNCTIONS: dict[str, tuple[int, int | None]] = {
    # name: (minimum arguments, maximum arguments or None)
    "min": (1, None),
    "max": (1, None),
    "sum": (1, None),
    "ceil": (1, 1),
    "floor": (1, 1),
    "round": (1, 1),
    "abs": (1, 1),
    "sqrt": (1, 1),
}


class Evaluator:
    """Evaluates expressions against the design's `let`s (forward references allowed)."""

    def __init__(self, lets: dict[str, t.Let]):
        self.let_nodes = lets
        self.values: dict[str, Any] = {}
        self.failed: dict[str, Diagnostic] = {}
        self._active: list[str] = []
        # Nesting of the evaluation in progress, `let`s included; bounded so that no input can
        # drive the recursion to Python's limit (the parser bounds each expression on its own).
        self._depth = 0
        self._max_depth = limits.value("expression_depth")
        self._max_lets = limits.value("let_depth")

    def let_value(self, name: str, span: Span) -> Any:
        if name in self.values:
            return self.values[name]
        if name in self.failed:
            raise EvalError(self.failed[name], reported=True)
        if name in self._active:
            cycle = [*self._active[self._active.index(name) :], name]
            raise EvalError(
                error(
                    LET_CYCLE,
                    f"`let {name}` depends on itself: {' → '.join(cycle)}",
                    self.let_nodes[name].name_span,
                    help="give one of these a value that does not refer back",
                )
            )
        if len(self._active) >= self._max_lets:
            raise EvalError(
                limits.exceeded(
                    "let_depth",
                    len(self._active) + 1,
                    span,
                    f"`{self._active[0]}` is defined through a chain of `let`s",
                )
            )
        self._active.append(name)
        try:
            value = self.eval(self.let_nodes[name].value)
        except EvalError as exc:
            self.failed[name] = exc.diagnostic
            raise
        finally:
            self._active.pop()
        self.values[name] = value
        return value

    def eval(self, node: t.Expr) -> Any:
        method = getattr(self, "_" + type(node).__name__)
        if self._depth >= self._max_depth:
            raise EvalError(
                limits.exceeded(
                    "expression_depth",
                    self._depth + 1,
                    node.span,
                    "this expression, with the `let`s it uses, is nested",
                )
            )
        self._depth += 1
        try:
            return method(node)
        finally:
            self._depth -= 1

    # literals
    def _Number(self, node: t.Number) -> units.Quantity:
        return finite(units.number(node.value), node)

    def _QuantityLit(self, node: t.QuantityLit) -> units.Quantity:
        try:
            return finite(units.Quantity.of(node.value, node.unit), node)
        except units.UnitError as exc:
            raise EvalError(
                error(
                    UNKNOWN_UNIT,
                    f"unknown unit `{node.unit}`",
                    node.unit_span,
                    primary_label="not a unit that pint knows",
                    help=f"did you mean `{exc.suggestions[0]}`?"
                    if exc.suggestions
                    else "write a unit such as kW, MW, kVA, V, A, U, USD, GB/s, degC",
                )
            ) from None

    def _String(self, node: t.String) -> str:
        return node.value

    def _Bool(self, node: t.Bool) -> bool:
        return node.value

    def _RatioLit(self, node: t.RatioLit) -> Ratio:
        return Ratio(node.down, node.up)

    def _RedundancyLit(self, node: t.RedundancyLit) -> Redundancy:
        if limits.over("paths", node.paths):
            raise EvalError(limits.exceeded("paths", node.paths, node.span, "this redundancy has"))
        if limits.over("count", node.spares):
            spares = limits.exceeded(
                "count", node.spares, node.span, "the spares of this redundancy"
            )
            raise EvalError(spares)
        return Redundancy(node.paths, node.spares, node.shared)

    def _ListLit(self, node: t.ListLit) -> list[Any]:
        return [self.eval(item) for item in node.items]

    def _Path(self, node: t.Path) -> Any:
        if len(node.parts) == 1 and node.parts[0] in self.let_nodes:
            return self.let_value(node.parts[0], node.span)
        return Symbol(node.parts, node.span)

    # arithmetic
    def _Neg(self, node: t.Neg) -> units.Quantity:
        value = self.eval(node.operand)
        if not isinstance(value, units.Quantity):
            raise EvalError(_not_a_number(node.operand.span, value, "negate"))
        return -value  # finite when its operand is

    def _BinOp(self, node: t.BinOp) -> Any:
        left = self.eval(node.left)
        right = self.eval(node.right)
        if node.op == "*" and isinstance(left, Symbol) and isinstance(right, units.Quantity):
            return Scaled(left, right, node.span)
        if (
            node.op == "-"
            and isinstance(left, Symbol)
            and isinstance(right, Symbol | units.Quantity)
        ):
            written = node.span.snippet
            raise EvalError(
                error(
                    UNKNOWN_NAME,
                    f"`{written}` reads as `{left.dotted}` minus `{node.right.span.snippet}`",
                    node.span,
                    help="a name that is referenced is written with `_`, not `-` "
                    f"(`{written.replace('-', '_')}`); rename the block it points to",
                )
            )
        if not isinstance(left, units.Quantity):
            raise EvalError(_not_a_number(node.left.span, left, _verb(node.op)))
        if not isinstance(right, units.Quantity):
            raise EvalError(_not_a_number(node.right.span, right, _verb(node.op)))
        try:
            if node.op == "+":
                return finite(left + right, node)
            if node.op == "-":
                return finite(left - right, node)
            if node.op == "*":
                return finite(left * right, node)
            if node.op == "/":
                return finite(left / right, node)
            return units.number(1.0 if left.compare(right, node.op) else 0.0)
        except units.DimensionMismatch:
            raise EvalError(_mismatch(node, left, right)) from None
        except ZeroDivisionError:
            raise EvalError(
                error(
                    BAD_EXPRESSION,
                    "division by zero",
                    node.right.span,
                    help="divide by a non-zero value",
                )
            ) from None

    def _Call(self, node: t.Call) -> units.Quantity:
        if node.name not in FUNCTIONS:
            from dcdsl.syntax.parse import suggest

            close = suggest(node.name, sorted(FUNCTIONS))
            raise EvalError(
                error(
                    UNKNOWN_NAME,
                    f"unknown function `{node.name}`",
                    node.name_span,
                    help=(f"did you mean `{close}`? " if close else "")
                    + f"the functions are: {', '.join(sorted(FUNCTIONS))}",
                )
            )
        low, high = FUNCTIONS[node.name]
        args: list[Any] = []
        for arg in node.args:
            value = self.eval(arg)
            if isinstance(value, list):
                args.extend(value)
            else:
                args.append(value)
        if len(args) < low or (high is not None and len(args) > high):
            expected = str(low) if high == low else f"at least {low}"
            raise EvalError(
                error(
                    BAD_EXPRESSION,
                    f"`{node.name}` takes {expected} argument{'s' if low != 1 else ''}, got {len(args)}",
                    node.span,
                )
            )
        for value in args:  # a list's items too: `sum([1 kW, kW])`
            if not isinstance(value, units.Quantity):
                where = getattr(value, "span", None) or node.span  # a name points at itself
                raise EvalError(_not_a_number(where, value, f"pass to `{node.name}`"))
        try:
            if node.name == "min":
                return _pick(args, lambda a, b: a < b)
            if node.name == "max":
                return _pick(args, lambda a, b: a > b)
            if node.name == "sum":
                total = args[0]
                for value in args[1:]:
                    total = total + value
                return finite(total, node)
            unary: dict[str, Callable[[units.Quantity], units.Quantity]] = {
                "ceil": _fn_ceil,
                "floor": _fn_floor,
                "round": _fn_round,
                "abs": _fn_abs,
                "sqrt": _fn_sqrt,
            }
            return finite(unary[node.name](args[0]), node)
        except DomainError as exc:
            raise EvalError(
                error(
                    BAD_EXPRESSION,
                    f"`{node.name}`: {exc}",
                    node.span,
                    help="check the value passed in; the functions work on real numbers",
                )
            ) from None
        except units.DimensionMismatch as exc:
            raise EvalError(
                error(
                    UNIT_MISMATCH,
                    f"`{node.name}` of {units.dimension_name(exc.left.dims)} and "
                    f"{units.dimension_name(exc.right.dims)}",
                    node.span,
                    help="give every argument the same dimension",
                )
            ) from None
        except TypeError as exc:
            raise EvalError(error(BAD_EXPRESSION, f"`{node.name}`: {exc}", node.span)) from None


def finite(value: units.Quantity, node: t.Expr) -> units.Quantity:
    """The value, or a located DC-LANG-033 when it overflowed to infinity or is not a number."""
    if math.isfinite(value.magnitude):
        return value
    what = "not a number" if math.isnan(value.magnitude) else "too large for a number (overflow)"
    raise EvalError(
        error(
            NOT_FINITE,
            f"`{_short(node.span.snippet)}` is {what}",
            node.span,
            notes=["numbers are 64-bit floating point: at most about 1.8e308 in SI base units"],
            help="use a smaller value or a larger unit; a count or a quantity this large is not a "
            "design",
        )
    )


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _verb(op: str) -> str:
    return {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}.get(op, "compare")


def describe(value: Any) -> str:
    if isinstance(value, units.Quantity):
        return f"{units.dimension_name(value.dims)} ({units.format_quantity(value)})"
    if isinstance(value, Symbol):
        return f"the name `{value.dotted}`"
    if isinstance(value, str):
        return f'a string ("{value}")'
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, Ratio):
        return f"a ratio ({value})"
    if isinstance(value, Redundancy):
        return f"a redundancy ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Scaled):
        return f"`{value.symbol.dotted} * …`"
    return type(value).__name__


def _not_a_number(where: Span, value: Any, verb: str) -> Diagnostic:
    if isinstance(value, Symbol):
        return error(
            UNKNOWN_NAME,
            f"unknown name `{value.dotted}` in an expression",
            where,
            help="define it with `let` or use a number with a unit",
        )
    return error(
        BAD_EXPRESSION,
        f"cannot {verb} {describe(value)}",
        where,
        help="arithmetic works on numbers and quantities",
    )


def _mismatch(node: t.BinOp, left: units.Quantity, right: units.Quantity) -> Diagnostic:
    what = {"+": "add", "-": "subtract"}.get(node.op, "compare")
    left_name = units.dimension_name(left.dims)
    right_name = units.dimension_name(right.dims)
    return error(
        UNIT_MISMATCH,
        f"cannot {what} {left_name} and {right_name}",
        node.span,
        labels=[
            Label(node.left.span, f"{left_name} ({units.format_quantity(left)})"),
            Label(node.right.span, f"{right_name} ({units.format_quantity(right)})"),
        ],
        help=f"both sides of `{node.op}` need the same dimension",
    )
