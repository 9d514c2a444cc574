"""Shared test helpers: golden files read by one helper, and the repository root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def check_golden(expected_path: Path, actual: str) -> None:
    """Compare with a reviewed golden file; UPDATE_GOLDEN=1 rewrites it (review the diff!)."""
    if UPDATE or not expected_path.exists():
        expected_path.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {expected_path} was missing and has been written; review it")
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Diagnostics show paths relative to the working directory; goldens assume the repo root.
    monkeypatch.chdir(ROOT)
