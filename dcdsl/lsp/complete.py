"""Completion: block kinds, attribute names valid in the block, parts, references and units.

While the user types, the text rarely parses, so the context (which blocks enclose the cursor,
whether it follows `name =`, a number or a block kind) comes from a token scan of the text before
the cursor, not from the syntax tree. The vocabulary comes from ``dcdsl.elaborate.schema``, the
names from the last model that compiled (catalogue parts, rack types, power elements, loops).
"""

from __future__ import annotations

import re

import attrs
from lsprotocol import types

from dcdsl import units
from dcdsl.elaborate import schema
from dcdsl.elaborate.loader import std_modules
from dcdsl.lsp.hover import PART_USE_KINDS, attribute_table
from dcdsl.model import Model
from dcdsl.model.part_kinds import COOLING_UNIT_KINDS, PART_KINDS

_TOKEN = re.compile(
    r"""
    (?P<comment>(?:\#|//)[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*"?)
  | (?P<number>\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_]\w*)
  | (?P<op>\.\.|==|<=|>=|!=|[{}()\[\]=*/+,.<>:%-])
  | (?P<ws>\s+)
    """,
    re.VERBOSE,
)
STATEMENT_KEYWORDS = ("let", "import", "require", "allow")
# Units offered after a number; only those with the dimension the attribute wants are shown.
COMMON_UNITS = (
    "W",
    "kW",
    "MW",
    "GW",
    "VA",
    "kVA",
    "MVA",
    "V",
    "kV",
    "A",
    "kA",
    "U",
    "USD",
    "kUSD",
    "MUSD",
    "GB",
    "TB",
    "PB",
    "Gb/s",
    "GB/s",
    "Tb/s",
    "TB/s",
    "degC",
    "K",
    "mm",
    "m",
    "km",
    "kg",
    "t",
    "L/min",
    "m^3/h",
    "L/kWh",
    "s",
    "min",
    "hour",
    "day",
    "year",
    "kWh",
    "MWh",
    "USD/kWh",
    "USD/MWh",
    "USD/GB",
    "USD/TB",
    "USD/hour",
    "USD/month",
    "USD/year",
    "USD/kW",
    "USD/MW",
    "m^2",
)
# attribute → the part kind it names, to list matching parts first (a cooling unit role names
# its own kind)
_PART_KIND_FOR = {
    **{attr: k.name for k in PART_KINDS.values() for attr in k.named_by},
    **{k: k for k in COOLING_UNIT_KINDS},
}


@attrs.define
class Context:
    blocks: list[str] = attrs.Factory(list)  # kinds of the enclosing blocks, outermost first
    statement: str | None = None  # first word of the statement at the cursor
    attribute: str | None = None  # `name =` whose value is being typed
    after_number: bool = False  # a unit may follow
    type_slot: str | None = None  # a block kind whose type (part, rack type) comes next
    in_import: bool = False
    in_comment: bool = False
    prefix: str = ""


def context_at(text: str, offset: int) -> Context:
    before = text[:offset]
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(before)]
    context = Context()
    if tokens and tokens[-1][0] == "comment":
        context.in_comment = True
        return context
    if (
        tokens
        and tokens[-1][0] == "string"
        and not (len(tokens[-1][1]) > 1 and tokens[-1][1].endswith('"'))
    ):
        # Inside an unterminated string: only an import path is worth completing.
        context.prefix = tokens[-1][1][1:]
        significant = [tok for tok in tokens[:-1] if tok[0] not in ("ws", "comment")]
        context.in_import = bool(significant) and significant[-1] == ("name", "import")
        return context
    if tokens and tokens[-1][0] == "name":
        context.prefix = tokens[-1][1]
        tokens = tokens[:-1]
    significant = [tok for tok in tokens if tok[0] not in ("ws", "comment")]
    stack: list[str] = []
    statement: str | None = None
    attribute: str | None = None
    expect_operand = False
    type_slot = False
    for i, (kind, value) in enumerate(significant):
        following = significant[i + 1][1] if i + 1 < len(significant) else None
        if value == "{":
            stack.append(statement or "?")
            statement, attribute, expect_operand, type_slot = None, None, False, False
        elif value == "}":
            if stack:
                stack.pop()
            statement, attribute, expect_operand, type_slot = None, None, False, False
        elif kind == "name" and following == "=":
            statement, attribute, expect_operand, type_slot = value, value, False, False
        elif value == "=":
            expect_operand = True
        elif kind == "name" and (
            statement is None or not (expect_operand or type_slot or _unit_after(significant, i))
        ):
            # A name that cannot continue the statement before it starts a new one.
            if i > 0 and significant[i - 1][1] == ".":
                continue
            statement, attribute, expect_operand = value, None, False
            type_slot = value not in STATEMENT_KEYWORDS
        elif kind in ("name", "number", "string") or value in (")", "]"):
            expect_operand = False
            type_slot = False
        elif kind == "op" and value not in (")", "]"):
            expect_operand = value != "."
            type_slot = False
    context.blocks = stack
    context.statement = statement
    context.attribute = (
        attribute
        if expect_operand or (attribute and significant and significant[-1][0] == "number")
        else None
    )
    head = before[: len(before) - len(context.prefix)]
    context.after_number = (
        bool(significant)
        and significant[-1][0] == "number"
        and (bool(context.prefix) or head[-1:].isspace())
    )
    if (
        type_slot
        and statement is not None
        and significant
        and significant[-1] == ("name", statement)
    ):
        context.type_slot = statement
    return context


