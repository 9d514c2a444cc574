"""Read a design and everything it imports, safely: no file outside the design's own tree.

`import "racks.dc"` is relative to the importing file and must stay inside the root folder (the
top-level design's folder); `import "std/nvidia"` reads the standard library shipped inside the
package. Cycles, missing files and escapes are diagnostics, never exceptions.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from importlib import resources
from pathlib import Path

import attrs

from dcdsl.codes import code
from dcdsl.diagnostics import DcError, Diagnostic, Label, SourceFile, Span, error
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import parse

IMPORT_NOT_FOUND = code("DC-LANG-010")
IMPORT_OUTSIDE = code("DC-LANG-011")
IMPORT_CYCLE = code("DC-LANG-012")
FILE_UNREADABLE = code("DC-LANG-013")

STD_PREFIX = "std/"


@attrs.define
class Loaded:
    modules: list[t.Module]  # dependencies first, the design's own file last
    diagnostics: list[Diagnostic]


def std_modules() -> list[str]:
    """Names of the standard library modules (`std/nvidia`, …)."""
    folder = resources.files("dcdsl.catalog").joinpath("std")
    return sorted(
        f"std/{entry.name[:-3]}" for entry in folder.iterdir() if entry.name.endswith(".dc")
    )


def _read_std(name: str) -> str | None:
    entry = (
        resources.files("dcdsl.catalog").joinpath("std").joinpath(name[len(STD_PREFIX) :] + ".dc")
    )
    return entry.read_text(encoding="utf-8") if entry.is_file() else None


# `dcc build` shows paths relative to the design's folder, so that its outputs are the same bytes
# wherever it runs from; everything else shows them relative to the working directory.
_DISPLAY_BASE: ContextVar[Path | None] = ContextVar("dcdsl_display_base", default=None)


@contextlib.contextmanager
def paths_relative_to(base: Path) -> Iterator[None]:
    token = _DISPLAY_BASE.set(Path(os.path.abspath(base)))
    try:
        yield
    finally:
        _DISPLAY_BASE.reset(token)


def display_path(path: Path) -> str:
    """A path as users see it: relative to the working directory when it is below it."""
    base = _DISPLAY_BASE.get()
    if base is not None:
        path = Path(os.path.abspath(path))
    try:
        return str(path.relative_to(base or Path.cwd()))
    except ValueError:
        return str(path)


class Loader:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.modules: list[t.Module] = []
        self.diagnostics: list[Diagnostic] = []
        self._done: set[str] = set()
        self._stack: list[tuple[str, Span | None]] = []

    def load_text(self, text: str, path: str) -> Loaded:
        self._load_source(text, path, key=path)
        return Loaded(self.modules, self.diagnostics)

    def load_file(self, path: Path) -> Loaded:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.diagnostics.append(
                error(FILE_UNREADABLE, f"cannot read {display_path(path)}: {_reason(exc)}")
            )
            return Loaded([], self.diagnostics)
        return self.load_text(text, display_path(path))

    def _load_source(self, text: str, shown: str, key: str, importer: Span | None = None) -> None:
        self._stack.append((key, importer))
        try:
            module = parse(text, shown)
        except DcError as exc:
            self.diagnostics.extend(exc.diagnostics)
            self._stack.pop()
            self._done.add(key)
            return
        for statement in module.statements:
            if isinstance(statement, t.Import):
                self._import(statement, module.source)
        self._stack.pop()
        self._done.add(key)
        self.modules.append(module)

    def _import(self, statement: t.Import, importer: SourceFile) -> None:
        target = statement.path
        if target.startswith(STD_PREFIX):
            key = target
            if key in self._done:
                return
            if self._in_cycle(key, statement):
                return
            text = _read_std(target)
            if text is None:
                self.diagnostics.append(
                    error(
                        IMPORT_NOT_FOUND,
                        f"no standard library module `{target}`",
                        statement.path_span,
                        help=f"the standard library has: {', '.join(std_modules())}",
                    )
                )
                return
            self._load_source(text, f"<{target}>", key, statement.span)
            return
        if importer.path.startswith("<std/"):
            base = None
        else:
            base = (
                Path(importer.path)
                if Path(importer.path).is_absolute()
                else Path.cwd() / importer.path
            ).parent
        candidate = (base / target) if base is not None else None
        if candidate is not None and candidate.suffix != ".dc" and not candidate.exists():
            candidate = candidate.with_name(candidate.name + ".dc")
        if candidate is None or Path(target).is_absolute():
            self.diagnostics.append(
                error(
                    IMPORT_OUTSIDE,
                    f"`{target}` is an absolute path; imports are relative to the importing file",
                    statement.path_span,
                    help="write the path relative to this file, inside the design's folder",
                )
            )
            return
        resolved = candidate.resolve()
        if not resolved.is_relative_to(self.root):
            self.diagnostics.append(
                error(
                    IMPORT_OUTSIDE,
                    f"`{target}` is outside the design's folder {display_path(self.root)}",
                    statement.path_span,
                    notes=["a design reads only files in its own folder tree and `std/…`"],
                    help="move the file into the design's folder, or import a `std/…` module",
                )
            )
            return
        key = str(resolved)
        if key in self._done or self._in_cycle(key, statement):
            return
        try:
            text = resolved.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.diagnostics.append(
                error(
                    IMPORT_NOT_FOUND,
                    f"imported file `{target}` not found",
                    statement.path_span,
                    notes=[f"looked for {display_path(resolved)}"],
                    help="check the file name; paths are relative to the importing file",
                )
            )
            return
        except (OSError, UnicodeDecodeError) as exc:
            self.diagnostics.append(
                error(
                    FILE_UNREADABLE, f"cannot read `{target}`: {_reason(exc)}", statement.path_span
                )
            )
            return
        self._load_source(text, display_path(resolved), key, statement.span)

    def _in_cycle(self, key: str, statement: t.Import) -> bool:
        keys = [k for k, _ in self._stack]
        if key not in keys:
            return False
        chain = [*keys[keys.index(key) :], key]
        labels = [
            Label(span, "imported here") for _, span in self._stack[keys.index(key) + 1 :] if span
        ]
        self.diagnostics.append(
            error(
                IMPORT_CYCLE,
                "import cycle: "
                + " → ".join(
                    Path(k).name if "/" in k and not k.startswith("std/") else k for k in chain
                ),
                statement.span,
                labels=labels,
                help="move the shared definitions into a file that both import",
            )
        )
        return True


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    return getattr(exc, "strerror", None) or type(exc).__name__
