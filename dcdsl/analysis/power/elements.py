"""One power element's properties from its part and the design: power factor, ratings, the
limit it is sized to, efficiency and losses, voltages, impedance and interrupting rating."""

from __future__ import annotations

import itertools
from typing import Any

from dcdsl.analysis import electrical as el
from dcdsl.analysis.power.results import SOURCE_KINDS, ElementResult
from dcdsl.model import NO_SPECS, Model, PowerNode, RatedElement
from dcdsl.model.attributes import value_or

# Losses when a UPS or transformer states no efficiency [estimate]: double-conversion UPS at
# typical load 94–97 %; dry-type distribution transformers about 98.5–99.3 % (DOE 2016 levels).
DEFAULT_EFFICIENCY = {"ups": 0.96, "transformer": 0.99}

# A generator's subtransient reactance X''d when its part states none: 0.15 per unit, the middle
# of the 0.12–0.20 that manufacturers' data sheets give for sets of this size [estimate].
DEFAULT_REACTANCE = 0.15


def as_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def design_power_factor(model: Model) -> tuple[float, str]:
    value = as_float(model.design.power_factor)
    if value:
        return value, f"design {model.design.name!r}"
    return el.DEFAULT_POWER_FACTOR, "default"


def node_power_factor(model: Model, node: PowerNode, design_pf: float) -> float:
    """The load's power factor at this element: the node's own, its chain's, the design's."""
    own = as_float(node.power_factor)
    if own:
        return own
    chain = next((c for c in model.power_chains if c.name == node.chain), None)
    chain_pf = as_float(chain.power_factor) if chain is not None else None
    return chain_pf or design_pf


def unit_ratings(node: PowerNode, voltage_v: float | None) -> tuple[float | None, float | None]:
    """Per-unit (kW, kVA) ratings: `rating_kw`/`capacity`, `rating`, and √3·V·`current`.

    A part's `power_factor` is the factor its kW rating is stated at: with only one of kW and kVA
    given, it derives the other (a UPS of 1,250 kVA at 0.9 is 1,125 kW).
    """
    rating_kw = as_float(node.specs.rating_kw)
    if node.kind == "utility" or (rating_kw is None and node.kind == "generator"):
        rating_kw = as_float(node.specs.capacity) or rating_kw
    rating_kva = as_float(node.specs.rating)
    current = as_float(node.specs.current)
    if current and voltage_v and node.kind not in SOURCE_KINDS:
        from_current = el.apparent_power_kva(voltage_v, current, 3)
        rating_kva = min(rating_kva, from_current) if rating_kva else from_current
    rated_pf = as_float(node.part.specs.power_factor) if node.part is not None else None
    if rated_pf and rating_kw is None and rating_kva and node.kind in ("ups", "generator"):
        rating_kw = rating_kva * rated_pf
    return rating_kw, rating_kva


def is_transformer(node: PowerNode) -> bool:
    """A transformer, or a floor PDU with one (it has a secondary voltage)."""
    return node.kind == "transformer" or (
        node.kind == "pdu" and node.specs.secondary_voltage is not None
    )


def node_limit(node: PowerNode) -> float:
    """Sources, transformers, UPS and transfer switches: 100 % of nameplate. Overcurrent
    devices on a continuous load (switchgear, switchboards, panels, busway, PDUs without a
    transformer): 80 % (NEC 210.20(A), 215.3, 230.42(A)), or 100 % when listed for it."""
    if node.kind in SOURCE_KINDS or node.kind in ("ups", "ats") or is_transformer(node):
        return el.NAMEPLATE_LIMIT
    return el.continuous_limit(bool(value_or(node.specs.listed_100, False)))


def efficiency(node: PowerNode) -> tuple[float | None, str]:
    if node.specs.no_load_loss is not None or node.specs.load_loss is not None:
        return None, "losses"
    eff = as_float(node.specs.efficiency)
    if eff:
        return eff, "part" if node.own_specs.efficiency is None else "element"
    if node.kind in DEFAULT_EFFICIENCY:
        return DEFAULT_EFFICIENCY[node.kind], "default"
    return None, "none"


def efficiency_curve(node: PowerNode) -> tuple[tuple[float, float], ...] | None:
    """(per-unit load fraction, efficiency) points from the part, or None without a curve: its
    `efficiency_25/50/75` and `efficiency` (100 %) of the unit's rating, as IEC 62040-3 tests a
    UPS (and ENERGY STAR UPS v2.0 reports it)."""
    points = []
    part = node.part.specs if node.part is not None else NO_SPECS  # the curve is the part's
    for value, fraction in (
        (part.efficiency_25, 0.25),
        (part.efficiency_50, 0.5),
        (part.efficiency_75, 0.75),
    ):
        if isinstance(value, int | float) and 0 < value <= 1:
            points.append((fraction, float(value)))
    if not points:
        return None
    rated = node if isinstance(node, RatedElement) else None
    full = rated.efficiency if rated and rated.efficiency is not None else None
    if full is None:
        full = part.efficiency
    if isinstance(full, int | float) and 0 < full <= 1:
        points.append((1.0, float(full)))
    return tuple(points)


