"""The procurement view of the bill of materials: who sells each line (vendor, manufacturer part
number), where its price comes from and when, lead time where known, and the quantities per hall
and row; and `bom.xlsx`, the workbook a buyer opens.

The per-location quantities come from the racks (each rack group's contents times its count,
priced as the BOM prices them); what no rack holds (power chain, cooling plant, fabric switches
and cables outside racks, design cost lines) is listed once under "site". Per line, the
locations add up to the BOM's quantity (`tests/test_procurement.py`).
"""

from __future__ import annotations

import datetime as _dt
import io
from typing import Any

import attrs

from dcdsl.analysis.cost import BomLine, CostResult, part_line_for_use, server_lines
from dcdsl.diagnostics import escape_controls
from dcdsl.model import Model, Part

SITE = "site"  # the location of what no rack holds


@attrs.frozen
class Sourcing:
    """What a buyer needs of a part besides its price: from the part's attributes."""

    vendor: str = ""
    part_number: str = ""
    price_basis: str = ""
    price_date: str = ""
    lead_time_weeks: float | None = None


def sourcing(model: Model, part_name: str) -> Sourcing:
    part = model.parts.get(part_name)
    if not isinstance(part, Part):
        return Sourcing()
    lead = part.specs.lead_time
    return Sourcing(
        vendor=str(part.specs.vendor or ""),
        part_number=str(part.specs.part_number or part.specs.model or ""),
        price_basis=str(part.specs.price_basis or ""),
        price_date=str(part.specs.price_date or ""),
        # the schema's canonical unit for lead_time is the week
        lead_time_weeks=round(float(lead), 1) if lead is not None else None,
    )


@attrs.frozen
class LocationLine:
    hall: str
    row: str
    category: str
    part: str
    description: str
    quantity: float
    unit: str
    unit_price_usd: float | None
    recurring: bool

    @property
    def extended_usd(self) -> float | None:
        return None if self.unit_price_usd is None else self.unit_price_usd * self.quantity


def _key(line: BomLine | LocationLine) -> tuple[Any, ...]:
    return (line.category, line.part, line.unit, line.unit_price_usd, line.recurring)


def by_location(model: Model, cost: CostResult) -> list[LocationLine]:
    """Quantities per (hall, row) from the racks, and the rest of each BOM line under "site"."""
    placed: dict[tuple[Any, ...], dict[tuple[str, str], LocationLine]] = {}
    for group in model.rack_groups():
        hall = group.hall.name if group.hall is not None else ""
        row = group.row.name if group.row is not None else ""
        lines: list[BomLine] = []
        for use in group.all_contents():
            count = use.count * group.count
            if use.part.kind == "server" and use.role == "device":
                lines += server_lines(use, count)
            else:
                lines.append(part_line_for_use(use.part, count, use))
        enclosure = group.enclosure
        if isinstance(enclosure, Part):
            lines.append(part_line_for_use(enclosure, group.count, None, "rack"))
        for line in lines:
            at = placed.setdefault(_key(line), {})
            found = at.get((hall, row))
            quantity = line.quantity + (found.quantity if found else 0.0)
            at[(hall, row)] = LocationLine(
                hall,
                row,
                line.category,
                line.part,
                line.description,
                quantity,
                line.unit,
                line.unit_price_usd,
                line.recurring,
            )
    out: list[LocationLine] = []
    for line in cost.bom:
        if line.covered_by:
            continue  # budgeted by a design cost line: bought under that line
        at = placed.get(_key(line), {})
        in_racks = 0.0
        for location in at.values():
            out.append(location)
            in_racks += location.quantity
        rest = line.quantity - in_racks
        if rest > 1e-9:
            out.append(
                LocationLine(
                    SITE,
                    "",
                    line.category,
                    line.part,
                    line.description,
                    rest,
                    line.unit,
                    line.unit_price_usd,
                    line.recurring,
                )
            )
    return sorted(
        out, key=lambda x: (x.hall == SITE, x.hall, x.row, x.recurring, x.category, x.part)
    )


# --- bom.xlsx ---------------------------------------------------------------------------------------

