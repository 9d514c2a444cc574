"""Parts and the small value types of the model: ratios, redundancy, parts and their uses.

A part's specs are a typed block like the others (``PartSpecs``: each spec a field declared with
its type, canonical unit and meaning), so analyses read ``use.specs.power_max``, never a spec by
its name. ``Part.own`` holds what a part's block sets; ``Part.specs`` what holds for it (its
own over those of the part it ``extends``); ``PartUse.specs`` adds what one use states (one
object shared by the uses that state the same, see ``Part.overlaid``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from dcdsl.diagnostics import SourceFile, Span
from dcdsl.model.attributes import (
    BOOL,
    CONFIDENCE,
    COOLING_TIERS,
    FRACTION,
    INT,
    NUM,
    STR,
    Attr,
    E,
    Q,
    spec,
)

Value = Any  # an attribute's value as the elaborator stores it (dumps, hover, `--set`)


@attrs.frozen
class Ratio:
    """Oversubscription and similar down:up ratios."""

    down: float
    up: float

    @property
    def value(self) -> float:
        return self.down / self.up

    def __str__(self) -> str:
        return f"{_num(self.down)}:{_num(self.up)}"


@attrs.frozen
class Redundancy:
    """N (paths=1, spares=0), N+k (1, k), 2N (2, 0), 2(N+k) (2, k: k spares in each path),
    2N+k (2, 0, shared=k: two full paths plus k units shared by both)."""

    paths: int = 1
    spares: int = 0
    shared: int = 0

    def __str__(self) -> str:
        inner = "N" if self.spares == 0 else f"N+{self.spares}"
        if self.paths == 1:
            return inner
        text = f"{self.paths}N" if self.spares == 0 else f"{self.paths}({inner})"
        return f"{text}+{self.shared}" if self.shared else text

    def units_needed(self, n: int) -> int:
        """Units to install when N units carry the load."""
        return self.paths * (n + self.spares) + self.shared


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@attrs.frozen
class PartSpecs:
    """The specs a part may state (any kind may carry any of them), each in its canonical unit;
    None: not stated."""

    # commercial: what it is, who sells it, at what price and how sure
    description: str | None = spec(STR)
    vendor: str | None = spec(STR)
    model: str | None = spec(STR)
    part_number: str | None = spec(
        Attr("string", doc="the manufacturer's part number (MPN), for purchase orders")
    )
    price: float | None = spec(Q("USD", "unit price"))
    price_basis: str | None = spec(STR)
    price_date: str | None = spec(
        Attr("string", doc="when the price was quoted or listed (ISO date: 2026-01-17)")
    )
    lead_time: float | None = spec(Q("week", "time from order to delivery, where known"))
    source: str | None = spec(STR)
    source_date: str | None = spec(
        Attr(
            "string",
            doc="date of the cited source (ISO: 2023-09-22), or when it states none, the date "
            "the figure was recorded",
        )
    )
    confidence: str | None = spec(
        E(*CONFIDENCE, doc="how sure the figures are (primary, secondary, estimate, derived)")
    )
    price_confidence: str | None = spec(
        E(*CONFIDENCE, doc="how sure the price is; `confidence` when unset")
    )
    standard: str | None = spec(
        Attr("string", doc="the standard a rating follows (ANSI C57.12, IEC 60076, …)")
    )
    note: str | None = spec(STR)
    # physical
    height: float | None = spec(Q("U", "rack units occupied"))
    position: float | None = spec(
        Q("U", "lowest rack unit a device occupies (1 = bottom); copies stack upward")
    )
    width: float | None = spec(Q("m", "footprint width (an enclosure: across the row)"))
    depth: float | None = spec(Q("m", "footprint depth (an enclosure: front to back)"))
    weight: float | None = spec(Q("kg"))
    load_rating: float | None = spec(Q("kg", "static load an enclosure is rated to carry"))
    power_max: float | None = spec(Q("kW", "maximum electrical draw"))
    power_typical: float | None = spec(Q("kW", "typical draw under load"))
    power_includes_optics: bool | None = spec(
        Attr(
            "bool",
            doc="a switch's power_max already includes its cage modules (max with active cables)",
        )
    )
    heat_to_liquid: float | None = spec(FRACTION)
    # compute
    gpus: int | None = spec(INT)
    nodes: int | None = spec(
        Attr("int", doc="compute nodes inside one part (GB200 NVL72: 18 trays); 1 if unset")
    )
    gpu: Part | None = spec(Attr("part", doc="the GPU part in a server"))
    gpu_memory: float | None = spec(Q("GB"))
    gpu_power: float | None = spec(Q("kW"))
    price_per_gpu_slot: float | None = spec(Q("USD"))
    price_includes_gpus: bool | None = spec(BOOL)
    cpus: int | None = spec(INT)
    memory: float | None = spec(Q("GB"))
    memory_bandwidth: float | None = spec(Q("GB/s"))
    nics: int | None = spec(INT)
    nic: Part | None = spec(Attr("part", doc="the NIC part on the compute fabric"))
    nic_speed: float | None = spec(Q("Gb/s"))
    storage_ports: int | None = spec(INT)
    inband_ports: int | None = spec(INT)
    mgmt_ports: int | None = spec(INT)
    node_transceivers: int | None = spec(INT)
    nvlink_domain: int | None = spec(
        Attr("int", doc="GPUs in one NVLink domain (NVL72: 72); default the part's")
    )
    nvlink_links: int | None = spec(Attr("int", doc="NVLink links per GPU (NVLink 5: 18)"))
    nvlink_switch_trays: int | None = spec(Attr("int", doc="NVLink switch trays per domain"))
    nvlink_switch_chips: int | None = spec(Attr("int", doc="NVLink switch chips per domain"))
    nvlink_switch_ports: int | None = spec(Attr("int", doc="NVLink ports per switch chip"))
    nvlink_bandwidth: float | None = spec(Q("GB/s", "NVLink bandwidth per GPU"))
    psus: int | None = spec(INT)
    psu_rating: float | None = spec(Q("kW"))
    psu_redundancy: Redundancy | None = spec(Attr("redundancy"))
    tdp: float | None = spec(Q("kW"))
    fp8_tflops: float | None = spec(NUM)
    fp8_tflops_sparse: float | None = spec(NUM)
    fp4_tflops: float | None = spec(NUM)
    bf16_tflops: float | None = spec(NUM)
    cooling: str | None = spec(E(*COOLING_TIERS, "air_or_liquid", doc="cooling the part needs"))
    # network
    ports: int | None = spec(INT)
    port_speed: float | None = spec(Q("Gb/s"))
    cages: int | None = spec(INT)
    uplinks: int | None = spec(
        Attr("int", doc="a switch's uplink ports besides `ports` (SN2201: 4 × 100GbE)")
    )
    uplink_speed: float | None = spec(Q("Gb/s", "speed of those uplink ports"))
    port_names: str | None = spec(
        Attr(
            "string",
            doc="a switch's interface names by position, a pattern of {port}, {cage} and "
            '{lane} (QM9700: "IB1/{cage}/{lane}"; Cumulus: "swp{port}")',
        )
    )
    mgmt_port: str | None = spec(Attr("string", doc='its management port\'s name ("mgmt0")'))
    lanes: int | None = spec(INT)
    medium: str | None = spec(
        E(
            "optical",
            "multimode",
            "singlemode",
            "dac",
            "acc",
            "aoc",
            "copper",
            "fiber",
            doc="a transceiver's fibre (multimode SR, single-mode DR/FR) or a cable's medium",
        )
    )
    reach: float | None = spec(Q("m"))
    length: float | None = spec(Q("m"))
    connector: str | None = spec(STR)
    fibers: int | None = spec(INT)
    # electrical
    voltage: float | None = spec(Q("V"))
    primary_voltage: float | None = spec(Q("V"))
    secondary_voltage: float | None = spec(Q("V"))
    current: float | None = spec(Q("A", "breaker or rated current"))
    phases: int | None = spec(INT)
    power_factor: float | None = spec(NUM)
    rating: float | None = spec(Q("kVA", "apparent-power rating"))
    rating_kw: float | None = spec(Q("kW", "real-power rating"))
    efficiency: float | None = spec(FRACTION)
    efficiency_25: float | None = spec(
        Attr("number", doc="efficiency at 25 % of rated load (part-load curve)")
    )
    efficiency_50: float | None = spec(Attr("number", doc="efficiency at 50 % of rated load"))
    efficiency_75: float | None = spec(Attr("number", doc="efficiency at 75 % of rated load"))
    no_load_loss: float | None = spec(Q("kW"))
    load_loss: float | None = spec(Q("kW"))
    listed_100: bool | None = spec(
        Attr("bool", doc="listed for 100 % continuous load (no 80 % derating)")
    )
    outlets: int | None = spec(INT)
    runtime: float | None = spec(Q("min", "UPS battery autonomy at rated load"))
    interrupting: float | None = spec(
        Q("kA", "interrupting (short-circuit breaking) rating of its breakers")
    )
    impedance: float | None = spec(
        Attr("number", doc="a transformer's short-circuit impedance (5.75 %)")
    )
    x_r: float | None = spec(Attr("number", doc="a transformer's X/R (or `load_loss`)"))
    making: float | None = spec(
        Q("kA", "rated short-circuit making capacity (peak) of its breakers")
    )
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
    transfer_time: float | None = spec(Q("s", "a transfer switch's operating time"))
    # cooling
    capacity: float | None = spec(Q("kW", "heat removed at the stated conditions"))
    approach: float | None = spec(
        Q("K", "approach temperature difference at the rated capacity", delta=True)
    )
    flow: float | None = spec(Q("L/min"))
    airflow: float | None = spec(Q("m^3/h"))
    cop: float | None = spec(
        Attr("number", doc="coefficient of performance at the design's conditions: heat / power")
    )
    fan_power: float | None = spec(
        Q("kW", "a DX unit's fan draw per unit, beside its compressor's heat / COP")
    )
    min_speed: float | None = spec(
        Attr(
            "number",
            doc="a fan's or pump's lowest speed as a fraction of full speed (affinity-law floor; "
            "1 for a fixed-speed unit)",
        )
    )
    redundancy: Redundancy | None = spec(
        Attr("redundancy", doc="a cooling unit group's own redundancy in its loop")
    )
    water_use: float | None = spec(Q("L/kWh", "water per kWh of heat rejected"))
    coolant: str | None = spec(STR)
    # storage
    raw_capacity: float | None = spec(Q("TB"))
    usable_capacity: float | None = spec(Q("TB"))
    read: float | None = spec(Q("GB/s"))
    write: float | None = spec(Q("GB/s"))
    price_per_capacity: float | None = spec(Q("USD/GB"))
    # cloud
    price_on_demand: float | None = spec(Q("USD/hour"))
    price_reserved: float | None = spec(Q("USD/hour"))
    term: float | None = spec(Q("year"))
    region: str | None = spec(STR)


@attrs.frozen
class UseSpecs(PartSpecs):
    """What a use of a part may set: the part's specs as overrides, and where it sits."""

    serial: str | None = spec(STR)
    asset_tag: str | None = spec(STR)


