"""Codes of the cooling section, continued: facility power, PUE, energy and water
(DC-COOL-020…024)."""

from dcdsl.codes.cooling import cooling
from dcdsl.codes.registry import ERROR, NOTE, WARNING

cooling.guide(
    "Facility power, PUE, energy, water",
    """\
Facility power at a fraction f of the design's IT load is f × IT plus every non-IT **term** at
f; each term is listed with its source in the report (`results.facility.terms`). The Green Grid
WP#49 puts the cooling plant (chillers, CRACs, pumps, CDUs, door and CRAH fans, towers) and the
power chain's losses on the facility side; ISO/IEC 30134-2 defines PUE over a year.

```
facility_kw(f) = f × it_kw + Σ terms(f)
terms:
  compressors  chiller / CRAC (DX): heat share × f / cop (the unit's `cop`, else the loop's);
               a loop with `cop` and no compressor units: Q × f / cop
  fans, pumps  each unit group, by the affinity laws (flow ∝ speed, power ∝ speed³):
               x = min(1, f × carried / installed), s = max(x, min_speed),
               power_max × count × s³ (CDUs: liquid heat; CRAHs, CRACs, in-row: room heat;
               doors: their racks' heat; towers, dry coolers: heat + compressor work);
               min_speed = the part's `min_speed`, else 30 % [E] (1 = fixed speed);
               no capacity → power_max, constant;
               a CRAC with `cop` adds `fan_power` × count the same way;
               loop `fan_power`, `pump_power`: their draw at the design load × s³,
               s = max(f, 30 %) [E]
  electrical   the power chain's flow re-run with every rack at f × its load: each element
               carries f × its IT plus the losses of the elements below it at f;
               with `efficiency_25/50/75` + `efficiency`: η at the unit's loading
               (output / units / rating), linear between 25/50/75/100 %, flat above;
               below 25 % the losses per unit of rating L = x·(1/η − 1) follow the
               quadratic through the 25/50/75 % points (no-load + linear + square-law
               losses), when it gives a no-load loss ≥ 0;
               loss = output × (1/η − 1); else no_load_loss + load_loss × (S/S_rated)²
               per unit; else a constant efficiency (stated, or 96 % UPS / 99 %
               transformer by default [E])
  other        `other_load` (constant) + `other_load_fraction` × f × it_kw
PUE(f)       = facility_kw(f) / (f × it_kw)          f = 25, 50, 75, 100 %
PUE_annual   = facility_kw(LF) / (LF × it_kw)        LF = design.load_factor (1 by default)
energy       = facility_kw(LF) × 8,760 h ;  cost = energy × design.electricity
water        = Σ loops: L/kWh × (Q + compressor work) × LF × 8,760 h,
               or design.wue × IT energy; then × (1 − design.water_reduction)
WUE          = site water / IT energy = water / (it_kw × LF × 8,760 h)   (L/kWh, ISO/IEC 30134-9)
```

**Status** (summary.json `power.pue_status`, `wue_status`; shown beside the figure in the
report): `computed` from the plant; `assumed` when the design states `pue` (or `wue`);
`lower_bound` when part of the heat has no heat-rejection power, a unit group states no
`power_max` or `cop`, or the IT load is on no power chain (its losses are unknown) — DC-COOL-023
lists what is missing. A term whose figures come from a part marked `confidence = estimate`
(the catalogue's UPS part-load curves, most cooling units' draws) is marked `[estimate]` beside
it in the report (`PowerTerm.estimate`); a curve or losses from a data sheet are not.

**Fans and pumps at part load** follow the affinity laws (ASHRAE Handbook—HVAC Systems and
Equipment, 2020, chapter 21 "Fans", fan laws; chapter 44 "Centrifugal Pumps", affinity laws):
at a constant ΔT the flow a unit group moves follows the heat it carries, its speed follows the
flow, and its power the cube of the speed. The units of a role share the heat and run at the
same speed (N+1 fans and pumps on variable-speed drives run together, slower), so a CDU pair
loaded to 2/3 draws (2/3)³ = 30 % of its rated pump power, not 67 %. The cube law holds for a
system curve through the origin (a closed loop; fans against coil and duct resistance); a
static head, a differential-pressure set point or a drive's turndown limit keep the draw
higher, which the unit's minimum speed stands in for: `min_speed` on the part (a fraction of
full speed, `1` for a fixed-speed unit), else 30 % [E], a usual turndown of variable-speed
drives and EC fans. Motor and drive efficiency falling at low speed is not modelled: below
about half speed the figure is optimistic by a few per cent of a small number.

**COP at the site's climate.** A compressor's `cop` is taken at its rating point (AHRI 550/590:
6.7 °C chilled water; 29.4 °C entering condenser water, or 35 °C outdoor air; AHRI 1360 DX:
35 °C outdoor) and moved to the design's climate (`design { ambient, wet_bulb, ambient_min }`)
holding its fraction of the Carnot COP:

```
COP_site = COP_rated × [T_e,s / (T_c,s − T_e,s)] / [T_e,r / (T_c,r − T_e,r)]     (kelvin)
T_e = chilled-water supply (`facility_supply`, else 6.7 °C) − 3 K  [E]; a DX unit's stays rated
T_c = sink + 5 K  [E]; sink = wet-bulb + 4 K (towers or `heat_rejection = evaporative`) [E],
      else the dry-bulb; lift T_c − T_e ≥ 10 K  [E]
design point: `ambient` / `wet_bulb`  → PUE at 25–100 %
the year: 12 bins of 730 h, T_k = m + a·sin(2π(k + ½)/12) between `ambient_min` and `ambient`,
      the wet-bulb at the design depression [E]; `economiser = true`: no compressor energy in a
      bin whose sink + 3 K ≤ the chilled-water supply  → annualised PUE, economiser hours
```

Without `ambient` (or `wet_bulb` for tower-cooled compressors) the COP stays rated, and the
report and summary.json (`power.cop_basis = rated`) say so beside the PUE; without `ambient_min`
the year is taken at the design point.

**Worked example** (`tests/test_cop_climate.py`): an air-cooled chiller rated COP 3.2 makes
18 °C water for the CRAHs of 1,000 kW of air-cooled racks, with an economiser; `ambient = 40 °C`,
`ambient_min = 0 °C`. Rated: T_e = 276.85 K, T_c = 313.15 K → 276.85 / 36.3 = 7.6267. Site:
T_e = 288.15 K; at 40 °C T_c = 318.15 K → 288.15 / 30 = 9.6050; COP 3.2 × 9.6050 / 7.6267 =
**4.030**, compressors **248.14 kW** (not 312.5 kW at the rated COP). The year: bins at 25.18,
34.14, 39.32 °C (× 2 each) run the compressors at COP ratios 2.4896, 1.5650, 1.2886; the six
bins at 14.82, 5.86 and 0.68 °C are ≤ 18 − 3 °C: economiser **4,380 h**. Year / design =
1.2594 × 2 × (1/2.4896 + 1/1.5650 + 1/1.2886) / 12 = **0.3813**, so 94.62 kW on average; with
the CRAHs (2 × 20 kW at 1,000 / 1,200 of their capacity: 40 × (5/6)³ = 23.15 kW) the PUE is
1.2713 at the design point and **1.1178** over the year.

**A small DLC design worked by hand** (`tests/test_pue_golden.py`): 10 racks × 4 nodes × 25 kW
= **1,000 kW** of IT, 80 % to liquid (800 kW), 200 kW to room air; one `direct_to_chip` loop
with 2 CDUs (600 kW, 12 kW), 2 CRAHs (200 kW, 10 kW), 2 chillers (1,000 kW, COP 8), 2 dry
coolers (1,000 kW, 20 kW, `min_speed = 0.5`); a UPS pair (N+1) of 1,000 kW with η
94/96/97/97 % at 25/50/75/100 %; lighting `other_load = 10 kW`. Fans and pumps run at speed
s = max(carried / installed × f, min_speed) and draw power_max × count × s³ (CDUs and CRAHs at
the 30 % default floor, dry coolers at their stated 50 %).

| term | 100 % | 75 % | 50 % | 25 % |
|---|---|---|---|---|
| CDU pumps: 24 kW × s³, s = 800/1,200 × f | 7.111 (s = 2/3) | 3.000 (½) | 0.889 (⅓) | 0.648 (0.3 floor) |
| CRAH fans: 20 kW × s³, s = 200/400 × f | 2.500 (½) | 1.055 (0.375) | 0.540 (0.3) | 0.540 (0.3) |
| chillers: 1,000 × f / 8 | 125 | 93.75 | 62.5 | 31.25 |
| dry coolers: 40 kW × s³, s = 1,125/2,000 × f | 7.119 (0.5625) | 5.000 (0.5 floor) | 5.000 | 5.000 |
| UPS: each unit at 50 % × f of its rating | 41.667 (η 96 %) | 39.474 (37.5 %: 95 %) | 31.915 (25 %: 94 %) | 25.154 (12.5 %, below) |
| lighting | 10 | 10 | 10 | 10 |
| **facility (kW)** | **1,193.397** | **902.278** | **610.844** | **322.592** |
| **PUE** | **1.1934** | **1.2030** | **1.2217** | **1.2904** |

UPS at 25 %: each unit is at 12.5 % of its rating, below the curve: L = 0.0159574, 0.0208333,
0.0231959 at 25/50/75 %, the quadratic through them at 0.125 (Lagrange weights 1.875, −1.25,
0.375) = 0.012577 → 2 × 1,000 kW × 0.012577 = 25.154 kW. Fixed lighting, fans held at their
minimum speed and a UPS's no-load losses weigh more at light load. With `load_factor = 0.5`
the year runs at the 50 % point: annualised PUE **1.2217**, 610.844 kW × 8,760 h =
5.351 GWh. A fixed-speed CDU (`min_speed = 1`) draws its 24 kW at every load.

**Electrical losses of catalogue parts at part load** (`tests/test_pue_part_load_catalogue.py`):
2 × `ups_1000kw` (95.5 / 96.5 / 97 / 97 % at 25 / 50 / 75 / 100 % of rating [E]) fed by one
`tx_2500kva` (no-load 1.575 kW, load loss 18.5 kW: the Tier 2 maxima of Regulation (EU)
No 548/2014, Annex I Table I.1), 1,600 kW of IT at power factor 1.0. Each module carries 800·f kW
= 0.8·f of its rating; the transformer carries S = f × 1,600 + the UPS losses.

| f | UPS η | UPS loss | transformer S | transformer loss | PUE |
|---|---|---|---|---|---|
| 25 % | 95.08 % (0.2: 1.32 L₂₅ − 0.44 L₅₀ + 0.12 L₇₅ = 0.010354) | 20.708 kW | 420.71 kVA | 1.575 + 18.5 × 0.1683² = 2.099 kW | 1.05702 |
| 50 % | 96.1 % | 32.466 kW | 832.47 kVA | 3.626 kW | 1.04512 |
| 75 % | 96.7 % | 40.951 kW | 1,240.95 kVA | 6.133 kW | 1.03924 |
| 100 % | 97.0 % | 49.485 kW | 1,649.48 kVA | 9.629 kW | 1.03695 |

`it_kw` is the power chain's IT load (racks plus network outside racks), else the racks' sum.
IT outside racks (network switches the fabric adds) sits in no loop: it is cooled and watered
at the stated loops' average kW of cooling (and litres) per kW of heat [E]; with no stated plant
it joins the unknown heat of DC-COOL-023/024. Example: 500 MW of racks on a `cop = 5` loop plus
20 MW of switches → 100 × 20/500 = 4 MW more cooling → 624 MW.
The load factor is `design.load_factor` (default 1); with `power_basis = typical` the IT power
already includes it, so energy uses 1. Water per kWh of heat comes from the loop's `water_use`,
else its towers' and dry coolers' `water_use` (a tower that states none: 1.8), else its
`heat_rejection`: evaporative 1.8 L/kWh (the source article), closed_loop 0.27 (1.8 less 85 %, the middle of
the source article's 80–90 % [E]), dry and chiller 0.

**A PUE-driven design.** `design { pue = 1.2 }` makes the PUE an **input**: facility power =
IT × 1.2, the plant's figure is reported beside it (`results.facility.pue_computed`),
`results.facility.pue_source = "input"`, and note DC-COOL-022 says so in every report. Without
`pue`, the PUE is a **result** of the plant data; where a loop (or racks with no loop) state no
heat-rejection power, the PUE counts no cooling for that heat and DC-COOL-023 says it is a lower
bound.

The source article's figures (its 500 MW campus at PUE 1.2–1.3; `tests/test_facility.py`), with 500 MW of IT
= 10,000 racks × 4 × 12.5 kW:

- `pue = 1.2` → 500 × 1.2 = **600 MW**; `pue = 1.3` → **650 MW**.
- computed: a loop with `cop = 5` → 500 / 5 = 100 MW of cooling → 600 MW, PUE **1.2**; plus
  `fan_power = 40 MW  pump_power = 10 MW` → 650 MW, PUE **1.3**.
- energy at 250 MW and $0.05/kWh: 250,000 × 8,760 = 2.19×10⁹ kWh → **$109.5 M** at PUE 1.0,
  **$131.4 M** at 1.2, **$142.35 M** at 1.3.
- water: 1.8 L/kWh × 500,000 kW × 8,760 h = **7.884×10⁹ L** (≈ 7.9 billion), WUE 1.8, from
  `wue = 1.8 L/kWh` or an `evaporative` loop; a closed loop cuts it by 80–90 %:
  `water_reduction = 0.8` → **1.577×10⁹ L**, 0.9 → **7.88×10⁸ L**; `heat_rejection = closed_loop`
  → 7.884×10⁹ × 0.15 = 1.183×10⁹ L.
- chillers and towers: 1,200 kW of IT, 3 × 600 kW chillers at COP 6 → 200 kW of compressors;
  towers reject 1,400 kW at 2 L/kWh → 2 × 1,400 × 8,760 = 24.5 ML per year; tower fans
  2 × 10 kW × (1,400 / 2,000)³ = 6.86 kW (affinity laws); facility 1,406.86 kW.

`results.facility` carries `it_kw`, `facility_kw`, `pue`, `pue_status`, `pue_at_load`,
`pue_annual`, `terms`, `energy_kwh_per_year`, `energy_cost_usd_per_year`, `water_l_per_year`,
`wue`, `wue_status` (summary.json: `power.facility_kw`, `power.pue`, `power.pue_status`,
`power.pue_at_load`, `power.pue_annual`, `energy_kwh_per_year`, `water_l_per_year`,
`wue_l_per_kwh`, `wue_status`).
""",
)

