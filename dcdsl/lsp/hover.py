"""Hover text (Markdown): quantities in canonical units, parts, rack types and rack groups.

Figures come from the compiler: a quantity is converted by ``dcdsl.units`` into the canonical unit
of the attribute it sets (``dcdsl.elaborate.schema``); a rack's power is what the load analysis
computed (``results.load``) and its limit what the cooling analysis checked it against
(``results.cooling``), when those results exist.
"""

from __future__ import annotations

from typing import Any

from dcdsl import number_format, units
from dcdsl.analysis.load import RackLoad, device_kw
from dcdsl.analysis.results import Results
from dcdsl.elaborate import schema
from dcdsl.lsp.navigate import Index, block_name, chain_of, enclosing_blocks, reference_at
from dcdsl.lsp.navigate import label_names as navigate_labels
from dcdsl.model import Model, Part, PowerNode, RackGroup, RackType, Ratio, Redundancy
from dcdsl.model.attributes import value_or
from dcdsl.model.parts import stated
from dcdsl.syntax import tree as t

# Specs shown first on a part's card, when it has them.
KEY_SPECS = (
    "gpus",
    "gpu",
    "power_max",
    "power_typical",
    "height",
    "nics",
    "nic_speed",
    "ports",
    "port_speed",
    "rating",
    "rating_kw",
    "capacity",
    "voltage",
    "current",
    "efficiency",
    "raw_capacity",
    "usable_capacity",
    "read",
    "write",
    "medium",
    "reach",
    "cooling",
    "heat_to_liquid",
)
_NOT_SPECS = frozenset(
    {"description", "source", "price", "confidence", "note", "vendor", "model", "price_basis"}
)
PART_USE_KINDS = ("device", "rack_pdu", "unit")


def attribute_table(kind: str) -> dict[str, schema.Attr]:
    if kind in PART_USE_KINDS or kind == "part":
        return schema.PART_SPECS
    spec = schema.BLOCKS.get(kind)
    return spec.attrs if spec is not None else {}


def format_value(name: str, value: Any) -> str:
    attr = schema.PART_SPECS.get(name)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if attr is not None and attr.unit:
            return units.format_in(float(value), attr.unit)
        return number_format.number(float(value))
    if isinstance(value, Part):
        return f"`{value.name}`"
    if isinstance(value, Ratio | Redundancy | units.Quantity):
        return str(value)
    if isinstance(value, str):
        return value
    return str(value)


def part_card(part: Part) -> str:
    values = stated(part.specs)  # every spec by name: the card lists them generically
    head = f"**part `{part.name}`** — {part.kind}"
    description = part.specs.description
    lines = [head]
    if description:
        lines.append(f"\n{description}")
    keys = [k for k in KEY_SPECS if k in values]
    keys += sorted(k for k in values if k not in keys and k not in _NOT_SPECS)
    if keys:
        lines.append("")
        lines += [f"- {key}: {format_value(key, values[key])}" for key in keys[:12]]
    price = part.price_usd
    lines.append("")
    if price is not None:
        origin = "" if part.price_origin == "catalogue" else f" ({part.price_origin})"
        lines.append(f"price: {units.format_in(price, 'USD')}{origin}")
    else:
        lines.append("price: not stated")
    source = part.specs.source
    confidence = part.specs.confidence
    if source or confidence:
        lines.append(
            f"source: {source or 'not stated'}" + (f" ({confidence})" if confidence else "")
        )
    if part.span is not None:
        lines.append(f"defined in {part.span.file}:{part.span.line}")
    return "\n".join(lines)


def _rack_type_kw(rack: RackType, model: Model) -> float:
    basis = str(value_or(model.design.power_basis, "max"))
    load_factor = float(value_or(model.design.load_factor, 1.0))
    return sum(device_kw(use, basis, load_factor) * use.count for use in rack.contents)


def rack_type_card(rack: RackType, model: Model, results: Results | None) -> str:
    lines = [f"**rack_type `{rack.name}`**", ""]
    for use in rack.contents:
        kw = use.specs.power_max
        each = f" ({units.format_in(float(kw), 'kW')} each)" if kw else ""
        lines.append(f"- {use.role} `{use.part.name}` × {use.count}{each}")
    groups = [g for g in model.rack_groups() if g.rack_type is rack]
    lines.append("")
    lines.append(
        f"IT power per rack: {units.format_in(_rack_type_kw(rack, model), 'kW')} (computed)"
    )
    if groups:
        racks = sum(g.count for g in groups)
        lines.append(f"used by {number_format.number(racks)} racks in {len(groups)} group(s)")
    lines += _cooling_lines(groups, results)
    return "\n".join(lines)


def _loads(groups: list[RackGroup], results: Results | None) -> list[RackLoad]:
    load = results.load if results is not None else None
    racks = load.racks if load is not None else []
    wanted = {id(g) for g in groups}
    return [r for r in racks if id(r.group) in wanted]