NO_SPECS = PartSpecs()
NO_USE_SPECS = UseSpecs()
# What a use states about itself rather than about its part: never in ``PartUse.specs``.
_PLACEMENT = frozenset(f.name for f in attrs.fields(UseSpecs)) - {
    f.name for f in attrs.fields(PartSpecs)
}
_SPEC_FIELDS = tuple(f.name for f in attrs.fields(PartSpecs))


def stated(specs: PartSpecs) -> dict[str, Value]:
    """The part specs ``specs`` states (not None), by name."""
    return {name: value for name in _SPEC_FIELDS if (value := getattr(specs, name)) is not None}


def overlay(top: PartSpecs | dict[str, Value], under: PartSpecs) -> PartSpecs:
    """``under`` with every spec that ``top`` states put over it (a PartSpecs: a use's own
    fields, serial and asset tag, stay with the use)."""
    values = stated(top) if isinstance(top, PartSpecs) else top
    if not values:
        return under
    # attrs.evolve, without its per-field bookkeeping: a flattened design overlays once a
    # device, over a hundred fields each (no field has a converter or validator).
    cls = type(under)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls))
    merged = object.__new__(cls)
    for name in names:
        object.__setattr__(merged, name, values[name] if name in values else getattr(under, name))
    return merged


_FIELDS: dict[type, tuple[str, ...]] = {}


