"""Golden tests per language construct: a .dc case and its elaborated model (a JSON dump), and
error cases with their exact rendered diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from dcdsl.diagnostics import render_text_all, sort_diagnostics
from dcdsl.elaborate import elaborate_file
from dcdsl.elaborate.dump import dumps
from tests.conftest import GOLDEN, ROOT, check_golden


def _cases(folder: str) -> list[Path]:
    base = GOLDEN / folder
    cases = sorted(base.glob("*.dc")) + sorted(base.glob("*/main.dc"))
    return cases


@pytest.mark.parametrize("case", _cases("elaborate"), ids=lambda p: str(p.relative_to(GOLDEN)))
def test_elaborated_model(case: Path) -> None:
    model, diagnostics = elaborate_file(case.relative_to(ROOT))
    assert [d for d in diagnostics if d.is_error] == []
    assert model is not None
    check_golden(case.with_suffix(".json"), dumps(model))


@pytest.mark.parametrize("case", _cases("errors"), ids=lambda p: str(p.relative_to(GOLDEN)))
def test_error_messages(case: Path) -> None:
    model, diagnostics = elaborate_file(case.relative_to(ROOT))
    assert model is None, "an error case must not elaborate"
    assert any(d.is_error for d in diagnostics)
    check_golden(case.with_suffix(".txt"), render_text_all(sort_diagnostics(diagnostics)))
