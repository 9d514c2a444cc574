"""Cooling units: what each kind of unit in a loop carries, how many survive a failure, and
what each unit group draws (for facility power and PUE).

Roles: CDUs carry the liquid heat; CRAHs, CRACs (DX) and in-row units the room-air heat;
chillers all of it; cooling towers and dry coolers all of it plus the compressor work; rear doors
one rack each. A group's draw is a ``Draw``: a fan or pump group's `power_max` × count at the
speed its share of the heat asks for, by the affinity laws (power ∝ speed³, floored at the
unit's `min_speed`), or heat / COP for compressors, so facility power can be evaluated at any
fraction of the design's IT load.

Affinity laws (ASHRAE Handbook—HVAC Systems and Equipment, 2020, ch. 21 "Fans", fan laws, and
ch. 44 "Centrifugal Pumps", affinity laws): at constant ΔT the flow a unit moves follows the
heat it carries, its speed follows the flow and its shaft power the cube of the speed. That
holds for a system curve through the origin (a closed loop, fans against duct and coil
resistance); a static head or a pressure set point keeps the draw higher, which the
minimum-speed floor stands in for. Units that share a role run together at the same speed
(the usual control of N+1 fans and pumps on variable-speed drives).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import attrs

from dcdsl import number_format
from dcdsl.model import PartUse, Redundancy

if TYPE_CHECKING:
    from dcdsl.analysis.cooling_racks import RackCooling

HEAT_ROLES = ("cdu", "crah", "crac", "inrow", "chiller", "cooling_tower", "dry_cooler")
PUMP_ROLES = frozenset({"cdu", "pump"})
REJECTION_ROLES = frozenset({"cooling_tower", "dry_cooler"})
AIR_UNIT_ROLES = ("crah", "crac", "inrow")  # carry the heat left in the room air
# Units with a compressor: their draw is heat / COP when a COP is known (else power_max × load).
COMPRESSOR_ROLES = frozenset({"chiller", "crac"})
# A fan's or pump's lowest speed, as a fraction of full speed, when the part states no
# `min_speed`: a usual turndown for fans and pumps on variable-speed drives or EC motors [E].
# A fixed-speed unit states `min_speed = 1` (it draws its full power at any load).
DEFAULT_MIN_SPEED = 0.3
ROLE_NAMES = {
    "cdu": ("CDU", "CDUs"),
    "crah": ("CRAH", "CRAHs"),
    "crac": ("CRAC (DX) unit", "CRAC (DX) units"),
    "inrow": ("in-row cooler", "in-row coolers"),
    "chiller": ("chiller", "chillers"),
    "cooling_tower": ("cooling tower", "cooling towers"),
    "dry_cooler": ("dry cooler", "dry coolers"),
    "rdhx": ("rear-door heat exchanger", "rear-door heat exchangers"),
    "pump": ("pump", "pumps"),
}
ROLE_HEAT = {
    "cdu": "liquid heat",
    "crah": "room-air heat",
    "crac": "room-air heat",
    "inrow": "room-air heat",
    "chiller": "heat",
    "cooling_tower": "heat to reject (incl. compressor work)",
    "dry_cooler": "heat to reject (incl. compressor work)",
}


@attrs.define
class RoleLoad:
    """All units of one role in a loop (CDUs, CRAHs, …) against the heat they must carry."""

    role: str
    uses: list[PartUse]
    units: int
    capacity_known: bool
    installed_kw: float  # all units
    carried_kw: float  # heat this role must carry
    redundancy: Redundancy
    surviving_units: int
    surviving_kw: float  # capacity left in the failure scenario
    scenario: str  # "1 of 3 CDUs failed (N+1)", "" when the redundancy is N
    power_kw: float = 0.0  # the units' own draw at this load
    # rear-door units: per-door capacity against the hottest rack, and doors against racks
    per_rack: bool = False
    racks: int = 0
    max_rack_kw: float = 0.0
    min_unit_kw: float = 0.0
    # rated coolant flow (`flow`, L/min), when every unit states it: all units / after the failure
    flow_l_per_min: float | None = None
    surviving_flow_l_per_min: float | None = None

    @property
    def load_pct(self) -> float | None:
        if not self.capacity_known or self.per_rack:
            return None
        return _pct(self.carried_kw, self.installed_kw)

    @property
    def failure_load_pct(self) -> float | None:
        if not self.capacity_known or self.per_rack or not self.scenario:
            return None
        return _pct(self.carried_kw, self.surviving_kw)

    @property
    def name(self) -> str:
        singular, plural = ROLE_NAMES.get(self.role, (self.role, self.role + "s"))
        return singular if self.units == 1 else plural


def _pct(load: float, capacity: float) -> float:
    if capacity <= 0:
        return math.inf if load > 0 else 0.0
    return 100.0 * load / capacity


def role_of(use: PartUse) -> str:
    return use.role if use.role in ROLE_NAMES else use.part.kind


def surviving_units(units: int, redundancy: Redundancy) -> int:
    """Units left in the failure scenario the redundancy claims to survive.

    N+k: k units fail. kN: one path of units/k is lost. k(N+s): a path is lost and s more
    units fail in the paths that remain (Tier IV reading: N+s in each path).
    """
    if redundancy.paths <= 1:
        return max(0, units - redundancy.spares)
    # 2N+k: a path is lost and k more units fail (the shared spares cover them).
    per_path = (units - redundancy.shared) // redundancy.paths
    return max(0, per_path * (redundancy.paths - 1) - redundancy.spares)


def failure_scenario(units: int, redundancy: Redundancy, names: tuple[str, str]) -> str:
    singular, plural = names
    if redundancy.paths <= 1:
        if redundancy.spares == 0:
            return ""
        lost = min(redundancy.spares, units)
        return f"{lost} of {units} {plural if units != 1 else singular} failed ({redundancy})"
    per_path = (units - redundancy.shared) // redundancy.paths
    text = f"1 of {redundancy.paths} paths ({per_path} {plural if per_path != 1 else singular} each) lost"
    if redundancy.spares or redundancy.shared:
        text += f" and {redundancy.spares + redundancy.shared} more failed"
    return f"{text} ({redundancy})"


def _smallest_capacity(sizes: list[tuple[float, int]], units: int) -> float:
    """Capacity of the ``units`` smallest units: the failed ones are taken as the largest."""
    total = 0.0
    for capacity, count in sorted(sizes):
        take = min(count, units)
        total += capacity * take
        units -= take
        if units <= 0:
            break
    return total


def role_redundancy(uses: list[PartUse], loop_redundancy: Redundancy) -> Redundancy:
    """A unit group's own `redundancy` (`unit cdu_600kw * 4 { redundancy = N+1 }`) over the
    loop's: the strictest one stated on the role's groups."""
    own = [use.overrides.redundancy for use in uses if use.overrides.redundancy is not None]
    if not own:
        return loop_redundancy
    return max(own, key=lambda r: (r.paths, r.spares, r.shared))


def role_load(
    role: str, uses: list[PartUse], carried_kw: float, redundancy: Redundancy
) -> RoleLoad:
    units = sum(use.count for use in uses)
    sizes = [
        (float(use.specs.capacity), use.count) for use in uses if use.specs.capacity is not None
    ]
    capacity_known = bool(uses) and len(sizes) == len(uses)
    installed = sum(c * n for c, n in sizes)
    survivors = surviving_units(units, redundancy)
    names = ROLE_NAMES.get(role, (role, role + "s"))
    result = RoleLoad(
        role,
        uses,
        units,
        capacity_known,
        installed,
        carried_kw,
        redundancy,
        survivors,
        _smallest_capacity(sizes, survivors) if capacity_known else 0.0,
        failure_scenario(units, redundancy, names),
    )
    flows = [(float(use.specs.flow), use.count) for use in uses if use.specs.flow is not None]
    if uses and len(flows) == len(uses):
        result.flow_l_per_min = sum(f * n for f, n in flows)
        result.surviving_flow_l_per_min = _smallest_capacity(flows, survivors)
    return result


@attrs.frozen
class Draw:
    """One unit group's own electrical draw, as a function of the fraction of the design's load.

    ``rated_kw`` is the draw at full output; ``load_ratio`` the output the group gives at the
    design load over its full output (carried / installed capacity; 1 for a COP draw). At a
    fraction f of the design load the group's output is x = min(1, f × ratio). A compressor
    draws rated × x (heat / COP). A fan or pump (``min_speed`` set) runs at speed
    s = max(x, min_speed) and draws rated × s³ (affinity laws). A ratio of None means the draw
    does not follow the load (no capacity to scale by): it runs at rated.
    """

    what: str  # "cdu_600kw × 4"
    role: str
    kind: str  # compressor, fan, pump
    rated_kw: float
    load_ratio: float | None
    source: str
    estimate: bool = False  # the figure behind it is an estimate (the part's `confidence`)
    # compressors: the year's energy / the design point's at the same load (the site's climate,
    # ``cooling_climate``), and the hours an economiser carries the load (None: no economiser)
    annual_factor: float = 1.0
    economiser_hours: float | None = None
    cop_basis: str = ""  # compressors: "climate" or "rated" (the design states no climate)
    min_speed: float | None = None  # fans and pumps: affinity laws above this floor

    def kw_at(self, fraction: float = 1.0) -> float:
        if self.load_ratio is None:
            return self.rated_kw
        output = min(1.0, max(fraction, 0.0) * self.load_ratio)
        if self.min_speed is None:
            return self.rated_kw * output
        return self.rated_kw * max(output, self.min_speed) ** 3

    @property
    def kw(self) -> float:
        """The draw at the design load."""
        return self.kw_at(1.0)


def draw_kind(role: str) -> str:
    if role in COMPRESSOR_ROLES:
        return "compressor"
    return "pump" if role in PUMP_ROLES else "fan"


def unit_draw(use: PartUse, role: RoleLoad, loop_cop: float | None = None) -> Draw | None:
    """A unit group's draw: heat / COP for a compressor with a COP (the unit's own `cop`, else the
    loop's for chillers), else `power_max` × count at the speed its load asks for (affinity
    laws); None when the group states neither (its draw is unknown)."""
    what = f"{use.part.name} × {use.count}"
    kind = draw_kind(role.role)
    cop = use.specs.cop
    if cop is None and role.role in COMPRESSOR_ROLES:
        cop = loop_cop
    if role.role in COMPRESSOR_ROLES and isinstance(cop, int | float) and cop > 0:
        carried = share(use, role)
        draw = Draw(what, role.role, kind, carried / float(cop), 1.0, "")
        source = f"{_kw(carried)} of heat / COP {float(cop):g}"
        fan = use.specs.fan_power
        if role.role == "crac" and isinstance(fan, int | float):
            source += f" (+ fans {_kw(float(fan) * use.count)} below)"
        return attrs.evolve(draw, source=source, estimate=_estimated(use))
    power = use.specs.power_max
    if not isinstance(power, int | float):
        return None
    rated = float(power) * use.count
    if role.capacity_known and role.installed_kw > 0:
        loading = role.carried_kw / role.installed_kw
        floor, floor_text = min_speed(use)
        source = (
            f"power_max {_kw(float(power))} × {use.count} × speed³ at load "
            f"{number_format.percent(min(loading, 1.0), 0)} (affinity laws; min speed {floor_text})"
        )
        return Draw(what, role.role, kind, rated, loading, source, _estimated(use), min_speed=floor)
    source = f"power_max {_kw(float(power))} × {use.count} (no capacity: at full draw)"
    return Draw(what, role.role, kind, rated, None, source, _estimated(use))


def min_speed(use: PartUse) -> tuple[float, str]:
    """A fan's or pump's lowest speed (fraction of full) and how it reads in a term's source."""
    stated = use.specs.min_speed
    if isinstance(stated, int | float):
        floor = min(max(float(stated), 0.0), 1.0)
        return floor, number_format.percent(floor, 0)
    return DEFAULT_MIN_SPEED, f"{number_format.percent(DEFAULT_MIN_SPEED, 0)} [E]"