@attrs.define(eq=False)
class Part:
    """A catalogue or design part: a kind, its specs in canonical units, price and source."""

    name: str
    kind: str
    own: PartSpecs  # as its block sets them (and a price book's price)
    span: Span | None = None
    base: Part | None = None  # `extends = other_part`
    price_origin: str = "catalogue"  # or the price book that set the price
    # What holds for the part: its own specs over its base's (see refresh).
    specs: PartSpecs = attrs.field(init=False, repr=False)
    # The specs of its uses that state specs, one object per set of stated specs (see overlaid).
    _overlays: dict[tuple[tuple[str, Value], ...], PartSpecs] = attrs.field(
        init=False, factory=dict, repr=False
    )

    def __attrs_post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute ``specs`` (after a price book changed this part or a base of it)."""
        self.specs = overlay(self.own, self.base.specs if self.base is not None else NO_SPECS)
        self._overlays.clear()

    def overlaid(self, stated_specs: tuple[tuple[str, Value], ...]) -> PartSpecs:
        """The part's specs with ``stated_specs`` (name, value pairs sorted by name) over them,
        one shared object for every use that states the same: a flattened design has thousands
        of devices per part but few distinct sets of stated specs (positions repeat per rack)."""
        if not stated_specs:
            return self.specs
        try:
            found = self._overlays.get(stated_specs)
        except TypeError:  # a value that cannot be hashed: this use's own object
            return overlay(dict(stated_specs), self.specs)
        if found is None:
            found = self._overlays[stated_specs] = overlay(dict(stated_specs), self.specs)
        return found

    def set_price(self, price: float, origin: str) -> None:
        """A price book's price: the design owner's quote (price_confidence = primary)."""
        self.own = attrs.evolve(self.own, price=price, price_confidence="primary")
        self.price_origin = origin
        self.refresh()

    def stated_by(self, spec: Callable[[PartSpecs], object]) -> Part | None:
        """The part in the `extends` chain whose own block states ``spec`` (None: none does)."""
        owner: Part | None = self
        while owner is not None and spec(owner.own) is None:
            owner = owner.base
        return owner

    @property
    def description(self) -> str:
        return self.specs.description or self.name

    @property
    def price_usd(self) -> float | None:
        return self.specs.price


@attrs.define(eq=False)
class PartUse:
    """A part used somewhere with a count and attribute overrides (`device dgx_h100 * 4 { … }`)."""

    part: Part
    count: int
    # What the use's block states (part specs and where it sits: serial, asset tag), by name,
    # as a few pairs: a device of a flattened design keeps no object of every spec.
    own: tuple[tuple[str, Value], ...]
    # Where the use is written: its file and location (dcdsl.source.locate), the span made
    # when asked for (a device of a flattened design keeps no Span object).
    source: SourceFile = attrs.field(repr=False)
    loc: int
    role: str  # the block kind that used it: device, rack_pdu, cdu, …
    label: str | None = None  # a name given at the use ("n0001")
    # What holds for this use: its stated specs over the part's, shared (see Part.overlaid).
    specs: PartSpecs = attrs.field(init=False, repr=False)

    @property
    def span(self) -> Span:
        return self.source.span(self.loc)

    def __attrs_post_init__(self) -> None:
        stated_specs = tuple(
            sorted(item for item in self.own if item[0] not in _PLACEMENT and item[1] is not None)
        )
        self.specs = self.part.overlaid(stated_specs)

    @property
    def overrides(self) -> UseSpecs:
        """What the use states, typed (made on each call: read it outside per-device loops)."""
        return UseSpecs(**dict(self.own)) if self.own else NO_USE_SPECS
