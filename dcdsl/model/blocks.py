"""The typed blocks of an elaborated design: each block kind with its own attributes.

Every attribute is a field declared with ``spec(...)``: its type, its canonical unit (in the
field's metadata; the value is a float in that unit) and its meaning. The language's schema
(``dcdsl.elaborate.schema``) reads its attribute tables from these classes, so adding an
attribute is one field here. ``None`` means "not set in the design".
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import attrs

from dcdsl.diagnostics import Span
from dcdsl.model.attributes import (
    BOOL,
    CONFIDENCE,
    COOLING_REF,
    COOLING_TIERS,
    COST_CATEGORIES,
    FRACTION,
    INT,
    NUM,
    OPEX_CATEGORIES,
    PART,
    POWER_REFS,
    STR,
    Attr,
    E,
    Q,
    block_attrs,
    spec,
    spec_values,
)
from dcdsl.model.parts import NO_SPECS, Part, PartSpecs, PartUse, Ratio, Redundancy, overlay
from dcdsl.syntax import tree as syntax
from dcdsl.units import Quantity


@attrs.define(eq=False)
class Design:
    name: str
    span: Span | None
    electricity: float | None = spec(Q("USD/kWh", "energy tariff"))
    pue_target: float | None = spec(NUM)
    pue: float | None = spec(
        Attr(
            "number",
            doc="assumed PUE: facility power = IT × pue, an input instead of the plant's result",
        )
    )
    load_factor: float | None = spec(FRACTION)
    power_basis: str | None = spec(
        E("max", "typical", doc="rack load from maximum or typical draw")
    )
    power_factor: float | None = spec(NUM)
    years: float | None = spec(NUM)
    discount_rate: float | None = spec(FRACTION)
    maintenance_rate: float | None = spec(FRACTION)
    staff_cost: float | None = spec(Q("USD/year"))
    other_load: float | None = spec(Q("kW", "lighting, offices and other non-IT, non-cooling load"))
    other_load_fraction: float | None = spec(FRACTION)
    wue: float | None = spec(Q("L/kWh", "water per IT kWh"))
    water_reduction: float | None = spec(FRACTION)
    cloud: Part | None = spec(PART)
    cloud_price_on_demand: float | None = spec(
        Q("USD/month", "cloud price per node-month, on demand")
    )
    cloud_price_reserved: float | None = spec(
        Q("USD/month", "cloud price per node-month, reserved")
    )
    owned_cost_per_node_month: float | None = spec(Q("USD/month"))
    tier: int | None = spec(Attr("int", doc="the Uptime tier (1–4) the design claims; checked"))
    standard: str | None = spec(
        E("ANSI", "IEC", doc="electrical standard: rating series, citations")
    )
    rating_basis: str | None = spec(
        E(
            "max",
            "typical",
            doc="load that ratings are checked at (default max; typical is an opt-in derating)",
        )
    )
    design_margin: float | None = spec(
        Attr("number", doc="owner's loading margin on transformers and UPS (default 80 %)")
    )
    site: str | None = spec(STR)
    description: str | None = spec(STR)
    ambient: float | None = spec(
        Q("degC", "design outdoor dry-bulb (e.g. ASHRAE 0.4 % cooling): compressor COP at site")
    )
    wet_bulb: float | None = spec(
        Q("degC", "design outdoor wet-bulb: COP of compressors on cooling-tower water")
    )
    ambient_min: float | None = spec(
        Q("degC", "winter design dry-bulb (e.g. ASHRAE 99.6 %): the year's climate bins")
    )


@attrs.define(eq=False)
class RackSpec:
    """Attributes of a rack type, and of racks placed from it (which may override them)."""

    height: float | None = spec(Q("U", "usable rack units"))
    cooling: CoolingLoop | str | None = spec(COOLING_REF)
    power: PowerNode | list[PowerNode] | None = spec(POWER_REFS)
    enclosure: Part | None = spec(PART)
    weight_limit: float | None = spec(Q("kg"))
    density_limit: float | None = spec(Q("kW", "override the cooling tier's rack-density limit"))
    load_factor: float | None = spec(FRACTION)
    pdu_redundancy: Redundancy | None = spec(
        Attr(
            "redundancy",
            doc="how the rack PDUs back each other up: N+1 (any one may fail, the rest carry the "
            "rack) or 2N (each half carries it); default: each feed carries the whole rack",
        )
    )
    width: float | None = spec(
        Q("m", "rack footprint across the row (default: the enclosure's, else 0.6 m)")
    )
    depth: float | None = spec(
        Q("m", "rack footprint front to back (default: the enclosure's, else 1.2 m)")
    )
    description: str | None = spec(STR)


@attrs.define(eq=False)
class RackType(RackSpec):
    name: str = attrs.field(kw_only=True)
    contents: list[PartUse] = attrs.field(kw_only=True)
    span: Span | None = attrs.field(kw_only=True)
    inline: bool = attrs.field(default=False, kw_only=True)  # written inside a `rack` block


@attrs.define(eq=False)
class RackGroup(RackSpec):
    """`count` racks of one type in one row, with names `names[i]` (generated, not stored).

    Its attributes are the effective ones: set on the rack, else on its rack type, else (power
    and cooling) on its row or hall. ``overrides`` names those set at the rack, row or hall.
    """

    rack_type: RackType = attrs.field(kw_only=True)
    count: int = attrs.field(kw_only=True)
    span: Span | None = attrs.field(kw_only=True)
    name_prefix: str = attrs.field(kw_only=True)
    first_index: int = attrs.field(default=1, kw_only=True)
    explicit_names: tuple[str, ...] = attrs.field(default=(), kw_only=True)  # "r01".."r16"
    hall: Hall | None = attrs.field(default=None, repr=False, kw_only=True)
    row: Row | None = attrs.field(default=None, repr=False, kw_only=True)
    contents: list[PartUse] = attrs.field(factory=list, kw_only=True)  # added at the instance
    overrides: frozenset[str] = attrs.field(default=frozenset(), kw_only=True)

    def name(self, index: int) -> str:
        if self.explicit_names:
            return self.explicit_names[index]
        return f"{self.name_prefix}{self.first_index + index:02d}"

    @property
    def names_summary(self) -> str:
        if self.count == 1:
            return self.name(0)
        return f"{self.name(0)}..{self.name(self.count - 1)}"

    def all_contents(self) -> list[PartUse]:
        return [*self.rack_type.contents, *self.contents]


@attrs.define(eq=False)
class Row:
    name: str
    racks: list[RackGroup]
    span: Span | None
    hall: Hall | None = attrs.field(default=None, repr=False)
    # As written (unresolved names): the racks of the row inherit them, resolved.
    cooling: object = spec(COOLING_REF)
    power: object = spec(POWER_REFS)
    position: float | None = spec(
        Q("m", "the row's front line from the hall's first row (default: pitch)")
    )
    offset: float | None = spec(
        Q("m", "the row's first rack from the hall's left wall (default 0 m)")
    )
    facing: str | None = spec(
        E("south", "north", doc="where rack fronts face; rows alternate if unset")
    )
    description: str | None = spec(STR)


@attrs.define(eq=False)
class Hall:
    name: str
    rows: list[Row]
    span: Span | None
    # As written (unresolved names): the racks of the hall inherit them, resolved.
    cooling: object = spec(COOLING_REF)
    power: object = spec(POWER_REFS)
    area: float | None = spec(Q("m^2"))
    width: float | None = spec(Q("m"))
    length: float | None = spec(Q("m"))
    row_pitch: float | None = spec(
        Q("m", "front line to front line of adjacent rows (default 2.4 m)")
    )
    tray_height: float | None = spec(Q("m", "cable tray above the rack tops (default 0.5 m)"))
    cable_slack: float | None = spec(FRACTION)
    description: str | None = spec(STR)

    def rack_groups(self) -> Iterator[RackGroup]:
        for row in self.rows:
            yield from row.racks


# --- power ------------------------------------------------------------------------------------


@attrs.define(eq=False)
class PowerNode:
    """A group of identical power units: `count` × part, with a redundancy, fed from upstream.

    One subclass per element kind, each with its own attributes; ``kind`` names it.
    """

    name: str
    kind: str  # utility, generator, switchgear, transformer, switchboard, ups, pdu, rpp, busway
    chain: str
    part: Part | None
    count: int
    redundancy: Redundancy
    span: Span | None
    feeds_from: list[PowerNode] = attrs.field(factory=list, repr=False)
    voltage: float | None = spec(Q("V"))
    power_factor: float | None = spec(NUM)
    side: str | None = spec(E("A", "B", doc="which side of an A/B pair this element is"), "path")
    placement: str | None = spec(
        E(
            "row_end",
            "perimeter",
            "outside",
            doc="where the floor plan draws it (RPP, busway: row_end; PDU: perimeter; else outside)",
        )
    )
    description: str | None = spec(STR)
    _own_specs: PartSpecs | None = attrs.field(default=None, init=False, repr=False)
    _specs: PartSpecs | None = attrs.field(default=None, init=False, repr=False)

    @property
    def path(self) -> str:
        return f"{self.chain}.{self.name}"

    @property
    def own_specs(self) -> PartSpecs:
        """The element's own attributes that are also part specs (`rating`, `voltage`, …)."""
        if self._own_specs is None:
            names = _part_spec_names()
            self._own_specs = PartSpecs(
                **{k: v for k, v in spec_values(self).items() if k in names}
            )
        return self._own_specs

    @property
    def specs(self) -> PartSpecs:
        """What holds for one unit: the element's own attributes over its part's specs (what
        is set on the element wins over the catalogue). Computed on first read: the model does
        not change after elaboration."""
        if self._specs is None:
            under = self.part.specs if self.part is not None else NO_SPECS
            self._specs = overlay(self.own_specs, under)
        return self._specs


