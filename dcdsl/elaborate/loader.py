"""Read a design and everything it imports, safely: no file outside the design's own tree.

`import "racks.dc"` is relative to the importing file and must resolve (after symlinks) inside
the root folder: the top-level design's folder, or `--root DIR`. `import "std/nvidia"` reads a
module of the standard library shipped inside the package, by name only: no `..`, no `//`, no
absolute parts. Only regular files are read, and only up to the `file_size` budget: a FIFO or a
device named like a design is refused before it is opened for reading, so it cannot hang the run.
Cycles, missing files and escapes are diagnostics, never exceptions.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from contextvars import ContextVar
from importlib import resources
from pathlib import Path

import attrs

from dcdsl import limits
from dcdsl.codes import code
from dcdsl.diagnostics import DcError, Diagnostic, Label, SourceFile, Span, error
from dcdsl.limits import UnsafeFile, read_design_file
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import parse, suggest

IMPORT_NOT_FOUND = code("DC-LANG-010")
IMPORT_OUTSIDE = code("DC-LANG-011")
IMPORT_CYCLE = code("DC-LANG-012")
FILE_UNREADABLE = code("DC-LANG-013")

STD_PREFIX = "std/"
_STD_NAME = re.compile(r"[a-z0-9_]+")


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


def _std_name(target: str) -> str | None:
    """`std/nvidia` or `std/nvidia.dc` → `std/nvidia` when that module ships; else None.

    Only a plain module name is looked up, so `std/../x`, `std//etc/x` and `std/a/b` can never
    name a file outside the packaged folder."""
    name = target[len(STD_PREFIX) :].removesuffix(".dc")
    if not _STD_NAME.fullmatch(name):
        return None
    return f"std/{name}" if f"std/{name}" in std_modules() else None


def _read_std(name: str) -> str:
    entry = (
        resources.files("dcdsl.catalog").joinpath("std").joinpath(name[len(STD_PREFIX) :] + ".dc")
    )
    return entry.read_text(encoding="utf-8")


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
        self._files = 0
        self.at: Span | None = None  # the import (or file start) being read: for internal errors

    def load_text(self, text: str, path: str, folder: Path | None = None) -> Loaded:
        """Load design text; its imports resolve against ``folder`` (default: ``path``'s).

        Text handed over in memory (an editor's buffer, the Python API) has the same `file_size`
        budget as a file read from disk."""
        size = limits.oversized(text)
        if size is not None:
            self.diagnostics.append(limits.file_too_large(path, size))
            return Loaded([], self.diagnostics)
        if folder is None:
            folder = (Path.cwd() / path).parent
        self._load_source(text, path, path, None, folder)
        return Loaded(self.modules, self.diagnostics)

    def load_file(self, path: Path) -> Loaded:
        try:
            text = read_design_file(path)
        except FileNotFoundError:
            self.diagnostics.append(
                error(FILE_UNREADABLE, f"cannot read {display_path(path)}: no such file")
            )
            return Loaded([], self.diagnostics)
        except UnsafeFile as exc:
            shown = display_path(path)
            at_start = Span(SourceFile(shown, ""), 1, 1, 1, 1, 0, 0)  # located at the file itself
            self.diagnostics.append(self._unsafe(exc, shown, at_start))
            return Loaded([], self.diagnostics)
        return self.load_text(text, display_path(path), Path(os.path.abspath(path)).parent)

    def _unsafe(self, exc: UnsafeFile, shown: str, span: Span | None) -> Diagnostic:
        if exc.size is not None:
            return limits.exceeded("file_size", exc.size, span, f"{shown} has")
        return error(FILE_UNREADABLE, f"cannot read {shown}: {exc.reason}", span)

    def _load_source(
        self, text: str, shown: str, key: str, importer: Span | None, folder: Path | None
    ) -> None:
        """Parse one file and load its imports, resolved against ``folder`` (None: std)."""
        self._stack.append((key, importer))
        self.at = importer or Span(SourceFile(shown, text[:0]), 1, 1, 1, 1, 0, 0)
        try:
            module = parse(text, shown)
        except DcError as exc:
            self.diagnostics.extend(exc.diagnostics)
            self._stack.pop()
            self._done.add(key)
            return
        for statement in module.statements:
            if isinstance(statement, t.Import):
                self._import(statement, folder)
        self._stack.pop()
        self._done.add(key)
        self.modules.append(module)

    def _import(self, statement: t.Import, folder: Path | None) -> None:
        target = statement.path
        if target.startswith(STD_PREFIX):
            self._import_std(statement)
            return
        resolved = self._resolve(statement, folder)
        if resolved is None:
            return
        key = str(resolved)
        if key in self._done or self._in_cycle(key, statement) or not self._count_file(statement):
            return
        try:
            text = read_design_file(resolved)
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
        except UnsafeFile as exc:
            self.diagnostics.append(self._unsafe(exc, f"`{target}`", statement.path_span))
            return
        self._load_source(text, display_path(resolved), key, statement.span, resolved.parent)

    def _import_std(self, statement: t.Import) -> None:
        target = statement.path
        key = _std_name(target)
        if key is None:
            rest = target[len(STD_PREFIX) :]
            if not _STD_NAME.fullmatch(rest.removesuffix(".dc")):
                self.diagnostics.append(
                    error(
                        IMPORT_OUTSIDE,
                        f"`{target}` is not the name of a standard library module",
                        statement.path_span,
                        notes=[
                            "after `std/` comes a module name only: no `..`, `//`, `/` or "
                            "absolute path"
                        ],
                        help=f"the standard library has: {', '.join(std_modules())}",
                    )
                )
                return
            close = suggest(f"std/{rest.removesuffix('.dc')}", std_modules())
            self.diagnostics.append(
                error(
                    IMPORT_NOT_FOUND,
                    f"no standard library module `{target}`",
                    statement.path_span,
                    help=(f"did you mean `{close}`? " if close else "")
                    + f"the standard library has: {', '.join(std_modules())}",
                )
            )
            return
        if key in self._done or self._in_cycle(key, statement) or not self._count_file(statement):
            return
        self._load_source(_read_std(key), f"<{key}>", key, statement.span, None)

    def _resolve(self, statement: t.Import, folder: Path | None) -> Path | None:
        """The real path (symlinks followed) of a relative import inside the root, or None."""
        target = statement.path
        if folder is None or Path(target).is_absolute():
            self.diagnostics.append(
                error(
                    IMPORT_OUTSIDE,
                    f"`{target}` is an absolute path; imports are relative to the importing file",
                    statement.path_span,
                    help="write the path relative to this file, inside the design's folder",
                )
            )
            return None
        candidate = folder / target
        try:
            if candidate.suffix != ".dc" and not candidate.exists():
                candidate = candidate.with_name(candidate.name + ".dc")
            resolved = candidate.resolve()
        except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a name too long
            self.diagnostics.append(
                error(FILE_UNREADABLE, f"cannot read `{target}`: {exc}", statement.path_span)
            )
            return None
        if not resolved.is_relative_to(self.root):
            self.diagnostics.append(
                error(
                    IMPORT_OUTSIDE,
                    f"`{target}` is outside the design's folder {display_path(self.root)}",
                    statement.path_span,
                    notes=[
                        "a design reads only files in its own folder tree (after symlinks) "
                        "and `std/…`"
                    ],
                    help="move the file into the design's folder, import a `std/…` module, "
                    "or name a wider folder with `--root DIR`",
                )
            )
            return None
        return resolved

    def _count_file(self, statement: t.Import) -> bool:
        self._files += 1
        if self._files == limits.value("imports") + 1:
            self.diagnostics.append(
                limits.exceeded("imports", self._files, statement.path_span, "this design reads")
            )
        return self._files <= limits.value("imports")

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
