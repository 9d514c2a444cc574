"""Issue 19's targets for whole `dcc` processes, each figure beside its target (`make bench`).

- `dcc check --format json` (and `sarif`) within 1.2× the text output's time, on
  designs/seed-100k.dc, designs/ai-100k.dc and the 12,500- and 125,000-node flattened designs
  (bench/generate.py; thousands of diagnostics);
- `dcc build` within 1.5× `dcc check` on designs/seed-100k.dc;
- 10,000,000 GPUs in template form (designs/ai-100k.dc with `let racks_per_hall = 62500`:
  5 halls × 62,500 racks × 4 nodes × 8 GPUs): check ≤ 5 s, build ≤ 15 s, ≤ 1 GiB peak RSS, all
  outputs together ≤ 20 MB;
- 1,000,000 racks in 5 halls with the fabric generated from them (ai-100k with 200,000 racks
  a hall): check ≤ 10 s;
- `dcc check designs/enterprise-room.dc` ≤ 0.3 s, the whole process (start-up included).

Runs of the cases compared are interleaved (bench/processes.py: byte code cached). A ratio is
taken of CPU times (user + system), which load on the other core disturbs least. A time
against a ceiling is judged by its wall time on a quiet machine and by its CPU time on a loaded
one (the table says which).

    .venv/bin/python bench/run.py --only targets [--quick]

bench/run.py runs this module as its own small process (`python -m bench.targets`): a child's
peak RSS as the kernel reports it (`ru_maxrss`) starts from its parent's peak when the child was
started (Linux's vfork + exec), and bench/run.py's own peak is that of the in-process figures.
For the same reason the flattened designs are written by a `bench/generate.py` process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.processes import DCC, Run, interleaved, is_loaded  # noqa: E402

DESIGNS = ROOT / "designs"
FORMATS = ("text", "json", "sarif")
BIG_FILE = ["--limit", "file_size=1e8"]  # a 125,000-node design is 12 MB, over the 8 MiB default


@attrs.frozen
class Case:
    """Medians of one command's runs."""

    label: str
    runs: tuple[Run, ...]

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def rss(self) -> float:
        return max(r.rss_mib for r in self.runs)


@attrs.frozen
class Verdict:
    """One target: what was measured against what it should be."""

    target: str
    figure: str
    met: bool


@attrs.define
class Results:
    cases: list[Case] = attrs.Factory(list)
    verdicts: list[Verdict] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)

    def measure(self, commands: Mapping[str, Sequence[str]], repeat: int) -> list[Case]:
        runs = interleaved(commands, repeat)
        cases = [Case(label, tuple(done)) for label, done in runs.items()]
        for case in cases:
            failed = [r.code for r in case.runs if r.code not in (0, 1)]
            if failed:  # 0 and 1 are a finished check (1: the design has errors)
                self.notes.append(
                    f"- **{case.label} failed** (exit {failed[0]}): its figure is not valid."
                )
            self.cases.append(case)
            print(
                f"{case.label:<60} cpu {case.cpu:6.2f} s  wall {case.wall:6.2f} s  "
                f"peak {case.rss:6.0f} MiB  ({len(case.runs)} runs)",
                file=sys.stderr,
            )
        return cases


def _scaled(folder: Path, racks_per_hall: int) -> Path:
    """designs/ai-100k.dc with another `racks_per_hall`: the fabric, power and cooling follow."""
    text = (DESIGNS / "ai-100k.dc").read_text(encoding="utf-8")
    scaled, count = re.subn(
        r"^let racks_per_hall = \d+", f"let racks_per_hall = {racks_per_hall}", text, flags=re.M
    )
    assert count == 1, "designs/ai-100k.dc no longer has `let racks_per_hall = …`"
    path = folder / f"ai-{racks_per_hall}-racks-a-hall.dc"
    path.write_text(scaled, encoding="utf-8")
    return path


def _ratio(results: Results, target: str, over: Case, base: Case, limit: float) -> None:
    ratio = over.cpu / base.cpu
    figure = f"{ratio:.2f}× in CPU time ({over.cpu:.2f} s ÷ {base.cpu:.2f} s; wall {over.wall / base.wall:.2f}×)"
    results.verdicts.append(Verdict(f"{target} ≤ {limit}×", figure, ratio <= limit))


def _ceiling(results: Results, target: str, case: Case, limit_s: float, loaded: bool) -> None:
    seconds, basis = (case.cpu, "CPU") if loaded else (case.wall, "wall")
    figure = f"{seconds:.2f} s {basis} (cpu {case.cpu:.2f} s, wall {case.wall:.2f} s)"
    results.verdicts.append(Verdict(f"{target} ≤ {limit_s:g} s", figure, seconds <= limit_s))


def formats(results: Results, folder: Path, quick: bool) -> None:
    """(a) check's JSON and SARIF output against its text output, at every size."""
    flat = {}
    for nodes in (12_500, 125_000):
        flat[nodes] = folder / f"flat-{nodes}.dc"
        with flat[nodes].open("wb") as out:
            generate = [sys.executable, str(ROOT / "bench" / "generate.py"), str(nodes)]
            subprocess.run(generate, stdout=out, check=True)
    designs = [
        ("seed-100k.dc", DESIGNS / "seed-100k.dc", 3 if quick else 5),
        ("ai-100k.dc", DESIGNS / "ai-100k.dc", 3 if quick else 5),
        ("flattened, 12,500 nodes", flat[12_500], 2 if quick else 3),
        ("flattened, 125,000 nodes", flat[125_000], 1 if quick else 2),
    ]
    for name, path, repeat in designs:
        commands = {
            f"dcc check --format {fmt} {name}": [
                *DCC,
                "check",
                str(path),
                *BIG_FILE,
                "--format",
                fmt,
            ]
            for fmt in FORMATS
        }
        text, *others = results.measure(commands, repeat)
        for fmt, case in zip(FORMATS[1:], others, strict=True):
            _ratio(results, f"check --format {fmt} ÷ text, {name}", case, text, 1.2)


