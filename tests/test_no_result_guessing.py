"""Results and model blocks are read by field: no ``getattr`` guesses where they are consumed.

A ``getattr(result, "name", default)`` hides a renamed or missing field behind a default (a
figure silently 0 in the report). The analysis, emit, rules and diff layers and the LSP hover
read typed fields instead, and mypy checks them; this test keeps the guesses from coming back.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import attrs

import dcdsl.analysis
from tests.conftest import ROOT

# The packages and modules that consume the model and the analysis results.
CONSUMERS = ("analysis", "emit", "rules", "diff", "lsp/hover.py")


def _consumer_files() -> list[Path]:
    files: list[Path] = []
    for name in CONSUMERS:
        path = ROOT / "dcdsl" / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def test_consumers_exist() -> None:
    assert all((ROOT / "dcdsl" / name).exists() for name in CONSUMERS)


def test_no_getattr_on_results_or_blocks() -> None:
    found = []
    for path in _consumer_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"getattr", "hasattr"}
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "read the typed field instead of guessing with getattr/hasattr: " + ", ".join(
        found
    )


def test_no_result_field_is_any() -> None:
    """Every field of every attrs class in the analysis layer has a real type (not ``Any``)."""
    untyped: list[str] = []
    for info in pkgutil.walk_packages(dcdsl.analysis.__path__, "dcdsl.analysis."):
        module = importlib.import_module(info.name)
        for name, cls in vars(module).items():
            if not (isinstance(cls, type) and attrs.has(cls) and cls.__module__ == info.name):
                continue
            for field in attrs.fields(cls):
                if re.search(r"\bAny\b", str(field.type)):
                    untyped.append(f"{info.name}.{name}.{field.name}: {field.type}")
    assert not untyped, untyped
