"""Codes of the cooling and facility section: one `cooling.code(...)` entry per diagnostic id."""

from dcdsl.codes.registry import ERROR, NOTE, WARNING, Section

cooling = Section(
    "Cooling and facility (DC-COOL-…)",
    intro="""\
Power in is heat out: a rack that draws 1 kW puts 1 kW of heat into its cooling. The cooling
stage (`dcdsl/analysis/cooling.py`) finds each rack group's cooling — a `cooling` loop, or a bare
tier name such as `cooling = rear_door` — splits the rack's heat between liquid and room air,
sums it per loop, and checks every kind of unit in the loop against the heat it must carry, with
all units running and in the failure the loop's `redundancy` claims. The facility stage
(`dcdsl/analysis/facility.py`) adds the plant's draw, electrical losses and other loads to the IT
load and computes PUE, energy, cost and water. Rules: `dcdsl/rules/cooling.py` (001–019) and
`dcdsl/rules/facility.py` (020–029).
""",
)

cooling.guide(
    "Tiers and their rack-density limits",
    """\
| tier | warning above | error above | heat left in room air (default) |
|---|---|---|---|
| `air`, `air_contained` | 30 kW | 40 kW | all of it |
| `rear_door` | — | 50 kW | 0 % (`residual_to_air`) |
| `direct_to_chip` | 120 kW | 200 kW | 20 % [E], or each device's `1 − heat_to_liquid` |
| `immersion` | — | none | 0 % |

Source: the rack-density bands of the source article (the 100,000-GPU cluster article), estimates [E]: air "warn > 30 kW, error > 40 kW", rear door
"≈ 50 kW", direct-to-chip "80–120 kW", immersion "200 kW and more". Decisions:

- `air` and `air_contained` share the source article's one air figure; 30–40 kW per rack is only reached with
  containment, so a hall without it should set a lower `density_limit` (traditional halls run
  6–8 kW).
- Direct-to-chip **warns** above 120 kW instead of failing there: GB200 NVL72, a shipping DLC
  rack, draws 120–132 kW (NVIDIA DGX GB200 user guide and vendor figures; `std/nvidia` has 132 kW). It fails above 200 kW, where the
  source article puts immersion. A DLC rack is also checked for the heat its cold plates do not take
  (DC-COOL-010), which is usually the harder limit.
- The limits are configurable: `density_limit` and `density_warn` on a cooling loop,
  `density_limit` on a rack (it wins), for a vendor-confirmed figure. Racks with no cooling stated
  are checked as `air`.
- "The tier that would carry it" is the least capable tier in the order air, air_contained,
  rear_door, direct_to_chip, immersion whose warning threshold (or limit) covers the rack.
""",
)

cooling.guide(
    "Liquid and air, flows",
    """\
Per rack: air tiers put all heat in the room; `rear_door` takes `(1 − residual_to_air)` of it to
water through the door coil; `direct_to_chip` takes each device's `power × heat_to_liquid` to the
cold plates (devices that state no `heat_to_liquid` use the loop's `residual_to_air`, else 20 %
[E]); `immersion` takes all of it.

Per loop, heat each unit kind carries: **CDUs** the liquid heat, **CRAHs**, **CRACs** (DX, own
compressor: heat / `cop`) and **in-row coolers** the room-air heat,
**chillers** all the loop's heat, **cooling towers and dry coolers** the heat plus the chillers'
compressor work (condenser heat = Q·(1 + 1/COP)). **Rear doors** are per rack: one door per rack,
each rated for at least its rack's heat. Pumps have no heat rating; only their draw counts.

Flows, reported per loop (`results.cooling.loops[i].flow_l_per_min`, `.air_cfm`):

- liquid: V̇ = Q / (ρ·c_p·ΔT). Water at 25 °C, ρ = 997 kg/m³, c_p = 4.18 kJ/(kg·K): 1 kW at
  10 K gives 1 / (4.18 × 10) = 0.02392 kg/s = 0.02400 L/s = **1.440 L/min per kW**
  (ṁ = Q / (c_p·ΔT), ≈ 1.43). PG25 [E]: ρ = 1,020, c_p = 3.95 → 1.489 L/min per kW. ΔT is the
  loop's `delta_t`, else `return − supply`, else 10 K; the coolant is the loop's `coolant`, else
  its CDUs' (`coolant = "PG25"` in `std/cooling`), else water.
- air: V̇ = Q / (ρ·c_p·ΔT) with ρ = 1.2 kg/m³, c_p = 1.005 kJ/(kg·K), ×2,118.88 CFM per m³/s;
  this is the rule of thumb CFM = 3.16·W/ΔT°F (the sensible-heat equation, ASHRAE Handbook—Fundamentals): 1 kW at 20 °F (11.1 K) =
  158 CFM. ΔT is an air loop's `delta_t`, else 20 °F.
""",
)

