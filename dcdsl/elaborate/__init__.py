"""Elaborate: imports, scopes, templates, repetition and references → ``dcdsl.model.Model``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from dcdsl.diagnostics import Diagnostic
from dcdsl.elaborate.build import Builder
from dcdsl.elaborate.loader import Loader
from dcdsl.elaborate.overrides import apply_overrides
from dcdsl.model import Model
from dcdsl.runtime import no_gc


def elaborate_file(
    path: Path, root: Path | None = None, overrides: Mapping[str, str] | None = None
) -> tuple[Model | None, list[Diagnostic]]:
    """Read, parse and elaborate a design file and its imports (read only below ``root``,
    by default the file's own folder); ``overrides`` replace top-level `let` values."""
    with no_gc():
        loaded = Loader(root or path.parent).load_file(path)
        return _build(loaded.modules, loaded.diagnostics, overrides)


def elaborate_text(
    text: str,
    path: str = "<input>",
    root: Path | None = None,
    overrides: Mapping[str, str] | None = None,
) -> tuple[Model | None, list[Diagnostic]]:
    """Elaborate design text (tests, the language server); imports resolve below ``root``."""
    with no_gc():
        loaded = Loader(root or Path.cwd()).load_text(text, path)
        return _build(loaded.modules, loaded.diagnostics, overrides)


def _build(
    modules: list, diagnostics: list[Diagnostic], overrides: Mapping[str, str] | None = None
) -> tuple[Model | None, list[Diagnostic]]:
    if any(d.is_error for d in diagnostics) or not modules:
        return None, diagnostics
    modules, problems = apply_overrides(modules, overrides or {})
    if problems:
        return None, [*diagnostics, *problems]
    builder = Builder(modules)
    model = builder.build()
    return model, [*diagnostics, *builder.diagnostics]
