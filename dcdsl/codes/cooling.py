"""Codes of the cooling section (DC-COOL-001…005): one `cooling.code(...)` entry per
diagnostic id. The section goes on in `cooling_loops.py` and `cooling_pue.py`."""

from dcdsl.codes.registry import ERROR, WARNING, Section

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
