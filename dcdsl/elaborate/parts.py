"""Parts (built on first use, `extends` chains), price books, rack types and the devices
placed in racks."""

from __future__ import annotations

from collections.abc import Iterator

from dcdsl import limits
from dcdsl.diagnostics import Span, error
from dcdsl.elaborate import schema
from dcdsl.elaborate.attributes import Attributes
from dcdsl.elaborate.base import EXTENDS_CYCLE, MISSING, UNKNOWN_REFERENCE, WRONG_TYPE, Skip
from dcdsl.elaborate.evaluate import Scaled, Symbol, describe
from dcdsl.elaborate.names import block_label, label_names, name_span, range_problems
from dcdsl.model import Part, PartSpecs, PartUse, RackType
from dcdsl.model.attributes import spec_kwargs
from dcdsl.source import locate
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import suggest

_PLACEMENT_ATTRS: dict[str, schema.Attr] = {
    "position": schema.Q("U", "lowest rack unit the device occupies"),
    "serial": schema.STR,
    "asset_tag": schema.STR,
}


class Parts(Attributes):
    """Parts, price books and rack types, each built once, on first use."""

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
                    name_span(block),
                )
            )
            return None
        if len(self._building_parts) >= limits.value("extends_depth"):
            self.report(
                limits.exceeded(
                    "extends_depth",
                    len(self._building_parts) + 1,
                    name_span(block),
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
                    name_span(block),
                    help=f"add `kind = …`, one of: {', '.join(schema.PART_KINDS)}",
                )
            )
            part_kind = "other"
        values.pop("kind", None)
        part = Part(
            name,
            str(part_kind),
            PartSpecs(**values),
            name_span(block),
            base if isinstance(base, Part) else None,
        )
        self.parts[name] = part
        return part

    def _part_ref(self, expr: t.Expr) -> Part:
        value = self.eval(expr)
        if isinstance(value, Symbol) and len(value.parts) == 1:
            part = self.part(value.parts[0], value.span)
            if part is None:
                raise Skip
            return part
        self.report(
            error(WRONG_TYPE, f"expected the name of a part; found {describe(value)}", expr.span)
        )
        raise Skip

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
                    raise Skip
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
                raise Skip
            part = self.part(symbol.dotted, symbol.span)
            if part is None:
                raise Skip
            at = symbol.span
            uses.append(PartUse(part, count, (), at.source, locate(at.start, at.end), role))
        return uses

    def _apply_price_books(self) -> None:
        for block in self._blocks("prices"):
            book = block_label(block)
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
                except Skip:
                    continue
                # A price book is the design owner's quote: the catalogue's confidence in its own
                # estimate no longer describes this price (DC-COST-002 counts estimates only).
                part.set_price(
                    price, f'price book "{book}" ({statement.span.file}:{statement.span.line})'
                )
        for part in self.parts.values():  # bases first: a part is stored after its base
            part.refresh()

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
            span=name_span(block),
            **spec_kwargs(RackType, values),
        )

    def _filled(self, contents: list[PartUse], block: t.Block) -> list[PartUse]:
        """A rack's contents, or none when they fill more rack units than any rack has: an
        elevation is laid out unit by unit (the `rack_units` budget)."""
        filled = sum(
            use.count * (use.specs.height or 0.0) for use in contents if use.role == "device"
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
        part = self.parts.get(block.type_ref)  # known: no span to make
        if part is None:
            assert block.type_span is not None
            part = self.part(block.type_ref, block.type_span)
        if part is None:
            return None
        try:
            count = self.count_of(block.repeat, f"`{block.type_ref}`") if block.repeat else 1
        except Skip:
            return None
        problems = list(range_problems(block))
        if problems:
            self.diagnostics.extend(problems)
            return None
        overrides = self._values(block, "device", {**schema.PART_SPECS, **_PLACEMENT_ATTRS})
        overrides.pop("kind", None)
        # A stated number, one pair for all the uses that state it (`position = 2 U` of
        # thousands of devices): 64 bytes a device for each. Not zero: 0.0 == -0.0.
        shared = self._shared
        own = tuple(
            shared.setdefault(pair, pair) if type(pair[1]) is float and pair[1] else pair
            for pair in overrides.items()
        )
        names = label_names(block)
        if len(names) > 1 and block.repeat is None:
            count = len(names)
        label = None
        if names:
            label = names[0] if len(names) == 1 else f"{names[0]}..{names[-1]}"
        return PartUse(part, count, own, block.source, block.loc, role, label)
