"""One side of the comparison: a compiled version's summary, BOM lines and diagnostics."""

from __future__ import annotations

from typing import Any

import attrs

from dcdsl.diagnostics import Diagnostic
from dcdsl.diff.figures import finite_number
from dcdsl.pipeline import Compilation


@attrs.frozen
class BomEntry:
    category: str
    part: str
    description: str
    quantity: float
    unit: str
    extended_usd: float | None
    recurring: bool


@attrs.define
class Side:
    label: str
    exists: bool  # False: the file is new (absent at the base revision)
    compilation: Compilation | None
    summary: dict[str, Any] | None
    bom: dict[tuple[str, str], BomEntry]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return list(self.compilation.diagnostics) if self.compilation is not None else []

    @property
    def compiled(self) -> bool:
        return self.summary is not None

    @property
    def design(self) -> str | None:
        return str(self.summary["design"]) if self.summary else None


def _bom(compilation: Compilation) -> dict[tuple[str, str], BomEntry]:
    """BOM lines grouped by (category, part), from ``results.cost``."""
    results = compilation.results
    cost = results.cost if results is not None else None
    if cost is None:
        return {}
    grouped: dict[tuple[str, str], BomEntry] = {}
    for line in cost.bom:
        category = line.category or "other"
        part = line.part or "?"
        quantity = finite_number(line.quantity) or 0.0
        extended = finite_number(line.extended_usd)
        key = (category, part)
        if key in grouped:
            old = grouped[key]
            total = (
                None
                if old.extended_usd is None or extended is None
                else old.extended_usd + extended
            )
            grouped[key] = attrs.evolve(old, quantity=old.quantity + quantity, extended_usd=total)
        else:
            grouped[key] = BomEntry(
                category,
                part,
                line.description,
                quantity,
                line.unit,
                extended,
                line.recurring,
            )
    return grouped


def side_of(label: str, compilation: Compilation | None, exists: bool = True) -> Side:
    from dcdsl.emit.summary import summary

    if compilation is None or compilation.model is None or compilation.results is None:
        return Side(label, exists, compilation, None, {})
    return Side(label, exists, compilation, summary(compilation), _bom(compilation))
