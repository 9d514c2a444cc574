"""Elaborate: imports, scopes, templates, repetition and references → ``dcdsl.model.Model``."""

from __future__ import annotations

from pathlib import Path

from dcdsl.diagnostics import Diagnostic
from dcdsl.elaborate.build import Builder
from dcdsl.elaborate.loader import Loader
from dcdsl.model import Model


def elaborate_file(path: Path) -> tuple[Model | None, list[Diagnostic]]:
    """Read, parse and elaborate a design file and its imports."""
    loader = Loader(path.parent)
    loaded = loader.load_file(path)
    return _build(loaded.modules, loaded.diagnostics)


def elaborate_text(
    text: str, path: str = "<input>", root: Path | None = None
) -> tuple[Model | None, list[Diagnostic]]:
    """Elaborate design text (tests, the language server); imports resolve below ``root``."""
    loader = Loader(root or Path.cwd())
    loaded = loader.load_text(text, path)
    return _build(loaded.modules, loaded.diagnostics)


def _build(modules: list, diagnostics: list[Diagnostic]) -> tuple[Model | None, list[Diagnostic]]:
    if any(d.is_error for d in diagnostics) or not modules:
        return None, diagnostics
    builder = Builder(modules)
    model = builder.build()
    return model, [*diagnostics, *builder.diagnostics]
