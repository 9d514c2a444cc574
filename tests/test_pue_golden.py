"""PUE terms of a small direct-to-chip design, summed by hand (docs/checks.md, "PUE: a small
DLC design worked by hand"): every term, PUE at 25/50/75/100 % load, the status in summary.json.
"""

from __future__ import annotations

import pytest

from dcdsl.emit.summary import summary
from dcdsl.pipeline import Compilation, compile_text

DLC = """
design "dlc-1mw" {
  other_load = 10 kW
}

part node { kind = server  gpus = 8  power_max = 25 kW  height = 4 U  heat_to_liquid = 0.8 }
part cdu_g { kind = cdu  capacity = 600 kW  power_max = 12 kW }
part crah_g { kind = crah  capacity = 200 kW  power_max = 10 kW }
part chiller_g { kind = chiller  capacity = 1000 kW  cop = 8 }
part dry_g {
  kind = dry_cooler  capacity = 1000 kW  power_max = 20 kW  water_use = 0 L/kWh  min_speed = 0.5
}
part ups_g {
  kind = ups  rating_kw = 1000 kW
  efficiency_25 = 0.94  efficiency_50 = 0.96  efficiency_75 = 0.97  efficiency = 0.97
}

rack_type r { height = 48 U  device node * 4 }

power "main" {
  utility "grid" { capacity = 2 MW }
  ups "UPS"      { part = ups_g  count = 2  redundancy = N+1  from = grid }
}

cooling "dlc" {
  tier       = direct_to_chip
  redundancy = N+1
  cdu        = cdu_g * 2
  crah       = crah_g * 2
  chiller    = chiller_g * 2
  dry_cooler = dry_g * 2
}

hall "H1" { rack r * 10 { cooling = dlc  power = main.UPS } }
"""

# Hand-worked: IT = 10 racks × 4 × 25 kW = 1,000 kW; liquid 80 % = 800 kW, room air 200 kW.
# Fans and pumps follow the affinity laws (ASHRAE Handbook—HVAC Systems and Equipment, 2020,
# ch. 21 and 44): each group runs at speed s = max(carried / installed, min_speed) and draws
# power_max × count × s³; min_speed is 30 % unless the part states it (the dry coolers: 50 %).
EXPECTED_TERMS_KW = {
    "pump": 2 * 12 * (800 / 1200) ** 3,  # CDUs: 24 kW × (2/3)³ = 7.111 kW
    # CRAHs 20 kW × 0.5³ = 2.5 kW; dry coolers reject 1,125 of 2,000 kW: 40 × 0.5625³ = 7.119 kW
    "fan": 2 * 10 * (200 / 400) ** 3 + 2 * 20 * (1125 / 2000) ** 3,
    "compressor": 1000 / 8,  # chillers: 1,000 kW / COP 8 = 125 kW
    "electrical": 1000 * (1 / 0.96 - 1),  # UPS: 500 kW per unit = 50 % → η 96 % → 41.667 kW
    "other": 10.0,
}
# The UPS pair at 25 % of the design load: each unit at 12.5 % of its rating, below the curve:
# losses per unit of rating L = x·(1/η − 1) = 0.0159574, 0.0208333, 0.0231959 at 25/50/75 %, the
# quadratic through them at 0.125 (Lagrange weights 1.875, −1.25, 0.375) = 0.0125770.
UPS_AT_QUARTER_KW = (
    2
    * 1000
    * (1.875 * 0.25 * (1 / 0.94 - 1) - 1.25 * 0.5 * (1 / 0.96 - 1) + 0.375 * 0.75 * (1 / 0.97 - 1))
)
# Facility kW at 25/50/75/100 % of the design IT load, term by term (docs/checks.md):
#             IT    CDUs    CRAHs   chillers dry    UPS                     lighting
FACILITY_AT_LOAD_KW = {
    0.25: 250 + 0.648 + 0.54 + 31.25 + 5.0 + UPS_AT_QUARTER_KW + 10,  # speeds 0.3, 0.3, 0.5
    0.5: 500 + 24 / 27 + 0.54 + 62.5 + 5.0 + 500 * (1 / 0.94 - 1) + 10,  # 1/3, 0.3, 0.5; UPS 25 %
    0.75: 750 + 3.0 + 20 * 0.375**3 + 93.75 + 5.0 + 750 * (1 / 0.95 - 1) + 10,  # UPS 37.5 %: 95 %
    1.0: 1000 + sum(EXPECTED_TERMS_KW.values()),
}


