"""Prospective three-phase short-circuit current at every bus of the power chains.

Runs after the facility analysis (``dcdsl.analysis.ANALYSES``): the cooling plant's motors,
whose load the facility analysis finds, feed the fault too. Two methods:

- **Impedance method** (IEC 60909-0:2016; IEEE Std 551 ch. 4 for ANSI designs) wherever the
  sources behind a bus are known: a utility that states its fault level (`fault_current` kA or
  `fault_level` MVA, with `x_r`, default R/X 0.1 per IEC 60909-0 §6.2), generators (X''d with
  K_G, units of a group in parallel), transformers (u_kr and u_Rr from `load_loss` or `x_r`,
  with K_T), feeder cables where the design gives `cable_length` and `cable_size`, and motor
  groups (`motor_load`, or the cooling plant's load on a bus marked `cooling_plant = true`).
  I''k = c·U_n/(√3·|Z_k|) and i_p = κ·√2·I''k with κ from the R/X of Z_k (§8.1 eq. 55).
- **Infinite-bus method** where the utility states no fault level: a transformer's secondary
  sees I_FL / Z of one unit, an upper bound (the source behind it is taken as infinitely
  strong); it passes on unchanged, and motor contributions are added to it.

Each unit of a transformer group feeds its own bus; a UPS passes its input bus's level to its
output bus (the static bypass connects them); every other element passes it on, through its
feeder cable when the design gives one ("no cable impedance: upper bound" otherwise). Where
several elements feed one, the highest level counts (a transfer switch closes on one source).
"""

from __future__ import annotations

import math

from dcdsl.analysis import electrical as el
from dcdsl.analysis.facility import finite
from dcdsl.analysis.power import short_circuit as sc
from dcdsl.analysis.power.elements import DEFAULT_REACTANCE, as_float, is_transformer
from dcdsl.analysis.power.results import ElementResult, PowerResult
from dcdsl.analysis.results import Results
from dcdsl.model import Model, PowerNode, RatedElement, Utility

IMPEDANCE, INFINITE_BUS = "impedance", "infinite_bus"
NO_CABLE = "no cable impedance: upper bound"
INHERITED_NOTES = ("infinite-bus method", "motor contribution", "cooling plant load", "≥: ")

# A transformer's X/R when the design gives neither `load_loss` nor `x_r` [estimate]: typical
# values for liquid-filled and dry-type units by size (IEEE Std 551 ch. 4 tables, IEEE C37.010
# typical-X/R figure): 5 up to 1 MVA, 7 to 2.5 MVA, 10 to 5 MVA, 12 to 10 MVA, 20 above.
DEFAULT_TRANSFORMER_X_R: tuple[tuple[float, float], ...] = (
    (1000.0, 5.0),
    (2500.0, 7.0),
    (5000.0, 10.0),
    (10000.0, 12.0),
    (math.inf, 20.0),
)
# A generator's rated power factor when its part states none (ISO 8528-1 rates sets at 0.8).
DEFAULT_GENERATOR_PF = 0.8
# η·cos φ of the cooling plant's motors when only their electrical load is known [estimate]:
# S_rM = P/(η·cos φ) ≈ P/0.8 for LV induction motors of 10–200 kW (IEC 60034-30-1 IE3 ≈ 0.93
# × cos φ ≈ 0.86).
MOTOR_EFFICIENCY_PF = 0.8

# Elements whose input and output are one busbar: motors on it feed a fault at its input too.
SAME_BUS_KINDS = frozenset({"switchgear", "switchboard", "busway", "rpp", "ats", "pdu"})


def analyse(model: Model, results: Results) -> None:
    power = results.power
    if power is None or not power.elements:
        return
    fault_levels(power, _motor_kw(power, results))


