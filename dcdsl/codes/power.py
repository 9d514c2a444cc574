"""Codes of the power section: one `power.code(...)` entry per diagnostic id."""

from dcdsl.codes.registry import ERROR, NOTE, WARNING, Section

power = Section(
    "Power (DC-POWER-…)",
    intro="""\
The power stage (`dcdsl/analysis/power/`, formulas in `dcdsl/analysis/electrical.py` and
`dcdsl/analysis/generation.py`) answers an electrical reviewer's questions: does every element
carry its load at maximum draw, are the voltages and fault levels right, does the design survive
the failures its redundancy claims, and does the topology reach the tier it claims? Rules:
`dcdsl/rules/power.py` (001–013), `power_levels.py` (014–019), `power_sources.py` (020–023); the
single-line diagram: `dcdsl/emit/oneline.py`. Tests: `tests/test_power_formulas.py`,
`tests/test_power.py`, `tests/test_power_levels.py`, `tests/test_power_oneline.py` (every
number below is asserted there).
""",
)

power.guide(
    "How the load is found and carried",
    """\
- **Sizing basis.** Ratings are checked at the devices' **maximum draw** (`power_max`) whatever
  `power_basis` says: the NEC sizes overcurrent devices on the continuous load (NEC 210.19(A)(1),
  210.20(A), 215.3), and IT load is continuous. `power_basis = typical` and `load_factor` drive
  energy and cost only (`results.power.it_kw`, `losses_kw`, facility power). A design may opt into
  checking ratings at typical draw × `load_factor` with `design { rating_basis = typical }`
  (a derating on measured load, the owner's decision); every power message then says "load at
  typical draw × load factor …", and the one-line legend names both bases.
- **Network load.** Network switches that sit in no rack (`results.fabrics[name].power_kw`) are
  spread over the racks the fabric serves — its `endpoints` hall or row, else every rack — in
  proportion to their IT load, and flow up those racks' chains; they are not counted against
  rack PDUs. Switches the design already places in racks (`device qm9700 * 12`) are in those
  racks' IT load, so their power is taken off the fabric's figure: the SuperPOD 4-SU design
  places its 48 QM9700 in racks, and only the 26.1 kW of switch-side optics is added.
- **Power factor.** kVA = kW / PF with PF = the element's own `power_factor` → the chain's
  `power { power_factor }` → `design { power_factor }` → **0.95** (default, stated in the
  messages). A *part's* `power_factor` is the factor its kW rating is stated at.
- **Ratings (per unit).** `rating` (kVA), `rating_kw` (kW), `current` × voltage (√3·V·I; the
  smaller of it and `rating` counts), `capacity` for a utility, `rating_kw` (or `capacity`) for a
  generator.
- **Voltages.** Each element has an input and an output voltage: a transformer (and a floor PDU
  with one) its `primary_voltage` and `secondary_voltage`; other elements their `voltage` on
  both sides; without one, the output voltage of what feeds them. **Current per unit:**
  I = P / (√3·V_LL·PF) at the element's own output voltage; rated current I_FL = S / (√3·V_LL)
  (2,500 kVA at 480 V: 3,007 A; at 415 V: 3,478 A; 10 MVA at 415 V: **13,912 A**).
- **Limits, by what governs the element.**
  - Overcurrent devices on a continuous load — switchgear, switchboards, RPPs, busway, PDUs
    without a transformer, rack PDUs: **80 %** of the rating (breaker ≥ 125 % of the continuous
    load), **100 %** with `listed_100 = true`. Cited as NEC 210.20(A) for branch circuits (rack
    PDUs), 215.3 for feeders, 230.42(A) for service equipment fed straight from the utility.
    On IEC designs the NEC does not apply: the same 80 % is applied as a design policy and the
    message says so (IEC 60364-4-43 asks I_B ≤ I_n).
  - Transformers (and floor PDUs with one): **100 % of nameplate kVA** (rated power, IEEE
    C57.12.00 / IEC 60076-1). NEC 450.3 sizes a transformer's *breakers*, not its load.
  - UPS: **100 %** of the manufacturer's kW *and* kVA ratings; the binding one is reported.
  - Transfer switches: 100 % of their continuous rating (UL 1008).
  - Utility and generators: their capacity against the site load (DC-POWER-004).
  - The **design margin** (`design_margin`, default 80 %) on transformers and UPS is the owner's
    policy, not a code rule: above it is a warning (DC-POWER-020), above 100 % an error.
- **Losses.** Loss = P_out·(1/η − 1) with the element's `efficiency`; or, for a transformer,
  per unit `no_load_loss + load_loss · (S/S_rated)²`. Without either, a UPS is taken at **96 %**
  and a transformer at **99 %** [estimate] (DC-POWER-011 says so). Losses add to what the
  upstream elements carry.
- **Paths.** A group with redundancy `2N` or `2(N+k)` has sides A and B of count/2 units each;
  `2N+k` has sides of (count − k)/2 units and k spares shared by both, idle in normal operation:
  a spare takes the place of a failed unit on a path that still runs (not of a whole lost path).
  A plain `N` group fed only from split groups inherits the split. Separate elements are on a
  path by `path = A`, by being fed only from path A, or by their place in `power = [X, Y]` on
  racks (X is A, Y is B). A load fed from several live sides splits equally over them; a
  standby generator takes load only when no other feed is live (through an `ats`).
- **Failure scenarios.** Normal operation; one unit of each side failed, in turn (not the only
  utility service when there is no generator); the failure each group claims to survive — `N+k`:
  k units; `2N`: each path in turn; `2(N+k)`: a path and k units of the other; `2N+k`: a path
  and k units of the other, which the k shared spares replace; a generator group:
  the utility lost (and k generators failed); and each path (A, B) lost as a whole, claimed when
  some rack is fed from two sides. Each scenario re-runs the flow over element sides and *rack
  buckets* (rack groups with the same feeds): a few dozen scenarios × (sides + buckets), never
  rack by rack.
- **Standard.** `design { standard = ANSI | IEC }`, else ANSI when any voltage is a North
  American nominal one (480, 208, 13.8 kV, …; ANSI C84.1), IEC when any is an IEC 60038 series I
  one (400, 230, 11 kV, …), else ANSI. It picks the transformer series (ANSI C57.12: 15 …
  10,000 kVA; IEC R10: 100, 125, 160 … 3,150 kVA), the LV breaker frame limit and the citations.
""",
)