def _cooling_lines(groups: list[RackGroup], results: Results | None) -> list[str]:
    cooling = results.cooling if results is not None else None
    racks = cooling.racks if cooling is not None else []
    wanted = {id(g) for g in groups}
    lines: list[str] = []
    seen: set[tuple[str, float | None, float | None, float]] = set()
    for rack in racks:
        if id(rack.group) not in wanted:
            continue
        tier, limit, warn, rack_kw = rack.tier, rack.limit_kw, rack.warn_kw, rack.rack_kw
        key = (tier, limit, warn, rack_kw)
        if key in seen:
            continue
        seen.add(key)
        if limit is None and warn is None:
            lines.append(f"cooling: {tier}, no density limit")
            continue
        text = (
            f"cooling: {tier}, limit {units.format_in(limit, 'kW')} per rack"
            if limit
            else f"cooling: {tier}"
        )
        if warn is not None:
            text += f" (warning above {units.format_in(warn, 'kW')})"
        if limit:
            text += f"; {number_format.number(100 * rack_kw / limit, 1)} % of the limit"
        source = rack.limit_source
        lines.append(text + (f" — {source}" if source else ""))
    return lines


def rack_group_card(
    block: t.Block, groups: list[RackGroup], model: Model, results: Results | None
) -> str:
    name = block.type_ref or block_name(block) or "rack"
    lines = [f"**rack `{name}`**"]
    loads = _loads(groups, results)
    if not groups:
        return lines[0] + "\n\n(no analysis results for this rack yet)"
    for group in groups:
        where = ".".join(
            p
            for p in (group.hall.name if group.hall else "", group.row.name if group.row else "")
            if p
        )
        lines.append(
            f"- {group.names_summary}"
            + (f" in {where}" if where else "")
            + f": {group.count} racks"
        )
    if loads:
        per_rack = sorted({round(r.it_kw, 6) for r in loads})
        total = sum(r.total_kw for r in loads)
        gpus = sum(r.gpus * r.count for r in loads)
        lines.append("")
        lines.append(
            "IT power per rack: "
            + ", ".join(units.format_in(kw, "kW") for kw in per_rack)
            + " (computed)"
        )
        lines.append(
            f"all {sum(g.count for g in groups)} racks: {units.format_in(total, 'kW')}, {gpus} GPUs"
        )
    lines += _cooling_lines(groups, results)
    return "\n".join(lines)


def power_node_card(node: PowerNode, results: Results | None) -> str:
    part = f" of `{node.part.name}`" if node.part is not None else ""
    lines = [f"**{node.kind} `{node.path}`**: {node.count} unit(s){part}, {node.redundancy}"]
    rating, rating_kw = node.specs.rating, node.specs.rating_kw
    if rating:
        lines.append(f"rating: {units.format_in(float(rating), 'kVA')} per unit")
    if rating_kw:
        lines.append(f"rating: {units.format_in(float(rating_kw), 'kW')} per unit")
    power = results.power if results is not None else None
    elements = power.elements_of(node) if power is not None else []
    for element in elements:
        label, normal, worst = element.label, element.normal, element.worst
        if normal is None:
            continue
        text = f"- {label}: {units.format_in(normal.load_kw, 'kW')} in normal operation"
        if normal.loading is not None:
            text += f" ({number_format.number(100 * normal.loading, 1)} % of a unit's rating)"
        if worst is not None and worst.loading is not None:
            text += f"; worst failure {number_format.number(100 * worst.loading, 1)} %"
            text += f" (limit {number_format.number(100 * worst.limit, 0)} %)"
        lines.append(text)
    return "\n\n".join(lines[:1]) + ("\n\n" + "\n".join(lines[1:]) if lines[1:] else "")


def hall_card(name: str, results: Results | None) -> str:
    load = results.load if results is not None else None
    by_hall = load.by_hall_kw if load is not None else {}
    if name not in by_hall:
        return f"**hall `{name}`**"
    rows = {
        k.split(".", 1)[1]: v
        for k, v in (load.by_row_kw if load is not None else {}).items()
        if k.startswith(f"{name}.")
    }
    lines = [f"**hall `{name}`**: {units.format_in(by_hall[name], 'kW')} IT (computed)", ""]
    lines += [f"- row {row}: {units.format_in(kw, 'kW')}" for row, kw in rows.items()]
    return "\n".join(lines)


