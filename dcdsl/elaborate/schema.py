"""What each block kind may contain: attributes with their type and canonical unit, child kinds.

This table is the language's vocabulary. The elaborator checks every attribute against it
(unknown names get a "did you mean"; a quantity must have the dimension of the canonical unit,
and is stored as a float in that unit). ``docs/language.md`` documents the same table; a test
checks that every attribute here appears there.
"""

from __future__ import annotations

import attrs

from dcdsl.model import (
    POWER_NODE_CLASSES,
    CoolingLoop,
    CostLine,
    Design,
    Fabric,
    Hall,
    PartSpecs,
    PowerChain,
    RackSpec,
    Row,
    Storage,
    Workload,
)
from dcdsl.model.attributes import (
    BOOL,
    CONFIDENCE,
    COOLING_TIERS,
    COST_CATEGORIES,
    FRACTION,
    INT,
    NUM,
    OPEX_CATEGORIES,
    PART,
    STR,
    Attr,
    E,
    Q,
    block_attrs,
)
from dcdsl.model.part_kinds import COOLING_UNIT_KINDS
from dcdsl.model.part_kinds import PART_KINDS as PART_KIND_TABLE

__all__ = [
    "BOOL",
    "CONFIDENCE",
    "COOLING_TIERS",
    "COST_CATEGORIES",
    "FRACTION",
    "INT",
    "NUM",
    "OPEX_CATEGORIES",
    "PART",
    "STR",
    "Attr",
    "E",
    "Q",
]


# Part kinds, and the cooling-loop attributes that list unit groups of a kind
# (`cdu = cdu_600kw * 3`), from the one registry of part kinds (dcdsl.model.part_kinds).
PART_KINDS = tuple(PART_KIND_TABLE)
COOLING_UNIT_ROLES = COOLING_UNIT_KINDS

# --- part specs: declared with their units on ``dcdsl.model.parts.PartSpecs`` ----------------

PART_SPECS: dict[str, Attr] = {
    "kind": E(*PART_KINDS, doc="what the part is"),
    "extends": Attr("part", doc="another part whose values this one starts from"),
    **block_attrs(PartSpecs),
}


@attrs.frozen
class BlockSchema:
    kind: str
    attrs: dict[str, Attr]
    children: tuple[str, ...] = ()
    doc: str = ""
    # What the type slot (`kind TYPE "label"`) names: a part, a rack type, or the block's own name.
    type_is: str | None = None
    labels: str = "optional"  # required | optional | none
    repeat: bool = False  # may carry `* N`
    open_attrs: bool = False  # accepts attributes not in the table (price books)


# Written on a power element but not kept as an attribute: the builder makes them its structure.
_POWER_NODE_STRUCTURE: dict[str, Attr] = {
    "part": PART,
    "count": INT,
    "redundancy": Attr("redundancy"),
    "from": Attr("refs", ref_kind="power_node", doc="upstream element(s)"),
}

POWER_NODE_KINDS = tuple(POWER_NODE_CLASSES)

_PART_USE = BlockSchema(
    "device", {}, type_is="part", repeat=True, doc="a part placed here, with overrides"
)

_RACK_ATTRS = block_attrs(RackSpec)

