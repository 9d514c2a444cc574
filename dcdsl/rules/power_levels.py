"""Power rules on voltage levels, currents and fault current (DC-POWER-014…019, 025).

The voltages, rated currents and fault levels come from ``dcdsl.analysis.power``; these checks
compare them with the limits in ``dcdsl.analysis.electrical``. Documented in docs/checks.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from dcdsl import number_format
from dcdsl.analysis import electrical as el
from dcdsl.analysis.power import ElementResult, PowerResult, describe_groups, format_kva
from dcdsl.analysis.power import short_circuit as sc
from dcdsl.analysis.power.fault_levels import IMPEDANCE
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, Label, error, warning
from dcdsl.model import Model, PowerNode
from dcdsl.model.part_kinds import PART_KINDS
from dcdsl.rules.power import power_of
from dcdsl.rules.registry import rule

# LV equipment whose breakers must interrupt the fault current at their bus.
INTERRUPTING_KINDS = frozenset(k.name for k in PART_KINDS.values() if k.interrupting)


def _v(volts: float) -> str:
    return number_format.volts(volts)


def _ka(value: float) -> str:
    return f"{value:,.1f} kA"


def _per_node(power: PowerResult) -> Iterable[ElementResult]:
    """The first side of each element group (sides share ratings and voltages)."""
    seen: set[int] = set()
    for e in power.elements:
        if id(e.node) not in seen:
            seen.add(id(e.node))
            yield e


def _voltage_source(e: ElementResult) -> str:
    if e.voltage_source.startswith("part"):
        return f"from {e.voltage_source}"
    if e.voltage_source == "upstream":
        return "inherited from what feeds it"
    return "set on the element" if e.voltage_source else "not declared"


@rule("DC-POWER-014")
def voltage_mismatch(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for m in power.mismatches:
        up = m.upstream
        span = m.downstream.node.span if m.downstream is not None else m.span
        if m.downstream is None:
            groups = [f.group for f in power.racks if f.group.span is m.span]
            where = f"racks {describe_groups(groups)}" if groups else "its racks"
            message = (
                f"{m.what} ({_v(m.downstream_v)}) in {where} is fed from {up.node.kind} "
                f"{up.node.path} at {_v(m.upstream_v)}"
            )
        else:
            message = (
                f"{m.what} takes {_v(m.downstream_v)} in but {up.node.kind} {up.node.path} "
                f"feeds it at {_v(m.upstream_v)}"
            )
        labels = [Label(up.node.span, f"{_v(m.upstream_v)} out")] if up.node.span else []
        yield error(
            "DC-POWER-014",
            message,
            span,
            labels=labels,
            notes=[
                f"{up.node.path} output: {_v(m.upstream_v)} ({_voltage_source(up)})",
                "nominal voltages of connected ends must agree within "
                f"{el.VOLTAGE_TOLERANCE:.0%} (IEC 60038 / ANSI C84.1 nominal systems)",
            ],
            help="use a part made for the supply voltage (a 480→415/240 V PDU feeds 415 V rack "
            "PDUs), or put a transformer between them",
        )


@rule("DC-POWER-015")
def lv_current(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    frame = el.LV_MAX_FRAME_A[power.standard]
    for e in _per_node(power):
        current = e.rated_current_a
        if not el.is_low_voltage(e.voltage_v) or current is None or e.is_source:
            continue
        finding = el.lv_current_finding(current, power.standard)
        if finding is None:
            continue
        assert e.voltage_v is not None
        largest = el.largest_lv_kva(e.voltage_v, power.standard)
        what = (
            f"{e.node.kind} {e.node.path}: {_rated(e)} at {_v(e.voltage_v)} is "
            f"{current:,.0f} A per unit"
        )
        notes = [
            "I_FL = S / (√3 · V_LL)",
            f"the largest {power.standard} main breaker frame is {frame:,.0f} A "
            + (
                "(low-voltage power circuit breakers, UL 1066 / IEEE C37.13)"
                if power.standard == el.ANSI
                else "(air circuit breakers, IEC 60947-2)"
            ),
        ]
        help_ = (
            f"keep one LV unit at or below {format_kva(largest)} at {_v(e.voltage_v)}: use more, "
            "smaller units, or distribute at medium voltage and step down nearer the load"
        )
        if finding == "error":
            yield error(
                "DC-POWER-015",
                f"{what}: above the largest main breaker ({frame:,.0f} A)",
                e.node.span,
                notes=notes,
                help=help_,
            )
        else:
            yield warning(
                "DC-POWER-015",
                f"{what}: above {el.LV_WARN_A:,.0f} A, unusual for one LV bus",
                e.node.span,
                notes=notes,
                help=help_,
            )


def _rated(e: ElementResult) -> str:
    if e.rating_kva:
        return format_kva(e.rating_kva)
    return f"{e.rated_current_a:,.0f} A rated"


@rule("DC-POWER-016")
def utility_voltage_class(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for e in _per_node(power):
        if e.node.kind != "utility" or not e.voltage_v or not e.rating_kw:
            continue
        total_kw = e.rating_kw * e.node.count
        _, max_mw, name = el.voltage_class(e.voltage_v)
        if total_kw / 1000.0 <= max_mw + el.EPSILON:
            continue
        yield warning(
            "DC-POWER-016",
            f"utility {e.node.path}: {number_format.significant(total_kw / 1000, 4)} MW at {_v(e.voltage_v)} is beyond "
            f"what {name} services usually carry (≈ {max_mw:,.0f} MW)",
            e.node.span,
            notes=[
                f"a service of {number_format.significant(total_kw / 1000, 4)} MW is usually taken at "
                f"{el.usual_class_for(total_kw)}, with an on-site substation",
                "planning thresholds per voltage class (an estimate; the utility decides)",
            ],
            help="state the voltage the utility supplies (`voltage = 138 kV`) and model the "
            "site substation's transformers",
        )


@rule("DC-POWER-017")
def fault_vs_interrupting(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for e in _per_node(power):
        fault = max((s.fault_in_ka or 0.0 for s in power.elements_of(e.node)), default=0.0)
        if not e.interrupting_ka or not fault or fault <= e.interrupting_ka + el.EPSILON:
            continue
        source = _fault_source(power, e)
        yield error(
            "DC-POWER-017",
            f"{e.node.kind} {e.node.path}: {_ka(fault)} of fault current is available at its "
            f"bus; its interrupting rating is {_ka(e.interrupting_ka)}",
            e.node.span,
            labels=[Label(source.node.span, "the fault source")]
            if source is not None and source.node.span
            else [],
            notes=[f"available fault current: {_fault_text(source)}", *_method_notes(e)],
            help=f"use equipment rated ≥ {_ka(fault)} (65, 85, 100 kA frames), a higher-"
            "impedance or smaller transformer, or current-limiting fuses ahead of it",
        )


def _fault_source(power: PowerResult, e: ElementResult) -> ElementResult | None:
    """The element upstream that sets the fault level at ``e``'s input."""
    current = e
    while current.feeds:
        best = max((power.elements[f] for f in current.feeds), key=lambda x: x.fault_out_ka or 0.0)
        if best.fault_basis.startswith(("I_FL", "IEC 60909")) or best.is_source:
            return best
        current = best
    return None


