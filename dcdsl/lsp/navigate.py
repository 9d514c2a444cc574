"""Find what is under the cursor in a syntax tree, and where a name is defined.

The tree is ``dcdsl.syntax.parse.parse``'s; the definitions of the document come from its
top-level blocks and `let`s, those of imported files (catalogue parts, shared rack types) from the
elaborated model's spans. Nothing here parses text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Union

import attrs

from dcdsl.diagnostics import Span
from dcdsl.elaborate.names import expand_range
from dcdsl.model import Model
from dcdsl.syntax import tree as t

Node = Union[t.Statement, t.Expr, t.LabelLit, t.LabelRange]  # noqa: UP007


def children(node: Any) -> Iterator[Any]:
    """The child nodes of a tree node, in source order."""
    if isinstance(node, t.Block):
        yield from node.labels
        if node.repeat is not None:
            yield node.repeat
        yield from node.body or ()
    elif isinstance(node, t.Attribute | t.Let):
        yield node.value
    elif isinstance(node, t.Require):
        yield node.expr
    elif isinstance(node, t.BinOp):
        yield node.left
        yield node.right
    elif isinstance(node, t.Neg):
        yield node.operand
    elif isinstance(node, t.Call):
        yield from node.args
    elif isinstance(node, t.ListLit):
        yield from node.items


def _inside(span: Span, offset: int) -> bool:
    # The end is exclusive, but a cursor right after a name still points at it.
    return span.start <= offset <= span.end


def path_at(module: t.Module, offset: int) -> list[Any]:
    """Nodes from the top-level statement down to the innermost node at ``offset``."""
    trail: list[Any] = []
    candidates: tuple[Any, ...] | Iterator[Any] = module.statements
    while True:
        found = next((n for n in candidates if _inside(n.span, offset)), None)
        if found is None:
            return trail
        trail.append(found)
        candidates = children(found)


def enclosing_blocks(trail: list[Any]) -> list[t.Block]:
    return [n for n in trail if isinstance(n, t.Block)]


def block_name(block: t.Block) -> str | None:
    """The name a block defines: `part x`, `rack_type x` or its first label."""
    if block.kind in ("part", "rack_type"):
        return block.type_ref
    if block.labels:
        first = block.labels[0]
        return first.value if isinstance(first, t.LabelLit) else first.first
    return None


def label_names(block: t.Block) -> Iterator[tuple[str, Span]]:
    for label in block.labels:
        if isinstance(label, t.LabelLit):
            yield label.value, label.span
        else:
            for name in expand_range(label.first, label.last) or [label.first]:
                yield name, label.span


@attrs.frozen
class Definition:
    kind: str  # part, rack_type, let, power, power_node, cooling, hall, row, fabric, …
    name: str
    span: Span  # what go-to-definition selects: the name
    whole: Span  # the whole definition
    node: Any = None  # the tree node when it is in this document


@attrs.define
class Index:
    """Definitions by name: the document's own, then the model's (imports)."""

    top: dict[str, Definition] = attrs.Factory(dict)
    power_nodes: dict[tuple[str, str], Definition] = attrs.Factory(dict)
    rows: dict[tuple[str, str], Definition] = attrs.Factory(dict)

    @classmethod
    def build(cls, module: t.Module | None, model: Model | None) -> Index:
        index = cls()
        if model is not None:
            # Imported definitions first, so that the document's own win on a name clash.
            for name, part in model.parts.items():
                if part.span is not None:
                    index.top[name] = Definition("part", name, part.span, part.span)
            for name, rack in model.rack_types.items():
                if rack.span is not None:
                    index.top[name] = Definition("rack_type", name, rack.span, rack.span)
        if module is None:
            return index
        for statement in module.statements:
            if isinstance(statement, t.Let):
                index.top[statement.name] = Definition(
                    "let", statement.name, statement.name_span, statement.span, statement
                )
            elif isinstance(statement, t.Block):
                index._add_block(statement)
        return index

    def _add_block(self, block: t.Block) -> None:
        if block.kind in ("part", "rack_type") and block.type_ref and block.type_span:
            self.top[block.type_ref] = Definition(
                block.kind, block.type_ref, block.type_span, block.span, block
            )
            return
        if block.kind == "design":
            return
        for name, span in label_names(block):
            self.top.setdefault(name, Definition(block.kind, name, span, block.span, block))
            for child in block.body or ():
                if not isinstance(child, t.Block):
                    continue
                for child_name, child_span in label_names(child):
                    definition = Definition(child.kind, child_name, child_span, child.span, child)
                    if block.kind == "power":
                        self.power_nodes[(name, child_name)] = definition
                    elif block.kind == "hall" and child.kind == "row":
                        self.rows[(name, child_name)] = definition

    def resolve(self, parts: tuple[str, ...], chain: str | None = None) -> Definition | None:
        """The definition a dotted name refers to: `part`, `main.PDU`, `H1.A`, `H1.gpus`."""
        if not parts:
            return None
        if len(parts) == 1 and chain is not None and (chain, parts[0]) in self.power_nodes:
            return self.power_nodes[(chain, parts[0])]
        if len(parts) >= 2:
            if (parts[0], parts[1]) in self.power_nodes:
                return self.power_nodes[(parts[0], parts[1])]
            if (parts[0], parts[1]) in self.rows:
                return self.rows[(parts[0], parts[1])]
        return self.top.get(parts[0])


def segment_at(path: t.Path, offset: int) -> int:
    """Which name of a dotted path the offset is on (`main.PDU`: 0 on main, 1 on PDU)."""
    position = path.span.start
    for i, part in enumerate(path.parts):
        end = position + len(part)
        if offset <= end:
            return i
        position = end + 1
    return len(path.parts) - 1


def chain_of(trail: list[Any]) -> str | None:
    """The power chain a node sits in, for `from = T` inside `power "main" { … }`."""
    for block in enclosing_blocks(trail):
        if block.kind == "power":
            return block_name(block)
    return None


def reference_at(trail: list[Any], offset: int) -> tuple[tuple[str, ...], Span] | None:
    """The name under the cursor that refers to a definition, and the span it covers."""
    if not trail:
        return None
    node = trail[-1]
    if isinstance(node, t.Path):
        upto = segment_at(node, offset) + 1
        return node.parts[:upto], node.span
    if (
        isinstance(node, t.Block)
        and node.type_ref
        and node.type_span
        and _inside(node.type_span, offset)
    ):
        return (node.type_ref,), node.type_span
    return None
