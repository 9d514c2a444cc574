"""`dcc`: the command-line front end. Thin: it calls the pipeline and renders what comes back.

Exit codes (a contract): 0 no errors; 1 the design has errors (or warnings with --strict);
2 usage or I/O errors (missing file, unwritable output directory). Never a Python traceback.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import click

from dcdsl import __version__
from dcdsl.cli_failures import (
    EXIT_SIGINT,
    EXIT_SIGTERM,
    Terminated,
    from_working_directory,
    internal_errors_reported,
    interrupted,
    one_line,
    output_refused,
    raise_terminated,
    render_safely,
)
from dcdsl.codes import code
from dcdsl.diagnostics import (
    Diagnostic,
    escape_controls,
    group_alike,
    internal_error,
    render_json,
    render_text_all,
    sort_diagnostics,
)

IO_MISSING = code("DC-IO-001")
IO_UNWRITABLE = code("DC-IO-002")
IO_UNKNOWN_RULE = code("DC-IO-003")
IO_NOT_OURS = code("DC-IO-010")

FORMATS = ("text", "json")
# `dcc check` also speaks the CI formats (dcdsl.emit.ci_formats).
CHECK_FORMATS = (*FORMATS, "sarif", "github", "junit")

EPILOG_MAIN = """\b
Examples:
  dcc check designs/pod.dc                 validate a design (exit 1 on errors)
  dcc check designs/*.dc --format json     machine-readable diagnostics
  dcc build designs/pod.dc -o build/pod    write summary.json, BOM, diagrams, report
  dcc fmt --check designs/                 is every design in the canonical layout?
  dcc diff --base origin/main designs/pod.dc   what a change does to cost, power, counts
"""


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        # Caught here, inside click's own handler that would print "Aborted!" and exit 1.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            interrupted("SIGINT", EXIT_SIGINT)
        except Terminated:
            interrupted("SIGTERM", EXIT_SIGTERM)

    def main(self, *args: Any, **kwargs: Any) -> Any:  # never a traceback, whatever happens
        try:
            previous = signal.signal(signal.SIGTERM, raise_terminated)
        except (ValueError, OSError):  # not the main thread (embedding): leave it
            previous = None
        try:
            return super().main(*args, **kwargs)
        except SystemExit:
            raise
        except KeyboardInterrupt:
            interrupted("SIGINT", EXIT_SIGINT)
        except Terminated:
            interrupted("SIGTERM", EXIT_SIGTERM)
        except Exception as exc:  # pragma: no cover - a bug of ours; say so and exit 2
            click.echo(
                f"error[DC-INTERNAL-001]: internal error: {type(exc).__name__}: "
                f"{one_line(str(exc))}\n"
                "help: this is a bug in dcc, not in your design; please report it",
                err=True,
            )
            sys.exit(2)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


@click.group(
    cls=_Group, epilog=EPILOG_MAIN, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="dcc")
def main() -> None:
    """dcc: compile data-centre designs written in dcdsl (.dc files)."""


def _existing_files(paths: Sequence[str]) -> list[Path]:
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        for p in missing:
            what = (
                "is a directory"
                if Path(p).is_dir()
                else "is not a regular file"
                if Path(p).exists()
                else "not found"
            )
            click.echo(f"error[DC-IO-001]: {p}: {what}", err=True)
            click.echo("help: pass the path of a .dc file", err=True)
        sys.exit(2)
    return [Path(p) for p in paths]


def _limits(values: tuple[str, ...]) -> dict[str, int]:
    """`--limit racks=2e7 --limit years=2000` → {"racks": 20000000, "years": 2000}."""
    from dcdsl.limits import parse_override

    parsed: dict[str, int] = {}
    for text in values:
        try:
            name, amount = parse_override(text)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--limit") from None
        parsed[name] = amount
    return parsed


def _sandbox_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--root` and `--limit`, shared by `check` and `build` (docs/security.md)."""
    command = click.option(
        "--limit",
        "limit",
        multiple=True,
        metavar="NAME=N",
        help="Raise (or lower) a size limit for this run, e.g. racks=2e7. Repeatable; "
        "the limits are listed in docs/security.md.",
    )(command)
    return click.option(
        "--root",
        type=click.Path(file_okay=False, exists=True),
        default=None,
        help="Folder that imports may read from (default: the design file's folder).",
    )(command)


def _set_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--set NAME=VALUE`: a variant of the design with a top-level `let` replaced."""
    return click.option(
        "--set",
        "assignments",
        multiple=True,
        metavar="NAME=VALUE",
        help="Replace the value of a top-level `let`, e.g. --set gpus=1024 or "
        "--set tariff='0.06 USD/kWh' (1k, 10k, 2.5M for plain numbers). Repeatable.",
    )(command)


def _overrides(assignments: tuple[str, ...], fmt: str) -> dict[str, str]:
    """Parsed `--set` pairs; a malformed one is a usage error (exit 2)."""
    from dcdsl.elaborate.overrides import parse_assignments

    overrides, problems = parse_assignments(assignments)
    if problems:
        click.echo(_render_safely(problems, fmt, False), nl=False, err=True)
        sys.exit(2)
    return overrides


def _override_failed(diagnostics: Sequence[Diagnostic]) -> bool:
    """A `--set` the design cannot take is the command's fault, not the design's: exit 2."""
    from dcdsl.elaborate.overrides import UNKNOWN_NAME, WRONG_VALUE

    return any(d.code in (UNKNOWN_NAME, WRONG_VALUE) for d in diagnostics)


def _render(diagnostics: list[Diagnostic], fmt: str, color: bool, files: Sequence[str] = ()) -> str:
    """Diagnostics in one format; findings alike but for their place are grouped ("× 6,255")."""
    from dcdsl.emit import ci_formats

    diagnostics = group_alike(diagnostics)

    renderers: dict[str, Callable[[list[Diagnostic]], str]] = {
        "text": lambda ds: render_text_all(ds, color),
        "json": render_json,
        "sarif": lambda ds: ci_formats.render_sarif(ds, files),
        "github": lambda ds: ci_formats.render_github(ds, files),
        "junit": lambda ds: ci_formats.render_junit(ds, files),
    }
    return renderers[fmt](diagnostics)


def _render_safely(
    diagnostics: list[Diagnostic], fmt: str, color: bool, files: Sequence[str] = ()
) -> str:
    return render_safely(lambda ds: _render(ds, fmt, color, files), diagnostics, files)


def _internal_errors_reported(
    fmt: str, files: Sequence[str], found: list[Diagnostic], to_stderr: bool
) -> AbstractContextManager[None]:
    return internal_errors_reported(
        lambda ds: _render(ds, fmt, False, files), files, found, to_stderr
    )


@main.command(
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
@_sandbox_options
@_set_option
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

    budgets = _limits(limit)
    overrides = _overrides(assignments, fmt)
    paths = _existing_files(files)
    diagnostics: list[Diagnostic] = []
    failed = crashed = False
    shown = [str(p) for p in paths]
    with _internal_errors_reported(fmt, shown, diagnostics, to_stderr=False):
        for path in paths:
            try:
                with overriding(budgets):
                    compilation = compile_file(path, Path(root) if root else None, overrides)
            except Exception as exc:  # a bug of ours: this file's crash, the others still count
                diagnostics.append(internal_error(exc, f"checking {path}", str(path)))
                crashed = True
                continue
            diagnostics.extend(compilation.diagnostics)
            crashed = crashed or _override_failed(compilation.diagnostics)
            failed = failed or compilation.has_errors(strict)
            # A bug caught inside the pipeline (located there) is still a bug: exit 2.
            crashed = crashed or any(d.code == "DC-INTERNAL-001" for d in compilation.diagnostics)
        use_color = sys.stdout.isatty() if color is None else color
        text = _render_safely(sort_diagnostics(diagnostics), fmt, use_color, shown)
    click.echo(text, nl=False)
    sys.exit(2 if crashed else 1 if failed else 0)


@main.command(
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
@_sandbox_options
@_set_option
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

    budgets = _limits(limit)
    overrides = _overrides(assignments, fmt)
    (path,) = _existing_files([file])
    color = sys.stderr.isatty()
    found: list[Diagnostic] = []
    with _internal_errors_reported(fmt, [str(path)], found, to_stderr=True):
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
            click.echo(_render_safely(shown, fmt, color), nl=False, err=True)
            click.echo("build: nothing written (the design could not be elaborated)", err=True)
            sys.exit(2 if _override_failed(shown) else 1)
        target = (
            Path(output) if output else Path("build") / _safe_dirname(compilation.model.design.name)
        )
        try:
            written = write_build(compilation, target, progress=_progress if color else None)
        except OutputError as exc:
            click.echo(_render_safely(shown, fmt, color), nl=False, err=True)
            output_refused(exc)
        # Printed after writing: emitters add notes (an SVG skipped when `dot` is missing).
        shown = from_working_directory(compilation.diagnostics, path.parent)
        click.echo(_render_safely(shown, fmt, color), nl=False, err=True)
    click.echo(f"build: wrote {len(written)} files to {target}", err=True)
    sys.exit(1 if compilation.has_errors(strict) else 0)


@main.command(
    epilog="""\b
Editors start it; see docs/editors.md (VS Code, Neovim, any LSP client).
  dcc lsp                                  serve the Language Server Protocol on stdin/stdout
"""
)
@click.option(
    "--debounce-ms",
    type=click.IntRange(min=0),
    default=None,
    help="Wait this long after an edit before checking (default 50).",
)
def lsp(debounce_ms: int | None) -> None:
    """Run the language server over stdio: diagnostics, hover, definitions, completion."""
    from dcdsl.lsp.server import start

    # An editor stops the server with SIGTERM: stop at once (nothing to clean up), without
    # waiting for compiles running on worker threads as a Python-level exit would.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    start(debounce_ms)


@main.command(
    epilog="""\b
Examples:
  dcc fmt designs/                         rewrite every .dc file below designs/
  dcc fmt --check design.dc                exit 1 if it would change (CI, pre-commit)
  dcc fmt --diff design.dc                 show what would change, write nothing
  cat design.dc | dcc fmt -                format standard input to standard output
"""
)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file would change.")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print a unified diff; write nothing; exit 1 if a file would change.",
)
def fmt(files: tuple[str, ...], check: bool, show_diff: bool) -> None:
    """Format designs in the one canonical layout, comments kept (exit 0, 1 would change, 2 error)."""
    from dcdsl.syntax.format import run_fmt

    status = run_fmt(
        files,
        check,
        show_diff,
        out=lambda text: click.echo(text, nl=False),
        err=lambda text: click.echo(text, nl=False, err=True),
        stdin_text=lambda: sys.stdin.read(),
    )
    sys.exit(status)


@main.command(
    epilog="""\b
Examples:
  dcc diff old.dc new.dc                            Markdown for a pull-request comment
  dcc diff --base origin/main designs/pod.dc        compare with the file on the target branch
  dcc diff old.dc new.dc --format json              machine-readable
  dcc diff --base main pod.dc --fail-on capex+5%    exit 1 if capex grows by more than 5 %
"""
)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--base",
    "base",
    default=None,
    metavar="REV",
    help="Compare FILE with its version at git revision REV (read with git show).",
)
@click.option("--format", "fmt", type=click.Choice(("md", "json")), default="md", show_default=True)
@click.option(
    "--fail-on",
    "fail_on",
    multiple=True,
    metavar="METRIC+N[%]",
    help="Exit 1 when METRIC grows by more than N (or N %), e.g. capex+5%, racks+0. Repeatable.",
)
def diff(files: tuple[str, ...], base: str | None, fmt: str, fail_on: tuple[str, ...]) -> None:
    """Compare two versions of a design: cost, power, counts, BOM lines and diagnostics."""
    from dcdsl.diff import run_diff

    status = run_diff(
        files,
        base,
        fmt,
        fail_on,
        out=lambda text: click.echo(text, nl=False),
        err=lambda text: click.echo(text, nl=False, err=True),
    )
    sys.exit(status)


@main.command(
    epilog="""\b
Examples:
  dcc catalog                         every standard part, one line each
  dcc catalog h100 --kind server      search by name or description
  dcc catalog dgx_h100                one part in full, with its source
  dcc catalog --design pod.dc         the parts a design sees, its price books applied
"""
)
@click.argument("query", required=False)
@click.option("--kind", default=None, help="Only parts of this kind (server, switch, ups, …).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--design",
    type=click.Path(dir_okay=False),
    default=None,
    help="List the parts this design sees (its own parts and price books included).",
)
def catalog(query: str | None, kind: str | None, fmt: str, design: str | None) -> None:
    """List catalogue parts with their key specs, price and source."""
    from dcdsl.catalog.query import CatalogError, catalog_command
    from dcdsl.diagnostics import DcError

    design_path = _existing_files([design])[0] if design else None
    try:
        text = catalog_command(query, kind, fmt, design_path)
        if fmt == "text":  # part names and descriptions from a design: no raw control bytes
            text = escape_controls(text, keep_newlines=True)
        click.echo(text, nl=not text.endswith("\n"))
    except CatalogError as exc:
        click.echo(exc.render(), err=True)
        sys.exit(2)
    except DcError as exc:
        click.echo(_render(exc.diagnostics, "text", False), nl=False, err=True)
        sys.exit(1)


@main.command(
    epilog="""\b
Examples:
  dcc explain DC-POWER-002                the rule, its formula, threshold, source and an example
  dcc explain --all > docs/checks.md      the whole checks reference (Markdown)
"""
)
@click.argument("rule_id", required=False)
@click.option("--all", "everything", is_flag=True, help="Print the whole checks reference.")
def explain(rule_id: str | None, everything: bool) -> None:
    """Show a rule's entry from the checks reference."""
    from dcdsl.codes import all_codes
    from dcdsl.codes.reference import reference_markdown
    from dcdsl.explain import UnknownRule
    from dcdsl.explain import explain as explain_rule
    from dcdsl.syntax.parse import suggest

    if everything or rule_id is None:
        if rule_id is not None or not everything:
            click.echo(f"error[{IO_UNKNOWN_RULE}]: give one rule id, or --all", err=True)
            sys.exit(2)
        click.echo(reference_markdown(), nl=False)
        return
    try:
        click.echo(explain_rule(rule_id), nl=False)
    except UnknownRule:
        close = suggest(rule_id.upper(), [c.id for c in all_codes()])
        click.echo(f"error[{IO_UNKNOWN_RULE}]: no rule `{rule_id}`", err=True)
        click.echo(
            f"help: did you mean `{close}`?" if close else "help: rule ids look like DC-POWER-001",
            err=True,
        )
        sys.exit(2)


def _progress(stage: str) -> None:
    click.echo(f"  … {stage}", err=True)


def _safe_dirname(name: str) -> str:
    """`build/<design>`: the design's name made a safe, bounded file name (dcdsl.emit.escape)."""
    from dcdsl.emit.escape import file_stem

    return file_stem(name)


def _register_exports() -> None:
    from dcdsl.export.cli import export_group, netbox_group

    main.add_command(export_group)
    main.add_command(netbox_group)


_register_exports()


def _register_variants() -> None:
    from dcdsl.cli_variants import compare, init, sweep

    main.add_command(sweep)
    main.add_command(compare)
    main.add_command(init)


_register_variants()


if __name__ == "__main__":  # pragma: no cover
    main()
