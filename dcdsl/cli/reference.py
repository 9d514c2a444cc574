"""`dcc catalog` and `dcc explain`: the catalogue's parts and the checks reference."""

from __future__ import annotations

import sys

import click

from dcdsl.cli.common import FORMATS, IO_UNKNOWN_RULE, existing_files, render
from dcdsl.diagnostics import escape_controls


@click.command(
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

    design_path = existing_files([design])[0] if design else None
    try:
        text = catalog_command(query, kind, fmt, design_path)
        if fmt == "text":  # part names and descriptions from a design: no raw control bytes
            text = escape_controls(text, keep_newlines=True)
        click.echo(text, nl=not text.endswith("\n"))
    except CatalogError as exc:
        click.echo(exc.render(), err=True)
        sys.exit(2)
    except DcError as exc:
        click.echo(render(exc.diagnostics, "text", False), nl=False, err=True)
        sys.exit(1)


@click.command(
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
