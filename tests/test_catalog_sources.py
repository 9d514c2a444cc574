"""Catalogue audit, network and compute side and cooling, power and facility side: every spec and
price carries a source and a date, and an estimate is marked as one, in the catalogue, the BOM
and the report."""

from __future__ import annotations

import re

import pytest

from dcdsl.catalog.query import load_catalog
from dcdsl.emit.bom import render_markdown
from dcdsl.emit.report import _bom_rows
from dcdsl.pipeline import compile_text

KINDS = {
    "server",
    "gpu",
    "switch",
    "nic",
    "transceiver",
    "cable",
    "other",
    "storage_system",
    "cloud_instance",
}
# cooling, power and facility parts (std/cooling, std/power, std/racks)
FACILITY_KINDS = {
    *("rack_pdu", "pdu", "rpp", "busway", "ups", "transformer", "switchgear", "switchboard"),
    *("generator", "ats", "cdu", "rdhx", "crah", "crac", "inrow", "chiller", "dry_cooler"),
    *("cooling_tower", "rack"),
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
PRICES = ("price", "price_on_demand", "price_reserved")


def _parts():  # type: ignore[no-untyped-def]
    return [e.part for e in load_catalog() if e.part.kind in KINDS | FACILITY_KINDS]


def test_the_audited_kinds_are_all_there() -> None:
    kinds = {p.kind for p in _parts()}
    assert kinds == KINDS | FACILITY_KINDS


def test_a_small_room_has_its_parts() -> None:
    """UPS from 10 kVA with a part-load curve, and single-phase rack PDUs."""
    parts = {p.name: p for p in _parts()}
    ups = sorted((p.specs.rating or 0.0, name) for name, p in parts.items() if p.kind == "ups")
    assert ups[0] == (10.0, "ups_10kva")
    assert all(parts[name].specs.efficiency_25 is not None for _, name in ups)
    single = [p for p in parts.values() if p.kind == "rack_pdu" and p.specs.phases == 1]
    assert {p.specs.voltage for p in single} >= {120.0, 208.0, 230.0}


@pytest.mark.parametrize("part", _parts(), ids=lambda p: p.name)
def test_every_spec_and_price_has_a_source_and_a_date(part) -> None:  # type: ignore[no-untyped-def]
    assert str(part.specs.source or "").strip(), f"{part.name}: no source"
    assert ISO_DATE.match(str(part.specs.source_date or "")), f"{part.name}: no source_date"
    assert part.specs.confidence or part.specs.price_confidence, f"{part.name}: no confidence"
    if any(getattr(part.specs, key) is not None for key in PRICES):
        assert str(part.specs.price_basis or "").strip(), f"{part.name}: price without basis"
        assert ISO_DATE.match(str(part.specs.price_date or "")), f"{part.name}: no price_date"


@pytest.mark.parametrize("part", _parts(), ids=lambda p: p.name)
def test_an_estimate_is_marked_as_one(part) -> None:  # type: ignore[no-untyped-def]
    basis = str(part.specs.price_basis or "").lower()
    price_confidence = part.specs.price_confidence or part.specs.confidence
    if basis.startswith("estimate"):
        assert price_confidence == "estimate", part.name
    if str(part.specs.source or "").lower().startswith("estimate"):
        assert part.specs.confidence == "estimate", part.name


def test_estimated_prices_are_shown_as_estimates_in_the_bom_and_report() -> None:
    text = """
design "e" { }
import "std/nvidia"
rack_type r { height = 48 U  device dgx_h100 }
hall "H" { rack r * 2 }
"""
    compilation = compile_text(text, "e.dc")
    cost = compilation.results.cost
    (dgx,) = [line for line in cost.bom if line.part == "dgx_h100"]
    assert dgx.confidence == "estimate"  # its price_basis: 8 × h100_sxm + 8 GPU slots
    assert "| 360,000 (estimate) |" in render_markdown("e", cost)
    (row,) = [r for r in _bom_rows(cost) if r["part"] == "dgx_h100"]
    assert row["unit_price"].endswith("(estimate)")


def test_estimated_facility_prices_are_shown_as_estimates() -> None:
    text = """
design "f" { }
import "std/facility"
part srv { kind = server  power_max = 10 kW  height = 2 U }
rack_type r { height = 48 U  device srv * 4  rack_pdu pdu_415v_60a * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { part = ups_500kw  count = 2  redundancy = N+1  from = grid }
}
cooling "room" { tier = air  crah = crah_100kw * 2 }
hall "H" { rack r * 2 { power = main.UPS  cooling = room } }
"""
    cost = compile_text(text, "f.dc").results.cost
    lines = {line.part: line for line in cost.bom}
    assert lines["ups_500kw"].confidence == "estimate"
    assert lines["crah_100kw"].confidence == "estimate"
    assert "| 125,000 (estimate) |" in render_markdown("f", cost)
    (row,) = [r for r in _bom_rows(cost) if r["part"] == "ups_500kw"]
    assert row["unit_price"].endswith("(estimate)")
