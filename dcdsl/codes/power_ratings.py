"""Codes of the power section, continued: voltages, currents, fault levels, margins, UPS runtime,
the claimed tier and generator classes (DC-POWER-014…023), N+k rack PDUs against the loss of a
feed (DC-POWER-024), then the single-line diagram."""

from dcdsl.codes.power import power
from dcdsl.codes.registry import ERROR, WARNING

power.code(
    "DC-POWER-014",
    ERROR,
    "connected elements at different voltages",
    doc="""\
Formula: |V_out(upstream) − V_in(downstream)| ≤ 5 % of the larger, for every `from` link and for
the rack PDUs under each element (400 V and 415 V are both IEC 60038 230/400 V systems; 480 V and
415 V, or 208 V and 240 V, are not). Worked example
(`test_415v_rack_pdus_under_a_480_to_208v_pdu_are_a_mismatch`): 415 V rack PDUs under
`pdu_150kva` (480 → 208 V) → "rack PDU pdu415 (415 V) in racks H1.A A01..A02 is fed from pdu
main.PDU at 208 V"; with `pdu_150kva_415v` (480 → 415Y/240 V) it passes. A 480 V-primary PDU
under a 415 V UPS: "pdu main.PDU takes 480 V in but ups main.UPS feeds it at 415 V".
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid  voltage = 480 V  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid  voltage = 415 V  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-015",
    ERROR,
    "low-voltage current beyond one main breaker",
    doc="""\
Formula: for every element at ≤ 1,000 V, rated current per unit I = S / (√3·V_LL) (or its
`current`): above **4,000 A** a warning (unusual for one LV bus), above the largest main-breaker
frame an error: **5,000 A** ANSI (low-voltage power circuit breakers, UL 1066 / IEEE C37.13),
**6,300 A** IEC (air circuit breakers, IEC 60947-2). Worked example
(`test_10_mva_at_415v_is_beyond_one_lv_main_breaker`): a 10,000 kVA transformer with a 415 V
secondary: 10,000,000 / (√3 × 415) = **13,912 A** → error; help "keep one LV unit at or below
3,594 kVA at 415 V" (√3 × 415 V × 5,000 A). 3,750 kVA at 480 V = **4,511 A** → warning. So the
practical LV unit substation is about 2,500–3,000 kVA at 480 V and up to 3,150–4,000 kVA at
400/415 V; larger blocks stay at medium voltage.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 5 MW  voltage = 13.8 kV }
  transformer "TX" {
    rating            = 10000 kVA
    primary_voltage   = 13.8 kV
    secondary_voltage = 415 V
    from              = grid
  }
  ups "UPS" { rating_kw = 300 kW  from = TX  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 5 MW  voltage = 13.8 kV }
  transformer "TX" {
    rating            = 2500 kVA
    primary_voltage   = 13.8 kV
    secondary_voltage = 415 V
    from              = grid
  }
  ups "UPS" { rating_kw = 300 kW  from = TX  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-016",
    WARNING,
    "utility capacity unusual for its voltage class",
    doc="""\
A service of more than the usual capacity of its voltage class [planning estimate; the utility
decides]: ≤ 1 kV: 3 MW; 15 kV class (10–13.8 kV): 30 MW; 35 kV class: 80 MW; 66–69 kV: 150 MW;
110–138 kV: 400 MW. Worked example (`test_250_mw_at_13_8_kv_is_an_unusual_service`): 250 MW at
13.8 kV → warning naming "high-voltage transmission (110–138 kV)" as the usual class; at 138 kV
it passes.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 5 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-017",
    ERROR,
    "fault current above the interrupting rating",
    doc="""\
The prospective three-phase short-circuit current I''k at an element's input bus must not exceed
its `interrupting` rating (IEC 60947-2 I_cu; UL 489 / IEEE C37.13 interrupting rating).

**Impedance method** (IEC 60909-0:2016; IEEE Std 551 ch. 4 for ANSI designs), wherever the
utility states its fault level (`fault_current` = I''kQ in kA, or `fault_level` = S''kQ in MVA,
at its `voltage`) or the bus is fed by generators: I''k = c·U_n/(√3·|Z_k|), with c = 1.05 at
≤ 1 kV and 1.10 above (IEC 60909-0 Table 1), Z_k the sum of the impedances referred to the bus's
voltage with the transformers' rated ratios:
- network feeder Z_Q = c·U_nQ/(√3·I''kQ), R/X from `x_r` (default X/R 10, §6.2);
- transformer K_T·Z_T: Z_T = u_kr·U_rT²/S_rT (`impedance`; default the IEC 60076-5 Table 1
  minimum), u_Rr = P_krT/S_rT from `load_loss`, else from `x_r`, else X/R 5/7/10/12/20 up to
  1/2.5/5/10 MVA and above (typical values, an estimate); K_T = 0.95·c_max/(1 + 0.6·x_T) (§6.3.3);
- generator K_G·(R_Gf + jX''d): X''d = `reactance` × U_rG²/S_rG (default 0.15), S_rG = kW/0.8
  unless the part states its kVA or power factor, R_Gf = 0.15·X''d at ≤ 1 kV (0.07 above),
  K_G = c_max/(1 + x''d·sin φ_rG) (§6.6.1); the units of a group are in parallel;
- feeder cable, when the element gives `cable_length` and `cable_size` (`cable_runs`,
  `cable_material`): R = ρ·l/(q·n) with ρ = 1/54 (copper) or 1/34 (aluminium) Ω·mm²/m at 20 °C,
  X = 0.08 mΩ/m × l/n (Cahier Technique 158 value for multicore cables, an estimate); without
  them the output says "no cable impedance: upper bound";
- motors on a bus (`motor_load` kW per unit, or the cooling plant's electrical load shared by the
  elements marked `cooling_plant = true`, an estimate with S_rM = P/0.8): Z_M = U²/(5·S_rM), R/X
  0.42 for LV motor groups, 0.15 / 0.10 for MV motors (§6.8), in parallel with the network at
  their bus and the buses below it (not yet fed back to the bus above: mark the highest bus
  whose level the motors raise, which counts them there and below, on the safe side).

**Infinite-bus method** where the utility states no fault level: at a transformer's secondary
I''k = I_FL / Z_pu of one unit (each unit of a group feeds its own bus), an upper bound; motor
currents are added to it. summary.json's `fault_basis` says which (`impedance`,
`infinite_bus`); the report and the single-line mark the upper bounds. The level passes
through switchgear, transfer switches and the UPS (its static bypass connects input to
output); where several elements feed one, the highest counts.

