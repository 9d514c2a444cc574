"""Codes of the workload section: one `workload.code(...)` entry per diagnostic id."""

from dcdsl.codes.registry import ERROR, NOTE, WARNING, Section

workload = Section(
    "Workloads (DC-WORK-…)",
    intro="""\
A `workload` block describes a training job; the workload stage (`dcdsl/analysis/workload.py`)
checks what it asks of the design's storage and GPU memory, and the rules in
`dcdsl/rules/workload.py` compare the figures with limits. Bytes are SI (1 TB = 10¹² B).

```
checkpoint size   C = params × bytes_per_param
write time        t = C / write bandwidth of the storage (`storage = …`, else all storage blocks)
stall share       t / checkpoint_every                   (a synchronous checkpoint stops training)
retained          C × checkpoints_retained (default 2)   ≤ storage capacity
data read         read_per_gpu × GPUs                    ≤ storage read bandwidth
state per GPU     C / shard_over (default: all GPUs)     ≤ memory_headroom × GPU memory
```

`bytes_per_param` is the training state a checkpoint holds: 2 B for bf16 weights only; 12–16 B
for mixed-precision Adam (fp32 master weights, momentum and variance = 12 B, plus bf16 weights
and gradients = 16 B: the "16Ψ" of ZeRO, Rajbhandari et al., SC 2020). GPUs are the workload's
`gpus`, else every GPU of the design. The GPU-memory check assumes the state is sharded over
`shard_over` GPUs (ZeRO-3 / FSDP full sharding by default) and counts no activations, buffers or
fragmentation, so the per-GPU figure is a lower bound.

**The checkpoint case worked by hand** (`tests/test_workload.py`): 1 T parameters × 16 B =
**16 TB**; at 40 GB/s of storage write bandwidth: 16,000 GB / 40 GB/s = **400 s**; the interval
is 10 min = 600 s, so a synchronous checkpoint stalls training for 400 / 600 = **66.7 %** of the
time, above the 10 % default → DC-WORK-001 warning. Two retained checkpoints need 32 TB.
""",
)

workload.code(
    "DC-WORK-001",
    WARNING,
    "checkpoint write takes longer than the workload allows",
    doc="""\
Formula: t = params × bytes_per_param / write bandwidth > allowed, where allowed is the
workload's `checkpoint_window`, else `checkpoint_overhead_max` × `checkpoint_every` (default
10 % [E]: a synchronous checkpoint stalls every GPU for t, so t / interval is training time
lost). Example: 1 T × 16 B = 16 TB at 40 GB/s = 400 s against 10 min → 66.7 % of the interval,
above 10 % (60 s) → warning; 320 GB/s would write it in 50 s and pass.
""",
    fix="raise the storage's `write` bandwidth, checkpoint less often, or write asynchronously "
    "and set `checkpoint_overhead_max`",
    failing="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 40 GB/s }
workload "train" { params = 1e12  bytes_per_param = 16  checkpoint_every = 10 min }
""",
    fixed="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 320 GB/s }
workload "train" { params = 1e12  bytes_per_param = 16  checkpoint_every = 10 min }
""",
)

workload.code(
    "DC-WORK-002",
    ERROR,
    "checkpoint write outlasts the checkpoint interval",
    doc="""\
Formula: t ≥ `checkpoint_every`: the next checkpoint is due before the last one is written, so
the job can never keep its checkpoint schedule. Example: 1.8 T parameters × 6 B = 10.8 TB at
4.2 GB/s = 2,571 s = 42.9 min against a 10 min interval → error (18 GB/s would write it in
exactly 10 min).
""",
    failing="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 4.2 GB/s }
workload "train" { params = 1.8e12  bytes_per_param = 6  checkpoint_every = 10 min }
""",
    fixed="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 320 GB/s }
workload "train" { params = 1.8e12  bytes_per_param = 6  checkpoint_every = 10 min }
""",
)

workload.code(
    "DC-WORK-003",
    ERROR,
    "storage cannot hold the retained checkpoints",
    doc="""\
Formula: C × `checkpoints_retained` (default 2: the last good checkpoint and the one being
written) > storage `capacity`. Example: 16 TB × 2 = 32 TB on a 20 TB file system → error.
""",
    failing="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 20 TB  read = 80 GB/s  write = 320 GB/s }
workload "train" { params = 1e12  bytes_per_param = 16  checkpoint_every = 10 min }
""",
    fixed="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 320 GB/s }
workload "train" { params = 1e12  bytes_per_param = 16  checkpoint_every = 10 min }
""",
)

workload.code(
    "DC-WORK-004",
    WARNING,
    "storage read bandwidth below what the data pipeline needs",
    doc="""\
Formula: `read_per_gpu` × GPUs > storage `read`. Example: 1,024 GPUs × 0.1 GB/s = 102.4 GB/s
against 80 GB/s of read → warning.
""",
    failing="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 320 GB/s }
workload "train" {
  params           = 1e12
  bytes_per_param  = 16
  checkpoint_every = 10 min
  read_per_gpu     = 1 GB/s
}
""",
    fixed="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 320 GB/s }
workload "train" {
  params           = 1e12
  bytes_per_param  = 16
  checkpoint_every = 10 min
  read_per_gpu     = 0.5 GB/s
}
""",
)

workload.code(
    "DC-WORK-005",
    ERROR,
    "training state does not fit in GPU memory",
    doc="""\
Formula: C / `shard_over` > GPU memory (error), or > `memory_headroom` × GPU memory (default
80 % [E], warning: activations and buffers need the rest). GPU memory is the smallest
`gpu_memory` among the design's servers (their `gpu` part's). Example: 70 B parameters × 16 B
= 1,120 GB sharded over 8 GPUs = 140 GB per GPU against an 80 GB H100 → error; over 16 GPUs
70 GB = 87.5 % → warning; over 64 GPUs 17.5 GB → passes.
""",
    failing="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 320 GB/s }
workload "train" { params = 200e9  bytes_per_param = 16  checkpoint_every = 10 min  shard_over = 8 }
""",
    fixed="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 320 GB/s }
workload "train" {
  params           = 200e9
  bytes_per_param  = 16
  checkpoint_every = 10 min
  shard_over       = 64
}
""",
)

workload.code(
    "DC-WORK-006",
    NOTE,
    "workload figures not checked: an input is missing",
    doc="""\
A check needs `params` and `bytes_per_param` (checkpoint size), a storage block with `write`
(write time), `capacity` (retention), `read` (data pipeline), or a server with `gpu_memory`;
the note says which checks were skipped and what to add. A `storage = name` that names no
storage block is reported here too.
""",
    failing="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 320 GB/s }
workload "train" { checkpoint_every = 10 min }
""",
    fixed="""\
design "x" {}
part gpu192 { kind = gpu  gpu_memory = 192 GB }
part node { kind = server  gpus = 8  gpu = gpu192  power_max = 7 kW  height = 8 U }
rack_type r { height = 48 U  device node * 4 }
hall "H1" { rack r * 4 }
storage "scratch" { capacity = 2 PB  read = 80 GB/s  write = 320 GB/s }
workload "train" { params = 1e12  bytes_per_param = 16  checkpoint_every = 10 min }
""",
)
