"""The terms of facility power: every consumer of non-IT power, with its source, at part load.

Facility power at a fraction f of the design's IT load is f × IT plus these terms, each
evaluated at f (The Green Grid WP#49: E_facility includes the cooling plant and the power
chain's losses; ISO/IEC 30134-2 measures PUE over a year, so the figure at the average load
matters as much as the design point):

- cooling plant: one term per unit group's ``Draw`` (``analysis.cooling_units``): compressors
  from heat / COP, CDU pumps, CRAH/CRAC/in-row, rear-door, tower and dry-cooler fans from their
  `power_max` scaled by load; loop-level `fan_power`/`pump_power` constant;
- cooling of IT outside racks (network switches in no loop) at the stated plant's average kW of
  cooling per kW of heat [E];
- electrical losses: one term per power element (UPS, transformer, PDU, …) from the power
  chain's loss model (``analysis.power.loss_kw``): the part's efficiency curve
  (`efficiency_25/50/75` and `efficiency` at 100 % of the unit's rating, linear between the
  points, flat above; below 25 % its losses follow the quadratic through the first three
  points, ``power.elements.light_load_loss``), else no-load
  + load losses × (S/S_rated)², else a constant efficiency. The chain's flow is re-run with the
  racks at f × their load, so an element carries f × IT plus the losses below it at f;
- other load: `other_load` (constant) and `other_load_fraction` × IT.

Anything that draws power but states no figure is listed in ``uncounted``: the PUE is then a
lower bound.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from dcdsl.analysis.cooling import CoolingResult
from dcdsl.analysis.power import ElementResult, PowerResult, RackBucket, Scenario
from dcdsl.analysis.power.elements import unit_rating_kw
from dcdsl.analysis.power.flow import flow
from dcdsl.model import Design

LOAD_POINTS = (0.25, 0.5, 0.75, 1.0)


@attrs.frozen
class PowerTerm:
    """One consumer of non-IT power: kW at each evaluated load fraction, and where it came from."""

    name: str
    category: str  # compressor, fan, pump, electrical, other
    at_load: tuple[tuple[float, float], ...]  # (fraction of design IT load, kW)
    source: str
    estimate: bool = False
    annual_factor: float = 1.0  # the year's energy / the design point's (compressors: climate)

    def kw_at(self, fraction: float) -> float:
        for f, kw in self.at_load:
            if abs(f - fraction) < 1e-9:
                return kw
        raise KeyError(fraction)

    @property
    def kw(self) -> float:
        return self.kw_at(1.0)


def fractions(load_factor: float) -> tuple[float, ...]:
    """The load points every term is evaluated at: 25/50/75/100 % and the average load."""
    points = set(LOAD_POINTS)
    points.add(round(min(max(load_factor, 0.0), 1.0), 9))
    return tuple(sorted(points))


def _term(
    name: str, category: str, kw_at: object, points: Sequence[float], source: str, estimate: bool
) -> PowerTerm:
    assert callable(kw_at)
    return PowerTerm(name, category, tuple((f, float(kw_at(f))) for f in points), source, estimate)


def cooling_terms(cooling: CoolingResult | None, points: Sequence[float]) -> list[PowerTerm]:
    terms: list[PowerTerm] = []
    for loop in cooling.loops if cooling is not None else []:
        for draw in loop.draws:
            name = f'{draw.what} ({_role_text(draw.role)}, loop "{loop.name}")'
            if draw.role == "loop":
                name = draw.what
            term = _term(name, draw.kind, draw.kw_at, points, draw.source, draw.estimate)
            terms.append(attrs.evolve(term, annual_factor=draw.annual_factor))
    return terms


def _role_text(role: str) -> str:
    from dcdsl.analysis.cooling_units import ROLE_NAMES

    return ROLE_NAMES.get(role, (role, role))[1]


# --- electrical losses ---------------------------------------------------------------------------


def _part_estimate(element: ElementResult, stated_on_element: bool) -> bool:
    """The losses come from a catalogue part whose figures are an estimate (`confidence =
    estimate`), not from figures the design states on the element itself."""
    part = element.node.part
    return not stated_on_element and part is not None and part.specs.confidence == "estimate"


def _loss_source(element: ElementResult) -> tuple[str, bool]:
    state = element.energy or element.normal
    loading = ""
    rating = unit_rating_kw(element)
    own = element.node.own_specs
    if state is not None and state.units and rating:
        loading = f" at {state.load_kw / state.units / rating:.0%} of each unit's rating"
    if element.curve is not None and rating:
        text = ", ".join(f"{x:.0%}: {y:.1%}" for x, y in element.curve)
        return f"part-load efficiency curve ({text}){loading}", _part_estimate(
            element, own.efficiency is not None
        )
    if element.efficiency_source == "losses":
        source = "no-load loss + load loss × (S/S_rated)² per unit" + loading
        return source, _part_estimate(
            element, own.no_load_loss is not None or own.load_loss is not None
        )
    if element.efficiency:
        estimate = element.efficiency_source == "default"
        what = "default" if estimate else "stated"
        return f"{what} efficiency {element.efficiency:.1%} (constant with load){loading}", estimate
    return "", False


def _scaled_energy(fraction: float) -> Callable[[RackBucket], float]:
    return lambda bucket: fraction * bucket.energy_kw


def electrical_terms(power: object, points: Sequence[float]) -> list[PowerTerm]:
    """One term per power element group: its losses when the whole chain carries f × the IT
    load (the flow re-run at each f, so each element sees the losses of those below it)."""
    if not isinstance(power, PowerResult) or not power.elements:
        return []
    losses_at: dict[float, list[float]] = {}
    normal = Scenario("normal operation")
    for f in points:
        states, _, _ = flow(power, normal, _scaled_energy(f))
        losses_at[f] = [state.loss_kw for state in states]
    by_node: dict[int, list[ElementResult]] = {}
    for element in power.elements:
        state = element.energy or element.normal
        if state is None or state.units <= 0:
            continue
        by_node.setdefault(id(element.node), []).append(element)
    terms: list[PowerTerm] = []
    for elements in by_node.values():
        node = elements[0].node
        source, estimate = _loss_source(elements[0])
        if not source:
            continue
        at_load = tuple((f, sum(losses_at[f][e.index] for e in elements)) for f in points)
        if dict(at_load).get(1.0, 0.0) <= 0 and elements[0].curve is None:
            continue
        part = f" ({node.part.name})" if node.part is not None else ""
        terms.append(
            PowerTerm(
                f"{node.kind} {node.path}{part} losses", "electrical", at_load, source, estimate
            )
        )
    return terms


def other_terms(design: Design, it_kw: float, points: Sequence[float]) -> list[PowerTerm]:
    fixed, share = design.other_load, design.other_load_fraction
    found = []
    if isinstance(fixed, int | float) and fixed:
        found.append(
            (
                "other load (lighting, offices, …)",
                lambda f: float(fixed),
                "design `other_load` (constant)",
            )
        )
    if isinstance(share, int | float) and share:
        found.append(
            (
                "other load (share of IT)",
                lambda f: float(share) * it_kw * f,
                f"design `other_load_fraction` {float(share):.1%} × IT",
            )
        )
    return [_term(name, "other", kw_at, points, source, False) for name, kw_at, source in found]
