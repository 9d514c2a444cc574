"""What the language server knows about one open document: its compilation and its syntax tree.

Diagnostics come from ``dcdsl.pipeline.compile_text`` (the same pipeline as `dcc check`). The
syntax tree for hover, go-to-definition and symbols comes from ``dcdsl.syntax.parse.parse``, parsed
only when one of those is asked for, so that the change → diagnostics path parses once. The last
compilation that produced a model is kept, so that hover and completion keep working while the
text has an error in it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlparse

import attrs

from dcdsl.analysis.results import Results
from dcdsl.diagnostics import DcError, Diagnostic, Span, error
from dcdsl.lsp import cache
from dcdsl.model import Model
from dcdsl.pipeline import Cancelled, Compilation, compile_loaded, read_text
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import parse


def uri_to_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


def span_path(span: Span) -> Path | None:
    """The file on disk that a span points into (`<std/nvidia>` → the packaged catalogue)."""
    name = span.file
    if name.startswith("<std/") and name.endswith(">"):
        entry = resources.files("dcdsl.catalog").joinpath("std", name[5:-1] + ".dc")
        path = Path(str(entry))
        return path if path.is_file() else None
    if name.startswith("<"):
        return None
    path = Path(name)
    return path if path.is_absolute() else (Path.cwd() / path).resolve()


@attrs.define
class Analysis:
    """One compilation of one version of the text."""

    text: str
    version: int | None
    compilation: Compilation

    @property
    def model(self) -> Model | None:
        return self.compilation.model

    @property
    def results(self) -> Results | None:
        return self.compilation.results

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.compilation.diagnostics


@attrs.frozen
class _Inputs:
    modules: list[t.Module]  # the trees of the design and its imports, as parsed
    diagnostics: list[Diagnostic]  # of reading them (an import not found)
    compilation: Compilation


@attrs.define
class Document:
    uri: str
    path: str  # what the compiler sees: the absolute file path, or the URI when not a file
    root: Path | None  # imports resolve below this folder, as `dcc check` does
    latest: Analysis | None = None
    good: Analysis | None = None  # the last analysis with a model
    _tree_text: str | None = None
    _tree: t.Module | None = None
    _tree_error: list[Diagnostic] = attrs.Factory(list)
    _lock: threading.Lock = attrs.Factory(threading.Lock)
    _last: _Inputs | None = None  # what the last compile read, and its result
    reused: bool = False  # whether the last ``analyse`` was answered by ``_last``

    @classmethod
    def for_uri(cls, uri: str) -> Document:
        path = uri_to_path(uri)
        if path is None:
            return cls(uri, uri, None)
        return cls(uri, str(path), path.parent)

    def analyse(
        self, text: str, version: int | None, cancelled: Callable[[], bool] | None = None
    ) -> Analysis | None:
        """Compile ``text`` (thread-safe; the server runs this off the event loop). None when
        ``cancelled`` said stop part-way (a newer text is on its way): nothing is kept."""
        try:
            compilation = self._compile(text, cancelled)
        except Cancelled:
            return None
        except Exception as exc:  # a compiler bug: say so in the editor, keep the server up
            compilation = Compilation(None, None, [_internal(exc)])
        analysis = Analysis(text, version, compilation)
        with self._lock:
            if self.latest is None or _newer(version, self.latest.version):
                self.latest = analysis
                if compilation.model is not None:
                    self.good = analysis
        return analysis

    def _compile(self, text: str, cancelled: Callable[[], bool] | None) -> Compilation:
        """``compile_text``, but when the design and every file it imports parsed to the very
        trees of the last compile (a save, a file-watcher event, an edit undone and redone
        before the next compile), the last compilation is the answer: the trees are immutable
        and the stages after parsing are functions of them. (The parse caches give the same
        tree object for the same text; ``inputs`` holds them, so their ids stay theirs.)"""
        loaded = read_text(text, self.path, self.root)
        if isinstance(loaded, Compilation):
            return loaded
        with self._lock:
            last = self._last
        if (
            last is not None
            and len(last.modules) == len(loaded.modules)
            and all(a is b for a, b in zip(last.modules, loaded.modules, strict=True))
            and last.diagnostics == loaded.diagnostics
        ):
            self.reused = True
            return last.compilation
        compilation = compile_loaded(loaded, self.path, cancelled=cancelled)
        with self._lock:
            self._last = _Inputs(loaded.modules, loaded.diagnostics, compilation)
        self.reused = False
        return compilation

    def tree(self, text: str) -> t.Module | None:
        """The syntax tree of ``text`` (None while it has a syntax error), cached per text."""
        with self._lock:
            if self._tree_text == text:
                return self._tree
        compiled = cache.latest_tree(self.path, text)
        if compiled is not None:
            with self._lock:
                self._tree_text, self._tree, self._tree_error = text, compiled, []
            return compiled
        try:
            module: t.Module | None = parse(text, self.path)
            errors: list[Diagnostic] = []
        except DcError as exc:
            module, errors = None, exc.diagnostics
        with self._lock:
            self._tree_text, self._tree, self._tree_error = text, module, errors
        return module

    def model_for(self, text: str) -> tuple[Model | None, Results | None, bool]:
        """The freshest model and results, and whether they were compiled from ``text`` itself
        (only then do their spans match positions in ``text``)."""
        good = self.good
        if good is None or good.model is None:
            return None, None, False
        return good.model, good.results, good.text == text


def _internal(exc: Exception) -> Diagnostic:
    return error(
        "DC-INTERNAL-001",
        f"internal error in the compiler: {type(exc).__name__}: {exc}",
        help="this is a bug in dcc, not in your design; please report it with the design file",
    )


def _newer(version: int | None, than: int | None) -> bool:
    return version is None or than is None or version >= than