def _fault_text(source: ElementResult | None) -> str:
    if source is None or source.fault_out_ka is None:
        return "unknown"
    if source.node.kind == "utility":
        return f"{_ka(source.fault_out_ka)}, the utility's stated fault current"
    if source.is_source:
        return f"{_ka(source.fault_out_ka)} from {source.node.path}: {source.fault_basis}"
    if source.fault_method == IMPEDANCE:
        return (
            f"{_ka(source.fault_out_ka)} at the output of {source.node.path}: {source.fault_basis}"
        )
    kva, v = source.rating_kva or 0.0, source.voltage_v or 0.0
    i_fl = el.full_load_current_a(kva, v) if kva and v else 0.0
    return (
        f"{source.node.path} {format_kva(kva)} at {_v(v)}: I_FL = {i_fl:,.0f} A, "
        f"/ Z {(source.impedance or 0) * 100:g} % ({source.impedance_source}) = "
        f"{_ka(source.fault_out_ka)}"
    )


def _method_notes(e: ElementResult) -> list[str]:
    """How the figure at ``e``'s bus was found, and what it leaves out or estimates."""
    if e.fault_method == IMPEDANCE:
        head = (
            "IEC 60909-0 impedance method: I''k = c·U_n/(√3·|Z_k|), c = "
            f"{sc.c_max(e.voltage_in_v or e.voltage_v or 0.0):g} (Table 1)"
        )
    else:
        head = (
            "infinite-bus method: the source behind the transformer and the cables are "
            "taken as ideal, so this is the upper bound the equipment must interrupt"
        )
    return [head, *(n for n in e.fault_notes if not n.startswith("infinite-bus method"))]


