"""`dcc`: the command-line front end. Thin: it calls the pipeline and renders what comes back.

Exit codes (a contract): 0 no errors; 1 the design has errors (or warnings with --strict);
2 usage or I/O errors (missing file, unwritable output directory). Never a Python traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from dcdsl import __version__
from dcdsl.diagnostics import Diagnostic, render_json, render_text_all, sort_diagnostics

FORMATS = ("text", "json")

EPILOG_MAIN = """\b
Examples:
  dcc check designs/pod.dc                 validate a design (exit 1 on errors)
  dcc check designs/*.dc --format json     machine-readable diagnostics
  dcc build designs/pod.dc -o build/pod    write summary.json, BOM, diagrams, report
"""


class _Group(click.Group):
    def main(self, *args: Any, **kwargs: Any) -> Any:  # never a traceback, whatever happens
        try:
            return super().main(*args, **kwargs)
        except SystemExit:
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(2)
        except Exception as exc:  # pragma: no cover - a bug of ours; say so and exit 2
            click.echo(
                f"error[DC-INTERNAL-001]: internal error: {type(exc).__name__}: {exc}\n"
                "help: this is a bug in dcc, not in your design; please report it",
                err=True,
            )
            sys.exit(2)


@click.group(cls=_Group, epilog=EPILOG_MAIN, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dcc")
def main() -> None:
    """dcc: compile data-centre designs written in dcdsl (.dc files)."""


def _existing_files(paths: Sequence[str]) -> list[Path]:
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        for p in missing:
            what = "is a directory" if Path(p).is_dir() else "not found"
            click.echo(f"error[DC-IO-001]: {p}: {what}", err=True)
            click.echo("help: pass the path of a .dc file", err=True)
        sys.exit(2)
    return [Path(p) for p in paths]


def _render(diagnostics: list[Diagnostic], fmt: str, color: bool) -> str:
    renderers: dict[str, Callable[[list[Diagnostic]], str]] = {
        "text": lambda ds: render_text_all(ds, color),
        "json": render_json,
    }
    return renderers[fmt](diagnostics)


@main.command(
    epilog="""\b
Examples:
  dcc check design.dc
  dcc check a.dc b.dc --strict            warnings fail too
  dcc check design.dc --format json > diagnostics.json
"""
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
def check(files: tuple[str, ...], fmt: str, strict: bool, color: bool | None) -> None:
    """Validate designs: syntax, units, references and engineering rules."""
    from dcdsl.pipeline import compile_file

    paths = _existing_files(files)
    diagnostics: list[Diagnostic] = []
    failed = False
    for path in paths:
        compilation = compile_file(path)
        diagnostics.extend(compilation.diagnostics)
        failed = failed or compilation.has_errors(strict)
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(_render(sort_diagnostics(diagnostics), fmt, use_color), nl=False)
    sys.exit(1 if failed else 0)


@main.command(
    epilog="""\b
Examples:
  dcc build design.dc                      writes build/<design-name>/
  dcc build design.dc -o out/              writes out/ (all or nothing)
"""
)
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("-o", "--output", "output", type=click.Path(), default=None,
              help="Output directory (default: build/<design-name>/).")
@click.option("--strict", is_flag=True, help="Warnings fail the build too.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="How to print diagnostics.")
def build(file: str, output: str | None, strict: bool, fmt: str) -> None:
    """Compile a design and write summary, BOM, diagrams and the report."""
    from dcdsl.emit.build import BuildError, write_build
    from dcdsl.pipeline import compile_file

    (path,) = _existing_files([file])
    compilation = compile_file(path)
    click.echo(_render(compilation.diagnostics, fmt, sys.stderr.isatty()), nl=False, err=True)
    if compilation.model is None or compilation.results is None:
        click.echo("build: nothing written (the design could not be elaborated)", err=True)
        sys.exit(1)
    target = Path(output) if output else Path("build") / _safe_dirname(compilation.model.design.name)
    try:
        written = write_build(compilation, target, progress=_progress if sys.stderr.isatty() else None)
    except BuildError as exc:
        click.echo(f"error[DC-IO-002]: {exc}", err=True)
        click.echo("help: choose a writable output directory with -o DIR", err=True)
        sys.exit(2)
    click.echo(f"build: wrote {len(written)} files to {target}", err=True)
    sys.exit(1 if compilation.has_errors(strict) else 0)


@main.command(
    epilog="""\b
Editors start it; see docs/editors.md (VS Code, Neovim, any LSP client).
  dcc lsp                                  serve the Language Server Protocol on stdin/stdout
"""
)
@click.option("--debounce-ms", type=click.IntRange(min=0), default=None,
              help="Wait this long after an edit before checking (default 50).")
def lsp(debounce_ms: int | None) -> None:
    """Run the language server over stdio: diagnostics, hover, definitions, completion."""
    from dcdsl.lsp.server import start

    start(debounce_ms)


def _progress(stage: str) -> None:
    click.echo(f"  … {stage}", err=True)


def _safe_dirname(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip(".-")
    return cleaned or "design"


if __name__ == "__main__":  # pragma: no cover
    main()
