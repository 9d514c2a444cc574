"""Codes of the cost section: one `cost.code(...)` entry per diagnostic id."""

from dcdsl.codes.registry import ERROR, NOTE, WARNING, Section

cost = Section(
    "Cost (DC-COST-…)",
    intro="""\
`dcdsl/analysis/cost/` builds the bill of materials and the cost figures; the rules below read
them (docs/outputs.md describes every line and figure). The BOM counts, it never enumerates:
rack contents × rack counts, power-chain groups (count × part), cooling units, the fabrics'
switches, transceivers and cables as sized by `dcdsl/analysis/fabric.py`, storage (capacity ×
price per GB), and the design's own `cost` lines (`rate × basis`, `amount`, `quantity ×
unit_price`, `per_year`). A switch that racks place and a fabric also counts is counted once.
Capex = Σ extended prices of non-recurring lines, by category. Opex per year = energy (the
design's energy lines when it has any, else facility energy × `electricity`) + maintenance
(`maintenance_rate` × capex of compute, network, storage, power and cooling) + staff
(`staff_cost` + staff lines) + recurring software and other lines. TCO = capex + opex × years
(`years`, default 5); present value = capex + Σₜ opex/(1+r)ᵗ, t = 1…years, r = `discount_rate`.

Worked example (tests/test_cost.py): 3 racks × 2 servers of 8 GPUs whose chassis is priced per
GPU slot at 10,000 USD and whose GPU is 20,000 USD → GPUs 48 × 20,000 = 960,000; chassis
48 slots × 10,000 = 480,000; rack PDUs 3 × 2 × 2,000 = 12,000; capex 1,452,000 USD.
""",
)

cost.code(
    "DC-COST-001",
    WARNING,
    "BOM incomplete: parts without a price",
    doc="""\
A BOM line whose part has no `price` (nor `price_per_gpu_slot` / `price_per_capacity` where
those apply), a fabric item with no part, or a storage block with a capacity and no price. The
line is listed in the BOM with an empty price and left out of capex, which is then a lower
bound. Threshold: any. Source: the BOM contract (design.md). Example: `part srv { kind = server
gpus = 0 … }` in 5 racks × 4 → "`srv` has no price: 20 nodes … are left out of capex"; help:
give it a price or set one in a price book.
""",
    failing="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U  price = 250000 USD }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
""",
)

cost.code(
    "DC-COST-002",
    NOTE,
    "prices that are estimates",
    doc="""\
Capex lines whose part has `price_confidence = estimate` (or `confidence = estimate`), summed,
with their share of capex. Source: the catalogue's confidence tags ([E] marks an estimate). Example:
superpod-h100-4su prices every part from the catalogue, whose prices are all estimates (DGX H100
at 360,000 USD: 127 × 360,000 = 45.72 M USD): "13 BOM lines priced from estimates: 55.1462 M
USD (100.0 % of capex)".
""",
    failing="""\
design "x" {}
part node {
  kind             = server
  gpus             = 8
  power_max        = 7 kW
  height           = 8 U
  price            = 250000 USD
  price_confidence = estimate
}
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
""",
    fixed="""\
design "x" {}
part node {
  kind             = server
  gpus             = 8
  power_max        = 7 kW
  height           = 8 U
  price            = 250000 USD
  price_confidence = primary
}
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
""",
)

cost.code(
    "DC-COST-003",
    ERROR,
    "cost line that cannot be computed",
    doc="""\
A `cost` block with no figure, two figures (`amount` and `quantity`), `quantity` without
`unit_price`, `rate` without `basis`, `rate × basis` that is not money (or money per time), or
`fabric = x` naming no fabric. Example: `cost "x" { rate = 12 MUSD/MW  basis = 250 kg }` →
"cost "x": rate × basis is … not money (12 MUSD/MW × 250 kg)"; the help shows a rate whose unit
cancels the basis's.
""",
    failing="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U  price = 250000 USD }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
cost "construction" { category = facility  rate = 12 MUSD/MW  basis = 250 kg }
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U  price = 250000 USD }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
cost "construction" { category = facility  rate = 12 MUSD/MW  basis = 0.12 MW }
""",
)

cost.code(
    "DC-COST-004",
    WARNING,
    "a per-power budget basis disagrees with the modelled load",
    doc="""\
For a cost line whose basis is a power (`rate = 12 MUSD/MW  basis = 250 MW`): accepted when
P_IT ≤ basis ≤ 1.2 × max(P_IT, P_facility), where P_IT is the racks' IT load
(`results.load.it_kw`) and P_facility the facility power. Below: the budget does not cover the
load it carries; above: it pays for capacity no rack uses. Threshold: 1.2 (headroom). Source:
construction priced per MW of IT (the source article's $12 M per MW of IT). Example (seed-100k):
12,500 DGX H100 × 10.2 kW = 127.5 MW; the construction line's 250 MW is 1.96 × that
(2.5 kW per GPU against 1.275 kW): warning.
""",
    failing="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U  price = 250000 USD }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
cost "construction" { category = facility  rate = 12 MUSD/MW  basis = 1 MW }
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U  price = 250000 USD }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
cost "construction" { category = facility  rate = 12 MUSD/MW  basis = 0.12 MW }
""",
)

cost.code(
    "DC-COST-005",
    WARNING,
    "an energy cost line disagrees with the modelled facility energy",
    doc="""\
