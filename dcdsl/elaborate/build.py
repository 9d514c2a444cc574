"""Elaborate: syntax trees of a design and its imports → one ``Model``, or diagnostics.

Passes, so that any definition may be used before it is written (forward references):
1. collect every top-level definition into one symbol table (duplicates are errors);
2. build parts, apply price books, then rack types, power chains, cooling loops;
3. build halls, rows and rack groups (multiplicity kept: `rack t * 3000` is one group);
4. resolve what points at something built later: `from = …` between power nodes, fabric
   endpoints such as `H1.gpus`.
Every attribute is checked against ``schema.BLOCKS`` and stored as a plain value in the
attribute's canonical unit.

Each family of blocks is built by a class in its own module, composed here in build order:
``base`` (state, heads) → ``attributes`` → ``parts`` (and rack types) → ``power`` →
``cooling`` → ``site`` (design, halls, rows, racks) → ``Builder`` (passes, fabrics, costs,
allowances).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dcdsl.diagnostics import Label, error
from dcdsl.elaborate import schema
from dcdsl.elaborate.attributes import plain
from dcdsl.elaborate.base import DUPLICATE, UNKNOWN_ATTRIBUTE
from dcdsl.elaborate.evaluate import EvalError, Symbol
from dcdsl.elaborate.names import block_label, label_names, name_span
from dcdsl.elaborate.site import Site
from dcdsl.model import Allowance, CostLine, Fabric, Hall, Model, Requirement, Storage, Workload
from dcdsl.model.attributes import spec_kwargs
from dcdsl.syntax import tree as t


class Builder(Site):
    """Syntax trees → one ``Model``: the passes, in order, over every block family."""

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
            Storage(block_label(b), b.span, **spec_kwargs(Storage, self._values(b, "storage")))
            for b in self._blocks("storage")
        ]
        model.workloads = [
            Workload(
                block_label(b), b.span, **spec_kwargs(Workload, _named(self._values(b, "workload")))
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
        return plain(value)

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
                if self._declare(block.type_ref, "part", block, name_span(block)):
                    self._part_blocks[block.type_ref] = block
            elif block.kind == "rack_type":
                assert block.type_ref is not None
                if self._declare(block.type_ref, "rack type", block, name_span(block)):
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
                for name in label_names(block):
                    self._declare(name, block.kind, block, name_span(block))

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

    def _build_fabric(self, block: t.Block) -> Fabric:
        values = self._values(block, "fabric")
        endpoints = values.get("endpoints")
        if isinstance(endpoints, Symbol):
            selector = self.selector(endpoints)
            if selector is None:
                values.pop("endpoints")
            else:
                values["endpoints"] = selector
        return Fabric(block_label(block), block.span, **spec_kwargs(Fabric, values))

    def _build_cost(self, block: t.Block) -> CostLine:
        values = _named(self._values(block, "cost"))
        return CostLine(block_label(block), block.span, **spec_kwargs(CostLine, values))

    def _allowances(self) -> Iterator[Allowance]:
        for module in self.modules:
            yield from self._allow_in(module.statements, None)

    def _allow_in(
        self, statements: tuple[t.Statement, ...], scope: t.Block | None
    ) -> Iterator[Allowance]:
        """The `allow`s in ``statements``, each scoped to the block around it (its span made
        only for a block that has one: not for each of a flattened design's 20,000)."""
        for statement in statements:
            if isinstance(statement, t.Allow):
                yield Allowance(
                    statement.rule_ids,
                    statement.reason,
                    statement.span,
                    scope.span if scope is not None else None,
                )
            elif isinstance(statement, t.Block) and statement.body:
                yield from self._allow_in(statement.body, statement)


def _named(values: dict[str, Any]) -> dict[str, Any]:
    """References to other top-level blocks (`fabric = compute`, `storage = shared`) kept as the
    name written: the analysis that reads them knows those blocks and reports a wrong one."""
    return {k: v.dotted if isinstance(v, Symbol) else v for k, v in values.items()}