power.code(
    "DC-POWER-001",
    ERROR,
    "power element loaded beyond its rating limit",
    doc="""\
Formula: per unit, P/units ≤ limit × kW_rated and S/units ≤ limit × kVA_rated, in normal
operation. Worked example (`test_transformer_normal_overload_names_next_size`): one 1,500 kVA
transformer, 415 V secondary, feeding 30 racks × 50 kW = **1,500 kW**; at PF 0.95 that is
1,500 / 0.95 = **1,578.9 kVA = 105.3 %** of nameplate → error; current
1,578.9 kVA / (√3 × 415 V) = **2,197 A**. Help: the next ANSI C57.12 size ≥ 1,578.9 kVA,
**2,000 kVA**.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 150 kW  from = grid  efficiency = 0.97 }
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
    "DC-POWER-002",
    ERROR,
    "redundancy does not survive the failure it claims",
    doc="""\
Formula: in every claimed scenario, every element within its limit (as in 001) and no rack load
left without a live feed. The help names the next standard size or the count that would pass:
N = ⌈load / (limit × unit rating)⌉ per surviving side, plus the units the scenario fails there,
× the number of sides.

- **2N pair of 1,250 kW UPS** (`test_2n_ups_*`): 25 racks × 40 kW = 1,000 kW; path B lost,
  UPS (A) carries 1,000 / 1,250 = 80 % → passes. 26 racks × 50 kW = **1,300 kW**:
  1,300 / 1,250 = **104 %** → error "with main.UPS path B lost, ups main.UPS (A) carries
  1,300 kW of 1,250 kW (104 %); the limit is 100 %", help "use units of at least 1,300 kW or
  install 4 units instead of 2 (2N)". At 1,100 kW (88 %) it is within nameplate: DC-POWER-020.
- **Four 500 kW UPS modules, N+1** (`test_n_plus_1_ups_*`): 31 × 50 kW = **1,550 kW**; one
  failed, three carry 516.7 kW each = **103.3 %** → error, help "use units of at least 516.7 kW
  or install 5 units instead of 4 (N+1)" (⌈1,550 / 500⌉ + 1 = 5).
- **Transformer pair, 2N, 2 × 2,500 kVA**
  (`test_transformer_2n_over_nameplate_is_an_error`): 60 × 40 kW = 2,400 kW / 0.95 =
  **2,526.3 kVA**; one path lost: **101.1 %** → error, help "use 3,750 kVA transformers (the next
  ANSI C57.12 standard size …)". 3,000 kVA is not on the ANSI list.
- **Seven 500 kW UPS modules, 2N+1** (`tests/test_power_2n_plus_1.py`): paths of
  (7 − 1)/2 = **3** modules and one shared spare. 30 × 40 kW = 1,200 kW: normal 600 kW per path,
  200 kW per module = 40 %; one module of A failed, the spare stands in: still 40 %. Claimed:
  path B lost and 1 module of A failed (the spare in service): 3 modules carry 1,200 kW = 400 kW
  each = **80 %** → passes (2 modules, without the spare, would be at 120 %). At 1,320 kW: 88 %
  → DC-POWER-020, help "use units of at least 550 kW or install 9 units instead of 7 (2N+1)"
  (N = ⌈1,320 / (0.8 × 500)⌉ = 4 per path: 2 × 4 + 1 = 9).
