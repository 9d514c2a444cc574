"""Compressor COP at the site's climate, economiser hours, and the year's compressor energy.

A compressor's COP is stated at its rating conditions (AHRI 550/590 for chillers: chilled water
leaving at 6.7 °C, entering condenser water 29.4 °C when water-cooled, 35 °C outdoor air when
air-cooled; AHRI 1360 for computer-room DX units: 35 °C outdoor). At the site it is moved by the
**Carnot-fraction** method: the unit keeps the same fraction of the Carnot COP
T_evap / (T_cond − T_evap) (kelvin), so

    COP_site = COP_rated × [T_e,site / (T_c,site − T_e,site)] / [T_e,rated / (T_c,rated − T_e,rated)]

with T_e = chilled-water supply − 3 K (the loop's `facility_supply`, else the rated 6.7 °C; a DX
unit's evaporator stays at its rated state), T_c = condenser sink + 5 K, the sink being the
entering condenser water (wet-bulb + 4 K tower approach) for a loop with cooling towers or
`heat_rejection = evaporative`, else the dry-bulb. The lift T_c − T_e is held at ≥ 10 K. The
approaches are estimates [E] (typical selections), stated in every source line.

The climate comes from the design: `ambient` (design dry-bulb, e.g. the ASHRAE 0.4 % cooling
value), `wet_bulb` (design wet-bulb) and `ambient_min` (e.g. the ASHRAE 99.6 % heating value).
The design-point figures (PUE at 25–100 % load) use `ambient`/`wet_bulb`. The year is twelve
equal bins of 730 h on a sinusoid between `ambient_min` and `ambient`:
T_k = m + a·sin(2π(k + ½)/12), m = (max + min)/2, a = (max − min)/2, the wet-bulb following it at
the design depression (`ambient` − `wet_bulb`) [E]. A loop with `economiser = true` runs its
compressors not at all in a bin whose sink + 3 K ≤ the chilled-water supply (no partial
economiser: a lower bound on the hours [E]). A design that states no climate keeps the COP at
rated conditions, and says so beside the number.
"""

from __future__ import annotations

import math

import attrs

from dcdsl.analysis.cooling_units import Draw
from dcdsl.model import CoolingLoop, Design

KELVIN = 273.15
RATED_CHW_SUPPLY_C = 6.7  # AHRI 550/590 leaving chilled water, 44 °F
RATED_CONDENSER_WATER_C = 29.4  # AHRI 550/590 entering condenser water, 85 °F
RATED_AIR_C = 35.0  # AHRI 550/590 air-cooled and AHRI 1360 DX outdoor dry-bulb, 95 °F
EVAPORATOR_APPROACH_K = 3.0  # [E]
CONDENSER_APPROACH_K = 5.0  # [E]
TOWER_APPROACH_K = 4.0  # [E] entering condenser water above wet-bulb
ECONOMISER_APPROACH_K = 3.0  # [E] sink below the chilled-water supply for full free cooling
MIN_LIFT_K = 10.0  # [E] a compressor does not run on a smaller lift
BINS = 12
HOURS_PER_BIN = 8760.0 / BINS


@attrs.frozen
class SiteClimate:
    """The design's climate inputs (°C), None where not stated."""

    dry_bulb: float | None = None
    wet_bulb: float | None = None
    dry_bulb_min: float | None = None

    @classmethod
    def of(cls, design: Design) -> SiteClimate:
        def num(value: object) -> float | None:
            return float(value) if isinstance(value, int | float) else None

        return cls(num(design.ambient), num(design.wet_bulb), num(design.ambient_min))

    def bins(self) -> list[tuple[float, float | None]] | None:
        """(dry-bulb, wet-bulb) of the twelve 730 h bins, or None without `ambient_min`."""
        if self.dry_bulb is None or self.dry_bulb_min is None:
            return None
        mean = (self.dry_bulb + self.dry_bulb_min) / 2
        amplitude = (self.dry_bulb - self.dry_bulb_min) / 2
        depression = self.dry_bulb - self.wet_bulb if self.wet_bulb is not None else None
        out = []
        for k in range(BINS):
            t = mean + amplitude * math.sin(2 * math.pi * (k + 0.5) / BINS)
            out.append((t, t - depression if depression is not None else None))
        return out


