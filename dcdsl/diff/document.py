"""The comparison as JSON (`dcc diff --format json`; dcdsl/schemas/diff.schema.json): the same
figures as the Markdown, for other tools."""

from __future__ import annotations

import math
from typing import Any

from dcdsl.diagnostics import diagnostic_to_json, json_dumps
from dcdsl.diff.compare import Change, Comparison
from dcdsl.diff.sides import BomEntry, Side
from dcdsl.schemas import schema_uri

FORMAT_VERSION = "1.0"


def _json_number(value: float | None) -> float | int | None:
    if value is None or not math.isfinite(value):
        return None
    rounded = round(value, 6)
    return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded


def _change_json(c: Change) -> dict[str, Any]:
    percent = c.percent
    return {
        "key": c.key,
        "old": _json_number(c.old),
        "new": _json_number(c.new),
        "delta": _json_number(c.delta),
        "percent": _json_number(percent)
        if percent is not None and math.isfinite(percent)
        else None,
    }


def _bom_json(e: BomEntry) -> dict[str, Any]:
    return {
        "category": e.category,
        "part": e.part,
        "description": e.description,
        "quantity": _json_number(e.quantity),
        "unit": e.unit,
        "extended_usd": _json_number(e.extended_usd),
        "cost_type": "opex_per_year" if e.recurring else "capex",
    }


def comparison_document(c: Comparison) -> dict[str, Any]:
    def side(s: Side) -> dict[str, Any]:
        return {"label": s.label, "exists": s.exists, "compiled": s.compiled, "summary": s.summary}

    all_changes = [*c.headline, *c.capex, *c.opex, *(x for xs in c.fabrics.values() for x in xs)]
    return {
        "$schema": schema_uri("diff"),
        "format_version": FORMAT_VERSION,
        "old": side(c.old),
        "new": side(c.new),
        "changes": [_change_json(x) for x in all_changes if x.old is not None or x.new is not None],
        "bom": {
            "added": [_bom_json(e) for e in c.bom.added],
            "removed": [_bom_json(e) for e in c.bom.removed],
            "changed": [{"old": _bom_json(a), "new": _bom_json(b)} for a, b in c.bom.changed],
        },
        "diagnostics": {
            "introduced": [diagnostic_to_json(d) for d in c.diagnostics.introduced],
            "cleared": [diagnostic_to_json(d) for d in c.diagnostics.cleared],
            "updated": [
                {"old": diagnostic_to_json(a), "new": diagnostic_to_json(b)}
                for a, b in c.diagnostics.updated
            ],
            "unchanged": c.diagnostics.unchanged,
        },
        "thresholds": [
            {
                "spec": t.spec,
                "path": ".".join(t.path),
                "limit": _json_number(t.limit),
                "percent": t.percent,
                "evaluated": t.evaluable,
                "exceeded": t.exceeded,
                "change": _change_json(t.change) if t.change is not None else None,
            }
            for t in c.thresholds
        ],
        "failed": bool(c.failed_thresholds) or not c.new.compiled,
    }


def render_json(c: Comparison) -> str:
    return json_dumps(comparison_document(c))
