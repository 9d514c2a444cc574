"""bom.csv, bom.md, bom.json: one line per part (and per design cost line), from results.cost.

Columns: category, part, description, quantity, unit, unit price, extended price, cost type
(capex, or opex per year), where in the design the line comes from (file:line), price origin
(catalogue part, price book, design), confidence, and a note with the arithmetic. Money is in
USD. Numbers are written without rounding beyond a millionth, so a sum of the CSV reproduces
summary.json; the Markdown is for people and rounds to whole dollars.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from dcdsl import number_format
from dcdsl.analysis.cost import BomLine, CostResult
from dcdsl.diagnostics import json_dumps
from dcdsl.emit.escape import csv_text, md_code, md_text
from dcdsl.emit.procurement import Sourcing, by_location, render_xlsx, sourcing
from dcdsl.model import Model
from dcdsl.pipeline import Compilation
from dcdsl.schemas import schema_uri

FORMAT_VERSION = "1.0"
COLUMNS = (
    "category",
    "part",
    "description",
    "quantity",
    "unit",
    "unit_price_usd",
    "extended_usd",
    "cost_type",
    "where",
    "price_origin",
    "confidence",
    "note",
    # procurement (dcdsl.emit.procurement): from the part's attributes, blank where unknown
    "vendor",
    "part_number",
    "price_basis",
    "price_date",
    "lead_time_weeks",
)

NUMERIC_COLUMNS = frozenset({"quantity", "unit_price_usd", "extended_usd", "lead_time_weeks"})


def _json_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    rounded = round(float(value), 6)
    return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded


def cost_type(line: BomLine) -> str:
    return "opex_per_year" if line.recurring else "capex"


def _row(line: BomLine, model: Model | None = None) -> dict[str, Any]:
    info = sourcing(model, line.part) if model is not None else Sourcing()
    return {
        "category": line.category,
        "part": line.part,
        "description": line.description,
        "quantity": line.quantity,
        "unit": line.unit,
        "unit_price_usd": line.unit_price_usd,
        "extended_usd": line.extended_usd,
        "cost_type": cost_type(line),
        "where": line.where,
        "price_origin": line.price_origin,
        "confidence": line.confidence or "",
        "note": line.note,
        "vendor": info.vendor,
        "part_number": info.part_number,
        "price_basis": info.price_basis,
        "price_date": info.price_date,
        "lead_time_weeks": info.lead_time_weeks,
    }


def _cost(compilation: Compilation) -> CostResult | None:
    results = compilation.results
    cost = results.cost if results is not None else None
    return cost if isinstance(cost, CostResult) else None


def render_csv(cost: CostResult, model: Model | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in cost.bom:
        row = _row(line, model)
        for key in COLUMNS:  # numbers written by us stay numbers; text is never a formula
            value = row[key]
            row[key] = (
                number_format.plain(value) if key in NUMERIC_COLUMNS else csv_text(str(value))
            )
        writer.writerow([row[c] for c in COLUMNS])
    return out.getvalue()


def render_json(name: str, cost: CostResult, model: Model | None = None) -> str:
    lines = []
    for line in cost.bom:
        row = _row(line, model)
        for key in ("quantity", "unit_price_usd", "extended_usd", "lead_time_weeks"):
            row[key] = _json_number(row[key])
        lines.append(row)
    doc = {
        "$schema": schema_uri("bom"),
        "format_version": FORMAT_VERSION,
        "design": name,
        "currency": "USD",
        "lines": lines,
        "capex_usd": {k: _json_number(v) for k, v in cost.capex_usd.items()},
        "opex_usd_per_year": {k: _json_number(v) for k, v in cost.opex_usd_per_year.items()},
        "unpriced": [line.part for line in cost.unpriced],
        "locations": [
            {
                "hall": loc.hall,
                "row": loc.row,
                "category": loc.category,
                "part": loc.part,
                "quantity": _json_number(loc.quantity),
                "unit": loc.unit,
                "unit_price_usd": _json_number(loc.unit_price_usd),
                "extended_usd": _json_number(loc.extended_usd),
                "cost_type": "opex_per_year" if loc.recurring else "capex",
            }
            for loc in (by_location(model, cost) if model is not None else [])
        ],
    }
    return json_dumps(doc)


def render_markdown(name: str, cost: CostResult) -> str:
    out = [f"# Bill of materials: {md_text(name)}", ""]
    out.append(
        "All prices in USD. Quantities are counts unless a unit says otherwise. A unit price "
        "marked (estimate) is a planning estimate, not a quote."
    )
    out.append("")
    for title, lines in (("Capex", cost.capex_lines), ("Opex per year", cost.opex_lines)):
        if not lines:
            continue
        out += [f"## {title}", ""]
        out.append(
            "| category | part | description | quantity | unit | unit price | extended | where | price origin |"
        )
        out.append("|---|---|---|--:|---|--:|--:|---|---|")
        for line in lines:
            extended = number_format.dollars(line.extended_usd)
            if line.covered_by:
                extended = f"in {line.covered_by.split(' (')[0]}"
            cells = (
                md_text(line.category),
                md_code(line.part, in_table=True),
                md_text(line.description),
                number_format.number(line.quantity, 3),
                md_text(line.unit),
                number_format.dollars(line.unit_price_usd)
                + (
                    " (estimate)"
                    if line.confidence == "estimate" and line.unit_price_usd is not None
                    else ""
                ),
                md_text(extended),
                md_text(line.where),
                md_text(line.price_origin or "no price"),
            )
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    out += ["## Totals", "", "| capex category | USD |", "|---|--:|"]
    for key, value in cost.capex_usd.items():
        if key != "total":
            out.append(f"| {md_text(key)} | {number_format.dollars(value)} |")
    out.append(f"| **total** | **{number_format.dollars(cost.capex_usd.get('total'))}** |")
    out += ["", "| opex per year | USD |", "|---|--:|"]
    for key, value in cost.opex_usd_per_year.items():
        if key != "total":
            out.append(f"| {md_text(key)} | {number_format.dollars(value)} |")
    out.append(f"| **total** | **{number_format.dollars(cost.opex_usd_per_year.get('total'))}** |")
    if cost.unpriced:
        out += ["", "## Without a price", ""]
        out.append("These lines are not in the totals above (DC-COST-001):")
        out.append("")
        for line in cost.unpriced:
            out.append(
                f"- {md_code(line.part)}: {number_format.number(line.quantity)} "
                f"{md_text(line.unit)} ({md_text(line.where)})"
            )
    return "\n".join(out) + "\n"


def render(compilation: Compilation) -> dict[str, str | bytes]:
    cost = _cost(compilation)
    if cost is None or compilation.model is None:
        return {}
    model = compilation.model
    name = model.design.name
    return {
        "bom.csv": render_csv(cost, model),
        "bom.md": render_markdown(name, cost),
        "bom.json": render_json(name, cost, model),
        "bom.xlsx": render_xlsx(model, name, cost),
    }
