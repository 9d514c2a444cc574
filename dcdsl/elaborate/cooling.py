"""Cooling loops (their units and redundancy) and `cooling = …` references to a loop or a tier."""

from __future__ import annotations

from typing import Any

from dcdsl.diagnostics import error
from dcdsl.elaborate import schema
from dcdsl.elaborate.base import UNKNOWN_REFERENCE
from dcdsl.elaborate.evaluate import Symbol
from dcdsl.elaborate.names import block_label
from dcdsl.elaborate.power import Power
from dcdsl.model import CoolingLoop, PartUse, Redundancy
from dcdsl.model.attributes import spec_kwargs
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import suggest


class Cooling(Power):
    """Cooling loops and the references to them."""

    def _build_loop(self, block: t.Block) -> None:
        name = block_label(block)
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