For a `category = energy` line whose basis is energy or power: E_line (kWh a year; a power
basis × 8,760 h) against E_facility = P_facility × load factor × 8,760 h from
`results.facility`. Fires when |E_line − E_facility| > 5 % of E_facility. When the design has a
PUE (stated, target, or computed above 1) the note prices the line's power with PUE on top:
P_line × PUE × 8,760 h × tariff. Source: The Green Grid WP#49 and ISO/IEC 30134-2 (E = P_IT·PUE·LF·8,760 h); the source
article's first-year power line. Example (seed-100k): 250 MW × 8,760 h = 2,190 GWh × 0.05 USD/kWh = 109.5 M USD, billed
flat; at the source article's PUE target 1.3 the same IT load costs 250,000 × 1.3 × 8,760 × 0.05 =
142.35 M USD a year; the modelled facility draws 145 MW (IT with the fabric's switches,
PUE 1.0 as a lower bound: no cooling plant is modelled).
""",
    failing="""\
design "x" { electricity = 0.05 USD/kWh }
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U  price = 250000 USD }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
cost "power" { category = energy  rate = 0.05 USD/kWh  basis = 1 MW * 8760 hour }
""",
    fixed="""\
design "x" { electricity = 0.05 USD/kWh }
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U  price = 250000 USD }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
""",
)

cost.code(
    "DC-COST-006",
    WARNING,
    "a fabric's port budget disagrees with the ports it needs",
    doc="""\
For a cost line with `fabric = <name>` counted in ports (`unit = "port"`; the line budgets that
fabric; its switches, optics and cables are listed unpriced as "covered by" the line; a lump-sum
`amount` budgets money and is not compared): ports needed = Σ switch ports in use over
the fabric's tiers (every cabled port) + one HCA port per endpoint, from the fabric's sizing.
Fires when the budgeted quantity differs from that by more than 5 %. For a non-blocking
three-tier fat tree, ports = 5N + N = 6N (Al-Fares et al., SIGCOMM 2008). Example (seed-100k): 100,000 GPUs on
QM9700 (r = 64), rail-optimised → leaf 200,096 + spine 200,192 + core 100,096 switch ports +
100,000 HCA ports = 600,384, against the source article's 200,000 ports; at 8,000 USD a port the fabric
would be 4.80 B USD, not 1.6 B. (That fabric is also beyond three tiers: DC-NET-001.)
""",
    failing="""\
design "x" {}
part node {
  kind      = server
  gpus      = 8
  nics      = 8
  nic_speed = 400 Gb/s
  power_max = 7 kW
  height    = 8 U
  price     = 250000 USD
}
part sw { kind = switch  ports = 64  port_speed = 400 Gb/s  power_max = 1.7 kW  height = 1 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 8 }
fabric "f" { topology = leaf_spine  endpoints = H1.gpus  switch = sw }
cost "fabric" {
  category   = network
  quantity   = 300
  unit       = "port"
  unit_price = 1000 USD
  fabric     = f
}
""",
    fixed="""\
design "x" {}
part node {
  kind      = server
  gpus      = 8
  nics      = 8
  nic_speed = 400 Gb/s
  power_max = 7 kW
  height    = 8 U
  price     = 250000 USD
}
part sw { kind = switch  ports = 64  port_speed = 400 Gb/s  power_max = 1.7 kW  height = 1 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 8 }
fabric "f" { topology = leaf_spine  endpoints = H1.gpus  switch = sw }
cost "fabric" {
  category   = network
  quantity   = 1024
  unit       = "port"
  unit_price = 1000 USD
  fabric     = f
}
""",
)

cost.code(
    "DC-COST-007",
    NOTE,
    "chassis priced per GPU slot",
    doc="""\
A server with `price_per_gpu_slot` and `price_includes_gpus = false` gets two BOM lines: GPUs
(nodes × gpus × gpu.price) and chassis (nodes × gpus slots × slot price). The note shows the
per-node price and what the slot price times the node count would give. Example (seed-100k):
100,000 slots × 15,000 USD = 1.5 B USD = 120,000 USD per node × 12,500 nodes; the source
article's quantity column (12,500 nodes) × 15,000 USD would be 187.5 M USD.
""",
    failing="""\
design "x" {}
part node {
  kind                = server
  gpus                = 8
  power_max           = 7 kW
  height              = 8 U
  gpu                 = h100
  price_per_gpu_slot  = 15000 USD
  price_includes_gpus = false
}
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
part h100 { kind = gpu  price = 25000 USD }
""",
    fixed="""\
design "x" {}
part node {
  kind                = server
  gpus                = 8
  power_max           = 7 kW
  height              = 8 U
  gpu                 = h100
  price               = 120000 USD
  price_includes_gpus = false
}
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
part h100 { kind = gpu  price = 25000 USD }
""",
)

cost.code(
    "DC-COST-008",
    NOTE,
    "rent or buy: break-even utilisation",
    doc="""\
u* = owned cost per node-month / cloud price per node-month: renting a node for a fraction u of
the month costs u × cloud price, owning costs the same every month, so owning is cheaper when
u > u*. Owned cost: `owned_cost_per_node_month`, else (capex/years + opex)/(nodes × 12). Cloud
price: `cloud_price_on_demand` / `cloud_price_reserved` (USD/month), else the `cloud` part's
hourly prices × 730.5 h (a month of pint's year/12). Source: the break-even of owning against renting, with the source article's prices. Example
(seed-100k): 7,600 / 71,000 = 10.7 % (on demand) and 7,600 / 30,000 = 25.3 % (reserved), not
the source article's 60–70 %.
""",
)
