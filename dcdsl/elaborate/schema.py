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

# --- part specs (any part kind may carry these; PART_KIND_SPECS narrows what is documented) ---

PART_SPECS: dict[str, Attr] = {
    "kind": E(*PART_KINDS, doc="what the part is"),
    "extends": Attr("part", doc="another part whose values this one starts from"),
    "description": STR,
    "vendor": STR,
    "model": STR,
    "part_number": Attr("string", doc="the manufacturer's part number (MPN), for purchase orders"),
    "price": Q("USD", "unit price"),
    "price_basis": STR,
    "price_date": Attr("string", doc="when the price was quoted or listed (ISO date: 2026-01-17)"),
    "lead_time": Q("week", "time from order to delivery, where known"),
    "source": STR,
    "confidence": E(
        *CONFIDENCE, doc="how sure the figures are (primary, secondary, estimate, derived)"
    ),
    "price_confidence": E(*CONFIDENCE, doc="how sure the price is; `confidence` when unset"),
    "standard": Attr("string", doc="the standard a rating follows (ANSI C57.12, IEC 60076, …)"),
    "note": STR,
    # physical
    "height": Q("U", "rack units occupied"),
    "position": Q("U", "lowest rack unit a device occupies (1 = bottom); copies stack upward"),
    "width": Q("m", "footprint width (an enclosure: across the row)"),
    "depth": Q("m", "footprint depth (an enclosure: front to back)"),
    "weight": Q("kg"),
    "load_rating": Q("kg", "static load an enclosure is rated to carry"),
    "power_max": Q("kW", "maximum electrical draw"),
    "power_typical": Q("kW", "typical draw under load"),
    "power_includes_optics": Attr(
        "bool",
        doc="a switch's power_max already includes its cage modules (max with active cables)",
    ),
    "heat_to_liquid": FRACTION,
    # compute
    "gpus": INT,
    "nodes": Attr("int", doc="compute nodes inside one part (GB200 NVL72: 18 trays); 1 if unset"),
    "gpu": Attr("part", doc="the GPU part in a server"),
    "gpu_memory": Q("GB"),
    "gpu_power": Q("kW"),
    "price_per_gpu_slot": Q("USD"),
    "price_includes_gpus": BOOL,
    "cpus": INT,
    "memory": Q("GB"),
    "memory_bandwidth": Q("GB/s"),
    "nics": INT,
    "nic": Attr("part", doc="the NIC part on the compute fabric"),
    "nic_speed": Q("Gb/s"),
    "storage_ports": INT,
    "inband_ports": INT,
    "mgmt_ports": INT,
    "node_transceivers": INT,
    "nvlink_domain": Attr("int", doc="GPUs in one NVLink domain (NVL72: 72); default the part's"),
    "nvlink_links": Attr("int", doc="NVLink links per GPU (NVLink 5: 18)"),
    "nvlink_switch_trays": Attr("int", doc="NVLink switch trays per domain"),
    "nvlink_switch_chips": Attr("int", doc="NVLink switch chips per domain"),
    "nvlink_switch_ports": Attr("int", doc="NVLink ports per switch chip"),
    "nvlink_bandwidth": Q("GB/s", "NVLink bandwidth per GPU"),
    "psus": INT,
    "psu_rating": Q("kW"),
    "psu_redundancy": Attr("redundancy"),
    "tdp": Q("kW"),
    "fp8_tflops": NUM,
    "fp8_tflops_sparse": NUM,
    "fp4_tflops": NUM,
    "bf16_tflops": NUM,
    "cooling": E(*COOLING_TIERS, "air_or_liquid", doc="cooling the part needs"),
    # network
    "ports": INT,
    "port_speed": Q("Gb/s"),
    "cages": INT,
    "uplinks": Attr("int", doc="a switch's uplink ports besides `ports` (SN2201: 4 × 100GbE)"),
    "uplink_speed": Q("Gb/s", "speed of those uplink ports"),
    "lanes": INT,
    "medium": E(
        "optical",
        "multimode",
        "singlemode",
        "dac",
        "acc",
        "aoc",
        "copper",
        "fiber",
        doc="a transceiver's fibre (multimode SR, single-mode DR/FR) or a cable's medium",
    ),
    "reach": Q("m"),
    "length": Q("m"),
    "connector": STR,
    "fibers": INT,
    # electrical
    "voltage": Q("V"),
    "primary_voltage": Q("V"),
    "secondary_voltage": Q("V"),
    "current": Q("A", "breaker or rated current"),
    "phases": INT,
    "power_factor": NUM,
    "rating": Q("kVA", "apparent-power rating"),
    "rating_kw": Q("kW", "real-power rating"),
    "efficiency": FRACTION,
    "efficiency_25": Attr("number", doc="efficiency at 25 % of rated load (part-load curve)"),
    "efficiency_50": Attr("number", doc="efficiency at 50 % of rated load"),
    "efficiency_75": Attr("number", doc="efficiency at 75 % of rated load"),
    "no_load_loss": Q("kW"),
    "load_loss": Q("kW"),
    "listed_100": Attr("bool", doc="listed for 100 % continuous load (no 80 % derating)"),
    "outlets": INT,
    "runtime": Q("min", "UPS battery autonomy at rated load"),
    "interrupting": Q("kA", "interrupting (short-circuit breaking) rating of its breakers"),
    "impedance": Attr("number", doc="a transformer's short-circuit impedance (5.75 %)"),
    "reactance": Attr("number", doc="a generator's subtransient reactance X''d (0.15 = 15 %)"),
    "rating_class": E(
        "continuous",
        "prime",
        "limited",
        "standby",
        "data_center",
        doc="a generator's ISO 8528-1 rating class (COP, PRP, LTP, ESP, DCP)",
    ),
    "fuel_hours": Q("hour", "a generator's on-site fuel autonomy at full load"),
    "start_time": Q("s", "a generator's time from start signal to accepting load"),
    "transfer_time": Q("s", "a transfer switch's operating time"),
    # cooling
    "capacity": Q("kW", "heat removed at the stated conditions"),
    "approach": Q("K", "approach temperature difference at the rated capacity", delta=True),
    "flow": Q("L/min"),
    "airflow": Q("m^3/h"),
    "cop": Attr(
        "number", doc="coefficient of performance at the design's conditions: heat / power"
    ),
    "fan_power": Q("kW", "a DX unit's fan draw per unit, beside its compressor's heat / COP"),
    "redundancy": Attr("redundancy", doc="a cooling unit group's own redundancy in its loop"),
    "water_use": Q("L/kWh", "water per kWh of heat rejected"),
    "coolant": STR,
    # storage
    "raw_capacity": Q("TB"),
    "usable_capacity": Q("TB"),
    "read": Q("GB/s"),
    "write": Q("GB/s"),
    "price_per_capacity": Q("USD/GB"),
    # cloud
    "price_on_demand": Q("USD/hour"),
    "price_reserved": Q("USD/hour"),
    "term": Q("year"),
    "region": STR,
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
