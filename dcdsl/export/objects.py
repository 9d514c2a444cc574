"""The one adapter from the compiled design to NetBox's objects: model + results → object sets.

Everything else in ``dcdsl.export`` (files, plan, sync) reads only the records made here, so a
change in the model's shape is a change in this module alone.

A record is a dict of NetBox 4.x REST/bulk-import field names. A field that points at another
object holds a ``Ref`` (object set and key), which the CSV writer renders as the target's name
and the sync resolves to an id. Records are generated lazily, rack by rack: a design of 100,000
GPUs streams its rows without building them all (only rack and device names are remembered, to
prove uniqueness).

Names are stable and unique: racks ``<hall>-<rack>``, devices ``<rack>-<part>-<n>`` (n counts
the part inside the rack, bottom up), power panels ``<chain>.<element>-<unit>``, power feeds
``<rack>-<feed>``, cables ``<fabric>-<hall>-<tier>-<n>``. The same design exports the same
names, so a re-export is a diff.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from dcdsl.analysis.fabric import PORTS_BY_KIND, is_storage_system
from dcdsl.analysis.layout import Elevation, LayoutResult
from dcdsl.analysis.power.graph import rack_feeds  # the same feeds as the analysis
from dcdsl.export.cabling import FabricPorts, LinkTier, SwitchTier
from dcdsl.export.ports import INTERFACE_TYPES, physical_ports, physical_templates
from dcdsl.model import Fabric, Hall, Model, Part, PartUse, PowerNode, RackGroup, Selector
from dcdsl.model.part_kinds import DEFAULT_NETBOX_COLOR, part_kind
from dcdsl.pipeline import Compilation

Record = dict[str, Any]

# NetBox cable types for the fabric's media (dcim.choices.CableTypeChoices). The grade of fibre
# is not in the design, so optical runs are plain multimode.
CABLE_TYPES = {
    "dac": "dac-passive",
    "acc": "dac-active",
    "optical": "mmf",
    "aoc": "aoc",
    "copper": "cat6a",
}
MANAGED_TAG_COLOR = "673ab7"


class ExportError(Exception):
    """The design cannot be expressed in NetBox's terms (a name collision, a missing layout)."""


@attrs.frozen
class Ref:
    """A reference to another exported object: its set and its key (name or slug)."""

    kind: str
    key: str
    # An interface's device, when the key is `<device>/<port>`: port names may hold "/" (IB1/1/1).
    device: str = attrs.field(default="", eq=False)

    @property
    def port(self) -> str:
        """An interface reference's port name (the key less its device)."""
        return self.key[len(self.device) + 1 :] if self.device else self.key.rpartition("/")[2]


def interface_ref(device: str, port: str) -> Ref:
    return Ref("interfaces", f"{device}/{port}", device)


@attrs.frozen
class Kind:
    """One NetBox object set: where it lives in the API and which field names it uniquely."""

    name: str  # tags, sites, …: also the export file's name
    endpoint: str  # pynetbox app.endpoint
    key: str  # the field whose value is unique across this design's objects
    shared: bool = False  # may exist already (manufacturers, roles): used, never changed
    csv: bool = True  # has a bulk-import CSV (interface templates go in the device-type YAML)


# In dependency order: a set refers only to sets above it.
KINDS: tuple[Kind, ...] = (
    Kind("tags", "extras.tags", "slug", shared=True),
    Kind("manufacturers", "dcim.manufacturers", "slug", shared=True),
    Kind("device_roles", "dcim.device_roles", "slug", shared=True),
    Kind("device_types", "dcim.device_types", "slug"),
    # Keyed `<device type slug>/<name>`; instantiated by NetBox on each new device. Not taggable.
    Kind("interface_templates", "dcim.interface_templates", "name", shared=True, csv=False),
    Kind("sites", "dcim.sites", "slug"),
    Kind("locations", "dcim.locations", "slug"),
    Kind("racks", "dcim.racks", "name"),
    Kind("devices", "dcim.devices", "name"),
    Kind("power_panels", "dcim.power_panels", "name"),
    Kind("power_feeds", "dcim.power_feeds", "name"),
    Kind("cables", "dcim.cables", "label"),
)
KIND_BY_NAME = {k.name: k for k in KINDS}


