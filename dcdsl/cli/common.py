"""What the `dcc` commands share: the design files they read, `--limit`, `--root` and `--set`,
and diagnostics rendered in the format asked for."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import click

from dcdsl.cli.failures import internal_errors_reported, render_safely
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, group_alike, render_json, render_text_all

IO_MISSING = code("DC-IO-001")
IO_UNWRITABLE = code("DC-IO-002")
IO_UNKNOWN_RULE = code("DC-IO-003")
IO_NOT_OURS = code("DC-IO-010")

FORMATS = ("text", "json")
# `dcc check` also speaks the CI formats (dcdsl.emit.ci_formats).
CHECK_FORMATS = (*FORMATS, "sarif", "github", "junit")


def existing_files(paths: Sequence[str]) -> list[Path]:
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


def limit_overrides(values: tuple[str, ...]) -> dict[str, int]:
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


def limit_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--limit NAME=N`, on every command that reads designs (docs/security.md)."""
    return click.option(
        "--limit",
        "limit",
        multiple=True,
        metavar="NAME=N",
        help="Raise (or lower) a size limit for this run, e.g. racks=2e7. Repeatable; "
        "the limits are listed in docs/security.md.",
    )(command)


def sandbox_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--root` and `--limit`, shared by `check` and `build` (docs/security.md)."""
    command = limit_option(command)
    return click.option(
        "--root",
        type=click.Path(file_okay=False, exists=True),
        default=None,
        help="Folder that imports may read from (default: the design file's folder).",
    )(command)


def set_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--set NAME=VALUE`: a variant of the design with a top-level `let` replaced."""
    return click.option(
        "--set",
        "assignments",
        multiple=True,
        metavar="NAME=VALUE",
        help="Replace the value of a top-level `let`, e.g. --set gpus=1024 or "
        "--set tariff='0.06 USD/kWh' (1k, 10k, 2.5M for plain numbers). Repeatable.",
    )(command)


def let_overrides(assignments: tuple[str, ...], fmt: str) -> dict[str, str]:
    """Parsed `--set` pairs; a malformed one is a usage error (exit 2)."""
    from dcdsl.elaborate.overrides import parse_assignments

    overrides, problems = parse_assignments(assignments)
    if problems:
        click.echo(render_or_report(problems, fmt, False), nl=False, err=True)
        sys.exit(2)
    return overrides


def override_failed(diagnostics: Sequence[Diagnostic]) -> bool:
    """A `--set` the design cannot take is the command's fault, not the design's: exit 2."""
    from dcdsl.elaborate.overrides import UNKNOWN_NAME, WRONG_VALUE

    return any(d.code in (UNKNOWN_NAME, WRONG_VALUE) for d in diagnostics)


def render(diagnostics: list[Diagnostic], fmt: str, color: bool, files: Sequence[str] = ()) -> str:
    """Diagnostics in one format; findings alike but for their place are grouped ("× 6,255")."""
    diagnostics = group_alike(diagnostics)
    if fmt == "text":
        return render_text_all(diagnostics, color)
    if fmt == "json":
        return render_json(diagnostics)
    from dcdsl.emit import ci_formats  # hashlib and xml.etree: only for the CI formats

    renderers: dict[str, Callable[[list[Diagnostic]], str]] = {
        "sarif": lambda ds: ci_formats.render_sarif(ds, files),
        "github": lambda ds: ci_formats.render_github(ds, files),
        "junit": lambda ds: ci_formats.render_junit(ds, files),
    }
    return renderers[fmt](diagnostics)


def render_or_report(
    diagnostics: list[Diagnostic], fmt: str, color: bool, files: Sequence[str] = ()
) -> str:
    return render_safely(lambda ds: render(ds, fmt, color, files), diagnostics, files)


def errors_reported(
    fmt: str, files: Sequence[str], found: list[Diagnostic], to_stderr: bool
) -> AbstractContextManager[None]:
    return internal_errors_reported(
        lambda ds: render(ds, fmt, False, files), files, found, to_stderr
    )
