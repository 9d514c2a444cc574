"""Power chain: load roll-up, voltages, loading against ratings, fault current, redundancy under
failure, losses, generators and the Uptime tier.

What it computes, for every element group of every `power` chain (modules of this package):

1. **Sides** (``graph``). Element groups in flow order; a group with redundancy 2N or 2(N+k) is
   split into sides A and B (count/2 units each); a plain N group fed only from such a group
   inherits the split. Each side carries its ratings, input and output voltage, rated current,
   impedance and interrupting rating (``elements``).
2. **Roll-up.** Rack groups draw their IT load plus their share of network switches that sit in
   no rack (``racks``). Ratings are checked at the *rating basis* — device maximum draw, unless
   the design opts into `rating_basis = typical` — whatever `power_basis` says; `power_basis`
   and `load_factor` drive the energy figures (``it_kw``, ``losses_kw``) only.
3. **Failure scenarios** (``flow``). Normal operation, single-unit failures, lost paths and every
   failure a redundancy claims; per element the worst loading and the worst claimed loading.
4. **Voltages** (``faults``): mismatched connections. The prospective short-circuit current at
   every bus (``fault_levels``, IEC 60909-0) runs after the facility analysis, which finds the
   cooling plant's motors.
5. **Generators and tier** (``tier``, after facility power): the load generators must carry,
   and the Uptime tier the topology reaches against the tier the design claims.

Rules in ``dcdsl.rules.power`` turn these results into diagnostics; the single-line diagram
(``dcdsl.emit.oneline``) draws them.
"""

from __future__ import annotations

from dcdsl.analysis import electrical as el
from dcdsl.analysis.load import rack_load
from dcdsl.analysis.power.elements import as_float, design_power_factor, loss_kw
from dcdsl.analysis.power.faults import design_standard, voltage_mismatches
from dcdsl.analysis.power.flow import flow, run_scenarios
from dcdsl.analysis.power.graph import Graph
from dcdsl.analysis.power.racks import network_shares, rack_feed
from dcdsl.analysis.power.results import (
    ElementResult,
    Mismatch,
    PowerResult,
    RackBucket,
    RackFeed,
    Scenario,
    ScenarioResult,
    SideState,
)
from dcdsl.analysis.power.sizing import (
    describe_groups,
    failed_on_side,
    format_kva,
    format_kw,
    format_pct,
    sides_of,
    sizing_help,
)
from dcdsl.analysis.results import Results
from dcdsl.model import Model
from dcdsl.model.attributes import value_or

__all__ = [
    "ElementResult",
    "Mismatch",
    "PowerResult",
    "RackBucket",
    "RackFeed",
    "Scenario",
    "ScenarioResult",
    "SideState",
    "analyse",
    "describe_groups",
    "failed_on_side",
    "format_kva",
    "format_kw",
    "format_pct",
    "loss_kw",
    "sides_of",
    "sizing_help",
]


def _basis_text(basis: str, load_factor: float) -> str:
    if basis == "typical":
        return f"typical draw × load factor {load_factor:g}"
    return "device maximum draw"


def analyse(model: Model, results: Results) -> None:
    result = PowerResult()
    result.power_factor, result.power_factor_source = design_power_factor(model)
    margin = as_float(model.design.design_margin)
    result.design_margin = margin if margin else el.DEFAULT_DESIGN_MARGIN
    load_factor = float(value_or(model.design.load_factor, 1.0) or 1.0)
    energy_basis = str(value_or(model.design.power_basis, "max"))
    rating_basis = str(value_or(model.design.rating_basis, "max"))
    result.energy_basis = _basis_text(energy_basis, load_factor)
    result.load_basis = _basis_text(rating_basis, load_factor)
    result.rating_basis_opted = rating_basis != "max"
    graph = Graph(model, result)
    result.standard, result.standard_source = design_standard(model, result.elements)
    shares = network_shares(model, results, result)
    racks = results.load.racks if results.load is not None else []
    buckets: dict[tuple[int, ...], RackBucket] = {}
    for rack in racks:
        group = rack.group
        rated = (
            rack if rating_basis == energy_basis else rack_load(group, rating_basis, load_factor)
        )
        result.rack_it_kw += rack.total_kw
        result.rating_it_kw += rated.total_kw
        sides = graph.rack_sides(group)
        result.racks.append(rack_feed(group, rated.it_kw, len(sides), result.power_factor))
        network = shares.get(id(group), 0.0)
        if not sides:
            if rated.total_kw > 0 or network > 0:
                result.unfed.append(group)
            continue
        bucket = buckets.setdefault(sides, RackBucket(sides, [], 0.0, 0.0))
        bucket.groups.append(group)
        bucket.it_kw += rated.total_kw
        bucket.energy_it_kw += rack.total_kw
        bucket.network_kw += network
    result.buckets = list(buckets.values())
    result.it_kw = result.rack_it_kw + result.network_kw
    result.rating_it_kw += result.network_kw
    result.fed_kw = sum(b.energy_kw for b in result.buckets)
    if result.elements:
        run_scenarios(result)
        energy_states, _, _ = flow(result, Scenario("normal operation"), lambda b: b.energy_kw)
        for e, state in zip(result.elements, energy_states, strict=True):
            e.energy = state
            if state.loss_kw:
                result.losses_kw += state.loss_kw
                kind = e.node.kind
                result.losses_by_kind_kw[kind] = (
                    result.losses_by_kind_kw.get(kind, 0.0) + state.loss_kw
                )
            if e.normal is not None:
                result.rating_losses_kw += e.normal.loss_kw
    voltage_mismatches(model, result)
    results.power = result
