"""What the power analysis computes: element sides, their states per scenario, racks, tiers."""

from __future__ import annotations

import attrs

from dcdsl.analysis import electrical as el
from dcdsl.analysis.generation import TierFacts
from dcdsl.diagnostics import Span
from dcdsl.model import Fabric, Part, PowerNode, RackGroup, Redundancy

SOURCE_KINDS = frozenset({"utility", "generator"})
STANDBY_KINDS = frozenset({"generator"})
# What rule sizes each kind: an overcurrent device on a continuous load (80 %, NEC), a
# transformer or UPS on its nameplate (with the owner's margin as a warning), a source on its
# capacity, a transfer switch on its continuous rating (UL 1008).
TRANSFORMER_KINDS = frozenset({"transformer"})
DEVICE_KINDS = frozenset({"switchgear", "switchboard", "rpp", "busway"})


@attrs.frozen
class Scenario:
    """One operating state: units failed per side, whole paths lost."""

    name: str
    failed_units: tuple[tuple[int, int], ...] = ()  # (side index, units failed)
    failed_paths: tuple[str, ...] = ()
    claimed_by: str | None = None  # what claims to survive it: "main.UPS (2N)", "A/B feeds"
    failed_nodes: tuple[PowerNode, ...] = attrs.field(default=(), eq=False)

    @property
    def is_normal(self) -> bool:
        return not self.failed_units and not self.failed_paths

    @property
    def key(self) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
        return (tuple(sorted(self.failed_units)), tuple(sorted(self.failed_paths)))


@attrs.frozen
class SideState:
    """One element side under one scenario; loads per side, loading per unit."""

    units: int  # units in service
    load_kw: float  # delivered by the side (all its units)
    load_kva: float
    loss_kw: float
    current_a: float | None  # per unit, at the element's (output) voltage
    loading: float | None  # per-unit load / per-unit rating, the binding one (None: no rating)
    limit: float = el.CONTINUOUS_LIMIT  # the limit of the binding rating
    basis: str = ""  # which rating binds: "kW" or "kVA"

    @property
    def unit_kw(self) -> float:
        return self.load_kw / self.units if self.units else 0.0

    @property
    def unit_kva(self) -> float:
        return self.load_kva / self.units if self.units else 0.0


@attrs.define
class ElementResult:
    """One side of one element group (`main.UPS (A)`), or the whole group when it has one side."""

    node: PowerNode
    side: str | None  # "A", "B", … for a split group or a tagged element; None: shared
    split: bool  # a side of a group split over paths (vs. the whole group)
    index: int
    units: int  # installed units on this side
    # 2N+k: the k spares shared by all sides of the group (the same pool on each side): idle in
    # normal operation, each takes the place of a failed unit on a path that still runs.
    shared_spares: int = attrs.field(default=0, kw_only=True)
    voltage_v: float | None  # output voltage
    power_factor: float
    rating_kw: float | None  # per unit
    rating_kva: float | None  # per unit
    limit: float  # 0.8 (an overcurrent device), 1.0 (nameplate, or listed for 100 %)
    kva_limit: float  # a UPS's kVA nameplate beside its kW rating
    efficiency: float | None
    efficiency_source: str  # "part", "element", "default", "losses", "curve", "none"
    # the part's efficiency at 25/50/75/100 % of its rating, when it gives one (it then sets the
    # losses at each unit's loading)
    curve: tuple[tuple[float, float], ...] | None = attrs.field(default=None, kw_only=True)
    inherited_split: bool = False
    feeds: list[int] = attrs.Factory(list)  # upstream side indices
    voltage_in_v: float | None = None  # input voltage (a transformer's primary)
    voltage_source: str = ""  # where the output voltage comes from ("" when unknown)
    rated_current_a: float | None = None  # per unit, at the output voltage
    interrupting_ka: float | None = None  # per unit, its breakers' interrupting rating
    impedance: float | None = None  # a transformer's %Z as a fraction
    impedance_source: str = ""  # "element", "part", "default (IEC 60076-5 minimum)"
    fault_in_ka: float | None = None  # available three-phase fault current at its input bus
    fault_out_ka: float | None = None  # at its output bus
    fault_basis: str = ""  # how fault_out_ka was found
    fault_partial: bool = False  # some source behind it states no fault level: a lower bound
    # "impedance" (IEC 60909-0 from the sources' data) or "infinite_bus" (an upper bound: the
    # utility states no fault level); "" when no fault level is known
    fault_method: str = ""
    fault_z_out: complex | None = None  # Thevenin impedance at its output bus, Ω (impedance method)
    peak_in_ka: float | None = None  # i_p at its input bus (impedance method)
    peak_out_ka: float | None = None
    motor_ka: float | None = None  # motor contribution I''kM on its output bus
    fault_notes: tuple[str, ...] = ()  # what the figure leaves out or estimates
    normal: SideState | None = None  # normal operation at the rating basis (maximum draw)
    energy: SideState | None = None  # normal operation at the energy basis (`power_basis`)
    worst: SideState | None = None
    worst_scenario: Scenario | None = None
    claimed: SideState | None = None  # worst under a failure some redundancy claims
    claimed_scenario: Scenario | None = None

    @property
    def key(self) -> str:
        return f"{self.node.path} ({self.side})" if self.split else self.node.path

    @property
    def label(self) -> str:
        return f"{self.node.name} ({self.side})" if self.split else self.node.name

    @property
    def is_source(self) -> bool:
        return self.node.kind in SOURCE_KINDS

    @property
    def is_standby(self) -> bool:
        return self.node.kind in STANDBY_KINDS

    @property
    def has_margin(self) -> bool:
        """Sized on its nameplate, with the owner's margin as a warning: transformers, UPS."""
        return self.node.kind in ("transformer", "ups") or (
            self.node.kind == "pdu" and self.node.specs.secondary_voltage is not None
        )

    def stress(self, state: SideState | None) -> float:
        """Loading as a fraction of the allowed limit (1.0 = at the limit)."""
        if state is None or state.loading is None:
            return 0.0
        return state.loading / state.limit


