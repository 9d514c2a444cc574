"""Analyses: one module per discipline, run in this order over an elaborated model.

Each module has ``analyse(model, results)`` and fills its field of ``Results``. Order matters:
the fabric adds network power to the IT load that the power chain carries; cooling removes the
heat of that load; facility power needs the power chain's losses and the cooling plant's draw;
cost needs everything.
"""

from __future__ import annotations

from collections.abc import Callable

from dcdsl.analysis import (
    cooling,
    cost,
    fabric,
    facility,
    layout,
    load,
    power,
    requirements,
    workload,
)
from dcdsl.analysis.power import fault_levels as power_faults
from dcdsl.analysis.power import tier as power_tier
from dcdsl.analysis.results import Results
from dcdsl.model import Model

Analysis = Callable[[Model, Results], None]

ANALYSES: list[Analysis] = [
    load.analyse,
    fabric.analyse,  # right after load: network power joins the IT load before power
    layout.analyse,  # positions, elevations, and cable lengths of the links the fabric counted
    power.analyse,  # loads, losses and failures of the power chains
    # cooling and facility run after power (facility reads results.power.losses_kw)
    cooling.analyse,
    facility.analyse,
    power_faults.analyse,  # short-circuit levels: the cooling plant's motors feed faults too
    power_tier.analyse,  # generators and tier: they carry IT + mechanical after a utility loss
    workload.analyse,  # checkpoints, data reads and GPU memory against storage and servers
    cost.analyse,  # BOM, capex, opex, TCO: reads every result above
    requirements.analyse,  # last: `require` reads any computed figure
]
