"""Codes of the layout section: one `layout.code(...)` entry per diagnostic id."""

from dcdsl.codes.registry import ERROR, Section

layout = Section(
    "Layout (DC-GEO-…)",
    intro="""\
`dcdsl/analysis/layout/` places rows and racks in each hall, stacks each rack type's devices by
U and estimates every fabric link's length; docs/layout.md defines the geometry and works a
small hall by hand (the numbers below come from it). Defaults: racks 0.6 × 1.2 m, rows 2.4 m
apart starting 1.2 m from the wall, a tray 0.5 m above the racks, 10 % slack, 1 U = 44.45 mm
(EIA-310).
""",
)

layout.code(
    "DC-GEO-001",
    ERROR,
    "rack holds more rack units than its height",
    doc="""\
Formula: U used = Σ device `height` × count over the rack's devices (rack PDUs are zero-U,
drawn at the sides); the rack is over-full when U used > the rack's `height`, or when a device
stacked from U1 (or at its `position`) ends above the top. Default: the rack type's `height`,
else its enclosure's, else 42 U. Source: EIA-310 rack units; the parts' own heights.
Example: `rack_type big { height = 48 U  device dgx_h100 * 5 }`: 5 × 10 U = 50 U > 48 U →
error at the device line, "rack type `big` needs 50 U (up to U50) but is 48 U high"; help:
remove 2 U of devices or use a taller rack.
A device placed below U1 (`position = 0 U`) is the same error, at the device: "rack type
`net`: sw is placed at U0, below the rack's U1".
""",
    failing="""\
design "x" {}
part node { kind = server  power_max = 3 kW  height = 8 U }
rack_type r { height = 48 U  device node * 7 }
hall "H1" { rack r * 2 }
""",
    fixed="""\
design "x" {}
part node { kind = server  power_max = 3 kW  height = 8 U }
rack_type r { height = 48 U  device node * 5 }
hall "H1" { rack r * 2 }
""",
)

layout.code(
    "DC-GEO-002",
    ERROR,
    "devices placed at overlapping rack units",
    doc="""\
Formula: a device with `position = p` and `height = h` placed `n` times holds U p … p + n·h − 1;
two stated placements overlap when each starts at or below the other's top. Located at the
second device, with a label on the first. Example: `device sw * 2 { position = 40 U }` (1 U
each: U40–U41) and `device sw2 { position = 41 U }` (U41) → "sw2 at U41–U41 overlaps sw at
U40–U41 (U41–U41)"; help: `position = 42 U`.
""",
    failing="""\
design "x" {}
part node { kind = server  power_max = 3 kW  height = 8 U }
rack_type r {
  height = 48 U
  device node { position = 1 U }
  device node { position = 5 U }
}
hall "H1" { rack r * 2 }
""",
    fixed="""\
design "x" {}
part node { kind = server  power_max = 3 kW  height = 8 U }
rack_type r {
  height = 48 U
  device node { position = 1 U }
  device node { position = 9 U }
}
hall "H1" { rack r * 2 }
""",
)

