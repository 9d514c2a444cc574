"""The analysis results of one design: what each discipline computed, for rules and emitters.

Each analysis module fills its own field; later analyses may read earlier ones (the order is in
``dcdsl.analysis.ANALYSES``). Emitters (summary.json, report) read only from here.
"""

from __future__ import annotations

from typing import Any

import attrs


@attrs.define
class Results:
    load: Any = None  # dcdsl.analysis.load.LoadResult: counts and IT power per rack group
    fabrics: dict[str, Any] = attrs.Factory(dict)  # fabric name -> dcdsl.analysis.fabric result
    layout: Any = None  # dcdsl.analysis.layout.LayoutResult: positions, elevations, cable lengths
    power: Any = None  # dcdsl.analysis.power result
    cooling: Any = None  # dcdsl.analysis.cooling result
    facility: Any = None  # facility power, PUE, energy, water
    storage: Any = None
    workloads: Any = None
    cost: Any = None  # dcdsl.analysis.cost result (BOM, capex, opex, TCO)
    extra: dict[str, Any] = attrs.Factory(dict)