BLOCKS: dict[str, BlockSchema] = {
    "design": BlockSchema(
        "design",
        block_attrs(Design),
        labels="required",
        doc="the design's name and site-wide settings",
    ),
    "part": BlockSchema("part", PART_SPECS, type_is="name", labels="none", doc="a part definition"),
    "prices": BlockSchema(
        "prices",
        {},
        labels="required",
        open_attrs=True,
        doc="a price book: `part_name = price` lines that override catalogue prices",
    ),
    "rack_type": BlockSchema(
        "rack_type",
        _RACK_ATTRS,
        children=("device", "rack_pdu"),
        type_is="name",
        labels="none",
        doc="a rack template: its devices and rack PDUs",
    ),
    "device": _PART_USE,
    "rack_pdu": attrs.evolve(_PART_USE, kind="rack_pdu", doc="rack PDUs (per rack)"),
    "hall": BlockSchema(
        "hall",
        block_attrs(Hall),
        children=("row", "rack"),
        labels="required",
        doc="a data hall",
    ),
    "row": BlockSchema(
        "row",
        block_attrs(Row),
        children=("rack",),
        labels="required",
        doc="a row of racks; a name range makes several rows",
    ),
    "rack": BlockSchema(
        "rack",
        {k: v for k, v in _RACK_ATTRS.items()},
        children=("device", "rack_pdu"),
        type_is="rack_type",
        repeat=True,
        doc='racks of a rack type: `rack gpu_rack * 8 { … }` or `rack "r01".."r16" gpu_rack`',
    ),
    "power": BlockSchema(
        "power",
        block_attrs(PowerChain),
        children=POWER_NODE_KINDS,
        labels="required",
        doc="a power chain: utility → … → PDUs",
    ),
    **{
        kind: BlockSchema(
            kind,
            {**_POWER_NODE_STRUCTURE, **block_attrs(cls)},
            labels="required",
            doc=f"{kind} group",
        )
        for kind, cls in POWER_NODE_CLASSES.items()
    },
    "cooling": BlockSchema(
        "cooling",
        {
            **block_attrs(CoolingLoop),
            "redundancy": Attr("redundancy"),
            **{role: Attr("parts") for role in COOLING_UNIT_ROLES},
            "crac": Attr("parts", doc="CRAC / DX units (own compressor): heat / COP"),
            "inrow": Attr("parts", doc="in-row coolers"),
        },
        children=("unit",),
        labels="required",
        doc="a cooling loop with its plant",
    ),
    "unit": attrs.evolve(_PART_USE, kind="unit", doc="a cooling unit group in a loop"),
    "fabric": BlockSchema(
        "fabric",
        block_attrs(Fabric),
        labels="required",
        doc="a network fabric generated from counts",
    ),
    "storage": BlockSchema(
        "storage",
        block_attrs(Storage),
        labels="required",
        doc="a storage system sized by capacity and throughput",
    ),
    "workload": BlockSchema(
        "workload",
        block_attrs(Workload),
        labels="required",
        doc="a workload whose needs are checked against the design",
    ),
    "cost": BlockSchema(
        "cost",
        block_attrs(CostLine),
        labels="required",
        doc="a cost line of the design's own (construction, software, staff)",
    ),
}

TOP_LEVEL = (
    "design",
    "part",
    "prices",
    "rack_type",
    "hall",
    "power",
    "cooling",
    "fabric",
    "storage",
    "workload",
    "cost",
)


def reference_markdown() -> str:
    """The attribute tables of docs/language.md, generated from this table (a test keeps the
    document in step: regenerate with `python -m dcdsl.elaborate.schema`)."""

    def row(name: str, attr: Attr) -> str:
        value = attr.type
        if attr.choices:
            value += (
                f" ({', '.join(attr.choices)})" if len(attr.choices) <= 8 else " (see the list)"
            )
        return f"| `{name}` | {value} | {attr.unit or ''} | {attr.doc} |"

    out: list[str] = []
    for kind, spec in BLOCKS.items():
        if kind == "part":
            continue
        out.append(f"#### `{kind}`\n")
        out.append(spec.doc[:1].upper() + spec.doc[1:] + ".\n" if spec.doc else "")
        if not spec.attrs:
            what = "`part_name = price` lines" if spec.open_attrs else "part specs as overrides"
            out.append(f"Attributes: {what}.\n")
            continue
        out.append("| attribute | value | unit | meaning |\n|---|---|---|---|")
        out.extend(row(name, attr) for name, attr in sorted(spec.attrs.items()))
        out.append("")
    out.append("#### Part specs\n")
    out.append(
        "Allowed in `part` blocks, and as overrides where a part is used "
        f"(`device`, `rack_pdu`, `unit`). Part kinds: {', '.join(PART_KINDS)}.\n"
    )
    out.append("| attribute | value | unit | meaning |\n|---|---|---|---|")
    out.extend(row(name, attr) for name, attr in sorted(PART_SPECS.items()))
    return "\n".join(line for line in out if line is not None) + "\n"


if __name__ == "__main__":
    print(reference_markdown(), end="")
