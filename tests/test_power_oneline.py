"""The one-line: golden .dot and single-line .svg, symbols, bus fault levels, breaker sizes,\ngrouping at scale, determinism, and the note when the drawing is beyond its bound."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from dcdsl.analysis.power import PowerResult
from dcdsl.emit import oneline, singleline
from dcdsl.pipeline import compile_file, compile_text
from tests.conftest import GOLDEN, ROOT, check_golden

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


def _svg(path: Path) -> tuple[str, PowerResult]:
    c = compile_file(path)
    assert c.model is not None and isinstance(c.results.power, PowerResult)  # type: ignore[union-attr]
    files, notes = oneline.render_files(c.model, c.results.power)  # type: ignore[union-attr]
    assert notes == []
    ElementTree.fromstring(files["oneline.svg"])  # well-formed XML
    return files["oneline.svg"], c.results.power  # type: ignore[union-attr]


def test_single_line_svg_golden() -> None:
    svg, _ = _svg(CASE)
    check_golden(CASE.with_suffix(".svg"), svg)  # reviewed as a PNG (chromium screenshot)
    for kind in ("utility", "generator", "transformer", "breaker", "bus", "ups", "pdu", "load"):
        assert f'class="sym-{kind}"' in svg, kind
    assert "symbols: IEEE 315" in svg
    # Buses carry their voltage and fault level: 2,500 kVA at 415 V with the default IEC 60076-5
    # minimum impedance of 6 %: 3,478 A / 0.06 = 58.0 kA, passed through the UPS bypass; an
    # upper bound (≤), since the utility states no fault level. The 13.8 kV bus: ≥ the two
    # 1,500 kW sets (1,875 kVA at cos φ 0.8, X''d 0.15) in parallel, IEC 60909-0 §6.6:
    # 2 × 78.4 A / 0.15 × c / (K_G·√(1 + 0.07²)) = 1,046 A × 1.10 / (1.0092 × 1.0025) = 1.14 kA.
    assert "415 V · ≤ 58.0 kA" in svg and "13.8 kV · ≥ 1.1 kA" in svg
    # Breakers carry their rating: a 300 kVA PDU at 415 V is 417 A; 125 % = 522 A → 600 A.
    assert "CB 600 A" in svg


def test_superpod_single_line_reads_as_a_single_line() -> None:
    svg, power = _svg(ROOT / "designs" / "superpod-h100-4su.dc")
    for kind in ("utility", "generator", "transformer", "breaker", "ats", "bus", "ups", "pdu"):
        assert f'class="sym-{kind}"' in svg, kind
    assert svg.count('class="sym-generator"') == 2 and svg.count('class="sym-ats"') == 2
    # The unit substations' 480 V buses, on an infinite bus (the utility states no fault level):
    # ≤ 3,007 A / 0.0575 = 52.3 kA; below the 480 → 415 V PDUs ≤ 10.4 kA. The generators'
    # (IEC 60909-0 §6.6): I_FL / X''d = 3,750 kVA / (√3 × 480 V) / 0.15 = 30.07 kA ×
    # c / (K_G·√(1 + 0.15²)) = 30.07 × 1.05 / (0.9633 × 1.0112) = 32.4 kA.
    assert "480 V · ≤ 52.3 kA" in svg and "480 V · 32.4 kA" in svg
    assert "415 V · ≤ 10.4 kA" in svg
    assert "main 4,000 A · 100 kA" in svg  # the LV switchgear's main breaker
    assert "13.8 kV → 480 V · Z 5.75 %" in svg
    assert power.tier == 4 and power.tier_claim == 3


def test_iec_design_draws_iec_symbols() -> None:
    text = CASE.read_text(encoding="utf-8").replace(
        "power_factor = 0.95", "power_factor = 0.95  standard = IEC"
    )
    c = compile_text(text, "iec.dc")
    assert c.model is not None and c.results is not None
    svg = oneline.single_line_svg(c.model, c.results.power)
    assert svg is not None and "symbols: IEC 60617" in svg
    transformer = svg[svg.index('class="sym-transformer"') :].split("</g>")[0]
    assert transformer.count("<circle") == 2  # two overlapping windings (IEC 60617-06-09)


def test_breaker_sizes_are_standard_sizes() -> None:
    # 2,500 kVA at 13.8 kV: 104.6 A × 1.25 = 130.8 A → 150 A (NEC 240.6(A)).
    assert singleline.breaker_a(104.6, "ANSI") == 150
    # 1,250 kVA UPS at 480 V: 1,503.5 A × 1.25 = 1,879 A → 2,000 A; IEC: → 2,000 A as well.
    assert singleline.breaker_a(1503.5, "ANSI") == 2000
    assert singleline.breaker_a(300, "IEC") == 400  # 375 A → 400 A (IEC 60947-2 ratings)
    assert singleline.breaker_a(5000, "ANSI") is None  # above the largest frame


def test_single_line_beyond_its_bound_is_skipped_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(singleline, "MAX_CELLS", 3)
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
    svg = oneline.single_line_svg(c.model, None)
    assert svg is not None and "no power chain in this design" in svg
    assert oneline.emitter(c)["oneline.dot"] == dot
