"""Workloads: what a training job asks of the design's storage and GPU memory.

For each `workload` block, from its `params`, `bytes_per_param`, `checkpoint_every` and the
storage it writes to (docs/checks.md, "Workloads"):

- checkpoint size C = params × bytes_per_param (2 B: bf16 weights only; 12–16 B: mixed-precision
  Adam with fp32 master weights and moments, the "16Ψ" of ZeRO, Rajbhandari et al. 2019);
- write time t = C / write bandwidth of the storage, against the checkpoint interval: a
  synchronous checkpoint stalls training for t, so t / interval is the share of GPU time lost;
- storage capacity for the retained checkpoints: C × `checkpoints_retained` (default 2: the
  last good one and the one being written) against the storage's capacity;
- data-pipeline read: `read_per_gpu` × GPUs against the storage's read bandwidth;
- GPU memory: the training state C sharded over `shard_over` GPUs (default: all the
  workload's GPUs, as ZeRO-3 / FSDP full sharding does) against one GPU's memory. Activations,
  buffers and fragmentation are not counted: the figure is a lower bound of what a GPU needs.

Units: bytes as SI (1 TB = 10¹² B), bandwidth in GB/s, time in seconds.
"""

from __future__ import annotations

import attrs

from dcdsl.analysis.results import Results
from dcdsl.model import Model, Part, Storage, Workload

DEFAULT_RETAINED = 2
DEFAULT_OVERHEAD_MAX = 0.10  # a checkpoint may stall training for at most 10 % of the interval [E]
DEFAULT_MEMORY_HEADROOM = 0.8  # training state above 80 % of GPU memory leaves too little room [E]


@attrs.frozen
class StorageFigures:
    """The storage a workload writes to: one block, or all blocks summed."""

    name: str
    capacity_tb: float | None
    read_gb_s: float | None
    write_gb_s: float | None
    storage: Storage | None = attrs.field(default=None, eq=False, repr=False)


@attrs.define
class WorkloadResult:
    workload: Workload
    gpus: int
    gpus_source: str
    params: float | None
    bytes_per_param: float | None
    checkpoint_tb: float | None = None
    interval_s: float | None = None
    storage: StorageFigures | None = None
    write_s: float | None = None
    write_allowed_s: float | None = None  # `checkpoint_window`, else overhead_max × interval
    write_allowed_source: str = ""
    overhead: float | None = None  # write time / interval
    retained: int = DEFAULT_RETAINED
    retained_tb: float | None = None
    read_per_gpu_gb_s: float | None = None
    read_need_gb_s: float | None = None
    shard_over: int | None = None
    state_per_gpu_gb: float | None = None
    gpu_memory_gb: float | None = None
    gpu_part: str | None = None
    memory_headroom: float = DEFAULT_MEMORY_HEADROOM

    @property
    def name(self) -> str:
        return self.workload.name


def _float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def storage_named(model: Model, workload: Workload) -> tuple[str | None, Storage | None]:
    """The name written in `storage = …` and the block it names (None when unknown)."""
    named = workload.storage
    if named is None:
        return None, None
    name = named
    return name, next((s for s in model.storage if s.name == name), None)


def storage_figures(model: Model, workload: Workload) -> StorageFigures | None:
    """The storage named by `storage = …`, else every storage block summed (one file system)."""
    name, block = storage_named(model, workload)
    blocks = ([block] if block is not None else []) if name is not None else list(model.storage)
    if not blocks:
        return None

    def total(figures: list[float | None]) -> float | None:
        values = [_float(v) for v in figures]
        return None if any(v is None for v in values) else sum(v or 0.0 for v in values)

    name = blocks[0].name if len(blocks) == 1 else " + ".join(b.name for b in blocks)
    return StorageFigures(
        name,
        total([b.capacity for b in blocks]),
        total([b.read for b in blocks]),
        total([b.write for b in blocks]),
        blocks[0] if len(blocks) == 1 else None,
    )


def _gpu_memory(results: Results) -> tuple[float | None, str | None]:
    """The smallest GPU memory among the design's servers (the binding one), in GB."""
    found: list[tuple[float, str]] = []
    for rack in results.load.racks if results.load is not None else []:
        for use in rack.group.all_contents():
            if use.part.kind != "server" or not rack.gpus:
                continue
            gpu = use.specs.gpu
            memory = _float(use.specs.gpu_memory)
            if memory is None and isinstance(gpu, Part):
                memory = _float(gpu.specs.gpu_memory)
            if memory is not None:
                name = gpu.name if isinstance(gpu, Part) else use.part.name
                found.append((memory, name))
    if not found:
        return None, None
    return min(found)


def analyse_workload(model: Model, results: Results, workload: Workload) -> WorkloadResult:
    stated_gpus = workload.gpus
    design_gpus = results.load.gpus if results.load is not None else 0
    if isinstance(stated_gpus, int) and stated_gpus > 0:
        gpus, gpus_source = stated_gpus, "the workload's `gpus`"
    else:
        gpus, gpus_source = design_gpus, "every GPU of the design"
    params = _float(workload.params)
    bpp = _float(workload.bytes_per_param)
    result = WorkloadResult(workload, gpus, gpus_source, params, bpp)
    if params is not None and bpp is not None:
        result.checkpoint_tb = params * bpp / 1e12
    result.interval_s = _float(workload.checkpoint_every)
    result.storage = storage_figures(model, workload)
    storage = result.storage

    if result.checkpoint_tb is not None and storage is not None and storage.write_gb_s:
        result.write_s = result.checkpoint_tb * 1000.0 / storage.write_gb_s
    window = _float(workload.checkpoint_window)
    overhead_max = _float(workload.checkpoint_overhead_max)
    if window is not None:
        result.write_allowed_s = window
        result.write_allowed_source = "the workload's `checkpoint_window`"
    elif result.interval_s:
        share = overhead_max if overhead_max is not None else DEFAULT_OVERHEAD_MAX
        result.write_allowed_s = share * result.interval_s
        result.write_allowed_source = f"{share * 100:g} % of the checkpoint interval" + (
            ", `checkpoint_overhead_max`" if overhead_max is not None else ", the default"
        )
    if result.write_s is not None and result.interval_s:
        result.overhead = result.write_s / result.interval_s

    retained = workload.checkpoints_retained
    result.retained = retained if isinstance(retained, int) and retained > 0 else DEFAULT_RETAINED
    if result.checkpoint_tb is not None:
        result.retained_tb = result.checkpoint_tb * result.retained

    result.read_per_gpu_gb_s = _float(workload.read_per_gpu)
    if result.read_per_gpu_gb_s is not None:
        result.read_need_gb_s = result.read_per_gpu_gb_s * gpus

    shard = workload.shard_over
    result.shard_over = shard if isinstance(shard, int) and shard > 0 else (gpus or None)
    if result.checkpoint_tb is not None and result.shard_over:
        result.state_per_gpu_gb = result.checkpoint_tb * 1000.0 / result.shard_over
    result.gpu_memory_gb, result.gpu_part = _gpu_memory(results)
    headroom = _float(workload.memory_headroom)
    if headroom is not None and 0 < headroom <= 1:
        result.memory_headroom = headroom
    return result


def analyse(model: Model, results: Results) -> None:
    results.workloads = [analyse_workload(model, results, w) for w in model.workloads]
