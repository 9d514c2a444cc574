"""Power chains: their elements, and `from = …` between elements resolved once all exist."""

from __future__ import annotations

from typing import Any

from dcdsl.diagnostics import error
from dcdsl.elaborate import schema
from dcdsl.elaborate.base import DUPLICATE, UNKNOWN_REFERENCE, WRONG_TYPE
from dcdsl.elaborate.evaluate import Symbol, describe
from dcdsl.elaborate.names import block_label, label_names, name_span
from dcdsl.elaborate.parts import Parts
from dcdsl.model import POWER_NODE_CLASSES, PowerChain, PowerNode, Redundancy
from dcdsl.model.attributes import spec_kwargs
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import suggest


class Power(Parts):
    """Power chains and the references to their elements."""

    def _build_chain(self, block: t.Block) -> None:
        name = block_label(block)
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
            for node_name in label_names(child):
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
                        error(DUPLICATE, f"`{name}.{node_name}` is defined twice", name_span(child))
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


def resolved_power(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(isinstance(i, PowerNode) for i in items)
