"""Redundancy literals: `2N+1` is two full paths plus one shared unit, not `2(N+1)`."""

from __future__ import annotations

import pytest

from dcdsl.analysis.cooling import failure_scenario, surviving_units
from dcdsl.model import Redundancy
from dcdsl.pipeline import compile_text


@pytest.mark.parametrize(
    ("literal", "expected", "units_for_3"),
    [
        ("N", Redundancy(1, 0), 3),
        ("N+1", Redundancy(1, 1), 4),
        ("N+2", Redundancy(1, 2), 5),
        ("2N", Redundancy(2, 0), 6),
        ("2(N+1)", Redundancy(2, 1), 8),
        ("2N+1", Redundancy(2, 0, 1), 7),  # 2 × 3 + 1, not 2 × (3 + 1)
        ("2N + 2", Redundancy(2, 0, 2), 8),
    ],
)
def test_literals(literal: str, expected: Redundancy, units_for_3: int) -> None:
    text = f'design "r" {{ }}\nlet r = {literal}\n'
    compilation = compile_text(text, "r.dc")
    assert compilation.model is not None
    value = compilation.model.lets["r"]
    assert value == expected
    assert value.units_needed(3) == units_for_3
    assert str(value) == literal.replace(" ", "")


def test_2n_plus_1_survives_a_path_and_one_more_unit() -> None:
    # 7 units for N = 3: lose a path (3) and one more → 3 left, enough for N
    red = Redundancy(2, 0, 1)
    assert surviving_units(7, red) == 3
    assert failure_scenario(7, red, ("CDU", "CDUs")) == (
        "1 of 2 paths (3 CDUs each) lost and 1 more failed (2N+1)"
    )
    # 2(N+1) with 8 units: a path of 4 lost and 1 more → 3 left
    assert surviving_units(8, Redundancy(2, 1)) == 3
