"""What each block kind may contain: attributes with their type and canonical unit, child kinds.

This table is the language's vocabulary. The elaborator checks every attribute against it
(unknown names get a "did you mean"; a quantity must have the dimension of the canonical unit,
and is stored as a float in that unit). ``docs/language.md`` documents the same table; a test
checks that every attribute here appears there.
"""

from __future__ import annotations

import attrs

from dcdsl import units


@attrs.frozen
class Attr:
    """One attribute: its value type and, for quantities, the canonical unit it is stored in.

    types: quantity, number, int, string, bool, enum, ratio, redundancy, part, parts (a part or
    `part * n`), ref (another block), refs (one or a list), selector (`H1.gpus` or a count), any.
    """

    type: str
    unit: str | None = None
    doc: str = ""
    choices: tuple[str, ...] = ()
    ref_kind: str | None = None  # for ref/refs: which kind of block the name must resolve to
    delta: bool = False  # a temperature difference (10 degC of ΔT is 10 K)

    @property
    def dims(self) -> units.Dims:
        return units.dims_of_unit(self.unit) if self.unit else units.DIMENSIONLESS


def Q(unit: str, doc: str = "", delta: bool = False) -> Attr:
    return Attr("quantity", unit, doc, delta=delta)


def E(*choices: str, doc: str = "") -> Attr:
    return Attr("enum", None, doc, choices=choices)


NUM = Attr("number")
INT = Attr("int")
STR = Attr("string")
BOOL = Attr("bool")
PART = Attr("part")
FRACTION = Attr("number", doc="a fraction from 0 to 1 (or a percentage: 80 %)")

COOLING_TIERS = ("air", "air_contained", "rear_door", "direct_to_chip", "immersion")
# Cooling-loop attributes that list unit groups (`cdu = cdu_600kw * 3`): each names a part kind.
COOLING_UNIT_ROLES = (
    "cdu",
    "rdhx",
    "crah",
    "crac",
    "inrow",
    "chiller",
    "cooling_tower",
    "dry_cooler",
    "pump",
)
PART_KINDS = (
    "server",
    "gpu",
    "nic",
    "switch",
    "transceiver",
    "cable",
    "rack",
    "rack_pdu",
    "pdu",
    "rpp",
    "busway",
    "ups",
    "transformer",
    "switchgear",
    "switchboard",
    "generator",
    "ats",
    *COOLING_UNIT_ROLES,
    "storage_system",
    "cloud_instance",
    "software",
    "other",
)
CONFIDENCE = ("primary", "secondary", "estimate", "derived")
COST_CATEGORIES = (
    "compute",
    "network",
    "storage",
    "power",
    "cooling",
    "facility",
    "software",
    "other",
)
# Cost-line categories that are per year by nature (opex); `recurring = true` makes any line so.
OPEX_CATEGORIES = ("energy", "maintenance", "staff")

# --- part specs (any part kind may carry these; PART_KIND_SPECS narrows what is documented) ---

