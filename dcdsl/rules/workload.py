"""Workload rules (DC-WORK-001…006): checkpoint write time and retention, data-pipeline reads,
training state in GPU memory. The figures come from ``results.workloads``
(dcdsl.analysis.workload); docs/checks.md has each formula and a worked example.
"""

from __future__ import annotations

from collections.abc import Iterator

from dcdsl.analysis.results import Results
from dcdsl.analysis.workload import WorkloadResult, storage_named
from dcdsl.diagnostics import Diagnostic, error, note, warning
from dcdsl.model import Model
from dcdsl.number_format import number as format_number
from dcdsl.rules.registry import rule

WRITE_SLOW = "DC-WORK-001"
WRITE_OVER_INTERVAL = "DC-WORK-002"
RETENTION = "DC-WORK-003"
READ = "DC-WORK-004"
GPU_MEMORY = "DC-WORK-005"
NOT_CHECKED = "DC-WORK-006"


def _results(results: Results) -> list[WorkloadResult]:
    found = results.workloads
    return [w for w in found if isinstance(w, WorkloadResult)]


def _n(value: float, digits: int = 1) -> str:
    return format_number(value, digits)


def seconds(value: float) -> str:
    if value >= 120:
        return f"{_n(value, 0)} s ({_n(value / 60, 1)} min)"
    return f"{_n(value, 1)} s"


def tb(value: float) -> str:
    return f"{_n(value, 2)} TB" if value < 1000 else f"{_n(value / 1000, 2)} PB"


