"""The site: the design block, halls, rows and rack groups (a count, not copies), with power
and cooling inherited from row and hall; selectors such as `H1.gpus`."""

from __future__ import annotations

from typing import Any

from dcdsl.diagnostics import error
from dcdsl.elaborate import schema
from dcdsl.elaborate.base import NO_DESIGN, UNKNOWN_REFERENCE, Skip
from dcdsl.elaborate.cooling import Cooling
from dcdsl.elaborate.evaluate import Symbol
from dcdsl.elaborate.names import block_label, label_names, split_number
from dcdsl.elaborate.power import resolved_power
from dcdsl.model import Design, Hall, RackGroup, RackType, Row, Selector
from dcdsl.model.attributes import spec_kwargs, spec_values
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import suggest

SELECTOR_WHATS = ("gpus", "nodes", "racks")


class Site(Cooling):
    """The design block, halls, rows, rack groups and selectors."""

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
        return Design(block_label(block), block.span, **spec_kwargs(Design, values))

    def _build_halls(self, block: t.Block) -> list[Hall]:
        halls = []
        values = self._values(block, "hall")
        for name in label_names(block):
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
                    for row_name in label_names(child):
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
            names = label_names(block)
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
        overrides = self._shared.setdefault(overrides, overrides)  # racks override alike
        effective = spec_kwargs(RackGroup, {**spec_values(rack_type), **values})
        names = label_names(block)
        try:
            repeat = self.count_of(block.repeat, "racks") if block.repeat is not None else None
        except Skip:
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
        head_span = block.head_span
        if (
            not self.counted("blocks", 1, head_span, "these rack groups")
            or not self.counted("racks", count, head_span, "these racks")
            or not self.counted(
                "devices", count * per_rack, head_span, "the devices of these racks"
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
                head, number = split_number(name)
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
        if rack_type.power is not None and not resolved_power(rack_type.power):
            feeds = self._power_refs(rack_type.power, None)
            rack_type.power = None if feeds is None else feeds[0] if len(feeds) == 1 else feeds
        cooling = values.get("cooling")
        if isinstance(cooling, Symbol):
            values["cooling"] = self._cooling_ref(cooling)
        power = values.get("power")
        if power is not None and not resolved_power(power):
            resolved = self._power_refs(power, None)
            if resolved is not None:
                values["power"] = resolved[0] if len(resolved) == 1 else resolved
            else:
                values.pop("power", None)

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
