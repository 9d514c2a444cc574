"""Every part kind, once: what each consumer of `kind = …` needs to know about it.

A part's kind decides its BOM section and capex category (`analysis/cost/`, `emit/bom.py`),
the figures `dcc catalog` lists it by, whether a cooling loop names units of it, where a unit
of it stands on the floor plan when the design does not say, how it is drawn (single-line
symbol, rack-elevation fill), whether it is a power element and must interrupt a fault, and its
NetBox device-role colour. Those facts used to live in seven tables in as many modules, and a
kind missing from one of them was silently costed or drawn as "other"; now every consumer
reads ``PART_KINDS`` and ``tests/test_part_kinds.py`` fails when a kind used anywhere (a
catalogue or design `.dc` file, a power element class, a consumer's lookup) has no entry here.

Adding a part kind: one ``kind(...)`` entry below (and the parts of that kind in a catalogue
`.dc` file). A kind that is also a power element needs its block class in
``dcdsl/model/blocks.py`` (``POWER_NODE_CLASSES``) as well.
"""

from __future__ import annotations

from typing import Literal

import attrs

Placement = Literal["row_end", "perimeter", "outside"]
# Single-line drawings in dcdsl/emit/symbols.py ("lineup": a switchgear or switchboard line-up
# drawn as its main bus).
Symbol = Literal["generator", "transformer", "ats", "ups", "pdu", "rpp", "busway", "lineup"]

# Rack-elevation fills: servers blue, switches orange, everything else green.
DEVICE_FILL = "#90caf9"
SWITCH_FILL = "#ffcc80"
OTHER_FILL = "#c5e1a5"
# NetBox wants a colour per device role (6 hex digits); a role that is no part kind gets this.
DEFAULT_NETBOX_COLOR = "607d8b"


@attrs.frozen
class PartKind:
    name: str
    # capex category and BOM section; "other" only on purpose (a rented cloud instance)
    category: str
    doc: str
    # the figures a `dcc catalog` listing line shows: what an engineer picks such a part by
    key_specs: tuple[str, ...] = ()
    # a cooling loop attribute of the kind's name lists unit groups of it (`cdu = cdu_600kw * 3`)
    cooling_unit: bool = False
    # a power-chain element kind (its block class is in dcdsl.model.blocks.POWER_NODE_CLASSES)
    power_element: bool = False
    # a protective device that must interrupt the prospective fault current at its bus
    interrupting: bool = False
    # where a unit stands when its loop or power element does not say (docs/layout.md)
    placement: Placement = "outside"
    symbol: Symbol | None = None  # its single-line drawing, for a power element
    rack_fill: str = OTHER_FILL  # its fill in rack elevations
    netbox_color: str = DEFAULT_NETBOX_COLOR
    # attributes (besides a cooling unit's own role) whose value names a part of this kind;
    # the language server lists parts of this kind first there
    named_by: tuple[str, ...] = ()


