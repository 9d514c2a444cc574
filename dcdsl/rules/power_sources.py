"""Power rules on margins, generators, autonomy and tier claims (DC-POWER-020…023).

Figures from ``dcdsl.analysis.power`` (and its ``tier`` step); the ISO 8528-1 classes and the
Uptime criteria from ``dcdsl.analysis.generation``. Documented in docs/checks.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from dcdsl.analysis import electrical as el
from dcdsl.analysis import generation as gen
from dcdsl.analysis.power import format_pct, sizing_help
from dcdsl.analysis.power.elements import as_float
from dcdsl.analysis.power.tier import generator_nodes, rating_class
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, Label, error, warning
from dcdsl.model import Model
from dcdsl.rules.power import limit_citation, power_of
from dcdsl.rules.registry import rule


@rule("DC-POWER-020")
def design_margin(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    margin = power.design_margin
    seen: set[int] = set()
    for e in power.elements:
        if not e.has_margin or id(e.node) in seen:
            continue
        states = [(e.normal, None), (e.claimed, e.claimed_scenario)]
        state, scenario = max(
            ((s, sc) for s, sc in states if s is not None and s.loading is not None),
            key=lambda pair: pair[0].loading or 0.0,
            default=(None, None),
        )
        if state is None or state.loading is None:
            continue
        if state.loading <= margin + el.EPSILON or state.loading > 1.0 + el.EPSILON:
            continue  # within the margin, or an error of DC-POWER-001/002
        seen.add(id(e.node))
        when = f"with {scenario.name}" if scenario is not None else "in normal operation"
        yield warning(
            "DC-POWER-020",
            f"{e.node.kind} {e.key} is loaded to {format_pct(state.loading)} of its "
            f"{state.basis} nameplate {when}, above the design margin of {format_pct(margin)}",
            e.node.span,
            notes=[
                "the margin is the owner's design policy (`design { design_margin = … }`), not "
                "a code limit; the limit is " + limit_citation(power, e, state),
                f"load at {power.load_basis}",
            ],
            help=sizing_help(power, e, state, scenario, margin=margin),
        )


@rule("DC-POWER-021")
def ride_through(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    generators = generator_nodes(power)
    if not generators:
        return
    start_s = max(_seconds(g.specs.start_time, gen.DEFAULT_START_S) for g in generators)
    switches = list(dict.fromkeys(e.node for e in power.elements if e.node.kind == "ats"))
    transfer_s = max(
        (_seconds(a.specs.transfer_time, gen.DEFAULT_TRANSFER_S) for a in switches),
        default=gen.DEFAULT_TRANSFER_S,
    )
    seen: set[int] = set()
    for e in power.elements:
        runtime_min = as_float(e.node.specs.runtime)
        if e.node.kind != "ups" or runtime_min is None or id(e.node) in seen:
            continue
        seen.add(id(e.node))
        if gen.ride_through_ok(runtime_min * 60.0, start_s, transfer_s):
            continue
        yield error(
            "DC-POWER-021",
            f"ups {e.node.path}: {runtime_min * 60:,.0f} s of battery is shorter than the "
            f"{start_s:g} s generator start + {transfer_s:g} s transfer",
            e.node.span,
            labels=[Label(g.span, "generator") for g in generators[:1] if g.span],
            notes=[
                "the battery carries the load from the utility failure until the generators "
                "have started and the transfer switch has moved (NFPA 110 Type 10: 10 s)",
                "runtime is taken at rated load; at part load it is longer",
            ],
            help="give the UPS a longer `runtime`, or faster-starting generators",
        )


def _seconds(stated: float | None, default: float) -> float:
    value = as_float(stated)
    return value if value is not None else default


@rule("DC-POWER-022")
def tier_claim(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None or power.tier_claim is None:
        return
    claim = power.tier_claim
    if not 1 <= claim <= 4:
        yield error(
            "DC-POWER-022",
            f"`tier = {claim}`: Uptime tiers are I to IV (1–4)",
            model.design.span,
            help="claim a tier from 1 to 4",
        )
        return
    if power.tier is not None and power.tier >= claim:
        return
    missing = power.tier_missing.get(claim) or ["a power chain that feeds the racks"]
    reached = f"Tier {gen.ROMAN[power.tier]}" if power.tier else "no tier"
    yield error(
        "DC-POWER-022",
        f"the design claims Uptime Tier {gen.ROMAN[claim]}; the topology reaches {reached}: "
        f"missing {missing[0]}",
        model.design.span,
        notes=[
            *(f"also missing: {m}" for m in missing[1:]),
            "Uptime Institute Tier Standard: Topology: Tier III and IV take on-site engine "
            "generators as the primary source and count only ratings without a runtime limit "
            "at design load (ISO 8528-1 COP, DCP, or PRP at its average-load limit)",
            *(
                [f"generators carry {power.generator_load_basis}"]
                if power.tier_facts is not None and power.tier_facts.generators
                else []
            ),
        ],
        help=f"add what is missing, or claim Tier {gen.ROMAN[max(power.tier or 0, 1)]}",
    )


@rule("DC-POWER-023")
def generator_class(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for node in generator_nodes(power):
        if rating_class(node) is not None:
            continue
        yield warning(
            "DC-POWER-023",
            f"generator {node.path} states no ISO 8528-1 rating class; it is taken as standby "
            "(ESP): 70 % of its rating counts for sizing, none for Tier III/IV",
            node.span,
            help="set `rating_class = continuous | prime | limited | standby | data_center` on "
            "the part or the element",
        )