def _estimated(use: PartUse) -> bool:
    return use.specs.confidence == "estimate"


def crac_fan_draw(use: PartUse, role: RoleLoad) -> Draw | None:
    """The fans of a DX unit whose compressor is counted from its COP (`fan_power` per unit)."""
    fan = use.specs.fan_power
    if not isinstance(fan, int | float) or not isinstance(use.specs.cop, int | float):
        return None
    ratio = role.carried_kw / role.installed_kw if role.installed_kw > 0 else None
    floor, floor_text = min_speed(use)
    return Draw(
        f"{use.part.name} × {use.count} fans",
        role.role,
        "fan",
        float(fan) * use.count,
        ratio,
        f"fan_power {_kw(float(fan))} × {use.count} × speed³ (affinity laws; min speed {floor_text})",
        min_speed=floor if ratio is not None else None,
    )


def _kw(value: float) -> str:
    return f"{number_format.significant(value, 4)} kW"


def share(use: PartUse, role: RoleLoad) -> float:
    """The part of a role's heat one unit group carries (by installed capacity, else by count)."""
    if role.capacity_known and role.installed_kw > 0:
        return role.carried_kw * (use.specs.capacity or 0.0) * use.count / role.installed_kw
    return role.carried_kw * use.count / max(role.units, 1)