@attrs.frozen
class LoopClimate:
    """How one loop's compressors meet the climate."""

    water_cooled: bool  # condenser on tower water (wet-bulb) rather than outdoor air
    chw_supply_c: float  # the chilled water the compressors make
    economiser: bool
    site: SiteClimate

    def sink(self, dry_bulb: float | None, wet_bulb: float | None, dx: bool) -> float | None:
        if self.water_cooled and not dx:
            return wet_bulb + TOWER_APPROACH_K if wet_bulb is not None else None
        return dry_bulb

    def rated_sink(self, dx: bool) -> float:
        return RATED_CONDENSER_WATER_C if self.water_cooled and not dx else RATED_AIR_C

    def cop_ratio(self, sink_c: float, dx: bool) -> float:
        """COP_site / COP_rated at a condenser sink temperature (Carnot fraction held)."""
        te_rated = RATED_CHW_SUPPLY_C - EVAPORATOR_APPROACH_K + KELVIN
        te_site = te_rated if dx else self.chw_supply_c - EVAPORATOR_APPROACH_K + KELVIN
        tc_rated = self.rated_sink(dx) + CONDENSER_APPROACH_K + KELVIN
        tc_site = sink_c + CONDENSER_APPROACH_K + KELVIN
        carnot_rated = te_rated / max(tc_rated - te_rated, MIN_LIFT_K)
        carnot_site = te_site / max(tc_site - te_site, MIN_LIFT_K)
        return carnot_site / carnot_rated

    def free(self, sink_c: float, dx: bool) -> bool:
        """Does the economiser carry the whole load at this sink temperature?"""
        return self.economiser and not dx and sink_c + ECONOMISER_APPROACH_K <= self.chw_supply_c

    def design(self, dx: bool) -> tuple[float, str, bool]:
        """(COP factor at the design point, what it is, whether the climate set it) — factor 1
        at rated conditions."""
        sink = self.sink(self.site.dry_bulb, self.site.wet_bulb, dx)
        if sink is None:
            needs = "`wet_bulb`" if self.water_cooled and not dx else "`ambient`"
            return 1.0, f"COP at rated conditions (the design gives no {needs})", False
        what = "condenser water" if self.water_cooled and not dx else "outdoor air"
        ratio = self.cop_ratio(sink, dx)
        return (
            ratio,
            f"COP × {ratio:.3f} at {what} {sink:g} °C vs rated {self.rated_sink(dx):g} °C "
            "(Carnot fraction held)",
            True,
        )

    def annual(self, dx: bool) -> tuple[float, float | None, str]:
        """(annual compressor energy / design-point energy at the same load, economiser hours,
        what it is). Without `ambient_min` the year is taken at the design point."""
        bins = self.site.bins()
        design_ratio, _, _ = self.design(dx)
        if bins is None or self.sink(*bins[0], dx) is None:
            return 1.0, None, "the year at the design point (no `ambient_min`)"
        share = 0.0
        free_hours = 0.0
        for dry, wet in bins:
            sink = self.sink(dry, wet, dx)
            assert sink is not None
            if self.free(sink, dx):
                free_hours += HOURS_PER_BIN
                continue
            share += design_ratio / self.cop_ratio(sink, dx) / BINS
        text = f"the year in {BINS} bins of {HOURS_PER_BIN:g} h"
        if self.economiser and not dx:
            text += f", economiser {free_hours:,.0f} h"
        return share, (free_hours if self.economiser and not dx else None), text


def loop_climate(design: Design, loop: CoolingLoop, roles: set[str]) -> LoopClimate:
    water_cooled = "cooling_tower" in roles or loop.heat_rejection == "evaporative"
    supply = loop.facility_supply if isinstance(loop.facility_supply, int | float) else None
    return LoopClimate(
        water_cooled,
        float(supply) if supply is not None else RATED_CHW_SUPPLY_C,
        bool(loop.economiser),
        SiteClimate.of(design),
    )


def at_climate(draw: Draw, climate: LoopClimate | None) -> Draw:
    """A compressor draw moved from rated conditions to the site's climate (others unchanged)."""
    if climate is None or draw.kind != "compressor":
        return draw
    dx = draw.role == "crac"
    if climate.site.dry_bulb is None and climate.site.wet_bulb is None:
        note = "COP at rated conditions (the design states no climate: `ambient`, `wet_bulb`)"
        return attrs.evolve(draw, source=f"{draw.source}; {note}", cop_basis="rated")
    ratio, text, known = climate.design(dx)
    annual, hours, year = climate.annual(dx)
    return attrs.evolve(
        draw,
        rated_kw=draw.rated_kw / ratio,
        source=f"{draw.source}; {text}; {year}",
        annual_factor=annual,
        economiser_hours=hours,
        cop_basis="climate" if known else "rated",
    )
