"""Codes of the cooling section, continued: temperatures, liquid cooling and loops
(DC-COOL-006…013)."""

from dcdsl.codes.cooling import cooling
from dcdsl.codes.registry import ERROR, WARNING

cooling.code(
    "DC-COOL-006",
    ERROR,
    "Air inlet temperature outside its ASHRAE class's allowable range",
    doc="""\
The table and examples below serve both this rule and DC-COOL-007.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" {
  tier           = air
  supply         = 33 degC
  air_class      = A1
  crah           = crah_100 * 2
  cop            = 4
  heat_rejection = dry
}
hall "H1" { rack r * 4 { cooling = room } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" {
  tier           = air
  supply         = 22 degC
  air_class      = A1
  crah           = crah_100 * 2
  cop            = 4
  heat_rejection = dry
}
hall "H1" { rack r * 4 { cooling = room } }
""",
)

cooling.code(
    "DC-COOL-007",
    WARNING,
    "Air inlet temperature outside the ASHRAE recommended range",
    doc="""\
ASHRAE TC9.9, *Thermal Guidelines for Data Processing Environments*, 5th ed. (2021), Table 2.1: recommended 18–27 °C for A1–A4; allowable
A1 15–32, A2 10–35, A3 5–40, A4 5–45 °C; H1 recommended 18–22, allowable to 25 °C (lower bound
5 °C [E]). The inlet is the loop's `air_supply`, or `supply` on an air tier (on liquid tiers
`supply` is water). Without `air_class`, only the recommended range is checked. Examples: A1 at
28 °C → 007 (28 > 27, ≤ 32); A1 at 33 °C → 006; A2 at 33 °C → 007 only; H1 at 24 °C → 007;
H1 at 26 °C → 006.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 28 degC  crah = crah_100 * 2  cop = 4  heat_rejection = dry }
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
    "DC-COOL-008",
    ERROR,
    "Facility water supply outside its ASHRAE liquid class",
    doc="""\
Formula: T_facility_supply ≤ class limit (W17 17, W27 27, W32 32, W40 40, W45 45 °C, W+ none) and
≥ 2 °C (ASHRAE TC9.9 (2021) liquid-cooling white paper, facility water classes W17–W+). The temperature is `facility_supply`, or `supply` when the loop has
no CDU (then the loop water is the facility water). Examples: W32 at 35 °C → error; W32 at 32 °C
→ passes; W17 at 1 °C → error (below 2 °C).
""",
    failing="""\
design "x" {}
part tray { kind = server  power_max = 5 kW  heat_to_liquid = 0.8 }
part cdu { kind = cdu  capacity = 600 kW  approach = 4 K }
rack_type r { device tray * 8 }
cooling "dlc" {
  tier            = direct_to_chip
  cdu             = cdu * 2
  redundancy      = N+1
  supply          = 45 degC
  facility_supply = 35 degC
  liquid_class    = W32
  cop             = 4
  heat_rejection  = dry
}
hall "H1" { rack r * 4 { cooling = dlc } }
""",
    fixed="""\
design "x" {}
part tray { kind = server  power_max = 5 kW  heat_to_liquid = 0.8 }
part cdu { kind = cdu  capacity = 600 kW  approach = 4 K }
rack_type r { device tray * 8 }
cooling "dlc" {
  tier            = direct_to_chip
  cdu             = cdu * 2
  redundancy      = N+1
  supply          = 45 degC
  facility_supply = 30 degC
  liquid_class    = W32
  cop             = 4
  heat_rejection  = dry
}
hall "H1" { rack r * 4 { cooling = dlc } }
""",
)

cooling.code(
    "DC-COOL-009",
    ERROR,
    "A device that needs liquid cooling is in a rack without it",
    doc="""\
A part with `cooling = direct_to_chip` (or `immersion`) in a rack whose tier differs. Example:
`part tray { cooling = direct_to_chip }` in a rack with no cooling (air) → error.
""",
    failing="""\
design "x" {}
part tray { kind = server  power_max = 5 kW  heat_to_liquid = 0.8  cooling = direct_to_chip }
part cdu { kind = cdu  capacity = 600 kW  approach = 4 K }
rack_type r { device tray * 8 }
cooling "dlc" {
  tier            = direct_to_chip
  cdu             = cdu * 2
  redundancy      = N+1
  supply          = 35 degC
  facility_supply = 31 degC
  cop             = 4
  heat_rejection  = dry
}
hall "H1" { rack r * 4 }
""",
    fixed="""\
design "x" {}
part tray { kind = server  power_max = 5 kW  heat_to_liquid = 0.8  cooling = direct_to_chip }
part cdu { kind = cdu  capacity = 600 kW  approach = 4 K }
rack_type r { device tray * 8 }
cooling "dlc" {
  tier            = direct_to_chip
  cdu             = cdu * 2
  redundancy      = N+1
  supply          = 35 degC
  facility_supply = 31 degC
  cop             = 4
  heat_rejection  = dry
}
hall "H1" { rack r * 4 { cooling = dlc } }
""",
)

cooling.code(
    "DC-COOL-010",
    ERROR,
    "Direct-to-chip rack leaves more heat in the air than air cooling carries",
    doc="""\
Formula: P_rack − Q_liquid > 40 kW (the air tier's limit). Example: 18 × 10 kW = 180 kW with
`heat_to_liquid = 0.75`: 180 − 135 = **45 kW** to air > 40 → error. NVL72 at 132 kW × 15 % =
19.8 kW passes.
""",
    failing="""\
design "x" {}
part tray { kind = server  power_max = 10 kW  heat_to_liquid = 0.75 }
part cdu { kind = cdu  capacity = 800 kW  approach = 4 K }
rack_type r { device tray * 18 }
cooling "dlc" {
  tier            = direct_to_chip
  cdu             = cdu * 2
  redundancy      = N+1
  supply          = 35 degC
  facility_supply = 31 degC
  cop             = 4
  heat_rejection  = dry
}
hall "H1" { rack r * 4 { cooling = dlc } }
""",
    fixed="""\
design "x" {}
part tray { kind = server  power_max = 10 kW  heat_to_liquid = 0.85 }
part cdu { kind = cdu  capacity = 800 kW  approach = 4 K }
rack_type r { device tray * 18 }
cooling "dlc" {
  tier            = direct_to_chip
  cdu             = cdu * 2
  redundancy      = N+1
  supply          = 35 degC
  facility_supply = 31 degC
  cop             = 4
  heat_rejection  = dry
}
hall "H1" { rack r * 4 { cooling = dlc } }
""",
)

cooling.code(
    "DC-COOL-011",
    ERROR,
    "CDUs cannot pump the flow the loop's heat needs at its ΔT",
    doc="""\
Formula: V̇_needed = Q_liquid / (ρ·c_p·ΔT) ≤ Σ `flow` of the CDUs (all running, then in the
claimed failure); checked when every CDU states `flow`. Example: 1,350 kW at 10 K needs
1,350 × 1.4397 = **1,944 L/min**; 4 CDUs of 600 L/min with N+1 leave 1,800 L/min → error. At
ΔT 12 K the need is 1,943.6 × 10/12 = 1,620 L/min → passes.
""",
    failing="""\
design "x" {}
part tray { kind = server  power_max = 5 kW  heat_to_liquid = 0.8 }
part cdu { kind = cdu  capacity = 600 kW  approach = 4 K  flow = 100 L/min }
rack_type r { device tray * 8 }
cooling "dlc" {
  tier            = direct_to_chip
  cdu             = cdu * 2
  redundancy      = N+1
  supply          = 35 degC
  facility_supply = 31 degC
  delta_t         = 10 K
  cop             = 4
  heat_rejection  = dry
}
hall "H1" { rack r * 4 { cooling = dlc } }
""",
    fixed="""\
design "x" {}
part tray { kind = server  power_max = 5 kW  heat_to_liquid = 0.8 }
part cdu { kind = cdu  capacity = 600 kW  approach = 4 K  flow = 300 L/min }
rack_type r { device tray * 8 }
cooling "dlc" {
  tier            = direct_to_chip
  cdu             = cdu * 2
  redundancy      = N+1
  supply          = 35 degC
  facility_supply = 31 degC
  delta_t         = 10 K
  cop             = 4
  heat_rejection  = dry
}
hall "H1" { rack r * 4 { cooling = dlc } }
""",
)

cooling.code(
    "DC-COOL-012",
    ERROR,
    "Cooling loop ΔT is not positive",
    doc="""\
The loop's `delta_t`, or `return − supply`, must be above 0 K, or no flow carries the heat.
Example: supply 30 °C, return 25 °C → ΔT −5 K → error.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" {
  tier           = air
  supply         = 22 degC
  return         = 20 degC
  crah           = crah_100 * 2
  cop            = 4
  heat_rejection = dry
}
hall "H1" { rack r * 4 { cooling = room } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 100 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" {
  tier           = air
  supply         = 22 degC
  return         = 32 degC
  crah           = crah_100 * 2
  cop            = 4
  heat_rejection = dry
}
hall "H1" { rack r * 4 { cooling = room } }
""",
)

cooling.code(
    "DC-COOL-013",
    ERROR,
    "Cooling loop lacks the units its tier needs at the racks",
    doc="""\
A loop that carries heat must have the terminal units of its tier: a `rear_door` loop its
rear-door heat exchangers (`rdhx`, one per rack: DC-COOL-004 counts them), a `direct_to_chip` or
`immersion` loop its CDUs (`cdu`), an `air`/`air_contained` loop CRAHs, CRACs (DX) or in-row
coolers (`crah`, `crac`, `inrow`). Without them nothing moves the heat from the racks into the
loop, and their capacity, power (PUE) and cost (BOM) would be missing. Example
(`tests/test_cooling_terminals.py`): 32 racks of 40.8 kW on a `rear_door` loop with CDUs and
chillers but no doors → error "cooling loop "rdhx" (rear_door) carries 1,305.6 kW from 32 racks
but has no rear-door heat exchangers"; help `rdhx = rdhx_50kw * 32`.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part door { kind = rdhx  capacity = 50 kW }
part cdu { kind = cdu  capacity = 600 kW  approach = 4 K }
rack_type r { device srv * 3 }
cooling "rd" {
  tier           = rear_door
  cdu            = cdu * 2
  redundancy     = N+1
  supply         = 18 degC
  cop            = 4
  heat_rejection = dry
}
hall "H1" { rack r * 4 { cooling = rd } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part door { kind = rdhx  capacity = 50 kW }
part cdu { kind = cdu  capacity = 600 kW  approach = 4 K }
rack_type r { device srv * 3 }
cooling "rd" {
  tier           = rear_door
  rdhx           = door * 4
  cdu            = cdu * 2
  redundancy     = N+1
  supply         = 18 degC
  cop            = 4
  heat_rejection = dry
}
hall "H1" { rack r * 4 { cooling = rd } }
""",
)