def fault_levels(
    result: PowerResult, motor_kw: dict[int, tuple[float, bool]] | None = None
) -> None:
    """I''k (kA) at each element's input and output bus, and i_p where the impedances are known.

    ``motor_kw``: element index → (motor kW per unit on its output bus, estimated or stated).
    """
    motors = motor_kw or {}
    elements = result.elements
    for e in elements:  # in flow order: feeds come first
        feeds = [elements[f] for f in e.feeds]
        _input_bus(e, feeds)
        if e.is_source:
            _source(e)
        elif (
            is_transformer(e.node)
            and _positive(e.impedance)
            and _positive(e.rating_kva)
            and e.voltage_v
        ):
            _transformer(e)
        else:
            _pass_on(e, any(f.fault_out_ka is None or f.fault_partial for f in feeds))
        if e.fault_z_out is None or not e.fault_out_ka:
            e.peak_out_ka = None
        elif e.is_source or e.fault_basis.startswith("IEC 60909"):
            e.peak_out_ka = sc.peak_ka(e.fault_out_ka, e.fault_z_out)
        else:  # the same bus as its input
            e.peak_out_ka = e.peak_in_ka
        if e.index in motors:
            _add_motors(e, *motors[e.index])


def _input_bus(e: ElementResult, feeds: list[ElementResult]) -> None:
    known = [f for f in feeds if f.fault_out_ka is not None]
    if not known:
        return
    best = max(known, key=lambda f: f.fault_out_ka or 0.0)
    e.fault_method = best.fault_method
    # what upstream estimates or leaves out stays with the figure; its own cable does not
    notes = [n for n in best.fault_notes if n.startswith(INHERITED_NOTES) or "[estimate]" in n]
    z = best.fault_z_out
    unknown = [f for f in feeds if f.fault_out_ka is None]
    if unknown:
        # A feed whose source states no fault level could bring more than the known ones: the
        # figure is a lower bound, and transformers below fall back to the infinite bus.
        z, e.fault_method = None, ""
        notes.append(f"≥: {unknown[0].node.path} states no fault level, a lower bound")
    cable = cable_impedance(e.node)
    if cable is not None and z is not None and e.voltage_in_v:
        z = z + cable
        notes.append(f"feeder cable {_cable_text(e.node)}: {_mohm(cable)}")
        e.fault_in_ka = sc.initial_ka(e.voltage_in_v, z)
        # κ from the R/X at the fault (IEC 60909-0 §8.1.3 (c)-like; the cable's R dominates)
        e.peak_in_ka = sc.peak_ka(e.fault_in_ka, z)
    else:
        if cable is None and el.is_low_voltage(e.voltage_in_v) and e.fault_method == IMPEDANCE:
            notes.append(NO_CABLE)
        e.fault_in_ka = best.fault_out_ka  # the same bus
        e.peak_in_ka = best.peak_out_ka if z is not None else None
    e.fault_z_out = z  # the input bus, until the element's own output is worked out
    e.fault_notes = tuple(dict.fromkeys(notes))