layout.code(
    "DC-GEO-003",
    ERROR,
    "fabric link longer than its medium reaches",
    doc="""\
Formula: length = (|Δx| + |Δy| + v₁ + v₂ + 2 × tray) × (1 + slack) between the centres of the
two racks, v = half the rack's height (48 U: 1.0668 m); in the same rack, v × (1 + slack).
Node–leaf links run to the nearest rack holding the fabric's switches; switch–switch links
spread evenly over pairs of switch racks (beyond 1,000 of them, of an even sample, as the output
states). The medium is the fabric's `medium`; `mixed` takes
DAC to `dac_reach`, ACC to `acc_reach`, optics beyond. Defaults [E]: DAC 3 m, ACC 5 m, optical
(multimode SR4, NVIDIA MMA4Z00-NS on OM4) 50 m, AOC and RJ45 copper 100 m. Error when some
link of a tier is longer than its medium's reach; when no rack holds the fabric's switches the
network is assumed at the row ends and the finding is a note. Example (docs/layout.md): the
small hall with `medium = dac`: rack A01 to the switch rack B04 is (1.8 + 2.4 + 2 × 1.0668 +
2 × 0.5) × 1.1 = 8.07 m > 3 m, and the nearest rack, B03, is (0.6 + 2 × 1.0668 + 1.0) × 1.1
= 4.11 m > 3 m: all 112 node-leaf links are too long → error "112 node-leaf links in hall "H"
are longer than dac reaches (3 m); the longest is 8.1 m". The leaf-spine links stay in rack
B04: 1.0668 × 1.1 = 1.17 m, within reach.

Past multimode reach (`tests/test_optics.py`): one 8-NIC node in row A, its two QM9700 in row B
60 m away, same x. Rack centres at y = 1.2 + 0.6 = 1.8 m and 60 + 0.6 = 60.6 m: 58.8 m
across; (58.8 + 2 × (1.0668 + 0.5)) × 1.1 = **68.13 m**, past multimode SR4's 50 m. With
`medium = multimode` that is this error ("8 node-leaf links … longer than optical reaches
(50 m); the longest is 68.1 m"); with `medium = optical` the 8 links run single-mode (DR4,
500 m) and the BOM buys 8 single-mode cables from the 100 m length bin, none of the 30 m
multimode part.
""",
    failing="""\
design "x" {}
part srv {
  kind      = server
  gpus      = 8
  nics      = 8
  nic_speed = 400 Gb/s
  power_max = 10 kW
  height    = 8 U
  price     = 250000 USD
}
part sw {
  kind       = switch
  ports      = 64
  port_speed = 400 Gb/s
  power_max  = 1.7 kW
  height     = 1 U
  price      = 30000 USD
}
rack_type gpu { height = 48 U  device srv * 2 }
rack_type net { height = 48 U  device sw * 4 }
hall "H" {
  row "A" { rack gpu * 4 }
  row "B" { rack gpu * 3  rack net }
}
fabric "f" { topology = leaf_spine  endpoints = H.gpus  switch = sw  medium = dac }
""",
    fixed="""\
design "x" {}
part srv {
  kind      = server
  gpus      = 8
  nics      = 8
  nic_speed = 400 Gb/s
  power_max = 10 kW
  height    = 8 U
  price     = 250000 USD
}
part sw {
  kind       = switch
  ports      = 64
  port_speed = 400 Gb/s
  power_max  = 1.7 kW
  height     = 1 U
  price      = 30000 USD
}
rack_type gpu { height = 48 U  device srv * 2 }
rack_type net { height = 48 U  device sw * 4 }
hall "H" {
  row "A" { rack gpu * 4 }
  row "B" { rack gpu * 3  rack net }
}
fabric "f" { topology = leaf_spine  endpoints = H.gpus  switch = sw  medium = mixed }
""",
)

layout.code(
    "DC-GEO-004",
    ERROR,
    "rows outside the hall's stated dimensions",
    doc="""\
Formula: a row's east end (offset + Σ rack widths) must not exceed the hall's `width`, and its
south edge (position + rack depth) its `length`; only dimensions the design states are checked.
Example: `hall "H" { width = 4 m … row "A" { rack gpu * 5 } }`: 1.2 + 5 × 0.6 = 4.2 m > 4 m →
error at row A, "ends at x = 4.20 m, the hall is 4 m wide".
""",
    failing="""\
design "x" {}
part node { kind = server  power_max = 3 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" {
  width = 4 m
  row "A" { rack r * 5 }
}
""",
    fixed="""\
design "x" {}
part node { kind = server  power_max = 3 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" {
  width = 5 m
  row "A" { rack r * 5 }
}
""",
)

layout.code(
    "DC-GEO-005",
    ERROR,
    "rack contents heavier than the rack may carry",
    doc="""\
Formula: contents = Σ part `weight` × count over the rack's devices and rack PDUs (the
enclosure's own weight is not load on itself); error when contents > the rack's `weight_limit`,
else the enclosure part's `load_rating` (static load). No limit stated: no check. Source: the
enclosure's rating (std/racks: 1,360 kg static for the 42U/48U/52U enclosures [E]). Example:
`rack_type heavy { height = 42 U  enclosure = rack_42u  device brick * 7 }` with
`brick` at 200 kg: 7 × 200 = 1,400 kg > 1,360 kg → "rack type `heavy` carries 1,400 kg of
devices and rack PDUs; the load rating of enclosure `rack_42u` is 1,360 kg". The elevation shows
the rack's whole weight, 1,400 + 120 kg enclosure = 1,520 kg.
""",
    failing="""\
design "x" {}
part brick { kind = server  power_max = 1 kW  height = 4 U  weight = 200 kg }
rack_type r { height = 42 U  weight_limit = 1000 kg  device brick * 7 }
hall "H1" { rack r * 2 }
""",
    fixed="""\
design "x" {}
part brick { kind = server  power_max = 1 kW  height = 4 U  weight = 200 kg }
rack_type r { height = 42 U  weight_limit = 1000 kg  device brick * 4 }
hall "H1" { rack r * 2 }
""",
)
