"""Power rules (DC-POWER-001…013): loading, redundancy under failure, rack PDUs, source capacity.

The figures come from ``dcdsl.analysis.power``; these checks only compare and explain them.
Voltages, currents and fault levels are in ``dcdsl.rules.power_levels``; margins, autonomy and
tier claims in ``dcdsl.rules.power_sources``. Each id is documented in docs/checks.md (Power).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dcdsl.analysis import electrical as el
from dcdsl.analysis import generation as gen
from dcdsl.analysis.power import (
    ElementResult,
    PowerResult,
    Scenario,
    SideState,
    describe_groups,
    format_kva,
    format_kw,
    format_pct,
    sizing_help,
)
from dcdsl.analysis.power.tier import plant_kw, rating_class
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, Label, error, note, warning
from dcdsl.model import Model, PowerNode, Redundancy
from dcdsl.rules.registry import rule


def power_of(results: Results) -> PowerResult | None:
    power = results.power
    return power if isinstance(power, PowerResult) else None


def _pf_source(power: PowerResult, element: ElementResult) -> str:
    if element.power_factor != power.power_factor:
        return f"PF {element.power_factor:g} (set on the chain or element)"
    where = power.power_factor_source
    if where == "default":
        return f"PF {element.power_factor:g} (default; set `design {{ power_factor = … }}`)"
    return f"PF {element.power_factor:g} (from {where})"


def _load_vs_rating(element: ElementResult, state: SideState) -> str:
    """'1,100 kW of 1,250 kW' or '2,632 kVA of 2,500 kVA', whichever binds."""
    if state.basis == "kW" and element.rating_kw:
        return f"{format_kw(state.unit_kw)} of {format_kw(element.rating_kw)}"
    return f"{format_kva(state.unit_kva)} of {format_kva(element.rating_kva or 0.0)}"


def _per_unit(element: ElementResult, state: SideState) -> str:
    return "" if state.units == 1 else " per unit"


def _state_notes(power: PowerResult, element: ElementResult, state: SideState) -> list[str]:
    notes = [
        f"{element.key}: {format_kw(state.load_kw)} = {format_kva(state.load_kva)} at "
        f"{_pf_source(power, element)}, shared by {state.units} of {element.units} "
        f"unit{'s' if element.units != 1 else ''}"
    ]
    if state.current_a is not None and element.voltage_v:
        notes.append(
            f"current per unit: {state.current_a:,.0f} A at {element.voltage_v:,.0f} V "
            "(I = P / (√3 · V · PF))"
        )
    notes.append(f"load at {power.load_basis}")
    limit = limit_citation(power, element, state)
    notes.append(f"limit: {limit}")
    return notes


def limit_citation(power: PowerResult, element: ElementResult, state: SideState) -> str:
    """The limit and the rule it comes from, by element kind and the design's standard."""
    kind = element.node.kind
    if kind in ("utility", "generator"):
        return "100 % of the service or generator capacity"
    if element.has_margin:
        what = "UPS" if kind == "ups" else "transformer"
        rule_text = (
            "the manufacturer's kW and kVA ratings"
            if kind == "ups"
            else "its rated power (IEEE C57.12.00, IEC 60076-1); NEC 450.3 sizes its breakers, "
            "not its load"
            if power.standard == el.ANSI
            else "its rated power (IEC 60076-1)"
        )
        return f"100 % of the {what}'s {state.basis} nameplate: {rule_text}"
    if kind == "ats":
        return f"100 % of the transfer switch's {state.basis} rating (UL 1008 continuous rating)"
    pct = format_pct(state.limit)
    if state.limit >= 1.0:
        return f"100 % of the {state.basis} rating (listed for 100 % continuous load)"
    if power.standard == el.IEC:
        return (
            f"{pct} of the {state.basis} rating, continuous load: a design policy on IEC sites "
            "(the NEC does not apply; IEC 60364-4-43 asks I_B ≤ I_n)"
        )
    service = any(f.node.kind == "utility" for f in _feeding(power, element))
    clause = "NEC 230.42(A), service" if service else "NEC 215.3, feeder"
    return f"{pct} of the {state.basis} rating, continuous load ({clause})"


def _feeding(power: PowerResult, element: ElementResult) -> list[ElementResult]:
    return [power.elements[f] for f in element.feeds]


def _worst_per_node(
    elements: Iterable[ElementResult], pick: str
) -> Iterator[tuple[ElementResult, SideState, Scenario | None]]:
    """The most stressed side of each element group (A and B overloaded: one finding)."""
    best: dict[int, tuple[ElementResult, SideState, Scenario | None]] = {}
    for e in elements:
        state, scenario = _state(e, pick)
        if state is None or state.loading is None or el.passes(e.stress(state), 1.0):
            continue
        kept = best.get(id(e.node))
        if kept is None or e.stress(state) > kept[0].stress(kept[1]):
            best[id(e.node)] = (e, state, scenario)
    return iter(best.values())