@functools.cache
def _part_spec_names() -> frozenset[str]:
    return frozenset(block_attrs(PartSpecs))


@attrs.define(eq=False)
class Utility(PowerNode):
    capacity: float | None = spec(Q("kW", "utility service capacity"))
    fault_current: float | None = spec(Q("kA", "a utility's available three-phase fault current"))
    fault_level: float | None = spec(
        Q("MVA", "a utility's short-circuit power S''kQ at its terminals (or `fault_current`)")
    )
    x_r: float | None = spec(
        Attr("number", doc="X/R of the utility's source impedance (default 10, IEC 60909-0 §6.2)")
    )


@attrs.define(eq=False)
class RatedElement(PowerNode):
    """An element with a nameplate rating: everything downstream of the utility."""

    rating: float | None = spec(Q("kVA", "apparent-power rating per unit"))
    rating_kw: float | None = spec(Q("kW", "real-power rating per unit"))
    current: float | None = spec(Q("A", "rated current per unit"))
    efficiency: float | None = spec(FRACTION)
    listed_100: bool | None = spec(
        Attr("bool", doc="listed for 100 % continuous load (no 80 % derating)")
    )
    interrupting: float | None = spec(
        Q("kA", "interrupting (short-circuit breaking) rating of its breakers")
    )
    making: float | None = spec(
        Q("kA", "rated short-circuit making capacity (peak) of its breakers")
    )
    cable_length: float | None = spec(Q("m", "length of the feeder from the bus that feeds it"))
    cable_size: float | None = spec(Q("mm^2", "conductor cross-section per phase of one run"))
    cable_runs: int | None = spec(Attr("int", doc="parallel runs (sets) of the feeder (1)"))
    cable_material: str | None = spec(
        E("copper", "aluminium", doc="the feeder's conductor (copper)")
    )
    motor_load: float | None = spec(
        Q("kW", "rated power of the motors on its output bus, per unit (fault contribution)")
    )
    cooling_plant: bool | None = spec(
        Attr("bool", doc="its output bus feeds the cooling plant's motors (fault contribution)")
    )


