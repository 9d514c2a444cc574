"""`dcc check` and `dcc build`: compile designs, print their diagnostics, write the outputs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dcdsl.cli.common import (
    CHECK_FORMATS,
    FORMATS,
    errors_reported,
    existing_files,
    let_overrides,
    limit_overrides,
    override_failed,
    render_or_report,
    sandbox_options,
    set_option,
)
from dcdsl.cli.failures import from_working_directory, output_refused
from dcdsl.diagnostics import Diagnostic, internal_error, sort_diagnostics


@click.command(
    epilog="""\b
Examples:
  dcc check design.dc
  dcc check a.dc b.dc --strict            warnings fail too
  dcc check design.dc --format json > diagnostics.json
  dcc check design.dc --set gpus=10k       a variant: a top-level `let` replaced
"""
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option(
    "--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text", show_default=True
)
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option(
    "--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."
)
@sandbox_options
@set_option
def check(
    files: tuple[str, ...],
    fmt: str,
    strict: bool,
    color: bool | None,
    root: str | None,
    limit: tuple[str, ...],
    assignments: tuple[str, ...],
) -> None:
    """Validate designs: syntax, units, references and engineering rules."""
    from dcdsl.limits import overriding
    from dcdsl.pipeline import compile_file

    budgets = limit_overrides(limit)
    overrides = let_overrides(assignments, fmt)
    paths = existing_files(files)
    diagnostics: list[Diagnostic] = []
    failed = crashed = False
    shown = [str(p) for p in paths]
    with errors_reported(fmt, shown, diagnostics, to_stderr=False):
        for path in paths:
            try:
                with overriding(budgets):
                    compilation = compile_file(path, Path(root) if root else None, overrides)
            except Exception as exc:  # a bug of ours: this file's crash, the others still count
                diagnostics.append(internal_error(exc, f"checking {path}", str(path)))
                crashed = True
                continue
            diagnostics.extend(compilation.diagnostics)
            crashed = crashed or override_failed(compilation.diagnostics)
            failed = failed or compilation.has_errors(strict)
            # A bug caught inside the pipeline (located there) is still a bug: exit 2.
            crashed = crashed or any(d.code == "DC-INTERNAL-001" for d in compilation.diagnostics)
        use_color = sys.stdout.isatty() if color is None else color
        text = render_or_report(sort_diagnostics(diagnostics), fmt, use_color, shown)
    click.echo(text, nl=False)
    sys.exit(2 if crashed else 1 if failed else 0)


@click.command(
    epilog="""\b
Examples:
  dcc build design.dc                      writes build/<design-name>/
  dcc build design.dc -o out/              writes out/ (all or nothing)
  dcc build design.dc --set gpus=10k -o out/10k/   a variant
"""
)
@click.argument("file", type=click.Path(dir_okay=True))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(),
    default=None,
    help="Output directory (default: build/<design-name>/).",
)
@click.option("--strict", is_flag=True, help="Warnings fail the build too.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="How to print diagnostics.",
)
@sandbox_options
@set_option
def build(
    file: str,
    output: str | None,
    strict: bool,
    fmt: str,
    root: str | None,
    limit: tuple[str, ...],
    assignments: tuple[str, ...],
) -> None:
    """Compile a design and write summary, BOM, diagrams and the report."""
    from dcdsl.elaborate.loader import paths_relative_to
    from dcdsl.emit.build import write_build
    from dcdsl.emit.output_dir import OutputError, check_target
    from dcdsl.limits import overriding
    from dcdsl.pipeline import compile_file

    budgets = limit_overrides(limit)
    overrides = let_overrides(assignments, fmt)
    (path,) = existing_files([file])
    color = sys.stderr.isatty()
    found: list[Diagnostic] = []
    with errors_reported(fmt, [str(path)], found, to_stderr=True):
        if output:  # refused before the (long) compilation, not after
            try:
                check_target(Path(output))
            except OutputError as exc:
                output_refused(exc)
        # Paths inside the outputs are relative to the design's folder: the same bytes wherever
        # dcc runs from. The terminal shows them relative to the working directory as usual.
        with paths_relative_to(path.parent), overriding(budgets):
            compilation = compile_file(path, Path(root) if root else None, overrides)
        shown = from_working_directory(compilation.diagnostics, path.parent)
        found.extend(shown)
        if compilation.model is None or compilation.results is None:
            click.echo(render_or_report(shown, fmt, color), nl=False, err=True)
            click.echo("build: nothing written (the design could not be elaborated)", err=True)
            sys.exit(2 if override_failed(shown) else 1)
        target = (
            Path(output) if output else Path("build") / _safe_dirname(compilation.model.design.name)
        )
        try:
            written = write_build(compilation, target, progress=_progress if color else None)
        except OutputError as exc:
            click.echo(render_or_report(shown, fmt, color), nl=False, err=True)
            output_refused(exc)
        # Printed after writing: emitters add notes (an SVG skipped when `dot` is missing).
        shown = from_working_directory(compilation.diagnostics, path.parent)
        click.echo(render_or_report(shown, fmt, color), nl=False, err=True)
    click.echo(f"build: wrote {len(written)} files to {target}", err=True)
    sys.exit(1 if compilation.has_errors(strict) else 0)


def _progress(stage: str) -> None:
    click.echo(f"  … {stage}", err=True)


def _safe_dirname(name: str) -> str:
    """`build/<design>`: the design's name made a safe, bounded file name (dcdsl.emit.escape)."""
    from dcdsl.emit.escape import file_stem

    return file_stem(name)