@rule("DC-POWER-025")
def peak_vs_making(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for e in _per_node(power):
        peak = max((s.peak_in_ka or 0.0 for s in power.elements_of(e.node)), default=0.0)
        stated = e.node.specs.making
        breaking = e.interrupting_ka
        if not peak or not (stated or breaking):
            continue
        if isinstance(stated, (int, float)) and stated > 0:
            making, basis = float(stated), f"its rated making capacity {_ka(float(stated))}"
        elif breaking:
            n = sc.making_factor(breaking)
            making = n * breaking
            basis = (
                f"n × I_cu = {n:g} × {_ka(breaking)} = {_ka(making)} (IEC 60947-2 Table 2, "
                "the least making capacity a breaker of that breaking capacity has)"
            )
        else:
            continue
        if peak <= making + el.EPSILON:
            continue
        worst = max(power.elements_of(e.node), key=lambda s: s.peak_in_ka or 0.0)
        z = worst.fault_z_out
        r_over_x = z.real / z.imag if z is not None and z.imag else 0.0
        yield error(
            "DC-POWER-025",
            f"{e.node.kind} {e.node.path}: the peak short-circuit current at its bus is "
            f"{_ka(peak)}, above {basis}",
            e.node.span,
            notes=[
                (
                    f"i_p = κ·√2·I''k = {sc.kappa(r_over_x):.3f} × √2 × "
                    f"{_ka(worst.fault_in_ka or 0)} (κ from R/X = {r_over_x:.3f}, IEC 60909-0 "
                    "§8.1 eq. 55)"
                )
                if not worst.motor_ka
                else "i_p = the sum of the partial peaks κ·√2·I''k of the network and of the "
                f"motors ({_ka(worst.motor_ka)} of I''kM at R/X 0.42), IEC 60909-0 §8.1.2",
                *_method_notes(worst),
            ],
            help=f"use breakers whose making capacity is ≥ {_ka(peak)} peak (state `making`), "
            "or limit the fault level (higher-impedance transformer, current-limiting devices)",
        )


@rule("DC-POWER-018")
def missing_interrupting(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for e in _per_node(power):
        fault = e.fault_in_ka
        if e.node.kind not in INTERRUPTING_KINDS or e.interrupting_ka or not fault:
            continue
        if not el.is_low_voltage(e.voltage_in_v or e.voltage_v):
            continue
        yield warning(
            "DC-POWER-018",
            f"{e.node.kind} {e.node.path} has no `interrupting` rating; {_ka(fault)} of fault "
            "current is available at its bus",
            e.node.span,
            help=f"give it `interrupting = … kA` (≥ {_ka(fault)}), on the element or its part",
        )


@rule("DC-POWER-019")
def missing_voltage(model: Model, results: Results) -> Iterable[Diagnostic]:
    power = power_of(results)
    if power is None:
        return
    for e in _per_node(power):
        if e.voltage_v is not None:
            continue
        node: PowerNode = e.node
        wanted = (
            "`secondary_voltage` (and `primary_voltage`)"
            if node.kind == "transformer"
            else "`voltage`"
        )
        yield warning(
            "DC-POWER-019",
            f"{node.kind} {node.path} has no voltage; its currents, fault level and connections "
            "are not checked",
            node.span,
            help=f"give it {wanted}, on the element or its part, or feed it from an element "
            "that has one",
        )
