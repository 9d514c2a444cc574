"""Codes of the power section: one `power.code(...)` entry per diagnostic id."""

from dcdsl.codes.registry import ERROR, NOTE, WARNING, Section

power = Section(
    "Power (DC-POWER-…)",
    intro="""\
The power stage (`dcdsl/analysis/power.py`, formulas in `dcdsl/analysis/electrical.py`) answers
the electrical reviewer's two questions: does every element carry its load, and does the design
survive the failures its redundancy claims? Rules: `dcdsl/rules/power.py`; the one-line
diagram: `dcdsl/emit/oneline.py`. Tests: `tests/test_power_formulas.py`, `tests/test_power.py`,
`tests/test_power_oneline.py` (every number below is asserted there).
""",
)

power.guide(
    "How the load is found and carried",
    """\
- **Load.** Each rack group draws its IT load from `results.load` (device `power_max`, or
  `power_typical` × `load_factor` with `design { power_basis = typical }`). Network switches that
  sit in no rack (`results.fabrics[name].power_kw`) are spread over the racks the fabric serves —
  its `endpoints` hall or row, else every rack — in proportion to their IT load, and flow up
  those racks' chains; they are not counted against rack PDUs. Switches the design already
  places in racks (`device qm9700 * 12`) are in those racks' IT load, so their power is taken
  off the fabric's figure (per switch part, each placed switch counted for one fabric only):
  the SuperPOD 4-SU design places its 48 QM9700 in racks, and only the 26.1 kW of switch-side
  optics is added. `results.power.it_kw` = rack IT + that network power.
- **Power factor.** kVA = kW / PF with PF = the element's own `power_factor` (set on the element
  in the design) → the chain's `power { power_factor }` → `design { power_factor }` → **0.95**
  (default, stated in the messages). A *part's* `power_factor` is the factor its kW rating is
  stated at: a UPS given only in kVA is worth kVA × PF kW; a rack PDU's usable kW uses it.
- **Ratings (per unit).** `rating` (kVA), `rating_kw` (kW), `current` × voltage (√3·V·I; the
  smaller of it and `rating` counts), `capacity` for a utility, `rating_kw` (or `capacity`) for a
  generator. **Voltage:** the element's `voltage`, a transformer's `secondary_voltage`, else the
  output voltage of what feeds it. **Current per unit:** I = P / (√3·V·PF) (the three-phase power relation S = √3·V_LL·I).
- **Limit.** Continuous load ≤ **80 %** of the rating (NFPA 70 (NEC) 210.20(A) and 215.3: continuous load),
  **100 %** with `listed_100 = true`. A UPS with both ratings: kW ≤ 80 % of `rating_kw` and
  kVA ≤ 100 % of `rating` (a UPS is rated in both kW and kVA, IEC 62040-3 §5.3: P ≤ kW_rated and S ≤ kVA_rated); the binding one
  is reported. Utility and generators: 100 % of capacity, checked against facility power
  (DC-POWER-004).
- **Losses.** Loss = P_out·(1/η − 1) with the element's `efficiency`; or, for a transformer,
  per unit `no_load_loss + load_loss · (S/S_rated)²`. Without either, a UPS is taken at **96 %**
  and a transformer at **99 %** [E] (DC-POWER-011 says so); other elements are lossless unless
  they state `efficiency`. Losses add to what the upstream elements carry, and
  `results.power.losses_kw` goes to facility power (PUE).
- **Paths.** A group with redundancy `2N` or `2(N+k)` has sides A and B of count/2 units each.
  A plain `N` group fed only from split groups inherits the split (the PDUs below a 2N UPS are
  half on A, half on B; shown as "split A/B"). Separate elements are on a path by `path = A`, by
  being fed only from path A, or by their place in `power = [X, Y]` on racks (X is A, Y is B).
  A load fed from several live sides splits equally over them; a standby generator takes load
  only when no other feed is live.
- **Failure scenarios.** Normal operation; one unit of each side failed, in turn (not the only
  utility service when there is no generator: losing it is a given); the failure each group
  claims to survive — `N+k`: k units; `2N`: each path in turn; `2(N+k)`: a path and k units of the
  other; a generator group: the utility lost (and k generators failed); and each path (A, B)
  lost as a whole, claimed when some rack is fed from two sides. Each scenario re-runs the flow
  over element sides and *rack buckets* (rack groups with the same feeds): a few dozen scenarios ×
  (sides + buckets), never rack by rack — 3,000 rows of 24 racks are one bucket.
  Per element the result keeps normal, worst and worst-claimed loading, and the scenario.
""",
)

