"""How each rack group is cooled: its tier (a loop's, a bare tier name, or air), the tier's
density limits, and how the rack's heat splits between liquid and room air (the devices'
`heat_to_liquid` on direct-to-chip racks, else the tier's or the loop's residual to air).
"""

from __future__ import annotations

import attrs

from dcdsl.analysis.cooling_physics import AIR_TIERS, TIER_LIMITS
from dcdsl.analysis.load import RackLoad, device_kw
from dcdsl.model import CoolingLoop, RackGroup


@attrs.frozen
class RackCooling:
    """How one rack group is cooled; figures per rack."""

    load: RackLoad
    tier: str
    loop: CoolingLoop | None
    tier_stated: bool  # False: no cooling was stated, checked as air
    rack_kw: float
    liquid_kw: float  # heat that leaves the rack in liquid (cold plates, tank, door coil)
    room_kw: float  # heat left in the room air, for the CRAHs
    warn_kw: float | None
    limit_kw: float | None
    limit_source: str
    residual_source: str

    @property
    def group(self) -> RackGroup:
        return self.load.group

    @property
    def count(self) -> int:
        return self.load.group.count

    @property
    def total_kw(self) -> float:
        return self.rack_kw * self.count

    @property
    def air_kw(self) -> float:
        """Heat carried out of the rack by air (through the servers, before any door coil)."""
        return self.rack_kw if self.tier == "rear_door" else self.room_kw


def rack_cooling(load: RackLoad, basis: str, load_factor: float) -> RackCooling:
    group = load.group
    target = group.cooling
    loop = target if isinstance(target, CoolingLoop) else None
    if loop is not None:
        tier = loop.cooling_tier
    elif isinstance(target, str) and target in TIER_LIMITS:
        tier = target
    else:
        tier = "air"
    if tier not in TIER_LIMITS:  # an enum the schema allows but this table lacks: check as air
        tier = "air"
    defaults = TIER_LIMITS[tier]
    warn_kw, limit_kw, source = (
        defaults.warn_kw,
        defaults.limit_kw,
        f"{tier} default, {defaults.source}",
    )
    if loop is not None and loop.density_limit is not None:
        limit_kw = float(loop.density_limit)
        source = f'`density_limit` of cooling loop "{loop.name}"'
    if loop is not None and loop.density_warn is not None:
        warn_kw = float(loop.density_warn)
    if group.density_limit is not None:
        limit_kw = float(group.density_limit)
        source = "the rack's `density_limit`"
    rack_kw = load.it_kw
    liquid_kw, residual_source = _liquid_share(load, tier, loop, basis, load_factor)
    liquid_kw = min(max(liquid_kw, 0.0), rack_kw)
    return RackCooling(
        load,
        tier,
        loop,
        target is not None,
        rack_kw,
        liquid_kw,
        rack_kw - liquid_kw,
        warn_kw,
        limit_kw,
        source,
        residual_source,
    )


def _liquid_share(
    load: RackLoad, tier: str, loop: CoolingLoop | None, basis: str, load_factor: float
) -> tuple[float, str]:
    """Heat per rack that leaves in liquid, and where the split came from."""
    rack_kw = load.it_kw
    if tier in AIR_TIERS:
        return 0.0, "air tier: all heat to room air"
    stated = loop.residual_to_air if loop is not None else None
    residual = float(stated) if stated is not None else TIER_LIMITS[tier].residual_to_air
    where = (
        f'`residual_to_air` of cooling loop "{loop.name}"'
        if stated is not None and loop is not None
        else f"{tier} default residual to air {residual:.0%} [E]"
    )
    if tier != "direct_to_chip":
        return rack_kw * (1.0 - residual), where
    # Cold plates take what each device says (`heat_to_liquid`); the rest of a device's heat
    # stays in the air. Devices that say nothing take the loop's (or the tier's) split.
    liquid = 0.0
    from_devices = from_default = False
    for use in load.group.all_contents():
        kw = device_kw(use, basis, load_factor) * use.count
        fraction = use.specs.heat_to_liquid
        if fraction is not None:
            from_devices = True
            liquid += kw * float(fraction)
        elif kw > 0:
            from_default = True
            liquid += kw * (1.0 - residual)
    if from_devices:
        where = "the devices' `heat_to_liquid`" + (f"; others: {where}" if from_default else "")
    return liquid, where