# Fixed document properties: a rebuild gives the same bytes (no "created now" timestamp).
_FIXED_DATE = _dt.datetime(2000, 1, 1)
_BOM_COLUMNS = (
    ("Category", 12),
    ("Part", 22),
    ("Vendor", 14),
    ("Manufacturer part no.", 22),
    ("Description", 48),
    ("Quantity", 11),
    ("Unit", 9),
    ("Unit price (USD)", 15),
    ("Extended (USD)", 17),
    ("Cost type", 13),
    ("Price origin", 28),
    ("Price basis", 40),
    ("Price date", 11),
    ("Lead time (weeks)", 10),
    ("Confidence", 11),
    ("Where in the design", 26),
)


def _safe(text: str) -> str:
    """Cell text is written as a string, never a formula (XlsxWriter's write_string), with
    control and bidirectional-override characters shown escaped, as in every other output."""
    return escape_controls(text)[:32_000]


def render_xlsx(model: Model, name: str, cost: CostResult) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties(
        {
            "title": _safe(f"Bill of materials: {name}")[:255],
            "author": "dcc",
            "comments": "written by dcc build (dcdsl); prices in USD",
            "created": _FIXED_DATE,
        }
    )
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    money = book.add_format({"num_format": "#,##0.00"})
    count = book.add_format({"num_format": "#,##0.###"})
    total = book.add_format({"bold": True, "num_format": "#,##0.00", "top": 1})

    sheet = book.add_worksheet("BOM")
    for col, (title, width) in enumerate(_BOM_COLUMNS):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, width)
    for r, line in enumerate(cost.bom, start=1):
        info = sourcing(model, line.part)
        values: list[Any] = [
            line.category,
            line.part,
            info.vendor,
            info.part_number,
            line.description,
            line.quantity,
            line.unit,
            line.unit_price_usd,
            line.extended_usd,
            "opex per year" if line.recurring else "capex",
            line.price_origin if not line.covered_by else f"in {line.covered_by}",
            info.price_basis,
            info.price_date,
            info.lead_time_weeks,
            line.confidence or "",
            line.where,
        ]
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, col, _safe(value))
            else:
                sheet.write_number(r, col, float(value), money if col in (7, 8) else count)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(1, len(cost.bom)), len(_BOM_COLUMNS) - 1)

    where = book.add_worksheet("By hall and row")
    heads = (
        "Hall",
        "Row",
        "Category",
        "Part",
        "Quantity",
        "Unit",
        "Unit price (USD)",
        "Extended (USD)",
        "Cost type",
    )
    for col, title in enumerate(heads):
        where.write_string(0, col, title, bold)
    for col, width in enumerate((10, 8, 12, 22, 11, 9, 15, 17, 13)):
        where.set_column(col, col, width)
    for r, loc in enumerate(by_location(model, cost), start=1):
        where.write_string(r, 0, _safe(loc.hall))
        if loc.row:
            where.write_string(r, 1, _safe(loc.row))
        where.write_string(r, 2, _safe(loc.category))
        where.write_string(r, 3, _safe(loc.part))
        where.write_number(r, 4, loc.quantity, count)
        where.write_string(r, 5, _safe(loc.unit))
        if loc.unit_price_usd is not None:
            where.write_number(r, 6, loc.unit_price_usd, money)
            where.write_number(r, 7, loc.unit_price_usd * loc.quantity, money)
        where.write_string(r, 8, "opex per year" if loc.recurring else "capex")
    where.freeze_panes(1, 0)

    totals = book.add_worksheet("Totals")
    totals.write_string(0, 0, "Capex category", bold)
    totals.write_string(0, 1, "USD", bold)
    totals.set_column(0, 0, 22)
    totals.set_column(1, 1, 20)
    r = 1
    for key, value in cost.capex_usd.items():
        if key != "total" and value is not None:
            totals.write_string(r, 0, _safe(key))
            totals.write_number(r, 1, value, money)
            r += 1
    totals.write_string(r, 0, "total", bold)
    totals.write_number(r, 1, cost.capex_usd.get("total") or 0.0, total)
    r += 2
    totals.write_string(r, 0, "Opex per year", bold)
    totals.write_string(r, 1, "USD", bold)
    r += 1
    for key, value in cost.opex_usd_per_year.items():
        if key != "total" and value is not None:
            totals.write_string(r, 0, _safe(key))
            totals.write_number(r, 1, value, money)
            r += 1
    totals.write_string(r, 0, "total", bold)
    totals.write_number(r, 1, cost.opex_usd_per_year.get("total") or 0.0, total)
    book.close()
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite the archive with one fixed timestamp per entry (XlsxWriter stamps some entries
    with the time of writing), so that a rebuild is byte-identical."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