power.code(
    "DC-POWER-001",
    ERROR,
    "power element loaded beyond its continuous rating",
    doc="""\
Formula: per unit, P/units ≤ limit × kW_rated and S/units ≤ limit × kVA_rated, in normal
operation. Worked example (`test_transformer_normal_overload_names_next_size`): one 1,500 kVA
transformer, 415 V secondary, feeding 26 racks × 50 kW = **1,300 kW**; at PF 0.95 that is
1,300 / 0.95 = **1,368.4 kVA = 91.2 %** > 80 % → error; current 1,368.4 kVA / (√3 × 415 V) =
**1,904 A**. Help: the unit must be ≥ 1,368.4 / 0.8 = 1,710.5 kVA → the next ANSI size,
**2,000 kVA** (IEEE C57.12.00 standard ratings; IEC 60076-1 with the R10 preferred numbers of ISO 3). An IEC-only size gets the IEC list: one 1,250 kVA
transformer at 1,000 kW = 1,052.6 kVA (84.2 %) → ≥ 1,315.8 kVA → **1,600 kVA (IEC)**.
""",
)

power.code(
    "DC-POWER-002",
    ERROR,
    "redundancy does not survive the failure it claims",
    doc="""\
Formula: in every claimed scenario, every element within its limit (as in 001) and no rack load
left without a live feed. The message names the failure, the element and its load; the help
names the next standard size or the count that would pass: N = ⌈load / (limit × unit rating)⌉
per surviving side, plus the units the scenario fails there, × the number of sides.

- **2N pair of 1,250 kW UPS** (`test_2n_ups_*`): 25 racks × 40 kW = **1,000 kW**, 500 kW per UPS
  (40 %). Path B lost: UPS (A) carries 1,000 / 1,250 = **80 %** → passes (exactly at the limit).
  25 racks × 44 kW = **1,100 kW**: 1,100 / 1,250 = **88 %** → error "with main.UPS path B lost,
  ups main.UPS (A) carries 1,100 kW of 1,250 kW (88 %); the limit is 80 %", help "use units of at
  least 1,375 kW (1,100 / 0.8) or install 4 units instead of 2 (2N)" (⌈1,100 / 1,000⌉ = 2 per
  path). With the catalogue `ups_1250kw` (1,250 kW *and* 1,250 kVA) at 1,000 kW and PF 0.95 the
  kVA load is 1,052.6 kVA = 84.2 % of 100 % allowed → still passes; kW binds.
- **Four 500 kW UPS modules, N+1** (`test_n_plus_1_ups_*`): 30 × 40 kW = **1,200 kW**: normal
  300 kW each (60 %); one failed, three carry 400 kW each = **80 %** → passes. 26 × 50 kW =
  **1,300 kW**: 1,300 / 3 = 433.3 kW = **86.7 %** → error "with 1 unit of main.UPS failed, ups
  main.UPS carries 433.3 kW of 500 kW per unit (86.7 %)", help "use units of at least 541.7 kW
  or install 5 units instead of 4 (N+1)" (⌈1,300 / 400⌉ + 1 = 5).
- **Transformer pair, 2N, 2 × 2,500 kVA** (`test_transformer_2n_overload_names_next_ansi_size`):
  55 × 40 kW = 2,200 kW / 0.95 = **2,315.8 kVA**; one path lost: 2,315.8 / 2,500 = **92.6 %** →
  error; help "use 3,750 kVA transformers (the next ANSI standard size ≥ 2,894.7 kVA =
  2,315.8 kVA / 80 %) or install 4 units instead of 2 (2N)". 3,000 kVA is not on the ANSI list.
- **Load lost** (`test_single_fed_racks_under_a_claimed_path_loss_lose_power`): row A's 10 racks
  × 40 kW hang only on `PDU`, fed from `UPS_A` (path A); row B is fed from both paths, so path A
  lost is a claimed failure → error "with path A lost, 400 kW of rack load loses power
  (H1.A A01..A10)".
""",
)

power.code(
    "DC-POWER-003",
    ERROR,
    "rack power exceeds the rack PDUs of one feed",
    doc="""\
Formula: P_rack ≤ (PDUs per feed) × limit × √3 × V_LL × I × PF, with PDUs per feed = the rack's
PDUs / its feeds (2 for A/B: **each feed carries the whole rack**; derived from NEC 210.20(A) and S = √3·V·I), PF the
PDU part's `power_factor`, else the design's. Worked example: 415 V 60 A three-phase:
√3 × 415 × 60 = **43,128 VA = 43.1 kVA** nameplate; 0.8 × 43.1 kVA × PF 1.0 = **34.5 kW** usable
(at the default PF 0.95: 32.8 kW). A rack with 2 such PDUs on A/B feeds has 1 per feed: 34.5 kW
passes, **35 kW** → error "racks H1.A A01..A04 draw 35 kW each; one feed of its A/B pair has
1 × pdu_a = 34.5 kW usable", help "use 4 rack PDUs of this size per rack" (2 × ⌈35 / 34.5⌉).
208 V 60 A: 21.6 kVA, 17.3 kW at PF 1. The limit along the chain above the rack is checked per
element group (001/002).
""",
)

