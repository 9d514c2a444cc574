"""Document symbols (the editor's outline): design, parts, rack types, power chains with their
elements, cooling loops, halls with rows and racks, fabrics, storage, workloads, costs, lets."""

from __future__ import annotations

from lsprotocol import types

from dcdsl.lsp.navigate import block_name
from dcdsl.lsp.positions import LineIndex
from dcdsl.syntax import tree as t

SymbolKind = types.SymbolKind
KINDS: dict[str, types.SymbolKind] = {
    "design": SymbolKind.Module,
    "part": SymbolKind.Struct,
    "rack_type": SymbolKind.Class,
    "power": SymbolKind.Namespace,
    "cooling": SymbolKind.Namespace,
    "hall": SymbolKind.Package,
    "row": SymbolKind.Array,
    "rack": SymbolKind.Object,
    "fabric": SymbolKind.Interface,
    "storage": SymbolKind.Object,
    "workload": SymbolKind.Event,
    "cost": SymbolKind.Number,
    "prices": SymbolKind.Enum,
    "device": SymbolKind.Field,
    "rack_pdu": SymbolKind.Field,
    "unit": SymbolKind.Field,
}
# Children shown in the outline; attributes are left out to keep it readable.
NESTED = {"power", "hall", "row", "cooling", "rack_type", "rack"}


def _label_text(block: t.Block) -> str:
    texts = []
    for label in block.labels:
        if isinstance(label, t.LabelLit):
            texts.append(label.value)
        else:
            texts.append(f"{label.first}..{label.last}")
    return " ".join(texts)


def _name(block: t.Block) -> str:
    if block.kind in ("part", "rack_type"):
        return block.type_ref or block.kind
    labels = _label_text(block)
    if block.kind in ("rack", "device", "rack_pdu", "unit"):
        name = " ".join(p for p in (labels, block.type_ref) if p) or block.kind
        return name
    return labels or block_name(block) or block.kind


def _detail(block: t.Block) -> str:
    if block.kind in ("rack", "device", "rack_pdu", "unit") and block.repeat is not None:
        return f"{block.kind} × {block.repeat.span.snippet}"
    return block.kind


def _symbol(block: t.Block, index: LineIndex) -> types.DocumentSymbol:
    kids: list[types.DocumentSymbol] = []
    if block.kind in NESTED:
        kids = [_symbol(c, index) for c in block.body or () if isinstance(c, t.Block)]
    selection = (
        block.type_span
        if block.kind in ("part", "rack_type") and block.type_span
        else block.head_span
    )
    return types.DocumentSymbol(
        name=_name(block),
        kind=KINDS.get(block.kind, SymbolKind.Object),
        range=index.span_range(block.span),
        selection_range=index.span_range(selection),
        detail=_detail(block),
        children=kids or None,
    )


def document_symbols(module: t.Module, index: LineIndex) -> list[types.DocumentSymbol]:
    out: list[types.DocumentSymbol] = []
    for statement in module.statements:
        if isinstance(statement, t.Block):
            out.append(_symbol(statement, index))
        elif isinstance(statement, t.Let):
            out.append(
                types.DocumentSymbol(
                    name=statement.name,
                    kind=SymbolKind.Variable,
                    range=index.span_range(statement.span),
                    selection_range=index.span_range(statement.name_span),
                    detail="let",
                )
            )
    return out