def light_load_loss(curve: tuple[tuple[float, float], ...], loading: float) -> float | None:
    """Losses per unit of rating below the curve's first point, or None to hold it flat.

    A UPS's losses are a no-load part, a part proportional to load and a part with its square
    (IEC 62040-3 measures them at 25/50/75/100 %); the quadratic L(x) = a + b·x + c·x² through
    the curve's first three points, L = x·(1/η − 1), carries them below 25 %, where a flat
    efficiency would understate them. Used only when it gives a no-load loss a ≥ 0.
    """
    if len(curve) < 3:
        return None
    (x1, e1), (x2, e2), (x3, e3) = curve[:3]
    l1, l2, l3 = (x * (1.0 / e - 1.0) for x, e in ((x1, e1), (x2, e2), (x3, e3)))

    # Lagrange form of the quadratic through the three points.
    def basis(x: float, xi: float, xj: float, xk: float) -> float:
        return (x - xj) * (x - xk) / ((xi - xj) * (xi - xk))

    at_zero = l1 * basis(0, x1, x2, x3) + l2 * basis(0, x2, x1, x3) + l3 * basis(0, x3, x1, x2)
    if at_zero < 0:
        return None
    x = max(loading, 0.0)
    return l1 * basis(x, x1, x2, x3) + l2 * basis(x, x2, x1, x3) + l3 * basis(x, x3, x1, x2)


def curve_efficiency(curve: tuple[tuple[float, float], ...], loading: float) -> float:
    """Linear between the points, flat outside them (``light_load_loss`` below the first)."""
    if loading <= curve[0][0]:
        return curve[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(curve):
        if loading <= x1:
            return y0 + (y1 - y0) * (loading - x0) / (x1 - x0)
    return curve[-1][1]


def unit_rating_kw(element: ElementResult) -> float | None:
    if element.rating_kw:
        return element.rating_kw
    if element.rating_kva:
        return element.rating_kva * element.power_factor
    return None


def loss_kw(element: ElementResult, out_kw: float, units: int) -> float:
    """Losses of one side delivering ``out_kw`` on ``units`` units: from the part-load curve at
    each unit's loading when the part gives one, else no-load + load losses × (S/S_rated)², else
    a constant efficiency."""
    if units <= 0:
        return 0.0
    node = element.node
    rating = unit_rating_kw(element)
    if element.curve is not None and rating:
        loading = out_kw / units / rating
        if loading < element.curve[0][0]:
            light = light_load_loss(element.curve, loading)
            if light is not None:
                return units * rating * light
        eff = curve_efficiency(element.curve, loading)
        return out_kw * (1.0 / eff - 1.0)
    if element.efficiency_source == "losses":
        no_load = as_float(node.specs.no_load_loss) or 0.0
        load_loss = as_float(node.specs.load_loss) or 0.0
        per_unit_kva = out_kw / element.power_factor / units
        ratio = per_unit_kva / element.rating_kva if element.rating_kva else 0.0
        return units * (no_load + load_loss * ratio * ratio)
    if element.efficiency:
        return out_kw * (1.0 / element.efficiency - 1.0)
    return 0.0


def _where(node: PowerNode, own: object) -> str:
    """Where a figure comes from: ``own`` is the element's own value of it (None: unset)."""
    if own is not None:
        return "element"
    return f"part {node.part.name}" if node.part is not None else "element"


def voltages(node: PowerNode, upstream_v: float | None) -> tuple[float | None, float | None, str]:
    """(input, output, where the output comes from): a transformer's primary and secondary,
    else its own `voltage` on both sides, else the voltage of what feeds it."""
    if is_transformer(node):
        primary = as_float(node.specs.primary_voltage) or as_float(node.specs.voltage)
        secondary = as_float(node.specs.secondary_voltage)
        where = f"{_where(node, node.own_specs.secondary_voltage)} secondary" if secondary else ""
        return primary or upstream_v, secondary, where
    own = as_float(node.specs.voltage)
    if own:
        return (
            (None if node.kind in SOURCE_KINDS else own),
            own,
            _where(node, node.own_specs.voltage),
        )
    if upstream_v:
        return upstream_v, upstream_v, "upstream"
    return None, None, ""


def impedance(node: PowerNode, rating_kva: float | None) -> tuple[float | None, str]:
    """A transformer's short-circuit impedance (per unit) and where it comes from."""
    stated = as_float(node.specs.impedance)
    if stated:
        return stated, _where(node, node.own_specs.impedance)
    if rating_kva:
        return el.default_impedance(rating_kva), "default: IEC 60076-5 Table 1 minimum"
    return None, ""
