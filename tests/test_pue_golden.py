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
part dry_g { kind = dry_cooler  capacity = 1000 kW  power_max = 20 kW  water_use = 0 L/kWh }
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
EXPECTED_TERMS_KW = {
    "pump": 2 * 12 * 800 / 1200,  # CDUs: 24 kW × 800/1,200 = 16 kW
    "fan": 2 * 10 * 200 / 400 + 2 * 20 * 1125 / 2000,  # CRAHs 10 kW + dry coolers 22.5 kW
    "compressor": 1000 / 8,  # chillers: 1,000 kW / COP 8 = 125 kW
    "electrical": 1000 * (1 / 0.96 - 1),  # UPS: 500 kW per unit = 50 % → η 96 % → 41.667 kW
    "other": 10.0,
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
    assert f.facility_kw == pytest.approx(1000 + sum(EXPECTED_TERMS_KW.values()))
    assert f.pue == pytest.approx(1.225167, abs=1e-6)
    assert f.pue_status == "computed"
    assert f.uncounted == []


def test_pue_at_part_load_by_hand() -> None:
    f = compiled().results.facility
    # 50 %: IT 500 kW; CDUs 8, CRAHs 5, chillers 62.5, dry coolers 11.25 kW; UPS 250 kW per
    # unit = 25 % → η 94 % → 500 × (1/0.94 − 1) = 31.915 kW; lighting 10 kW.
    half = 500 + 8 + 5 + 62.5 + 11.25 + 500 * (1 / 0.94 - 1) + 10
    assert f.pue_at_load[0.5] == pytest.approx(half / 500)
    # 25 %: IT 250; CDUs 4, CRAHs 2.5, chillers 31.25, dry 5.625; UPS at 12.5 % of its rating,
    # below the curve: losses per unit of rating L = x·(1/η − 1) = 0.0159574, 0.0208333,
    # 0.0231959 at 25/50/75 %, the quadratic through them at 0.125 (Lagrange weights 1.875,
    # −1.25, 0.375) = 0.0125770 → 2 units × 1,000 kW × 0.0125770 = 25.154 kW.
    ups = (
        2
        * 1000
        * (
            1.875 * 0.25 * (1 / 0.94 - 1)
            - 1.25 * 0.5 * (1 / 0.96 - 1)
            + 0.375 * 0.75 * (1 / 0.97 - 1)
        )
    )
    assert ups == pytest.approx(25.154, abs=1e-3)
    quarter = 250 + 4 + 2.5 + 31.25 + 5.625 + ups + 10
    assert f.pue_at_load[0.25] == pytest.approx(quarter / 250)
    assert f.pue_at_load[1.0] == pytest.approx(f.pue)
    # lighter load, worse PUE: fixed lighting and a less efficient UPS weigh more
    assert f.pue_at_load[0.25] > f.pue_at_load[0.5] > f.pue_at_load[1.0]
    assert f.pue_annual == pytest.approx(f.pue)  # load factor 1


def test_summary_marks_the_status_beside_the_number() -> None:
    doc = summary(compiled())
    power = doc["power"]
    assert power["pue"] == pytest.approx(1.2252, abs=1e-4)
    assert power["pue_status"] == "computed"
    assert power["pue_at_load"]["50"] == pytest.approx(1.2573, abs=1e-4)
    assert doc["water_l_per_year"] == 0
    assert doc["wue_status"] == "computed"