def compiled() -> Compilation:
    compilation = compile_text(DLC, "dlc.dc")
    assert compilation.model is not None
    assert not [d for d in compilation.diagnostics if d.code == "DC-INTERNAL-001"]
    return compilation


def test_every_term_summed_by_hand() -> None:
    f = compiled().results.facility
    assert f.it_kw == pytest.approx(1000.0)
    by_category: dict[str, float] = {}
    for term in f.terms:
        by_category[term.category] = by_category.get(term.category, 0.0) + term.kw
        assert term.source, term.name
    assert by_category == pytest.approx(EXPECTED_TERMS_KW)
    assert f.facility_kw == pytest.approx(1193.396919, abs=1e-6)
    assert f.pue == pytest.approx(1.193397, abs=1e-6)
    assert f.pue_status == "computed"
    assert f.uncounted == []
    cdus = next(t for t in f.terms if t.name.startswith("cdu_g"))
    assert "speed³" in cdus.source and "min speed 30 % [E]" in cdus.source
    dry = next(t for t in f.terms if t.name.startswith("dry_g"))
    assert "min speed 50 %" in dry.source and "[E]" not in dry.source


def test_pue_at_part_load_by_hand() -> None:
    f = compiled().results.facility
    assert abs(UPS_AT_QUARTER_KW - 25.154) < 1e-3
    for fraction, facility_kw in FACILITY_AT_LOAD_KW.items():
        assert f.pue_at_load[fraction] == pytest.approx(facility_kw / (1000 * fraction)), fraction
    assert f.pue_at_load[0.25] == pytest.approx(1.290368, abs=1e-6)
    assert f.pue_at_load[0.5] == pytest.approx(1.221688, abs=1e-6)
    assert f.pue_at_load[0.75] == pytest.approx(1.203038, abs=1e-6)
    assert f.pue_at_load[1.0] == pytest.approx(f.pue)
    # lighter load, worse PUE below 75 %: fixed lighting, fans at their minimum speed and a
    # less efficient UPS weigh more
    assert f.pue_at_load[0.25] > f.pue_at_load[0.5] > f.pue_at_load[0.75]
    assert f.pue_annual == pytest.approx(f.pue)  # load factor 1


def test_annualised_pue_at_the_average_load() -> None:
    """With `load_factor = 0.5` the year runs at half the design load: the annualised PUE is the
    50 % figure, 610.844 kW / 500 kW, and the energy is 610.844 kW × 8,760 h."""
    text = DLC.replace("other_load = 10 kW", "other_load = 10 kW  load_factor = 0.5")
    f = compile_text(text, "dlc.dc").results.facility
    assert f.pue_annual == pytest.approx(FACILITY_AT_LOAD_KW[0.5] / 500)
    assert f.energy_kwh_per_year == pytest.approx(FACILITY_AT_LOAD_KW[0.5] * 8760)


def test_a_fixed_speed_unit_draws_its_full_power_at_any_load() -> None:
    """`min_speed = 1`: the CDU pumps draw 2 × 12 = 24 kW at 25 % as at 100 %."""
    text = DLC.replace(
        "part cdu_g { kind = cdu  capacity = 600 kW  power_max = 12 kW }",
        "part cdu_g { kind = cdu  capacity = 600 kW  power_max = 12 kW  min_speed = 1 }",
    )
    f = compile_text(text, "dlc.dc").results.facility
    cdus = next(t for t in f.terms if t.name.startswith("cdu_g"))
    assert [kw for _, kw in cdus.at_load] == pytest.approx([24.0] * len(cdus.at_load))


def test_summary_marks_the_status_beside_the_number() -> None:
    doc = summary(compiled())
    power = doc["power"]
    assert power["pue"] == pytest.approx(1.1934, abs=1e-4)
    assert power["pue_status"] == "computed"
    assert power["pue_at_load"]["50"] == pytest.approx(1.2217, abs=1e-4)
    assert doc["water_l_per_year"] == 0
    assert doc["wue_status"] == "computed"


def test_seed_100k_pue_is_marked_a_lower_bound() -> None:
    """The 100,000-GPU design of the source article states no cooling plant for its racks:
    summary.json must not present its PUE as computed."""
    from pathlib import Path

    from dcdsl.pipeline import compile_file

    design = Path(__file__).resolve().parent.parent / "designs" / "seed-100k.dc"
    compilation = compile_file(design)
    power = summary(compilation)["power"]
    assert power["pue_status"] == "lower_bound"
    facility = compilation.results.facility
    assert facility is not None
    assert "3,125 racks with no cooling loop" in facility.uncooled_what
    assert [d for d in compilation.diagnostics if d.code == "DC-COOL-023"]
