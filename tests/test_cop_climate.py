"""Compressor COP at the design's climate, economiser hours and the annualised PUE, worked by hand
(docs/checks.md, "Facility power, PUE, energy, water": COP at the site's climate).

An air-cooled chiller rated COP 3.2 (AHRI 550/590: 6.7 °C chilled water, 35 °C outdoor air) makes
18 °C water for CRAHs, with an economiser, at a site of design dry-bulb 40 °C and winter 0 °C.
"""

from __future__ import annotations

import pytest

from dcdsl.analysis.cooling_climate import LoopClimate, SiteClimate
from dcdsl.emit.summary import summary
from dcdsl.pipeline import Compilation, compile_text

K = 273.15


def design(climate: str) -> str:
    return f"""
design "climate" {{ {climate} }}
part node {{ kind = server  power_max = 25 kW  height = 4 U }}
part crah_g {{ kind = crah  capacity = 600 kW  power_max = 20 kW }}
part chiller_g {{ kind = chiller  capacity = 1200 kW  cop = 3.2 }}
rack_type r {{ height = 48 U  device node * 4 }}
cooling "air" {{
  tier            = air
  supply          = 24 degC
  facility_supply = 18 degC
  economiser      = true
  crah            = crah_g * 2
  chiller         = chiller_g * 1
}}
hall "H1" {{ rack r * 10 {{ cooling = air }} }}
"""


def compiled(climate: str) -> Compilation:
    c = compile_text(design(climate), "climate.dc")
    assert c.results is not None and c.results.facility is not None
    assert not [d for d in c.diagnostics if d.code == "DC-INTERNAL-001"]
    return c


# Carnot fraction held: COP ∝ T_e / (T_c − T_e), T_e = chilled water − 3 K, T_c = sink + 5 K.
# Rated: T_e = 6.7 − 3 = 3.7 °C = 276.85 K, T_c = 35 + 5 = 40 °C = 313.15 K → 276.85 / 36.3 = 7.62672.
# Site: T_e = 18 − 3 = 15 °C = 288.15 K. Design 40 °C: T_c = 318.15 K, lift 30 K → 9.60500;
# ratio 9.60500 / 7.62672 = 1.259388 → COP 3.2 × 1.259388 = 4.03004; 1,000 kW / 4.03004 = 248.136 kW.
DESIGN_RATIO = 1.259388
DESIGN_COMPRESSOR_KW = 248.136
# The year: T_k = 20 + 20·sin(15°, 45°, …, 345°) = 25.176, 34.142, 39.319 (× 2 each, summer) and
# 14.824, 5.858, 0.681 (× 2 each, winter). Economiser when sink + 3 ≤ 18 °C: the six winter bins,
# 6 × 730 = 4,380 h. Summer bins, lift = sink − 10 K: 15.176 → ratio 2.489575, 24.142 → 1.564990,
# 29.319 → 1.288643. Year / design = 1.259388 × 2 × (1/2.489575 + 1/1.564990 + 1/1.288643) / 12
# = 0.381317 → 248.136 × 0.381317 = 94.619 kW on average.
ANNUAL_FACTOR = 0.381317
ECONOMISER_HOURS = 4380.0


def test_cop_at_the_design_dry_bulb_by_hand() -> None:
    site = SiteClimate(dry_bulb=40.0, wet_bulb=None, dry_bulb_min=0.0)
    loop = LoopClimate(water_cooled=False, chw_supply_c=18.0, economiser=True, site=site)
    ratio, text, known = loop.design(dx=False)
    assert ratio == pytest.approx(DESIGN_RATIO, abs=1e-6)
    assert known and "outdoor air 40 °C vs rated 35 °C" in text
    annual, hours, _ = loop.annual(dx=False)
    assert annual == pytest.approx(ANNUAL_FACTOR, abs=1e-6)
    assert hours == ECONOMISER_HOURS


def test_rated_conditions_give_the_rated_cop() -> None:
    # Tower water at the AHRI point: wet-bulb 25.4 + 4 K approach = 29.4 °C entering condenser.
    site = SiteClimate(dry_bulb=35.0, wet_bulb=25.4)
    loop = LoopClimate(water_cooled=True, chw_supply_c=6.7, economiser=False, site=site)
    assert loop.design(dx=False)[0] == pytest.approx(1.0)


