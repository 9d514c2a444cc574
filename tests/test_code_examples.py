"""Every diagnostic code's example designs do what its documentation says.

An entry in ``dcdsl.codes`` may carry two whole `.dc` files: ``failing`` raises the code, and
``fixed`` (the same design, corrected) does not. Both are compiled here as files, as `dcc check`
reads them:

- the failing design reports the code; when the code is an error, it is the only error;
- the corrected design reports neither the code nor any error, and is in `dcc fmt`'s layout.

Codes without examples are listed below, each with the reason. The lists only shrink: a listed
code that gains examples fails ``test_the_lists_of_codes_without_examples_are_current`` until it
is taken off its list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dcdsl.codes import Code, all_codes
from dcdsl.codes.reference import explain
from dcdsl.diagnostics import Severity
from dcdsl.pipeline import compile_file
from dcdsl.syntax.format import format_text

# Codes that no design file can raise, by where they come from instead.
NO_DESIGN_RAISES: dict[str, str] = {
    **dict.fromkeys(
        ("DC-DIFF-001", "DC-DIFF-002", "DC-DIFF-003", "DC-DIFF-004", "DC-DIFF-005"),
        "`dcc diff`: its arguments, git and the base revision, not a design's text",
    ),
    **dict.fromkeys(
        ("DC-NETBOX-001", "DC-NETBOX-002", "DC-NETBOX-003", "DC-NETBOX-004"),
        "the NetBox export and a NetBox server, not `dcc check`",
    ),
    **dict.fromkeys(
        ("DC-IO-001", "DC-IO-002", "DC-IO-003", "DC-IO-004", "DC-IO-010", "DC-IO-011"),
        "the command line and the file system: missing files, unwritable folders, signals",
    ),
    **dict.fromkeys(
        ("DC-LANG-012", "DC-LANG-013"),
        "needs more than one file (a cycle of imports) or a file that is not readable text",
    ),
    **dict.fromkeys(("DC-LANG-050", "DC-LANG-051"), "`--set` on the command line"),
    **dict.fromkeys(("DC-INTERNAL-001", "DC-INTERNAL-002"), "a bug of ours, never a design"),
    "DC-LIMIT-002": "more findings of one code than the per-code cap: a design of hundreds of "
    "lines, too long to be an example",
    "DC-NET-008": "the machine: Graphviz's `dot` is not installed",
    "DC-POWER-013": "`dcc build` drawing the single-line diagram of a chain beyond the drawing's "
    "bound (thousands of elements), not `dcc check`",
}

# Notes that report a figure of every design that has the thing they describe: a design raises
# them, but no corrected design does without losing what the note describes.
REPORTS_A_FIGURE: dict[str, str] = {
    "DC-POWER-009": "the worst single failure of the power chains, reported for every chain",
    "DC-POWER-010": "the Uptime tier the power topology reaches, reported for every chain",
    "DC-COST-008": "the break-even utilisation of owning against renting, reported for every "
    "design that states cloud prices: without them there is nothing to compare",
}

# Codes a design can raise whose examples are not written yet (none now; keep it empty).
NOT_YET: frozenset[str] = frozenset()


def _with_examples() -> list[Code]:
    return [c for c in all_codes() if c.failing]


def _codes(path: Path, text: str) -> tuple[set[str], set[str]]:
    """The codes a design file reports, and those of them reported as errors."""
    path.write_text(text, encoding="utf-8")
    diagnostics = compile_file(path).diagnostics
    return (
        {d.code for d in diagnostics},
        {d.code for d in diagnostics if d.severity is Severity.ERROR},
    )


@pytest.mark.parametrize("entry", _with_examples(), ids=lambda c: c.id)
def test_the_failing_design_raises_the_code_and_the_fixed_one_does_not(
    entry: Code, tmp_path: Path
) -> None:
    codes, errors = _codes(tmp_path / "example.dc", entry.failing)
    assert entry.id in codes, f"{entry.id}'s failing example reports {sorted(codes)}"
    if entry.severity is Severity.ERROR:
        assert errors == {entry.id}, f"{entry.id}'s failing example: other errors {errors}"
    codes, errors = _codes(tmp_path / "example.dc", entry.fixed)
    assert entry.id not in codes, f"{entry.id}'s fixed example still reports it"
    assert not errors, f"{entry.id}'s fixed example reports errors {sorted(errors)}"
    assert format_text(entry.fixed) == entry.fixed, f"{entry.id}: run `dcc fmt` on the example"


def test_the_lists_of_codes_without_examples_are_current() -> None:
    registered = {c.id for c in all_codes()}
    with_examples = {c.id for c in _with_examples()}
    lists = (set(NO_DESIGN_RAISES), set(REPORTS_A_FIGURE), set(NOT_YET))
    listed = set().union(*lists)
    assert sum(map(len, lists)) == len(listed), "a code is on two lists"
    assert listed <= registered, f"not registered: {sorted(listed - registered)}"
    assert not listed & with_examples, (
        f"take these off the lists, they have examples now: {sorted(listed & with_examples)}"
    )
    missing = registered - with_examples - listed
    assert not missing, f"codes without examples and not listed: {sorted(missing)}"


def test_dcc_explain_shows_both_examples() -> None:
    entry = _with_examples()[0]
    text = explain(entry.id)
    assert text is not None
    assert entry.failing.rstrip() in text and entry.fixed.rstrip() in text
    assert "```dc" in text