@attrs.define(eq=False)
class Generator(RatedElement):
    capacity: float | None = spec(Q("kW", "generator capacity per unit (or `rating_kw`)"))
    reactance: float | None = spec(
        Attr("number", doc="a generator's subtransient reactance X''d (0.15 = 15 %)")
    )
    rating_class: str | None = spec(
        E(
            "continuous",
            "prime",
            "limited",
            "standby",
            "data_center",
            doc="a generator's ISO 8528-1 rating class (COP, PRP, LTP, ESP, DCP)",
        )
    )
    fuel_hours: float | None = spec(Q("hour", "a generator's on-site fuel autonomy at full load"))
    start_time: float | None = spec(
        Q("s", "a generator's time from start signal to accepting load")
    )


@attrs.define(eq=False)
class Ats(RatedElement):
    """An automatic transfer switch."""

    transfer_time: float | None = spec(Q("s", "a transfer switch's operating time"))


@attrs.define(eq=False)
class TransformingElement(RatedElement):
    """An element with a transformer inside: a transformer, or a PDU that steps voltage down."""

    primary_voltage: float | None = spec(Q("V"))
    secondary_voltage: float | None = spec(Q("V", "the transformer's output voltage"))
    no_load_loss: float | None = spec(Q("kW", "per unit, the transformer's core loss"))
    load_loss: float | None = spec(
        Q("kW", "per unit at rated load, the transformer's winding loss")
    )
    impedance: float | None = spec(
        Attr("number", doc="the transformer's short-circuit impedance (5.75 %)")
    )
    x_r: float | None = spec(Attr("number", doc="the transformer's X/R (or `load_loss`)"))


