"""Variants of a design: `--set NAME=VALUE` replaces the value of a top-level `let`.

Used by `dcc check/build --set`, `dcc sweep` and `dcdsl.compile(path, overrides=…)`. The value is
dcdsl expression text (`100000`, `1.2 MW`, `2 * racks`); plain numbers may use the shorthand
`1k`, `10k`, `2.5M`. The override must keep the kind of value the design's `let` gives (a
number stays a number, a power stays a power): a variant that changed dimension would fail far
from the cause. Errors point into the `--set` text, shown as `let NAME = VALUE`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from dcdsl import units
from dcdsl.codes import code
from dcdsl.diagnostics import DcError, Diagnostic, SourceFile, Span, error
from dcdsl.elaborate.evaluate import EvalError, Evaluator, describe
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import parse, suggest

UNKNOWN_NAME = code("DC-LANG-050")
WRONG_VALUE = code("DC-LANG-051")

_SHORTHAND = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kMG])\s*$")
_SCALE = {"k": 1_000, "M": 1_000_000, "G": 1_000_000_000}


def expand_shorthand(value: str) -> str:
    """`10k` → `10000`, `2.5M` → `2500000`; anything else as written."""
    match = _SHORTHAND.match(value)
    if match is None:
        return value.strip()
    number = float(match.group(1)) * _SCALE[match.group(2)]
    return str(int(number)) if number.is_integer() else repr(number)


def parse_assignments(
    pairs: list[str] | tuple[str, ...],
) -> tuple[dict[str, str], list[Diagnostic]]:
    """`["gpus=10k", "pue=1.2"]` → `{"gpus": "10000", "pue": "1.2"}`, and errors for malformed
    pairs (no `=`, no name)."""
    found: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name) or not value.strip():
            problems.append(
                error(
                    UNKNOWN_NAME,
                    f"`--set {pair}` is not NAME=VALUE",
                    help="write `--set gpus=1024` (a top-level `let` of the design and its value)",
                )
            )
            continue
        found[name] = expand_shorthand(value)
    return found, problems


def _kind(value: Any) -> tuple[str, Any]:
    if isinstance(value, units.Quantity):
        return ("quantity", value.dims)
    return (type(value).__name__, None)


def apply_overrides(
    modules: list[t.Module], overrides: Mapping[str, str]
) -> tuple[list[t.Module], list[Diagnostic]]:
    """The modules with the design's `let`s replaced; errors for unknown names, values that do
    not parse and values of another kind than the `let` they replace."""
    if not overrides or not modules:
        return modules, []
    design = modules[-1]  # the loader appends a file after its imports: the design comes last
    lets = {s.name: s for s in design.statements if isinstance(s, t.Let)}
    all_lets = {s.name: s for m in modules for s in m.statements if isinstance(s, t.Let)}
    original = Evaluator(all_lets)
    replaced: dict[str, t.Let] = {}
    problems: list[Diagnostic] = []
    for name, text in overrides.items():
        source_text = f"let {name} = {text}\n"
        shown = f"--set {name}"
        if name not in lets:
            source = SourceFile(shown, source_text)
            span = Span(source, 1, 5, 1, 5 + len(name), 4, 4 + len(name))
            close = suggest(name, list(lets))
            problems.append(
                error(
                    UNKNOWN_NAME,
                    f"`--set {name}`: the design has no top-level `let {name}`",
                    span,
                    help=(f"did you mean `{close}`? " if close else "")
                    + (
                        f"the design's lets: {', '.join(sorted(lets))}"
                        if lets
                        else "the design has no top-level `let` to set"
                    ),
                )
            )
            continue
        try:
            parsed = parse(source_text, shown)
        except DcError as exc:
            # a budget exceeded stays DC-LIMIT-001, with its `--limit` way out
            problems.extend(
                d if d.code.startswith("DC-LIMIT") else attrs.evolve(d, code=WRONG_VALUE)
                for d in exc.diagnostics
            )
            continue
        statement = parsed.statements[0] if len(parsed.statements) == 1 else None
        if not isinstance(statement, t.Let):
            problems.append(
                error(WRONG_VALUE, f"`--set {name}={text}` is not one value", help="quote it")
            )
            continue
        problem = _check_kind(name, lets[name], statement, original, all_lets)
        if problem is not None:
            problems.append(problem)
            continue
        replaced[name] = attrs.evolve(lets[name], value=statement.value)
    if problems:
        return modules, problems
    statements = tuple(
        replaced.get(s.name, s) if isinstance(s, t.Let) else s for s in design.statements
    )
    return [*modules[:-1], attrs.evolve(design, statements=statements)], []


def _check_kind(
    name: str, let: t.Let, new: t.Let, original: Evaluator, lets: dict[str, t.Let]
) -> Diagnostic | None:
    try:
        before = original.let_value(name, let.span)
        after = Evaluator({**lets, name: new}).let_value(name, new.span)
    except EvalError as exc:
        if exc.diagnostic.span is not None and exc.diagnostic.span.file.startswith("--set"):
            return attrs.evolve(exc.diagnostic, code=WRONG_VALUE)
        return None  # the design's own `let` fails: the elaborator reports that where it is
    if _kind(before) == _kind(after):
        return None
    return error(
        WRONG_VALUE,
        f"`--set {name}`: the design's `let {name}` is {describe(before)}; "
        f"the value given is {describe(after)}",
        new.value.span,
        primary_label="of another kind",
        help=f"give `{name}` a value of the same kind as in the design, e.g. "
        f"`--set {name}={_example(before)}`",
    )


def _example(value: Any) -> str:
    if isinstance(value, units.Quantity):
        return units.format_quantity(value).replace(",", "")
    return str(value)
