"""Benchmarks (`make bench`): parse + elaboration of flattened designs; check of the examples.

Prints wall time (best of N), CPU time and peak memory (tracemalloc) for each case, and writes
them as a markdown table to build/bench-results.md (with the date, the machine and its load average),
from which docs/performance.md quotes its figures.
"""

from __future__ import annotations

import datetime
import gc
import os
import platform
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

from bench import flattened  # noqa: E402
from bench.generate import flattened_design  # noqa: E402
from dcdsl.elaborate import elaborate_text  # noqa: E402
from dcdsl.pipeline import compile_file, compile_text  # noqa: E402
from dcdsl.syntax.parse import parse  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of the child processes it waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


ROWS: list[tuple[str, float, float, float, float]] = []  # case, best, median, cpu, peak MiB


def timed(label: str, fn: Callable[[], object], repeat: int = 3, child: bool = False) -> float:
    """Time ``fn``; ``child``: it runs a process, whose memory tracemalloc does not see."""
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
    ROWS.append((label, best, statistics.median(times), min(cpu), -1.0 if child else peak / 2**20))
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
        time_check_process("dcc check (process, text output) 12,500 nodes", path, repeat=2)
    for design in sorted((ROOT / "designs").glob("*.dc")):
        timed(f"dcc check {design.name}", lambda d=design: compile_file(d), repeat=3)
    room = ROOT / "designs" / "enterprise-room.dc"
    time_check_process("dcc check enterprise-room.dc (process, start-up included)", room, 5)
    scaled_check()
    build_sizes()
    netbox_export()
    write_table(ROOT / "build" / "bench-results.md")
    flattened.main(["--repeat", "3"])  # its own section: build/bench-flattened.md


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


def time_check_process(label: str, design: Path, repeat: int) -> None:
    """`dcc check` as a user runs it: start-up, compile and the rendered diagnostics."""
    dcc = [sys.executable, "-m", "dcdsl.cli", "check", str(design)]
    timed(
        label,
        lambda: subprocess.run(dcc, capture_output=True, check=False),
        repeat=repeat,
        child=True,
    )


def scaled_check() -> None:
    """`dcc check` of designs/ai-100k.dc scaled to 5 halls × 200,000 racks (1,000,000 racks,
    the fabric sized from them): cabling over a million racks must stay near linear."""
    text = (ROOT / "designs" / "ai-100k.dc").read_text(encoding="utf-8")
    text = text.replace("let racks_per_hall = 625", "let racks_per_hall = 200000", 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ai-1m-racks.dc"
        path.write_text(text, encoding="utf-8")
        label = "dcc check ai-100k scaled to 1,000,000 racks in 5 halls (process)"
        time_check_process(label, path, repeat=2)


def write_table(path: Path) -> None:
    """The figures as a markdown table, with when and where they were taken."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "# Benchmark figures (written by `make bench`, bench/run.py)",
        "",
        f"Taken {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load} (1, 5, 15 min). Process cases include start-up; the CPU column is "
        "user + system time of the process and its children, which load on other cores "
        "disturbs least.",
        "",
        "| case | best (wall) | median (wall) | cpu | peak memory (in-process) |",
        "|---|---|---|---|---|",
    ]
    for label, best, median, cpu, peak in ROWS:
        memory = f"{peak:.1f} MiB" if peak >= 0 else "(not measured: a child process)"
        lines.append(f"| {label} | {best:.3f} s | {median:.3f} s | {cpu:.3f} s | {memory} |")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


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
                child=True,
            )
            total = sum(f.stat().st_size for f in out.iterdir())
            largest = max(out.iterdir(), key=lambda f: f.stat().st_size)
            print(
                f"{'':<48} wrote {total / 1e6:7.2f} MB in {len(list(out.iterdir()))} files, "
                f"largest {largest.name} {largest.stat().st_size / 1e6:.2f} MB"
            )


if __name__ == "__main__":
    main()
