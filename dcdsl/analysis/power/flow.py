"""The flow of load up the chains, and the failure scenarios it is run under.

Each scenario pushes the rack buckets' load up the side graph (group arithmetic: a few scenarios
× element sides + rack buckets, never rack by rack) and keeps, per element, the worst loading
and the worst loading under a failure some redundancy claims.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dcdsl.analysis import electrical as el
from dcdsl.analysis.power.elements import loss_kw
from dcdsl.analysis.power.results import (
    STANDBY_KINDS,
    ElementResult,
    PowerResult,
    RackBucket,
    Scenario,
    ScenarioResult,
    SideState,
)


def flow(
    result: PowerResult,
    scenario: Scenario,
    load_of: Callable[[RackBucket], float] = lambda bucket: bucket.load_kw,
) -> tuple[list[SideState], float, list[int]]:
    """Push the rack load up the chain under one scenario.

    Returns the state of every side, the rack load left without power, and the buckets that
    lost it. A load splits equally over the live feeds of its consumer; a standby source
    (generator) takes load only when no other feed is live.
    """
    elements = result.elements
    failed = dict(scenario.failed_units)
    alive = [0] * len(elements)
    live = [False] * len(elements)
    for e in elements:
        units = e.units - failed.get(e.index, 0)
        if e.side in scenario.failed_paths and not e.is_source:
            units = 0
        alive[e.index] = max(0, units)
    _cover_with_shared_spares(elements, failed, scenario, alive)
    for e in elements:
        if alive[e.index] == 0:
            continue
        live[e.index] = not e.feeds or any(live[f] for f in e.feeds)
    out = [0.0] * len(elements)
    dropped = 0.0
    dropped_buckets: list[int] = []
    for number, bucket in enumerate(result.buckets):
        feeds = [f for f in bucket.feeds if live[f]]
        if not feeds:
            dropped += load_of(bucket)
            dropped_buckets.append(number)
            continue
        for f in feeds:
            out[f] += load_of(bucket) / len(feeds)
    states: list[SideState] = [SideState(0, 0.0, 0.0, 0.0, None, None)] * len(elements)
    for e in reversed(elements):
        units = alive[e.index] if live[e.index] else 0
        load = out[e.index]
        losses = loss_kw(e, load, units)
        states[e.index] = _state(e, units, load, losses)
        if not e.feeds or units == 0:
            continue
        feeds = [f for f in e.feeds if live[f] and not elements[f].is_standby]
        feeds = feeds or [f for f in e.feeds if live[f]]
        for f in feeds:
            out[f] += (load + losses) / len(feeds)
    return states, dropped, dropped_buckets


def _cover_with_shared_spares(
    elements: list[ElementResult], failed: dict[int, int], scenario: Scenario, alive: list[int]
) -> None:
    """2N+k: the k shared spares of a group replace failed units on its paths that still run.

    A spare takes the place of one failed unit (it is switched onto that path); it cannot bring
    back a path whose units have all failed or whose upstream is lost. The pool goes first to the
    side with the most failed units, then in path order.
    """
    pools: dict[int, list[ElementResult]] = {}
    for e in elements:
        if e.shared_spares > 0:
            pools.setdefault(id(e.node), []).append(e)
    for sides in pools.values():
        pool = sides[0].shared_spares
        running = [
            e
            for e in sides
            if e.side not in scenario.failed_paths and 0 < failed.get(e.index, 0) < e.units
        ]
        for e in sorted(running, key=lambda e: (-failed.get(e.index, 0), e.index)):
            take = min(pool, failed.get(e.index, 0))
            alive[e.index] += take
            pool -= take


def _state(e: ElementResult, units: int, load_kw: float, losses: float) -> SideState:
    kva = load_kw / e.power_factor
    if units == 0:
        return SideState(0, load_kw, kva, losses, None, None)
    unit_kw, unit_kva = load_kw / units, kva / units
    current = el.line_current_a(unit_kw, e.voltage_v, e.power_factor) if e.voltage_v else None
    # The binding rating is the one closest to (or furthest over) its own limit.
    options = []
    if e.rating_kw:
        options.append((unit_kw / e.rating_kw / e.limit, unit_kw / e.rating_kw, e.limit, "kW"))
    if e.rating_kva:
        fraction = unit_kva / e.rating_kva
        options.append((fraction / e.kva_limit, fraction, e.kva_limit, "kVA"))
    if not options:
        return SideState(units, load_kw, kva, losses, current, None)
    _, fraction, limit, basis = max(options)
    return SideState(units, load_kw, kva, losses, current, fraction, limit, basis)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _scenarios(result: PowerResult) -> list[Scenario]:
    """Normal, every single-unit failure, every path lost, and every claimed failure."""
    elements = result.elements
    scenarios = [Scenario("normal operation")]
    by_node: dict[int, list[ElementResult]] = {}
    for e in elements:
        by_node.setdefault(id(e.node), []).append(e)
    utilities = [e for e in elements if e.node.kind == "utility"]

    # One unit of each side, in turn. Losing the only utility service with no generator is a
    # given (the UPS batteries ride through), not a finding about the design.
    generators = any(e.is_standby for e in elements)
    for e in elements:
        sole_utility = e.node.kind == "utility" and e.units == 1 and not generators
        if e.units >= 1 and not e.is_standby and not sole_utility:
            scenarios.append(
                Scenario(f"one unit of {e.key} failed", ((e.index, 1),), failed_nodes=(e.node,))
            )

    # The failure each group's redundancy claims.
    for sides in by_node.values():
        node = sides[0].node
        red = node.redundancy
        claim = f"{node.path} ({red})"
        utility_lost = tuple((u.index, u.units) for u in utilities)
        base = utility_lost if node.kind in STANDBY_KINDS else ()
        base_nodes = tuple(u.node for u in utilities) if base else ()
        if node.kind in STANDBY_KINDS:
            scenarios.append(
                Scenario(
                    "utility lost",
                    base,
                    claimed_by=f"{node.path} (standby)",
                    failed_nodes=base_nodes,
                )
            )
        if len(sides) == 1 and red.spares > 0:
            e = sides[0]
            scenarios.append(
                Scenario(
                    ("utility lost and " if base else "")
                    + f"{plural(red.spares, 'unit')} of {e.key} failed",
                    (*base, (e.index, red.spares)),
                    claimed_by=claim,
                    failed_nodes=(*base_nodes, node),
                )
            )
        elif len(sides) > 1:
            # 2(N+k): k units fail in each other path; 2N+k: k units of the other paths fail
            # and the k shared spares take their place.
            shared = sides[0].shared_spares
            for lost in sides:
                failures = [(lost.index, lost.units)]
                name = f"{node.path} path {lost.side} lost"
                others = [s for s in sides if s is not lost]
                extra = {s.index: red.spares for s in others}
                if shared:
                    extra[others[0].index] += shared
                failures += [(i, min(n, elements[i].units)) for i, n in extra.items() if n]
                if red.spares and not shared:
                    name += f" and {plural(red.spares, 'unit')} of the other path failed"
                elif shared:
                    more = red.spares + shared
                    name += (
                        f" and {plural(more, 'unit')} of path {others[0].side} failed "
                        f"({plural(shared, 'shared spare')} in service)"
                    )
                by = claim if not sides[0].inherited_split else f"{node.path} (split A/B)"
                scenarios.append(
                    Scenario(
                        name, (*base, *failures), claimed_by=by, failed_nodes=(*base_nodes, node)
                    )
                )

    # Whole paths: every element on one side at once, claimed when some rack is fed from two.
    tags = sorted({e.side for e in elements if e.side and not e.is_source})
    dual = any(len(b.feeds) > 1 for b in result.buckets)
    for tag in tags:
        scenarios.append(
            Scenario(
                f"path {tag} lost",
                failed_paths=(tag,),
                claimed_by="A/B rack feeds" if dual else None,
                failed_nodes=tuple(dict.fromkeys(e.node for e in elements if e.side == tag)),
            )
        )

    unique: dict[tuple[Any, ...], Scenario] = {}
    for s in scenarios:
        kept = unique.get(s.key)
        if kept is None or (kept.claimed_by is None and s.claimed_by is not None):
            unique[s.key] = s
    return list(unique.values())


def run_scenarios(result: PowerResult) -> None:
    for scenario in _scenarios(result):
        states, dropped, dropped_buckets = flow(result, scenario)
        worst_index, worst_stress, worst_state = None, 0.0, None
        for e, state in zip(result.elements, states, strict=True):
            stress = e.stress(state)
            if scenario.is_normal:
                e.normal = state
            if stress > worst_stress:
                worst_index, worst_stress, worst_state = e.index, stress, state
            if scenario.is_normal:
                continue
            if _worse(e, stress, scenario, e.worst, e.worst_scenario):
                e.worst, e.worst_scenario = state, scenario
            if scenario.claimed_by and _worse(e, stress, scenario, e.claimed, e.claimed_scenario):
                e.claimed, e.claimed_scenario = state, scenario
        groups = [g for b in dropped_buckets for g in result.buckets[b].groups]
        outcome = ScenarioResult(scenario, dropped, groups, worst_index, worst_stress, worst_state)
        result.scenarios.append(outcome)
        if scenario.is_normal:
            continue
        if scenario.claimed_by and dropped > 0:
            result.claimed_drops.append(outcome)
        if result.worst is None or _rank(outcome) > _rank(result.worst):
            result.worst = outcome


def _worse(
    e: ElementResult,
    stress: float,
    scenario: Scenario,
    kept: SideState | None,
    kept_scenario: Scenario | None,
) -> bool:
    """A higher stress wins; on a tie, the element's own failure names the finding best."""
    if kept is None or kept_scenario is None:
        return True
    kept_stress = e.stress(kept)
    if abs(stress - kept_stress) > el.EPSILON:
        return stress > kept_stress
    own = any(n is e.node for n in scenario.failed_nodes)
    kept_own = any(n is e.node for n in kept_scenario.failed_nodes)
    return own and not kept_own


def _rank(outcome: ScenarioResult) -> tuple[float, float]:
    return (outcome.dropped_kw, outcome.worst_stress)
