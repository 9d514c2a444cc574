"""Codes of the network section: one `network.code(...)` entry per diagnostic id."""

from dcdsl.codes.registry import ERROR, NOTE, WARNING, Section

network = Section(
    "Network (DC-NET-…)",
    intro="""\
The fabric stage (`dcdsl/analysis/fabric.py`) sizes every `fabric` block from its endpoint count,
rails, switch radix, oversubscription, topology and planes; docs/fabrics.md derives each formula
and reproduces NVIDIA's SuperPOD tables (tests/test_fabric_golden.py). Rules:
`dcdsl/rules/network.py`; worked examples below are tests in `tests/test_fabric.py`. Every
diagnostic points at the fabric block.
""",
)

network.code(
    "DC-NET-001",
    ERROR,
    "fabric larger than its tiers can hold",
    doc="""\
Formula: a folded Clos of t tiers reaches at most L_max = r_core·(r_spine/2)^(t−2) leaves
(two tiers: r_spine), i.e. L_max × d endpoints per plane: non-blocking r²/2 (two tiers) and r³/4
(three). Threshold: r = 64 (QM9700): 2,048 / 65,536; r = 144 (Q3400): 10,368 / 746,496. Source:
Al-Fares, Loukissas and Vahdat, "A Scalable, Commodity Data Center Network Architecture", SIGCOMM 2008 (k³/4 hosts); NVIDIA DGX SuperPOD reference architectures (compute-fabric tables). Worked example:
100,000 GPUs on QM9700, rail-optimised: 12,500 nodes in 391 SUs → 3,128 leaves > 2,048 =
64 × 32, so 100,000 > 65,536 → error. The help computes the ways out: a switch of ≥ 74 ports
(74³/4 = 101,306; Q3400 holds 746,496 in three tiers); `planes = 2` (⌈100,000/65,536⌉, 50,000
each); `oversubscription = 49:15` (⌈100,000/2,048 leaves⌉ = 49 ports down, 3.27:1); or
`tiers = 4` (r⁴/8 = 2,097,152).
""",
    failing="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 1 } }
fabric "compute" { topology = rail_optimized  endpoints = 100000  switch = qm9700 }
""",
    fixed="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 1 } }
fabric "compute" { topology = rail_optimized  endpoints = 100000  switch = qm9700  planes = 2 }
""",
)

network.code(
    "DC-NET-002",
    ERROR,
    "NIC speed differs from the switch port speed",
    doc="""\
Formula: nic_speed ≠ port_speed (NDR 400 Gb/s, XDR 800 Gb/s). NIC speed from the fabric's
`nic_speed`, its `nic` part, or the servers' `nic`/`nic_speed`; port speed from the switch part.
Source: NVIDIA Quantum-2 QM97xx user manual (64 × 400 Gb/s on 32 OSFP cages); NDR is 400 Gb/s, XDR 800 Gb/s. Example: DGX B300 (ConnectX-8, 800 Gb/s) on QM9700 (400 Gb/s) →
"the NICs run at 800 Gb/s but qm9700 ports run at 400 Gb/s".
""",
    failing="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_b300 * 3 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" { topology = rail_optimized  endpoints = H1.gpus  switch = qm9700 }
""",
    fixed="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_b300 * 3 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" { topology = rail_optimized  endpoints = H1.gpus  switch = q3400 }
""",
)

network.code(
    "DC-NET-003",
    WARNING,
    "oversubscription above the design's target",
    doc="""\
Formula: d/u > target, with d = ⌊r·o/(1+o)⌋ and u = r − d. Target: `oversubscription_target`;
compute fabrics default to 1:1 (the SuperPOD is a "full non-blocking fat tree", NVIDIA DGX SuperPOD reference architecture,
row 20); other kinds have no default. Example: 1,024 endpoints on QM9700 at 3:1: d = 48, u = 16,
22 leaves, 8 spines, bisection min(1,024, 352)/2 × 400 Gb/s = 70.4 Tb/s; the help shows 1:1
would take 32 leaves and 16 spines for 204.8 Tb/s.
""",
    failing="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" {
  topology         = leaf_spine
  endpoints        = 1024
  switch           = qm9700
  oversubscription = 3:1
}
""",
    fixed="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" {
  topology         = leaf_spine
  endpoints        = 1024
  switch           = qm9700
  oversubscription = 1:1
}
""",
)