@attrs.define(eq=False)
class Transformer(TransformingElement):
    pass


@attrs.define(eq=False)
class Switchgear(RatedElement):
    pass


@attrs.define(eq=False)
class Switchboard(RatedElement):
    pass


@attrs.define(eq=False)
class Ups(RatedElement):
    runtime: float | None = spec(Q("min", "UPS battery autonomy at rated load"))


@attrs.define(eq=False)
class Pdu(TransformingElement):
    pass


@attrs.define(eq=False)
class Rpp(RatedElement):
    pass


@attrs.define(eq=False)
class Busway(RatedElement):
    pass


POWER_NODE_CLASSES: dict[str, type[PowerNode]] = {
    "utility": Utility,
    "generator": Generator,
    "ats": Ats,
    "switchgear": Switchgear,
    "transformer": Transformer,
    "switchboard": Switchboard,
    "ups": Ups,
    "pdu": Pdu,
    "rpp": Rpp,
    "busway": Busway,
}


@attrs.define(eq=False)
class PowerChain:
    name: str
    nodes: list[PowerNode]
    span: Span | None
    description: str | None = spec(STR)
    power_factor: float | None = spec(NUM)

    def node(self, name: str) -> PowerNode | None:
        return next((n for n in self.nodes if n.name == name), None)


# --- cooling ----------------------------------------------------------------------------------


@attrs.define(eq=False)
class CoolingLoop:
    name: str
    units: list[PartUse]  # CDUs, RDHx, CRAHs, chillers, towers with counts
    redundancy: Redundancy
    span: Span | None
    tier: str | None = spec(E(*COOLING_TIERS))
    supply: float | None = spec(Q("degC", "supply temperature"))
    return_: float | None = spec(Q("degC", "return temperature"), "return")
    delta_t: float | None = spec(Q("K", "supply–return difference", delta=True))
    air_class: str | None = spec(E("A1", "A2", "A3", "A4", "H1"))
    liquid_class: str | None = spec(E("W17", "W27", "W32", "W40", "W45", "W+"))
    facility_supply: float | None = spec(Q("degC", "facility water supply temperature"))
    air_supply: float | None = spec(Q("degC", "air inlet temperature at the racks (liquid tiers)"))
    coolant: str | None = spec(
        E("water", "pg25", doc="loop coolant (sets c_p and density for flow)")
    )
    heat_rejection: str | None = spec(E("evaporative", "dry", "closed_loop", "chiller"))
    water_use: float | None = spec(Q("L/kWh"))
    cop: float | None = spec(NUM)
    economiser: bool | None = spec(
        Attr("bool", doc="free cooling: compressors off when the outdoor sink is cold enough")
    )
    residual_to_air: float | None = spec(FRACTION)
    density_limit: float | None = spec(Q("kW"))
    density_warn: float | None = spec(Q("kW"))
    fan_power: float | None = spec(Q("kW"))
    pump_power: float | None = spec(Q("kW"))
    placement: str | None = spec(
        E(
            "row_end",
            "perimeter",
            "outside",
            doc="where the floor plan draws the units (CDU: row_end; CRAH: perimeter; "
            "plant: outside)",
        )
    )
    description: str | None = spec(STR)

    @property
    def cooling_tier(self) -> str:
        return self.tier or "air"


# --- network, storage, workloads, cost --------------------------------------------------------


@attrs.frozen
class Selector:
    """`H1.gpus`, `H1.A.nodes`, `gpus`: a count taken from part of the model after elaboration."""

    scope: Hall | Row | None = attrs.field(repr=False)  # None: the whole design
    what: str  # gpus, nodes, racks, …
    text: str


