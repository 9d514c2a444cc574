"""Elaborate: imports, scopes, templates, repetition and references → ``dcdsl.model.Model``."""

from __future__ import annotations

from pathlib import Path

from dcdsl.diagnostics import Diagnostic
from dcdsl.elaborate.build import Builder
from dcdsl.elaborate.loader import Loader
from dcdsl.model import Model
from dcdsl.runtime import no_gc


def elaborate_file(path: Path, root: Path | None = None) -> tuple[Model | None, list[Diagnostic]]:
    """Read, parse and elaborate a design file and its imports (read only below ``root``,
    by default the file's own folder)."""
    with no_gc():
        loaded = Loader(root or path.parent).load_file(path)
        return _build(loaded.modules, loaded.diagnostics)


def elaborate_text(
    text: str, path: str = "<input>", root: Path | None = None
) -> tuple[Model | None, list[Diagnostic]]:
    """Elaborate design text (tests, the language server); imports resolve below ``root``."""
    with no_gc():
        loaded = Loader(root or Path.cwd()).load_text(text, path)
        return _build(loaded.modules, loaded.diagnostics)


def _build(modules: list, diagnostics: list[Diagnostic]) -> tuple[Model | None, list[Diagnostic]]:
    if any(d.is_error for d in diagnostics) or not modules:
        return None, diagnostics
    builder = Builder(modules)
    model = builder.build()
    return model, [*diagnostics, *builder.diagnostics]
