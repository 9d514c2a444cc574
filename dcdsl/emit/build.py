"""`dcc build`: run every emitter, then write the files all or nothing.

Files are rendered in memory, written into a fresh temporary directory beside the target, and
swapped in with renames, so a failed build leaves an earlier build as it was. Emitters are
deterministic (sorted keys, no timestamps): building twice gives byte-identical files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from dcdsl.analysis.power import PowerResult
from dcdsl.diagnostics import render_json, sort_diagnostics
from dcdsl.emit import bom, elevation, floorplan, oneline, report, summary, topology
from dcdsl.pipeline import Compilation

Emitter = Callable[[Compilation], dict[str, str | bytes]]


class BuildError(Exception):
    pass


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
    files, notes = topology.render_files(compilation.results)
    compilation.diagnostics = sort_diagnostics([*compilation.diagnostics, *notes])
    return files


def _layout(compilation: Compilation) -> dict[str, str | bytes]:
    """floorplan-<hall>.svg per hall and racks-<rack_type>.svg per rack type."""
    assert compilation.model is not None
    return {
        **floorplan.render_files(compilation.model, compilation.results),
        **elevation.render_files(compilation.results),
    }


def _core(compilation: Compilation) -> dict[str, str | bytes]:
    return {
        "summary.json": summary.render(compilation),
        "diagnostics.json": render_json(compilation.diagnostics),
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
    files = render_files(compilation, progress)
    target = target.resolve() if target.exists() else Path(os.path.abspath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as exc:
        raise BuildError(f"cannot write to {target.parent}: {exc.strerror or exc}") from None
    try:
        for name, content in sorted(files.items()):
            path = staging / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="\n")
        if target.exists() and not target.is_dir():
            raise BuildError(f"{target} exists and is not a directory")
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BuildError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(files)
