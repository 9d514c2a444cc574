"""Network rules (DC-NET-…): fabric size limits, port budgets, speeds, oversubscription, rails.

Each rule reads ``results.fabrics`` (``dcdsl.analysis.fabric``) and points at the fabric block.
docs/checks.md documents every id with its formula and a worked example.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from dcdsl.analysis.fabric import FabricCounts, FabricResult, size, ways_out
from dcdsl.analysis.nvlink import DomainGroup
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, Span, error, note, warning
from dcdsl.model import Model
from dcdsl.rules.registry import rule

TIER_WORDS = {1: "one-tier", 2: "two-tier", 3: "three-tier", 4: "four-tier"}


def _sized(results: Results) -> Iterator[tuple[FabricResult, FabricCounts]]:
    for _, result in sorted(results.fabrics.items()):
        if result.counts is not None:
            yield result, result.counts


def _span(result: FabricResult) -> Span | None:
    return result.fabric.span if result.fabric is not None else None


def _tiers(n: int) -> str:
    return TIER_WORDS.get(n, f"{n}-tier")


def _limit_formula(counts: FabricCounts) -> str:
    non_blocking = counts.leaf_down == counts.leaf_up and counts.nodes_per_su in (
        None,
        counts.leaf_down,
    )
    same_radix = counts.spec.spine_radix in (None, counts.spec.radix) and (
        counts.spec.core_radix in (None, counts.spec.radix)
    )
    if non_blocking and same_radix:
        return {2: "r²/2", 3: "r³/4", 4: "r⁴/8"}.get(counts.tiers, "2·(r/2)^t")
    return "L_max × d"


@rule("DC-NET-001")
def size_limit(model: Model, results: Results) -> Iterator[Diagnostic]:
    for result, counts in _sized(results):
        if not counts.limit_exceeded:
            continue
        spec = counts.spec
        radix = spec.radix
        way = ways_out(counts)
        per_plane = " per plane" if spec.planes > 1 else ""
        capacity = counts.capacity_per_plane
        notes = [
            f"{counts.endpoints_per_plane:,} endpoints{per_plane} need "
            f"{counts.leaves // spec.planes:,} leaves of {counts.leaf_down} downlink ports; "
            f"{counts.tiers} tiers of {radix}-port switches reach at most "
            f"{counts.max_leaves:,} leaves ({_limit_formula(counts)} = {capacity:,} endpoints)",
        ]
        ways = [
            f"a higher-radix switch: ≥ {way.radix_needed} ports at this speed holds it "
            f"non-blocking in {way.tiers} tiers (Quantum-X800 Q3400, 144 × 800 Gb/s: "
            f"{2 * 72**way.tiers:,})",
            f"`planes = {way.planes_needed * spec.planes}` "
            f"({-(-spec.endpoints // (way.planes_needed * spec.planes)):,} endpoints each)",
        ]
        if way.oversubscription_needed is not None:
            d, u = way.oversubscription_needed
            ways.append(
                f"`oversubscription = {d}:{u}` ({d / u:.2f}:1) at the leaf, "
                f"if the workload tolerates it"
            )
        ways.append(
            f"`tiers = {way.tiers + 1}` (up to {way.next_tier_capacity:,} endpoints{per_plane})"
        )
        yield error(
            "DC-NET-001",
            f'fabric "{result.name}" has {counts.endpoints_per_plane:,} endpoints{per_plane}; '
            f"a non-blocking {_tiers(counts.tiers)} fabric of {radix}-port switches holds at "
            f"most {capacity:,}",
            _span(result),
            notes=notes,
            help="ways out: " + "; ".join(ways),
        )


@rule("DC-NET-002")
def speed_mismatch(model: Model, results: Results) -> Iterator[Diagnostic]:
    for result, _ in _sized(results):
        nic, port = result.nic_speed_gbps, result.port_speed_gbps
        if nic is None or port is None or abs(nic - port) < 1e-9:
            continue
        switch = result.switch_parts.get("leaf", "the switch")
        yield error(
            "DC-NET-002",
            f'fabric "{result.name}": the NICs run at {nic:g} Gb/s but {switch} ports run at '
            f"{port:g} Gb/s",
            _span(result),
            notes=[
                "a link runs at one speed end to end (NDR 400 Gb/s, XDR 800 Gb/s); "
                "the fabric's bandwidth figures assume the switch port speed"
            ],
            help=f"choose a switch with {nic:g} Gb/s ports or NICs at {port:g} Gb/s; a port "
            "split into two is a part of its own (`ports` doubled, `port_speed` halved)",
        )


@rule("DC-NET-003")
def oversubscription(model: Model, results: Results) -> Iterator[Diagnostic]:
    for result, counts in _sized(results):
        target = result.target
        if target is None or counts.tiers < 2 or counts.leaf_up == 0:
            continue
        built = counts.leaf_down / counts.leaf_up
        if built <= target.value + 1e-9:
            continue
        spec = counts.spec
        fixed = size(attrs.evolve(spec, down=target.down, up=target.up))
        speed = f" × {spec.port_speed_gbps:g} Gb/s" if spec.port_speed_gbps else ""
        yield warning(
            "DC-NET-003",
            f'fabric "{result.name}" is oversubscribed {counts.oversubscription} at the leaf; '
            f"the target is {target}",
            _span(result),
            notes=[
                f"each leaf has {counts.leaf_down} ports down{speed} and {counts.leaf_up} up; "
                f"bisection {_tbps(counts.bisection_gbps)} instead of "
                f"{_tbps(fixed.bisection_gbps)}"
            ],
            help=f"set `oversubscription = {target}`: {fixed.leaves:,} leaves and "
            f"{fixed.switches - fixed.leaves:,} switches above them instead of "
            f"{counts.leaves:,} and {counts.switches - counts.leaves:,}; or raise the target "
            "with `oversubscription_target`",
        )


def _tbps(gbps: float | None) -> str:
    return "unknown" if gbps is None else f"{gbps / 1000:,.1f} Tb/s"


@rule("DC-NET-004")
def rail_alignment(model: Model, results: Results) -> Iterator[Diagnostic]:
    for result, counts in _sized(results):
        if counts.nodes_per_su is None or counts.leaves_per_rail <= 1:
            continue
        d = counts.leaf_down
        yield warning(
            "DC-NET-004",
            f'fabric "{result.name}": {counts.nodes_per_su} nodes per scalable unit exceed the '
            f"{d} downlink ports of a {counts.spec.radix}-port leaf",
            _span(result),
            notes=[
                f"each rail of a scalable unit needs {counts.leaves_per_rail} leaves, so traffic "
                "between GPUs of one rail crosses a spine instead of staying one hop"
            ],
            help=f"set `nodes_per_su = {d}` (r/2 = {counts.spec.radix // 2} when non-blocking), "
            f"or use a switch with at least {2 * counts.nodes_per_su} ports",
        )


@rule("DC-NET-005")
def ports_over_radix(model: Model, results: Results) -> Iterator[Diagnostic]:
    for result, counts in _sized(results):
        spec = counts.spec
        planes = spec.planes
        if counts.leaf_ports_short:
            leaves = counts.leaves // planes
            have = leaves * counts.leaf_down
            need = have + counts.leaf_ports_short
            extra = f" + {spec.extra_ports} UFM" if spec.extra_ports else ""
            per_plane = " per plane" if planes > 1 else ""
            fix = (
                "give up a node slot for the UFM ports (`reserved_nodes = 1`, as the DGX "
                "SuperPOD does)"
                if spec.extra_ports and spec.topology == "rail_optimized"
                else "add leaves (fewer `nodes_per_su`) or lower the endpoint count"
            )
            yield error(
                "DC-NET-005",
                f'fabric "{result.name}": the leaves need {need:,} downlink ports{per_plane} '
                f"({counts.endpoints_per_plane:,} endpoints{extra}) but have {have:,} "
                f"({leaves:,} leaves × {counts.leaf_down})",
                _span(result),
                help=fix,
            )
        for tier in counts.switch_tiers[1:]:
            if counts.limit_exceeded or tier.ports_used <= tier.radix:
                continue  # past the size limit DC-NET-001 explains it
            yield error(
                "DC-NET-005",
                f'fabric "{result.name}": each {tier.name} switch needs {tier.ports_used} '
                f"ports; it has {tier.radix}",
                _span(result),
                help="use a higher-radix switch for this tier or add a tier (`tiers`)",
            )


@rule("DC-NET-006")
def unsized(model: Model, results: Results) -> Iterator[Diagnostic]:
    for _, result in sorted(results.fabrics.items()):
        for problem in result.problems:
            yield error("DC-NET-006", problem.message, _span(result), help=problem.help)


@rule("DC-NET-007")
def missing_power(model: Model, results: Results) -> Iterator[Diagnostic]:
    for result, _ in _sized(results):
        if not result.missing_power:
            continue
        quantities: dict[str, int] = {}
        for item in result.items:
            name = item.part or item.description
            if name in result.missing_power:
                quantities[name] = quantities.get(name, 0) + item.quantity
        listed = ", ".join(
            f"`{name}` (× {quantity:,})" for name, quantity in sorted(quantities.items())
        )
        yield note(
            "DC-NET-007",
            f'fabric "{result.name}": no power figure for {listed}; the fabric adds '
            f"{result.power_kw:,.1f} kW to the IT load without them",
            _span(result),
            help="add `power_max` to the part from the vendor's specifications, or name a "
            "transceiver part (`switch_transceiver = …`) that has one",
        )


def _nvlink(results: Results) -> Iterator[tuple[FabricResult, DomainGroup]]:
    for result in results.fabrics.values():
        if isinstance(result, FabricResult) and result.nvlink is not None:
            for group in result.nvlink.groups:
                yield result, group


@rule("DC-NET-009")
def nvlink_ports(model: Model, results: Results) -> Iterator[Diagnostic]:
    for result, group in _nvlink(results):
        needed, available = group.ports_needed, group.ports_available
        if needed is None or available is None or needed <= available:
            continue
        yield error(
            "DC-NET-009",
            f'NVLink fabric "{result.name}": a domain of {group.gpus_per_domain} GPUs × '
            f"{group.links_per_gpu} links needs {needed:,} switch ports; its "
            f"{group.switch_chips} chips × {group.ports_per_chip} ports have {available:,}",
            _span(result),
            notes=[f"server part `{group.part}`"],
            help="add NVLink switch chips (`nvlink_switch_chips`) or make the domain smaller "
            "(`nvlink_domain`)",
        )


@rule("DC-NET-010")
def nvlink_partial(model: Model, results: Results) -> Iterator[Diagnostic]:
    for result, group in _nvlink(results):
        rest = group.gpus % group.gpus_per_domain
        if not rest:
            continue
        yield warning(
            "DC-NET-010",
            f'NVLink fabric "{result.name}": {group.gpus:,} GPUs of `{group.part}` make '
            f"{group.domains:,} domains of {group.gpus_per_domain}; the last holds only {rest}",
            _span(result),
            help="place whole domains of servers, or state the domain the part really has",
        )