@attrs.define(eq=False)
class Fabric:
    name: str
    span: Span | None
    kind: str | None = spec(
        E(
            "compute",
            "storage",
            "inband",
            "oob",
            "nvlink",
            doc="nvlink: the servers' NVLink domains (no switches or cables outside racks)",
        )
    )
    topology: str | None = spec(E("leaf_spine", "fat_tree", "rail_optimized"))
    endpoints: Selector | int | None = spec(Attr("selector", doc="`H1.gpus`, `gpus`, or a count"))
    switch: Part | None = spec(PART)
    leaf_switch: Part | None = spec(PART)
    spine_switch: Part | None = spec(PART)
    core_switch: Part | None = spec(PART)
    nic: Part | None = spec(PART)
    nic_speed: float | None = spec(Q("Gb/s"))
    oversubscription: Ratio | None = spec(Attr("ratio"))
    oversubscription_target: Ratio | None = spec(
        Attr("ratio", doc="highest down:up the design accepts (compute fabrics: 1:1)")
    )
    planes: int | None = spec(INT)
    rails: int | None = spec(INT)
    nodes_per_su: int | None = spec(INT)
    reserved_nodes: int | None = spec(INT)
    ufm: int | None = spec(INT)
    other_ports: int | None = spec(
        Attr("int", doc="leaf ports for devices the design does not place (NFS user storage)")
    )
    target_ports: int | None = spec(
        Attr(
            "int",
            doc="ports toward storage systems the design does not place, on leaves of their own "
            "at 1:1 (placed storage systems add their `storage_ports`)",
        )
    )
    target_leaves: int | None = spec(
        Attr("int", doc="leaves for the `target_ports`, at least (default: the fewest at 1:1)")
    )
    leaves: int | None = spec(
        Attr("int", doc="leaves for the nodes, at least (default: the fewest their ports need)")
    )
    uplinks_in_use: bool | None = spec(
        Attr("bool", doc="a leaf's uplinks serve the node ports it carries at the ratio, not all")
    )
    leaf_pairs: bool | None = spec(
        Attr("bool", doc="leaves in MLAG pairs: an even count, `isl` cables per pair")
    )
    isl: int | None = spec(Attr("int", doc="inter-switch links per leaf pair"))
    leaf_uplinks: int | None = spec(Attr("int", doc="uplinks per leaf (else from the ratio)"))
    uplinks: int | None = spec(
        Attr("int", doc="links from each top-tier switch out of the fabric (site core, in-band)")
    )
    uplink_speed: float | None = spec(Q("Gb/s", "speed of those uplinks (default: port speed)"))
    tiers: int | None = spec(INT)
    medium: str | None = spec(
        E(
            "optical",
            "multimode",
            "singlemode",
            "dac",
            "acc",
            "aoc",
            "copper",
            "mixed",
            doc="per link by length: mixed = DAC, ACC, multimode, single-mode; optical = "
            "multimode, then single-mode; one medium otherwise (default: by kind and speed)",
        )
    )
    node_transceiver: Part | None = spec(PART)
    switch_transceiver: Part | None = spec(PART)
    cable: Part | None = spec(PART)
    singlemode_transceiver: Part | None = spec(
        Attr("part", doc="switch-side module of the links past multimode reach (DR4, FR4)")
    )
    singlemode_node_transceiver: Part | None = spec(
        Attr("part", doc="node-side module of the links past multimode reach")
    )
    price_per_port: float | None = spec(
        Q("USD", "all-in price per switch port (as a budget figure)")
    )
    ports: int | None = spec(INT)
    dac_reach: float | None = spec(Q("m", "longest passive copper link (default 3 m)"))
    acc_reach: float | None = spec(Q("m", "longest active copper link (default 5 m)"))
    optical_reach: float | None = spec(
        Q("m", "longest multimode link (default 50 m SR4; 100 m at 100G)")
    )
    singlemode_reach: float | None = spec(Q("m", "longest single-mode link (default 500 m, DR4)"))
    dac_cable: Part | None = spec(Attr("part", doc="the part that prices DAC links"))
    acc_cable: Part | None = spec(Attr("part", doc="the part that prices active copper links"))
    aoc_cable: Part | None = spec(
        Attr("part", doc="the part that prices active optical cables (storage-side splitters)")
    )
    singlemode_cable: Part | None = spec(
        Attr("part", doc="the part that prices single-mode fibre links")
    )
    switch_position: str | None = spec(
        E(
            "end_of_row",
            "middle_of_row",
            doc="where the switches stand when no rack holds them (default end_of_row)",
        )
    )
    description: str | None = spec(STR)

    def medium_cable(self, medium: str) -> Part | None:
        """The part the fabric names for the links of one medium (`dac_cable`, …), if any.
        A new `<medium>_cable` attribute goes here too (tests/test_model.py checks)."""
        return {
            "dac": self.dac_cable,
            "acc": self.acc_cable,
            "aoc": self.aoc_cable,
            "singlemode": self.singlemode_cable,
        }.get(medium)


