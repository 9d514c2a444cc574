"""Comparing two sides: headline figures, categories, diagnostics and BOM lines, and the
`--fail-on` thresholds.

``--fail-on capex+5%`` (repeatable, or comma-separated) turns growth into exit code 1: growth by
more than 5 % of the old value, or ``racks+0`` by more than an absolute amount in the figure's
own unit (USD, kW, count). Exit codes: 0 compared (thresholds kept), 1 a threshold exceeded or the
new version cannot be compiled, 2 usage or I/O errors (missing file, unknown revision).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from dcdsl.diagnostics import Diagnostic, error
from dcdsl.diff.errors import DiffError
from dcdsl.diff.figures import ALIASES, FABRIC_KEYS, HEADLINE, lookup
from dcdsl.diff.sides import BomEntry, Side


@attrs.frozen
class Change:
    key: str
    label: str
    kind: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def percent(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        if self.old == 0:
            return 0.0 if self.new == 0 else math.copysign(math.inf, self.new)
        return (self.new - self.old) / abs(self.old) * 100.0

    @property
    def changed(self) -> bool:
        if self.old is None or self.new is None:
            return self.old != self.new
        return not math.isclose(self.old, self.new, rel_tol=1e-9, abs_tol=1e-9)


@attrs.frozen
class Threshold:
    spec: str
    metric: str
    path: tuple[str, ...]
    limit: float
    percent: bool
    change: Change | None = None

    @property
    def evaluable(self) -> bool:
        return self.change is not None and self.change.delta is not None

    @property
    def exceeded(self) -> bool:
        if self.change is None or self.change.delta is None:
            return False
        if self.percent:
            growth = self.change.percent
            return growth is not None and growth > self.limit + 1e-9
        return self.change.delta > self.limit + 1e-9


_SPEC = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\+\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")


def parse_thresholds(specs: Iterable[str]) -> list[Threshold]:
    thresholds = []
    for raw in specs:
        for spec in (s for s in raw.split(",") if s.strip()):
            m = _SPEC.match(spec)
            if m is None:
                raise DiffError(
                    error(
                        "DC-DIFF-001",
                        f"cannot read --fail-on `{spec}`",
                        notes=[
                            "the form is METRIC+N% (growth in per cent) or METRIC+N (growth in the figure's unit)"
                        ],
                        help="write e.g. --fail-on capex+5%  or  --fail-on racks+0",
                    )
                )
            name, number, percent = m.group(1), float(m.group(2)), bool(m.group(3))
            thresholds.append(Threshold(spec.strip(), name, _metric_path(name), number, percent))
    return thresholds


def _metric_path(name: str) -> tuple[str, ...]:
    if name in ALIASES:
        return ALIASES[name].path
    head, _, rest = name.partition(".")
    if head == "capex" and rest:
        return ("cost", "capex_usd", rest)
    if head == "opex" and rest:
        return ("cost", "opex_usd_per_year", rest)
    if "." in name:
        return tuple(name.split("."))
    known = ", ".join(sorted(ALIASES))
    raise DiffError(
        error(
            "DC-DIFF-001",
            f"unknown --fail-on figure `{name}`",
            notes=[
                f"figures: {known}; capex.<category>, opex.<category>, or any summary.json path"
            ],
            help="write e.g. --fail-on capex+5%  or  --fail-on capex.network+10%",
        )
    )


def kind_of(path: Sequence[str]) -> str:
    if "capex_usd" in path or "opex_usd_per_year" in path:
        return "usd"
    if path and path[-1].endswith("_kw"):
        return "kw"
    if path and path[-1] == "pue":
        return "ratio"
    return "count"


@attrs.define
class DiagnosticChanges:
    introduced: list[Diagnostic]
    cleared: list[Diagnostic]
    updated: list[tuple[Diagnostic, Diagnostic]]  # same finding, other figures (old, new)
    unchanged: int


def _diag_key(d: Diagnostic) -> tuple[str, str, str]:
    return (d.severity.value, d.code, d.message)


def _diag_family(d: Diagnostic) -> tuple[str, str, str]:
    return (d.severity.value, d.code, re.sub(r"\d[\d.,]*", "#", d.message))


def compare_diagnostics(old: Sequence[Diagnostic], new: Sequence[Diagnostic]) -> DiagnosticChanges:
    old_left = list(old)
    new_left: list[Diagnostic] = []
    unchanged = 0
    pool = Counter(_diag_key(d) for d in old)
    for d in new:
        if pool[_diag_key(d)] > 0:
            pool[_diag_key(d)] -= 1
            unchanged += 1
            old_left.remove(next(o for o in old_left if _diag_key(o) == _diag_key(d)))
        else:
            new_left.append(d)
    updated: list[tuple[Diagnostic, Diagnostic]] = []
    introduced: list[Diagnostic] = []
    for d in new_left:
        match = next((o for o in old_left if _diag_family(o) == _diag_family(d)), None)
        if match is None:
            introduced.append(d)
        else:
            old_left.remove(match)
            updated.append((match, d))
    return DiagnosticChanges(introduced, old_left, updated, unchanged)


@attrs.define
class BomChanges:
    added: list[BomEntry]
    removed: list[BomEntry]
    changed: list[tuple[BomEntry, BomEntry]]


def compare_bom(
    old: dict[tuple[str, str], BomEntry], new: dict[tuple[str, str], BomEntry]
) -> BomChanges:
    added = [new[k] for k in sorted(new.keys() - old.keys())]
    removed = [old[k] for k in sorted(old.keys() - new.keys())]
    changed = []
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key], new[key]
        same_cost = (a.extended_usd is None) == (b.extended_usd is None) and (
            a.extended_usd is None
            or math.isclose(a.extended_usd, b.extended_usd or 0.0, abs_tol=0.005)
        )
        if not math.isclose(a.quantity, b.quantity, abs_tol=1e-9) or not same_cost:
            changed.append((a, b))
    return BomChanges(added, removed, changed)


@attrs.define
class Comparison:
    old: Side
    new: Side
    headline: list[Change]
    capex: list[Change]
    opex: list[Change]
    fabrics: dict[str, list[Change]]
    bom: BomChanges
    diagnostics: DiagnosticChanges
    thresholds: list[Threshold]

    @property
    def failed_thresholds(self) -> list[Threshold]:
        return [t for t in self.thresholds if t.exceeded]


def _categories(
    old: dict[str, Any] | None, new: dict[str, Any] | None, where: tuple[str, str]
) -> list[Change]:
    keys: set[str] = set()
    for summary in (old, new):
        node = summary.get(where[0], {}).get(where[1], {}) if summary else {}
        keys.update(k for k in node if k != "total")
    return [
        Change(f"{where[1]}.{k}", k, "usd", lookup(old, (*where, k)), lookup(new, (*where, k)))
        for k in sorted(keys)
    ]


def compare(old: Side, new: Side, thresholds: Sequence[Threshold] = ()) -> Comparison:
    a, b = old.summary, new.summary
    headline = [
        Change(m.key, m.label, m.kind, lookup(a, m.path), lookup(b, m.path)) for m in HEADLINE
    ]
    fabrics: dict[str, list[Change]] = {}
    names = sorted(set((a or {}).get("fabrics", {})) | set((b or {}).get("fabrics", {})))
    for name in names:
        fabrics[name] = [
            Change(
                f"fabrics.{name}.{k}",
                k,
                "count",
                lookup(a, ("fabrics", name, k)),
                lookup(b, ("fabrics", name, k)),
            )
            for k in FABRIC_KEYS
        ]
    evaluated = []
    for t in thresholds:
        change = Change(t.metric, t.metric, kind_of(t.path), lookup(a, t.path), lookup(b, t.path))
        evaluated.append(attrs.evolve(t, change=change))
    return Comparison(
        old,
        new,
        headline,
        _categories(a, b, ("cost", "capex_usd")),
        _categories(a, b, ("cost", "opex_usd_per_year")),
        fabrics,
        compare_bom(old.bom, new.bom),
        compare_diagnostics(old.diagnostics, new.diagnostics),
        evaluated,
    )