def build_ratio(results: Results, folder: Path, quick: bool) -> None:
    """(b) `dcc build` against `dcc check` on designs/seed-100k.dc."""
    design = str(DESIGNS / "seed-100k.dc")
    commands = {
        "dcc check seed-100k.dc": [*DCC, "check", design],
        "dcc build seed-100k.dc": [*DCC, "build", design, "-o", str(folder / "seed-build")],
    }
    check, build = results.measure(commands, 3 if quick else 5)
    _ratio(results, "build ÷ check, seed-100k.dc", build, check, 1.5)


def _outputs(out: Path) -> str:
    files = [f for f in out.iterdir() if f.is_file()]
    total = sum(f.stat().st_size for f in files)
    largest = max(files, key=lambda f: f.stat().st_size)
    plans = sorted(out.glob("floorplan-*.svg"))
    drawn = max((p.read_text(encoding="utf-8").count("<rect") for p in plans), default=0)
    return (
        f"{total / 1e6:.2f} MB in {len(files)} files (largest {largest.name}, "
        f"{largest.stat().st_size / 1e6:.2f} MB; each floor plan at most {drawn:,} rectangles)"
    )


def ten_million(results: Results, folder: Path, quick: bool, loaded: bool) -> None:
    """(c) 10,000,000 GPUs written with templates: check, build, memory and output size."""
    design = str(_scaled(folder, 62_500))
    out = folder / "ten-million"
    check, build = results.measure(
        {
            "dcc check, 10,000,000 GPUs (312,500 racks)": [*DCC, "check", design],
            "dcc build, 10,000,000 GPUs (312,500 racks)": [*DCC, "build", design, "-o", str(out)],
        },
        2 if quick else 3,
    )
    _ceiling(results, "check, 10,000,000 GPUs", check, 5.0, loaded)
    _ceiling(results, "build, 10,000,000 GPUs", build, 15.0, loaded)
    peak = max(check.rss, build.rss)
    results.verdicts.append(
        Verdict("peak RSS, 10,000,000 GPUs ≤ 1 GiB", f"{peak:.0f} MiB (build)", peak <= 1024)
    )
    total = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    results.verdicts.append(
        Verdict("all outputs of the build, 10,000,000 GPUs ≤ 20 MB", _outputs(out), total <= 20e6)
    )


def million_racks(results: Results, folder: Path, quick: bool, loaded: bool) -> None:
    """(d) 1,000,000 racks in 5 halls, the fabric generated from them."""
    design = str(_scaled(folder, 200_000))
    (check,) = results.measure(
        {"dcc check, 1,000,000 racks in 5 halls": [*DCC, "check", design]}, 2 if quick else 3
    )
    _ceiling(results, "check, 1,000,000 racks in 5 halls", check, 10.0, loaded)


def startup(results: Results, quick: bool, loaded: bool) -> None:
    """(e) a small design checked by a whole process: start-up is most of it."""
    design = str(DESIGNS / "enterprise-room.dc")
    (check,) = results.measure(
        {"dcc check enterprise-room.dc (whole process)": [*DCC, "check", design]},
        5 if quick else 11,
    )
    _ceiling(results, "check enterprise-room.dc, whole process", check, 0.3, loaded)


def run_all(quick: bool, loaded: bool) -> Results:
    results = Results()
    with tempfile.TemporaryDirectory(prefix="dcc-targets-") as scratch:
        folder = Path(scratch)
        startup(results, quick, loaded)
        build_ratio(results, folder, quick)
        million_racks(results, folder, quick, loaded)
        ten_million(results, folder, quick, loaded)
        formats(results, folder, quick)
    return results


def markdown(results: Results) -> list[str]:
    """The targets with their figures, then every case's medians."""
    lines = ["| target | measured | |", "|---|---|---|"]
    for verdict in results.verdicts:
        lines.append(
            f"| {verdict.target} | {verdict.figure} | {'met' if verdict.met else '**not met**'} |"
        )
    lines += [
        "",
        "| case | runs | cpu (median) | wall (median) | peak RSS |",
        "|---|---|---|---|---|",
    ]
    for case in results.cases:
        lines.append(
            f"| {case.label} | {len(case.runs)} | {case.cpu:.2f} s | {case.wall:.2f} s | "
            f"{case.rss:.0f} MiB |"
        )
    return [*lines, *(["", *results.notes] if results.notes else [])]


def main() -> None:
    """Run every target and print the markdown lines as one JSON list (for bench/run.py)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="fewer repeats (noisier figures)")
    quick = options.parse_args().quick
    loaded = is_loaded(os.getloadavg()[0])
    print(json.dumps(markdown(run_all(quick, loaded))))


def run_in_process(quick: bool) -> list[str]:
    """This module as its own process (see above: peak RSS); its progress goes to stderr."""
    command = [sys.executable, "-m", "bench.targets", *(["--quick"] if quick else [])]
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, check=True, text=True)
    lines: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return lines


if __name__ == "__main__":
    main()