power.code(
    "DC-POWER-004",
    ERROR,
    "facility power exceeds the utility or generator capacity",
    doc="""\
Formula: P_facility ≤ Σ utility capacity × units left after the claimed failure (N: all;
2N: half), and the same for standby generators (N+1: n − 1). P_facility is the facility
stage's `facility_kw` (IT + cooling + losses + other) when it computed one, else IT + losses.
Worked examples: a 820 kW service for 20 × 40 kW = 800 kW behind a 96 % UPS: 800 / 0.96 =
833.3 kW > 820 kW → error (the facility figure with cooling is larger still). Three 1,000 kW
generators N+1 = **2,000 kW** for 50 × 40 kW = 2,000 kW behind 97 % UPS = **2,061.9 kW** → error
(`test_generators_carry_the_load_when_the_utility_is_lost`).
""",
)

power.code(
    "DC-POWER-005",
    WARNING,
    "racks without a power feed",
    doc="""\
Racks with load and no `power = …` (on the rack, its row or its hall) are counted in `it_kw` but
carried by no chain. A design with racks and no `power` block at all gets one warning. So does a
fabric whose power outside racks has no loaded rack in its `endpoints` scope to be carried by.
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
)

power.code(
    "DC-POWER-007",
    WARNING,
    "rack PDUs that cannot be checked",
    doc="""\
A rack type with load and no `rack_pdu`, a rack PDU part without `voltage` and `current` (or
`rating`), or fewer rack PDUs than feeds.
""",
)

power.code(
    "DC-POWER-008",
    WARNING,
    "power element group that does not split over its paths",
    doc="""\
`count = 3` with `2N`: each path is taken as ⌊3/2⌋ = 1 unit; use a multiple of 2.
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
1,305.6 kW / 0.95 / 4 = 343.6 kVA of 300 kVA. (That case also raises 002 for PDUs and UPS.)
""",
)

power.code(
    "DC-POWER-010",
    NOTE,
    "Uptime tier of the electrical topology",
    doc="""\
Informational only (Uptime Institute Tier Standard: Topology; Uptime certifies whole sites). Per rack bucket, the
lowest wins: **IV** racks fed from two paths and no shared element between the sources and the
racks; **III** two paths with a shared element (named) and redundant UPS (N+k or 2N);
**II** redundant UPS on a single path; **I** otherwise. Examples (`test_uptime_tier_*`): one UPS
→ I; 3 × UPS N+1 → II; 2N UPS feeding racks → IV; A/B UPS and PDUs below one shared
switchboard → III ("shared element(s) main.SWB").
""",
)

power.code(
    "DC-POWER-011",
    NOTE,
    "losses from default efficiencies",
    doc="""\
Lists the UPS and transformers whose losses use the defaults (96 %, 99 %). Example: 960 kW
through a UPS without `efficiency`: 960 / 0.96 − 960 = **40 kW** of losses.
With efficiencies stated: 1,000 kW through a 96 % UPS and a 99 % transformer: 1,000 / 0.96 =
1,041.67 kW (41.67 kW lost), / 0.99 = 1,052.19 kW (10.52 kW lost): **52.19 kW**; the transformer
carries 1,041.67 kW / (√3 × 415 V × 0.95) = **1,525.4 A**. A 2,500 kVA transformer with
`no_load_loss = 3 kW`, `load_loss = 20 kW` at 1,187.5 kW (1,250 kVA, 50 %): 3 + 20 × 0.5² =
**8 kW**.
""",
)

power.code(
    "DC-POWER-012",
    ERROR,
    "power elements that feed each other in a loop",
    doc="""\
`from = …` must point upstream; elements in a loop are left out of the analysis.
""",
)

power.code(
    "DC-POWER-013",
    NOTE,
    "one-line SVG skipped: the Graphviz `dot` program is missing",
    doc="""\
Raised by the one-line emitter when the Graphviz `dot` program is missing (or fails):
`oneline.dot` is written, `oneline.svg` is not. Install Graphviz, or run
`dot -Tsvg oneline.dot -o oneline.svg`.
""",
)

power.guide(
    "The one-line diagram",
    """\
`oneline.dot` / `oneline.svg`: one box per element side (units × rating, redundancy, load, loading
against the binding rating and its limit, current per unit at its voltage, loading under the
worst claimed failure), filled green (≤ 90 % of the limit), amber (≤ 100 %) or red (over, in
normal operation or a claimed failure); path A edges blue, path B orange, shared grey, standby
generator feeds dashed; in the worst failure the failed side is dashed red and the element it
overloads has a thick red outline. Racks are grouped per row and feed ("H1 · Row A: 8 racks ×
40.8 kW"); above 24 row boxes, per hall ("Hall H2 (40 rows): 960 racks × 40.8 kW"), and above
24 hall boxes, per set of feeds.
""",
)
