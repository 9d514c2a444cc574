"""`dcc diff`: what a change to a design does to its cost, power, counts, BOM and diagnostics.

Both versions go through the whole pipeline (``dcdsl.pipeline``); the comparison reads only what
the emitters publish: ``summary.json`` (``dcdsl.emit.summary.summary``), the BOM lines in
``results.cost`` (grouped by category and part) and the diagnostics. The Markdown is written to
be posted as a pull-request comment; the JSON carries the same figures for other tools.

Modules of this package: ``figures`` (what is compared), ``sides`` (one compiled version),
``git`` (the old version from a revision), ``compare``, ``markdown`` and ``document`` (JSON);
``run_diff`` here is `dcc diff`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from dcdsl.diagnostics import Diagnostic, error, render_text_all
from dcdsl.diff.compare import Change, Comparison, Threshold, compare, parse_thresholds
from dcdsl.diff.document import comparison_document, render_json
from dcdsl.diff.errors import DiffError
from dcdsl.diff.figures import HEADLINE, Metric, lookup
from dcdsl.diff.git import old_from_git
from dcdsl.diff.markdown import fmt_delta, fmt_value, render_markdown
from dcdsl.diff.sides import Side, side_of
from dcdsl.pipeline import compile_file

__all__ = [
    "HEADLINE",
    "Change",
    "Comparison",
    "DiffError",
    "Metric",
    "Side",
    "Threshold",
    "compare",
    "comparison_document",
    "fmt_delta",
    "fmt_value",
    "lookup",
    "old_from_git",
    "parse_thresholds",
    "render_json",
    "render_markdown",
    "run_diff",
]


def _problem(d: Diagnostic) -> str:
    return render_text_all([d]).rsplit("\n\n", 1)[0] + "\n"


def run_diff(
    files: Sequence[str],
    base: str | None,
    fmt: str,
    fail_on: Sequence[str],
    out: Callable[[str], None],
    err: Callable[[str], None],
) -> int:
    try:
        thresholds = parse_thresholds(fail_on)
        if base is not None:
            if len(files) != 1:
                raise DiffError(
                    error(
                        "DC-DIFF-005",
                        f"--base takes one design file, got {len(files)}",
                        help="dcc diff --base origin/main designs/pod.dc",
                    )
                )
            new_path = _existing(files[0])
            with tempfile.TemporaryDirectory(prefix="dcc-diff-") as tmp:
                old_path = old_from_git(base, new_path, Path(tmp))
                label = f"{base}:{files[0]}"
                if old_path is None:
                    old = Side(f"{label} (absent)", False, None, None, {})
                else:
                    old = side_of(label, compile_file(old_path))
        else:
            if len(files) != 2:
                raise DiffError(
                    error(
                        "DC-DIFF-005",
                        f"dcc diff takes OLD and NEW, got {len(files)} file(s)",
                        help="dcc diff old.dc new.dc, or dcc diff --base REV new.dc",
                    )
                )
            old_path = _existing(files[0])
            new_path = _existing(files[1])
            old = side_of(files[0], compile_file(old_path))
        new = side_of(files[-1], compile_file(new_path))
    except DiffError as exc:
        err(_problem(exc.diagnostic))
        return 2
    comparison = compare(old, new, thresholds)
    out(render_json(comparison) if fmt == "json" else render_markdown(comparison))
    if not new.compiled:
        err(render_text_all(new.diagnostics))
        return 1
    return 1 if comparison.failed_thresholds else 0


def _existing(raw: str) -> Path:
    path = Path(raw)
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "not found"
        raise DiffError(error("DC-IO-001", f"{raw}: {what}", help="pass the path of a .dc file"))
    return path
