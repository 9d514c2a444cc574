"""Power rules (DC-POWER-…): loading, redundancy under failure, rack PDUs, utility capacity.

The figures come from ``dcdsl.analysis.power``; these checks only compare and explain them.
Each id is documented in docs/checks.md (Power).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dcdsl.analysis import electrical as el
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
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, Label, error, note, warning
from dcdsl.model import Model, PowerNode
from dcdsl.rules.registry import rule

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _power(results: Results) -> PowerResult | None:
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
    if element.node.kind in ("utility", "generator"):
        limit = "100 % of the service or generator capacity"
    elif state.limit == el.CONTINUOUS_LIMIT:
        limit = f"80 % of the {state.basis} rating, continuous load (NEC 210.20(A), 215.3)"
    elif element.node.kind == "ups" and state.basis == "kVA":
        limit = "100 % of the kVA rating (the 80 % policy applies to its kW rating)"
    else:
        limit = f"100 % of the {state.basis} rating (listed for 100 % continuous load)"
    notes.append(f"limit: {limit}")
    return notes


def _worst_per_node(
    elements: Iterable[ElementResult], pick: str
) -> Iterator[tuple[ElementResult, SideState, Scenario | None]]:
    """The most stressed side of each element group (A and B overloaded: one finding)."""
    best: dict[int, tuple[ElementResult, SideState, Scenario | None]] = {}
    for e in elements:
        state = getattr(e, pick)
        scenario = getattr(e, f"{pick}_scenario", None) if pick != "normal" else None
        if state is None or state.loading is None or el.passes(e.stress(state), 1.0):
            continue
        kept = best.get(id(e.node))
        if kept is None or e.stress(state) > kept[0].stress(kept[1]):
            best[id(e.node)] = (e, state, scenario)
    return iter(best.values())


def _checked(e: ElementResult) -> bool:
    # Utility and generator capacity are checked against facility power (DC-POWER-004).
    return e.node.kind not in ("utility", "generator")


@rule("DC-POWER-001")
def element_overloaded(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = _power(results)
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
    power = _power(results)
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
    power = _power(results)
    if power is None:
        return
    for feed in power.racks:
        if feed.problem is not None or not feed.feed_capacity_kw or feed.pdu is None:
            continue
        if el.passes(feed.rack_kw / feed.feed_capacity_kw, 1.0):
            continue
        assert feed.pdu_kva is not None and feed.pdu_usable_kw is not None
        group = feed.group
        voltage, current = feed.pdu.get("voltage"), feed.pdu.get("current")
        nameplate = (
            f"√3 × {voltage:,.0f} V × {current:,.0f} A = {format_kva(feed.pdu_kva)}"
            if voltage and current
            else f"{format_kva(feed.pdu_kva)}"
        )
        per_feed = "one feed of its A/B pair" if feed.cords > 1 else "its feed"
        needed_pdus = feed.cords * -(-feed.rack_kw // feed.pdu_usable_kw)
        yield error(
            "DC-POWER-003",
            f"racks {describe_groups([group])} draw {format_kw(feed.rack_kw)} each; {per_feed} "
            f"has {feed.pdus_per_feed} × {feed.pdu.name} = {format_kw(feed.feed_capacity_kw)} "
            "usable",
            group.span,
            notes=[
                f"{feed.pdu.name}: {nameplate}; usable 80 % × {format_kva(feed.pdu_kva)} × "
                f"PF {feed.power_factor:g} = {format_kw(feed.pdu_usable_kw)}",
                *(
                    ["each feed of an A/B pair must carry the whole rack when the other fails"]
                    if feed.cords > 1
                    else []
                ),
            ],
            help=f"use {int(needed_pdus)} rack PDUs of this size per rack, a larger rack PDU "
            f"(≥ {format_kva(feed.rack_kw / 0.8 / feed.power_factor / feed.pdus_per_feed)} "
            "each), or fewer devices per rack",
        )


def _facility(power: PowerResult, results: Results) -> tuple[float, str]:
    facility = results.facility
    kw = getattr(facility, "facility_kw", None) if facility is not None else None
    if isinstance(kw, (int, float)) and kw > 0:
        return float(kw), "facility power (IT + cooling + losses + other) from the cooling analysis"
    return (
        power.it_kw + power.losses_kw,
        f"IT {format_kw(power.it_kw)} + electrical losses {format_kw(power.losses_kw)} "
        "(no cooling power computed)",
    )


@rule("DC-POWER-004")
def utility_capacity(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = _power(results)
    if power is None:
        return
    facility_kw, basis = _facility(power, results)
    for kind, what in (("utility", "utility service"), ("generator", "standby generators")):
        nodes = list(dict.fromkeys(e.node for e in power.elements if e.node.kind == kind))
        rated = [n for n in nodes if power.elements_of(n)[0].rating_kw]
        if not rated:
            continue
        capacity = sum(
            (power.elements_of(n)[0].rating_kw or 0.0) * el.surviving_units(n.count, n.redundancy)
            for n in rated
        )
        if el.passes(facility_kw / capacity, 1.0):
            continue
        first = rated[0]
        yield error(
            "DC-POWER-004",
            f"facility power {format_kw(facility_kw)} exceeds the {what} capacity "
            f"{format_kw(capacity)} ({format_pct(facility_kw / capacity)})",
            first.span,
            notes=[
                f"facility power: {basis}",
                "capacity: "
                + ", ".join(
                    f"{n.path} {n.count} × {format_kw(power.elements_of(n)[0].rating_kw or 0)}"
                    f" ({n.redundancy})"
                    for n in rated
                ),
            ],
            help=f"raise the {what} capacity to at least {format_kw(facility_kw)}, or reduce "
            "the load",
        )


@rule("DC-POWER-005")
def unfed_racks(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = _power(results)
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
    power = _power(results)
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
    power = _power(results)
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
    power = _power(results)
    if power is None:
        return
    for node, problem in power.problems:
        if problem.startswith("uneven:"):
            paths = int(problem.split(":")[1])
            yield warning(
                "DC-POWER-008",
                f"{node.kind} {node.path}: {node.count} units do not split evenly over the "
                f"{paths} paths of {node.redundancy}; each path is taken as "
                f"{node.count // paths} units",
                node.span,
                help=f"use a count that is a multiple of {paths}",
            )


@rule("DC-POWER-009")
def worst_failure(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = _power(results)
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
    power = _power(results)
    if power is None or power.tier is None or not model.power_chains:
        return
    yield note(
        "DC-POWER-010",
        f"the electrical topology is Uptime Tier {ROMAN[power.tier]}: {power.tier_reason}",
        model.power_chains[0].span,
        notes=[
            "informational: Uptime certifies whole sites (operations, cooling, power), not a one-line"
        ],
    )


@rule("DC-POWER-011")
def default_efficiency(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = _power(results)
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
    power = _power(results)
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
