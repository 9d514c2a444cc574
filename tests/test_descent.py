"""The descent parser (the fast path) builds the tree the LALR parser (the reference) builds, to
the span, and takes no input the reference refuses: on every shipped design, catalogue module,
golden and fuzz-corpus file, documentation example, a list of tricky inputs, and generated
projects and their mutants."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dcdsl import limits
from dcdsl.diagnostics import DcError, SourceFile, Span
from dcdsl.syntax import lalr
from dcdsl.syntax import parse as p
from dcdsl.syntax import tree as t
from dcdsl.syntax.descent import parse_tokens
from dcdsl.syntax.scanner import KEYWORDS, LITERALS, scan
from tests.conftest import ROOT
from tests.fuzz.generate import SHIPPED_TEXT, designs, mutants


def _brackets(text: str) -> int:
    """The deepest nesting of brackets (comments and strings not told apart: a bound)."""
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def _compare(text: str, path: str = "t.dc") -> bool:
    """Assert the two parsers agree on ``text``: the same tree, or both refuse it (the
    descent parser declines only brackets nested too deep for Python's recursion); whether
    the reference took it."""
    source = SourceFile(path, text)
    tokens = scan(source)
    fast = parse_tokens(source, tokens)
    try:
        reference = p.parse_reference(source, tokens)
    except DcError:
        assert fast is None, "the descent parser took a file the reference refuses"
        return False
    if fast is None:
        assert _brackets(text) > 50, "the descent parser declined a file the reference takes"
    else:
        assert fast == reference
    return True


_DOC_EXAMPLE = re.compile(r"```dc\n(.*?)```", re.S)


def _files() -> list[Path]:
    return sorted(
        {
            *ROOT.glob("designs/**/*.dc"),
            *ROOT.glob("dcdsl/catalog/std/*.dc"),
            *ROOT.glob("tests/golden/**/*.dc"),
            *ROOT.glob("tests/fuzz/corpus/**/*.dc"),
            ROOT / "dcdsl" / "starter.dc",
        }
    )


@pytest.mark.parametrize("path", _files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_file_of_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    parses = _compare(text, str(path))
    if "designs" in path.parts or "catalog" in path.parts:
        assert parses


def test_every_documentation_example() -> None:
    examples = 0
    for doc in [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]:
        for match in _DOC_EXAMPLE.finditer(doc.read_text(encoding="utf-8")):
            examples += _compare(match.group(1))
    assert examples > 10


TRICKY = [
    "",
    "# only a comment\n",
    "rack r * 2 * 3 { height = 48 U }",
    "rack r\nheight = 4 U",
    'hall "A".."C" * 2 { row "r" { rack t * (4) } }',
    'row "a" "b".."c" { }',
    "x { }",
    "a = 1 < 2 < 3",
    "a = 1 < 2",
    "a = -(1 + 2) * 3 / -4 - 5",
    "a = (((1)))",
    "a = [1, 2,]",
    "a = [,]",
    "a = []",
    "a = f()",
    "a = f(1,)",
    "a = max(a.b.c, 2 kW * 3)",
    "a = a.",
    "a = a..b",
    "a = 80 %",
    "a = 80 % * 2",
    "a = 0.08 USD/kWh",
    "a = 2 m^2",
    "a = 1:1.5",
    "a = 2(N+1)",
    "a = 2 N+1",
    "count = 2  redundancy = N+1",
    "a = 2 foo",
    "a = 2 foo bar = 3",
    "a = 3 because",
    "true = 1",
    "a = true b = false",
    'allow DC-COOL-002, DC-POWER-001 because "reason"',
    "allow DC-COOL-002 because",
    'require a.b <= 3 kW because "why"',
    "require a > 2",
    'require (a) because "x"',
    'import "std/nvidia"',
    "import std",
    "let x = 1_000 * 2e3",
    "let = 1",
    'device dgx "n1" { position = 2 U  serial = "SN\\"1\\\\"  power_max = 10.2 kW }',
    '"a" = 1',
    "a = 1 }",
    "a { b = 1",
    "a = 'x'",
    'a = "unterminated',
    "a = $",
    "a = 1 $",
    "a = (1",
    "a = 1)",
    "a b c",
    "a = 1\n-2",
    "a = x\n(2)",
    "a = 1 =",
    "{ }",
    "a = .5e3 kW",
    "a = 5 °C",
    "a = 5 µs",
    "a = 5 kW\r\nb = 2\r\n",
    "a = 1\f",
    "rack r * 3 < 4 { }",
    "rack r { } * 3",
    'a "x" b',
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_inputs(text: str) -> None:
    _compare(text)


def test_budgets_and_deep_nesting_go_to_the_reference() -> None:
    """Past a budget, or deeper than Python's recursion allows, the LALR parser decides."""
    deep = "a = " + "(" * 3000 + "1" + ")" * 3000
    source = SourceFile("deep.dc", deep)
    assert parse_tokens(source, scan(source)) is None
    assert not _compare(deep)  # brackets count towards expression_depth
    with limits.overriding({"expression_depth": 3001}):
        assert parse_tokens(source, scan(source)) is None  # Python's recursion
        assert _compare(deep)
    assert not _compare("a = " + "-" * 150 + "1")  # expression_depth
    assert not _compare("a " * 40 + "{ }" + "}" * 40)  # block_depth
    assert not _compare("a { " * 40 + "}" * 40)
    assert _compare("a = " + "-" * 99 + "1")
    assert _compare("a = " + " + ".join(["1"] * 99))


def test_the_scanner_names_literals_as_the_grammar_does() -> None:
    """The scanner's table of literal terminals is Lark's, for the shipped grammar."""
    lark = lalr._get_parser()
    from lark.lexer import PatternStr

    literals = {
        terminal.pattern.value: str(terminal.name)
        for terminal in lark.lexer_conf.terminals
        if isinstance(terminal.pattern, PatternStr)
    }
    assert literals == LITERALS
    assert {k for k in literals if k.isidentifier()} == KEYWORDS


@settings(max_examples=60, deadline=None)
@given(designs())
def test_generated_projects(project: dict[str, bytes]) -> None:
    for data in project.values():
        _compare(data.decode("utf-8", "replace"))


@settings(max_examples=150, deadline=None)
@given(mutants())
def test_mutants(project: dict[str, bytes]) -> None:
    for data in project.values():
        _compare(data.decode("utf-8", "replace"))


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from(range(len(SHIPPED_TEXT))))
def test_token_edits_of_shipped_designs(r: random.Random, which: int) -> None:
    """A shipped design with a few tokens deleted, repeated or swapped: most edits break it,
    and where the reference refuses, the descent parser must too."""
    tokens = re.findall(r'"[^"\n]*"|\S+', SHIPPED_TEXT[which])
    for _ in range(r.randint(1, 3)):
        i = r.randrange(len(tokens))
        edit = r.choice(["delete", "repeat", "swap"])
        if edit == "delete":
            del tokens[i]
        elif edit == "repeat":
            tokens.insert(i, tokens[i])
        else:
            j = r.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
    _compare(" ".join(tokens))


