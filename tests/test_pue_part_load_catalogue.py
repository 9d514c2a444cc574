"""Electrical losses at part load from catalogue parts, worked by hand (docs/checks.md,
DC-COOL-022 "PUE at part load"): two `ups_1000kw` modules (part-load curve 95.5 / 96.5 / 97 /
97 % at 25 / 50 / 75 / 100 % of rating) fed by one `tx_2500kva` (no-load 1.575 kW, load loss
18.5 kW at rating, Regulation (EU) 548/2014 Tier 2), 1,600 kW of IT at power factor 1.0.

At a fraction f of the design load each UPS module delivers 800·f kW = 0.8·f of its rating; the
transformer carries the racks plus the UPS losses at that f (the flow is re-run at each f).
"""

from __future__ import annotations

import itertools

import pytest

from dcdsl.pipeline import Compilation, compile_text

DESIGN = """
design "part-load" { power_factor = 1.0 }
import "std/power"

part node { kind = server  power_max = 25 kW  height = 4 U }
rack_type r { height = 48 U  device node * 4 }

power "main" {
  utility "grid" { capacity = 5 MW }
  transformer "T" { part = tx_2500kva  from = grid }
  ups "UPS" { part = ups_1000kw  count = 2  from = T }
}

hall "H1" { rack r * 16 { power = main.UPS } }
"""

IT_KW = 16 * 4 * 25.0  # 1,600 kW


def ups_efficiency(loading: float) -> float:
    """The catalogue curve, linear between 25/50/75/100 %; below 25 % the losses per unit of
    rating L = x·(1/η − 1) follow the quadratic through the 25/50/75 % points. At x = 0.2 the
    Lagrange weights are 1.32, −0.44 and 0.12: L = 1.32 × 0.0117801 − 0.44 × 0.0181347 +
    0.12 × 0.0231959 = 0.0103540, so η = 0.2 / (0.2 + 0.0103540) = 95.078 %."""
    points = [(0.25, 0.955), (0.5, 0.965), (0.75, 0.97), (1.0, 0.97)]
    if loading < 0.25:
        losses = [x * (1 / e - 1) for x, e in points[:3]]  # 0.0117801, 0.0181347, 0.0231959
        assert loading == pytest.approx(0.2)
        light = 1.32 * losses[0] - 0.44 * losses[1] + 0.12 * losses[2]
        return loading / (loading + light)
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if loading <= x1:
            return y0 + (y1 - y0) * (loading - x0) / (x1 - x0)
    return 0.97


# By hand, per f: UPS loading 0.8·f → η; UPS loss = f·1,600·(1/η − 1);
# transformer S = f·1,600 + UPS loss (PF 1), loss = 1.575 + 18.5·(S/2,500)².
HAND = {
    # f: (η_UPS, UPS loss kW, transformer loss kW)
    0.25: (0.950778, 20.708, 2.099),  # loading 0.2 → 95.078 %; S = 420.71 kVA → 1.575 + 0.524
    0.5: (0.961, 32.466, 3.626),  # loading 0.4 → 95.5 + 1.0 × 0.15/0.25 = 96.1 %; S = 832.47
    0.75: (0.967, 40.951, 6.133),  # loading 0.6 → 96.5 + 0.5 × 0.1/0.25 = 96.7 %; S = 1,240.95
    1.0: (0.97, 49.485, 9.629),  # loading 0.8 → 97 %; S = 1,649.48 kVA → 1.575 + 18.5 × 0.4353
}


def compiled() -> Compilation:
    c = compile_text(DESIGN, "part-load.dc")
    assert c.results is not None and c.results.facility is not None
    assert not [d for d in c.diagnostics if d.code == "DC-INTERNAL-001"]
    return c


@pytest.mark.parametrize("f", sorted(HAND))
def test_losses_at_each_load_point_by_hand(f: float) -> None:
    eta, ups_loss, tx_loss = HAND[f]
    assert ups_efficiency(0.8 * f) == pytest.approx(eta, abs=1e-6)
    assert f * IT_KW * (1 / eta - 1) == pytest.approx(ups_loss, abs=1e-3)
    s = f * IT_KW + f * IT_KW * (1 / eta - 1)
    assert 1.575 + 18.5 * (s / 2500) ** 2 == pytest.approx(tx_loss, abs=1e-3)
    facility = compiled().results.facility  # type: ignore[union-attr]
    terms = {t.name: t.kw_at(f) for t in facility.terms if t.category == "electrical"}
    assert terms == pytest.approx(
        {
            "ups main.UPS (ups_1000kw) losses": ups_loss,
            "transformer main.T (tx_2500kva) losses": tx_loss,
        },
        abs=1e-3,
    )
    pue = (f * IT_KW + ups_loss + tx_loss) / (f * IT_KW)
    assert facility.pue_at_load[f] == pytest.approx(pue, abs=1e-5)


