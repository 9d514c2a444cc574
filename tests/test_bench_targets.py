"""The scaled designs bench/targets.py times are what its table says they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.targets import _scaled
from dcdsl.pipeline import compile_file


@pytest.mark.parametrize(
    ("racks_per_hall", "racks", "gpus"),
    [(62_500, 312_500, 10_000_000), (200_000, 1_000_000, 32_000_000)],
)
def test_scaled_designs(tmp_path: Path, racks_per_hall: int, racks: int, gpus: int) -> None:
    load = compile_file(_scaled(tmp_path, racks_per_hall)).results.load
    assert load is not None
    assert (load.rack_count, load.gpus) == (racks, gpus)
