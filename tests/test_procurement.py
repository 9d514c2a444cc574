"""The procurement BOM: sourcing columns from the parts, quantities per hall and row that add up
to the BOM, and bom.xlsx (byte-identical on rebuild, the same lines as bom.csv)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from dcdsl.cli import main
from dcdsl.emit.procurement import SITE, by_location, render_xlsx
from dcdsl.pipeline import compile_text

DESIGN = """
design "buy" { electricity = 0.08 USD/kWh }
import "std/compute"
import "std/racks"
part srv {
  kind        = server
  vendor      = "Acme"
  part_number = "AC-1U-7713"
  power_max   = 0.5 kW
  height      = 1 U
  price       = 9000 USD
  price_basis = "quote Q-17"
  price_date  = "2026-01-17"
  lead_time   = 12 week
}
rack_type r { height = 42 U  enclosure = rack_42u  device srv * 10 }
hall "H1" {
  row "A" { rack r * 3 }
  row "B" { rack r * 2 }
}
hall "H2" { rack r * 4 }
"""


@pytest.fixture(scope="module")
def compilation():  # type: ignore[no-untyped-def]
    result = compile_text(DESIGN, "buy.dc", Path("."))
    assert result.model is not None and result.results is not None
    return result


def test_sourcing_columns_come_from_the_part(tmp_path: Path) -> None:
    design = tmp_path / "buy.dc"
    design.write_text(DESIGN, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(design), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "bom.csv").read_text())))
    srv = next(r for r in rows if r["part"] == "srv")
    assert srv["vendor"] == "Acme" and srv["part_number"] == "AC-1U-7713"
    assert srv["price_basis"] == "quote Q-17" and srv["price_date"] == "2026-01-17"
    assert srv["lead_time_weeks"] == "12" and srv["quantity"] == "90"


def test_locations_add_up_to_the_bom(compilation) -> None:  # type: ignore[no-untyped-def]
    cost = compilation.results.cost
    locations = by_location(compilation.model, cost)
    per_row = {(x.hall, x.row, x.part): x.quantity for x in locations}
    assert per_row[("H1", "A", "srv")] == 30 and per_row[("H1", "B", "srv")] == 20
    assert per_row[("H2", "", "srv")] == 40 and per_row[("H1", "A", "rack_42u")] == 3
    totals: dict[str, float] = defaultdict(float)
    for x in locations:
        totals[x.part] += x.quantity
    for line in cost.bom:
        if not line.covered_by:
            assert totals[line.part] == pytest.approx(line.quantity), line.part
    assert all(x.hall != SITE for x in locations), "everything here stands in a rack"


def _sheet_strings(data: bytes) -> tuple[list[str], str]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    workbook = archive.read("xl/workbook.xml").decode()
    sheets = re.findall(r'<sheet name="([^"]+)"', workbook)
    shared = archive.read("xl/sharedStrings.xml").decode()
    return sheets, shared


def test_xlsx_is_byte_identical_and_holds_the_bom(compilation) -> None:  # type: ignore[no-untyped-def]
    cost = compilation.results.cost
    first = render_xlsx(compilation.model, "buy", cost)
    again = render_xlsx(compilation.model, "buy", cost)
    assert first == again, "fixed document properties and archive times"
    sheets, shared = _sheet_strings(first)
    assert sheets == ["BOM", "By hall and row", "Totals"]
    for text in ("AC-1U-7713", "Acme", "quote Q-17", "2026-01-17", "Manufacturer part no."):
        assert text in shared
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


def test_xlsx_text_is_never_a_formula() -> None:
    hostile = DESIGN.replace('vendor      = "Acme"', 'vendor      = "=HYPERLINK(1)"')
    result = compile_text(hostile, "buy.dc", Path("."))
    assert result.model is not None and result.results is not None
    data = render_xlsx(result.model, "buy", result.results.cost)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet, "no formula cells"