def quantity_text(node: t.QuantityLit, trail: list[Any]) -> str:
    written = f"{node.text} {node.unit}" if node.unit != "percent" else f"{node.text} %"
    try:
        quantity = units.Quantity.of(node.value, node.unit)
    except units.UnitError as exc:
        hint = f" — did you mean `{exc.suggestions[0]}`?" if exc.suggestions else ""
        return f"`{written}`: unknown unit `{node.unit}`{hint}"
    dimension = units.dimension_name(quantity.dims)
    attribute = next((n for n in reversed(trail) if isinstance(n, t.Attribute)), None)
    blocks = enclosing_blocks(trail)
    attr = None
    if attribute is not None and blocks and attribute.value is node:
        attr = attribute_table(blocks[-1].kind).get(attribute.name)
    if attr is not None and attr.unit:
        where = f"`{blocks[-1].kind}.{attribute.name}`" if attribute else ""
        if attr.dims != quantity.dims:
            return (
                f"`{written}` is {dimension}; {where} expects "
                f"{units.dimension_name(attr.dims)} (in {attr.unit})"
            )
        value = quantity.difference_to(attr.unit) if attr.delta else quantity.to(attr.unit)
        doc = f" — {attr.doc}" if attr.doc else ""
        return (
            f"`{written}` = **{units.format_in(value, attr.unit, 6)}**\n\n"
            f"{dimension}; canonical unit of {where}: {attr.unit}{doc}"
        )
    return f"`{written}` = **{units.format_quantity(quantity, 6)}** ({dimension})"


def let_text(name: str, model: Model | None) -> str:
    if model is None or name not in model.lets:
        return f"**let `{name}`**"
    value = model.lets[name]
    shown = number_format.number(value, 6) if isinstance(value, int | float) else str(value)
    return f"**let `{name}`** = {shown}"


def attribute_doc(kind: str, name: str) -> str | None:
    attr = attribute_table(kind).get(name)
    if attr is None:
        return None
    text = f"**{kind}.{name}**: {attr.type}"
    if attr.unit:
        text += f" in {attr.unit}"
    if attr.choices:
        text += f" — one of {', '.join(attr.choices)}"
    if attr.doc:
        text += f"\n\n{attr.doc}"
    return text


def hover_markdown(
    trail: list[Any],
    offset: int,
    index: Index,
    model: Model | None,
    results: Results | None,
    groups_for: Any,
) -> str | None:
    """The hover text at ``offset``; ``groups_for(block)`` gives the rack groups of a rack block."""
    if not trail:
        return None
    node = trail[-1]
    if isinstance(node, t.QuantityLit):
        return quantity_text(node, trail)
    reference = reference_at(trail, offset)
    if reference is not None and model is not None:
        parts, _ = reference
        definition = index.resolve(parts, chain_of(trail))
        name = parts[0] if definition is None else definition.name
        if definition is not None and definition.kind == "let":
            return let_text(name, model)
        if name in model.parts and (definition is None or definition.kind == "part"):
            return part_card(model.parts[name])
        if name in model.rack_types and (definition is None or definition.kind == "rack_type"):
            return rack_type_card(model.rack_types[name], model, results)
        if definition is not None and definition.kind in schema.POWER_NODE_KINDS:
            chain = next(
                (
                    c
                    for c in model.power_chains
                    if c.node(definition.name) is not None
                    and (len(parts) < 2 or c.name == parts[0])
                ),
                None,
            )
            node = chain.node(definition.name) if chain is not None else None
            if node is not None:
                return power_node_card(node, results)
        if definition is not None and definition.kind == "hall":
            return hall_card(definition.name, results)
        if definition is not None:
            return f"**{definition.kind} `{definition.name}`** ({definition.span.file}:{definition.span.line})"
    if isinstance(node, t.Attribute) and node.name_span.start <= offset <= node.name_span.end:
        blocks = enclosing_blocks(trail)
        if blocks:
            return attribute_doc(blocks[-1].kind, node.name)
        return None
    if isinstance(node, t.Block | t.LabelLit | t.LabelRange):
        block = node if isinstance(node, t.Block) else enclosing_blocks(trail)[-1]
        on_head = block.head_span.start <= offset <= block.head_span.end
        if block.kind == "rack" and on_head and model is not None:
            return rack_group_card(block, groups_for(block), model, results)
        if block.kind == "hall" and on_head and model is not None and block.labels:
            on_label = next(
                (lab for lab in block.labels if lab.span.start <= offset <= lab.span.end), None
            )
            if on_label is not None:
                return "\n\n".join(hall_card(name, results) for name, _ in navigate_labels(block))
        if block.kind in schema.POWER_NODE_KINDS and on_head and model is not None:
            chain_name = chain_of(trail)
            chain = next((c for c in model.power_chains if c.name == chain_name), None)
            node_name = block_name(block)
            node = chain.node(node_name) if chain is not None and node_name else None
            if node is not None and not (block.kind_span.start <= offset <= block.kind_span.end):
                return power_node_card(node, results)
        if on_head and block.kind_span.start <= offset <= block.kind_span.end:
            spec = schema.BLOCKS.get(block.kind)
            return f"**{block.kind}**: {spec.doc}" if spec is not None and spec.doc else None
    return None
