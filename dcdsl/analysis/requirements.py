"""Requirements: the design's `require` assertions, evaluated against the computed results.

Runs last, after cost. A requirement is a comparison (`capex.total <= 10e9 USD`,
`power.it_kw <= 130 MW`, `power.pue <= 1.3`, `counts.gpus >= 1000`) whose names are paths into
the results, with units: money in USD, power in kW, energy in kWh (the summary.json fields).
The expression machinery (units, `let`s, functions) is the elaborator's; only path lookup is
new. Each outcome is stored in ``results.requirements``; the DC-REQ rules report them.
"""

from __future__ import annotations

from typing import Any

import attrs

from dcdsl import number_format, units
from dcdsl.analysis.results import Results
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, Label, Span, error, warning
from dcdsl.elaborate.evaluate import EvalError, Evaluator
from dcdsl.model import Model, Requirement
from dcdsl.syntax import tree as t

# Registered (with titles and docs) by dcdsl.rules.requirements, which reports the outcomes.
FAILED = "DC-REQ-001"
UNKNOWN_PATH = code("DC-REQ-002")
NOT_COMPUTED = code("DC-REQ-003")
NOT_A_COMPARISON = code("DC-REQ-004")

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
SYMBOL = {"<=": "≤", ">=": "≥", "!=": "≠", "==": "=", "<": "<", ">": ">"}


@attrs.frozen
class Outcome:
    requirement: Requirement
    status: str  # pass, fail, error (the diagnostic says why), unknown (not computed)
    left: units.Quantity | None = None
    right: units.Quantity | None = None
    diagnostic: Diagnostic | None = None

    @property
    def text(self) -> str:
        return " ".join(self.requirement.span.snippet.split())


def _q(value: float | None, unit: str = "") -> units.Quantity | None:
    if value is None:
        return None
    return units.Quantity.of(float(value), unit) if unit else units.number(float(value))


def namespace(model: Model, results: Results) -> dict[str, units.Quantity | None]:
    """Every path a `require` may name, with its value as a quantity (None: not computed)."""
    ns: dict[str, units.Quantity | None] = {}
    load = results.load
    ns["counts.gpus"] = _q(load.gpus if load else None)
    ns["counts.nodes"] = _q(load.nodes if load else None)
    ns["counts.racks"] = _q(load.rack_count if load else None)
    ns["counts.halls"] = _q(len(model.halls))
    facility = results.facility
    it_kw = results.power.it_kw if results.power else None
    if it_kw is None:
        it_kw = load.it_kw if load else None
    ns["power.it_kw"] = _q(it_kw, "kW")
    ns["power.facility_kw"] = _q(facility.facility_kw if facility else None, "kW")
    ns["power.pue"] = _q(facility.pue if facility else None)
    ns["energy_kwh_per_year"] = _q(facility.energy_kwh_per_year if facility else None, "kWh")
    ns["water_l_per_year"] = _q(facility.water_l_per_year if facility else None, "L")
    cost = results.cost
    capex = cost.capex_usd if cost else {}
    for key in ("total", "compute", "network", "storage", "power", "cooling", "facility",
                "software", "other"):  # fmt: skip
        ns[f"capex.{key}"] = _q(capex.get(key), "USD")
    opex: dict[str, float | None] = dict(cost.opex_usd_per_year) if cost else {"total": None}
    for key, value in opex.items():
        ns[f"opex.{key}"] = _q(value, "USD/year")
    tco = cost.tco if cost else None
    ns["tco.total"] = _q(tco.total_usd if tco else None, "USD")
    ns["tco.present_value"] = _q(tco.present_value_usd if tco else None, "USD")
    ns["tco.annualised"] = _q(tco.annualised_usd_per_year if tco else None, "USD/year")
    ns["tco.usd_per_gpu_hour"] = _q(tco.usd_per_gpu_hour if tco else None, "USD/hour")
    rent = cost.rent_or_buy if cost else None
    ns["rent.breakeven_on_demand"] = _q(rent.breakeven_on_demand if rent else None)
    ns["rent.breakeven_reserved"] = _q(rent.breakeven_reserved if rent else None)
    for name, fabric in sorted(results.fabrics.items()):
        for key, count in (
            ("endpoints", fabric.endpoints),
            ("tiers", fabric.tiers),
            ("switches", fabric.switches),
            ("links", fabric.links),
            ("cables", fabric.cables),
            ("transceivers", fabric.transceivers),
        ):
            ns[f"fabrics.{name}.{key}"] = _q(count)
        ns[f"fabrics.{name}.power_kw"] = _q(fabric.power_kw, "kW")
    return ns


class _NotComputed(Exception):
    def __init__(self, path: str, span: Span):
        super().__init__(path)
        self.path = path
        self.span = span


