"""The generator plant and the Uptime tier of the topology, after facility power is known.

Runs after the facility analysis (``dcdsl.analysis.ANALYSES``): the generators must carry what
the site draws after a utility failure — IT at the rating basis (maximum draw) + electrical
losses + mechanical and other load — so it needs the cooling plant's figures. The mechanical and
other load comes from facility power on the energy basis, scaled by IT at maximum over IT on the
energy basis (cooling follows the heat) when the two bases differ.
"""

from __future__ import annotations

from dcdsl import number_format
from dcdsl.analysis import electrical as el
from dcdsl.analysis import generation as gen
from dcdsl.analysis.facility import finite
from dcdsl.analysis.power.elements import as_float
from dcdsl.analysis.power.results import ElementResult, PowerResult
from dcdsl.analysis.results import Results
from dcdsl.model import Model, PowerNode


def site_load_kw(power: PowerResult, results: Results) -> tuple[float, str]:
    """What sources must carry at the rating basis: IT + losses + mechanical + other."""
    base = power.rating_it_kw + power.rating_losses_kw
    facility = results.facility
    facility_kw = finite(facility.facility_kw) if facility is not None else None
    it_kw = finite(facility.it_kw) if facility is not None else None
    if facility is None or facility_kw is None or not it_kw:
        return base, (
            f"IT {_kw(power.rating_it_kw)} + losses {_kw(power.rating_losses_kw)} at "
            f"{power.load_basis} (no mechanical load computed)"
        )
    non_it = max(0.0, facility_kw - it_kw - (finite(facility.losses_kw) or 0.0))
    scale = power.rating_it_kw / it_kw if power.rating_it_kw and it_kw else 1.0
    mechanical = non_it * scale
    scaled = f" (× {scale:.3g}, IT at {power.load_basis} over IT at {power.energy_basis})"
    return base + mechanical, (
        f"IT {_kw(power.rating_it_kw)} + losses {_kw(power.rating_losses_kw)} at "
        f"{power.load_basis} + mechanical and other {_kw(mechanical)}"
        + (scaled if abs(scale - 1.0) > 1e-9 else "")
    )


def _kw(value: float) -> str:
    return number_format.kw(value, 0)


def generator_nodes(power: PowerResult) -> list[PowerNode]:
    return list(dict.fromkeys(e.node for e in power.elements if e.node.kind == "generator"))


def rating_class(node: PowerNode) -> str | None:
    value = node.specs.rating_class
    return str(value) if isinstance(value, str) else None


def plant_kw(power: PowerResult, nodes: list[PowerNode], credit: dict[str, float]) -> float:
    """Generator capacity after each group's claimed failure, credited by rating class."""
    total = 0.0
    for node in nodes:
        first = power.elements_of(node)[0]
        if not first.rating_kw:
            continue
        factor = credit.get(rating_class(node) or "standby", 0.0)
        total += first.rating_kw * factor * el.surviving_units(node.count, node.redundancy)
    return total


def _reach(power: PowerResult, feeds: tuple[int, ...]) -> list[ElementResult]:
    elements = power.elements
    reach: set[int] = set()
    stack = list(feeds)
    while stack:
        i = stack.pop()
        if i not in reach:
            reach.add(i)
            stack.extend(elements[i].feeds)
    return [elements[i] for i in sorted(reach)]


def tier_facts(power: PowerResult, load_kw: float) -> gen.TierFacts:
    elements = power.elements
    ups_everywhere, redundant_ups, dual, shared = True, True, True, set()
    for bucket in power.buckets:
        inner = [e for e in _reach(power, bucket.feeds) if not e.is_source]
        ups = [e for e in inner if e.node.kind == "ups"]
        ups_everywhere &= bool(ups)
        redundant_ups &= bool(ups) and all(
            e.node.redundancy.spares > 0 or e.split or e.side is not None for e in ups
        )
        sides = {elements[f].side for f in bucket.feeds} - {None}
        bucket_dual = len(bucket.feeds) > 1 and len(sides) > 1
        dual &= bucket_dual
        if bucket_dual:
            shared |= {e.node.path for e in inner if e.side is None}
    generators = generator_nodes(power)
    fuel = [as_float(n.specs.fuel_hours) for n in generators]
    not_maintainable, path_failure = "", ""
    for outcome in power.scenarios:
        scenario = outcome.scenario
        bad = outcome.dropped_kw > 0 or outcome.worst_stress > 1.0 + el.EPSILON
        if not bad:
            continue
        if scenario.failed_paths and not path_failure:
            path_failure = f"with {scenario.name}, the other path"
        elif scenario.name.startswith("one unit of") and not not_maintainable:
            not_maintainable = scenario.name.removeprefix("one unit of ").removesuffix(" failed")
    return gen.TierFacts(
        ups_on_every_path=ups_everywhere and bool(power.buckets),
        redundant_ups=redundant_ups and bool(power.buckets),
        generators=bool(generators),
        generators_redundant=bool(generators)
        and all(n.redundancy.spares > 0 or n.redundancy.paths > 1 for n in generators),
        generator_tier_kw=plant_kw(power, generators, gen.TIER_CREDIT),
        generator_load_kw=load_kw,
        fuel_hours=None if not fuel or None in fuel else min(f for f in fuel if f is not None),
        dual_path=dual and bool(power.buckets),
        maintainable=not not_maintainable,
        not_maintainable=not_maintainable,
        shared=tuple(sorted(shared)),
        paths_survive=dual and not path_failure,
        path_failure=path_failure,
    )


def analyse(model: Model, results: Results) -> None:
    power = results.power
    if not isinstance(power, PowerResult):
        return
    power.generator_load_kw, power.generator_load_basis = site_load_kw(power, results)
    claim = model.design.tier
    power.tier_claim = claim if isinstance(claim, int) and not isinstance(claim, bool) else None
    if not power.buckets:
        return
    facts = tier_facts(power, power.generator_load_kw)
    power.tier_facts = facts
    power.tier = gen.tier_reached(facts)
    power.tier_missing = {t: gen.missing_for(t, facts) for t in (1, 2, 3, 4)}
    power.tier_reason = _reason(power.tier, power.tier_missing)


def _reason(tier: int, missing: dict[int, list[str]]) -> str:
    if tier >= 4:
        return "two active paths to every rack with no shared element, fault tolerant, on redundant generators"
    lacking = missing.get(tier + 1, [])
    if tier == 0:
        return "Tier I needs " + "; ".join(lacking)
    reached = {
        1: "basic capacity",
        2: "redundant capacity components",
        3: "concurrently maintainable",
    }[tier]
    return f"{reached}; Tier {gen.ROMAN[tier + 1]} needs " + "; ".join(lacking)
