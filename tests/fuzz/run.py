"""`make fuzz`: the fuzz suite's generators in a long loop over numbered cases, with a report.

    python -m tests.fuzz.run --cases 100000 [--first 0] [--deadline 20] [--jobs 2] [--out build/fuzz]

Case N is fully determined by its number (``generate.project`` / ``generate.mutant`` with
``random.Random(N)``), so a failure reproduces with ``--first N --cases 1``. Each case runs
`dcc check --format json` in-process (one in ten as SARIF) under a per-case deadline, in worker
processes limited to 4 GiB of address space each. Failing cases are written to ``OUT/crashers/case-N/``
(add them to ``tests/fuzz/corpus/`` once fixed). Each chunk of cases leaves its tally in
``OUT/chunks/``: the same command run again after an interruption carries on where it stopped. The report (stdout and ``OUT/report.json``)
gives the counts of cases, tracebacks, hangs and other failures, the slowest case and the peak
memory.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import random
import resource
import shlex
import sys
import time
from collections import Counter
from pathlib import Path

import attrs

from tests.fuzz.generate import encode, mutant, project
from tests.fuzz.harness import check_case, peak_memory_mib, std_parsed_once, write_project

CRASH_WORDS = ("exception escaped", "exit code", "traceback", "internal error")


def kind_of(problems: list[str]) -> str:
    if any(p.startswith("hang") for p in problems):
        return "hangs"
    if any(p.startswith(CRASH_WORDS) for p in problems):
        return "tracebacks"
    return "other failures"  # output that does not parse, a diagnostic outside its file


def case_files(seed: int) -> tuple[str, dict[str, bytes]]:
    r = random.Random(seed)
    if seed % 2 == 0:
        return "generated", encode(project(r))
    return "damaged", mutant(r)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--first", type=int, default=0, help="first case number")
    parser.add_argument("--deadline", type=float, default=20.0, help="seconds per case")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--out", type=Path, default=Path("build/fuzz"))
    args = parser.parse_args(argv)
    four_gib = 4 * 1024**3  # per process: a runaway allocation is a MemoryError, not the OOM killer
    resource.setrlimit(resource.RLIMIT_AS, (four_gib, four_gib))

    started = time.time()
    chunks = [
        Chunk(first, min(CHUNK, args.first + args.cases - first), args.deadline, args.out)
        for first in range(args.first, args.first + args.cases, CHUNK)
    ]
    total = Tally()
    # A chunk done by an earlier, interrupted run of the same command is read back, not redone.
    done = [c for c in chunks if c.tally_path.exists()]
    for chunk in done:
        total.add(Tally.load(chunk.tally_path))
    todo = [c for c in chunks if c not in done]
    with multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=20) as pool:
        for tally in pool.imap_unordered(run_chunk, todo):
            total.add(tally)
            rate = tally.counts["cases"] * args.jobs / max(tally.seconds, 1e-9)
            print(f"{total.counts['cases']} cases, {rate:.0f}/s, {dict(total.counts)}", flush=True)

    command = [
        sys.executable,
        "-m",
        "tests.fuzz.run",
        *(argv if argv is not None else sys.argv[1:]),
    ]
    report = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": shlex.join(command),
        "cases": total.counts["cases"],
        "generated": total.counts["generated"],
        "damaged": total.counts["damaged"],
        "tracebacks": total.counts["tracebacks"],
        "hangs": total.counts["hangs"],
        "other_failures": total.counts["other failures"],
        "slowest_case_s": round(total.slowest[0], 2),
        "slowest_case": total.slowest[1],
        "peak_memory_mib": round(total.peak_mib),
        "wall_time_s": round(time.time() - started),
        "cpu_time_s": round(total.seconds),
        "deadline_s": args.deadline,
        "jobs": args.jobs,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    failed = report["tracebacks"] or report["hangs"] or report["other_failures"]
    return 1 if failed else 0


CHUNK = 500


@attrs.frozen
class Chunk:
    first: int
    count: int
    deadline: float
    out: Path

    @property
    def tally_path(self) -> Path:
        return self.out / "chunks" / f"{self.first}-{self.count}.json"


@attrs.define
class Tally:
    counts: Counter[str] = attrs.Factory(Counter)
    slowest: tuple[float, int] = (0.0, -1)
    peak_mib: float = 0.0
    seconds: float = 0.0  # time spent checking cases

    def add(self, other: Tally) -> None:
        self.counts.update(other.counts)
        self.slowest = max(self.slowest, other.slowest)
        self.peak_mib = max(self.peak_mib, other.peak_mib)
        self.seconds += other.seconds

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fields = {"counts": dict(self.counts), "slowest": list(self.slowest)}
        fields |= {"peak_mib": self.peak_mib, "seconds": self.seconds}
        path.write_text(json.dumps(fields))

    @classmethod
    def load(cls, path: Path) -> Tally:
        fields = json.loads(path.read_text())
        slowest = (float(fields["slowest"][0]), int(fields["slowest"][1]))
        return cls(Counter(fields["counts"]), slowest, fields["peak_mib"], fields["seconds"])


def run_chunk(chunk: Chunk) -> Tally:
    """Cases ``chunk.first`` … in this worker process."""
    tally = Tally()
    started = time.perf_counter()
    with std_parsed_once():
        for seed in range(chunk.first, chunk.first + chunk.count):
            origin, files = case_files(seed)
            outcome = check_case(files, "sarif" if seed % 10 == 9 else "json", chunk.deadline)
            tally.counts["cases"] += 1
            tally.counts[origin] += 1
            tally.slowest = max(tally.slowest, (outcome.seconds, seed))
            if outcome.problems:
                tally.counts[kind_of(outcome.problems)] += 1
                folder = chunk.out / "crashers" / f"case-{seed}"
                folder.mkdir(parents=True, exist_ok=True)
                write_project(folder, files)
                (folder / "problems.txt").write_text("\n".join(outcome.problems) + "\n")
                print(f"case {seed}: {outcome.problems[0][:200]}", flush=True)
    tally.peak_mib = peak_memory_mib()  # this worker's peak resident memory
    tally.seconds = time.perf_counter() - started
    tally.save(chunk.tally_path)
    return tally


if __name__ == "__main__":
    sys.exit(main())