def _unit_after(tokens: list[tuple[str | None, str]], i: int) -> bool:
    return i > 0 and tokens[i - 1][0] == "number"


def _item(
    label: str,
    kind: types.CompletionItemKind,
    detail: str = "",
    sort: str = "1",
    insert: str | None = None,
) -> types.CompletionItem:
    return types.CompletionItem(
        label=label,
        kind=kind,
        detail=detail or None,
        sort_text=f"{sort}{label}",
        insert_text=insert,
    )


def _attribute_items(kind: str) -> list[types.CompletionItem]:
    items = []
    for name, attr in sorted(attribute_table(kind).items()):
        detail = attr.type + (f" in {attr.unit}" if attr.unit else "")
        if attr.doc:
            detail += f" — {attr.doc}"
        items.append(_item(name, types.CompletionItemKind.Property, detail, "1", f"{name} = "))
    return items


def _block_items(kinds: tuple[str, ...]) -> list[types.CompletionItem]:
    return [
        _item(kind, types.CompletionItemKind.Class, schema.BLOCKS[kind].doc, "2")
        for kind in kinds
        if kind in schema.BLOCKS
    ]


def _part_items(model: Model | None, prefer: str | None) -> list[types.CompletionItem]:
    if model is None:
        return []
    items = []
    for name, part in sorted(model.parts.items()):
        description = part.specs.description
        detail = part.kind + (f" — {description}" if description else "")
        sort = "0" if prefer and part.kind == prefer else "1"
        items.append(_item(name, types.CompletionItemKind.Value, detail, sort))
    return items


def _unit_items(attribute: schema.Attr | None) -> list[types.CompletionItem]:
    items = []
    for unit in COMMON_UNITS:
        if not units.is_unit(unit):
            continue
        dims = units.dims_of_unit(unit)
        if attribute is not None and attribute.unit and dims != attribute.dims:
            continue
        canonical = attribute is not None and attribute.unit == unit
        items.append(
            _item(
                unit,
                types.CompletionItemKind.Unit,
                units.dimension_name(dims),
                "0" if canonical else "1",
            )
        )
    return items


def _value_items(kind: str, name: str, model: Model | None) -> list[types.CompletionItem]:
    attr = attribute_table(kind).get(name)
    if attr is None:
        return []
    if attr.type == "enum":
        return [
            _item(c, types.CompletionItemKind.EnumMember, f"{kind}.{name}") for c in attr.choices
        ]
    if attr.type in ("part", "parts"):
        prefer = (
            kind if kind in schema.POWER_NODE_KINDS and name == "part" else _PART_KIND_FOR.get(name)
        )
        return _part_items(model, prefer)
    if attr.type == "bool":
        return [_item(v, types.CompletionItemKind.Keyword) for v in ("true", "false")]
    if attr.type in ("ref", "refs") and model is not None:
        if attr.ref_kind == "power_node":
            return [
                _item(node.path, types.CompletionItemKind.Reference, f"{node.kind} × {node.count}")
                for node in model.power_nodes()
            ]
        if attr.ref_kind == "cooling_or_tier":
            loops = [
                _item(loop.name, types.CompletionItemKind.Reference, f"cooling loop ({loop.tier})")
                for loop in model.cooling_loops
            ]
            tiers = [
                _item(tier, types.CompletionItemKind.EnumMember, "cooling tier", "2")
                for tier in schema.COOLING_TIERS
            ]
            return loops + tiers
    if attr.type == "redundancy":
        return [
            _item(v, types.CompletionItemKind.Value) for v in ("N", "N+1", "N+2", "2N", "2(N+1)")
        ]
    return []


def completions(text: str, offset: int, model: Model | None) -> list[types.CompletionItem]:
    context = context_at(text, offset)
    if context.in_comment:
        return []
    if context.in_import or (context.statement == "import" and context.prefix == ""):
        return [
            _item(name, types.CompletionItemKind.Module, "standard library")
            for name in std_modules()
        ]
    kind = context.blocks[-1] if context.blocks else None
    if context.after_number:
        attr = attribute_table(kind).get(context.attribute or "") if kind else None
        return _unit_items(attr)
    if context.attribute is not None and kind is not None:
        return _value_items(kind, context.attribute, model)
    if context.type_slot is not None:
        if context.type_slot in PART_USE_KINDS:
            prefer = {"rack_pdu": "rack_pdu"}.get(context.type_slot)
            return _part_items(model, prefer)
        if context.type_slot == "rack" and model is not None:
            return [
                _item(name, types.CompletionItemKind.Class, "rack type")
                for name in sorted(model.rack_types)
            ]
        return []
    if kind is None:
        keywords = [
            _item(k, types.CompletionItemKind.Keyword, "statement", "3") for k in STATEMENT_KEYWORDS
        ]
        return _block_items(schema.TOP_LEVEL) + keywords
    if kind not in schema.BLOCKS:
        return []
    return _attribute_items(kind) + _block_items(schema.BLOCKS[kind].children)
