"""Codes of the power section (DC-POWER-001…008): one `power.code(...)` entry per
diagnostic id. The section goes on in `power_failures.py` and `power_ratings.py`."""

from dcdsl.codes.registry import ERROR, WARNING, Section

power = Section(
    "Power (DC-POWER-…)",
    intro="""\
The power stage (`dcdsl/analysis/power/`, formulas in `dcdsl/analysis/electrical.py` and
`dcdsl/analysis/generation.py`) answers an electrical reviewer's questions: does every element
carry its load at maximum draw, are the voltages and fault levels right, does the design survive
the failures its redundancy claims, and does the topology reach the tier it claims? Rules:
`dcdsl/rules/power.py` (001–013), `power_levels.py` (014–019, 025), `power_sources.py` (020–023); the
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

With `pdu_redundancy` on the rack type (docs/language.md, "Racks") the PDUs that must carry the
rack are those left after the failure it claims: **N+k**: n − k of them (any k may fail); **2N**:
half of them; **2(N+k)**: half less k. Worked examples (`tests/test_rack_pdu_redundancy.py`;
415 V 32 A: √3 × 415 × 32 = 23.0 kVA, 80 % × PF 0.95 = **17.5 kW** usable; racks of 20 kW):
3 PDUs N+1 → 2 × 17.5 = **35.0 kW** passes; 3 PDUs N+2 → 1 × 17.5 kW → error, help "use 4
rack PDUs" (⌈20 / 17.5⌉ + 2); 2 PDUs 2N on one feed → 17.5 kW per half → error, help "use 4"
(2 × ⌈20 / 17.5⌉). The DGX SuperPOD H100 design: 3 × 415 V 60 A N+1 per 40.8 kW rack →
2 × 32.8 = 65.5 kW. N+k over A/B feeds and the loss of a whole feed: DC-POWER-024.
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
