"""Docs move with the code: every example in docs/language.md compiles, the attribute reference
matches the schema. (docs/checks.md is rendered from dcdsl.codes: tests/test_codes.py.)"""

from __future__ import annotations

import re

import pytest

from dcdsl.elaborate import elaborate_text
from dcdsl.elaborate.schema import BLOCKS, reference_markdown
from tests.conftest import ROOT

LANGUAGE = ROOT / "docs" / "language.md"
EXAMPLE = re.compile(r"```dc\n(.*?)```", re.S)


def _examples() -> list[str]:
    return EXAMPLE.findall(LANGUAGE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("index", range(len(_examples())))
def test_language_examples_compile(index: int) -> None:
    text = _examples()[index]
    if not re.search(r"^design ", text, re.M):
        text = 'design "doc" { }\n' + text
    model, diagnostics = elaborate_text(
        text, f"docs/language.md#example-{index + 1}", ROOT / "docs"
    )
    errors = [d for d in diagnostics if d.is_error]
    assert errors == [], [d.message for d in errors]
    assert model is not None


def test_reference_section_matches_schema() -> None:
    text = LANGUAGE.read_text(encoding="utf-8")
    start = text.index("<!-- reference:start -->\n") + len("<!-- reference:start -->\n")
    end = text.index("<!-- reference:end -->")
    assert text[start:end] == reference_markdown(), (
        "docs/language.md is out of date: run `python -m dcdsl.elaborate.schema` and paste the "
        "output between the reference markers"
    )


def test_every_block_kind_is_explained() -> None:
    text = LANGUAGE.read_text(encoding="utf-8")
    for kind in BLOCKS:
        assert f"`{kind}`" in text, kind