def params_text(params: float) -> str:
    """1 T, 70 B, 350 M parameters (short scale, as model sizes are quoted)."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if params >= scale:
            return f"{_n(params / scale, 2)} {suffix} parameters"
    return f"{_n(params, 0)} parameters"


def _size_text(w: WorkloadResult) -> str:
    assert w.params is not None and w.bytes_per_param is not None and w.checkpoint_tb is not None
    return f"{params_text(w.params)} × {_n(w.bytes_per_param, 1)} B = {tb(w.checkpoint_tb)}"


def _write_text(w: WorkloadResult) -> str:
    assert w.storage is not None and w.storage.write_gb_s and w.write_s is not None
    return (
        f'{_size_text(w)} at {_n(w.storage.write_gb_s, 1)} GB/s (storage "{w.storage.name}") '
        f"takes {seconds(w.write_s)}"
    )


@rule(WRITE_SLOW)
def check_write_slow(model: Model, results: Results) -> Iterator[Diagnostic]:
    for w in _results(results):
        if w.write_s is None or w.write_allowed_s is None or w.interval_s is None:
            continue
        if w.write_s <= w.write_allowed_s or w.write_s >= w.interval_s:
            continue  # within what is allowed, or past the interval (DC-WORK-002)
        assert w.storage is not None and w.storage.write_gb_s and w.checkpoint_tb is not None
        needed = w.checkpoint_tb * 1000.0 / w.write_allowed_s
        yield warning(
            WRITE_SLOW,
            f'workload "{w.name}": a checkpoint of {_write_text(w)}, '
            f"{_n(100 * (w.overhead or 0.0), 1)} % of the {seconds(w.interval_s)} interval; "
            f"allowed: {seconds(w.write_allowed_s)} ({w.write_allowed_source})",
            w.workload.span,
            notes=[
                "a synchronous checkpoint stalls every GPU while it writes: that share of "
                "training time is lost"
            ],
            help=f"give the storage at least {_n(needed, 1)} GB/s of `write`, checkpoint less "
            "often, or write asynchronously and raise `checkpoint_overhead_max`",
        )


@rule(WRITE_OVER_INTERVAL)
def check_write_over_interval(model: Model, results: Results) -> Iterator[Diagnostic]:
    for w in _results(results):
        if w.write_s is None or w.interval_s is None or w.write_s < w.interval_s:
            continue
        assert w.checkpoint_tb is not None
        needed = w.checkpoint_tb * 1000.0 / w.interval_s
        yield error(
            WRITE_OVER_INTERVAL,
            f'workload "{w.name}": a checkpoint of {_write_text(w)}, longer than the '
            f"{seconds(w.interval_s)} checkpoint interval; the next checkpoint is due before "
            "this one is written",
            w.workload.span,
            help=f"the storage needs more than {_n(needed, 1)} GB/s of `write` just to keep up "
            "(and far more to keep the stall short), or a longer `checkpoint_every`",
        )


@rule(RETENTION)
def check_retention(model: Model, results: Results) -> Iterator[Diagnostic]:
    for w in _results(results):
        storage = w.storage
        if w.retained_tb is None or storage is None or storage.capacity_tb is None:
            continue
        if w.retained_tb <= storage.capacity_tb:
            continue
        assert w.checkpoint_tb is not None
        yield error(
            RETENTION,
            f'workload "{w.name}" keeps {w.retained} checkpoints of {tb(w.checkpoint_tb)} = '
            f'{tb(w.retained_tb)}; storage "{storage.name}" holds {tb(storage.capacity_tb)}',
            w.workload.span,
            notes=["the training data and everything else on the storage need room too"],
            help="add storage capacity, or keep fewer checkpoints (`checkpoints_retained`)",
        )


@rule(READ)
def check_read(model: Model, results: Results) -> Iterator[Diagnostic]:
    for w in _results(results):
        storage = w.storage
        if w.read_need_gb_s is None or storage is None or storage.read_gb_s is None:
            continue
        if w.read_need_gb_s <= storage.read_gb_s:
            continue
        assert w.read_per_gpu_gb_s is not None
        yield warning(
            READ,
            f'workload "{w.name}": {w.gpus:,} GPUs × {_n(w.read_per_gpu_gb_s, 3)} GB/s = '
            f'{_n(w.read_need_gb_s, 1)} GB/s of data reads; storage "{storage.name}" reads '
            f"{_n(storage.read_gb_s, 1)} GB/s",
            w.workload.span,
            notes=[f"GPUs: {w.gpus_source}"],
            help="raise the storage's `read` bandwidth, or cache the data set on local NVMe",
        )


@rule(GPU_MEMORY)
def check_gpu_memory(model: Model, results: Results) -> Iterator[Diagnostic]:
    for w in _results(results):
        need, have = w.state_per_gpu_gb, w.gpu_memory_gb
        if need is None or have is None or need <= w.memory_headroom * have:
            continue
        assert w.checkpoint_tb is not None and w.shard_over is not None
        text = (
            f'workload "{w.name}": training state of {_size_text(w)} sharded over '
            f"{w.shard_over:,} GPUs is {_n(need, 1)} GB per GPU; {w.gpu_part} has "
            f"{_n(have, 1)} GB"
        )
        notes = [
            "sharding assumption: the whole state split evenly over `shard_over` GPUs "
            "(ZeRO-3 / FSDP full sharding); activations, buffers and fragmentation are not "
            "counted, so the real need is higher"
        ]
        shards_needed = int(-(-w.checkpoint_tb * 1000.0 // (w.memory_headroom * have)))
        fix = f"shard over at least {shards_needed:,} GPUs (`shard_over`), or use GPUs with more memory"
        if need > have:
            yield error(GPU_MEMORY, text, w.workload.span, notes=notes, help=fix)
        else:
            yield warning(
                GPU_MEMORY,
                f"{text}: {_n(100 * need / have, 1)} %, above the "
                f"{_n(100 * w.memory_headroom, 0)} % that leaves room for activations",
                w.workload.span,
                notes=notes,
                help=fix,
            )


@rule(NOT_CHECKED)
def check_not_checked(model: Model, results: Results) -> Iterator[Diagnostic]:
    for w in _results(results):
        name, block = storage_named(model, w.workload)
        skipped: list[str] = []
        if name is not None and block is None:
            known = ", ".join(f'"{s.name}"' for s in model.storage) or "none"
            skipped.append(f"`storage = {name}` names no storage block (blocks: {known})")
        if w.checkpoint_tb is None:
            skipped.append("checkpoint size: needs `params` and `bytes_per_param`")
        elif w.storage is None:
            skipped.append("checkpoint write and retention: the design has no storage block")
        else:
            if w.interval_s is not None and not w.storage.write_gb_s:
                skipped.append("checkpoint write time: the storage states no `write` bandwidth")
            if w.storage.capacity_tb is None:
                skipped.append("checkpoint retention: the storage states no `capacity`")
        if w.read_per_gpu_gb_s is not None and (w.storage is None or w.storage.read_gb_s is None):
            skipped.append("data-pipeline read: the storage states no `read` bandwidth")
        if w.checkpoint_tb is not None and w.gpu_memory_gb is None:
            skipped.append("GPU memory: no server states `gpu_memory` (or a `gpu` part with it)")
        if not skipped:
            continue
        yield note(
            NOT_CHECKED,
            f'workload "{w.name}": not checked — ' + "; ".join(skipped),
            w.workload.span,
            help="add the missing figures to the workload or the storage block",
        )