def _state(e: ElementResult, pick: str) -> tuple[SideState | None, Scenario | None]:
    """An element's state in normal operation, its worst failure or its worst claimed one."""
    if pick == "worst":
        return e.worst, e.worst_scenario
    if pick == "claimed":
        return e.claimed, e.claimed_scenario
    return e.normal, None


def _checked(e: ElementResult) -> bool:
    # Utility and generator capacity are checked against facility power (DC-POWER-004).
    return e.node.kind not in ("utility", "generator")


@rule("DC-POWER-001")
def element_overloaded(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for e, state, _ in _worst_per_node(filter(_checked, power.elements), "normal"):
        yield error(
            "DC-POWER-001",
            f"{e.node.kind} {e.key} carries {_load_vs_rating(e, state)}{_per_unit(e, state)} "
            f"({format_pct(state.loading or 0)}) in normal operation; the limit is "
            f"{format_pct(state.limit)}",
            e.node.span,
            notes=_state_notes(power, e, state),
            help=sizing_help(power, e, state, None),
        )


def _failure_labels(scenario: Scenario, node: PowerNode) -> list[Label]:
    return [
        Label(n.span, "failed in this scenario")
        for n in dict.fromkeys(scenario.failed_nodes)
        if n.span is not None and n is not node
    ]


@rule("DC-POWER-002")
def redundancy_not_survived(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    overloaded_normally = {
        id(e.node) for e, _, _ in _worst_per_node(filter(_checked, power.elements), "normal")
    }
    for e, state, scenario in _worst_per_node(filter(_checked, power.elements), "claimed"):
        if id(e.node) in overloaded_normally or scenario is None:
            continue
        yield error(
            "DC-POWER-002",
            f"with {scenario.name}, {e.node.kind} {e.key} carries "
            f"{_load_vs_rating(e, state)}{_per_unit(e, state)} "
            f"({format_pct(state.loading or 0)}); the limit is {format_pct(state.limit)}",
            e.node.span,
            labels=_failure_labels(scenario, e.node),
            notes=[
                f"the failure is claimed by {scenario.claimed_by}",
                *_state_notes(power, e, state),
            ],
            help=sizing_help(power, e, state, scenario),
        )
    for outcome in power.claimed_drops:
        scenario = outcome.scenario
        node = scenario.failed_nodes[-1] if scenario.failed_nodes else None
        yield error(
            "DC-POWER-002",
            f"with {scenario.name}, {format_kw(outcome.dropped_kw)} of rack load loses power "
            f"({describe_groups(outcome.dropped_groups)})",
            node.span if node is not None else None,
            labels=_failure_labels(scenario, node) if node is not None else [],
            notes=[
                f"the failure is claimed by {scenario.claimed_by}",
                "no live feed is left to those racks",
            ],
            help="feed those racks from both paths (`power = [chain.X_A, chain.X_B]`), or "
            "give the elements that feed them the redundancy they need (N+1 or 2N)",
        )


@rule("DC-POWER-003")
def rack_pdu_capacity(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for feed in power.racks:
        if feed.problem is not None or not feed.feed_capacity_kw or feed.pdu is None:
            continue
        if el.passes(feed.rack_kw / feed.feed_capacity_kw, 1.0):
            continue
        assert feed.pdu_kva is not None and feed.pdu_usable_kw is not None
        group = feed.group
        voltage, current = feed.pdu.specs.voltage, feed.pdu.specs.current
        nameplate = (
            f"√3 × {voltage:,.0f} V × {current:,.0f} A = {format_kva(feed.pdu_kva)}"
            if voltage and current
            else f"{format_kva(feed.pdu_kva)}"
        )
        per_rack = -(-feed.rack_kw // feed.pdu_usable_kw)
        if feed.redundancy is None:
            per_feed = "one feed of its A/B pair" if feed.cords > 1 else "its feed"
            carried = f"{per_feed} has"
            needed_pdus = feed.cords * per_rack
            why = (
                ["each feed of an A/B pair must carry the whole rack when the other fails"]
                if feed.cords > 1
                else []
            )
        else:
            r = feed.redundancy
            carried = (
                f"with {r} rack PDUs, the {feed.pdus_per_feed} of {feed.pdus} left after the "
                "failure it claims have"
            )
            needed_pdus = r.paths * (per_rack + r.spares) + r.shared
            why = [_pdu_redundancy_text(r)]
        yield error(
            "DC-POWER-003",
            f"racks {describe_groups([group])} draw {format_kw(feed.rack_kw)} each; {carried} "
            f"{feed.pdus_per_feed} × {feed.pdu.name} = {format_kw(feed.feed_capacity_kw)} "
            "usable",
            group.span,
            notes=[
                f"{feed.pdu.name}: {nameplate}; usable 80 % × {format_kva(feed.pdu_kva)} × "
                f"PF {feed.power_factor:g} = {format_kw(feed.pdu_usable_kw)} (continuous load on "
                "a branch circuit, NEC 210.20(A))",
                f"rack load at {power.load_basis}",
                *why,
            ],
            help=f"use {int(needed_pdus)} rack PDUs of this size per rack, a larger rack PDU "
            f"(≥ {format_kva(feed.rack_kw / 0.8 / feed.power_factor / feed.pdus_per_feed)} "
            "each), or fewer devices per rack",
        )


def _pdu_redundancy_text(r: Redundancy) -> str:
    if r.paths == 1:
        return f"{r}: any {r.spares} of the rack PDUs may fail and the others carry the rack"
    spares = f" less {r.spares}" if r.spares else ""
    return f"{r}: each half of the rack PDUs{spares} carries the whole rack"


def _capacity_text(power: PowerResult, node: PowerNode) -> str:
    first = power.elements_of(node)[0]
    text = f"{node.path} {node.count} × {format_kw(first.rating_kw or 0)} ({node.redundancy})"
    if node.kind == "generator":
        cls = rating_class(node)
        credit = gen.sizing_credit(cls)
        name = gen.ISO_NAMES.get(cls or "", "no rating class: taken as ESP")
        text += f", {name}, credited at {format_pct(credit)}"
    return text


@rule("DC-POWER-004")
def utility_capacity(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None or power.generator_load_kw is None:
        return
    load_kw, basis = power.generator_load_kw, power.generator_load_basis
    for kind, what in (("utility", "utility service"), ("generator", "generators")):
        nodes = list(dict.fromkeys(e.node for e in power.elements if e.node.kind == kind))
        rated = [n for n in nodes if power.elements_of(n)[0].rating_kw]
        if not rated:
            continue
        if kind == "generator":
            capacity = plant_kw(power, rated, gen.SIZING_CREDIT)
        else:
            capacity = sum(
                (power.elements_of(n)[0].rating_kw or 0.0)
                * el.surviving_units(n.count, n.redundancy)
                for n in rated
            )
        if capacity > 0 and el.passes(load_kw / capacity, 1.0):
            continue
        pct = f" ({format_pct(load_kw / capacity)})" if capacity > 0 else ""
        yield error(
            "DC-POWER-004",
            f"site load {format_kw(load_kw)} exceeds the {what} capacity "
            f"{format_kw(capacity)}{pct} after the failure their redundancy claims",
            rated[0].span,
            notes=[
                f"site load: {basis}",
                "capacity: " + ", ".join(_capacity_text(power, n) for n in rated),
                *(
                    [
                        "ISO 8528-1: a prime (PRP) or standby (ESP) rating may carry an average "
                        "of 70 % of its rating over 24 h; continuous (COP) and data-centre (DCP) "
                        "ratings carry 100 %"
                    ]
                    if kind == "generator"
                    else []
                ),
            ],
            help=f"raise the {what} capacity to at least {format_kw(load_kw)} after the claimed "
            "failure, or reduce the load",
        )


@rule("DC-POWER-005")
def unfed_racks(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for fabric, kw in power.network_unfed:
        yield warning(
            "DC-POWER-005",
            f"fabric {fabric.name!r}: {format_kw(kw)} of switches and optics serve no rack with "
            "load; counted in the IT load but carried by no power chain",
            fabric.span,
            help="point the fabric's `endpoints` at racks that have a power feed",
        )
    if not power.unfed:
        return
    if not model.power_chains:
        yield warning(
            "DC-POWER-005",
            f"the design has no power chain: {format_kw(power.it_kw)} of IT load is not checked",
            model.design.span,
            help='add a `power "main" { utility … ups … pdu … }` block and '
            "`power = main.PDU` on the racks",
        )
        return
    for group in power.unfed:
        yield warning(
            "DC-POWER-005",
            f"racks {describe_groups([group])} have no power feed; their load is carried by no "
            "power chain",
            group.span,
            help="set `power = chain.element` on the rack, its row or its hall",
        )


@rule("DC-POWER-006")
def unrated_element(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    seen: set[int] = set()
    for e in power.elements:
        if id(e.node) in seen or e.rating_kw or e.rating_kva:
            continue
        seen.add(id(e.node))
        wanted = "`capacity`" if e.node.kind == "utility" else "`rating` (kVA) or `rating_kw`"
        yield warning(
            "DC-POWER-006",
            f"{e.node.kind} {e.node.path} has no rating; its loading is not checked",
            e.node.span,
            help=f"give it {wanted}, directly or through its part",
        )


@rule("DC-POWER-007")
def rack_pdu_problems(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for feed in power.racks:
        if feed.problem is None or feed.rack_kw <= 0:
            continue
        if feed.problem == "no rack PDU":
            message = f"racks {describe_groups([feed.group])} have no rack PDU"
            help_ = "add `rack_pdu part * n` to the rack type (2 or 4 for A/B feeds)"
        else:
            message = f"racks {describe_groups([feed.group])}: {feed.problem}"
            help_ = (
                "give the rack PDU part `voltage`, `current` and `phases` (or `rating`), and "
                "at least one rack PDU per feed"
            )
        yield warning("DC-POWER-007", message, feed.group.span, help=help_)


@rule("DC-POWER-008")
def uneven_split(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for node, problem in power.problems:
        if problem.startswith("uneven:"):
            paths = int(problem.split(":")[1])
            shared = node.redundancy.shared
            units = f"{node.count} units" + (f" less {shared} shared" if shared else "")
            per_path = max(0, node.count - shared) // paths
            yield warning(
                "DC-POWER-008",
                f"{node.kind} {node.path}: {units} do not split evenly over the "
                f"{paths} paths of {node.redundancy}; each path is taken as {per_path} units",
                node.span,
                help=f"use a count that is a multiple of {paths}"
                + (f" plus {shared}" if shared else ""),
            )


@rule("DC-POWER-009")
def worst_failure(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None or power.worst is None:
        return
    outcome = power.worst
    scenario = outcome.scenario
    node = scenario.failed_nodes[-1] if scenario.failed_nodes else None
    span = (
        node.span
        if node is not None
        else (model.power_chains[0].span if model.power_chains else None)
    )
    if outcome.dropped_kw > 0:
        message = (
            f"worst failure: with {scenario.name}, {format_kw(outcome.dropped_kw)} of rack load "
            f"loses power ({describe_groups(outcome.dropped_groups)})"
        )
    elif outcome.worst_index is not None:
        e = power.elements[outcome.worst_index]
        state = outcome.worst_state
        if state is None or state.loading is None:
            return
        message = (
            f"worst failure: with {scenario.name}, {e.key} is loaded to "
            f"{format_pct(state.loading)} of its {state.basis} rating "
            f"(limit {format_pct(state.limit)})"
        )
    else:
        return
    claim = (
        f"claimed by {scenario.claimed_by}"
        if scenario.claimed_by
        else "not claimed by any redundancy"
    )
    yield note(
        "DC-POWER-009",
        message,
        span,
        notes=[f"{len(power.scenarios)} scenarios checked; this failure is {claim}"],
    )


@rule("DC-POWER-010")
def uptime_tier(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None or power.tier is None or not model.power_chains:
        return
    claim = power.tier_claim if power.tier_claim in gen.ROMAN else None  # else DC-POWER-022
    if claim is not None and claim > power.tier:
        return  # DC-POWER-022 says what is missing
    reached = f"Tier {gen.ROMAN[power.tier]}" if power.tier else "no Uptime tier"
    head = f"the electrical topology reaches {reached}: {power.tier_reason}"
    if claim is not None:
        head = f"the claimed Tier {gen.ROMAN[claim]} is met; " + head
    yield note(
        "DC-POWER-010",
        head,
        model.power_chains[0].span,
        notes=[
            "criteria of the Uptime Institute Tier Standard: Topology, as the power chain shows "
            "them; Uptime certifies whole sites (cooling, operations), not a single-line",
            *([] if claim is not None else ["claim a tier with `design { tier = 3 }` to check it"]),
        ],
    )


@rule("DC-POWER-011")
def default_efficiency(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    nodes = list(dict.fromkeys(e.node for e in power.elements if e.efficiency_source == "default"))
    if not nodes:
        return
    listed = ", ".join(f"{n.path} ({power.elements_of(n)[0].efficiency:.0%})" for n in nodes)
    yield note(
        "DC-POWER-011",
        f"electrical losses {format_kw(power.losses_kw)} use default efficiencies for {listed}",
        nodes[0].span,
        help="set `efficiency` (or `no_load_loss` and `load_loss`) on the part or the element",
    )


@rule("DC-POWER-012")
def feed_loop(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    looped = [node for node, problem in power.problems if problem == "loop"]
    if looped:
        names = ", ".join(n.path for n in looped)
        yield error(
            "DC-POWER-012",
            f"power elements feed each other in a loop: {names}",
            looped[0].span,
            labels=[Label(n.span, "in the loop") for n in looped[1:] if n.span is not None],
            help="`from = …` must point upstream, towards the utility",
        )