def record_key(kind: Kind, record: Mapping[str, Any]) -> str:
    """The key of a record of ``kind``: its key field, or `<device type>/<name>` for templates."""
    if kind.name == "interface_templates":
        device_type = record["device_type"]
        owner = device_type.key if isinstance(device_type, Ref) else device_type
        return f"{owner}/{record['name']}"
    return str(record[kind.key])


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")
    return slug[:100] or "x"


def design_slug(model: Model) -> str:
    return slugify(model.design.name)


def managed_tag_slug(model: Model) -> str:
    """The tag every object of this design carries; sync and drift touch only objects with it."""
    return f"dcdsl-{design_slug(model)}"[:100]


def design_revision(model: Model) -> str:
    """A short hash of every file the design read: which revision NetBox holds."""
    digest = hashlib.sha256()
    for name in model.files:  # contents only: the same design anywhere has one revision
        try:
            with open(name, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()[:12]


@attrs.define
class ObjectSets:
    """The design as NetBox object sets; ``records(kind)`` streams one set's records."""

    compilation: Compilation
    tag: str
    site: str
    revision: str
    _ports: list[FabricPorts] | None = None

    @property
    def model(self) -> Model:
        assert self.compilation.model is not None
        return self.compilation.model

    @property
    def layout(self) -> LayoutResult:
        results = self.compilation.results
        if results is None or results.layout is None:
            raise ExportError("the design has no layout: it did not compile far enough to export")
        return results.layout

    def records(self, kind: str) -> Iterator[Record]:
        generator: Callable[[], Iterable[Record]] = getattr(self, f"_{kind}")
        yield from generator()

    def tags_of(self) -> list[Ref]:
        return [Ref("tags", self.tag)]

    # --- shared and type-level sets ------------------------------------------------------------

    def _tags(self) -> Iterator[Record]:
        yield {
            "name": f"dcdsl:{self.model.design.name}"[:100],
            "slug": self.tag,
            "color": MANAGED_TAG_COLOR,
            "description": f"managed by dcc from design {self.model.design.name}"[:200],
        }

    def _parts(self) -> list[tuple[Part, str]]:
        """Every part a rack holds, with its role, in name order (each once)."""
        found: dict[str, tuple[Part, str]] = {}
        for group in self.model.rack_groups():
            for use in group.all_contents():
                found.setdefault(use.part.name, (use.part, _role(use)))
        return [found[name] for name in sorted(found)]

    def _manufacturers(self) -> Iterator[Record]:
        names = sorted({_vendor(part) for part, _ in self._parts()})
        for name in names:
            yield {"name": name, "slug": slugify(name)}

    def _device_roles(self) -> Iterator[Record]:
        for role in sorted({role for _, role in self._parts()}):
            yield {
                "name": role.replace("_", " "),
                "slug": slugify(role),
                "color": _role_color(role),
                "tags": self.tags_of(),
            }

    def _device_types(self) -> Iterator[Record]:
        models_seen: dict[tuple[str, str], str] = {}
        for part, _ in self._parts():
            vendor = _vendor(part)
            model = str(part.specs.model or part.name)
            if models_seen.setdefault((vendor, model), part.name) != part.name:
                model = f"{model} ({part.name})"  # two parts of one model: keep both apart
            height = _float(part.specs.height) or 0.0
            record: Record = {
                "manufacturer": Ref("manufacturers", slugify(vendor)),
                "model": model[:100],
                "slug": device_type_slug(part),
                "part_number": part.name[:50],
                "u_height": _half_units(height),
                "is_full_depth": height > 0,
                "description": part.description[:200],
                "tags": self.tags_of(),
            }
            weight = _float(part.specs.weight)
            if weight is not None:
                record["weight"] = round(weight, 2)
                record["weight_unit"] = "kg"
            yield record

    # --- places ---------------------------------------------------------------------------------

    def _sites(self) -> Iterator[Record]:
        design = self.model.design
        yield {
            "name": design.name[:100],
            "slug": self.site,
            "status": "planned",
            "description": str(design.description or "")[:200],
            "comments": f"dcc design revision {self.revision}",
            "tags": self.tags_of(),
        }

    def _locations(self) -> Iterator[Record]:
        for hall in self.model.halls:
            yield {
                "name": hall.name[:100],
                "slug": self.hall_slug(hall),
                "site": Ref("sites", self.site),
                "parent": None,
                "status": "planned",
                "description": "hall",
                "tags": self.tags_of(),
            }
            for row in hall.rows:
                yield {
                    "name": f"{hall.name} row {row.name}"[:100],
                    "slug": slugify(f"{self.hall_slug(hall)}-{row.name}"),
                    "site": Ref("sites", self.site),
                    "parent": Ref("locations", self.hall_slug(hall)),
                    "status": "planned",
                    "description": "row",
                    "tags": self.tags_of(),
                }

    def hall_slug(self, hall: Hall) -> str:
        return slugify(f"{self.site}-{hall.name}")

    def _location_of(self, group: RackGroup) -> Ref:
        assert group.hall is not None
        if group.row is None:
            return Ref("locations", self.hall_slug(group.hall))
        return Ref("locations", slugify(f"{self.hall_slug(group.hall)}-{group.row.name}"))

    def racks(self) -> Iterator[tuple[RackGroup, int, str]]:
        """Every rack: its group, its index in the group, its NetBox name."""
        seen: set[str] = set()
        for group in self.model.rack_groups():
            hall = group.hall.name if group.hall is not None else "hall"
            for index in range(group.count):
                name = f"{hall}-{group.name(index)}"[:100]
                if name in seen:
                    raise ExportError(
                        f"two racks are both named `{name}`: NetBox needs unique rack names; "
                        "rename one of the rack ranges"
                    )
                seen.add(name)
                yield group, index, name

    def _racks(self) -> Iterator[Record]:
        for group, _, name in self.racks():
            yield {
                "name": name,
                "site": Ref("sites", self.site),
                "location": self._location_of(group),
                "status": "planned",
                "u_height": int(_float(group.height) or 42),
                "width": 19,
                "form_factor": "4-post-cabinet",
                "description": f"rack type {group.rack_type.name}"[:200],
                "tags": self.tags_of(),
            }

    # --- devices ----------------------------------------------------------------------------------

    def elevation_of(self, group: RackGroup) -> Elevation:
        layout = self.layout
        for found_group, found in layout.group_elevations:
            if found_group is group:
                return found
        by_type = layout.elevations.get(group.rack_type.name)
        if by_type is None:
            raise ExportError(f"no elevation for rack type `{group.rack_type.name}`")
        return by_type

    def rack_devices(
        self, group: RackGroup, rack: str
    ) -> Iterator[tuple[str, PartUse, int | None]]:
        """A rack's devices bottom up (then its 0 U rack PDUs): name, use, U position."""
        elevation = self.elevation_of(group)
        numbers: dict[str, int] = {}
        for placement in elevation.placements:
            for copy in range(placement.count):
                position = placement.start_u + copy * placement.height_u
                name = _device_name(rack, placement.use, numbers)
                yield name, placement.use, position if placement.height_u else None
        for use in elevation.pdus:
            for _ in range(use.count):
                yield _device_name(rack, use, numbers), use, None

    def _devices(self) -> Iterator[Record]:
        for group, _, rack in self.racks():
            location = self._location_of(group)
            for name, use, position in self.rack_devices(group, rack):
                record: Record = {
                    "name": name,
                    "device_type": Ref("device_types", device_type_slug(use.part)),
                    "role": Ref("device_roles", slugify(_role(use))),
                    "site": Ref("sites", self.site),
                    "location": location,
                    "rack": Ref("racks", rack),
                    "status": "planned",
                    "tags": self.tags_of(),
                }
                if position is not None:
                    record["position"] = position
                    record["face"] = "front"
                yield record

    # --- power ----------------------------------------------------------------------------------

    def _feeding(self) -> dict[int, list[PowerNode]]:
        """The power elements each rack group draws from, as the power analysis reads them."""
        return {id(group): rack_feeds(group) for group in self.model.rack_groups()}

    def _power_panels(self) -> Iterator[Record]:
        feeding = self._feeding()
        nodes: dict[str, PowerNode] = {}
        for group in self.model.rack_groups():
            for node in feeding[id(group)]:
                nodes.setdefault(node.path, node)
        for path in sorted(nodes):
            node = nodes[path]
            for unit in range(1, max(1, node.count) + 1):
                yield {
                    "name": panel_name(node, unit),
                    "site": Ref("sites", self.site),
                    "description": f"{node.kind} {node.path}, unit {unit} of {node.count}"[:200],
                    "tags": self.tags_of(),
                }

    def _power_feeds(self) -> Iterator[Record]:
        feeding = self._feeding()
        # Racks on one element are spread over its units in contiguous blocks, in design order.
        racks_on: dict[str, int] = {}
        for group in self.model.rack_groups():
            for node in feeding[id(group)]:
                racks_on[node.path] = racks_on.get(node.path, 0) + group.count
        seen_on: dict[str, int] = {}
        for group, _index, rack in self.racks():
            nodes = feeding[id(group)]
            pdus = [u for u in group.all_contents() if u.role == "rack_pdu"]
            if not nodes or not pdus:
                continue
            units: dict[str, int] = {}
            for node in nodes:
                position = seen_on.get(node.path, 0)
                units[node.path] = 1 + position * max(1, node.count) // racks_on[node.path]
                seen_on[node.path] = position + 1
            number = 0
            for use in pdus:
                for _ in range(use.count):
                    node = nodes[number % len(nodes)]
                    number += 1
                    record = self._feed(rack, number, node, units[node.path], use, nodes)
                    if group.pdu_redundancy is not None:  # the rack PDUs back each other up
                        record["description"] += f" (rack PDUs {group.pdu_redundancy})"
                    yield record

    def _feed(
        self, rack: str, number: int, node: PowerNode, unit: int, pdu: PartUse, nodes: list
    ) -> Record:
        voltage = _float(pdu.specs.voltage)
        current = _float(pdu.specs.current)
        phases = int(_float(pdu.specs.phases) or 1)
        path = str(node.side or chr(ord("A") + nodes.index(node)))
        record: Record = {
            "name": f"{rack}-feed{number}-{path}"[:100],
            "power_panel": Ref("power_panels", panel_name(node, unit)),
            "rack": Ref("racks", rack),
            "status": "planned",
            "type": "primary" if nodes.index(node) == 0 else "redundant",
            "supply": "ac",
            "phase": "three-phase" if phases == 3 else "single-phase",
            "max_utilization": 80,
            "description": f"rack PDU {pdu.part.name} from {node.path}"[:200],
            "tags": self.tags_of(),
        }
        if voltage is not None:
            record["voltage"] = round(voltage)
        if current is not None:
            record["amperage"] = round(current)
        return record

    # --- cables ---------------------------------------------------------------------------------

    def fabric_ports(self) -> list[FabricPorts]:
        """The port plan of each sized fabric (dcdsl.export.cabling), computed once."""
        if self._ports is not None:
            return self._ports
        results = self.compilation.results
        fabrics = results.fabrics if results is not None else {}
        by_name = {f.name: f for f in self.model.fabrics}
        taken: set[str] = set()  # a switch device serves one fabric
        plans: list[FabricPorts] = []
        managed: dict[str, Fabric] = {}  # out-of-band fabrics: they reach the others' switches
        for name in sorted(fabrics):
            result, fabric = fabrics[name], by_name.get(name)
            counts = result.counts
            if counts is None or fabric is None:
                continue
            nodes = self._devices_where(fabric.endpoints, _is_server)
            switches = []
            for tier in counts.switch_tiers:
                part = result.switch_parts.get(tier.name)
                placed = self._devices_where(None, _part_named(str(part)))
                found = [d for d in placed if d not in taken][: tier.switches]
                taken.update(found)
                model_part = self.model.parts.get(str(part))
                targets = counts.target_leaves if tier.name == "leaf" else 0
                switches.append(
                    SwitchTier(
                        tier.name,
                        tuple(found),
                        tier.switches,
                        tier.down_ports,
                        tier.up_ports,
                        physical_ports(model_part) if model_part is not None else None,
                        targets,
                        -(-counts.spec.target_ports // targets) if targets else 0,
                    )
                )
            lengths: dict[str, list[tuple[str, int | None, int]]] = {}
            for per_hall in self.layout.cabling.get(name, []):
                for cabled in per_hall.tiers:
                    for (medium, length), count in cabled.bins.items():
                        lengths.setdefault(cabled.name, []).append((medium, length, count))
            tiers = [
                LinkTier(
                    t.name, t.links, tuple(lengths.get(t.name, ())), str(t.lower), str(t.upper)
                )
                for t in counts.link_tiers
            ]
            first = counts.link_tiers[0].links if counts.link_tiers else 0
            # The nodes' own links: the first tier less the other devices' ports on the leaves.
            node_links = max(0, first - counts.spec.extra_ports)
            node_ports = -(-node_links // len(nodes)) if nodes else 0
            speed = result.port_speed_gbps
            plan = FabricPorts(name, nodes, node_ports, switches, tiers, speed_gbps=speed)
            if result.kind == "oob":
                managed[name] = fabric
            else:
                plan.others = self._joining(fabric, result.kind, counts.spec.ufm_ports or 0)
            if result.kind == "storage":
                found_targets = self._uses_where(fabric.endpoints, is_storage_system)
                plan.targets = [
                    (d, ports)
                    for d, use in found_targets
                    if (ports := use.part.specs.storage_ports)
                ]
            plans.append(plan)
        switch_devices = {
            d for p in plans if p.fabric not in managed for t in p.switches for d in t.devices
        }
        mgmt = {  # switches whose part names its management port: the OOB cable ends there
            d: t.physical.mgmt
            for p in plans
            if p.fabric not in managed
            for t in p.switches
            if t.physical is not None and t.physical.mgmt
            for d in t.devices
        }
        for plan in plans:
            if plan.fabric in managed:
                plan.others = self._managed(managed[plan.fabric], switch_devices)
                plan.mgmt = mgmt
        self._ports = plans
        return plans

    def _joining(self, fabric: Fabric, kind: str, ufm_ports: int) -> list[tuple[str, int]]:
        """Devices other than nodes and switches on a fabric's leaves, with their ports: the
        fabric's ``ufm`` ports spread over the UFM appliances in its scope, then each other
        device's own ports of the fabric's kind (``storage_ports``, ``inband_ports``), as the
        fabric analysis counts them."""
        ufm = self._devices_where(fabric.endpoints, _is_ufm)
        joining: list[tuple[str, int]] = []
        for index, device in enumerate(ufm):
            share = ufm_ports // len(ufm) + (1 if index < ufm_ports % len(ufm) else 0)
            if share:
                joining.append((device, share))
        ports_of = PORTS_BY_KIND.get(kind, (None, 0))[0]
        if ports_of is not None and kind in ("storage", "inband"):
            # Storage systems are a storage fabric's target side, not on its node leaves.
            joins = _joins_node_leaves if kind == "storage" else _is_managed
            found = self._uses_where(fabric.endpoints, joins)
            joining += [(d, ports) for d, use in found if (ports := ports_of(use.part.specs) or 0)]
        return joining

    def _managed(self, fabric: Fabric, switches: set[str]) -> list[tuple[str, int]]:
        """An out-of-band network's other ports: one management port per switch of the other
        fabrics, rack PDU and device other than a server or switch, in rack order."""
        found = self._uses_where(None, lambda use: True)
        scoped = {
            d
            for d, use in self._uses_where(fabric.endpoints, _is_managed)
            if use.part.specs.mgmt_ports != 0  # as the fabric analysis counts them
        }
        return [(d, 1) for d, _ in found if d in switches or d in scoped]

    def _uses_where(
        self, endpoints: object, wanted: Callable[[PartUse], bool]
    ) -> list[tuple[str, PartUse]]:
        scope = endpoints.scope if isinstance(endpoints, Selector) else None
        found: list[tuple[str, PartUse]] = []
        for group, _, rack in self.racks():
            if scope is not None and scope is not group.hall and scope is not group.row:
                continue
            if not any(wanted(use) for use in group.all_contents()):
                continue
            found.extend(
                (name, use) for name, use, _ in self.rack_devices(group, rack) if wanted(use)
            )
        return found

    def _devices_where(self, endpoints: object, wanted: Callable[[PartUse], bool]) -> list[str]:
        """Device names, in rack order, of the uses ``wanted`` picks inside a fabric's scope."""
        return [name for name, _ in self._uses_where(endpoints, wanted)]

    def _interface_templates(self) -> Iterator[Record]:
        """Each device type's own ports in each fabric its devices join: `<fabric>-1` …
        `<fabric>-n`, n the most any of its devices uses there (a node's rails, a switch's down,
        up and ISL ports, another device's ports of that fabric's kind)."""
        ports: dict[str, dict[str, tuple[int, str, bool]]] = {}  # type -> fabric -> (n, type, mgmt)
        type_of = self._type_of_device()
        oob = self._oob()
        physical = {  # device types whose part names its physical ports: exactly those
            type_of[t.devices[0]]: t.physical
            for plan in self.fabric_ports()
            for t in plan.switches
            if t.devices and t.physical is not None
        }
        for slug in sorted(physical):
            yield from physical_templates(Ref("device_types", slug), physical[slug])
        for plan in self.fabric_ports():
            kind = INTERFACE_TYPES.get(round(plan.speed_gbps or 0), "other")
            mgmt = plan.fabric in oob  # a BMC's, PDU's or other switch's management port
            needs = [(d, plan.node_ports, mgmt) for d in plan.nodes]  # of every server type
            needs += [(t.devices[0], plan.ports_of(t), False) for t in plan.switches if t.devices]
            needs += [(d, n, mgmt) for d, n in plan.others]
            needs += [(d, n, False) for d, n in plan.targets]
            for device, count, only in needs:
                if count <= 0 or type_of[device] in physical:
                    continue
                slug = type_of[device]
                have = ports.setdefault(slug, {}).get(plan.fabric, (0, kind, only))[0]
                ports[slug][plan.fabric] = (max(have, count), kind, only)
        for slug in sorted(ports):
            for fabric in sorted(ports[slug]):
                count, kind, only = ports[slug][fabric]
                for n in range(1, count + 1):
                    yield {
                        "device_type": Ref("device_types", slug),
                        "name": f"{fabric}-{n}",
                        "type": kind,
                        "mgmt_only": only,
                    }

    def _oob(self) -> set[str]:
        results = self.compilation.results
        fabrics = results.fabrics if results is not None else {}
        return {name for name, result in fabrics.items() if result.kind == "oob"}

    def _type_of_device(self) -> dict[str, str]:
        """Device type slug of every device in a port plan."""
        wanted: set[str] = set()
        for plan in self.fabric_ports():
            wanted.update(plan.nodes)
            wanted.update(t.devices[0] for t in plan.switches if t.devices)
            wanted.update(d for d, _ in plan.others)
            wanted.update(d for d, _ in plan.targets)
        found: dict[str, str] = {}
        for group, _, rack in self.racks():
            for name, use, _ in self.rack_devices(group, rack):
                if name in wanted:
                    found[name] = device_type_slug(use.part)
            if len(found) == len(wanted):
                break
        return found

    def _cables(self) -> Iterator[Record]:
        for plan in self.fabric_ports():
            for link in plan.links():
                record: Record = {
                    "a_terminations": [interface_ref(link.a_device, link.a_port)],
                    "b_terminations": [interface_ref(link.b_device, link.b_port)],
                    "label": f"{plan.fabric}-{link.tier}-{link.number:06d}"[:100],
                    "type": CABLE_TYPES.get(link.medium, ""),
                    "status": "planned",
                    "description": f"fabric {plan.fabric}, {link.tier} link, {link.medium}"[:200],
                    "tags": self.tags_of(),
                }
                if link.length_m is not None:
                    record["length"] = float(link.length_m)
                    record["length_unit"] = "m"
                yield record

    def uncabled(self) -> dict[str, int]:
        """Links per `<fabric> <tier>` without a placed switch to end on (after ``_cables``)."""
        return {
            f"{plan.fabric} {tier}": count
            for plan in self.fabric_ports()
            for tier, count in plan.uncabled.items()
        }


def object_sets(compilation: Compilation) -> ObjectSets:
    if compilation.model is None:
        raise ExportError("the design could not be elaborated")
    model = compilation.model
    return ObjectSets(
        compilation, managed_tag_slug(model), design_slug(model), design_revision(model)
    )


def _device_name(rack: str, use: PartUse, numbers: dict[str, int]) -> str:
    numbers[use.part.name] = numbers.get(use.part.name, 0) + 1
    label = use.label if use.label and use.count == 1 else None
    return f"{rack}-{label or use.part.name}-{numbers[use.part.name]}"[:64]


def panel_name(node: PowerNode, unit: int) -> str:
    return f"{node.path}-{unit}"[:100]


def device_type_slug(part: Part) -> str:
    return slugify(f"{_vendor(part)}-{part.name}")


def _vendor(part: Part) -> str:
    return str(part.specs.vendor or "generic")[:100]


def _role_color(role: str) -> str:
    """NetBox's colour for a device role: its part kind's, or the default for another role."""
    entry = part_kind(role)
    return entry.netbox_color if entry else DEFAULT_NETBOX_COLOR


def _role(use: PartUse) -> str:
    if use.role != "device":
        return use.role
    return str(use.part.kind or "device")


def _float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _half_units(height: float) -> float:
    """NetBox takes heights in half units: a 1.75 U device is 2 U (rounded up)."""
    return math.ceil(height * 2) / 2


def _is_server(use: PartUse) -> bool:
    return _role(use) == "server"


def _is_ufm(use: PartUse) -> bool:
    """A UFM appliance: the devices a fabric's `ufm` ports belong to (by part name or model)."""
    return not _is_server(use) and "ufm" in f"{use.part.name} {use.part.specs.model}".lower()


def _is_managed(use: PartUse) -> bool:
    """A rack PDU or a device other than a server or switch (as the fabric analysis counts)."""
    return use.role == "rack_pdu" or use.part.kind not in ("server", "switch")


def _joins_node_leaves(use: PartUse) -> bool:
    return _is_managed(use) and not is_storage_system(use)


def _part_named(name: str) -> Callable[[PartUse], bool]:
    return lambda use: use.part.name == name
