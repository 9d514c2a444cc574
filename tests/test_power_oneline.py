"""The one-line diagram: golden .dot, grouping at scale, determinism, and the missing-`dot` note."""

from __future__ import annotations

import shutil

import pytest

from dcdsl.analysis.power import PowerResult
from dcdsl.emit import oneline
from dcdsl.pipeline import compile_file, compile_text
from tests.conftest import GOLDEN, check_golden

CASE = GOLDEN / "power" / "oneline_2n.dc"


def _compile_case() -> tuple[object, PowerResult]:
    c = compile_file(CASE)
    assert c.model is not None and c.results is not None
    assert isinstance(c.results.power, PowerResult)
    return c.model, c.results.power


def test_oneline_golden() -> None:
    model, power = _compile_case()
    dot = oneline.oneline_dot(model, power)  # type: ignore[arg-type]
    check_golden(CASE.with_suffix(".dot"), dot)
    # What a reviewer reads off it.
    assert "H1 · Row A: 8 racks × 40.8 kW" in dot
    assert "UPS (A) · ups" in dot and "UPS (B) · ups" in dot
    assert "1 of 2 × 1,250 kW / 1,250 kVA (2N)" in dot
    assert "4 of 8 × 300 kVA (split A/B)" in dot
    assert oneline.PATH_COLOURS["A"] in dot and oneline.PATH_COLOURS["B"] in dot
    assert "✕ fails in the worst case" in dot and "⚠ worst case" in dot
    assert 'style="dashed"' in dot  # generator feed


def test_oneline_is_deterministic() -> None:
    first = oneline.oneline_dot(*_compile_case())  # type: ignore[arg-type]
    second = oneline.oneline_dot(*_compile_case())  # type: ignore[arg-type]
    assert first == second


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` not installed")
def test_oneline_svg_with_dot() -> None:
    files, notes = oneline.render_files(*_compile_case())  # type: ignore[arg-type]
    assert notes == []
    assert files["oneline.svg"].lstrip().startswith("<?xml")
    assert "<svg" in files["oneline.svg"]


def test_oneline_without_dot_writes_the_dot_and_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oneline.shutil, "which", lambda name: None)
    files, notes = oneline.render_files(*_compile_case())  # type: ignore[arg-type]
    assert set(files) == {"oneline.dot"}
    (d,) = notes
    assert d.code == "DC-POWER-013"
    assert "oneline.svg skipped" in d.message and d.help is not None


def test_many_rows_are_grouped_by_hall() -> None:
    text = CASE.read_text(encoding="utf-8").replace(
        'hall "H1" { row "A".."D"',
        'hall "H2" { row "r001".."r040" { rack gpu_rack * 24 { power = main.PDU } } }\n'
        'hall "H1" { row "A".."D"',
    )
    c = compile_text(text, "many.dc")
    assert c.model is not None and c.results is not None
    dot = oneline.oneline_dot(c.model, c.results.power)
    # 44 rows > 24 row nodes: one node per hall.
    assert "Hall H2 (40 rows): 960 racks × 40.8 kW" in dot
    assert "Hall H1 (4 rows): 32 racks × 40.8 kW" in dot
    assert "Row A" not in dot


def test_oneline_without_power_chain() -> None:
    c = compile_text('design "x" { }\n', "x.dc")
    assert c.model is not None
    dot = oneline.oneline_dot(c.model, None)
    assert "no power chain in this design" in dot
    assert oneline.emitter(c)["oneline.dot"] == dot