- **Load lost** (`test_single_fed_racks_under_a_claimed_path_loss_lose_power`): row A's 10 racks
  × 40 kW hang only on `PDU`, fed from path A; path A lost is a claimed failure → error "with
  path A lost, 400 kW of rack load loses power (H1.A A01..A10)".
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 150 kW  count = 2  redundancy = 2N  from = grid  efficiency = 0.97 }
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
  ups "UPS" { rating_kw = 300 kW  count = 2  redundancy = 2N  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-003",
    ERROR,
    "rack power exceeds the rack PDUs of one feed",
    doc="""\
Formula: P_rack ≤ (PDUs per feed) × 0.8 × √3 × V_LL × I × PF (NEC 210.20(A): a rack PDU is a
branch circuit), with PDUs per feed = the rack's PDUs / its feeds (2 for A/B: **each feed
carries the whole rack**), P_rack at the rating basis. Worked example: 415 V 60 A three-phase:
√3 × 415 × 60 = **43.1 kVA** nameplate; 0.8 × 43.1 × PF 1.0 = **34.5 kW** usable (at PF 0.95:
32.8 kW). One per feed: 34.5 kW passes, **35 kW** → error, help "use 4 rack PDUs of this size
per rack". 208 V 60 A: 21.6 kVA, 17.3 kW at PF 1.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 10 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
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
    "DC-POWER-004",
    ERROR,
    "site load exceeds the utility or generator capacity",
    doc="""\
Formula: the site load — IT at the rating basis + electrical losses + mechanical and other load
(facility power less IT and losses, scaled by IT at maximum / IT on the energy basis when they
differ) — against Σ utility capacity × units left after the claimed failure, and against the
generators: Σ rating × ISO 8528-1 credit × units left after their claimed failure. Credit:
continuous (COP) and data-centre (DCP) ratings 100 %; prime (PRP) and emergency standby (ESP)
70 % (the average power ISO 8528-1 allows over 24 h); limited-time (LTP) 100 %; a generator
without a class is taken as ESP (DC-POWER-023). Worked examples
(`test_generators_carry_the_load_when_the_utility_is_lost`): three 1,000 kW DCP generators N+1
= **2,000 kW** for 50 × 40 kW = 2,000 kW behind 97 % UPS = **2,061.9 kW** → error; the same sets
rated standby count 2 × 700 = **1,400 kW**.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 150 kW  voltage = 415 V }
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
    "DC-POWER-005",
    WARNING,
    "racks without a power feed",
    doc="""\
Racks with load and no `power = …` (on the rack, its row or its hall) are counted in `it_kw` but
carried by no chain. A design with racks and no `power` block at all gets one warning. So does a
fabric whose power outside racks has no loaded rack in its `endpoints` scope.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 }
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
    "DC-POWER-006",
    WARNING,
    "power element without a rating",
    doc="""\
An element with no `rating`, `rating_kw`, `current` (with a voltage) or, for a utility,
`capacity` cannot be checked; it still passes its load and losses upstream.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { from = grid  efficiency = 0.97 }
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
    "DC-POWER-007",
    WARNING,
    "rack PDUs that cannot be checked",
    doc="""\
A rack type with load and no `rack_pdu`, a rack PDU part without `voltage` and `current` (or
`rating`), or fewer rack PDUs than feeds.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
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
    "DC-POWER-008",
    WARNING,
    "group that does not split over its paths",
    doc="""\
`count = 3` with `2N`: each path is taken as ⌊3/2⌋ = 1 unit; use a multiple of 2. With `2N+k`
the k shared spares come off first: `count = 6` with `2N+1` is ⌊5/2⌋ = 2 per path; use 2N + 1.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  count = 3  redundancy = 2N  from = grid  efficiency = 0.97 }
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
  ups "UPS" { rating_kw = 300 kW  count = 2  redundancy = 2N  from = grid  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-009",
    NOTE,
    "worst-case single failure",
    doc="""\
The scenario (other than normal operation) that loses the most rack load, else the one that
loads some element highest against its limit, and whether a redundancy claims it. In
`tests/golden/power/oneline_2n.dc` (2N from MV switchgear down, 8 PDUs split A/B, 1,305.6 kW):
"with main.MV path A lost, main.PDU (B) is loaded to 114.5 % of its kVA rating (limit 80 %)":
1,305.6 kW / 0.95 / 4 = 343.6 kVA of 300 kVA.
""",
)