cooling.guide(
    "Failure scenarios (same reading as the power chain)",
    """\
Units left after the failure the redundancy claims: `N` none fail; `N+k` k units fail (the
largest); `2N` one of the two paths (half the units) is lost; `2(N+k)` a path is lost and k more
units fail in the other. The units left must carry the heat: Σ capacity(left) ≥ Q.
""",
)

cooling.code(
    "DC-COOL-001",
    ERROR,
    "Rack density above its cooling tier's limit",
    doc="""\
Formula: P_rack > limit(tier). Worked example (`tests/test_cooling.py`):
a rack of 3 × 15 kW servers = **45 kW** on an `air` loop; 45 > 40 kW → error; the least capable
tier whose threshold covers 45 kW is `rear_door` (50 kW), so the message says
"rear_door (to 50 kW) would carry it". The same 4 racks on a `rear_door` loop pass (45 ≤ 50),
with a 600 kW CDU loaded to 4 × 45 / 600 = 30 % after one of two fails.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 15 kW  height = 2 U }
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
    "DC-COOL-002",
    WARNING,
    "Rack density above its cooling tier's usual range",
    doc="""\
Formula: warn(tier) < P_rack ≤ limit(tier). Example: 3 × 12 kW = 36 kW on `air_contained`:
36 > 30 → warning, naming rear_door. An NVL72 rack, 18 × 7.33 kW = 132 kW on `direct_to_chip`:
132 > 120 → warning, not an error; 18 × 12 kW = 216 kW > 200 → DC-COOL-001 naming immersion.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 12 kW  height = 2 U }
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
    "DC-COOL-003",
    ERROR,
    "Cooling units cannot carry the loop's heat (with the claimed failure)",
    doc="""\
Formula: Q_role > Σ capacity (all running), or Q_role > Σ capacity(left) in the claimed
failure. Worked example: 20 DLC racks × 6 nodes × 15 kW = **1,800 kW**; `heat_to_liquid = 0.75`
→ **1,350 kW** to liquid, 450 kW to room air. CDUs 3 × 600 kW, `redundancy = N+1`: all running
1,800 kW (75 %); with 1 of 3 CDUs failed 2 × 600 = **1,200 kW**, 1,350 / 1,200 = **112.5 %** →
error "CDUs of cooling loop "dlc" cannot carry 1,350 kW of liquid heat with 1 of 3 CDUs failed
(N+1): 2 left with 1,200 kW, loaded to 112.5 %", help "add 1 CDU of 600 kW". With 4 CDUs:
1,350 / 1,800 = 75 % after a failure → passes. Flow at ΔT 10 K: 1,350 × 1.4397 =
**1,943.6 L/min**; room air 450 kW at 20 °F: 3.16 × 450,000 / 20 = **71,100 CFM**.
With `2N` and 4 CDUs: a path of 2 is lost → 1,200 kW left → the same error, naming the path.
CRAHs 5 × 100 kW N+1 for 450 kW of room heat: 400 kW left → error.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part crah_100 { kind = crah  capacity = 50 kW  power_max = 3 kW }
rack_type r { device srv * 3 }
cooling "room" { tier = air  supply = 22 degC  crah = crah_100 * 1  cop = 4  heat_rejection = dry }
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
    "DC-COOL-004",
    ERROR,
    "Rear-door heat exchangers cannot carry their racks",
    doc="""\
