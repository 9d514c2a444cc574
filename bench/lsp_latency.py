"""How long `dcc lsp` takes from a change notification to published diagnostics.

Starts `dcc lsp` as a subprocess over stdio (as an editor does), opens a generated design of about
5,000 lines (and then a real design that imports the standard library), sends edits that
introduce and remove an error and times each `textDocument/didChange` →
`textDocument/publishDiagnostics`. The debounce delay is part of the figure, since the user waits
for it too. The compile alone is timed in this process for comparison.

    .venv/bin/python bench/lsp_latency.py [--lines 5000] [--edits 10]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

EXAMPLE = Path(__file__).resolve().parent.parent / "designs" / "superpod-h100-4su.dc"

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


def _errors(params: types.PublishDiagnosticsParams) -> int:
    """Errors of the language itself (the edit's typo), not engineering findings."""
    return sum(1 for d in params.diagnostics if str(d.code).startswith("DC-LANG"))


async def measure(
    text: str, edits: int, debounce_ms: int | None, folder: Path | None = None
) -> list[float]:
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

    dcc = shutil.which("dcc", path=str(Path(sys.executable).parent)) or "dcc"
    args = ["lsp"] + ([f"--debounce-ms={debounce_ms}"] if debounce_ms is not None else [])
    await client.start_io(dcc, *args)
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=folder.as_uri())
    )
    client.initialized(types.InitializedParams())
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "dc", 1, text))
    )
    first = await asyncio.wait_for(published.get(), 60)
    baseline = _errors(first)
    print(f"  {len(first.diagnostics)} diagnostics after open")
    # Edits on the first and on the last `rack` line: a letter typed before the rack type makes
    # it unknown (an error), deleting it fixes it. Every edit moves the text after it by one.
    lines = text.rstrip("\n").split("\n")
    rack_rows = [i for i, line in enumerate(lines) if re.match(r"\s*rack [a-z]", line)]
    timings: dict[str, list[float]] = {}
    version = 1
    for where, row in (("first rack line", rack_rows[0]), ("last rack line", rack_rows[-1])):
        at = types.Position(row, lines[row].index("rack ") + 5)
        after = types.Position(row, at.character + 1)
        for edit in range(edits):
            broken = edit % 2 == 0
            version += 1
            change = types.TextDocumentContentChangePartial(
                range=types.Range(at, at if broken else after), text="x" if broken else ""
            )
            started = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]
                )
            )
            while True:
                params = await asyncio.wait_for(published.get(), 60)
                if params.version == version:
                    break
            elapsed = (time.perf_counter() - started) * 1000
            errors = _errors(params)
            if (errors > baseline) != broken:
                raise SystemExit(f"edit {version}: {errors} errors, {baseline} before any edit")
            what = "typo (error)" if broken else "fix (full analysis)"
            timings.setdefault(f"{where} ({row + 1} of {len(lines)}), {what}", []).append(elapsed)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    if scratch:
        shutil.rmtree(folder, ignore_errors=True)
    return timings


def _compile_ms(text: str, folder: Path | None, runs: int = 5) -> float:
    from dcdsl.pipeline import compile_text

    path = str((folder or Path.cwd()) / "lsp-bench.dc")
    compile_text(text, path, folder)  # warm: grammar, unit registry
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        compile_text(text, path, folder)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def report(name: str, text: str, edits: int, debounce_ms: int | None, folder: Path | None) -> None:
    print(f"{name}: {text.count(chr(10))} lines")
    timings = asyncio.run(measure(text, edits, debounce_ms, folder))
    compile_ms = _compile_ms(text, folder)
    for where, values in timings.items():
        print(
            f"  change → diagnostics, {where}: median {statistics.median(values):.0f} ms, "
            f"max {max(values):.0f} ms over {len(values)} edits (debounce included)"
        )
    print(f"  a whole compile (compile_text in one process, no cache): median {compile_ms:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000, help="size of the generated design")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--debounce-ms", type=int, default=None, help="server default if unset")
    parser.add_argument(
        "--design", type=Path, default=EXAMPLE, help="a real design to time as well (imports std)"
    )
    options = parser.parse_args()
    report(
        "generated design", large_design(options.lines), options.edits, options.debounce_ms, None
    )
    if options.design and options.design.is_file():
        text = options.design.read_text(encoding="utf-8")
        report(
            str(options.design),
            text,
            options.edits,
            options.debounce_ms,
            options.design.parent.resolve(),
        )


if __name__ == "__main__":
    main()
