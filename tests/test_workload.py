"""Workload checks worked by hand (docs/checks.md, "Workloads"): checkpoint size and write time,
retention, data-pipeline reads, training state in GPU memory."""

from __future__ import annotations

import pytest

from dcdsl.diagnostics import Diagnostic
from dcdsl.pipeline import Compilation, compile_text

BASE = """
design "w" { }
part gpu80 {{ kind = gpu  gpu_memory = 80 GB }}
part node {{ kind = server  gpus = 8  gpu = gpu80  power_max = 10 kW  height = 8 U }}
rack_type r {{ height = 48 U  device node * 4 }}
hall "H1" {{ rack r * 32 }}
storage "scratch" {{ capacity = {capacity}  read = 80 GB/s  write = {write} }}
workload "train" {{ {workload} }}
"""


def compiled(workload: str, write: str = "40 GB/s", capacity: str = "2 PB") -> Compilation:
    text = BASE.replace("{{", "{").replace("}}", "}")
    text = text.replace("{capacity}", capacity).replace("{write}", write)
    text = text.replace("{workload}", workload)
    compilation = compile_text(text, "w.dc")
    assert compilation.model is not None, [d.message for d in compilation.diagnostics]
    assert not [d for d in compilation.diagnostics if d.code == "DC-INTERNAL-001"]
    return compilation


def found(c: Compilation, code: str) -> list[Diagnostic]:
    return [d for d in c.diagnostics if d.code == code]


GOLDEN = "params = 1e12  bytes_per_param = 16  checkpoint_every = 10 min"


def test_the_checkpoint_case_by_hand() -> None:
    c = compiled(GOLDEN)
    (w,) = c.results.workloads
    assert w.checkpoint_tb == pytest.approx(16.0)  # 1e12 × 16 B = 16 TB
    assert w.write_s == pytest.approx(400.0)  # 16,000 GB / 40 GB/s
    assert w.interval_s == pytest.approx(600.0)
    assert w.overhead == pytest.approx(400 / 600)
    assert w.write_allowed_s == pytest.approx(60.0)  # 10 % of 600 s
    assert w.retained_tb == pytest.approx(32.0)
    (d,) = found(c, "DC-WORK-001")
    assert d.severity.value == "warning"
    assert d.message == (
        'workload "train": a checkpoint of 1 T parameters × 16 B = 16 TB at 40 GB/s '
        '(storage "scratch") takes 400 s (6.7 min), 66.7 % of the 600 s (10 min) interval; '
        "allowed: 60 s (10 % of the checkpoint interval, the default)"
    )
    assert d.help is not None and "266.7 GB/s" in d.help  # 16,000 GB / 60 s
    assert not found(c, "DC-WORK-002") and not found(c, "DC-WORK-003")


def test_fast_storage_or_a_window_passes() -> None:
    assert not found(compiled(GOLDEN, write="320 GB/s"), "DC-WORK-001")  # 50 s ≤ 60 s
    assert not found(compiled(GOLDEN + "  checkpoint_window = 7 min"), "DC-WORK-001")


def test_write_longer_than_the_interval_is_an_error() -> None:
    # 1.8 T × 6 B = 10.8 TB at 4.2 GB/s = 2,571 s = 42.9 min > 10 min
    c = compiled(
        "params = 1.8e12  bytes_per_param = 6  checkpoint_every = 10 min", write="4.2 GB/s"
    )
    (w,) = c.results.workloads
    assert w.write_s == pytest.approx(10_800 / 4.2)
    (d,) = found(c, "DC-WORK-002")
    assert "takes 2,571 s (42.9 min), longer than the 600 s (10 min) checkpoint interval" in (
        d.message
    )
    assert not found(c, "DC-WORK-001")


def test_retention_over_capacity() -> None:
    (d,) = found(compiled(GOLDEN, capacity="20 TB"), "DC-WORK-003")
    assert d.message == (
        'workload "train" keeps 2 checkpoints of 16 TB = 32 TB; storage "scratch" holds 20 TB'
    )


def test_data_pipeline_read() -> None:
    # 32 racks × 4 × 8 = 1,024 GPUs × 0.1 GB/s = 102.4 GB/s > 80 GB/s
    (d,) = found(compiled("read_per_gpu = 0.1 GB/s"), "DC-WORK-004")
    assert "1,024 GPUs × 0.1 GB/s = 102.4 GB/s of data reads" in d.message
    assert not found(compiled("read_per_gpu = 0.05 GB/s"), "DC-WORK-004")


@pytest.mark.parametrize(
    ("shard", "severity", "per_gpu_gb"),
    [(8, "error", 140.0), (16, "warning", 70.0), (64, None, 17.5)],
)
def test_gpu_memory_with_the_sharding_stated(
    shard: int, severity: str | None, per_gpu_gb: float
) -> None:
    # 70 B × 16 B = 1,120 GB of training state over `shard` GPUs against 80 GB
    c = compiled(f"params = 70e9  bytes_per_param = 16  shard_over = {shard}")
    (w,) = c.results.workloads
    assert w.state_per_gpu_gb == pytest.approx(per_gpu_gb)
    assert w.gpu_memory_gb == 80.0
    diagnostics = found(c, "DC-WORK-005")
    if severity is None:
        assert not diagnostics
    else:
        (d,) = diagnostics
        assert d.severity.value == severity
        assert "ZeRO-3 / FSDP" in d.notes[0]


def test_missing_inputs_are_said() -> None:
    (d,) = found(compiled("checkpoint_every = 10 min  storage = nowhere"), "DC-WORK-006")
    assert '`storage = nowhere` names no storage block (blocks: "scratch")' in d.message
    assert "checkpoint size: needs `params` and `bytes_per_param`" in d.message
