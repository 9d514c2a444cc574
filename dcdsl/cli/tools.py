"""`dcc lsp`, `dcc fmt` and `dcc diff`: the editor's server, the formatter and the comparison of
two versions of a design."""

from __future__ import annotations

import signal
import sys

import click

from dcdsl.cli.common import limit_option, limit_overrides


@click.command(
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
@limit_option
def lsp(debounce_ms: int | None, limit: tuple[str, ...]) -> None:
    """Run the language server over stdio: diagnostics, hover, definitions, completion."""
    from dcdsl.limits import override_process
    from dcdsl.lsp.server import start

    # Compiles run on the server's worker threads: the budgets hold for the whole process.
    override_process(limit_overrides(limit))

    # An editor stops the server with SIGTERM: stop at once (nothing to clean up), without
    # waiting for compiles running on worker threads as a Python-level exit would.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    start(debounce_ms)


@click.command(
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
@limit_option
def fmt(files: tuple[str, ...], check: bool, show_diff: bool, limit: tuple[str, ...]) -> None:
    """Format designs in the one canonical layout, comments kept (exit 0, 1 would change, 2 error)."""
    from dcdsl import limits
    from dcdsl.syntax.format import run_fmt

    with limits.overriding(limit_overrides(limit)):
        # one character past the budget is enough to know the input is over it
        budget = limits.value("file_size")
        status = run_fmt(
            files,
            check,
            show_diff,
            out=lambda text: click.echo(text, nl=False),
            err=lambda text: click.echo(text, nl=False, err=True),
            stdin_text=lambda: sys.stdin.read(budget + 1),
        )
    sys.exit(status)


@click.command(
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
@limit_option
def diff(
    files: tuple[str, ...],
    base: str | None,
    fmt: str,
    fail_on: tuple[str, ...],
    limit: tuple[str, ...],
) -> None:
    """Compare two versions of a design: cost, power, counts, BOM lines and diagnostics."""
    from dcdsl.diff import run_diff
    from dcdsl.limits import overriding

    with overriding(limit_overrides(limit)):
        status = run_diff(
            files,
            base,
            fmt,
            fail_on,
            out=lambda text: click.echo(text, nl=False),
            err=lambda text: click.echo(text, nl=False, err=True),
        )
    sys.exit(status)
