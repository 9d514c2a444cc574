"""The elaborated design: attrs classes that every analysis reads.

Values are plain Python numbers in the canonical unit of their attribute (power in kW, money in
USD, ...; the table is ``dcdsl.elaborate.schema``), so analyses never touch pint. Multiplicity is
kept: a rack repeated 3,000 times is one ``RackGroup`` with ``count = 3000`` and a name pattern.
Every object keeps the span of the block it came from, so a rule can point at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from dcdsl.diagnostics import Span
from dcdsl.syntax import tree as syntax

Value = (
    Any  # float (canonical unit), int, str, bool, Ratio, Redundancy, Part, list, or a model object
)


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


@attrs.define(eq=False)
class RackType:
    name: str
    values: dict[str, Value]
    contents: list[PartUse]
    span: Span | None
    inline: bool = False  # written inside a `rack` block rather than as a `rack_type`


@attrs.define(eq=False)
class RackGroup:
    """`count` racks of one type in one row, with names `names[i]` (generated, not stored)."""

    rack_type: RackType
    count: int
    values: dict[str, Value]  # instance overrides: power feeds, cooling loop, …
    span: Span | None
    name_prefix: str
    first_index: int = 1
    explicit_names: tuple[str, ...] = ()  # from a label range "r01".."r16"
    hall: Hall | None = attrs.field(default=None, repr=False)
    row: Row | None = attrs.field(default=None, repr=False)
    contents: list[PartUse] = attrs.Factory(list)  # devices added at the instance

    def name(self, index: int) -> str:
        if self.explicit_names:
            return self.explicit_names[index]
        return f"{self.name_prefix}{self.first_index + index:02d}"

    @property
    def names_summary(self) -> str:
        if self.count == 1:
            return self.name(0)
        return f"{self.name(0)}..{self.name(self.count - 1)}"

    def get(self, key: str, default: Value = None) -> Value:
        if key in self.values:
            return self.values[key]
        return self.rack_type.values.get(key, default)

    def all_contents(self) -> list[PartUse]:
        return [*self.rack_type.contents, *self.contents]


@attrs.define(eq=False)
class Row:
    name: str
    racks: list[RackGroup]
    values: dict[str, Value]
    span: Span | None
    hall: Hall | None = attrs.field(default=None, repr=False)


@attrs.define(eq=False)
class Hall:
    name: str
    rows: list[Row]
    values: dict[str, Value]
    span: Span | None

    def rack_groups(self) -> Iterator[RackGroup]:
        for row in self.rows:
            yield from row.racks


@attrs.define(eq=False)
class PowerNode:
    """A group of identical power units: `count` × part, with a redundancy, fed from upstream."""

    name: str
    kind: str  # utility, generator, switchgear, transformer, switchboard, ups, pdu, rpp, busway
    chain: str
    part: Part | None
    count: int
    redundancy: Redundancy
    values: dict[str, Value]
    span: Span | None
    feeds_from: list[PowerNode] = attrs.field(factory=list, repr=False)

    @property
    def path(self) -> str:
        return f"{self.chain}.{self.name}"

    def get(self, key: str, default: Value = None) -> Value:
        if key in self.values:
            return self.values[key]
        if self.part is not None:
            return self.part.get(key, default)
        return default


@attrs.define(eq=False)
class PowerChain:
    name: str
    nodes: list[PowerNode]
    values: dict[str, Value]
    span: Span | None

    def node(self, name: str) -> PowerNode | None:
        return next((n for n in self.nodes if n.name == name), None)


@attrs.define(eq=False)
class CoolingLoop:
    name: str
    values: dict[str, Value]  # tier, supply temperature, delta_t, …
    units: list[PartUse]  # CDUs, RDHx, CRAHs, chillers, towers with counts
    redundancy: Redundancy
    span: Span | None

    @property
    def tier(self) -> str:
        return str(self.values.get("tier", "air"))

    def get(self, key: str, default: Value = None) -> Value:
        return self.values.get(key, default)


@attrs.frozen
class Selector:
    """`H1.gpus`, `H1.A.nodes`, `gpus`: a count taken from part of the model after elaboration."""

    scope: Hall | Row | None = attrs.field(repr=False)  # None: the whole design
    what: str  # gpus, nodes, racks, …
    text: str


@attrs.define(eq=False)
class Fabric:
    name: str
    values: dict[str, Value]
    span: Span | None

    def get(self, key: str, default: Value = None) -> Value:
        return self.values.get(key, default)


@attrs.define(eq=False)
class Storage:
    name: str
    values: dict[str, Value]
    span: Span | None

    def get(self, key: str, default: Value = None) -> Value:
        return self.values.get(key, default)


@attrs.define(eq=False)
class Workload:
    name: str
    values: dict[str, Value]
    span: Span | None

    def get(self, key: str, default: Value = None) -> Value:
        return self.values.get(key, default)


@attrs.define(eq=False)
class CostLine:
    """A design's own cost line: `cost "construction" { category = facility  rate = … }`."""

    name: str
    values: dict[str, Value]
    span: Span | None

    def get(self, key: str, default: Value = None) -> Value:
        return self.values.get(key, default)


@attrs.define(eq=False)
class Requirement:
    """`require <expr>`: evaluated after analysis against the computed results."""

    expr: syntax.Expr
    reason: str | None
    span: Span


@attrs.define(eq=False)
class Allowance:
    """`allow RULE because "…"`: suppresses the rule inside ``scope`` (None: whole design)."""

    rule_ids: tuple[str, ...]
    reason: str
    span: Span
    scope: Span | None


@attrs.define(eq=False)
class Design:
    name: str
    values: dict[str, Value]
    span: Span | None

    def get(self, key: str, default: Value = None) -> Value:
        return self.values.get(key, default)


@attrs.define(eq=False)
class Model:
    design: Design
    parts: dict[str, Part] = attrs.Factory(dict)
    rack_types: dict[str, RackType] = attrs.Factory(dict)
    halls: list[Hall] = attrs.Factory(list)
    power_chains: list[PowerChain] = attrs.Factory(list)
    cooling_loops: list[CoolingLoop] = attrs.Factory(list)
    fabrics: list[Fabric] = attrs.Factory(list)
    storage: list[Storage] = attrs.Factory(list)
    workloads: list[Workload] = attrs.Factory(list)
    costs: list[CostLine] = attrs.Factory(list)
    requirements: list[Requirement] = attrs.Factory(list)
    allowances: list[Allowance] = attrs.Factory(list)
    lets: dict[str, Value] = attrs.Factory(dict)
    files: list[str] = attrs.Factory(list)  # every file read, the design's own first

    def rack_groups(self) -> Iterator[RackGroup]:
        for hall in self.halls:
            yield from hall.rack_groups()

    def power_nodes(self) -> Iterator[PowerNode]:
        for chain in self.power_chains:
            yield from chain.nodes
