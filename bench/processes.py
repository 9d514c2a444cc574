"""Timing whole `dcc` processes as a user runs them: CPU time, wall time, peak resident set.

The processes run with the environment of this one minus ``PYTHONDONTWRITEBYTECODE``: an
installed package has its byte code cached, and with that variable set (as it is in some
shells and containers) every `dcc` process compiles dcdsl's sources again, about 0.1 s of a
small check that no user pays.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

# What the timed processes see: byte code cached, as for an installed package.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
ENV_NOTE = (
    "Every timed `dcc` process runs with `PYTHONDONTWRITEBYTECODE` unset (byte code cached, as "
    "for an installed package)."
)
DCC = [sys.executable, "-m", "dcdsl.cli"]


def is_loaded(load_average: float) -> bool:
    """Whether other work shared the cores: the bench keeps about one core busy itself, so it
    adds about 1 to the load average; other work keeping a quarter of the cores busy is load."""
    return load_average - 1.0 >= (os.cpu_count() or 1) / 4


@attrs.frozen
class Run:
    """One run of a process: CPU seconds (user + system), wall seconds, peak RSS in MiB."""

    cpu: float
    wall: float
    rss_mib: float
    code: int


def run(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``command`` to its end, its output discarded; its own resource usage (wait4)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        list(command),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
        cwd=cwd,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, child.returncode)


def interleaved(commands: Mapping[str, Sequence[str]], repeat: int) -> dict[str, list[Run]]:
    """Each command ``repeat`` times, taking turns, so that a change of load falls on all."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(run(command))
    return runs
