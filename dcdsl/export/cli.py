"""`dcc export netbox` and `dcc netbox sync|drift`: thin click commands over this package.

Exit codes follow the contract: 0 done (sync: plan shown or applied; drift: none), 1 the design
has errors or (drift) NetBox disagrees with the design, 2 usage, I/O or NetBox errors (no
pynetbox, NetBox unreachable, a batch refused).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dcdsl.codes import code
from dcdsl.export.objects import KINDS, ExportError, ObjectSets, object_sets, record_key

if TYPE_CHECKING:
    from dcdsl.export.plan import Plan

NETBOX_EXPORT = code("DC-NETBOX-001")
NETBOX_UNAVAILABLE = code("DC-NETBOX-002")
NETBOX_APPLY = code("DC-NETBOX-003")
NETBOX_DRIFT = code("DC-NETBOX-004")


def _fail(rule: str, message: str, help_text: str, status: int = 2) -> None:
    click.echo(f"error[{rule}]: {message}\nhelp: {help_text}", err=True)
    sys.exit(status)


def _compile(file: str, allow_errors: bool) -> ObjectSets:
    from dcdsl.cli.common import existing_files, render
    from dcdsl.pipeline import compile_file

    (path,) = existing_files([file])
    compilation = compile_file(path)
    color = sys.stderr.isatty()
    if compilation.model is None or (compilation.has_errors() and not allow_errors):
        click.echo(render(compilation.diagnostics, "text", color), nl=False, err=True)
        what = "could not be elaborated" if compilation.model is None else "has errors"
        click.echo(f"netbox: nothing exported (the design {what})", err=True)
        sys.exit(1)
    try:
        return object_sets(compilation)
    except ExportError as exc:
        _fail(NETBOX_EXPORT, str(exc), "fix the design and run the command again", 1)
        raise  # unreachable


@click.group("export")
def export_group() -> None:
    """Write the design in another tool's import formats."""