def _source(e: ElementResult) -> None:
    node = e.node
    v = e.voltage_v
    e.fault_z_out, e.fault_out_ka, e.fault_notes = None, None, ()
    if isinstance(node, Utility):
        stated = _positive(node.fault_current)
        mva = _positive(node.fault_level)
        if not stated and mva and v:
            stated = sc.fault_ka_from_mva(v, mva)
        if not stated:
            e.fault_basis, e.fault_method = "", ""
            return
        e.fault_out_ka = stated
        x_r = _positive(node.specs.x_r)
        given = (
            f"S''kQ = {mva:g} MVA"
            if mva and not _positive(node.fault_current)
            else (f"I''kQ = {stated:g} kA")
        )
        if not v:
            e.fault_basis, e.fault_method = f"utility's stated {given}", INFINITE_BUS
            return
        r_over_x = 1.0 / x_r if x_r else sc.DEFAULT_NETWORK_R_X
        e.fault_z_out = sc.network_feeder(v, stated, r_over_x)
        e.fault_method = IMPEDANCE
        e.fault_basis = (
            f"utility's stated {given}, Z_Q = c·U_n/(√3·I''kQ) = {_mohm(e.fault_z_out)}, "
            + (f"X/R {x_r:g}" if x_r else "X/R 10 (default, IEC 60909-0 §6.2)")
        )
        return
    kva = e.rating_kva or (e.rating_kw / _generator_pf(node) if e.rating_kw else None)
    if not kva or not v:
        e.fault_basis, e.fault_method = "", ""
        return
    x = _positive(node.specs.reactance)
    one = sc.generator(kva, v, x or DEFAULT_REACTANCE, _generator_pf(node))
    e.fault_z_out = one / max(e.units, 1)
    e.fault_out_ka = sc.initial_ka(v, e.fault_z_out)
    e.fault_method = IMPEDANCE
    reactance = f"X''d = {x:g}" if x else f"X''d = {DEFAULT_REACTANCE:g} (default)"
    e.fault_basis = f"{e.units} × K_G·Z_G in parallel, {reactance} (IEC 60909-0 §6.6)"


def _generator_pf(node: PowerNode) -> float:
    rated = _positive(node.part.specs.power_factor) if node.part is not None else None
    return rated if rated is not None and rated <= 1.0 else DEFAULT_GENERATOR_PF


def _transformer(e: ElementResult) -> None:
    assert e.impedance and e.rating_kva and e.voltage_v
    kva, v, z_pu = e.rating_kva, e.voltage_v, e.impedance
    u_rr, x_r_text = transformer_u_rr(e.node, kva, z_pu)
    upstream = e.fault_z_out
    if upstream is not None and e.voltage_in_v:
        own = sc.transformer(kva, v, z_pu, u_rr, v)
        e.fault_z_out = sc.refer(upstream, e.voltage_in_v, v) + own
        e.fault_out_ka = sc.initial_ka(v, e.fault_z_out)
        e.fault_method = IMPEDANCE
        e.fault_basis = (
            f"IEC 60909-0: upstream {_mohm(sc.refer(upstream, e.voltage_in_v, v))} + K_T·Z_T "
            f"{_mohm(own)} (Z = {z_pu * 100:g} % ({e.impedance_source}), {x_r_text})"
        )
        return
    e.fault_z_out = None
    e.fault_out_ka = el.fault_current_ka(kva, v, z_pu)
    e.fault_method = INFINITE_BUS
    e.fault_basis = f"I_FL / Z = {z_pu * 100:g} % ({e.impedance_source})"
    e.fault_notes = ("infinite-bus method: the utility states no fault level, an upper bound",)


def transformer_u_rr(node: PowerNode, kva: float, z_pu: float) -> tuple[float, str]:
    """u_Rr from `load_loss` (P_krT/S_rT), else from `x_r`, else from the default X/R."""
    load_loss = _positive(node.specs.load_loss)
    if load_loss:
        u_rr = sc.transformer_u_rr(kva, load_loss)
        return u_rr, f"u_Rr = P_krT/S_rT = {u_rr * 100:.2f} %"
    x_r = _positive(node.specs.x_r)
    if x_r:
        return sc.u_rr_from_x_r(z_pu, x_r), f"X/R {x_r:g}"
    default = next(ratio for up_to, ratio in DEFAULT_TRANSFORMER_X_R if kva <= up_to)
    return sc.u_rr_from_x_r(z_pu, default), f"X/R {default:g} (default by size, estimate)"


def _pass_on(e: ElementResult, partial: bool) -> None:
    e.fault_out_ka = e.fault_in_ka
    e.fault_partial = partial and e.fault_in_ka is not None
    e.fault_basis = (
        "through the static bypass" if e.node.kind == "ups" else "from the bus that feeds it"
    )