@attrs.define(eq=False)
class Storage:
    name: str
    span: Span | None
    part: Part | None = spec(PART)
    count: int | None = spec(INT)
    capacity: float | None = spec(Q("TB"))
    read: float | None = spec(Q("GB/s"))
    write: float | None = spec(Q("GB/s"))
    price: float | None = spec(Q("USD/GB", "price per GB of capacity"))
    power: float | None = spec(Q("kW"))
    tier: str | None = spec(STR)
    description: str | None = spec(STR)


@attrs.define(eq=False)
class Workload:
    name: str
    span: Span | None
    params: float | None = spec(NUM)
    bytes_per_param: float | None = spec(NUM)
    checkpoint_every: float | None = spec(Q("s", "checkpoint interval"))
    checkpoint_window: float | None = spec(Q("s", "time a checkpoint write may take"))
    gpus: int | None = spec(INT)
    allreduce_bytes_per_param: float | None = spec(NUM)
    storage: str | None = spec(
        Attr("ref", ref_kind="storage", doc="the storage it writes checkpoints to (default: all)")
    )
    checkpoints_retained: int | None = spec(
        Attr("int", doc="checkpoints kept on the storage at once (default 2)")
    )
    checkpoint_overhead_max: float | None = spec(
        Attr(
            "number",
            doc="share of the checkpoint interval a write may stall training (default 10 %)",
        )
    )
    read_per_gpu: float | None = spec(Q("GB/s", "data-pipeline read bandwidth each GPU needs"))
    shard_over: int | None = spec(
        Attr("int", doc="GPUs the training state is sharded over (default: all; ZeRO-3/FSDP)")
    )
    memory_headroom: float | None = spec(
        Attr("number", doc="share of GPU memory the training state may fill (default 80 %)")
    )
    description: str | None = spec(STR)


@attrs.define(eq=False)
class CostLine:
    """A design's own cost line: `cost "construction" { category = facility  rate = … }`."""

    name: str
    span: Span | None
    category: str | None = spec(
        E(
            *COST_CATEGORIES,
            *OPEX_CATEGORIES,
            doc="capex category, or an opex one (energy, maintenance, staff): recurring",
        )
    )
    amount: float | None = spec(Q("USD"))
    rate: Quantity | None = spec(
        Attr("quantity", None, "a price per unit of `basis` (USD/MW, USD/port, …)")
    )
    basis: Quantity | None = spec(
        Attr("quantity", None, "what the rate applies to (250 MW, 200000 ports)")
    )
    quantity: float | None = spec(NUM)
    unit_price: float | None = spec(Q("USD"))
    recurring: bool | None = spec(BOOL)
    per_year: float | None = spec(Q("USD/year"))
    unit: str | None = spec(
        Attr("string", doc='what `quantity` counts, for the BOM ("port", "licence")')
    )
    fabric: str | None = spec(
        Attr("ref", ref_kind="fabric", doc="the fabric this line budgets (its parts: unpriced)")
    )
    confidence: str | None = spec(E(*CONFIDENCE, doc="how sure the figure is"))
    description: str | None = spec(STR)
    source: str | None = spec(STR)


@attrs.define(eq=False)
class Requirement:
    """`require <expr>`: evaluated after analysis against the computed results."""

    expr: syntax.Expr
    reason: str | None
    span: Span


@attrs.define(eq=False)
class Allowance:
    """`allow RULE because "…"`: suppresses the rule inside ``scope`` (None: whole design)."""

    rule_ids: tuple[str, ...]
    reason: str
    span: Span
    scope: Span | None
