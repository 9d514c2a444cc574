"""`expression_depth` (docs/security.md, Limits): operators, brackets, calls, lists and minus
signs each add a level, in both parsers, wherever an expression is written; past the budget the
design gets one located DC-LIMIT-001 that names the limit, the depth and the `--limit` flag, and
never a RecursionError, a hang or another exception, however deep the input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dcdsl import limits
from dcdsl.diagnostics import DcError, Diagnostic, Severity, SourceFile
from dcdsl.pipeline import compile_text
from dcdsl.syntax.descent import parse_tokens
from dcdsl.syntax.parse import parse_reference
from dcdsl.syntax.scanner import scan

DESIGN = 'design "x" {}\n'
DEEP = 100_000

# One level of nesting around an expression `e`, as a user writes it.
WRAPPERS: dict[str, Callable[[str], str]] = {
    "brackets": lambda e: f"({e})",
    "minus": lambda e: f"-{e}",
    "list": lambda e: f"[{e}]",
    "call": lambda e: f"abs({e})",
    "second argument": lambda e: f"max(1, {e})",
}


def _nest(kind: str, depth: int, leaf: str = "1") -> str:
    """``leaf`` inside ``depth`` levels of one kind of nesting: an expression ``depth + 1`` deep,
    written without Python recursion."""
    before, after = WRAPPERS[kind]("\0").split("\0")
    return before * depth + leaf + after * depth


def _parsers(text: str, too_deep_for_python: bool = False) -> list[Diagnostic]:
    """The diagnostics of a parse (none when it parses), with both parsers agreeing: the same
    tree, or both refusing the text (the descent parser may decline a text it cannot recurse
    through, which within the default budget never happens)."""
    source = SourceFile("deep.dc", text)
    tokens = scan(source)
    fast = parse_tokens(source, tokens)
    try:
        reference = parse_reference(source, tokens)
    except DcError as exc:
        assert fast is None, "the descent parser took a file the reference refuses"
        return exc.diagnostics
    assert fast == reference or (too_deep_for_python and fast is None)
    return []


def _over(diagnostics: list[Diagnostic], depth: int, budget: int) -> None:
    """Exactly one error, DC-LIMIT-001, naming the limit, the depth found and the way out."""
    (found,) = diagnostics
    assert found.code == "DC-LIMIT-001", found.message
    assert found.message == (
        f"this expression is nested {depth:,} levels, over the limit `expression_depth` of "
        f"{budget:,} levels"
    )
    assert found.help is not None and "--limit expression_depth=N" in found.help
    assert found.span is not None and found.span.file == "deep.dc"


@pytest.mark.parametrize("kind", list(WRAPPERS))
def test_each_kind_of_nesting_counts_one_level(kind: str) -> None:
    budget = limits.value("expression_depth")
    assert _parsers("a = " + _nest(kind, budget - 1)) == []  # exactly at the budget
    _over(_parsers("a = " + _nest(kind, budget)), budget + 1, budget)


def test_operators_count_as_the_docs_say() -> None:
    """`a + b + …` of n terms is n levels; `((1))` is 3; `(a + b) * c` is 4."""
    with limits.overriding({"expression_depth": 3}):
        assert _parsers("a = 1 + 1 + 1") == []
        assert _parsers("a = ((1))") == []
        _over(_parsers("a = 1 + 1 + 1 + 1"), 4, 3)
        _over(_parsers("a = (1 + 2) * 3"), 4, 3)
        _over(_parsers("a = (((1)))"), 4, 3)
        _over(_parsers("a = -(-1)"), 4, 3)


REPRODUCERS = {
    "100,000 brackets in a let": DESIGN + "let x = " + _nest("brackets", DEEP) + "\n",
    "100,000 nested lists": DESIGN + "let x = " + _nest("list", DEEP) + "\n",
    "100,000 minus signs": DESIGN + "let x = " + _nest("minus", DEEP) + "\n",
    "100,000 calls": DESIGN + "let x = " + _nest("call", DEEP) + "\n",
    "brackets and minus signs": DESIGN + "let x = " + "(-" * DEEP + "1" + ")" * DEEP + "\n",
    "right-nested subtractions": DESIGN + "let x = " + "1 - (" * DEEP + "1" + ")" * DEEP + "\n",
    "a chain of 100,000 terms": DESIGN + "let x = " + " + ".join(["1"] * DEEP) + "\n",
    "brackets in a block attribute": (
        'design "x" {\n  pue_target = ' + _nest("brackets", DEEP, "1.3") + "\n}\n"
    ),
    "brackets in a repeat count": (
        DESIGN + 'hall "H" { rack t * ' + _nest("brackets", DEEP) + " }\n"
    ),
    "brackets in a require": DESIGN + "require " + _nest("brackets", DEEP, "1 < 2") + "\n",
}


@pytest.mark.parametrize("name", list(REPRODUCERS))
def test_deep_nesting_is_one_located_limit_error(name: str) -> None:
    compilation = compile_text(REPRODUCERS[name], "deep.dc")
    errors = [d for d in compilation.diagnostics if d.severity is Severity.ERROR]
    _over(errors, 101, 100)
    assert errors[0].span is not None and errors[0].span.line == 2


def test_a_set_value_nested_too_deep_is_the_same_limit_error() -> None:
    deep = _nest("brackets", DEEP)
    compilation = compile_text(DESIGN + "let x = 1\n", "d.dc", overrides={"x": deep})
    (found,) = compilation.diagnostics
    assert found.code == "DC-LIMIT-001" and "nested 101 levels" in found.message
    assert found.span is not None and found.span.file.startswith("--set x")


def test_raising_the_limit_takes_what_python_could_not_recurse() -> None:
    """The descent parser stops at Python's recursion; the reference, with an explicit stack,
    takes 5,000 brackets when the budget allows them, and the tree is one number."""
    text = "a = " + _nest("brackets", 5_000)
    with limits.overriding({"expression_depth": 5_001}):
        assert _parsers(text, too_deep_for_python=True) == []
    with limits.overriding({"expression_depth": 5_000}):
        _over(_parsers(text), 5_001, 5_000)


# --- the property: any nesting parses under the budget or is DC-LIMIT-001, nothing else ---------

_BUDGET = 8  # a low budget, so that generated expressions fall on both sides of it

# (text, depth, whether it is an operand: a minus sign needs brackets around anything else)
Expression = tuple[str, int, bool]
_LEAVES = st.sampled_from(["1", "2 kW", "x.gpus", "50 %", "[]", "max()", '"s"', "2N+1"]).map(
    lambda leaf: (leaf, 1, True)
)


def _one_level(wrap: str, e: Expression) -> Expression:
    text, depth, operand = e
    if wrap == "minus" and not operand:
        return f"-({text})", depth + 2, True
    return WRAPPERS[wrap](text), depth + 1, True


def _wrapped(inner: st.SearchStrategy[Expression]) -> st.SearchStrategy[Expression]:
    one_level = st.tuples(st.sampled_from(list(WRAPPERS)), inner).map(lambda x: _one_level(*x))
    operators = st.sampled_from(["+", "-", "*", "/", "<", ">="])
    binary = st.tuples(inner, operators, inner).map(
        # both sides bracketed: a level each, then the operator's
        lambda x: (f"({x[0][0]}) {x[1]} ({x[2][0]})", 2 + max(x[0][1], x[2][1]), False)
    )
    chain = st.tuples(inner, st.integers(1, 12)).map(
        lambda x: (f"({x[0][0]})" + " + 1" * x[1], x[0][1] + 1 + x[1], False)
    )
    return st.one_of(one_level, binary, chain)


EXPRESSIONS = st.recursive(_LEAVES, _wrapped, max_leaves=12)
# Runs of one kind, far past the budget: what a hostile file does.
RUNS = st.tuples(st.sampled_from(list(WRAPPERS)), st.integers(0, 3_000)).map(
    lambda x: (_nest(x[0], x[1]), x[1] + 1, True)
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(EXPRESSIONS, RUNS))
def test_any_nesting_parses_under_the_budget_or_is_a_limit_error(
    expression: Expression,
) -> None:
    text, depth, _ = expression
    with limits.overriding({"expression_depth": _BUDGET}):
        diagnostics = _parsers(f"a = {text}\nb = 1\n")
    if depth <= _BUDGET:
        assert diagnostics == []
    else:
        _over(diagnostics, _BUDGET + 1, _BUDGET)  # bottom-up: the first level past it


@settings(max_examples=60, deadline=None)
@given(st.one_of(EXPRESSIONS, RUNS))
def test_any_nesting_compiles_to_findings_never_an_exception(
    expression: Expression,
) -> None:
    """Through the whole pipeline (the evaluator, the design's attributes): findings only."""
    text, depth, _ = expression
    design = f'design "x" {{\n  pue_target = {text}\n}}\nlet y = {text}\n'
    with limits.overriding({"expression_depth": _BUDGET}):
        compilation = compile_text(design, "deep.dc")
    codes = {d.code for d in compilation.diagnostics}
    assert not any(code.startswith("DC-INTERNAL") for code in codes), codes
    assert ("DC-LIMIT-001" in codes) == (depth > _BUDGET), codes
