"""`dcc build`: run every emitter, then write the files all or nothing.

Files are rendered in memory, then ``output_dir`` writes them into a fresh temporary folder
beside the target and swaps it in with renames, so a failed build leaves an earlier build as it
was; it never replaces a folder holding files dcc did not write. Emitters are
deterministic (sorted keys, no timestamps): building twice gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from dcdsl.analysis.power import PowerResult
from dcdsl.diagnostics import group_alike, render_json, sort_diagnostics
from dcdsl.emit import bom, elevation, floorplan, oneline, report, summary, topology
from dcdsl.emit.output_dir import OutputError, replace_folder
from dcdsl.pipeline import Compilation

Emitter = Callable[[Compilation], dict[str, str | bytes]]


BuildError = OutputError  # the name the CLI catches


def _oneline(compilation: Compilation) -> dict[str, str | bytes]:
    """oneline.dot/.svg; a note joins the diagnostics when the SVG is skipped (no `dot`)."""
    assert compilation.model is not None and compilation.results is not None
    power = compilation.results.power
    files, notes = oneline.render_files(
        compilation.model, power if isinstance(power, PowerResult) else None
    )
    compilation.diagnostics = sort_diagnostics([*compilation.diagnostics, *notes])
    return dict(files)


def _fabrics(compilation: Compilation) -> dict[str, str | bytes]:
    assert compilation.results is not None
    files, notes = topology.render_files(compilation.results)
    compilation.diagnostics = sort_diagnostics([*compilation.diagnostics, *notes])
    return files


def _layout(compilation: Compilation) -> dict[str, str | bytes]:
    """floorplan-<hall>.svg per hall and racks-<rack_type>.svg per rack type."""
    assert compilation.model is not None and compilation.results is not None
    return {
        **floorplan.render_files(compilation.model, compilation.results),
        **elevation.render_files(compilation.results),
    }


def _core(compilation: Compilation) -> dict[str, str | bytes]:
    return {
        "summary.json": summary.render(compilation),
        "diagnostics.json": render_json(group_alike(compilation.diagnostics)),
    }


# Each emitter returns {file name: content}. Disciplines add theirs here (BOM, one-line,
# fabric graphs, report); the report comes last because it embeds the others.
EMITTERS: list[tuple[str, Emitter]] = [
    ("one-line diagram", _oneline),  # diagrams first: a skipped SVG adds a note to the summary
    ("fabric graphs", _fabrics),
    ("floor plans and rack elevations", _layout),
    ("summary", _core),
    ("bom", bom.render),
]

# Emitters that embed what the others produced (the report): they run after EMITTERS and get
# the files rendered so far.
FinalEmitter = Callable[[Compilation, Mapping[str, str | bytes]], dict[str, str | bytes]]
FINAL_EMITTERS: list[tuple[str, FinalEmitter]] = [
    ("report", report.render),
]


def render_files(
    compilation: Compilation, progress: Callable[[str], None] | None = None
) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for stage, emitter in EMITTERS:
        if progress is not None:
            progress(stage)
        files.update(emitter(compilation))
    for stage, final in FINAL_EMITTERS:
        if progress is not None:
            progress(stage)
        files.update(final(compilation, dict(files)))
    return files


def write_build(
    compilation: Compilation, target: Path, progress: Callable[[str], None] | None = None
) -> list[str]:
    """Render every file in memory, then replace ``target`` with them (``output_dir``)."""
    files = render_files(compilation, progress)
    replace_folder(target, files)
    return sorted(files)
