"""A switch's physical interfaces, by position and named as its vendor names them.

A part that says how (`port_names`, a pattern of ``{port}``, ``{cage}`` and ``{lane}``, and
`mgmt_port`) gets exactly its physical ports as its NetBox device type's interfaces: QM9700
``IB1/1/1`` … ``IB1/32/2`` (32 twin-port OSFP cages, 64 NDR ports, MLNX-OS naming) and
``mgmt0``; a Cumulus switch ``swp1`` …, its separate uplink ports (`uplinks`) numbered after its
front ports, and ``eth0``. A fabric's switch port n (down ports first, then up ports, then ISL
ports: dcdsl.export.cabling) is physical port n, except that up ports go to the part's separate
uplink ports when it has them (SN2201: 48 × 1 GbE, then 4 × 100 GbE). Parts without a pattern
keep the generic `<fabric>-<n>` names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from dcdsl.model import Part

# NetBox interface types by port speed in Gb/s (dcim.choices.InterfaceTypeChoices).
INTERFACE_TYPES = {
    1: "1000base-t",
    10: "10gbase-x-sfpp",
    25: "25gbase-x-sfp28",
    50: "50gbase-x-sfp56",
    100: "100gbase-x-qsfp28",
    200: "200gbase-x-qsfp56",
    400: "400gbase-x-osfp",
    800: "800gbase-x-osfp",
}

# Past this many ports a pattern is not expanded (a design may state any count).
MAX_NAMED_PORTS = 4096


@attrs.frozen
class PhysicalPorts:
    names: tuple[str, ...]  # front ports by position, then the separate uplink ports
    front: int  # the part's `ports`
    uplinks: int  # the part's `uplinks` (ports besides `ports`)
    mgmt: str | None  # the management port's name
    front_type: str  # NetBox interface type of the front ports, by the part's `port_speed`
    uplink_type: str  # and of the uplink ports, by its `uplink_speed`

    def of_fabric_port(self, n: int, down_ports: int) -> str | None:
        """The physical port that a switch's fabric port n (1-based) is cabled to."""
        index = n - 1
        if self.uplinks and n > down_ports:
            index = self.front + (n - down_ports - 1)
        return self.names[index] if 0 <= index < len(self.names) else None


def _expand(pattern: str, port: int, per_cage: int) -> str:
    cage, lane = divmod(port - 1, per_cage)
    return (
        pattern.replace("{port}", str(port))
        .replace("{cage}", str(cage + 1))
        .replace("{lane}", str(lane + 1))
    )[:64]  # NetBox's interface name limit


def physical_ports(part: Part) -> PhysicalPorts | None:
    """The part's physical ports, or None when it gives no usable pattern (the generic names
    stay): no `port_names` or `ports`, more ports than ``MAX_NAMED_PORTS``, or a pattern that
    names two ports alike."""
    specs = part.specs
    pattern = specs.port_names
    front, uplinks, cages = int(specs.ports or 0), int(specs.uplinks or 0), int(specs.cages or 0)
    if not pattern or front <= 0 or front + uplinks > MAX_NAMED_PORTS:
        return None
    per_cage = max(1, front // cages) if cages else 1
    names = tuple(_expand(str(pattern), port, per_cage) for port in range(1, front + uplinks + 1))
    mgmt = str(specs.mgmt_port)[:64] if specs.mgmt_port else None
    if len(set(names)) != len(names) or mgmt in names:
        return None
    front_type = _interface_type(specs.port_speed)
    uplink_type = _interface_type(specs.uplink_speed) if specs.uplink_speed else front_type
    return PhysicalPorts(names, front, uplinks, mgmt, front_type, uplink_type)


def _interface_type(speed: object) -> str:
    gbps = round(speed) if isinstance(speed, int | float) and not isinstance(speed, bool) else 0
    return INTERFACE_TYPES.get(gbps, "other")


def physical_templates(device_type: Any, ports: PhysicalPorts) -> Iterator[dict[str, Any]]:
    """Interface templates of a device type: its physical ports, then its management port."""
    for index, name in enumerate(ports.names):
        kind = ports.front_type if index < ports.front else ports.uplink_type
        yield {"device_type": device_type, "name": name, "type": kind, "mgmt_only": False}
    if ports.mgmt:
        yield {
            "device_type": device_type,
            "name": ports.mgmt,
            "type": INTERFACE_TYPES[1],  # a 1000BASE-T RJ45 management port
            "mgmt_only": True,
        }