def _add_motors(e: ElementResult, kw: float, estimated: bool) -> None:
    v = e.voltage_v
    if not kw and estimated:
        e.fault_notes = (*e.fault_notes, "cooling plant load not computed: no motor contribution")
    if not kw or not v:
        return
    z_m = sc.motor(kw / MOTOR_EFFICIENCY_PF, v)
    e.motor_ka = sc.initial_ka(v, z_m)
    source = "estimated from the cooling plant's electrical load" if estimated else "stated"
    note = (
        f"motor contribution I''kM = {e.motor_ka:.1f} kA: {kw:,.0f} kW of motors ({source}), "
        f"I_LR/I_rM = {sc.DEFAULT_LOCKED_ROTOR_RATIO:g}, R/X {sc.motor_r_over_x(v):g} "
        "(IEC 60909-0 §6.8)" + (" [estimate]" if estimated else "")
    )
    e.fault_notes = (*e.fault_notes, note)
    same_bus = e.node.kind in SAME_BUS_KINDS and not is_transformer(e.node)
    if e.fault_z_out is not None:
        network_peak = e.peak_out_ka or 0.0
        e.fault_z_out = sc.parallel(e.fault_z_out, z_m)
        e.fault_out_ka = sc.initial_ka(v, e.fault_z_out)
        # IEC 60909-0 §8.1.2: the peak of sources in parallel is the sum of their partial peaks
        e.peak_out_ka = network_peak + sc.peak_ka(e.motor_ka, z_m)
        if same_bus and e.fault_in_ka is not None:
            e.fault_in_ka, e.peak_in_ka = e.fault_out_ka, e.peak_out_ka
    elif e.fault_out_ka is not None:  # infinite bus: the motors' current adds to the bound
        e.fault_out_ka += e.motor_ka
        if same_bus and e.fault_in_ka is not None:
            e.fault_in_ka += e.motor_ka


def _positive(value: object) -> float | None:
    """A stated figure the formulas can use: a finite number above zero, else None."""
    number = as_float(value)
    return number if number is not None and 0 < number < math.inf else None


def cable_impedance(node: PowerNode) -> complex | None:
    """The feeder from the bus that feeds ``node``, when the design gives length and size."""
    if not isinstance(node, RatedElement):
        return None
    length, size = _positive(node.cable_length), _positive(node.cable_size)
    if not length or not size:
        return None
    runs = node.cable_runs if isinstance(node.cable_runs, int) and node.cable_runs > 0 else 1
    material = node.cable_material if isinstance(node.cable_material, str) else "copper"
    return sc.cable(length, size, runs, material)


def _cable_text(node: PowerNode) -> str:
    assert isinstance(node, RatedElement)
    runs = node.cable_runs or 1
    size = as_float(node.cable_size) or 0.0
    return (
        f"{runs} × {size:g} mm² {node.cable_material or 'copper'}, "
        f"{as_float(node.cable_length) or 0.0:g} m"
    )


def _mohm(z: complex) -> str:
    return f"({z.real * 1e3:.3g} + j{z.imag * 1e3:.3g}) mΩ"


def _motor_kw(power: PowerResult, results: Results) -> dict[int, tuple[float, bool]]:
    """Motor kW per unit on each element's output bus: stated `motor_load`, else its share of
    the cooling plant's electrical load on the elements marked `cooling_plant = true`."""
    out: dict[int, tuple[float, bool]] = {}
    marked: list[ElementResult] = []
    for e in power.elements:
        node = e.node
        if not isinstance(node, RatedElement):
            continue
        stated = _positive(node.motor_load)
        if stated:
            out[e.index] = (stated, False)
        elif node.cooling_plant:
            marked.append(e)
    facility = results.facility
    plant_kw = finite(facility.cooling_kw) if facility is not None else None
    units = sum(max(e.units, 1) for e in marked)
    for e in marked:
        out[e.index] = ((plant_kw or 0.0) / units, True)
    return out
