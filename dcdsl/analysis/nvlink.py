"""NVLink domains: the GPUs one NVLink switch fabric joins, counted from the servers' parts.

A `fabric` with `kind = nvlink` covers the servers its `endpoints` select. Each server part
states its NVLink domain (`nvlink_domain`, GPUs per domain; default: the part's GPUs), the links
each GPU has (`nvlink_links`), and the NVLink switch trays and chips per domain with their ports
(`nvlink_switch_trays`, `nvlink_switch_chips`, `nvlink_switch_ports`). From those:

    domains          = Σ parts' GPUs / GPUs per domain
    GPU links        = GPUs × links per GPU                 (one link to each switch chip in NVL72)
    switch ports     = chips × ports per chip, per domain   ≥ GPUs per domain × links per GPU
    cables           = 0 outside the rack                   (the NVLink spine is a copper backplane)

A GB200 NVL72 rack (NVIDIA DGX GB200 user guide; DGX SuperPOD GB200 reference architecture,
"Multi-node NVLink fabric"): 72 GPUs in one domain, 18 compute trays, 9 NVLink switch trays with
2 chips each = 18 chips; each GPU has 18 NVLink 5 links, one to each chip, so each chip uses
72 × 18 / 18 = 72 ports. The switch trays sit inside the rack part, and so do their power and
price: the fabric adds no IT load and no BOM line.
"""

from __future__ import annotations

import math

import attrs

from dcdsl.model import Part


@attrs.frozen
class DomainGroup:
    """The domains of one server part in the fabric's scope."""

    part: str
    parts: int  # server parts (a GB200 NVL72 rack is one part)
    gpus: int
    gpus_per_domain: int
    domains: int
    links_per_gpu: int | None
    switch_trays: int | None  # per domain
    switch_chips: int | None  # per domain
    ports_per_chip: int | None
    bandwidth_gb_s: float | None  # per GPU

    @property
    def ports_needed(self) -> int | None:
        """NVLink switch ports one domain needs: a port per GPU link."""
        if self.links_per_gpu is None:
            return None
        return self.gpus_per_domain * self.links_per_gpu

    @property
    def ports_available(self) -> int | None:
        if self.switch_chips is None or self.ports_per_chip is None:
            return None
        return self.switch_chips * self.ports_per_chip


@attrs.frozen
class NvlinkCounts:
    groups: tuple[DomainGroup, ...]

    @property
    def gpus(self) -> int:
        return sum(g.gpus for g in self.groups)

    @property
    def domains(self) -> int:
        return sum(g.domains for g in self.groups)

    @property
    def gpus_per_domain(self) -> int:
        return max((g.gpus_per_domain for g in self.groups), default=0)

    @property
    def switch_trays(self) -> int:
        return sum((g.switch_trays or 0) * g.domains for g in self.groups)

    @property
    def switch_chips(self) -> int:
        return sum((g.switch_chips or 0) * g.domains for g in self.groups)

    @property
    def links(self) -> int:
        return sum(g.gpus * (g.links_per_gpu or 0) for g in self.groups)

    def summary(self) -> dict[str, object]:
        return {
            "endpoints": self.gpus,
            "tiers": 1,
            "switches": self.switch_chips,
            "links": self.links,
            "cables": 0,
            "transceivers": 0,
            "oversubscription": "1:1",
            "domains": self.domains,
            "gpus_per_domain": self.gpus_per_domain,
            "switch_trays": self.switch_trays,
        }


def _int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def domain_group(part: Part, parts: int) -> DomainGroup | None:
    """The NVLink domains of ``parts`` servers of one part; None if the part has no GPUs."""
    gpus_each = _int(part.specs.gpus) or 0
    if gpus_each <= 0 or parts <= 0:
        return None
    per_domain = _int(part.specs.nvlink_domain) or gpus_each
    gpus = gpus_each * parts
    bandwidth = part.specs.nvlink_bandwidth
    return DomainGroup(
        part=part.name,
        parts=parts,
        gpus=gpus,
        gpus_per_domain=per_domain,
        domains=math.ceil(gpus / per_domain),
        links_per_gpu=_int(part.specs.nvlink_links),
        switch_trays=_int(part.specs.nvlink_switch_trays),
        switch_chips=_int(part.specs.nvlink_switch_chips),
        ports_per_chip=_int(part.specs.nvlink_switch_ports),
        bandwidth_gb_s=float(bandwidth) if isinstance(bandwidth, int | float) else None,
    )