class _Evaluator(Evaluator):
    """The elaborator's evaluator, with dotted paths looked up in the results."""

    def __init__(self, ns: dict[str, units.Quantity | None], lets: dict[str, Any]):
        super().__init__({})
        self.ns = ns
        self.lets = lets

    def _Path(self, node: t.Path) -> Any:
        dotted = node.dotted
        if dotted in self.ns:
            value = self.ns[dotted]
            if value is None:
                raise _NotComputed(dotted, node.span)
            return value
        if len(node.parts) == 1 and node.parts[0] in self.lets:
            value = self.lets[node.parts[0]]
            if isinstance(value, int | float) and not isinstance(value, bool):
                return units.number(float(value))
            return value
        raise EvalError(_unknown_path(dotted, node.span, sorted(self.ns)))


def _unknown_path(dotted: str, span: Span, known: list[str]) -> Diagnostic:
    from dcdsl.syntax.parse import suggest

    below = [k for k in known if k.startswith(dotted + ".")]
    close = below[0] if len(below) == 1 else suggest(dotted, known)
    heads = sorted({k.split(".")[0] for k in known})
    if len(below) > 1:
        hint = f"`{dotted}` is a group: name one of {', '.join(f'`{k}`' for k in below[:9])}"
    elif close:
        hint = f"did you mean `{close}`?"
    else:
        hint = f"requirements name computed figures: {', '.join(heads)} (docs/outputs.md)"
    return error(
        UNKNOWN_PATH,
        f"`require` names `{dotted}`, which is not a computed figure",
        span,
        primary_label="unknown",
        help=hint,
    )


def show(q: units.Quantity) -> str:
    """A quantity for a requirement's message: money as `9.4145 B USD` (six significant figures:
    a value close to its limit must not print as the limit itself), the rest by
    units.format_quantity."""
    if q.dims == units.dims_of_unit("USD"):
        return number_format.usd(q.magnitude, 6)
    if q.dims == units.dims_of_unit("USD/year"):
        return f"{number_format.usd(q.to('USD/year'), 6)}/year"
    return units.format_quantity(q, 4)


def evaluate(requirement: Requirement, ev: _Evaluator) -> Outcome:
    expr = requirement.expr
    if not (isinstance(expr, t.BinOp) and expr.op in COMPARISONS):
        return Outcome(
            requirement,
            "error",
            diagnostic=error(
                NOT_A_COMPARISON,
                "`require` needs a comparison",
                expr.span,
                help="compare a computed figure with a limit: `require capex.total <= 80 MUSD`",
            ),
        )
    try:
        left = ev.eval(expr.left)
        right = ev.eval(expr.right)
    except EvalError as exc:
        return Outcome(requirement, "error", diagnostic=exc.diagnostic)
    except _NotComputed as exc:
        return Outcome(
            requirement,
            "unknown",
            diagnostic=warning(
                NOT_COMPUTED,
                f"cannot check this requirement: `{exc.path}` was not computed for this design",
                exc.span,
                help="give the design what that figure needs (a tariff for opex, a cooling "
                "plant or `pue` for power.pue), or remove the requirement",
            ),
        )
    for side, value in ((expr.left, left), (expr.right, right)):
        if not isinstance(value, units.Quantity):
            return Outcome(
                requirement,
                "error",
                diagnostic=error(
                    NOT_A_COMPARISON,
                    "`require` compares numbers and quantities",
                    side.span,
                    help="compare a computed figure with a limit: `require power.pue <= 1.3`",
                ),
            )
    assert isinstance(left, units.Quantity) and isinstance(right, units.Quantity)
    try:
        holds = left.compare(right, expr.op)
    except units.DimensionMismatch:
        return Outcome(
            requirement,
            "error",
            diagnostic=error(
                "DC-LANG-008",
                f"cannot compare {units.dimension_name(left.dims)} and "
                f"{units.dimension_name(right.dims)}",
                expr.span,
                labels=[
                    Label(expr.left.span, f"{units.dimension_name(left.dims)} ({show(left)})"),
                    Label(expr.right.span, f"{units.dimension_name(right.dims)} ({show(right)})"),
                ],
                help=f"write the limit in a unit of {units.dimension_name(left.dims)}",
            ),
        )
    if holds:
        return Outcome(requirement, "pass", left, right)
    notes = [f"computed {_text(expr.left)} = {show(left)}"]
    if requirement.reason:
        notes.append(f"because: {requirement.reason}")
    return Outcome(
        requirement,
        "fail",
        left,
        right,
        error(
            FAILED,
            f"requirement failed: {_text(expr.left)} is {show(left)}, "
            f"the limit is {SYMBOL[expr.op]} {show(right)}",
            requirement.span,
            labels=[Label(expr.left.span, f"computed: {show(left)}")],
            notes=notes,
            help="change the design until it holds, or change the limit if it is out of date",
        ),
    )


def _text(expr: t.Expr) -> str:
    return " ".join(expr.span.snippet.split())


def analyse(model: Model, results: Results) -> None:
    ns = namespace(model, results)
    ev = _Evaluator(ns, model.lets)
    results.requirements = [evaluate(r, ev) for r in model.requirements]


def outcomes(results: Results) -> list[Outcome]:
    return list(results.requirements)
