"""How `dcc` fails: signals, internal errors in the requested format, refusals on one line.

- SIGINT (Ctrl-C) and SIGTERM end a command with one line, `error[DC-IO-011]`, and the shell's
  status (130, 143), after every `finally` has removed its temporaries; never "Aborted!".
- An exception escaping a command (a bug of ours) is still printed in the format asked for
  (text, JSON, SARIF, GitHub, JUnit), with the diagnostics found so far, located at the last
  span the compiler was working on; exit 2.
- Messages that quote a path or a name show control characters escaped.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import attrs
import click

from dcdsl.codes import code
from dcdsl.diagnostics import (
    Diagnostic,
    SourceFile,
    Span,
    escape_controls,
    internal_error,
    sort_diagnostics,
)

IO_INTERRUPTED = code("DC-IO-011")

# Exit status of a run stopped by a signal: 128 + the signal's number, as shells report it.
EXIT_SIGINT = 128 + signal.SIGINT
EXIT_SIGTERM = 128 + signal.SIGTERM

Render = Callable[[list[Diagnostic]], str]


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that `finally` blocks remove temporaries."""


def raise_terminated(signum: int, frame: Any) -> NoReturn:
    raise Terminated()


def interrupted(name: str, status: int) -> NoReturn:
    """One line and the shell's status for a signal: no traceback, no "Aborted!"."""
    try:
        click.echo(
            f"error[{IO_INTERRUPTED}]: interrupted by {name}; nothing half-written is left",
            err=True,
        )
    finally:
        sys.exit(status)


def one_line(text: str) -> str:
    """A message quoting a path, with control characters shown escaped (never sent raw)."""
    return escape_controls(text)


def output_refused(exc: Any) -> NoReturn:
    """An output folder refused or unwritable (``dcdsl.emit.output_dir.OutputError``): exit 2."""
    click.echo(f"error[{exc.code}]: {one_line(exc.message)}", err=True)
    click.echo(f"help: {exc.help}", err=True)
    sys.exit(2)


def render_safely(render: Render, diagnostics: list[Diagnostic], files: Sequence[str]) -> str:
    """Render in the requested format even when a renderer trips on one diagnostic: that one
    becomes an internal error at its file, the others are kept."""
    try:
        return render(diagnostics)
    except Exception:
        kept: list[Diagnostic] = []
        for d in diagnostics:
            try:
                render([d])
                kept.append(d)
            except Exception as exc:
                shown = d.span.file if d.span is not None else (files[0] if files else None)
                kept.append(internal_error(exc, f"rendering {d.code}", shown))
        return render(sort_diagnostics(kept))


@contextmanager
def internal_errors_reported(
    render: Render, files: Sequence[str], found: list[Diagnostic], to_stderr: bool
) -> Iterator[None]:
    """An exception escaping a command (a bug of ours) is still printed in the requested format,
    with the diagnostics found so far, located at the last known span; exit 2."""
    try:
        yield
    except Exception as exc:
        crash = internal_error(exc, "in dcc", files[0] if files else None)
        text = render_safely(render, sort_diagnostics([*found, crash]), files)
        click.echo(text, nl=False, err=to_stderr)
        sys.exit(2)


def from_working_directory(diagnostics: list[Diagnostic], base: Path) -> list[Diagnostic]:
    """Diagnostics whose file paths (relative to ``base``) are shown from the working directory.

    `dcc build` compiles with paths relative to the design's folder (its outputs are the same
    bytes wherever it runs); its terminal messages show paths as every other command does."""
    from dcdsl.elaborate.loader import display_path

    moved: dict[int, SourceFile] = {}

    def move(span: Span) -> Span:
        source = span.source
        if source.path.startswith("<") or Path(source.path).is_absolute():
            return span
        if id(source) not in moved:
            moved[id(source)] = SourceFile(display_path(base / source.path), source.text)
        return attrs.evolve(span, source=moved[id(source)])

    return [
        attrs.evolve(
            d,
            span=move(d.span) if d.span is not None else None,
            labels=tuple(attrs.evolve(label, span=move(label.span)) for label in d.labels),
        )
        for d in diagnostics
    ]
