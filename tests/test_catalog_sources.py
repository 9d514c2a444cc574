"""Catalogue audit, network and compute side: every spec and price carries a source and a date,
and an estimate is marked as one, in the catalogue, the BOM and the report."""

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
ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
PRICES = ("price", "price_on_demand", "price_reserved")


def _parts():  # type: ignore[no-untyped-def]
    return [e.part for e in load_catalog() if e.part.kind in KINDS]


def test_the_audited_kinds_are_all_there() -> None:
    kinds = {p.kind for p in _parts()}
    assert kinds == KINDS


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
