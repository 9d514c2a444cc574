"""`dcc catalog`: listing, searching and showing parts; price books and where prices come from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dcdsl.catalog.query import (
    CatalogError,
    catalog_command,
    catalog_listing,
    catalog_part,
    load_catalog,
    price_confidence,
)
from dcdsl.diagnostics import DcError
from dcdsl.elaborate import elaborate_file, elaborate_text, schema
from dcdsl.elaborate.loader import std_modules
from tests.conftest import ROOT

EXAMPLE_BOOK = ROOT / "designs" / "pricebooks" / "example.dc"


def test_listing_shows_key_specs_price_and_module() -> None:
    text = catalog_listing()
    line = next(row for row in text.splitlines() if row.startswith("dgx_h100 "))
    assert "8 × h100_sxm" in line and "10.2 kW" in line and "8 U" in line
    assert "$360,000 (est.)" in line and "std/nvidia" in line
    assert text.rstrip().endswith("`dcc catalog NAME` shows one in full")


def test_search_needs_every_word_and_reads_specs() -> None:
    names = _names(catalog_listing("dgx 400", fmt="json"))
    assert {"dgx_h100", "dgx_h200", "dgx_b200"} <= names and "dgx_b300" not in names
    assert "mma4z00_ns" in _names(catalog_listing("multimode 50", fmt="json"))  # medium and module
    assert catalog_listing("no-such-thing") == "no parts match"


def test_kind_filter_and_unknown_kind() -> None:
    names = _names(catalog_listing(kind="transformer", fmt="json"))
    assert "tx_2500kva" in names and all(n.startswith("tx_") for n in names)
    with pytest.raises(CatalogError, match="did you mean `server`"):
        catalog_listing(kind="sever")


def test_json_listing_has_every_part_with_units() -> None:
    document = json.loads(catalog_listing(fmt="json"))
    assert document["format_version"] == "1.0" and document["count"] == len(document["parts"])
    by_name = {p["name"]: p for p in document["parts"]}
    h100 = by_name["dgx_h100"]
    assert h100["specs"]["power_max"] == {"value": 10.2, "unit": "kW"}
    assert h100["specs"]["gpu"] == "h100_sxm" and h100["specs"]["psu_redundancy"] == "N+2"
    assert h100["price_usd"] == 360000 and h100["price_confidence"] == "estimate"
    assert h100["module"] == "std/nvidia" and h100["line"] > 0
    assert by_name["dgx_h200"]["extends"] == "dgx_h100"


def test_a_part_in_full() -> None:
    text = catalog_part("dgx_h200")
    assert text.startswith("dgx_h200 — NVIDIA DGX H200")
    assert "extends      dgx_h100" in text
    assert "10.2 kW   (from dgx_h100)" in text  # inherited values say where from
    assert "$376,000 (estimate; catalogue)" in text
    assert json.loads(catalog_part("cdu_2300kw", fmt="json"))["specs"]["approach"] == {
        "value": 4.0,
        "unit": "K",
    }


def test_command_shows_a_part_when_the_query_is_its_name() -> None:
    assert catalog_command("qm9700").startswith("qm9700 — ")
    assert "qm9790" in catalog_command("qm97")  # a search, not a single part


def test_unknown_part_and_format_are_usage_errors() -> None:
    with pytest.raises(CatalogError) as caught:
        catalog_part("dgx_h10")
    assert "did you mean `dgx_h100`" in caught.value.render()
    assert "help:" in caught.value.render()
    with pytest.raises(CatalogError, match="unknown format"):
        catalog_listing(fmt="yaml")


def test_small_values_read_naturally() -> None:
    text = catalog_part("mma4z00_ns")
    assert "17 W" in text and "50 m" in text
    assert "2,500 kVA" in catalog_listing(kind="transformer")


# --- price books ------------------------------------------------------------------------------------


def test_a_price_book_overrides_the_catalogue_price_and_says_so() -> None:
    text = """
design "t" { }
import "std/nvidia"
prices "acme-2026" { dgx_h100 = 250000 USD  qm9700 = 24 kUSD }
"""
    model, diagnostics = elaborate_text(text, "design.dc")
    assert diagnostics == [] and model is not None
    dgx = model.parts["dgx_h100"]
    assert dgx.specs.price == 250000 and "acme-2026" in dgx.price_origin
    assert model.parts["qm9700"].specs.price == 24000
    assert price_confidence(dgx) == "quote"
    assert model.parts["dgx_h200"].price_origin == "catalogue"  # untouched parts keep theirs


def test_the_example_price_book_elaborates_and_applies(tmp_path: Path) -> None:
    # A price book has no design block of its own: a design imports it.
    (tmp_path / "pricebooks").mkdir()
    (tmp_path / "pricebooks" / "example.dc").write_text(EXAMPLE_BOOK.read_text("utf-8"), "utf-8")
    design = tmp_path / "design.dc"
    design.write_text('design "d" { }\nimport "pricebooks/example.dc"\n', encoding="utf-8")
    model, diagnostics = elaborate_file(design)
    assert [d.message for d in diagnostics] == []
    assert model is not None
    assert model.parts["dgx_h100"].specs.price == 289000
    assert model.parts["dgx_h100"].price_origin.startswith('price book "example-2026"')
    assert model.parts["cdu_2300kw"].specs.price == pytest.approx(291500)  # an expression
    # the listing over a design shows the parts it sees, with their price origin
    document = json.loads(catalog_listing("dgx_h100", fmt="json", design=design))
    entry = next(p for p in document["parts"] if p["name"] == "dgx_h100")
    assert entry["price_confidence"] == "quote" and "example-2026" in entry["price_origin"]
    assert "cdu_2300kw" in _names(catalog_listing(fmt="json", design=design))
    assert "aws_p5_48xlarge" not in _names(catalog_listing(fmt="json", design=design))


def test_a_design_that_does_not_elaborate_raises_its_diagnostics(tmp_path: Path) -> None:
    broken = tmp_path / "broken.dc"
    broken.write_text('design "b" { }\nprices "x" { no_such_part = 1 USD }\n', encoding="utf-8")
    with pytest.raises(DcError) as caught:
        load_catalog(broken)
    assert caught.value.diagnostics


def _names(document: str) -> set[str]:
    return {p["name"] for p in json.loads(document)["parts"]}


def test_the_last_price_book_read_wins() -> None:
    text = 'design "t" { }\nimport "std/nvidia"\nprices "a" { qm9700 = 1 USD }\nprices "b" { qm9700 = 2 USD }\n'
    model, diagnostics = elaborate_text(text, "design.dc")
    assert diagnostics == [] and model is not None
    assert model.parts["qm9700"].specs.price == 2
    assert model.parts["qm9700"].price_origin.startswith('price book "b"')


def test_the_catalogue_doc_covers_every_part_attribute_and_module() -> None:
    doc = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    missing = [attr for attr in schema.PART_SPECS if f"`{attr}`" not in doc]
    assert missing == []
    assert [m for m in std_modules() if f"`{m}`" not in doc] == []
