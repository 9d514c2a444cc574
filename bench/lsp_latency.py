"""How long `dcc lsp` takes from a change notification to published diagnostics.

Starts `dcc lsp` as a subprocess over stdio (as an editor does) and opens, one at a time, a
5,000-line design written with templates (parts, rack types, halls of rows), a 5,000-line
flattened design (one block per node, `bench/generate.py`) and a real design that imports the
standard library. In each it types a letter into a part or rack-type reference on the first and
on the last line that has one (an error: the name is unknown) and deletes it again (the full
analysis runs), and times each `textDocument/didChange` → `textDocument/publishDiagnostics` of
that version: wall time as the client sees it, and the server process's CPU time (from
/proc/<pid>/stat, 10 ms ticks). Any debounce is part of the figure, since the user waits for it
too. For comparison, a whole compile of the same text (no cache) and a full garbage collection
with it in memory are timed in this process (CPU time): the server collects only after a pause
in typing, so an edit waits for a collection only when it arrives during one.

    .venv/bin/python bench/lsp_latency.py [--lines 5000] [--edits 10] [--source DIR]

``--source DIR`` runs the server from another checkout's `dcdsl` (e.g. `git archive main` unpacked
in DIR), with this checkout's Python environment: run it alternately with and without to
compare two versions on a loaded machine (interleaved, so that both see the same load).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import attrs
from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import flattened_design  # noqa: E402

EXAMPLE = ROOT / "designs" / "superpod-h100-4su.dc"

PARTS = """\
part srv_{i} {{
  kind      = server
  gpus      = 8
  power_max = {kw} kW
  height    = 8 U
  nics      = 8
  nic_speed = 400 Gb/s
  price     = {price} USD
  source    = "bench: generated part {i}"
}}
"""

RACK_TYPE = """\
rack_type rt_{i} {{
  height = 48 U
  device srv_{part} * 4
  rack_pdu rpdu * 4
  cooling = direct_to_chip
}}
"""


def large_design(target_lines: int = 5000) -> str:
    """A valid design of about ``target_lines`` lines: parts, rack types, halls, rows, racks."""
    head = [
        'design "bench" {',
        "  electricity = 0.08 USD/kWh",
        "  pue_target  = 1.3",
        "}",
        "",
        "part rpdu { kind = rack_pdu  rating = 43 kVA  price = 3000 USD }",
        "part pdu_big { kind = pdu  rating = 500000 kVA  price = 30000 USD }",
        "",
        'power "main" {',
        '  utility "grid" { capacity = 500 MW  voltage = 13.8 kV }',
        '  pdu "PDU" { part = pdu_big  count = 2  redundancy = 2N  from = grid }',
        "}",
        "",
    ]
    parts = 150
    rack_types = 100
    body = [PARTS.format(i=i, kw=10 + i % 5, price=250_000 + i) for i in range(parts)]
    body += [RACK_TYPE.format(i=i, part=i % parts) for i in range(rack_types)]
    text = "\n".join(head) + "\n".join(body)
    lines = text.count("\n")
    halls: list[str] = []
    hall = 0
    while lines < target_lines:
        block = [f'hall "H{hall}" {{', "  power = main.PDU"]
        for row in range(10):
            block.append(f'  row "R{row:02d}" {{')
            for rack in range(3):
                block.append(f"    rack rt_{(hall * 30 + row * 3 + rack) % rack_types} * 4")
            block.append("  }")
        block.append("}")
        halls.append("\n".join(block))
        lines += len(block)
        hall += 1
    return text + "\n" + "\n".join(halls) + "\n"


def flattened_lines(target_lines: int = 5000) -> str:
    """A flattened design (one `device` block per node, seven lines a rack) of about
    ``target_lines`` lines."""
    return flattened_design(max(4, (target_lines - 4) * 4 // 7))


@attrs.frozen
class Timing:
    """The edits of one kind at one place of one design."""

    design: str
    where: str
    what: str
    wall_ms: tuple[float, ...]
    cpu_ms: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.wall_ms)

    @property
    def worst(self) -> float:
        return max(self.wall_ms)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_ms)


def _errors(params: types.PublishDiagnosticsParams) -> int:
    """Errors of the language itself (the edit's typo), not engineering findings."""
    return sum(1 for d in params.diagnostics if str(d.code).startswith("DC-LANG"))


def _cpu_ms(pid: int) -> float:
    """User + system CPU time of a process so far (Linux), in ms; 0 where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


# Lines where a letter typed before the referenced name makes it unknown: `rack rt_3 * 4`,
# `device dgx "n1" {…}`; the letter goes right after the keyword.
_EDITABLE = re.compile(r"^\s*(rack|device) (?=[a-z])")


def server_command(debounce_ms: int | None, source: Path | None) -> list[str]:
    """`dcc lsp`, from this checkout, or from the `dcdsl` package under ``source``."""
    args = ["lsp"] + ([f"--debounce-ms={debounce_ms}"] if debounce_ms is not None else [])
    if source is None:
        return [shutil.which("dcc", path=str(Path(sys.executable).parent)) or "dcc", *args]
    code = (
        f"import sys; sys.path.insert(0, {str(source.resolve())!r}); "
        "from dcdsl.cli import main; main()"
    )
    return [sys.executable, "-c", code, *args]


async def measure(
    name: str,
    text: str,
    edits: int,
    debounce_ms: int | None,
    folder: Path | None = None,
    source: Path | None = None,
) -> list[Timing]:
    """Open ``text`` (as a file in ``folder``, so that its imports resolve) and time edits."""
    scratch = folder is None
    folder = folder or Path(tempfile.mkdtemp(prefix="dcc-lsp-bench-"))
    path = folder / "lsp-bench.dc"
    uri = path.as_uri()
    client = LanguageClient("dcc-lsp-bench", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    await client.start_io(*server_command(debounce_ms, source))
    pid = client._server.pid if client._server is not None else 0
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=folder.as_uri())
    )
    client.initialized(types.InitializedParams())
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "dc", 1, text))
    )
    first = await asyncio.wait_for(published.get(), 120)
    baseline = _errors(first)
    print(f"  {len(first.diagnostics)} diagnostics after open")
    lines = text.rstrip("\n").split("\n")
    rows = [i for i, line in enumerate(lines) if _EDITABLE.match(line)]
    timings: list[Timing] = []
    version = 1
    for where, row in (("first", rows[0]), ("last", rows[-1])):
        match = _EDITABLE.match(lines[row])
        assert match is not None
        at = types.Position(row, match.end())
        after = types.Position(row, at.character + 1)
        wall: dict[bool, list[float]] = {True: [], False: []}
        cpu: dict[bool, list[float]] = {True: [], False: []}
        for edit in range(2 * edits):
            broken = edit % 2 == 0
            version += 1
            change = types.TextDocumentContentChangePartial(
                range=types.Range(at, at if broken else after), text="x" if broken else ""
            )
            await asyncio.sleep(0.3)  # a pause in typing: each edit is timed on its own
            started, started_cpu = time.perf_counter(), _cpu_ms(pid)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]
                )
            )
            while True:
                params = await asyncio.wait_for(published.get(), 120)
                if params.version == version:
                    break
            wall[broken].append((time.perf_counter() - started) * 1000)
            cpu[broken].append(_cpu_ms(pid) - started_cpu)
            errors = _errors(params)
            if (errors > baseline) != broken:
                raise SystemExit(f"edit {version}: {errors} errors, {baseline} before any edit")
        place = f"{where} `{match.group(1)}` line ({row + 1} of {len(lines)})"
        for broken, what in ((True, "typo (error)"), (False, "fix (full analysis)")):
            timings.append(Timing(name, place, what, tuple(wall[broken]), tuple(cpu[broken])))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    if scratch:
        shutil.rmtree(folder, ignore_errors=True)
    return timings


@attrs.frozen
class Whole:
    """For comparison, in this process: a whole compile of the text (no cache) and a full
    garbage collection with two of its compilations alive, CPU time (medians, ms)."""

    compile_ms: float
    collect_ms: float


def whole(text: str, folder: Path | None, runs: int = 5) -> Whole:
    """The server collects garbage only after a pause in typing (``IDLE_GC_S``), so the edits
    above do not include it; an edit that arrives during a collection waits for it."""
    import gc

    from dcdsl.pipeline import compile_text

    path = str((folder or Path.cwd()) / "lsp-bench.dc")
    kept = [compile_text(text, path, folder)]  # warm: grammar, unit registry
    compiles, collects = [], []
    for _ in range(runs):
        started = time.process_time()
        kept = [kept[-1], compile_text(text, path, folder)]
        compiles.append((time.process_time() - started) * 1000)
        started = time.process_time()
        gc.collect()
        collects.append((time.process_time() - started) * 1000)
    return Whole(statistics.median(compiles), statistics.median(collects))


def designs(lines: int, real: Path | None) -> list[tuple[str, str, Path | None]]:
    """(name, text, folder its imports resolve in) of each design the bench edits."""
    found: list[tuple[str, str, Path | None]] = [
        (f"templates, {lines:,} lines (generated)", large_design(lines), None),
        (f"flattened, {lines:,} lines (generated)", flattened_lines(lines), None),
    ]
    if real is not None and real.is_file():
        text = real.read_text(encoding="utf-8")
        found.append((f"{real.name}, {text.count(chr(10))} lines", text, real.parent.resolve()))
    return found


def run(
    lines: int = 5000,
    edits: int = 10,
    debounce_ms: int | None = None,
    real: Path | None = EXAMPLE,
    source: Path | None = None,
) -> list[tuple[Timing, Whole]]:
    """Every design's timings, each with a whole compile's time for comparison."""
    out: list[tuple[Timing, Whole]] = []
    for name, text, folder in designs(lines, real):
        print(f"{name}: {text.count(chr(10))} lines")
        timings = asyncio.run(measure(name, text, edits, debounce_ms, folder, source))
        compared = whole(text, folder)
        for timing in timings:
            print(
                f"  change → diagnostics, {timing.where}, {timing.what}: median "
                f"{timing.median:.0f} ms, worst {timing.worst:.0f} ms, server cpu "
                f"{timing.cpu:.0f} ms (median of {len(timing.wall_ms)} edits)"
            )
            out.append((timing, compared))
        wall = [ms for timing in timings for ms in timing.wall_ms]
        cpu = [ms for timing in timings for ms in timing.cpu_ms]
        print(
            f"  all {len(wall)} edits: median {statistics.median(wall):.0f} ms, worst "
            f"{max(wall):.0f} ms wall; server cpu median {statistics.median(cpu):.0f} ms, worst "
            f"{max(cpu):.0f} ms"
        )
        print(
            f"  in this process: a whole compile (no cache) {compared.compile_ms:.0f} ms cpu, "
            f"a full garbage collection {compared.collect_ms:.0f} ms cpu (medians)"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000, help="size of the generated designs")
    parser.add_argument("--edits", type=int, default=10, help="edits of each kind at each place")
    parser.add_argument("--debounce-ms", type=int, default=None, help="server default if unset")
    parser.add_argument(
        "--design", type=Path, default=EXAMPLE, help="a real design to time as well (imports std)"
    )
    parser.add_argument(
        "--source", type=Path, default=None, help="run the server from the dcdsl package in DIR"
    )
    options = parser.parse_args()
    run(options.lines, options.edits, options.debounce_ms, options.design, options.source)


if __name__ == "__main__":
    main()
