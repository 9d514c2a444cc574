"""`dcc fmt`: a round trip over every design and every .dc file under tests/ (idempotent, comments
kept, elaborated model unchanged), golden layouts, and the CLI's exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dcdsl.cli import main
from dcdsl.diagnostics import DcError
from dcdsl.elaborate import elaborate_text
from dcdsl.elaborate.dump import dump
from dcdsl.syntax.format import FormatError, comment_texts, format_text, quote
from dcdsl.syntax.parse import parse
from tests.conftest import GOLDEN, ROOT, check_golden

FMT = GOLDEN / "fmt"


def _corpus() -> list[Path]:
    files = sorted((ROOT / "designs").rglob("*.dc")) + sorted((ROOT / "tests").rglob("*.dc"))
    # The fuzz corpus is hostile input (a billion-name range, 10^12 racks): tests/fuzz checks it
    # under a deadline; elaborating it here, twice and unbounded, is not a formatter test.
    corpus = ROOT / "tests" / "fuzz" / "corpus"
    return [p.relative_to(ROOT) for p in files if corpus not in p.parents]


def _parses(path: Path) -> bool:
    try:
        parse(path.read_text(encoding="utf-8"), str(path))
    except DcError:
        return False
    return True


CORPUS = _corpus()
PARSEABLE = [p for p in CORPUS if _parses(ROOT / p)]


def test_the_corpus_is_not_empty() -> None:
    assert any(str(p).startswith("designs") for p in PARSEABLE), "designs/ has example designs"
    assert len(PARSEABLE) >= 20


def _model_view(text: str, path: Path) -> object:
    """The elaborated model as plain JSON, or the elaboration's errors when there is none.

    Requirements are kept as their source text in the dump; the formatter may change spacing and
    drop redundant parentheses there, so they are compared without either."""
    model, diagnostics = elaborate_text(text, str(path), (ROOT / path).parent)
    errors = sorted((d.code, d.message) for d in diagnostics if d.is_error)
    if model is None:
        return {"errors": errors}
    doc = _without_spans(json.loads(json.dumps(dump(model))))
    doc["requirements"] = [re.sub(r"[\s()]", "", r) for r in doc["requirements"]]
    return {"model": doc, "errors": errors}


def _without_spans(value: object) -> object:
    """The dump shows a few values by repr, spans included; positions are not meaning."""
    if isinstance(value, dict):
        return {k: _without_spans(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_spans(v) for v in value]
    if isinstance(value, str):
        return re.sub(r",? ?span=Span\([^)]*\)", "", value)
    return value


@pytest.mark.parametrize("path", PARSEABLE, ids=str)
def test_round_trip(path: Path) -> None:
    original = (ROOT / path).read_text(encoding="utf-8")
    formatted = format_text(original, str(path))
    assert format_text(formatted, str(path)) == formatted, "formatting twice changes nothing"
    before = comment_texts(parse(original, str(path)))
    after = comment_texts(parse(formatted, str(path)))
    assert after == before, "every comment kept, in order"
    assert _model_view(formatted, path) == _model_view(original, path), "the model is unchanged"


@pytest.mark.parametrize("case", sorted(FMT.glob("*.dc")), ids=lambda p: p.name)
def test_golden_layout(case: Path) -> None:
    formatted = format_text(case.read_text(encoding="utf-8"), str(case))
    check_golden(case.with_suffix(".expected"), formatted)
    assert format_text(formatted) == formatted


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("let x = (a + b) * c", "let x = (a + b) * c"),
        ("let x = a + (b * c)", "let x = a + b * c"),
        ("let x = a - (b - c)", "let x = a - (b - c)"),
        ("let x = (a - b) - c", "let x = a - b - c"),
        ("let x = a / (b / c)", "let x = a / (b / c)"),
        ("let x = a / (b * c)", "let x = a / (b * c)"),
        ("let x = -(a + b)", "let x = -(a + b)"),
        ("let x = - -a", "let x = -(-a)"),
        ("let x = a - -b", "let x = a - -b"),
        ("let x = -(2 kW) * 3", "let x = -2 kW * 3"),
        ("let x = max((a), [1, 2,], f())", "let x = max(a, [1, 2], f())"),
        ("require (a + b) <= (c)", "require a + b <= c"),
        ("let x=1_000_000", "let x = 1_000_000"),
        ("let x = 70e9", "let x = 70e9"),
        ("let x = 80%", "let x = 80 %"),
        ("let x = 0.08 USD/kWh", "let x = 0.08 USD/kWh"),
        ("let x = 2( N + 1 )", "let x = 2(N+1)"),
        ("let x = 1 : 1", "let x = 1:1"),
        # The lexer reads `2N + 1` as the redundancy 2N+1: sums after a redundancy keep parens.
        ("let x = (2N) + 1", "let x = (2N) + 1"),
        ("let x = -(N) + 1", "let x = (-N) + 1"),
        ("let x = a * 2N + 1", "let x = a * (2N+1)"),
        ("let x = 2 * N+1", "let x = 2 * (N+1)"),
        ("let x = 2(N+1) + 1", "let x = 2(N+1) + 1"),
        ('allow DC-A-1,DC-B-2   because "x"', 'allow DC-A-1, DC-B-2 because "x"'),
        ('design "d" { }', 'design "d" {}'),
        # `5  unit` on one line would read as the quantity 5 unit: the body is spread instead.
        ('cooling "c" { x = (5)  unit crah * 4 }', 'cooling "c" {\n  x = 5\n  unit crah * 4\n}'),
        ('cooling "c" { x = 5 kW  unit crah * 4 }', 'cooling "c" { x = 5 kW  unit crah * 4 }'),
        ('row "A" .. "D" { rack r * (n + 1) }', 'row "A".."D" { rack r * (n + 1) }'),
    ],
)
def test_expressions_and_statements(source: str, expected: str) -> None:
    assert format_text(source + "\n") == expected + "\n"


def test_parentheses_follow_precedence_exhaustively() -> None:
    """Every tree of three operands and two operators prints to text that parses back to it."""
    ops = ["+", "-", "*", "/"]
    for outer in ops:
        for inner in ops:
            for text in (f"(a {inner} b) {outer} c", f"a {outer} (b {inner} c)"):
                formatted = format_text(f"let x = {text}\n")
                assert format_text(formatted) == formatted
                assert _tree(formatted) == _tree(f"let x = {text}\n"), (text, formatted)


def _tree(text: str) -> object:
    from dcdsl.syntax.format import shape

    return shape(parse(text).statements)


def test_strings_are_re_escaped() -> None:
    value = 'a "quoted" \\ back\nslash\tand tab'
    assert parse(f"let s = {quote(value)}\n").statements[0].value.value == value  # type: ignore[union-attr]
    assert format_text('let s = "a \\"q\\" \\\\ b"\n') == 'let s = "a \\"q\\" \\\\ b"\n'


def test_comments_keep_their_place() -> None:
    source = (
        "# head\n"
        'design "d" {   # after the brace\n'
        "  a = 1 # trailing\n"
        "\n\n\n"
        "  # own line\n"
        "  bb = [1, # inside an expression\n"
        "        2]\n"
        "  # before the brace\n"
        "}  # after the block\n"
        "// the end\n"
    )
    expected = (
        "# head\n"
        'design "d" {  # after the brace\n'
        "  a = 1  # trailing\n"
        "\n"
        "  # own line\n"
        "  # inside an expression\n"
        "  bb = [1, 2]\n"
        "  # before the brace\n"
        "}  # after the block\n"
        "// the end\n"
    )
    assert format_text(source) == expected


def test_syntax_error_is_a_diagnostic() -> None:
    with pytest.raises(DcError):
        format_text('design "d" {\n')


def test_a_formatter_bug_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import dcdsl.syntax.format as fmt

    monkeypatch.setattr(fmt, "quote", lambda text: '"changed"')
    with pytest.raises(FormatError):
        format_text('design "d" {}\n')


# --- the CLI --------------------------------------------------------------------------------------

UGLY = 'design   "d" {electricity=0.08 USD/kWh}\nlet  n=4 # four\n'
PRETTY = 'design "d" { electricity = 0.08 USD/kWh }\nlet n = 4  # four\n'


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_fmt_check_and_diff_write_nothing(tmp_path: Path) -> None:
    design = tmp_path / "d.dc"
    design.write_text(UGLY, encoding="utf-8")
    code, out, err = _run("fmt", "--check", str(design))
    assert code == 1 and f"Would reformat: {design}" in out and "1 file would be reformatted" in err
    code, out, _ = _run("fmt", "--diff", str(design))
    assert code == 1
    assert f"--- a/{design}" in out and "+let n = 4  # four" in out and "-let  n=4 # four" in out
    assert design.read_text(encoding="utf-8") == UGLY


def test_fmt_rewrites_then_has_nothing_to_do(tmp_path: Path) -> None:
    design = tmp_path / "d.dc"
    design.write_text(UGLY, encoding="utf-8")
    code, _, err = _run("fmt", str(design))
    assert code == 0 and "1 file reformatted" in err
    assert design.read_text(encoding="utf-8") == PRETTY
    code, _, err = _run("fmt", "--check", str(tmp_path))  # a folder: every .dc below it
    assert code == 0 and "1 file already formatted" in err


def test_fmt_errors_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.dc"
    broken.write_text('design "d" {\n', encoding="utf-8")
    good = tmp_path / "good.dc"
    good.write_text(UGLY, encoding="utf-8")
    code, _, err = _run("fmt", "--check", str(broken), str(good))
    assert code == 2 and "DC-LANG-002" in err
    code, _, err = _run("fmt", str(tmp_path / "missing.dc"))
    assert code == 2 and "DC-IO-001" in err and "Traceback" not in err
    assert good.read_text(encoding="utf-8") == UGLY, "--check wrote nothing"


def test_fmt_stdin_to_stdout() -> None:
    code, out, _ = _run("fmt", "-", stdin=UGLY)
    assert code == 0 and out == PRETTY


# --- property: any expression, however parenthesised, keeps its tree ------------------------------


_ATOMS = st.sampled_from(
    [
        "1",
        "2.5",
        "1_000",
        "70e9",
        ".5",
        "6 MW",
        "0.08 USD/kWh",
        "80 %",
        "a",
        "b.c",
        '"s"',
        "true",
        "1:1",
        "N+1",
        "2N",
        "2(N+1)",
        "max(a, 2)",
        "[1, b]",
        "f()",
    ]
)


def _wrap(draw: st.DrawFn, text: str) -> str:
    return f"({text})" if draw(st.booleans()) else text


@st.composite
def _expressions(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return _wrap(draw, draw(_ATOMS))
    kind = draw(st.sampled_from(["bin", "bin", "bin", "neg"]))
    if kind == "neg":
        return "-(" + draw(_expressions(depth - 1)) + ")"
    op = draw(st.sampled_from(["+", "-", "*", "/"]))
    left = draw(_expressions(depth - 1))
    right = draw(_expressions(depth - 1))
    # Compound children always get parentheses here, so the text is valid whatever the ops.
    return _wrap(draw, f"({left}) {op} ({right})")


@settings(max_examples=300, deadline=None)
@given(_expressions(), st.booleans(), _expressions())
def test_any_expression_keeps_its_tree(left: str, compare: bool, right: str) -> None:
    source = f"let x = ({left}) >= ({right})\n" if compare else f"let x = {left}\n"
    formatted = format_text(source)
    assert _tree(formatted) == _tree(source)
    assert format_text(formatted) == formatted


# --- what ships is in the formatter's layout ------------------------------------------------------

_DOC_EXAMPLE = re.compile(r"```dc\n(.*?)```", re.S)
_SHIPPED = [
    *sorted((ROOT / "designs").rglob("*.dc")),
    *sorted((ROOT / "dcdsl" / "catalog" / "std").rglob("*.dc")),
    ROOT / "dcdsl" / "starter.dc",  # what `dcc init` writes
]


@pytest.mark.parametrize("path", _SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_designs_and_catalogue_are_formatted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_text(text, str(path)) == text, f"run `dcc fmt {path.relative_to(ROOT)}`"


def test_doc_examples_are_formatted() -> None:
    unformatted = []
    for doc in [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]:
        for number, match in enumerate(_DOC_EXAMPLE.finditer(doc.read_text(encoding="utf-8"))):
            if format_text(match.group(1)) != match.group(1):
                unformatted.append(f"{doc.name} example {number + 1}")
    assert not unformatted, f"format these ```dc examples with `dcc fmt -`: {unformatted}"
