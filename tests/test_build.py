"""`dcc build`: the seed design's figures in summary.json and bom.csv, byte-identical rebuilds,
all-or-nothing writes, and the files of the output contract."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dcdsl.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "designs" / "seed-100k.dc"


def dcc_build(design: Path, out: Path) -> int:
    result = CliRunner().invoke(main, ["build", str(design), "-o", str(out)])
    return result.exit_code


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "build"
    # The seed's fabric cannot be built (DC-NET-001) and its total misses its own range
    # (DC-REQ-001): the build writes everything and exits 1.
    assert dcc_build(SEED, out) == 1
    return out


def test_seed_summary_figures(seed_build: Path) -> None:
    summary = json.loads((seed_build / "summary.json").read_text())
    capex = summary["cost"]["capex_usd"]
    assert capex["compute"] == 4_500_000_000  # 3.0 B GPUs + 1.5 B chassis
    assert capex["network"] == 1_600_000_000  # 200,000 ports × 8,000
    assert capex["storage"] == 5_000_000  # 50 PB × 0.10 USD/GB (the seed prints 500 M)
    assert capex["facility"] == 3_000_000_000  # 12 MUSD/MW × 250 MW
    assert capex["software"] == 200_000_000
    assert capex["power"] == 0 and capex["cooling"] == 0 and capex["other"] == 0
    assert capex["total"] == 9_305_000_000
    assert summary["cost"]["opex_usd_per_year"]["energy"] == 109_500_000  # 250 MW × 8,760 h × 0.05
    assert summary["counts"] == {"gpus": 100_000, "nodes": 12_500, "racks": 3_125, "halls": 1}


def _bom(seed_build: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (seed_build / "bom.csv").open(newline="", encoding="utf-8") as handle:
        return {(row["part"], row["unit"]): row for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("part", "unit", "quantity", "unit_price", "extended", "cost_type"),
    [
        ("h100_sxm", "GPU", "100000", "30000", "3000000000", "capex"),
        ("dgx_h100_seed", "GPU slot", "100000", "15000", "1500000000", "capex"),
        ("InfiniBand", "port", "200000", "8000", "1600000000", "capex"),
        ('storage "shared"', "GB", "50000000", "0.1", "5000000", "capex"),
        ("construction", "MW", "250", "12000000", "3000000000", "capex"),
        ("first-year power", "kWh", "2190000000", "0.05", "109500000", "opex_per_year"),
        ("software", "lot", "1", "200000000", "200000000", "capex"),
    ],
)
def test_seed_bom_lines(
    seed_build: Path,
    part: str,
    unit: str,
    quantity: str,
    unit_price: str,
    extended: str,
    cost_type: str,
) -> None:
    row = _bom(seed_build)[(part, unit)]
    assert (row["quantity"], row["unit_price_usd"], row["extended_usd"], row["cost_type"]) == (
        quantity,
        unit_price,
        extended,
        cost_type,
    )
    # Relative to the design's folder: the same bytes wherever dcc build runs from.
    assert row["where"].startswith("seed-100k.dc:")


def test_seed_bom_sums_to_summary(seed_build: Path) -> None:
    rows = _bom(seed_build).values()
    capex = sum(float(r["extended_usd"] or 0) for r in rows if r["cost_type"] == "capex")
    assert capex == 9_305_000_000


def test_seed_diagnostics_say_where_the_seed_disagrees(seed_build: Path) -> None:
    doc = json.loads((seed_build / "diagnostics.json").read_text())
    by_code: dict[str, list[str]] = {}
    for d in doc["diagnostics"]:
        by_code.setdefault(d["code"], []).append(d["summary"] + "\n" + d["detail"])
    (power,) = by_code["DC-COST-004"]
    assert "250 MW" in power and "127.5 MW" in power
    assert "100,000 endpoints" in by_code["DC-NET-001"][0]
    assert "65,536" in by_code["DC-NET-001"][0]
    (ports,) = by_code["DC-COST-006"]
    assert "200,000 ports" in ports and "600,384" in ports
    (energy,) = by_code["DC-COST-005"]
    assert "250 MW" in energy and "no PUE" in energy and "142.4 M USD" in energy
    (slots,) = by_code["DC-COST-007"]
    assert "1.5 B USD" in slots and "187.5 M USD" in slots
    (rent,) = by_code["DC-COST-008"]
    assert "10.7 %" in rent and "25.3 %" in rent
    (total,) = by_code["DC-REQ-001"]
    assert "9.4145 B USD" in total


def test_contract_files_are_written(seed_build: Path) -> None:
    names = {p.name for p in seed_build.iterdir()}
    assert {
        "summary.json",
        "diagnostics.json",
        "bom.csv",
        "bom.md",
        "bom.json",
        "report.html",
    } <= names


def test_build_twice_is_byte_identical(tmp_path: Path, seed_build: Path) -> None:
    again = tmp_path / "again"
    assert dcc_build(SEED, again) == 1
    first = sorted(p.name for p in seed_build.iterdir())
    assert first == sorted(p.name for p in again.iterdir())
    for name in first:
        assert (seed_build / name).read_bytes() == (again / name).read_bytes(), name


def test_failed_build_leaves_an_earlier_build_as_it_was(tmp_path: Path) -> None:
    good = tmp_path / "ok.dc"
    good.write_text('design "ok" { }\n', encoding="utf-8")
    out = tmp_path / "out"
    assert dcc_build(good, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = tmp_path / "broken.dc"
    broken.write_text('design "ok" { electricity = 5 kW + }\n', encoding="utf-8")
    assert dcc_build(broken, out) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.dc", "ok.dc", "out"]


def test_an_emitter_that_fails_leaves_the_earlier_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dcdsl.emit import build as build_module

    good = tmp_path / "ok.dc"
    good.write_text('design "ok" { }\n', encoding="utf-8")
    out = tmp_path / "out"
    assert dcc_build(good, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(compilation: object, files: object) -> dict[str, str | bytes]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(build_module, "FINAL_EMITTERS", [("report", boom)])
    result = CliRunner().invoke(main, ["build", str(good), "-o", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_ai_100k_models_the_same_cluster_from_first_principles(tmp_path: Path) -> None:
    out = tmp_path / "ai"
    assert dcc_build(ROOT / "designs" / "ai-100k.dc", out) == 0  # a fabric that can be built
    summary = json.loads((out / "summary.json").read_text())
    assert summary["counts"]["gpus"] == 100_000 and summary["counts"]["nodes"] == 12_500
    assert summary["diagnostics"]["errors"] == 0
    # Computed, not assumed: the facility draws more than IT, and the PUE meets the target.
    assert summary["power"]["facility_kw"] > summary["power"]["it_kw"] > 127_500
    assert 1.0 < summary["power"]["pue"] <= 1.3
    assert summary["cost"]["capex_usd"]["compute"] == 4_500_000_000
    assert summary["cost"]["opex_usd_per_year"]["energy"] > 0
