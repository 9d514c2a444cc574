"""Parts and the small value types of the model: ratios, redundancy, parts and their uses."""

from __future__ import annotations

from typing import Any

import attrs

from dcdsl.diagnostics import Span

Value = Any  # a part spec: float (canonical unit), int, str, bool, Ratio, Redundancy, Part, list


@attrs.frozen
class Ratio:
    """Oversubscription and similar down:up ratios."""

    down: float
    up: float

    @property
    def value(self) -> float:
        return self.down / self.up

    def __str__(self) -> str:
        return f"{_num(self.down)}:{_num(self.up)}"


@attrs.frozen
class Redundancy:
    """N (paths=1, spares=0), N+k (1, k), 2N (2, 0), 2(N+k) (2, k: k spares in each path),
    2N+k (2, 0, shared=k: two full paths plus k units shared by both)."""

    paths: int = 1
    spares: int = 0
    shared: int = 0

    def __str__(self) -> str:
        inner = "N" if self.spares == 0 else f"N+{self.spares}"
        if self.paths == 1:
            return inner
        text = f"{self.paths}N" if self.spares == 0 else f"{self.paths}({inner})"
        return f"{text}+{self.shared}" if self.shared else text

    def units_needed(self, n: int) -> int:
        """Units to install when N units carry the load."""
        return self.paths * (n + self.spares) + self.shared


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@attrs.define(eq=False)
class Part:
    """A catalogue or design part: a kind, its specs in canonical units, price and source."""

    name: str
    kind: str
    values: dict[str, Value]
    span: Span | None = None
    base: Part | None = None  # `extends = other_part`
    price_origin: str = "catalogue"  # or the price book that set the price

    def get(self, key: str, default: Value = None) -> Value:
        if key in self.values:
            return self.values[key]
        if self.base is not None:
            return self.base.get(key, default)
        return default

    def has(self, key: str) -> bool:
        return key in self.values or (self.base is not None and self.base.has(key))

    def all_values(self) -> dict[str, Value]:
        merged = self.base.all_values() if self.base is not None else {}
        merged.update(self.values)
        return merged

    @property
    def description(self) -> str:
        return str(self.get("description", self.name))

    @property
    def price_usd(self) -> float | None:
        price = self.get("price")
        return None if price is None else float(price)


@attrs.define(eq=False)
class PartUse:
    """A part used somewhere with a count and attribute overrides (`device dgx_h100 * 4 { … }`)."""

    part: Part
    count: int
    overrides: dict[str, Value]
    span: Span | None
    role: str  # the block kind that used it: device, rack_pdu, cdu, …
    label: str | None = None  # a name given at the use ("n0001")

    def get(self, key: str, default: Value = None) -> Value:
        if key in self.overrides:
            return self.overrides[key]
        return self.part.get(key, default)