cooling.code(
    "DC-COOL-020",
    ERROR,
    "PUE below 1.0",
    doc="""\
A facility cannot use less energy than its IT. Raised for `pue < 1`, `pue_target < 1`, or a
computed PUE below 1 (only negative inputs make one). Example: 500 MW of IT, `cop = 20`
(25 MW) and `other_load = −60 MW`: 500 + 25 − 60 = 465 MW → PUE **0.930** → error.
""",
    failing="""\
design "x" { pue = 0.9 }
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
hall "H1" { rack r * 4 { cooling = room } }
""",
    fixed="""\
design "x" { pue = 1.3 }
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
hall "H1" { rack r * 4 { cooling = room } }
""",
)

cooling.code(
    "DC-COOL-021",
    WARNING,
    "PUE above the design's target",
    doc="""\
Formula: PUE > `pue_target`. Example: 500 MW, `cop = 5`, fans 40 MW, pumps 10 MW → 650 MW, PUE
**1.300** > target 1.2 → warning with the breakdown "IT 500 MW + cooling 150 MW = 650 MW". At
target 1.3 → no warning.
""",
    failing="""\
design "x" { pue_target = 1.1 }
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
hall "H1" { rack r * 4 { cooling = room  power = main.grid } }
power "main" {
  utility "grid" { capacity = 1 MW  voltage = 415 V }
}
""",
    fixed="""\
design "x" { pue_target = 1.4 }
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
hall "H1" { rack r * 4 { cooling = room  power = main.grid } }
power "main" {
  utility "grid" { capacity = 1 MW  voltage = 415 V }
}
""",
)