def test_pue_changes_with_load() -> None:
    facility = compiled().results.facility  # type: ignore[union-attr]
    pue = facility.pue_at_load
    # 25 %: (400 + 20.708 + 2.099) / 400 = 1.05702; 100 %: (1,600 + 49.485 + 9.629) / 1,600
    # = 1.03695: the no-load loss and the UPS's light-load efficiency weigh more at low load.
    assert pue[0.25] == pytest.approx(1.05702, abs=1e-5)
    assert pue[1.0] == pytest.approx(1.03695, abs=1e-5)
    assert pue[0.25] > pue[0.5] > pue[0.75] > pue[1.0]
    # The power chain's own losses in normal operation are the same figures at f = 1.
    power = compiled().results.power  # type: ignore[union-attr]
    assert power.losses_kw == pytest.approx(49.485 + 9.629, abs=1e-3)


# Regulation (EU) No 548/2014, Annex I Table I.1, Tier 2 (liquid-immersed, Um ≤ 24 kV): rows
# (kVA: Pk, P0 in W) and the sizes between rows, linearly interpolated as Annex I prescribes.
@pytest.mark.parametrize(
    ("part", "p0_w", "pk_w"),
    [
        ("tx_100kva", 130, 1250),  # row 100 kVA
        ("tx_1000kva", 693, 7600),  # row 1,000 kVA
        ("tx_2500kva", 1575, 18500),  # row 2,500 kVA
        ("tx_3150kva", 1980, 23000),  # row 3,150 kVA
        # 200 kVA between rows 160 (189 W, 1,750 W) and 250 (270 W, 2,350 W): 40/90 of the way
        ("tx_200kva", 189 + 81 * 40 / 90, 1750 + 600 * 40 / 90),  # 225 W, 2,016.7 W
        # 1,500 kVA between 1,250 (855, 9,500) and 1,600 (1,080, 12,000): 250/350
        ("tx_1500kva", 855 + 225 * 250 / 350, 9500 + 2500 * 250 / 350),  # 1,015.7 W, 11,285.7 W
        # 112.5 kVA between 100 (130, 1,250) and 160 (189, 1,750): 12.5/60
        ("tx_112_5kva", 130 + 59 * 12.5 / 60, 1250 + 500 * 12.5 / 60),  # 142.3 W, 1,354.2 W
    ],
)
def test_transformer_losses_are_the_regulation_s_tier_2_maxima(
    part: str, p0_w: float, pk_w: float
) -> None:
    c = compile_text('design "d" { }\nimport "std/power"\n', "d.dc")
    assert c.model is not None
    specs = c.model.parts[part].specs
    assert specs.no_load_loss == pytest.approx(p0_w / 1000, abs=1e-4)
    assert specs.load_loss == pytest.approx(pk_w / 1000, abs=1e-4)
    assert specs.efficiency is None  # losses, not a constant efficiency


def test_an_estimated_curve_is_marked_an_estimate() -> None:
    """The catalogue's UPS curve is an estimate (no manufacturer's table was found): its loss
    term says so, and the report shows `[estimate]` beside it. The transformer's losses are the
    regulation's maxima (not an estimate); a curve stated on the element is the design's own."""
    terms = {t.name: t for t in compiled().results.facility.terms}  # type: ignore[union-attr]
    ups = next(t for name, t in terms.items() if "ups_1000kw" in name)
    tx = next(t for name, t in terms.items() if "tx_2500kva" in name)
    assert ups.estimate and not tx.estimate
    datasheet = DESIGN.replace(
        'power "main"',
        "part my_ups {\n  extends = ups_1000kw  confidence = primary\n"
        '  source = "vendor data sheet, IEC 62040-3 efficiency table"\n'
        "  efficiency_25 = 0.96  efficiency_50 = 0.97  efficiency_75 = 0.975  efficiency = 0.975\n"
        '}\n\npower "main"',
    ).replace("part = ups_1000kw", "part = my_ups")
    c = compile_text(datasheet, "part-load.dc")
    ups = next(t for t in c.results.facility.terms if "my_ups" in t.name)  # type: ignore[union-attr]
    assert not ups.estimate and "25%: 96.0%" in ups.source