_RATED = ("voltage", "current", "rating")
_ENTRIES = (
    PartKind(
        "server",
        "compute",
        "a server (compute node)",
        key_specs=("gpus", "power_max", "height", "nics"),
        rack_fill=DEVICE_FILL,
        netbox_color="2196f3",
    ),
    PartKind(
        "gpu",
        "compute",
        "an accelerator",
        key_specs=("tdp", "gpu_memory", "memory_bandwidth"),
        named_by=("gpu",),
    ),
    PartKind("nic", "compute", "a network adapter", key_specs=("ports",), named_by=("nic",)),
    PartKind(
        "switch",
        "network",
        "a network switch",
        key_specs=("ports", "height", "power_max"),
        rack_fill=SWITCH_FILL,
        netbox_color="4caf50",
        named_by=("switch", "leaf_switch", "spine_switch", "core_switch"),
    ),
    PartKind(
        "transceiver",
        "network",
        "an optical or electrical transceiver",
        key_specs=("ports", "reach", "power_max"),
        named_by=("node_transceiver", "switch_transceiver"),
    ),
    PartKind(
        "cable",
        "network",
        "a cable (DAC, AOC, fibre, copper)",
        key_specs=("medium", "length"),
        named_by=("cable",),
    ),
    PartKind(
        "rack",
        "facility",
        "a rack enclosure",
        key_specs=("height", "load_rating"),
        named_by=("enclosure",),
    ),
    PartKind("rack_pdu", "power", "a rack power strip", key_specs=_RATED, netbox_color="9e9e9e"),
    PartKind(
        "pdu",
        "power",
        "a floor power distribution unit",
        key_specs=("rating", "primary_voltage", "secondary_voltage"),
        power_element=True,
        interrupting=True,
        placement="perimeter",
        symbol="pdu",
    ),
    PartKind(
        "rpp",
        "power",
        "a remote power panel",
        key_specs=_RATED,
        power_element=True,
        interrupting=True,
        placement="row_end",
        symbol="rpp",
    ),
    PartKind(
        "busway",
        "power",
        "an overhead busway",
        key_specs=_RATED,
        power_element=True,
        interrupting=True,
        placement="row_end",
        symbol="busway",
    ),
    PartKind(
        "ups",
        "power",
        "an uninterruptible power supply",
        key_specs=("rating_kw", "rating", "efficiency"),
        power_element=True,
        symbol="ups",
    ),
    PartKind(
        "transformer",
        "power",
        "a transformer",
        key_specs=("rating", "standard"),
        power_element=True,
        symbol="transformer",
    ),
    PartKind(
        "switchgear",
        "power",
        "a medium- or low-voltage switchgear line-up",
        key_specs=_RATED,
        power_element=True,
        interrupting=True,
        symbol="lineup",
    ),
    PartKind(
        "switchboard",
        "power",
        "a low-voltage switchboard",
        key_specs=_RATED,
        power_element=True,
        interrupting=True,
        symbol="lineup",
    ),
    PartKind(
        "generator",
        "power",
        "a standby generator set",
        key_specs=("rating_kw", "rating"),
        power_element=True,
        symbol="generator",
    ),
    PartKind(
        "ats",
        "power",
        "an automatic transfer switch",
        power_element=True,
        interrupting=True,
        symbol="ats",
    ),
    PartKind(
        "cdu",
        "cooling",
        "a coolant distribution unit",
        key_specs=("capacity", "approach", "power_max"),
        cooling_unit=True,
        placement="row_end",
    ),
    PartKind(
        "rdhx",
        "cooling",
        "a rear-door heat exchanger",
        key_specs=("capacity", "power_max"),
        cooling_unit=True,
    ),
    PartKind(
        "crah",
        "cooling",
        "a computer-room air handler",
        key_specs=("capacity", "airflow", "power_max"),
        cooling_unit=True,
        placement="perimeter",
    ),
    PartKind(
        "crac",
        "cooling",
        "a computer-room air conditioner",
        cooling_unit=True,
        placement="perimeter",
    ),
    PartKind("inrow", "cooling", "an in-row cooler", cooling_unit=True, placement="row_end"),
    PartKind(
        "chiller",
        "cooling",
        "a chiller",
        key_specs=("capacity", "cop", "power_max"),
        cooling_unit=True,
    ),
    PartKind(
        "cooling_tower",
        "cooling",
        "an evaporative cooling tower",
        key_specs=("capacity", "water_use"),
        cooling_unit=True,
    ),
    PartKind(
        "dry_cooler",
        "cooling",
        "a dry cooler",
        key_specs=("capacity", "power_max"),
        cooling_unit=True,
    ),
    PartKind("pump", "cooling", "a pump", cooling_unit=True),
    PartKind(
        "storage_system",
        "storage",
        "a storage system",
        key_specs=("usable_capacity", "raw_capacity", "read", "write"),
        netbox_color="ff9800",
    ),
    PartKind(
        "cloud_instance",
        "other",
        "a rented cloud instance (costed per hour, not bought)",
        key_specs=("gpus", "price_on_demand", "price_reserved"),
    ),
    PartKind("software", "software", "a software licence"),
    PartKind("other", "other", "anything else"),
)

PART_KINDS: dict[str, PartKind] = {k.name: k for k in _ENTRIES}
# Cooling-loop attributes that list unit groups, in the registry's order.
COOLING_UNIT_KINDS: tuple[str, ...] = tuple(k.name for k in _ENTRIES if k.cooling_unit)


def part_kind(name: str | None) -> PartKind | None:
    return PART_KINDS.get(name) if name else None


def category(name: str | None) -> str:
    """The capex category of a part of this kind ("other" for a kind not registered)."""
    entry = part_kind(name)
    return entry.category if entry else "other"
