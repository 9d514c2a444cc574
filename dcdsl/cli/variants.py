"""`dcc sweep`, `dcc compare` and `dcc init`: trying variants of a design, comparing designs,
starting one. Registered on the main command group by ``dcdsl.cli``."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from dcdsl.diagnostics import Diagnostic, render_text_all


def _fail(diagnostics: list[Diagnostic]) -> None:
    click.echo(render_text_all(diagnostics), nl=False, err=True)
    sys.exit(2)


def _existing(raw: str) -> Path:
    path = Path(raw)
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "not found"
        click.echo(f"error[DC-IO-001]: {raw}: {what}\nhelp: pass the path of a .dc file", err=True)
        sys.exit(2)
    return path


@click.command(
    epilog="""\b
Examples:
  dcc sweep pod.dc --set gpus=1k,8k,32k                 three sizes: table, CSV and plots
  dcc sweep pod.dc --set gpus=1k,8k --set tariff="0.05 USD/kWh,0.08 USD/kWh"   every combination
  dcc sweep pod.dc --set gpus=1k,8k -o build/sweep       where to write (default build/sweep-<design>)
"""
)
@click.argument("file", type=click.Path(dir_okay=True))
@click.option(
    "--set",
    "specs",
    multiple=True,
    metavar="NAME=V1,V2,…",
    help="A top-level `let` and the values to try (1k, 10k, 2.5M for plain numbers). "
    "Repeatable: every combination is run.",
)
@click.option("-o", "--output", default=None, type=click.Path(), help="Output folder.")
def sweep(file: str, specs: tuple[str, ...], output: str | None) -> None:
    """Compile a design once per value of its `let`s; write sweep.csv, sweep.json and plots of
    cost, power and PUE per variant (exit 0; 1 when a variant has errors; 2 usage errors)."""
    from dcdsl.emit.escape import file_stem
    from dcdsl.emit.output_dir import OutputError, check_target, replace_folder
    from dcdsl.pipeline import compile_file
    from dcdsl.variants import (
        VariantError,
        render_csv,
        render_json,
        render_markdown,
        render_plots,
        run_variant,
        sweep_settings,
    )

    path = _existing(file)
    try:
        settings = sweep_settings(specs)
    except VariantError as exc:
        _fail([exc.diagnostic])
    names = list(settings[0])
    variants = []
    for values in settings:
        label = ", ".join(f"{k}={v}" for k, v in values.items())
        click.echo(f"  … {label}", err=True)
        variant, diagnostics = run_variant(path, values, label, compile_file)
        usage = [d for d in diagnostics if d.code in ("DC-LANG-050", "DC-LANG-051")]
        if usage:
            _fail(usage)  # the same for every variant: say it once
        variants.append(variant)
    compiled = next((v for v in variants if v.summary is not None), None)
    design = str(compiled.summary["design"]) if compiled and compiled.summary else path.stem
    target = Path(output) if output else Path("build") / f"sweep-{file_stem(design)}"
    files: dict[str, str | bytes] = {
        "sweep.csv": render_csv(variants, names),
        "sweep.json": render_json(variants),
        "sweep.md": render_markdown(variants, f"dcc sweep: {design}"),
        **render_plots(variants, names[0]),
    }
    try:
        check_target(target)
        replace_folder(target, files)
    except OutputError as exc:
        click.echo(f"error[{exc.code}]: {exc}\nhelp: {exc.help}", err=True)
        sys.exit(2)
    click.echo(files["sweep.md"], nl=False)
    click.echo(f"sweep: wrote {len(files)} files to {target}", err=True)
    sys.exit(1 if any(v.errors for v in variants) else 0)


@click.command(
    epilog="""\b
Examples:
  dcc compare designs/seed-100k.dc designs/ai-100k.dc          markdown, side by side
  dcc compare a.dc b.dc c.dc --format csv > compare.csv
"""
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("md", "csv", "json")),
    default="md",
    show_default=True,
)
def compare(files: tuple[str, ...], fmt: str) -> None:
    """Compare designs side by side: cost, power, PUE, energy, counts and unit costs
    (exit 0; 1 when a design has errors; 2 usage errors)."""
    from dcdsl.pipeline import compile_file
    from dcdsl.variants import render_csv, render_json, render_markdown, run_variant

    if len(files) < 2:
        click.echo("error[DC-IO-003]: compare needs two or more designs", err=True)
        sys.exit(2)
    paths = [_existing(f) for f in files]
    variants = [run_variant(p, {}, str(p), compile_file)[0] for p in paths]
    if fmt == "csv":
        click.echo(render_csv(variants, []), nl=False)
    elif fmt == "json":
        click.echo(render_json(variants), nl=False)
    else:
        click.echo(render_markdown(variants, "dcc compare"), nl=False)
    sys.exit(1 if any(v.errors for v in variants) else 0)


def starter_text() -> str:
    return resources.files("dcdsl").joinpath("starter.dc").read_text(encoding="utf-8")


@click.command(
    epilog="""\b
Examples:
  dcc init                 writes design.dc here
  dcc init designs/pod.dc  writes designs/pod.dc (never over an existing file)
"""
)
@click.argument("file", default="design.dc", type=click.Path(dir_okay=False))
def init(file: str) -> None:
    """Write a commented starter design that checks clean: DGX H100 nodes, 2N power, rear-door
    cooling, an InfiniBand fabric, every count computed from `let gpus`."""
    path = Path(file)
    if path.exists() or path.is_symlink():
        click.echo(
            f"error[DC-IO-002]: {file} exists; dcc init never overwrites a file\n"
            "help: name another file: dcc init designs/new.dc",
            err=True,
        )
        sys.exit(2)
    try:
        with path.open("x", encoding="utf-8") as handle:  # x: fails rather than overwrite
            handle.write(starter_text())
    except OSError as exc:
        click.echo(
            f"error[DC-IO-002]: cannot write {file}: {exc.strerror or exc}\n"
            "help: check that the folder exists and is writable",
            err=True,
        )
        sys.exit(2)
    click.echo(f"init: wrote {file}; next: dcc check {file}", err=True)
