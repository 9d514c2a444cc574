"""The analysis results of one design: what each discipline computed, for rules and emitters.

Each analysis module fills its own field; later analyses may read earlier ones (the order is in
``dcdsl.analysis.ANALYSES``). Emitters (summary.json, report) read only from here, by field.
A field is None when its analysis did not run (an earlier one failed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:  # the result types live with their analyses, which import this module
    from dcdsl.analysis.cooling import CoolingResult
    from dcdsl.analysis.cost import CostResult
    from dcdsl.analysis.fabric import FabricResult
    from dcdsl.analysis.facility import FacilityResult
    from dcdsl.analysis.layout import LayoutResult
    from dcdsl.analysis.load import LoadResult
    from dcdsl.analysis.power.results import PowerResult
    from dcdsl.analysis.requirements import Outcome
    from dcdsl.analysis.workload import WorkloadResult


# How a figure was obtained, as summary.json states it (its schema lists the values):
# computed from the design; assumed (the design states the figure itself, e.g. `pue`); or a
# lower bound (part of what it sums is not stated).
FigureStatus = Literal["computed", "assumed", "lower_bound"]
# Compressor COPs: moved to the design's climate, or at their rated conditions (no climate).
CopBasis = Literal["climate", "rated"]


@attrs.define
class Results:
    load: LoadResult | None = None  # counts and IT power per rack group
    fabrics: dict[str, FabricResult] = attrs.Factory(dict)  # by fabric name
    layout: LayoutResult | None = None  # positions, elevations, cable lengths
    power: PowerResult | None = None  # loads, losses and failures of the power chains
    cooling: CoolingResult | None = None  # rack densities, loop heat balance and plant
    facility: FacilityResult | None = None  # facility power, PUE, energy, water
    workloads: list[WorkloadResult] = attrs.Factory(list)
    cost: CostResult | None = None  # BOM, capex, opex, TCO
    requirements: list[Outcome] = attrs.Factory(list)  # every `require`, evaluated
