"""Voltage levels along the chains, and the design's electrical standard.

Every connection's two ends must have the same nominal voltage (within 5 %): an element's input
against the output of each element that feeds it, and the rack PDUs' voltage against the element
the racks hang on. A 415 V PDU fed from a 480→208 V transformer is a mismatch. Fault levels are
in ``dcdsl.analysis.power.fault_levels`` (they need the cooling plant's motors, found later).
"""

from __future__ import annotations

from dcdsl.analysis import electrical as el
from dcdsl.analysis.power.elements import as_float
from dcdsl.analysis.power.graph import rack_feeds
from dcdsl.analysis.power.results import ElementResult, Mismatch, PowerResult
from dcdsl.model import Model


def design_standard(model: Model, elements: list[ElementResult]) -> tuple[str, str]:
    """`design { standard = ANSI | IEC }`, else from the chains' voltages."""
    stated = model.design.standard
    if isinstance(stated, str) and stated.upper() in (el.ANSI, el.IEC):
        return stated.upper(), "design"
    found = [v for e in elements for v in (e.voltage_v, e.voltage_in_v) if v]
    if not found:
        return el.ANSI, "default (no voltages in the design)"
    standard = el.standard_from_voltages(found)
    return standard, "from the design's voltages"


def voltage_mismatches(model: Model, result: PowerResult) -> None:
    elements = result.elements
    seen: set[tuple[int, int]] = set()
    for e in elements:
        if e.voltage_in_v is None:
            continue
        for f in e.feeds:
            up = elements[f]
            key = (id(up.node), id(e.node))
            if up.voltage_v is None or key in seen:
                continue
            if not el.voltages_match(up.voltage_v, e.voltage_in_v):
                seen.add(key)
                result.mismatches.append(
                    Mismatch(up, up.voltage_v, e, e.voltage_in_v, f"{e.node.kind} {e.node.path}")
                )
    _rack_pdu_mismatches(model, result)


def _rack_pdu_mismatches(model: Model, result: PowerResult) -> None:
    sides_of: dict[int, list[ElementResult]] = {}
    for e in result.elements:
        sides_of.setdefault(id(e.node), []).append(e)
    seen: set[tuple[int, str]] = set()
    for feed in result.racks:
        if feed.voltage_v is None or feed.pdu is None:
            continue
        for node in rack_feeds(feed.group):
            sides = sides_of.get(id(node), [])
            up = sides[0] if sides else None
            key = (id(node), feed.pdu.name)
            if up is None or up.voltage_v is None or key in seen:
                continue
            if not el.voltages_match(up.voltage_v, feed.voltage_v):
                seen.add(key)
                result.mismatches.append(
                    Mismatch(
                        up,
                        up.voltage_v,
                        None,
                        feed.voltage_v,
                        f"rack PDU {feed.pdu.name}",
                        feed.group.span,
                    )
                )


def lv_rated_current(e: ElementResult) -> float | None:
    """The per-unit rated current of an LV element at its output voltage."""
    if not el.is_low_voltage(e.voltage_v):
        return None
    return as_float(e.rated_current_a)