power.code(
    "DC-POWER-010",
    NOTE,
    "Uptime tier the electrical topology reaches",
    doc="""\
The tier the power topology reaches, and why not the next one; when the design claims a tier
that is met, it says so. Criteria (Uptime Institute Tier Standard: Topology, as a single-line
shows them; Uptime certifies whole sites, so this is informational):

| tier | the power topology has |
|---|---|
| I | a UPS on the path to every rack |
| II | + redundant UPS capacity (N+1 or 2N) on every rack's path; generators, if any, redundant |
| III | + on-site engine generators as the primary source, redundant (N+1 or 2N), whose capacity *without a runtime limit* (ISO 8528-1 COP, DCP, or PRP at 70 %) after one failure carries the site load; ≥ 12 h of fuel (`fuel_hours`); every rack fed from two paths; concurrently maintainable: every single unit can be taken out without losing or overloading load |
| IV | + two simultaneously active paths with no shared element below the sources, each able to carry the load alone |

Examples (`test_uptime_tier_*`, `test_power_levels.py`): one UPS → I; 3 × UPS N+1 → II; A/B
UPS and PDUs under one shared switchboard → II ("concurrent maintainability: main.SWB cannot be
taken out …"); any topology without generators stops at II ("Tier III needs on-site engine
generators as the primary power source").
""",
)

power.code(
    "DC-POWER-011",
    NOTE,
    "losses from default efficiencies",
    doc="""\
Lists the UPS and transformers whose losses use the defaults (96 %, 99 %). Example: 960 kW
through a UPS without `efficiency`: 960 / 0.96 − 960 = **40 kW** of losses. With efficiencies
stated: 1,000 kW through a 96 % UPS and a 99 % transformer: 1,000 / 0.96 = 1,041.67 kW
(41.67 kW lost), / 0.99 = 1,052.19 kW (10.52 kW lost): **52.19 kW**; the transformer carries
1,041.67 kW / (√3 × 415 V × 0.95) = **1,525.4 A**. A 2,500 kVA transformer with
`no_load_loss = 3 kW`, `load_loss = 20 kW` at 1,250 kVA (50 %): 3 + 20 × 0.5² = **8 kW**.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  ups "UPS" { rating_kw = 300 kW  from = grid }
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
    "DC-POWER-012",
    ERROR,
    "power elements that feed each other in a loop",
    doc="""\
`from = …` must point upstream; elements in a loop are left out of the analysis.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  switchboard "A" { rating = 1000 kVA  from = B }
  switchboard "B" { rating = 1000 kVA  from = A }
  ups "UPS" { rating_kw = 300 kW  from = B  efficiency = 0.97 }
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
  switchboard "A" { rating = 1000 kVA  from = grid }
  switchboard "B" { rating = 1000 kVA  from = A }
  ups "UPS" { rating_kw = 300 kW  from = B  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

power.code(
    "DC-POWER-013",
    NOTE,
    "single-line SVG skipped: the chain is beyond the drawing's bound",
    doc="""\
Raised by the single-line emitter when the power chains have more than 400 element sides and
rack groups (a bound on the drawing's size): `oneline.dot` is still written. Group identical
units with `count` instead of writing each one, or render `oneline.dot` with Graphviz.
""",
)

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
Formula (infinite-bus method, an upper bound): at a transformer's secondary bus
I_sc = I_FL / Z_pu, with Z its `impedance` (default: the IEC 60076-5 Table 1 minimum for its
size, 4 % to 630 kVA … 7 % to 6,300 kVA: a lower Z is the conservative side); each unit of a
group is taken to feed its own bus. A generator group's bus: Σ units × I_FL / X''d (`reactance`,
default 0.15). A utility's stated `fault_current`. The level passes unchanged through switchgear,
transfer switches and the UPS (its static bypass connects input to output); cable impedance and
motor contribution are not counted. The fault at an element's input bus must not exceed its
`interrupting` rating. Worked example (`test_2500_kva_5_75_percent_on_a_*_ka_switchboard_*`): a
2,500 kVA, 480 V, 5.75 % transformer: I_FL = 3,007 A; 3,007 / 0.0575 = **52.3 kA** → a 35 kA
switchboard fails ("switchboard main.SWB: 52.3 kA of fault current is available at its bus; its
interrupting rating is 35.0 kA"), a 65 kA one passes. Through the UPS bypass the 480 → 415 V
PDUs' input breakers see 52.3 kA too; below a 300 kVA, 4 % PDU transformer the rack side sees
300 / (√3 × 415) / 0.04 = **10.4 kA**. The report's power table lists the fault level at every
bus.
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