def _nodes(node: object) -> list[object]:
    out = [node]
    for name in getattr(type(node), "__slots__", ()):
        value = getattr(node, name, None)
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(type(child), "__attrs_attrs__") and not isinstance(child, Span):
                out.extend(_nodes(child))
    return out


@pytest.mark.parametrize("text", ["a = 80 %", "a = 80 percent", "a = 80\t  kW * 2", "a = 3 m^2"])
def test_a_quantitys_unit_span_is_its_unit_token(text: str) -> None:
    """A quantity keeps one span; its unit's span is made from it when asked for, and is the
    span of the unit token the scanner read."""
    source = SourceFile("q.dc", text)
    tokens = scan(source)
    module = p.parse(text, "q.dc")
    quantities = [n for s in module.statements for n in _nodes(s) if isinstance(n, t.QuantityLit)]
    assert quantities
    for quantity in quantities:
        unit = tokens.ends.index(quantity.span.end)
        assert tokens.kinds[unit] in ("UNIT", "PERCENT")
        assert quantity.unit_span == tokens.span(source, unit)


def test_unit_spans_of_every_shipped_design() -> None:
    quantities = 0
    for path in _files():
        text = path.read_text(encoding="utf-8", errors="replace")
        source = SourceFile(str(path), text)
        tokens = scan(source)
        try:
            module = p.parse(text, str(path))
        except DcError:
            continue
        ends = {end: i for i, end in enumerate(tokens.ends)}
        for statement in module.statements:
            for node in _nodes(statement):
                if isinstance(node, t.QuantityLit):
                    assert node.unit_span == tokens.span(source, ends[node.span.end])
                    quantities += 1
                elif isinstance(node, t.Attribute):
                    assert node.span == t.join_spans(node.name_span, node.value.span)
    assert quantities > 500