@export_group.command(
    "netbox",
    epilog="""\b
Examples:
  dcc export netbox designs/pod.dc -o build/pod-netbox
""",
)
@click.argument("file", type=click.Path(dir_okay=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="Output directory (default: build/<design-name>-netbox/).",
)
def export_netbox(file: str, output: str | None) -> None:
    """NetBox 4.x bulk-import CSVs, device-type library YAML and a manifest."""
    from dcdsl.export.netbox_files import ExportWriteError, write_export

    sets = _compile(file, allow_errors=True)
    target = Path(output) if output else Path("build") / f"{sets.site}-netbox"
    try:
        manifest = write_export(sets, target)
    except ExportWriteError as exc:
        _fail("DC-IO-002", str(exc), "choose another output directory with -o DIR")
    except ExportError as exc:
        _fail(NETBOX_EXPORT, str(exc), "fix the design and run the command again", 1)
    counts = ", ".join(f"{n} {k}" for k, n in manifest["counts"].items())
    click.echo(f"export: wrote {len(manifest['files']) + 1} files to {target} ({counts})", err=True)
    has_errors = sets.compilation.has_errors()
    sys.exit(1 if has_errors else 0)


@click.group("netbox")
def netbox_group() -> None:
    """Keep a NetBox in step with the design (needs pynetbox: pip install 'dcdsl[netbox]')."""


_CONNECTION = [
    click.argument("file", type=click.Path(dir_okay=True)),
    click.option("--url", required=True, help="NetBox's base URL, e.g. https://netbox.example.com"),
    click.option(
        "--token-env",
        default="NETBOX_TOKEN",
        show_default=True,
        help="Name of the environment variable that holds the API token.",
    ),
    click.option(
        "--workers",
        default=4,
        show_default=True,
        type=click.IntRange(1, 16),
        help="API requests in flight at once (pages read, batches written); 1: one at a time.",
    ),
]


def _connection(command: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(_CONNECTION):
        command = option(command)
    return command


def _connect(url: str, token_env: str, workers: int) -> Any:
    from dcdsl.export.client import MissingPynetbox, NetBoxError, connect

    token = os.environ.get(token_env, "")
    if not token:
        _fail(
            NETBOX_UNAVAILABLE,
            f"the environment variable {token_env} is empty or unset",
            f"export {token_env}=<a NetBox API token with write permission>",
        )
    try:
        return connect(url, token, workers)
    except MissingPynetbox as exc:
        _fail(NETBOX_UNAVAILABLE, str(exc), "install pynetbox, then run the command again")
    except NetBoxError as exc:
        _fail(NETBOX_UNAVAILABLE, str(exc), "check --url, the token and that NetBox is running")


def _plan(api: Any, sets: ObjectSets) -> Plan:
    from dcdsl.export.client import NetBoxError, read_all
    from dcdsl.export.plan import make_plan

    desired = {kind.name: list(sets.records(kind.name)) for kind in KINDS}
    keys = {k.name: {record_key(k, r) for r in desired[k.name]} for k in KINDS}
    fields = {name: {field for r in records for field in r} for name, records in desired.items()}
    try:
        current = read_all(api, sets.tag, sets.site, keys, fields)
    except NetBoxError as exc:
        _fail(NETBOX_UNAVAILABLE, str(exc), "check the token's permissions and NetBox's log")
    return make_plan(desired, current, sets.tag)


@netbox_group.command(
    "sync",
    epilog="""\b
Examples:
  dcc netbox sync designs/pod.dc --url https://netbox.example.com          the plan only
  dcc netbox sync designs/pod.dc --url https://netbox.example.com --apply  and apply it
""",
)
@_connection
@click.option("--apply", "do_apply", is_flag=True, help="Apply the plan (default: show it).")
@click.option(
    "--batch-size",
    default=200,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Objects per API request.",
)
def sync(
    file: str, url: str, token_env: str, workers: int, do_apply: bool, batch_size: int
) -> None:
    """Plan (and with --apply, make) the changes that bring NetBox to the design."""
    from dcdsl.export.client import ApplyFailure, apply_plan
    from dcdsl.export.plan import render_plan

    sets = _compile(file, allow_errors=False)
    api = _connect(url, token_env, workers)
    plan = _plan(api, sets)
    click.echo(
        f"NetBox at {url}, design {sets.model.design.name} "
        f"(revision {sets.revision}, tag {sets.tag})"
    )
    click.echo(render_plan(plan), nl=False)
    if not do_apply:
        if not plan.empty:
            click.echo("Run again with --apply to make these changes.")
        sys.exit(0)
    if plan.empty:
        click.echo("Nothing to apply: NetBox matches the design.")
        sys.exit(0)
    try:
        applied = apply_plan(
            api, plan, sets.site, batch_size, lambda m: click.echo(f"  … {m}", err=True), workers
        )
    except ApplyFailure as exc:
        _fail(
            NETBOX_APPLY,
            str(exc),
            "everything applied is tagged and kept; fix the cause and run the same command "
            "again: the next plan starts from what NetBox holds now",
        )
    click.echo(f"Applied {applied} changes.")


@netbox_group.command(
    "drift",
    epilog="""\b
Examples:
  dcc netbox drift designs/pod.dc --url https://netbox.example.com    exit 1 on drift
""",
)
@_connection
def drift(file: str, url: str, token_env: str, workers: int) -> None:
    """Report where NetBox and the design disagree (exit 1 if they do)."""
    from dcdsl.export.plan import render_plan

    sets = _compile(file, allow_errors=False)
    api = _connect(url, token_env, workers)
    plan = _plan(api, sets)
    if plan.empty:
        click.echo(f"no drift: NetBox at {url} matches design {sets.model.design.name}")
        sys.exit(0)
    click.echo(
        f"drift[{NETBOX_DRIFT}]: NetBox at {url} differs from design "
        f"{sets.model.design.name} (revision {sets.revision}):"
    )
    click.echo(render_plan(plan), nl=False)
    click.echo("help: `dcc netbox sync --apply` brings NetBox to the design; or change the design")
    sys.exit(1)