cooling.code(
    "DC-COOL-022",
    NOTE,
    "PUE is an input, not computed",
    doc="""\
Raised whenever `design { pue = … }` is stated: "PUE 1.2 is an input (`design { pue = 1.2 }`),
not computed: facility power = 500 MW × 1.2 = 600 MW".
""",
    failing="""\
design "x" { pue = 1.3 }
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
hall "H1" { rack r * 4 { cooling = room } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
hall "H1" { rack r * 4 { cooling = room } }
""",
)

cooling.code(
    "DC-COOL-023",
    WARNING,
    "PUE is a lower bound: part of the plant is not stated",
    doc="""\
Raised when the PUE's status is `lower_bound`: a loop with heat that states none of `cop`,
`chiller` or `crac` units, towers or dry coolers with `power_max`, or `fan_power` (CDU pumps
alone are not the plant); racks with a bare tier and no loop; a unit group with neither
`power_max` nor `cop` (its draw is left out); or IT load on no power chain (its electrical
losses are unknown). The message lists each. Example: 10,000 racks
of 50 kW with `cooling = rear_door` and no loop: "no heat-rejection power is known for 500 MW of
heat (10,000 racks with no cooling loop); PUE 1.000 is a lower bound". Not raised when the PUE
is an input.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
hall "H1" { rack r * 4 { cooling = room  power = main.grid } }
power "main" {
  utility "grid" { capacity = 1 MW  voltage = 415 V }
}
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
hall "H1" { rack r * 4 { cooling = room  power = main.grid } }
power "main" {
  utility "grid" { capacity = 1 MW  voltage = 415 V }
}
""",
)

cooling.code(
    "DC-COOL-024",
    NOTE,
    "Water use unknown for part of the heat",
    doc="""\
A loop with heat and no `water_use`, tower/dry-cooler data or `heat_rejection`, or racks with no
loop, when `design.wue` is not stated. If no heat has water data, `water_l_per_year` is `null`.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4 }
hall "H1" { rack r * 4 { cooling = room } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
hall "H1" { rack r * 4 { cooling = room } }
""",
)
