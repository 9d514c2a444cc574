"""The elaborated design: typed attrs classes that every analysis reads.

Values are plain Python numbers in the canonical unit of their attribute (power in kW, money in
USD, ...; each block's attributes are declared, with their units, in ``dcdsl.model.blocks``), so
analyses never touch pint. Multiplicity is kept: a rack repeated 3,000 times is one
``RackGroup`` with ``count = 3000`` and a name pattern. Every object keeps the span of the block
it came from, so a rule can point at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from dcdsl.model.blocks import (
    POWER_NODE_CLASSES,
    Allowance,
    Ats,
    Busway,
    CoolingLoop,
    CostLine,
    Design,
    Fabric,
    Generator,
    Hall,
    Pdu,
    PowerChain,
    PowerNode,
    RackGroup,
    RackSpec,
    RackType,
    RatedElement,
    Requirement,
    Row,
    Rpp,
    Selector,
    Storage,
    Switchboard,
    Switchgear,
    Transformer,
    Ups,
    Utility,
    Workload,
)
from dcdsl.model.parts import NO_SPECS, Part, PartSpecs, PartUse, Ratio, Redundancy, UseSpecs, Value

__all__ = [
    "NO_SPECS",
    "POWER_NODE_CLASSES",
    "Allowance",
    "Ats",
    "Busway",
    "CoolingLoop",
    "CostLine",
    "Design",
    "Fabric",
    "Generator",
    "Hall",
    "Model",
    "Part",
    "PartSpecs",
    "PartUse",
    "Pdu",
    "PowerChain",
    "PowerNode",
    "RackGroup",
    "RackSpec",
    "RackType",
    "RatedElement",
    "Ratio",
    "Redundancy",
    "Requirement",
    "Row",
    "Rpp",
    "Selector",
    "Storage",
    "Switchboard",
    "Switchgear",
    "Transformer",
    "Ups",
    "UseSpecs",
    "Utility",
    "Value",
    "Workload",
]


@attrs.define(eq=False)
class Model:
    design: Design
    parts: dict[str, Part] = attrs.Factory(dict)
    rack_types: dict[str, RackType] = attrs.Factory(dict)
    halls: list[Hall] = attrs.Factory(list)
    power_chains: list[PowerChain] = attrs.Factory(list)
    cooling_loops: list[CoolingLoop] = attrs.Factory(list)
    fabrics: list[Fabric] = attrs.Factory(list)
    storage: list[Storage] = attrs.Factory(list)
    workloads: list[Workload] = attrs.Factory(list)
    costs: list[CostLine] = attrs.Factory(list)
    requirements: list[Requirement] = attrs.Factory(list)
    allowances: list[Allowance] = attrs.Factory(list)
    lets: dict[str, Any] = attrs.Factory(dict)
    files: list[str] = attrs.Factory(list)  # every file read, the design's own first

    def rack_groups(self) -> Iterator[RackGroup]:
        for hall in self.halls:
            yield from hall.rack_groups()

    def power_nodes(self) -> Iterator[PowerNode]:
        for chain in self.power_chains:
            yield from chain.nodes