@attrs.define
class RackFeed:
    """The rack PDUs of one rack group against its rack power, per feed."""

    group: RackGroup
    rack_kw: float  # IT load per rack, on the rating basis
    cords: int  # feeds per rack (2 for A/B)
    pdus: int  # rack PDUs per rack
    pdus_per_feed: int  # PDUs that carry the rack after the claimed failure
    pdu: Part | None
    pdu_kva: float | None  # nameplate, per rack PDU
    pdu_usable_kw: float | None  # continuous, per rack PDU
    power_factor: float
    feed_capacity_kw: float | None  # what one feed can carry
    problem: str | None = None  # why the rack could not be checked
    voltage_v: float | None = None  # the rack PDUs' input voltage
    redundancy: Redundancy | None = None  # the rack's `pdu_redundancy`; None: each feed
    # N+k rack PDUs on several feeds: PDUs one feed takes with it, and what the rest carry
    feed_loss_pdus: int = 0
    feed_loss_kw: float | None = None

    @property
    def loading(self) -> float | None:
        if not self.feed_capacity_kw:
            return None
        return self.rack_kw / self.feed_capacity_kw


@attrs.define
class RackBucket:
    """Rack groups with the same feeds: the flow treats them as one load."""

    feeds: tuple[int, ...]
    groups: list[RackGroup]
    it_kw: float  # racks' own IT load on the rating basis (all racks of all groups)
    network_kw: float  # share of fabric switches that sit in no rack
    energy_it_kw: float = 0.0  # racks' IT load on the energy basis (`power_basis`)

    @property
    def load_kw(self) -> float:
        return self.it_kw + self.network_kw

    @property
    def energy_kw(self) -> float:
        return self.energy_it_kw + self.network_kw


@attrs.define
class ScenarioResult:
    scenario: Scenario
    dropped_kw: float  # rack load left without power
    dropped_groups: list[RackGroup]
    worst_index: int | None  # element side with the highest stress
    worst_stress: float
    worst_state: SideState | None = None


@attrs.frozen
class Mismatch:
    """Two connected ends whose nominal voltages differ."""

    upstream: ElementResult
    upstream_v: float
    downstream: ElementResult | None  # None: the racks below
    downstream_v: float
    what: str  # "ups main.UPS input" or "rack PDU pdu_415v_60a (racks H1.A A01..A08)"
    span: Span | None = None  # the rack group whose PDU it is (None: an element's own span)


@attrs.define
class PowerResult:
    it_kw: float = 0.0  # on the energy basis: rack IT load + network switches outside racks
    rack_it_kw: float = 0.0
    network_kw: float = 0.0
    fed_kw: float = 0.0  # the part of it_kw that some power chain carries
    losses_kw: float = 0.0  # UPS and transformer losses in normal operation (energy basis)
    losses_by_kind_kw: dict[str, float] = attrs.Factory(dict)
    rating_it_kw: float = 0.0  # IT load on the rating basis (maximum draw unless opted out)
    rating_losses_kw: float = 0.0  # losses in normal operation on the rating basis
    power_factor: float = el.DEFAULT_POWER_FACTOR
    power_factor_source: str = "default"
    load_basis: str = "device maximum draw"  # the rating basis, said in every message
    energy_basis: str = "device maximum draw"  # what energy and cost use (`power_basis`)
    rating_basis_opted: bool = False  # `design { rating_basis = typical }`
    standard: str = el.ANSI
    standard_source: str = "default"
    design_margin: float = el.DEFAULT_DESIGN_MARGIN
    elements: list[ElementResult] = attrs.Factory(list)
    buckets: list[RackBucket] = attrs.Factory(list)
    racks: list[RackFeed] = attrs.Factory(list)
    unfed: list[RackGroup] = attrs.Factory(list)
    scenarios: list[ScenarioResult] = attrs.Factory(list)
    worst: ScenarioResult | None = None  # the worst failure (not normal operation)
    claimed_drops: list[ScenarioResult] = attrs.Factory(list)  # claimed failures losing load
    mismatches: list[Mismatch] = attrs.Factory(list)
    tier: int | None = None  # the Uptime tier the topology reaches (0: none)
    tier_reason: str = ""
    tier_claim: int | None = None  # `design { tier = 3 }`
    tier_facts: TierFacts | None = None
    tier_missing: dict[int, list[str]] = attrs.Factory(dict)
    generator_load_kw: float | None = None  # IT at max draw + mechanical + other
    generator_load_basis: str = ""
    problems: list[tuple[PowerNode, str]] = attrs.Factory(list)  # structural findings
    network_in_racks: dict[str, int] = attrs.Factory(dict)  # fabric -> its switches in racks
    network_unfed: list[tuple[Fabric, float]] = attrs.Factory(list)  # fabric power on no rack

    def element(self, key: str) -> ElementResult | None:
        return next((e for e in self.elements if e.key == key), None)

    def elements_of(self, node: PowerNode) -> list[ElementResult]:
        return [e for e in self.elements if e.node is node]

    @property
    def utility_kw(self) -> float:
        """What the utility services deliver in normal operation (IT + losses of the chains)."""
        return sum(e.normal.load_kw for e in self.elements if e.node.kind == "utility" and e.normal)