def test_facility_power_and_annual_pue_from_the_climate() -> None:
    c = compiled("ambient = 40 degC  ambient_min = 0 degC")
    f = c.results.facility  # type: ignore[union-attr]
    (chiller,) = [t for t in f.terms if t.category == "compressor"]
    assert chiller.kw == pytest.approx(DESIGN_COMPRESSOR_KW, abs=1e-3)
    assert chiller.annual_factor == pytest.approx(ANNUAL_FACTOR, abs=1e-6)
    assert "COP × 1.259 at outdoor air 40 °C" in chiller.source
    assert "economiser 4,380 h" in chiller.source
    # CRAHs: 2 × 20 kW × (1,000 / 1,200)³ = 23.148 kW (affinity laws; not climate-dependent).
    crah = 40 * (1000 / 1200) ** 3
    assert f.pue == pytest.approx((1000 + DESIGN_COMPRESSOR_KW + crah) / 1000, abs=1e-6)
    annual = (1000 + DESIGN_COMPRESSOR_KW * ANNUAL_FACTOR + crah) / 1000
    assert f.pue_annual == pytest.approx(annual, abs=1e-5)  # 1.11777
    assert f.energy_kwh_per_year == pytest.approx(annual * 1000 * 8760, rel=1e-5)
    assert f.cop_basis == "climate"
    assert f.economiser_hours == {"air": ECONOMISER_HOURS}
    doc = summary(c)["power"]
    assert doc["cop_basis"] == "climate"
    assert doc["economiser_hours"] == {"air": 4380}


def test_no_climate_keeps_the_rated_cop_and_says_so() -> None:
    c = compiled("")
    f = c.results.facility  # type: ignore[union-attr]
    (chiller,) = [t for t in f.terms if t.category == "compressor"]
    assert chiller.kw == pytest.approx(1000 / 3.2)
    assert "COP at rated conditions (the design states no climate" in chiller.source
    assert f.pue_annual == pytest.approx(f.pue)
    assert f.cop_basis == "rated"
    assert summary(c)["power"]["cop_basis"] == "rated"


def test_report_shows_the_cop_basis_beside_the_pue() -> None:
    from dcdsl.emit.report import _facility_rows

    rated = dict(_facility_rows(compiled("").results))  # type: ignore[arg-type]
    assert rated["PUE at 100% of the design IT load"].endswith(
        "(COP at rated conditions: the design states no climate)"
    )
    site = dict(_facility_rows(compiled("ambient = 40 degC  ambient_min = 0 degC").results))  # type: ignore[arg-type]
    assert "PUE at 100% of the design IT load (compressors at the design climate)" in site
    assert site["PUE over the year (at the average load)"] == (
        '1.118 (COP at the site\'s climate; economiser of "air": 4,380 h)'
    )


def test_ai_100k_states_its_site_climate() -> None:
    """designs/ai-100k.dc is sited at Columbus, OH (ASHRAE station Columbus Int'l Airport: 0.4 %
    cooling 32.4 °C DB / 23.1 °C MCWB). Its water-cooled chillers (tower water, evaporative) see
    a sink of 23.1 + 4 = 27.1 °C, condensing at 32.1 °C against the rated 34.4 °C; the chilled
    water stays at the rated 6.7 °C (T_e = 3.7 °C), so the lift falls from 30.7 K to 28.4 K and
    COP 6.5 rises by 30.7 / 28.4 = 1.0810: 127,500 kW / (6.5 × 1.0810) = 18,146 kW."""
    from pathlib import Path

    from dcdsl.pipeline import compile_file

    design = Path(__file__).resolve().parent.parent / "designs" / "ai-100k.dc"
    c = compile_file(design)
    f = c.results.facility
    assert f is not None and f.cop_basis == "climate"
    (chiller,) = [t for t in f.terms if t.category == "compressor"]
    assert "COP × 1.081 at condenser water 27.1 °C vs rated 29.4 °C" in chiller.source
    assert chiller.kw == pytest.approx(127_500 / (6.5 * 30.7 / 28.4), rel=1e-6)
    assert summary(c)["power"]["cop_basis"] == "climate"
