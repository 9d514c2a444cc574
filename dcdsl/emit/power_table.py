"""The power chain as report rows: each element side with its voltages, rating, loading, the
fault current at its input bus against its interrupting rating, and the basis of the figures."""

from __future__ import annotations

from typing import Any

from dcdsl import number_format
from dcdsl.analysis.power import PowerResult, format_kva, format_kw, format_pct
from dcdsl.analysis.power.fault_levels import INFINITE_BUS, NO_CABLE


def _v(volts: float | None) -> str:
    if volts is None:
        return "—"
    return number_format.volts(volts)


def _ka(value: float | None, partial: bool = False, upper: bool = False) -> str:
    if value is None:
        return "—"
    mark = "≥ " if partial else "≤ " if upper else ""
    return f"{mark}{value:,.1f} kA"


def rows(power: Any) -> list[dict[str, str]]:
    """One row per element side, in flow order (sources first)."""
    if not isinstance(power, PowerResult):
        return []
    out = []
    for e in power.elements:
        rating = " / ".join(
            x
            for x in (
                format_kw(e.rating_kw) if e.rating_kw else "",
                format_kva(e.rating_kva) if e.rating_kva else "",
            )
            if x
        )
        state, claimed = e.normal, e.claimed
        loading = (
            format_pct(state.loading) if state is not None and state.loading is not None else "—"
        )
        feeds = [power.elements[f] for f in e.feeds]
        partial = any(f.fault_partial or f.fault_out_ka is None for f in feeds)
        over = bool(e.interrupting_ka and e.fault_in_ka and e.fault_in_ka > e.interrupting_ka)
        out.append(
            {
                "element": e.key,
                "kind": e.node.kind,
                "units": f"{e.units} × {rating or 'unrated'}",
                "voltage": (
                    f"{_v(e.voltage_in_v)} → {_v(e.voltage_v)}"
                    if e.voltage_in_v and e.voltage_in_v != e.voltage_v
                    else _v(e.voltage_v)
                ),
                "loading": loading,
                "claimed": format_pct(claimed.loading)
                if claimed is not None and claimed.loading is not None
                else "—",
                "limit": format_pct(state.limit)
                if state is not None and state.loading is not None
                else "—",
                "fault": _ka(
                    e.fault_in_ka,
                    partial and e.fault_in_ka is not None,
                    upper=e.fault_method == INFINITE_BUS,
                )
                + (f" (i_p {e.peak_in_ka:,.1f} kA)" if e.peak_in_ka else "")
                + (f"; {NO_CABLE}" if NO_CABLE in e.fault_notes else ""),
                "interrupting": _ka(e.interrupting_ka),
                "status": "over" if over else "",
            }
        )
    return out


def basis(power: Any) -> str:
    if not isinstance(power, PowerResult):
        return ""
    return (
        f"ratings at {power.load_basis}; energy at {power.energy_basis}; {power.standard} "
        "standard; fault current at each element's input bus: I''k by the IEC 60909-0 impedance "
        "method with its peak i_p where the sources' data are known, else ≤ the infinite-bus "
        "upper bound I_FL / Z (the utility states no fault level); ≥ where a source states none"
    )