network.code(
    "DC-NET-004",
    WARNING,
    "rails do not stay on one leaf",
    doc="""\
Formula: rail-optimised nodes_per_su > d (r/2 when non-blocking: 32 on QM9700, 72 on Q3400).
Source: NVIDIA DGX SuperPOD H100 and B300 reference architectures (rail-optimised SU). Example: `nodes_per_su = 40` on QM9700:
40 > 32 → each rail of an SU needs ⌈40/32⌉ = 2 leaves, and rail traffic crosses a spine.
""",
    failing="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" {
  topology     = rail_optimized
  endpoints    = H1.gpus
  switch       = qm9700
  nodes_per_su = 40
}
""",
    fixed="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" {
  topology     = rail_optimized
  endpoints    = H1.gpus
  switch       = qm9700
  nodes_per_su = 32
}
""",
)

network.code(
    "DC-NET-005",
    ERROR,
    "switch ports used over the radix",
    doc="""\
Formula: leaves: N + UFM > L·d; upper tiers: the busiest switch's cabled ports > r (past the size
limit, DC-NET-001 reports instead). Source: NVIDIA Quantum-2 QM97xx user manual (radix 64). Example: 4 full SUs (128 DGX,
1,024 GPUs) with `ufm = 4` and no reserved node: the 32 leaves have 32 × 32 = 1,024 downlinks
for 1,028 ports → error; the help says to give up a node slot (`reserved_nodes = 1`), which is
why NVIDIA's 4-SU table has 127 nodes.
""",
    failing="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 32 } }
fabric "compute" { topology = rail_optimized  endpoints = H1.gpus  switch = qm9700  ufm = 4 }
""",
    fixed="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 32 } }
fabric "compute" {
  topology       = rail_optimized
  endpoints      = H1.gpus
  switch         = qm9700
  ufm            = 4
  reserved_nodes = 1
}
""",
)

network.code(
    "DC-NET-006",
    ERROR,
    "fabric cannot be sized",
    doc="""\
No radix (no `switch` part with `ports`, no `ports` on the fabric), no `endpoints`, a selector
that counts nothing, or an unknown topology. Example: `fabric "compute" { topology = leaf_spine
endpoints = H1.gpus }` → "cannot be sized: no switch (the radix r)".
""",
    failing="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" { topology = leaf_spine  endpoints = H1.gpus }
""",
    fixed="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" { topology = leaf_spine  endpoints = H1.gpus  switch = qm9700 }
""",
)

network.code(
    "DC-NET-007",
    NOTE,
    "fabric power incomplete: a part has no power figure",
    doc="""\
A switch or switch-side transceiver without a power figure: switch parts need `power_max`; a
generic transceiver has the NVIDIA LinkX transceiver datasheet figures (17 W twin-port, 9 W single-port) only for
400 Gb/s ports. Example: 576 DGX B300 GPUs on Q3400 (the catalogue has no Q3400 power): 12
switches and 864 generic 2 × 800 Gb/s modules have no power → note; the fabric adds 0.0 kW.
""",
    failing="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_b300 * 3 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" { topology = rail_optimized  endpoints = H1.gpus  switch = q3400 }
""",
    fixed="""\
design "x" {}
import "std/nvidia"
rack_type r { height = 48 U  cooling = rear_door  device dgx_h100 * 4 }
hall "H1" { row "A" { rack r * 8 } }
fabric "compute" { topology = rail_optimized  endpoints = H1.gpus  switch = qm9700 }
""",
)

network.code(
    "DC-NET-008",
    NOTE,
    "fabric SVG skipped: the Graphviz `dot` program is missing",
    doc="""\
Raised by `dcc build`, not by a rule: Graphviz `dot` is missing (or failed), so
`fabric-<name>.dot` and `.json` are written and `fabric-<name>.svg` is not. Example: a build on
a machine without Graphviz → "fabric-compute.svg skipped: the Graphviz `dot` program is missing;
fabric-compute.dot is written"; `apt-get install graphviz` and build again.
""",
)

network.guide(
    "NVLink domains (`kind = nvlink`)",
    """\
A `fabric` with `kind = nvlink` counts the NVLink domains of the servers its `endpoints`
select, from the server part's `nvlink_domain` (GPUs per domain), `nvlink_links` (links per
GPU), `nvlink_switch_trays`, `nvlink_switch_chips` and `nvlink_switch_ports` (per chip).
Domains = GPUs / GPUs per domain; GPU links = GPUs × links per GPU; switch ports per domain =
chips × ports per chip; no cables or optics outside the rack (the NVLink spine is a copper
backplane), and the switch trays' power and price are inside the rack part. summary.json gives
`endpoints` (GPUs), `switches` (chips), `links`, `cables` 0, plus `domains`,
`gpus_per_domain`, `switch_trays`.