PART_SPECS: dict[str, Attr] = {
    "kind": E(*PART_KINDS, doc="what the part is"),
    "extends": Attr("part", doc="another part whose values this one starts from"),
    "description": STR,
    "vendor": STR,
    "model": STR,
    "price": Q("USD", "unit price"),
    "price_basis": STR,
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
    "lanes": INT,
    "medium": E("optical", "dac", "acc", "aoc", "copper", "fiber"),
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


_POWER_NODE_ATTRS: dict[str, Attr] = {
    "part": PART,
    "count": INT,
    "redundancy": Attr("redundancy"),
    "from": Attr("refs", ref_kind="power_node", doc="upstream element(s)"),
    "capacity": Q("kW", "utility service capacity"),
    "voltage": Q("V"),
    "primary_voltage": Q("V"),
    "secondary_voltage": Q("V", "a transformer's output voltage"),
    "rating": Q("kVA"),
    "rating_kw": Q("kW"),
    "current": Q("A"),
    "efficiency": FRACTION,
    "no_load_loss": Q("kW", "per unit, a transformer's core loss"),
    "load_loss": Q("kW", "per unit at rated load, a transformer's winding loss"),
    "power_factor": NUM,
    "listed_100": BOOL,
    "interrupting": PART_SPECS["interrupting"],
    "impedance": PART_SPECS["impedance"],
    "reactance": PART_SPECS["reactance"],
    "rating_class": PART_SPECS["rating_class"],
    "fuel_hours": PART_SPECS["fuel_hours"],
    "start_time": PART_SPECS["start_time"],
    "transfer_time": PART_SPECS["transfer_time"],
    "runtime": PART_SPECS["runtime"],
    "fault_current": Q("kA", "a utility's available three-phase fault current"),
    "path": E("A", "B", doc="which side of an A/B pair this element is"),
    "placement": E(
        "row_end",
        "perimeter",
        "outside",
        doc="where the floor plan draws it (RPP, busway: row_end; PDU: perimeter; else outside)",
    ),
    "description": STR,
}

POWER_NODE_KINDS = (
    "utility",
    "generator",
    "ats",
    "switchgear",
    "transformer",
    "switchboard",
    "ups",
    "pdu",
    "rpp",
    "busway",
)

_PART_USE = BlockSchema(
    "device", {}, type_is="part", repeat=True, doc="a part placed here, with overrides"
)

_RACK_ATTRS: dict[str, Attr] = {
    "height": Q("U", "usable rack units"),
    "cooling": Attr("ref", ref_kind="cooling_or_tier", doc="cooling loop, or a tier name"),
    "power": Attr("refs", ref_kind="power_node", doc="feed(s): one, or [A, B]"),
    "enclosure": PART,
    "weight_limit": Q("kg"),
    "density_limit": Q("kW", "override the cooling tier's rack-density limit"),
    "load_factor": FRACTION,
    "width": Q("m", "rack footprint across the row (default: the enclosure's, else 0.6 m)"),
    "depth": Q("m", "rack footprint front to back (default: the enclosure's, else 1.2 m)"),
    "description": STR,
}

BLOCKS: dict[str, BlockSchema] = {
    "design": BlockSchema(
        "design",
        {
            "electricity": Q("USD/kWh", "energy tariff"),
            "pue_target": NUM,
            "pue": Attr(
                "number",
                doc="assumed PUE: facility power = IT × pue, an input instead of the plant's result",
            ),
            "load_factor": FRACTION,
            "power_basis": E("max", "typical", doc="rack load from maximum or typical draw"),
            "power_factor": NUM,
            "years": NUM,
            "discount_rate": FRACTION,
            "maintenance_rate": FRACTION,
            "staff_cost": Q("USD/year"),
            "other_load": Q("kW", "lighting, offices and other non-IT, non-cooling load"),
            "other_load_fraction": FRACTION,
            "wue": Q("L/kWh", "water per IT kWh"),
            "water_reduction": FRACTION,
            "cloud": PART,
            "cloud_price_on_demand": Q("USD/month", "cloud price per node-month, on demand"),
            "cloud_price_reserved": Q("USD/month", "cloud price per node-month, reserved"),
            "owned_cost_per_node_month": Q("USD/month"),
            "tier": Attr("int", doc="the Uptime tier (1–4) the design claims; checked"),
            "standard": E("ANSI", "IEC", doc="electrical standard: rating series, citations"),
            "rating_basis": E(
                "max",
                "typical",
                doc="load that ratings are checked at (default max; typical is an opt-in derating)",
            ),
            "design_margin": Attr(
                "number", doc="owner's loading margin on transformers and UPS (default 80 %)"
            ),
            "site": STR,
            "description": STR,
            "ambient": Q("degC"),
        },
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
        {
            "cooling": _RACK_ATTRS["cooling"],
            "power": _RACK_ATTRS["power"],
            "area": Q("m^2"),
            "width": Q("m"),
            "length": Q("m"),
            "row_pitch": Q("m", "front line to front line of adjacent rows (default 2.4 m)"),
            "tray_height": Q("m", "cable tray above the rack tops (default 0.5 m)"),
            "cable_slack": FRACTION,
            "description": STR,
        },
        children=("row", "rack"),
        labels="required",
        doc="a data hall",
    ),
    "row": BlockSchema(
        "row",
        {
            "cooling": _RACK_ATTRS["cooling"],
            "power": _RACK_ATTRS["power"],
            "position": Q("m", "the row's front line from the hall's first row (default: pitch)"),
            "offset": Q("m", "the row's first rack from the hall's left wall (default 0 m)"),
            "facing": E("south", "north", doc="where rack fronts face; rows alternate if unset"),
            "description": STR,
        },
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
        {"description": STR, "power_factor": NUM},
        children=POWER_NODE_KINDS,
        labels="required",
        doc="a power chain: utility → … → PDUs",
    ),
    **{
        kind: BlockSchema(kind, _POWER_NODE_ATTRS, labels="required", doc=f"{kind} group")
        for kind in POWER_NODE_KINDS
    },
    "cooling": BlockSchema(
        "cooling",
        {
            "tier": E(*COOLING_TIERS),
            "redundancy": Attr("redundancy"),
            "supply": Q("degC", "supply temperature"),
            "return": Q("degC", "return temperature"),
            "delta_t": Q("K", "supply–return difference", delta=True),
            "air_class": E("A1", "A2", "A3", "A4", "H1"),
            "liquid_class": E("W17", "W27", "W32", "W40", "W45", "W+"),
            "facility_supply": Q("degC", "facility water supply temperature"),
            "air_supply": Q("degC", "air inlet temperature at the racks (liquid tiers)"),
            "coolant": E("water", "pg25", doc="loop coolant (sets c_p and density for flow)"),
            "heat_rejection": E("evaporative", "dry", "closed_loop", "chiller"),
            "water_use": Q("L/kWh"),
            "cop": NUM,
            "residual_to_air": FRACTION,
            "density_limit": Q("kW"),
            "density_warn": Q("kW"),
            "fan_power": Q("kW"),
            "pump_power": Q("kW"),
            **{role: Attr("parts") for role in COOLING_UNIT_ROLES},
            "crac": Attr("parts", doc="CRAC / DX units (own compressor): heat / COP"),
            "inrow": Attr("parts", doc="in-row coolers"),
            "placement": E(
                "row_end",
                "perimeter",
                "outside",
                doc="where the floor plan draws the units (CDU: row_end; CRAH: perimeter; "
                "plant: outside)",
            ),
            "description": STR,
        },
        children=("unit",),
        labels="required",
        doc="a cooling loop with its plant",
    ),
    "unit": attrs.evolve(_PART_USE, kind="unit", doc="a cooling unit group in a loop"),
    "fabric": BlockSchema(
        "fabric",
        {
            "kind": E(
                "compute",
                "storage",
                "inband",
                "oob",
                "nvlink",
                doc="nvlink: the servers' NVLink domains (no switches or cables outside racks)",
            ),
            "topology": E("leaf_spine", "fat_tree", "rail_optimized"),
            "endpoints": Attr("selector", doc="`H1.gpus`, `gpus`, or a count"),
            "switch": PART,
            "leaf_switch": PART,
            "spine_switch": PART,
            "core_switch": PART,
            "nic": PART,
            "nic_speed": Q("Gb/s"),
            "oversubscription": Attr("ratio"),
            "oversubscription_target": Attr(
                "ratio", doc="highest down:up the design accepts (compute fabrics: 1:1)"
            ),
            "planes": INT,
            "rails": INT,
            "nodes_per_su": INT,
            "reserved_nodes": INT,
            "ufm": INT,
            "tiers": INT,
            "medium": E("optical", "dac", "acc", "aoc", "copper", "mixed"),
            "node_transceiver": PART,
            "switch_transceiver": PART,
            "cable": PART,
            "price_per_port": Q("USD", "all-in price per switch port (as a budget figure)"),
            "ports": INT,
            "dac_reach": Q("m", "longest passive copper link (default 3 m)"),
            "acc_reach": Q("m", "longest active copper link (default 5 m)"),
            "optical_reach": Q("m", "longest optical link (default 50 m, multimode SR4)"),
            "switch_position": E(
                "end_of_row",
                "middle_of_row",
                doc="where the switches stand when no rack holds them (default end_of_row)",
            ),
            "description": STR,
        },
        labels="required",
        doc="a network fabric generated from counts",
    ),
    "storage": BlockSchema(
        "storage",
        {
            "part": PART,
            "count": INT,
            "capacity": Q("TB"),
            "read": Q("GB/s"),
            "write": Q("GB/s"),
            "price": Q("USD/GB", "price per GB of capacity"),
            "power": Q("kW"),
            "tier": STR,
            "description": STR,
        },
        labels="required",
        doc="a storage system sized by capacity and throughput",
    ),
    "workload": BlockSchema(
        "workload",
        {
            "params": NUM,
            "bytes_per_param": NUM,
            "checkpoint_every": Q("s", "checkpoint interval"),
            "checkpoint_window": Q("s", "time a checkpoint write may take"),
            "gpus": INT,
            "allreduce_bytes_per_param": NUM,
            "storage": Attr(
                "ref", ref_kind="storage", doc="the storage it writes checkpoints to (default: all)"
            ),
            "checkpoints_retained": Attr(
                "int", doc="checkpoints kept on the storage at once (default 2)"
            ),
            "checkpoint_overhead_max": Attr(
                "number",
                doc="share of the checkpoint interval a write may stall training (default 10 %)",
            ),
            "read_per_gpu": Q("GB/s", "data-pipeline read bandwidth each GPU needs"),
            "shard_over": Attr(
                "int", doc="GPUs the training state is sharded over (default: all; ZeRO-3/FSDP)"
            ),
            "memory_headroom": Attr(
                "number", doc="share of GPU memory the training state may fill (default 80 %)"
            ),
            "description": STR,
        },
        labels="required",
        doc="a workload whose needs are checked against the design",
    ),
    "cost": BlockSchema(
        "cost",
        {
            "category": E(
                *COST_CATEGORIES,
                *OPEX_CATEGORIES,
                doc="capex category, or an opex one (energy, maintenance, staff): recurring",
            ),
            "amount": Q("USD"),
            "rate": Attr("quantity", None, "a price per unit of `basis` (USD/MW, USD/port, …)"),
            "basis": Attr("quantity", None, "what the rate applies to (250 MW, 200000 ports)"),
            "quantity": NUM,
            "unit_price": Q("USD"),
            "recurring": BOOL,
            "per_year": Q("USD/year"),
            "unit": Attr("string", doc='what `quantity` counts, for the BOM ("port", "licence")'),
            "fabric": Attr(
                "ref", ref_kind="fabric", doc="the fabric this line budgets (its parts: unpriced)"
            ),
            "confidence": E(*CONFIDENCE, doc="how sure the figure is"),
            "description": STR,
            "source": STR,
        },
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
