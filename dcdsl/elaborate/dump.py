"""A plain, deterministic JSON view of an elaborated model (golden tests, `dcc fmt` checks).

Objects that point at each other (a rack's feed, a part in a rack) appear by name, so the dump
is a tree. Parts from the standard library are listed by name only; a design's own parts in full.
"""

from __future__ import annotations

import json
from typing import Any

from dcdsl.model import (
    CoolingLoop,
    Hall,
    Model,
    Part,
    PartUse,
    PowerNode,
    RackGroup,
    RackType,
    Ratio,
    Redundancy,
    Row,
    Selector,
)
from dcdsl.model.attributes import spec_values
from dcdsl.units import Quantity, format_quantity


def value(v: Any) -> Any:
    if isinstance(v, bool | int | str) or v is None:
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < 2**53 else round(v, 9)
    if isinstance(v, Part):
        return f"part:{v.name}"
    if isinstance(v, PowerNode):
        return f"power:{v.path}"
    if isinstance(v, CoolingLoop):
        return f"cooling:{v.name}"
    if isinstance(v, Ratio | Redundancy):
        return str(v)
    if isinstance(v, Selector):
        return f"selector:{v.text}"
    if isinstance(v, Quantity):
        return format_quantity(v)
    if isinstance(v, PartUse):
        return use(v)
    if isinstance(v, list | tuple):
        return [value(x) for x in v]
    if isinstance(v, dict):
        return {k: value(x) for k, x in sorted(v.items())}
    return repr(v)


def use(u: PartUse) -> dict[str, Any]:
    doc: dict[str, Any] = {"part": u.part.name, "count": u.count, "role": u.role}
    if overrides := spec_values(u.overrides):
        doc["overrides"] = value(overrides)
    if u.label:
        doc["label"] = u.label
    return doc


def part(p: Part) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": p.kind, "values": value(spec_values(p.own))}
    if p.base is not None:
        doc["extends"] = p.base.name
    if p.price_origin != "catalogue":
        doc["price_origin"] = p.price_origin
    return doc


def rack_type(r: RackType) -> dict[str, Any]:
    return {"values": value(spec_values(r)), "contents": [use(u) for u in r.contents]}


def rack_group(g: RackGroup) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "type": g.rack_type.name,
        "count": g.count,
        "names": g.names_summary,
    }
    overrides = {k: v for k, v in spec_values(g).items() if k in g.overrides}
    if overrides:
        doc["values"] = value(overrides)
    if g.contents:
        doc["contents"] = [use(u) for u in g.contents]
    if g.rack_type.inline:
        doc["inline"] = rack_type(g.rack_type)
    return doc


def row(r: Row) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": r.name, "racks": [rack_group(g) for g in r.racks]}
    if values := spec_values(r):
        doc["values"] = value(values)
    return doc


def hall(h: Hall) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": h.name, "rows": [row(r) for r in h.rows]}
    if values := spec_values(h):
        doc["values"] = value(values)
    return doc


def dump(model: Model) -> dict[str, Any]:
    own_parts = {
        name: part(p)
        for name, p in sorted(model.parts.items())
        if p.span is None or not p.span.file.startswith("<std/")
    }
    return {
        "design": {"name": model.design.name, "values": value(spec_values(model.design))},
        "lets": value(model.lets),
        "parts": own_parts,
        "rack_types": {n: rack_type(r) for n, r in sorted(model.rack_types.items())},
        "halls": [hall(h) for h in model.halls],
        "power": [
            {
                "name": c.name,
                "nodes": [
                    {
                        "name": n.name,
                        "kind": n.kind,
                        "part": n.part.name if n.part else None,
                        "count": n.count,
                        "redundancy": str(n.redundancy),
                        "from": [f.path for f in n.feeds_from],
                        "values": value(spec_values(n)),
                    }
                    for n in c.nodes
                ],
            }
            for c in model.power_chains
        ],
        "cooling": [
            {
                "name": loop.name,
                "values": value(spec_values(loop)),
                "redundancy": str(loop.redundancy),
                "units": [use(u) for u in loop.units],
            }
            for loop in model.cooling_loops
        ],
        "fabrics": [{"name": f.name, "values": value(spec_values(f))} for f in model.fabrics],
        "storage": [{"name": s.name, "values": value(spec_values(s))} for s in model.storage],
        "workloads": [{"name": w.name, "values": value(spec_values(w))} for w in model.workloads],
        "costs": [{"name": c.name, "values": value(spec_values(c))} for c in model.costs],
        "requirements": [r.span.snippet for r in model.requirements],
        "allowances": [
            {"rules": list(a.rule_ids), "reason": a.reason, "scoped": a.scope is not None}
            for a in model.allowances
        ],
    }


def dumps(model: Model) -> str:
    return json.dumps(dump(model), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
