"""Codes of the requirements section: one `requirements.code(...)` entry per diagnostic id."""

from dcdsl.codes.registry import ERROR, WARNING, Section

requirements = Section(
    "Requirements (DC-REQ-…)",
    intro="""\
`require <comparison> [because "…"]` is evaluated after every analysis
(`dcdsl/analysis/requirements.py`) with the elaborator's expression machinery (units, `let`s,
functions); names are paths into the computed results, with units: `capex.<category>` and
`capex.total` (USD), `opex.<key>` (USD/year), `tco.total`, `tco.present_value` (USD),
`tco.annualised` (USD/year), `tco.usd_per_gpu_hour` (USD/hour), `power.it_kw`,
`power.facility_kw` (kW), `power.pue`, `counts.gpus|nodes|racks|halls`, `energy_kwh_per_year`
(kWh), `water_l_per_year` (L), `rent.breakeven_on_demand|reserved` (fractions),
`fabrics.<name>.endpoints|tiers|switches|links|cables|transceivers` and
`fabrics.<name>.power_kw` (kW). Quantities compare across units (`power.it_kw <= 130 MW`).
""",
)

requirements.code(
    "DC-REQ-001",
    ERROR,
    "a `require` does not hold for the computed design",
    doc="""\
The comparison is false for the computed design; the message shows the computed value and the
limit with units. Fails `dcc check` and `dcc build` (exit 1); `allow DC-REQ-001 because "…"`
suppresses it. Example: 4 racks × 2 servers × 10 kW with `require power.it_kw <= 50 kW` →
"requirement failed: power.it_kw is 80 kW, the limit is ≤ 50 kW". seed-100k (the 100,000-GPU cluster of the source article):
`capex.total + opex.energy * 1 year >= 9.5e9 USD` → 9.305 B + 0.1095 B = 9.4145 B USD, below
the source article's own range.
""",
    failing="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
require power.it_kw <= 50 kW
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
require power.it_kw <= 200 kW
""",
)

requirements.code(
    "DC-REQ-002",
    ERROR,
    "`require` names a figure the compiler does not compute",
    doc="""\
An unknown path, with the closest known path ("did you mean `capex.total`?"), or the members of
a group when the path names one (`capex` → `capex.compute`, …).
""",
    failing="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
require counts.gpu >= 64
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
require counts.gpus >= 64
""",
)

requirements.code(
    "DC-REQ-003",
    WARNING,
    "`require` names a figure this design leaves uncomputed",
    doc="""\
A known path whose value this design does not produce, e.g. `rent.breakeven_on_demand` without
cloud prices. The requirement is not checked.
""",
    failing="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
require rent.breakeven_on_demand <= 0.5
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
require counts.gpus >= 64
""",
)

requirements.code(
    "DC-REQ-004",
    ERROR,
    "`require` is not a comparison",
    doc="""\
`require capex.total` or a comparison of non-quantities. Write `require capex.total <= 80 MUSD`.
""",
    failing="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
require counts.gpus
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
require counts.gpus >= 64
""",
)
