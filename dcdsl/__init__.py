"""dcdsl: a declarative language for data-centre designs, and dcc, its compiler.

The Python API (docs/api.md)::

    import dcdsl

    result = dcdsl.compile("designs/pod.dc", overrides={"gpus": 8192})
    result.ok                      # no errors
    result.summary()["cost"]       # the figures of summary.json
    result.results.facility.pue    # the analyses' typed results
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from typing import TYPE_CHECKING

__version__ = "0.2.0"

if TYPE_CHECKING:
    from dcdsl.pipeline import Compilation

__all__ = ["__version__", "compile"]


def compile(
    path: str | PathLike[str],
    overrides: Mapping[str, str | int | float] | None = None,
    root: str | PathLike[str] | None = None,
) -> Compilation:
    """Compile a design file as `dcc check` does and return the compilation: ``model`` (the
    elaborated design), ``results`` (the analyses' results) and ``diagnostics``.

    ``overrides`` replace top-level `let` values, as `dcc check --set` does: numbers as numbers
    (``{"gpus": 8192}``), quantities as dcdsl text (``{"tariff": "0.06 USD/kWh"}``); an unknown
    name or a value of another dimension is a DC-LANG-050/051 diagnostic, not an exception.
    Imports are read only below ``root`` (default: the design's folder). Never raises for a
    problem in the design: every problem is a diagnostic.
    """
    from pathlib import Path

    from dcdsl.elaborate.overrides import expand_shorthand
    from dcdsl.pipeline import compile_file

    texts = {name: expand_shorthand(_text(value)) for name, value in (overrides or {}).items()}
    return compile_file(Path(path), Path(root) if root is not None else None, texts)


def _text(value: str | int | float) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(f"an override is a number or dcdsl text, not {type(value).__name__}")
    return value if isinstance(value, str) else repr(value)
