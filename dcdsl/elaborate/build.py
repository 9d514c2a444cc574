"""Elaborate: syntax trees of a design and its imports → one ``Model``, or diagnostics.

Passes, so that any definition may be used before it is written (forward references):
1. collect every top-level definition into one symbol table (duplicates are errors);
2. build parts, apply price books, then rack types, power chains, cooling loops;
3. build halls, rows and rack groups (multiplicity kept: `rack t * 3000` is one group);
4. resolve what points at something built later: `from = …` between power nodes, fabric
   endpoints such as `H1.gpus`.
Every attribute is checked against ``schema.BLOCKS`` and stored as a plain value in the
attribute's canonical unit.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

from dcdsl import limits, units
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, Label, Span, error
from dcdsl.elaborate import schema
from dcdsl.elaborate.evaluate import NOT_FINITE, EvalError, Evaluator, Scaled, Symbol, describe
from dcdsl.model import (
    POWER_NODE_CLASSES,
    Allowance,
    CoolingLoop,
    CostLine,
    Design,
    Fabric,
    Hall,
    Model,
    Part,
    PartUse,
    PowerChain,
    PowerNode,
    RackGroup,
    RackType,
    Ratio,
    Redundancy,
    Requirement,
    Row,
    Selector,
    Storage,
    Workload,
)
from dcdsl.model.attributes import spec_kwargs, spec_values
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import suggest

BARE_NUMBER = code("DC-LANG-007")
UNIT_MISMATCH = "DC-LANG-008"
DUPLICATE = code("DC-LANG-020")
UNKNOWN_BLOCK = code("DC-LANG-021")
UNKNOWN_ATTRIBUTE = code("DC-LANG-022")
WRONG_TYPE = code("DC-LANG-023")
MISSING = code("DC-LANG-024")
BAD_LABEL = code("DC-LANG-025")
UNKNOWN_REFERENCE = code("DC-LANG-030")
NO_DESIGN = code("DC-LANG-026")
EXTENDS_CYCLE = code("DC-LANG-027")
BAD_RANGE = code("DC-LANG-028")
DUPLICATE_ATTRIBUTE = code("DC-LANG-029")

SELECTOR_WHATS = ("gpus", "nodes", "racks")
_PLACEMENT_ATTRS: dict[str, schema.Attr] = {
    "position": schema.Q("U", "lowest rack unit the device occupies"),
    "serial": schema.STR,
    "asset_tag": schema.STR,
}


class _Skip(Exception):
    """A value could not be built; the diagnostic is already recorded."""


def range_size(first: str, last: str) -> int | None:
    """How many names `"first".."last"` expands to, computed without expanding; None if invalid."""
    if len(first) == 1 and len(last) == 1 and first.isalpha() and last.isalpha():
        return ord(last) - ord(first) + 1 if first <= last else None
    head_a, num_a = _split_number(first)
    head_b, num_b = _split_number(last)
    if num_a is None or num_b is None or head_a != head_b or int(num_a) > int(num_b):
        return None
    return int(num_b) - int(num_a) + 1


def expand_range(first: str, last: str) -> list[str] | None:
    """`"A".."D"` → A B C D; `"r01".."r16"` → r01 … r16 (same prefix, same width).

    None when the range is invalid or names more than the `names` budget (reported by
    ``range_problems``): the size is known before a single name is made."""
    size = range_size(first, last)
    if size is None or limits.over("names", size):
        return None
    if len(first) == 1 and len(last) == 1 and first.isalpha() and last.isalpha():
        return [chr(c) for c in range(ord(first), ord(last) + 1)]
    head_a, num_a = _split_number(first)
    _, num_b = _split_number(last)
    assert num_a is not None and num_b is not None
    width = len(num_a) if len(num_a) == len(num_b) or num_a.startswith("0") else 0
    return [f"{head_a}{i:0{width}d}" for i in range(int(num_a), int(num_b) + 1)]


_DIGITS = frozenset("0123456789")  # not str.isdigit: "²" is a digit to it, and int() refuses it


def _split_number(text: str) -> tuple[str, str | None]:
    i = len(text)
    while i > 0 and text[i - 1] in _DIGITS:
        i -= 1
    return text[:i], (text[i:] or None)


class Builder:
    def __init__(self, modules: list[t.Module]):
        self.modules = modules
        self.diagnostics: list[Diagnostic] = []
        self.symbols: dict[str, tuple[str, t.Block | t.Let]] = {}  # name -> (kind, node)
        lets: dict[str, t.Let] = {}
        self.top_blocks: list[t.Block] = []
        self.top_statements: list[t.Statement] = []
        for module in modules:
            for statement in module.statements:
                self.top_statements.append(statement)
                if isinstance(statement, t.Let):
                    if self._declare(statement.name, "let", statement, statement.name_span):
                        lets[statement.name] = statement
                elif isinstance(statement, t.Block):
                    self.top_blocks.append(statement)
        self.evaluator = Evaluator(lets)
        self.parts: dict[str, Part] = {}
        self.rack_types: dict[str, RackType] = {}
        self.chains: dict[str, PowerChain] = {}
        self.loops: dict[str, CoolingLoop] = {}
        self.halls: dict[str, Hall] = {}
        self._part_blocks: dict[str, t.Block] = {}
        self._rack_type_blocks: dict[str, t.Block] = {}
        self._building_parts: list[str] = []
        self.tally = limits.Tally()  # racks, devices and blocks built so far, against budgets
        self.at: Span | None = None  # the block or attribute being built: for internal errors
        # `from = …` of each element, resolved once all chains exist
        self._pending_from: list[tuple[PowerNode, Any]] = []

    # --- diagnostics helpers ----------------------------------------------------------------

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def within(self, name: str, amount: float, span: Span | None, subject: str) -> None:
        """Report DC-LIMIT-001 and skip the value when ``amount`` is over the budget ``name``."""
        if limits.over(name, amount):
            self.report(limits.exceeded(name, amount, span, subject))
            raise _Skip

    def counted(self, name: str, amount: float, span: Span | None, what: str) -> bool:
        """Add to a running total (racks, devices, blocks); False once it is over its budget."""
        found = self.tally.add(name, amount, span, what)
        if found is not None:
            self.report(found)
        return not self.tally.exhausted(name)

    def _declare(self, name: str, kind: str, node: t.Block | t.Let, span: Span) -> bool:
        if name in self.symbols:
            other_kind, other = self.symbols[name]
            other_span = other.name_span if isinstance(other, t.Let) else _name_span(other)
            self.report(
                error(
                    DUPLICATE,
                    f"`{name}` is defined twice ({other_kind} and {kind})",
                    span,
                    labels=[Label(other_span, "first defined here")],
                    help="rename one of them; to change a catalogue part, define a new part "
                    "with `extends = …`",
                )
            )
            return False
        self.symbols[name] = (kind, node)
        return True

    # --- entry point ------------------------------------------------------------------------

    def build(self) -> Model | None:
        design_blocks = [b for b in self.top_blocks if b.kind == "design"]
        self._collect()
        self._check_top_level()
        for name in list(self._part_blocks):
            self.part(name, None)
        self._apply_price_books()
        for name in list(self._rack_type_blocks):
            self.rack_type(name)
        for block in self._blocks("power"):
            self._build_chain(block)
        self._resolve_feeds()
        for block in self._blocks("cooling"):
            self._build_loop(block)
        model_halls: list[Hall] = []
        for block in self._blocks("hall"):
            model_halls.extend(self._build_halls(block))
        design = self._build_design(design_blocks)
        model = Model(design=design)
        model.parts = self.parts
        model.rack_types = self.rack_types
        model.halls = model_halls
        model.power_chains = list(self.chains.values())
        model.cooling_loops = list(self.loops.values())
        model.fabrics = [self._build_fabric(b) for b in self._blocks("fabric")]
        model.storage = [
            Storage(_label(b), b.span, **spec_kwargs(Storage, self._values(b, "storage")))
            for b in self._blocks("storage")
        ]
        model.workloads = [
            Workload(
                _label(b), b.span, **spec_kwargs(Workload, _named(self._values(b, "workload")))
            )
            for b in self._blocks("workload")
        ]
        model.costs = [self._build_cost(b) for b in self._blocks("cost")]
        model.lets = {name: self._let(name) for name in self.evaluator.let_nodes}
        model.requirements = [
            Requirement(s.expr, s.reason, s.span)
            for s in self.top_statements
            if isinstance(s, t.Require)
        ]
        model.allowances = list(self._allowances())
        model.files = [m.source.path for m in self.modules]
        if any(d.is_error for d in self.diagnostics):
            return None
        return model

    def _let(self, name: str) -> Any:
        self.at = self.evaluator.let_nodes[name].span
        try:
            value = self.evaluator.let_value(name, self.evaluator.let_nodes[name].span)
        except EvalError as exc:
            if not exc.reported:
                self.report(exc.diagnostic)
            return None
        return _plain(value)

    # --- pass 1: collect ---------------------------------------------------------------------

    def _collect(self) -> None:
        for block in self.top_blocks:
            if block.kind not in schema.TOP_LEVEL:
                self._unknown_block(block, schema.TOP_LEVEL, "at the top level")
                continue
            if block.kind == "design":
                continue
            if not self._check_head(block, schema.BLOCKS[block.kind]):
                continue
            if block.kind == "part":
                assert block.type_ref is not None
                if self._declare(block.type_ref, "part", block, _name_span(block)):
                    self._part_blocks[block.type_ref] = block
            elif block.kind == "rack_type":
                assert block.type_ref is not None
                if self._declare(block.type_ref, "rack type", block, _name_span(block)):
                    self._rack_type_blocks[block.type_ref] = block
            elif block.kind in (
                "power",
                "cooling",
                "hall",
                "fabric",
                "storage",
                "workload",
                "cost",
            ):
                for name in _label_names(block):
                    self._declare(name, block.kind, block, _name_span(block))

    def _check_top_level(self) -> None:
        designs = [b for b in self.top_blocks if b.kind == "design"]
        for extra in designs[1:]:
            self.report(
                error(
                    DUPLICATE,
                    "a design has one `design` block",
                    extra.head_span,
                    labels=[Label(designs[0].head_span, "the first one")],
                    help="merge the two blocks",
                )
            )
        for statement in self.top_statements:
            if isinstance(statement, t.Attribute):
                self.report(
                    error(
                        UNKNOWN_ATTRIBUTE,
                        f"attribute `{statement.name}` outside any block",
                        statement.name_span,
                        help='put site-wide settings inside `design "name" { … }`, '
                        "or use `let` for a named value",
                    )
                )

    def _check_head(self, block: t.Block, spec: schema.BlockSchema) -> bool:
        self.at = block.head_span
        ok = True
        for problem in range_problems(block):
            self.report(problem)
            ok = False
        if spec.type_is in ("name",) and block.type_ref is None:
            self.report(
                error(
                    BAD_LABEL,
                    f"`{block.kind}` needs a name: `{block.kind} my_name {{ … }}`",
                    block.kind_span,
                )
            )
            return False
        if spec.type_is is None and block.type_ref is not None:
            assert block.type_span is not None
            self.report(
                error(
                    BAD_LABEL,
                    f"`{block.kind}` takes a quoted label, not the name `{block.type_ref}`",
                    block.type_span,
                    help=f'write `{block.kind} "{block.type_ref}" {{ … }}`',
                )
            )
            ok = False
        if spec.labels == "required" and not block.labels:
            self.report(
                error(
                    BAD_LABEL,
                    f'`{block.kind}` needs a label: `{block.kind} "name" {{ … }}`',
                    block.kind_span,
                )
            )
            ok = False
        if spec.labels == "none" and block.labels:
            self.report(
                error(BAD_LABEL, f"`{block.kind}` takes no quoted label", block.labels[0].span)
            )
            ok = False
        if block.repeat is not None and not spec.repeat:
            self.report(
                error(
                    BAD_LABEL,
                    f"`{block.kind}` cannot be repeated with `*`",
                    block.repeat.span,
                    help="repeat racks, devices and parts; name several blocks with a range",
                )
            )
            ok = False
        return ok

    def _blocks(self, kind: str) -> Iterator[t.Block]:
        return (b for b in self.top_blocks if b.kind == kind)

    def _unknown_block(self, block: t.Block, allowed: tuple[str, ...], where: str) -> None:
        close = suggest(block.kind, list(allowed))
        self.report(
            error(
                UNKNOWN_BLOCK,
                f"unknown block kind `{block.kind}` {where}",
                block.kind_span,
                help=(f"did you mean `{close}`? " if close else "")
                + f"allowed here: {', '.join(allowed)}",
            )
        )

    # --- attributes --------------------------------------------------------------------------

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
            self.at = statement.span
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
                with contextlib.suppress(_Skip):  # already reported
                    values[statement.name] = self.convert(statement, attr)
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

    def eval(self, expr: t.Expr) -> Any:
        try:
            return self.evaluator.eval(expr)
        except EvalError as exc:
            if not exc.reported:
                self.report(exc.diagnostic)
            raise _Skip from None

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
                raise _Skip
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
        return _plain(value)

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
                raise _Skip
            if attr.unit == "U":
                self.within(
                    "rack_units", abs(value), statement.value.span, f"`{statement.name}` is"
                )
        return value

    def _years(self, years: float, statement: t.Attribute) -> None:
        if years <= 0:
            self.report(
                error(
                    WRONG_TYPE,
                    f"`years` must be more than 0; found {units.format_number(years)}",
                    statement.value.span,
                    help="the cost model's horizon in years, e.g. `years = 5`",
                )
            )
            raise _Skip
        self.within("years", years, statement.value.span, "`years` is")

    def _wrong(self, statement: t.Attribute, expected: str, value: Any) -> None:
        self.report(
            error(
                WRONG_TYPE,
                f"`{statement.name}` must be {expected}; found {describe(value)}",
                statement.value.span,
            )
        )
        raise _Skip

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
                    f"{units.format_number(value.magnitude)} {attr.unit}`",
                )
            )
            raise _Skip
        self.report(
            error(
                UNIT_MISMATCH,
                f"`{statement.name}` expects {expected}, found {describe(value)}",
                statement.value.span,
                primary_label=units.dimension_name(value.dims),
                help=f"write a quantity of {expected}, e.g. in {attr.unit}",
            )
        )
        raise _Skip

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
                    f"{units.format_number(value.magnitude)}",
                    statement.value.span,
                    help="counts are whole numbers; round with ceil(…) or floor(…)",
                )
            )
            raise _Skip
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
        raise _Skip

    # --- parts ---------------------------------------------------------------------------------

    def part(self, name: str, span: Span | None) -> Part | None:
        """The part called ``name``, built on first use (so parts may be used before defined)."""
        if name in self.parts:
            return self.parts[name]
        block = self._part_blocks.get(name)
        if block is None:
            if span is not None:
                kind, _ = self.symbols.get(name, ("", None))
                close = suggest(name, list(self._part_blocks))
                self.report(
                    error(
                        UNKNOWN_REFERENCE,
                        f"unknown part `{name}`" + (f" (`{name}` is a {kind})" if kind else ""),
                        span,
                        help=(f"did you mean `{close}`? " if close else "")
                        + 'parts come from `import "std/…"` or `part name { … }`',
                    )
                )
            return None
        if name in self._building_parts:
            self.report(
                error(
                    EXTENDS_CYCLE,
                    f"part `{name}` extends itself: "
                    + " → ".join([*self._building_parts[self._building_parts.index(name) :], name]),
                    _name_span(block),
                )
            )
            return None
        if len(self._building_parts) >= limits.value("extends_depth"):
            self.report(
                limits.exceeded(
                    "extends_depth",
                    len(self._building_parts) + 1,
                    _name_span(block),
                    f"`{self._building_parts[0]}` is built from a chain of parts",
                )
            )
            return None
        self._building_parts.append(name)
        try:
            values = self._values(block, "part")
        finally:
            self._building_parts.pop()
        base = values.pop("extends", None)
        part_kind: str | None = values.get("kind") or (
            base.kind if isinstance(base, Part) else None
        )
        written = {
            statement.name for statement in block.body or () if isinstance(statement, t.Attribute)
        }
        # A `kind` or `extends` that is written but wrong was reported where it is written;
        # saying "has no kind" as well would be false.
        if part_kind is None and not written & {"kind", "extends"}:
            self.report(
                error(
                    MISSING,
                    f"part `{name}` has no `kind`",
                    _name_span(block),
                    help=f"add `kind = …`, one of: {', '.join(schema.PART_KINDS)}",
                )
            )
            part_kind = "other"
        values.pop("kind", None)
        part = Part(
            name,
            str(part_kind),
            values,
            _name_span(block),
            base if isinstance(base, Part) else None,
        )
        self.parts[name] = part
        return part

    def _part_ref(self, expr: t.Expr) -> Part:
        value = self.eval(expr)
        if isinstance(value, Symbol) and len(value.parts) == 1:
            part = self.part(value.parts[0], value.span)
            if part is None:
                raise _Skip
            return part
        self.report(
            error(WRONG_TYPE, f"expected the name of a part; found {describe(value)}", expr.span)
        )
        raise _Skip

    def _part_uses(self, expr: t.Expr, role: str) -> list[PartUse]:
        value = self.eval(expr)
        items = value if isinstance(value, list) else [value]
        uses: list[PartUse] = []
        for item in items:
            if isinstance(item, Scaled):
                symbol, count_value = item.symbol, item.count
                if not (
                    float(count_value.magnitude).is_integer()
                    and not count_value.dims
                    and count_value.magnitude >= 0
                ):
                    self.report(
                        error(WRONG_TYPE, "a part count must be a whole number ≥ 0", item.span)
                    )
                    raise _Skip
                self.within("count", count_value.magnitude, item.span, "this count is")
                count = int(count_value.magnitude)
            elif isinstance(item, Symbol):
                symbol, count = item, 1
            else:
                self.report(
                    error(
                        WRONG_TYPE,
                        f"expected a part or `part * count`; found {describe(item)}",
                        expr.span,
                    )
                )
                raise _Skip
            part = self.part(symbol.dotted, symbol.span)
            if part is None:
                raise _Skip
            uses.append(PartUse(part, count, {}, symbol.span, role))
        return uses

    def _apply_price_books(self) -> None:
        for block in self._blocks("prices"):
            book = _label(block)
            for statement in block.body or ():
                if not isinstance(statement, t.Attribute):
                    if isinstance(statement, t.Block):
                        self._unknown_block(statement, ("(none)",), "inside `prices`")
                    continue
                part = self.part(statement.name, statement.name_span)
                if part is None:
                    continue
                try:
                    price = self._as_quantity(
                        self.eval(statement.value), schema.PART_SPECS["price"], statement
                    )
                except _Skip:
                    continue
                part.values["price"] = price
                # A price book is the design owner's quote: the catalogue's confidence in its own
                # estimate no longer describes this price (DC-COST-002 counts estimates only).
                part.values["price_confidence"] = "primary"
                part.price_origin = (
                    f'price book "{book}" ({statement.span.file}:{statement.span.line})'
                )

    # --- racks ---------------------------------------------------------------------------------

    def rack_type(self, name: str) -> RackType | None:
        if name in self.rack_types:
            return self.rack_types[name]
        block = self._rack_type_blocks.get(name)
        if block is None:
            return None
        rack = self._rack_from_block(name, block, "rack_type")
        self.rack_types[name] = rack
        return rack

    def _rack_from_block(self, name: str, block: t.Block, kind: str) -> RackType:
        values = self._values(block, kind)
        contents = self._filled(list(self._contents(block)), block)
        return RackType(
            name=name,
            contents=contents,
            span=_name_span(block),
            **spec_kwargs(RackType, values),
        )

    def _filled(self, contents: list[PartUse], block: t.Block) -> list[PartUse]:
        """A rack's contents, or none when they fill more rack units than any rack has: an
        elevation is laid out unit by unit (the `rack_units` budget)."""
        filled = sum(
            use.count * (_number(use.get("height")) or 0.0)
            for use in contents
            if use.role == "device"
        )
        if limits.over("rack_units", filled):
            self.report(limits.exceeded("rack_units", filled, block.head_span, "its devices fill"))
            return []
        return contents

    def _contents(self, block: t.Block) -> Iterator[PartUse]:
        for child in block.body or ():
            if isinstance(child, t.Block) and child.kind in ("device", "rack_pdu"):
                use = self._part_use(child, child.kind)
                if use is not None:
                    yield use

    def _part_use(self, block: t.Block, role: str) -> PartUse | None:
        if block.type_ref is None:
            self.report(
                error(
                    MISSING,
                    f"`{block.kind}` needs the part it places: `{block.kind} dgx_h100 * 4`",
                    block.kind_span,
                )
            )
            return None
        assert block.type_span is not None
        part = self.part(block.type_ref, block.type_span)
        if part is None:
            return None
        try:
            count = self.count_of(block.repeat, f"`{block.type_ref}`") if block.repeat else 1
        except _Skip:
            return None
        problems = list(range_problems(block))
        if problems:
            self.diagnostics.extend(problems)
            return None
        overrides = self._values(block, "device", {**schema.PART_SPECS, **_PLACEMENT_ATTRS})
        overrides.pop("kind", None)
        names = _label_names(block)
        if len(names) > 1 and block.repeat is None:
            count = len(names)
        label = None
        if names:
            label = names[0] if len(names) == 1 else f"{names[0]}..{names[-1]}"
        return PartUse(part, count, overrides, block.span, role, label)

    def _build_halls(self, block: t.Block) -> list[Hall]:
        halls = []
        values = self._values(block, "hall")
        for name in _label_names(block):
            if not self.counted("blocks", 1, block.head_span, "these halls"):
                break
            hall = Hall(name, [], block.span, **spec_kwargs(Hall, values))
            implicit = Row("", [], block.span, hall)
            counters: dict[str, int] = {}
            for child in block.body or ():
                if not isinstance(child, t.Block):
                    continue
                if child.kind == "row":
                    if not self._check_head(child, schema.BLOCKS["row"]):
                        continue
                    row_values = self._values(child, "row")
                    for row_name in _label_names(child):
                        if not self.counted("blocks", 1, child.head_span, "these rows"):
                            break
                        row = Row(row_name, [], child.span, hall, **spec_kwargs(Row, row_values))
                        for rack_block in child.body or ():
                            if isinstance(rack_block, t.Block) and rack_block.kind == "rack":
                                row.racks.extend(self._rack_groups(rack_block, hall, row, counters))
                        hall.rows.append(row)
                elif child.kind == "rack":
                    implicit.racks.extend(self._rack_groups(child, hall, implicit, counters))
            if implicit.racks:
                hall.rows.insert(0, implicit)
            self.halls[name] = hall
            halls.append(hall)
        return halls

    def _rack_groups(
        self, block: t.Block, hall: Hall, row: Row, counters: dict[str, int]
    ) -> list[RackGroup]:
        if not self._check_head(block, schema.BLOCKS["rack"]):
            return []
        if block.type_ref is not None:
            assert block.type_span is not None
            rack_type = self.rack_type(block.type_ref)
            if rack_type is None:
                kind, _ = self.symbols.get(block.type_ref, ("", None))
                close = suggest(block.type_ref, list(self._rack_type_blocks))
                self.report(
                    error(
                        UNKNOWN_REFERENCE,
                        f"unknown rack type `{block.type_ref}`"
                        + (f" (`{block.type_ref}` is a {kind})" if kind else ""),
                        block.type_span,
                        help=(f"did you mean `{close}`? " if close else "")
                        + "define it with `rack_type name { … }`",
                    )
                )
                return []
            own_contents = self._filled(list(self._contents(block)), block)
            values = self._values(block, "rack")
        else:
            names = _label_names(block)
            rack_type = self._rack_from_block(names[0] if names else "rack", block, "rack")
            rack_type.inline = True
            own_contents = []
            values = {}
        # Inherit power and cooling from the row and the hall.
        row_values, hall_values, type_values = (
            spec_values(row),
            spec_values(hall),
            spec_values(rack_type),
        )
        for key in ("power", "cooling"):
            if key not in values and key not in type_values:
                inherited = row_values.get(key, hall_values.get(key))
                if inherited is not None:
                    values[key] = inherited
        self._resolve_rack_refs(values, rack_type, block)
        overrides = frozenset(values)
        effective = spec_kwargs(RackGroup, {**spec_values(rack_type), **values})
        names = _label_names(block)
        try:
            repeat = self.count_of(block.repeat, "racks") if block.repeat is not None else None
        except _Skip:
            return []
        prefix_key = row.name or f"{hall.name}-"
        groups: list[RackGroup] = []
        explicit_names = bool(names) and (repeat is None or len(names) > 1)
        if explicit_names:
            count = len(names) * (repeat or 1)
        else:
            count = repeat if repeat is not None else 1
        # Budgets before a single name is made: racks, and devices (multiplied through racks).
        per_rack = sum(use.count for use in [*rack_type.contents, *own_contents])
        if (
            not self.counted("blocks", 1, block.head_span, "these rack groups")
            or not self.counted("racks", count, block.head_span, "these racks")
            or not self.counted(
                "devices", count * per_rack, block.head_span, "the devices of these racks"
            )
        ):
            return []
        if explicit_names:
            explicit = (
                tuple(names)
                if repeat in (None, 1)
                else tuple(f"{n}-{i:02d}" for n in names for i in range(1, repeat + 1))
            )
            for name in explicit:  # later auto-numbered racks in this row continue after these
                head, number = _split_number(name)
                if number is not None and head == prefix_key:
                    counters[prefix_key] = max(counters.get(prefix_key, 0), int(number))
            groups.append(
                RackGroup(
                    rack_type=rack_type,
                    count=count,
                    span=block.span,
                    name_prefix="",
                    explicit_names=explicit,
                    hall=hall,
                    row=row,
                    contents=own_contents,
                    overrides=overrides,
                    **effective,
                )
            )
        else:
            prefix = names[0] if names else prefix_key
            first = counters.get(prefix, 0) + 1
            counters[prefix] = first + count - 1
            groups.append(
                RackGroup(
                    rack_type=rack_type,
                    count=count,
                    span=block.span,
                    name_prefix=prefix,
                    first_index=first,
                    hall=hall,
                    row=row,
                    contents=own_contents,
                    overrides=overrides,
                    **effective,
                )
            )
        return groups

    def _resolve_rack_refs(
        self, values: dict[str, Any], rack_type: RackType, block: t.Block
    ) -> None:
        # The rack type's names are resolved on its first use (rack types are built before the
        # power chains and cooling loops they name).
        if isinstance(rack_type.cooling, Symbol):
            rack_type.cooling = self._cooling_ref(rack_type.cooling)
        if rack_type.power is not None and not _resolved_power(rack_type.power):
            feeds = self._power_refs(rack_type.power, None)
            rack_type.power = None if feeds is None else feeds[0] if len(feeds) == 1 else feeds
        cooling = values.get("cooling")
        if isinstance(cooling, Symbol):
            values["cooling"] = self._cooling_ref(cooling)
        power = values.get("power")
        if power is not None and not _resolved_power(power):
            resolved = self._power_refs(power, None)
            if resolved is not None:
                values["power"] = resolved[0] if len(resolved) == 1 else resolved
            else:
                values.pop("power", None)

    def _cooling_ref(self, symbol: Symbol) -> Any:
        name = symbol.dotted
        if name in self.loops:
            return self.loops[name]
        if name in schema.COOLING_TIERS:
            return name
        close = suggest(name, [*self.loops, *schema.COOLING_TIERS])
        self.report(
            error(
                UNKNOWN_REFERENCE,
                f"`cooling = {name}` is neither a cooling loop nor a cooling tier",
                symbol.span,
                help=(f"did you mean `{close}`? " if close else "")
                + f"tiers: {', '.join(schema.COOLING_TIERS)}",
            )
        )
        return None

    # --- power ---------------------------------------------------------------------------------

    def _build_chain(self, block: t.Block) -> None:
        name = _label(block)
        values = self._values(block, "power")
        chain = PowerChain(name, [], block.span, **spec_kwargs(PowerChain, values))
        for child in block.body or ():
            if not isinstance(child, t.Block) or child.kind not in schema.POWER_NODE_KINDS:
                continue
            spec = schema.BLOCKS[child.kind]
            if not self._check_head(child, spec):
                continue
            node_values = self._values(child, child.kind)
            part = node_values.pop("part", None)
            redundancy = node_values.pop("redundancy", Redundancy())
            count = node_values.pop("count", None)
            if count is None:
                count = redundancy.units_needed(1)
            origin = node_values.pop("from", None)
            node_class = POWER_NODE_CLASSES[child.kind]
            for node_name in _label_names(child):
                if not self.counted("blocks", 1, child.head_span, "these power elements"):
                    break
                node = node_class(
                    node_name,
                    child.kind,
                    name,
                    part,
                    count,
                    redundancy,
                    child.span,
                    **spec_kwargs(node_class, node_values),
                )
                if chain.node(node_name) is not None:
                    self.report(
                        error(
                            DUPLICATE, f"`{name}.{node_name}` is defined twice", _name_span(child)
                        )
                    )
                    continue
                chain.nodes.append(node)
                if origin is not None:
                    self._pending_from.append((node, origin))
        self.chains[name] = chain

    def _resolve_feeds(self) -> None:
        for node, origin in self._pending_from:
            resolved = self._power_refs(origin, self.chains.get(node.chain))
            if resolved:
                node.feeds_from = resolved

    def _power_refs(self, value: Any, chain: PowerChain | None) -> list[PowerNode] | None:
        items = value if isinstance(value, list) else [value]
        nodes: list[PowerNode] = []
        for item in items:
            if isinstance(item, PowerNode):
                nodes.append(item)
                continue
            if not isinstance(item, Symbol):
                self.report(
                    error(
                        WRONG_TYPE,
                        f"expected a power element such as `main.PDU`; found {describe(item)}",
                        getattr(item, "span", None),
                    )
                )
                return None
            node = self._find_power_node(item, chain)
            if node is None:
                return None
            nodes.append(node)
        return nodes

    def _find_power_node(self, symbol: Symbol, chain: PowerChain | None) -> PowerNode | None:
        parts = symbol.parts
        if len(parts) == 1 and chain is not None and (node := chain.node(parts[0])):
            return node
        if len(parts) == 2 and parts[0] in self.chains:
            node = self.chains[parts[0]].node(parts[1])
            if node is not None:
                return node
        candidates = [f"{c.name}.{n.name}" for c in self.chains.values() for n in c.nodes]
        if chain is not None:
            candidates += [n.name for n in chain.nodes]
        close = suggest(symbol.dotted, candidates)
        self.report(
            error(
                UNKNOWN_REFERENCE,
                f"unknown power element `{symbol.dotted}`",
                symbol.span,
                help=(f"did you mean `{close}`? " if close else "")
                + "name an element as `chain.element`, e.g. `main.PDU`",
            )
        )
        return None

    # --- cooling -------------------------------------------------------------------------------

    def _build_loop(self, block: t.Block) -> None:
        name = _label(block)
        values = self._values(block, "cooling")
        units_: list[PartUse] = []
        for key in schema.COOLING_UNIT_ROLES:
            units_.extend(values.pop(key, []))
        for child in block.body or ():
            if isinstance(child, t.Block) and child.kind == "unit":
                use = self._part_use(child, "unit")
                if use is not None:
                    use.role = use.part.kind
                    units_.append(use)
        redundancy = values.pop("redundancy", Redundancy())
        self.loops[name] = CoolingLoop(
            name, units_, redundancy, block.span, **spec_kwargs(CoolingLoop, values)
        )

    # --- design, selectors, allowances ---------------------------------------------------------

    def _build_design(self, blocks: list[t.Block]) -> Design:
        if not blocks:
            first_span = next(
                (m.statements[0].span for m in self.modules[-1:] if m.statements), None
            )
            self.report(
                error(
                    NO_DESIGN,
                    "this file has no `design` block",
                    first_span,
                    help='start the design with `design "name" { }`',
                )
            )
            return Design("unnamed", None)
        block = blocks[0]
        if not self._check_head(block, schema.BLOCKS["design"]):
            return Design("unnamed", block.span)
        values = self._values(block, "design")
        return Design(_label(block), block.span, **spec_kwargs(Design, values))

    def _build_fabric(self, block: t.Block) -> Fabric:
        values = self._values(block, "fabric")
        endpoints = values.get("endpoints")
        if isinstance(endpoints, Symbol):
            selector = self.selector(endpoints)
            if selector is None:
                values.pop("endpoints")
            else:
                values["endpoints"] = selector
        return Fabric(_label(block), block.span, **spec_kwargs(Fabric, values))

    def _build_cost(self, block: t.Block) -> CostLine:
        values = _named(self._values(block, "cost"))
        return CostLine(_label(block), block.span, **spec_kwargs(CostLine, values))

    def selector(self, symbol: Symbol) -> Selector | None:
        parts = symbol.parts
        what = parts[-1]
        if what not in SELECTOR_WHATS:
            self.report(
                error(
                    UNKNOWN_REFERENCE,
                    f"`{symbol.dotted}` does not name a count",
                    symbol.span,
                    help=f"end the path with one of {', '.join(SELECTOR_WHATS)}: `H1.gpus`",
                )
            )
            return None
        scope: Hall | Row | None = None
        if len(parts) >= 2:
            hall = self.halls.get(parts[0])
            if hall is None:
                close = suggest(parts[0], list(self.halls))
                self.report(
                    error(
                        UNKNOWN_REFERENCE,
                        f"unknown hall `{parts[0]}`",
                        symbol.span,
                        help=f"did you mean `{close}`?"
                        if close
                        else "halls: " + ", ".join(self.halls),
                    )
                )
                return None
            scope = hall
            if len(parts) == 3:
                row = next((r for r in hall.rows if r.name == parts[1]), None)
                if row is None:
                    self.report(
                        error(
                            UNKNOWN_REFERENCE,
                            f"hall `{hall.name}` has no row `{parts[1]}`",
                            symbol.span,
                        )
                    )
                    return None
                scope = row
        return Selector(scope, what, symbol.dotted)

    def _allowances(self) -> Iterator[Allowance]:
        for module in self.modules:
            yield from self._allow_in(module.statements, None)

    def _allow_in(
        self, statements: tuple[t.Statement, ...], scope: Span | None
    ) -> Iterator[Allowance]:
        for statement in statements:
            if isinstance(statement, t.Allow):
                yield Allowance(statement.rule_ids, statement.reason, statement.span, scope)
            elif isinstance(statement, t.Block) and statement.body:
                yield from self._allow_in(statement.body, statement.span)


def _resolved_power(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(isinstance(i, PowerNode) for i in items)


def _named(values: dict[str, Any]) -> dict[str, Any]:
    """References to other top-level blocks (`fabric = compute`, `storage = shared`) kept as the
    name written: the analysis that reads them knows those blocks and reports a wrong one."""
    return {k: v.dotted if isinstance(v, Symbol) else v for k, v in values.items()}


def _label(block: t.Block) -> str:
    names = _label_names(block)
    return names[0] if names else (block.type_ref or block.kind)


def _label_names(block: t.Block) -> list[str]:
    names: list[str] = []
    for label in block.labels:
        if isinstance(label, t.LabelLit):
            names.append(label.value)
        else:
            names.extend(expand_range(label.first, label.last) or [label.first])
    return names


def range_problems(block: t.Block) -> Iterator[Diagnostic]:
    for label in block.labels:
        if not isinstance(label, t.LabelRange):
            continue
        size = range_size(label.first, label.last)
        if size is not None and limits.over("names", size):
            yield limits.exceeded("names", size, label.span, "this range has")
        elif size is None:
            yield error(
                BAD_RANGE,
                f'cannot expand the range "{label.first}".."{label.last}"',
                label.span,
                help='a range runs between single letters ("A".."D") or names that differ only '
                'in a trailing number ("r01".."r16"), first ≤ last',
            )


def _name_span(block: t.Block) -> Span:
    if block.type_span is not None and block.kind in ("part", "rack_type"):
        return t.join_spans(block.kind_span, block.type_span)
    return block.head_span


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _plain(value: Any) -> Any:
    if isinstance(value, units.Quantity):
        return value.magnitude if not value.dims else value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
