"""Attributes: each checked against its schema entry and converted to its canonical unit."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from dcdsl import limits, number_format, units
from dcdsl.diagnostics import Label, error
from dcdsl.elaborate import schema
from dcdsl.elaborate.base import (
    BAD_LABEL,
    BARE_NUMBER,
    DUPLICATE_ATTRIBUTE,
    UNIT_MISMATCH,
    UNKNOWN_ATTRIBUTE,
    WRONG_TYPE,
    BuilderBase,
    Skip,
)
from dcdsl.elaborate.evaluate import NOT_FINITE, Symbol, describe
from dcdsl.model import Part, PartUse, Ratio, Redundancy
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import suggest


class Attributes(BuilderBase):
    """Check and convert the attributes of a block (units, types, budgets)."""

    if TYPE_CHECKING:  # part references are resolved by the `Parts` family

        def _part_ref(self, expr: t.Expr) -> Part: ...

        def _part_uses(self, expr: t.Expr, role: str) -> list[PartUse]: ...

    def _values(
        self,
        block: t.Block,
        kind: str,
        table: dict[str, schema.Attr] | None = None,
        allow_children: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """Check and convert the attributes of a block; report unknown children."""
        spec = schema.BLOCKS[kind]
        attr_table = table if table is not None else spec.attrs
        values: dict[str, Any] = {}
        seen: dict[str, t.Attribute] = {}
        for statement in block.body or ():
            self._at = statement
            if isinstance(statement, t.Attribute):
                if statement.name in seen:
                    self.report(
                        error(
                            DUPLICATE_ATTRIBUTE,
                            f"`{statement.name}` is set twice",
                            statement.name_span,
                            labels=[Label(seen[statement.name].name_span, "first set here")],
                            help="keep one of them",
                        )
                    )
                    continue
                seen[statement.name] = statement
                attr = attr_table.get(statement.name)
                if attr is None:
                    self._unknown_attribute(statement, kind, attr_table)
                    continue
                try:
                    values[statement.name] = self.convert(statement, attr)
                except Skip:  # already reported (a context manager a value costs a tenth)
                    continue
            elif isinstance(statement, t.Block):
                children = spec.children + allow_children
                if statement.kind not in children:
                    self._unknown_block(statement, children or ("(none)",), f"inside `{kind}`")
            elif isinstance(statement, t.Let | t.Import):
                self.report(
                    error(
                        BAD_LABEL,
                        f"`{'let' if isinstance(statement, t.Let) else 'import'}` belongs at the top "
                        "level of a file",
                        statement.span,
                        help="move it outside the block",
                    )
                )
        return values

    def _unknown_attribute(
        self, statement: t.Attribute, kind: str, table: dict[str, schema.Attr]
    ) -> None:
        close = suggest(statement.name, list(table))
        self.report(
            error(
                UNKNOWN_ATTRIBUTE,
                f"`{kind}` has no attribute `{statement.name}`",
                statement.name_span,
                help=f"did you mean `{close}`?"
                if close
                else f"`{kind}` takes: {', '.join(sorted(table)[:24])}"
                + (" …" if len(table) > 24 else ""),
            )
        )

    def convert(self, statement: t.Attribute, attr: schema.Attr) -> Any:
        """An attribute's value, checked against its schema entry, in its canonical unit."""
        kind = attr.type
        expr = statement.value
        if kind == "part":
            return self._part_ref(expr)
        if kind == "parts":
            return self._part_uses(expr, statement.name)
        if kind in ("ref", "refs"):
            value = self.eval(expr)
            return value  # resolved by the caller, who knows the scope (power node, loop, …)
        if kind == "selector":
            value = self.eval(expr)
            if isinstance(value, Symbol):
                return value
            return self._as_int(value, statement)
        value = self.eval(expr)
        if kind == "quantity":
            return self._bounded(self._as_quantity(value, attr, statement), attr, statement)
        if kind == "number":
            number = self._as_number(value, statement)
            if statement.name == "years":
                self._years(number, statement)
            return number
        if kind == "int":
            return self._as_int(value, statement)
        if kind == "string":
            if not isinstance(value, str):
                self._wrong(statement, "a string in double quotes", value)
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                self._wrong(statement, "true or false", value)
            return value
        if kind == "enum":
            name = value.dotted if isinstance(value, Symbol) else value
            if not isinstance(name, str) or name not in attr.choices:
                close = suggest(str(name), list(attr.choices)) if isinstance(name, str) else None
                self.report(
                    error(
                        WRONG_TYPE,
                        f"`{statement.name}` must be one of {', '.join(attr.choices)}; "
                        f"found {describe(value)}",
                        expr.span,
                        help=f"did you mean `{close}`?" if close else None,
                    )
                )
                raise Skip
            return name
        if kind == "ratio":
            if isinstance(value, Ratio):
                return value
            if isinstance(value, units.Quantity) and not value.dims:
                return Ratio(value.magnitude, 1.0)
            self._wrong(statement, "a ratio such as 1:1 or 2:1", value)
        if kind == "redundancy":
            if isinstance(value, Redundancy):
                return value
            self._wrong(statement, "a redundancy: N, N+1, N+2, 2N or 2(N+1)", value)
        return plain(value)

    def _bounded(self, value: Any, attr: schema.Attr, statement: t.Attribute) -> Any:
        """A converted quantity, checked: finite in its unit, and rack units within budget."""
        if isinstance(value, float):
            if not math.isfinite(value):  # finite in SI, but not in the attribute's unit
                self.report(
                    error(
                        NOT_FINITE,
                        f"`{statement.name}` is too large for a number in {attr.unit}",
                        statement.value.span,
                        help="use a smaller value",
                    )
                )
                raise Skip
            if attr.unit == "U" and limits.over("rack_units", abs(value)):  # span: only then
                self.within(
                    "rack_units", abs(value), statement.value.span, f"`{statement.name}` is"
                )
        return value

    def _years(self, years: float, statement: t.Attribute) -> None:
        if years <= 0:
            self.report(
                error(
                    WRONG_TYPE,
                    f"`years` must be more than 0; found {number_format.number(years)}",
                    statement.value.span,
                    help="the cost model's horizon in years, e.g. `years = 5`",
                )
            )
            raise Skip
        self.within("years", years, statement.value.span, "`years` is")

    def _wrong(self, statement: t.Attribute, expected: str, value: Any) -> None:
        self.report(
            error(
                WRONG_TYPE,
                f"`{statement.name}` must be {expected}; found {describe(value)}",
                statement.value.span,
            )
        )
        raise Skip

    def _as_quantity(self, value: Any, attr: schema.Attr, statement: t.Attribute) -> Any:
        if not isinstance(value, units.Quantity):
            self._wrong(statement, f"a quantity of {units.dimension_name(attr.dims)}", value)
        assert isinstance(value, units.Quantity)
        if attr.unit is None:
            return value  # any dimension: kept as a quantity for the analysis to interpret
        if value.dims == attr.dims:
            return value.difference_to(attr.unit) if attr.delta else value.to(attr.unit)
        expected = units.dimension_name(attr.dims)
        if not value.dims:
            self.report(
                error(
                    BARE_NUMBER,
                    f"`{statement.name}` needs a unit of {expected}",
                    statement.value.span,
                    primary_label="a bare number",
                    help=f"write it with a unit, e.g. `{statement.name} = "
                    f"{number_format.number(value.magnitude)} {attr.unit}`",
                )
            )
            raise Skip
        self.report(
            error(
                UNIT_MISMATCH,
                f"`{statement.name}` expects {expected}, found {describe(value)}",
                statement.value.span,
                primary_label=units.dimension_name(value.dims),
                help=f"write a quantity of {expected}, e.g. in {attr.unit}",
            )
        )
        raise Skip

    def _as_number(self, value: Any, statement: t.Attribute) -> float:
        if isinstance(value, units.Quantity) and not value.dims:
            return value.magnitude
        self._wrong(statement, "a plain number", value)
        raise AssertionError  # unreachable: _wrong raises

    def _as_int(self, value: Any, statement: t.Attribute) -> int:
        if isinstance(value, units.Quantity) and not value.dims:
            if float(value.magnitude).is_integer() and value.magnitude >= 0:
                self.within(
                    "count", value.magnitude, statement.value.span, f"`{statement.name}` is"
                )
                return int(value.magnitude)
            self.report(
                error(
                    WRONG_TYPE,
                    f"`{statement.name}` must be a whole number ≥ 0; found "
                    f"{number_format.number(value.magnitude)}",
                    statement.value.span,
                    help="counts are whole numbers; round with ceil(…) or floor(…)",
                )
            )
            raise Skip
        self._wrong(statement, "a whole number", value)
        raise AssertionError

    def count_of(self, expr: t.Expr, what: str) -> int:
        value = self.eval(expr)
        if (
            isinstance(value, units.Quantity)
            and not value.dims
            and float(value.magnitude).is_integer()
            and value.magnitude >= 0
        ):
            self.within("count", value.magnitude, expr.span, f"the count of {what} is")
            return int(value.magnitude)
        self.report(
            error(
                WRONG_TYPE,
                f"the count of {what} must be a whole number ≥ 0; found {describe(value)}",
                expr.span,
                help="write `* 4`, or `* ceil(x)` for a computed count",
            )
        )
        raise Skip


def plain(value: Any) -> Any:
    if isinstance(value, units.Quantity):
        return value.magnitude if not value.dims else value
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