**An NVL72 rack worked by hand** (`tests/test_nvlink.py`; NVIDIA DGX SuperPOD GB200 reference
architecture, "Multi-node NVLink fabric"; DGX GB200 user guide): one `gb200_nvl72` = 72 GPUs in
**one** domain; 9 NVLink switch trays × 2 chips = **18 chips**; each GPU has 18 NVLink 5 links,
one to each chip: 72 × 18 = **1,296 GPU links**, 72 ports used on each chip (1,296 / 18), within
the 72 each chip has. `designs/gb200-nvl72-su.dc`: 8 racks = 8 domains, 576 GPUs, 144 chips.
""",
)

network.code(
    "DC-NET-009",
    ERROR,
    "NVLink domain needs more switch ports than its switch chips have",
    doc="""\
Formula: GPUs per domain × links per GPU > chips per domain × ports per chip. Example: a part
declaring `nvlink_domain = 144` with NVL72's 18 chips of 72 ports: 144 × 18 = 2,592 links
against 1,296 ports → error (an NVL144 domain needs twice the switch chips).
""",
    failing="""\
design "x" {}
import "std/nvidia"
part nvl144 { extends = gb200_nvl72  gpus = 144  nvlink_domain = 144 }
rack_type big { height = 48 U  cooling = direct_to_chip  device nvl144 }
hall "H1" { rack big }
fabric "nvlink" { kind = nvlink  endpoints = H1.gpus }
""",
    fixed="""\
design "x" {}
import "std/nvidia"
rack_type big { height = 48 U  cooling = direct_to_chip  device gb200_nvl72 }
hall "H1" { rack big }
fabric "nvlink" { kind = nvlink  endpoints = H1.gpus }
""",
)

network.code(
    "DC-NET-010",
    WARNING,
    "GPUs do not fill whole NVLink domains",
    doc="""\
Formula: GPUs mod GPUs per domain ≠ 0: the last domain is partial, so a job sized for full
domains does not fit it. Example: a server part of 8 GPUs declaring `nvlink_domain = 72`, 10
servers = 80 GPUs → 2 domains, the second with 8 of 72 GPUs → warning.
""",
    failing="""\
design "x" {}
part node8 { kind = server  gpus = 8  nvlink_domain = 72  power_max = 6 kW  height = 8 U }
rack_type r8 { height = 48 U  device node8 * 5 }
hall "H1" { rack r8 * 2 }
fabric "nvlink" { kind = nvlink  endpoints = H1.gpus }
""",
    fixed="""\
design "x" {}
part node8 { kind = server  gpus = 8  nvlink_domain = 8  power_max = 6 kW  height = 8 U }
rack_type r8 { height = 48 U  device node8 * 5 }
hall "H1" { rack r8 * 2 }
fabric "nvlink" { kind = nvlink  endpoints = H1.gpus }
""",
)
