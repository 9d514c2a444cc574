"""Benchmarks (`make bench`): parse + elaboration of flattened designs; check of the examples.

Prints wall time (best of N) and peak memory (tracemalloc) for each case. Figures go into
docs/performance.md by hand, with the machine they were taken on.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import flattened_design  # noqa: E402
from dcdsl.elaborate import elaborate_text  # noqa: E402
from dcdsl.pipeline import compile_file, compile_text  # noqa: E402
from dcdsl.syntax.parse import parse  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of the child processes it waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(label: str, fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    cpu = []
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), _cpu()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    best = min(times)
    print(
        f"{label:<48} best {best:7.3f} s   median {statistics.median(times):7.3f} s   "
        f"cpu {min(cpu):7.3f} s   peak {peak / 2**20:7.1f} MiB"
    )
    return best


def main() -> None:
    parse('design "warm" { }', "warm.dc")  # build the parser once, outside the timings
    for nodes in (1_000, 12_500):
        text = flattened_design(nodes)
        size = len(text.encode()) / 2**20
        timed(f"parse {nodes:,} node blocks ({size:.2f} MiB)", lambda t=text: parse(t, "flat.dc"))
        timed(
            f"parse + elaborate {nodes:,} node blocks",
            lambda t=text: elaborate_text(t, "flat.dc"),
        )
        timed(
            f"check (all analyses) {nodes:,} node blocks",
            lambda t=text: compile_text(t, "flat.dc"),
        )
    # The whole command as a user runs it: start-up, compile and the rendered diagnostics.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "flat.dc"
        path.write_text(flattened_design(12_500), encoding="utf-8")
        dcc = [sys.executable, "-m", "dcdsl.cli", "check", str(path)]
        timed(
            "dcc check (process, text output) 12,500 nodes",
            lambda: subprocess.run(dcc, capture_output=True, check=False),
            repeat=2,
        )
    for design in sorted((ROOT / "designs").glob("*.dc")):
        timed(f"dcc check {design.name}", lambda d=design: compile_file(d), repeat=3)
    build_sizes()
    netbox_export()


def netbox_export() -> None:
    """`dcc export netbox` of the 100,000-GPU example: rows streamed rack by rack."""
    from dcdsl.export.netbox_files import write_export
    from dcdsl.export.objects import object_sets

    compilation = compile_file(ROOT / "designs" / "ai-100k.dc")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "netbox"
        timed(
            "export netbox ai-100k.dc (after compiling it)",
            lambda: write_export(object_sets(compilation), out),
            repeat=1,
        )


BUILD_CASES = {
    "1,000,000 racks (32 M GPUs) in one hall": 'hall "H1" { rack r * 1000000 }',
    "312,500 racks (10 M GPUs) in 100 halls": 'hall "H001".."H100" { rack r * 3125 }',
}


def build_sizes() -> None:
    """`dcc build` of huge `* N` designs: time, and the bytes written (drawings are bounded)."""
    head = 'design "huge" { }\nimport "std/nvidia"\nrack_type r {\n  height = 48 U\n'
    head += "  device dgx_h100 * 4\n}\n"
    for label, halls in BUILD_CASES.items():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "huge.dc"
            path.write_text(head + halls + "\n", encoding="utf-8")
            out = Path(folder) / "out"
            dcc = [sys.executable, "-m", "dcdsl.cli", "build", str(path), "-o", str(out)]
            timed(
                f"dcc build {label}",
                lambda dcc=dcc: subprocess.run(dcc, capture_output=True, check=False),
                repeat=1,
            )
            total = sum(f.stat().st_size for f in out.iterdir())
            largest = max(out.iterdir(), key=lambda f: f.stat().st_size)
            print(
                f"{'':<48} wrote {total / 1e6:7.2f} MB in {len(list(out.iterdir()))} files, "
                f"largest {largest.name} {largest.stat().st_size / 1e6:.2f} MB"
            )


if __name__ == "__main__":
    main()
