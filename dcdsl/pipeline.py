"""The orchestrator: parse → elaborate → analyse → rules → diagnostics. Nothing here prints.

The CLI and the language server are thin front ends over ``compile_file``/``compile_text``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from dcdsl import limits
from dcdsl.allowances import apply_allowances
from dcdsl.analysis import ANALYSES
from dcdsl.analysis.results import Results
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, Severity, internal_error, last_span, sort_diagnostics
from dcdsl.elaborate import Crashed, elaborate_file, elaborate_loaded, load_text
from dcdsl.elaborate.loader import Loaded
from dcdsl.model import Model
from dcdsl.rules.registry import all_rules
from dcdsl.runtime import no_gc

INTERNAL = code("DC-INTERNAL-001")


class Cancelled(Exception):
    """A compile stopped because its caller no longer wants the result (the language server:
    the text changed again). Checked between analyses and rules, never inside one."""


@attrs.define
class Compilation:
    model: Model | None
    results: Results | None
    diagnostics: list[Diagnostic]

    @property
    def elaborated(self) -> bool:
        return self.model is not None

    @property
    def ok(self) -> bool:
        """Compiled without errors (warnings and notes allowed)."""
        return self.model is not None and not self.has_errors()

    def summary(self) -> dict[str, Any]:
        """The figures of summary.json (docs/outputs.md); ValueError when it did not compile."""
        from dcdsl.emit.summary import summary

        if self.model is None or self.results is None:
            raise ValueError("the design did not compile: see `diagnostics`")
        return summary(self)

    def has_errors(self, strict: bool = False) -> bool:
        return any(
            d.severity is Severity.ERROR or (strict and d.severity is Severity.WARNING)
            for d in self.diagnostics
        )


def compile_file(
    path: Path, root: Path | None = None, overrides: Mapping[str, str] | None = None
) -> Compilation:
    """Compile a design file; its imports are read only below ``root`` (default: its folder).
    ``overrides`` replace top-level `let` values (`{"gpus": "1024"}`, as `--set` does)."""
    with no_gc():
        try:
            model, diagnostics = elaborate_file(path, root, overrides)
        except Crashed as crash:
            return _crashed(crash, str(path))
        return _finish(_analyse(model, diagnostics))


def compile_text(
    text: str,
    path: str = "<input>",
    root: Path | None = None,
    overrides: Mapping[str, str] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Compilation:
    """``cancelled``: asked between stages; when it answers True, ``Cancelled`` is raised."""
    with no_gc():
        loaded = read_text(text, path, root)
        if isinstance(loaded, Compilation):
            return loaded
        return compile_loaded(loaded, path, overrides, cancelled)


def read_text(text: str, path: str = "<input>", root: Path | None = None) -> Loaded | Compilation:
    """The first stage of ``compile_text``: the text parsed and its imports read, or the
    compilation that reports the bug that stopped it. The language server reads first to see
    whether anything changed since its last compile (``compile_loaded`` does the rest)."""
    try:
        return load_text(text, path, root)
    except Crashed as crash:
        return _crashed(crash, path)


def compile_loaded(
    loaded: Loaded,
    path: str = "<input>",
    overrides: Mapping[str, str] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Compilation:
    """The rest of ``compile_text`` after ``read_text``: elaborate, analyse, check."""
    with no_gc():
        try:
            model, diagnostics = elaborate_loaded(loaded, overrides)
        except Crashed as crash:
            return _crashed(crash, path)
        return _finish(_analyse(model, diagnostics, cancelled))


def _finish(compilation: Compilation) -> Compilation:
    """At most `diagnostics` findings of one code per file; the rest counted in one note."""
    compilation.diagnostics = sort_diagnostics(limits.cap_repeated(compilation.diagnostics))
    return compilation


def _analyse(
    model: Model | None,
    diagnostics: list[Diagnostic],
    cancelled: Callable[[], bool] | None = None,
) -> Compilation:
    if model is None or any(d.is_error for d in diagnostics):
        return Compilation(None, None, sort_diagnostics(diagnostics))
    stop = cancelled or _never
    results = Results()
    found: list[Diagnostic] = list(diagnostics)
    for analyse in ANALYSES:
        if stop():
            raise Cancelled
        try:
            analyse(model, results)
        except Exception as exc:  # a bug of ours: say so, never a traceback
            found.append(_internal(f"analysis {analyse.__module__}", exc, model))
            return Compilation(model, results, sort_diagnostics(found))
    for rule in all_rules():
        if rule.check is None:
            continue
        if stop():
            raise Cancelled
        try:
            found.extend(rule.check(model, results))
        except Exception as exc:
            found.append(_internal(f"rule {rule.id}", exc, model))
    return Compilation(model, results, sort_diagnostics(apply_allowances(model, found)))


def _never() -> bool:
    return False


def _internal(where: str, exc: BaseException, model: Model) -> Diagnostic:
    """A bug of ours as a diagnostic, located at the last span the analysis was working on
    (``diagnostics.internal_error``), else at the design's file."""
    return internal_error(exc, f"in {where}", model.files[-1] if model.files else None)


def _crashed(crash: Crashed, file: str) -> Compilation:
    """A bug while reading or elaborating: located where it happened (the innermost span of the
    traceback, else the last construct the stage read), the design not elaborated."""
    found = internal_error(crash.cause, f"in {crash.stage}", file)
    if crash.span is not None and last_span(crash.cause) is None:
        found = attrs.evolve(found, span=crash.span)
    return Compilation(None, None, [found])
