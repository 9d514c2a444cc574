"""Elaborate: imports, scopes, templates, repetition and references → ``dcdsl.model.Model``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from dcdsl.diagnostics import Diagnostic, Span
from dcdsl.elaborate.build import Builder
from dcdsl.elaborate.loader import Loaded, Loader
from dcdsl.elaborate.overrides import apply_overrides
from dcdsl.model import Model
from dcdsl.runtime import no_gc


class Crashed(Exception):
    """A bug of ours while reading or elaborating, with the last place it was working on."""

    def __init__(self, cause: BaseException, span: Span | None, stage: str):
        super().__init__(str(cause))
        self.cause = cause
        self.span = span
        self.stage = stage


def elaborate_file(
    path: Path, root: Path | None = None, overrides: Mapping[str, str] | None = None
) -> tuple[Model | None, list[Diagnostic]]:
    """Read, parse and elaborate a design file and its imports (read only below ``root``,
    by default the file's own folder); ``overrides`` replace top-level `let` values."""
    with no_gc():
        loader = Loader(root or path.parent)
        try:
            loaded = loader.load_file(path)
        except Exception as exc:
            raise Crashed(exc, loader.at, "reading") from exc
        return _build(loaded.modules, loaded.diagnostics, overrides)


def elaborate_text(
    text: str,
    path: str = "<input>",
    root: Path | None = None,
    overrides: Mapping[str, str] | None = None,
) -> tuple[Model | None, list[Diagnostic]]:
    """Elaborate design text (tests, the language server); imports resolve below ``root``."""
    with no_gc():
        return elaborate_loaded(load_text(text, path, root), overrides)


def load_text(text: str, path: str = "<input>", root: Path | None = None) -> Loaded:
    """Parse design text and read its imports: the first half of ``elaborate_text``."""
    with no_gc():
        loader = Loader(root or Path.cwd())
        try:
            return loader.load_text(text, path)
        except Exception as exc:
            raise Crashed(exc, loader.at, "reading") from exc


def elaborate_loaded(
    loaded: Loaded, overrides: Mapping[str, str] | None = None
) -> tuple[Model | None, list[Diagnostic]]:
    """The second half of ``elaborate_text``: the model of what ``load_text`` read."""
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
    try:
        model = builder.build()
    except Exception as exc:  # RecursionError, MemoryError and bugs: located, never a traceback
        raise Crashed(exc, builder.at, "elaboration") from exc
    return model, [*diagnostics, *builder.diagnostics]
