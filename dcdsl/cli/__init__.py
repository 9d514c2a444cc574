"""`dcc`: the command-line front end. Thin: it calls the pipeline and renders what comes back.

The group is here; each command lives in the module `COMMANDS` names (check and build in
`check_build`, lsp/fmt/diff in `tools`, catalog and explain in `reference`, sweep/compare/init
in `variants`), what they share in `common`, and how a command fails in `failures`.

Exit codes (a contract): 0 no errors; 1 the design has errors (or warnings with --strict);
2 usage or I/O errors (missing file, unwritable output directory). Never a Python traceback.
"""

from __future__ import annotations

import signal
import sys
from importlib import import_module
from typing import Any

import click

from dcdsl import __version__
from dcdsl.cli.failures import (
    EXIT_SIGINT,
    EXIT_SIGTERM,
    Terminated,
    interrupted,
    one_line,
    raise_terminated,
)

# Each command and the module that defines it, imported when the command is run or listed:
# `dcc check` loads neither the exporters nor the variant tools.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("dcdsl.cli.check_build", "build"),
    "catalog": ("dcdsl.cli.reference", "catalog"),
    "check": ("dcdsl.cli.check_build", "check"),
    "compare": ("dcdsl.cli.variants", "compare"),
    "diff": ("dcdsl.cli.tools", "diff"),
    "explain": ("dcdsl.cli.reference", "explain"),
    "export": ("dcdsl.export.cli", "export_group"),
    "fmt": ("dcdsl.cli.tools", "fmt"),
    "init": ("dcdsl.cli.variants", "init"),
    "lsp": ("dcdsl.cli.tools", "lsp"),
    "netbox": ("dcdsl.export.cli", "netbox_group"),
    "sweep": ("dcdsl.cli.variants", "sweep"),
}

EPILOG_MAIN = """\b
Examples:
  dcc check designs/pod.dc                 validate a design (exit 1 on errors)
  dcc check designs/*.dc --format json     machine-readable diagnostics
  dcc build designs/pod.dc -o build/pod    write summary.json, BOM, diagrams, report
  dcc fmt --check designs/                 is every design in the canonical layout?
  dcc diff --base origin/main designs/pod.dc   what a change does to cost, power, counts
"""


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, name = COMMANDS[cmd_name]
            self.add_command(getattr(import_module(module), name), cmd_name)
        return self.commands.get(cmd_name)

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