Formula: doors ≥ rear-door racks, and capacity(door) ≥ P_rack. Example: 3 doors of 40 kW for
4 racks of 45 kW → two errors: 3 < 4 doors; 40 kW < 45 kW.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 8 kW  height = 2 U }
part door { kind = rdhx  capacity = 50 kW }
part cdu { kind = cdu  capacity = 600 kW  approach = 4 K }
rack_type r { device srv * 3 }
cooling "rd" {
  tier           = rear_door
  rdhx           = door * 3
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

cooling.code(
    "DC-COOL-005",
    ERROR,
    "CDU cannot reach the loop's supply temperature at its rated approach",
    doc="""\
Formula: T_facility_supply + approach ≤ T_supply (Vertiv CoolChip CDU 2300 datasheet SL-80607: capacity at a stated approach); a CDU's capacity is
rated at its approach. Example: facility water 32 °C + 4 K = 36 °C > supply 35 °C → error, help
"lower `facility_supply` to 31 °C or less". 31 + 4 = 35 → passes.
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
  supply          = 35 degC
  facility_supply = 32 degC
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
  supply          = 35 degC
  facility_supply = 31 degC
  cop             = 4
  heat_rejection  = dry
}
hall "H1" { rack r * 4 { cooling = dlc } }
""",
)

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
  fans, pumps  each unit group: power_max × count × min(1, f × carried / installed) [E]
               (CDUs: liquid heat; CRAHs, CRACs, in-row: room heat; doors: their racks' heat;
               towers, dry coolers: heat + compressor work); no capacity → power_max, constant;
               a CRAC with `cop` adds `fan_power` × count the same way;
               loop `fan_power`, `pump_power`: constant
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
lists what is missing. Fan and pump terms follow the design point linearly.

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
CRAHs 33.33 kW the PUE is 1.2815 at the design point and **1.1280** over the year.

**A small DLC design worked by hand** (`tests/test_pue_golden.py`): 10 racks × 4 nodes × 25 kW
= **1,000 kW** of IT, 80 % to liquid (800 kW), 200 kW to room air; one `direct_to_chip` loop
with 2 CDUs (600 kW, 12 kW), 2 CRAHs (200 kW, 10 kW), 2 chillers (1,000 kW, COP 8), 2 dry
coolers (1,000 kW, 20 kW); a UPS pair (N+1) of 1,000 kW with η 94/96/97/97 % at 25/50/75/100 %;
lighting `other_load = 10 kW`.

| term | at 100 % | at 50 % |
|---|---|---|
| CDU pumps: 2 × 12 × 800/1,200 | 16 kW | 8 kW |
| CRAH fans: 2 × 10 × 200/400 | 10 kW | 5 kW |
| chillers: 1,000 / 8 | 125 kW | 62.5 kW |
| dry coolers: 2 × 20 × (1,000 + 125)/2,000 | 22.5 kW | 11.25 kW |
| UPS: 500 kW/unit = 50 % → η 96 %: 1,000 × (1/0.96 − 1) | 41.667 kW | 25 % → 94 %: 31.915 kW |
| lighting | 10 kW | 10 kW |
| **facility** | **1,225.167 kW** | **628.665 kW** |
| **PUE** | **1.2252** | **1.2573** |

At 25 %: each UPS is at 12.5 % of its rating, below the curve: L = 0.0159574, 0.0208333,
0.0231959 at 25/50/75 %, the quadratic through them at 0.125 (Lagrange weights 1.875, −1.25,
0.375) = 0.012577 → 2 × 1,000 kW × 0.012577 = 25.154 kW; 250 + 4 + 2.5 + 31.25 + 5.625 + 25.154
+ 10 = 328.529 kW → PUE **1.3141**: fixed lighting and a UPS's no-load losses weigh more at
light load.

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
  2 × 10 kW × 1,400 / 2,000 = 14 kW; facility 1,414 kW.

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
