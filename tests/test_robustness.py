"""Property tests: whatever the input, the checker answers with diagnostics, never a traceback.

Valid designs are mutated (tokens deleted, duplicated, swapped) and random text is fed in; the
exit code is 0, 1 or 2, no Python exception escapes, and every diagnostic lies inside the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcdsl.cli import main
from dcdsl.pipeline import compile_text
from tests.conftest import GOLDEN

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((GOLDEN / "elaborate").glob("*.dc"))]
TOKEN = re.compile(r'"[^"\n]*"|\d[\d_.]*|[A-Za-z_]\w*|\.\.|[<>=!]=|\S')


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


@st.composite
def mutated_design(draw: st.DrawFn) -> str:
    tokens = _tokens(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not tokens:
            break
        i = draw(st.integers(min_value=0, max_value=len(tokens) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "replace"]))
        if action == "delete":
            del tokens[i]
        elif action == "duplicate":
            tokens.insert(i, tokens[i])
        elif action == "swap" and i + 1 < len(tokens):
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
        else:
            tokens[i] = draw(
                st.sampled_from(["{", "}", "=", "*", '"x"', "kW", "N+1", "1:1", "..", "-", "0"])
            )
    return " ".join(tokens)


def _assert_located(text: str) -> None:
    compilation = compile_text(text, "fuzz.dc")
    for d in compilation.diagnostics:
        assert not d.code.startswith("DC-INTERNAL"), d.message
        if d.span is not None and d.span.file == "fuzz.dc":
            assert 0 <= d.span.start <= d.span.end <= len(text), d
            assert 1 <= d.span.line <= max(1, text.count("\n") + 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_design())
def test_mutated_designs_never_raise(text: str) -> None:
    _assert_located(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_random_text_never_raises(text: str) -> None:
    _assert_located(text)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated_design())
def test_cli_exit_codes(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fuzz")
    path = Path(folder) / "design.dc"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
