"""Codes of the power section, continued: failures, tier, losses, loops and the drawing's bound
(DC-POWER-009…013)."""

from dcdsl.codes.power import power
from dcdsl.codes.registry import ERROR, NOTE

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