Worked examples (`tests/test_short_circuit.py`, `tests/test_power_levels.py`): a 2,500 kVA,
480 V, 5.75 % transformer on an infinite bus: I_FL = 3,007 A; 3,007 / 0.0575 = **52.3 kA** → a
35 kA switchboard fails ("switchboard main.SWB: 52.3 kA of fault current is available at its
bus; its interrupting rating is 35.0 kA"), a 65 kA one passes. Below a 300 kVA, 4 % PDU
transformer the rack side sees 300 / (√3 × 415) / 0.04 = **10.4 kA**. The same transformer
behind a 13.8 kV feeder of I''kQ = 25 kA with 25 kW load losses: Z_Q = 1.1 × 13,800 /
(√3 × 25 kA) × (480/13,800)² = 0.0422 + j0.4220 mΩ; K_T = 0.95 × 1.05/(1 + 0.6 × 0.05662) =
0.9647, K_T·Z_T = 0.8891 + j5.0344 mΩ; |Z_k| = 5.5353 mΩ, I''k = 1.05 × 480/(√3 × 5.5353 mΩ)
= **52.57 kA**. Published check: IEC TR 60909-4:2021 §6.2 (33/6 kV with asynchronous motors):
I''k = 19.52 kA, i_p = 48.82 kA, motor partials 2.54 and 2.24 kA, reproduced within 0.5 %.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 5 MW  voltage = 13.8 kV }
  transformer "TX" {
    rating            = 2500 kVA
    impedance         = 5.75 %
    primary_voltage   = 13.8 kV
    secondary_voltage = 415 V
    from              = grid
  }
  switchboard "SWB" { rating = 2500 kVA  interrupting = 35 kA  from = TX }
  ups "UPS" { rating_kw = 300 kW  from = SWB  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 5 MW  voltage = 13.8 kV }
  transformer "TX" {
    rating            = 2500 kVA
    impedance         = 5.75 %
    primary_voltage   = 13.8 kV
    secondary_voltage = 415 V
    from              = grid
  }
  switchboard "SWB" { rating = 2500 kVA  interrupting = 65 kA  from = TX }
  ups "UPS" { rating_kw = 300 kW  from = SWB  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-018",
    WARNING,
    "LV equipment without an interrupting rating",
    doc="""\
Switchgear, switchboards, transfer switches, PDUs, RPPs and busway at ≤ 1 kV with a known fault
level and no `interrupting` rating: the fault level is stated and the check is skipped.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 5 MW  voltage = 13.8 kV }
  transformer "TX" {
    rating            = 2500 kVA
    impedance         = 5.75 %
    primary_voltage   = 13.8 kV
    secondary_voltage = 415 V
    from              = grid
  }
  switchboard "SWB" { rating = 2500 kVA  from = TX }
  ups "UPS" { rating_kw = 300 kW  from = SWB  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 5 MW  voltage = 13.8 kV }
  transformer "TX" {
    rating            = 2500 kVA
    impedance         = 5.75 %
    primary_voltage   = 13.8 kV
    secondary_voltage = 415 V
    from              = grid
  }
  switchboard "SWB" { rating = 2500 kVA  interrupting = 65 kA  from = TX }
  ups "UPS" { rating_kw = 300 kW  from = SWB  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-019",
    WARNING,
    "power element without a voltage",
    doc="""\
An element with no voltage of its own and none from upstream: its currents, fault level and
connections are not checked.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW }
  ups "UPS" { rating_kw = 300 kW  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-020",
    WARNING,
    "transformer or UPS above the design margin",
    doc="""\
Formula: loading (the binding kW or kVA) in normal operation or the worst claimed failure above
`design_margin` (default **80 %**) and at most 100 %: a warning that says it is the owner's
policy, with the size or count that keeps the margin. Example
(`test_2n_ups_above_the_design_margin_at_1100_kw_is_a_warning`): 1,100 kW on the surviving
1,250 kW UPS = **88 %** → "ups main.UPS (A) is loaded to 88 % of its kW nameplate with main.UPS
path B lost, above the design margin of 80 %", help "use units of at least 1,375 kW or install
4 units instead of 2 (2N)". A 2N pair of 2,500 kVA transformers at 2,200 kW: 2,315.8 kVA =
92.6 % → help "use 3,750 kVA transformers (the next ANSI C57.12 standard size ≥ 2,894.7 kVA =
2,315.8 kVA / 80 %)"; an IEC design (11 kV) gets the R10 list: 1,250 kVA at 1,000 kW →
"use 1,600 kVA transformers (the next IEC 60076 (R10) standard size ≥ 1,315.8 kVA …)".
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 180 kW  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-021",
    ERROR,
    "UPS battery shorter than generator start and transfer",
    doc="""\
Formula: UPS `runtime` (at rated load; longer at part load) ≥ generator `start_time` (default
10 s, NFPA 110 Type 10) + transfer switch `transfer_time` (default 0.5 s [estimate]). Checked
when the design has generators. Example (`test_ups_battery_shorter_than_generator_start_*`):
0.15 min = 9 s < 10 + 0.5 s → error.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  generator "GEN" { rating_kw = 400 kW  voltage = 415 V  rating_class = data_center }
  ats "ATS" { from = [grid, GEN]  rating = 600 kVA  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = ATS  efficiency = 0.97  runtime = 0.15 min }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  generator "GEN" { rating_kw = 400 kW  voltage = 415 V  rating_class = data_center }
  ats "ATS" { from = [grid, GEN]  rating = 600 kVA  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = ATS  efficiency = 0.97  runtime = 5 min }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-022",
    ERROR,
    "claimed Uptime tier not met by the topology",
    doc="""\
`design { tier = N }` is a claim: when the topology reaches less (DC-POWER-010's criteria), an
error names what is missing. Worked examples (`test_power_levels.py`): A/B transfer switches,
N+1 UPS and PDUs per side, 15 racks × 40 kW = 600 kW, `pue = 1.5`:

- Tier III claimed, no generator → "the design claims Uptime Tier III; the topology reaches
  Tier II: missing on-site engine generators as the primary power source".
- Three 500 kW DCP generators N+1: after one failure 1,000 kW ≥ the site load 600 kW × 1.5 =
  **900 kW** → passes (DC-POWER-010: "the claimed Tier III is met").
- Three 400 kW sets: 800 kW < 900 kW → "generator capacity without a runtime limit (800 kW
  after one failure) for the 900 kW they carry". Three 1,000 kW *standby* sets: 0 kW counts.
""",
    failing="""\
design "x" { tier = 3 }
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" { tier = 1 }
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-023",
    WARNING,
    "generator without an ISO 8528-1 rating class",
    doc="""\
A generator whose part and element give no `rating_class` is taken as standby (ESP): 70 % of its
rating counts for sizing, none for Tier III/IV.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  generator "GEN" { rating_kw = 400 kW  voltage = 415 V }
  ats "ATS" { from = [grid, GEN]  rating = 600 kVA  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = ATS  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  generator "GEN" { rating_kw = 400 kW  voltage = 415 V  rating_class = data_center }
  ats "ATS" { from = [grid, GEN]  rating = 600 kVA  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = ATS  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-024",
    WARNING,
    "N+k rack PDUs do not survive the loss of a feed",
    doc="""\
With `pdu_redundancy = N+k` (docs/language.md, "Racks") a rack's PDUs back each other up one by
one: any k of them may fail and the rest carry the rack (DC-POWER-003). On A/B feeds the PDUs
alternate over the feeds (A, B, A, …), so the loss of one whole feed takes ⌈n / feeds⌉ of them,
which may be more than k. Formula: P_rack ≤ (n − ⌈n / feeds⌉) × usable per PDU, else this
warning. Worked example (`test_n_plus_1_rack_pdus_*` in `tests/test_rack_pdu_redundancy.py`):
3 × 415 V 32 A PDUs = 23.0 kVA, 80 % × PF 0.95 = **17.5 kW** usable each; a 20 kW rack N+1
passes DC-POWER-003 (2 × 17.5 = 35.0 kW), but losing feed A takes 2 of the 3 and the one left
carries **17.5 kW of 20 kW** → warning. The DGX SuperPOD reference architecture's three rack PDUs
per DGX H100 rack are this arrangement: it needs a third upstream path, or it accepts a feed's
loss as outside the rack's redundancy.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 5 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r {
  pdu_redundancy = N+1
  device srv * 4
  rack_pdu pdu * 3
}
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  count = 2  redundancy = 2N  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 5 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r {
  pdu_redundancy = N+1
  device srv * 4
  rack_pdu pdu * 4
}
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  count = 2  redundancy = 2N  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.guide(
    "The single-line diagram",
    """\
`oneline.svg` (docs/outputs.md): standard symbols (IEEE 315 for ANSI designs, IEC 60617 for IEC
ones), buses with their voltage and available fault current, breakers with their rating (a
line-up's main breaker at its rating; a feeder breaker at 125 % of the element's rated input
current, next standard size per NEC 240.6(A) or IEC 60947-2), loading per element, A and B
side by side. `oneline.dot` keeps the same chain as a Graphviz graph.
""",
)