def door_load(uses: list[PartUse], racks: list[RackCooling]) -> RoleLoad:
    """Rear doors are per rack: one door per rack, each at least the rack's heat (no sharing)."""
    door_racks = [r for r in racks if r.tier == "rear_door"]
    capacities = [float(use.specs.capacity) for use in uses if use.specs.capacity is not None]
    role = role_load("rdhx", uses, sum(r.total_kw for r in door_racks), Redundancy())
    role.per_rack = True
    role.racks = sum(r.count for r in door_racks)
    role.max_rack_kw = max((r.rack_kw for r in door_racks), default=0.0)
    role.min_unit_kw = min(capacities) if capacities and len(capacities) == len(uses) else 0.0
    return role


# The units a loop's tier needs at the racks (ASHRAE TC9.9 liquid-cooling guidance; the usual
# terminal unit of each tier): a rear-door loop its doors, a direct-to-chip or immersion loop its
# CDUs, an air loop CRAHs, CRACs or in-row units.
TERMINAL_ROLES: dict[str, tuple[str, ...]] = {
    "rear_door": ("rdhx",),
    "direct_to_chip": ("cdu",),
    "immersion": ("cdu",),
    "air": AIR_UNIT_ROLES,
    "air_contained": AIR_UNIT_ROLES,
}
