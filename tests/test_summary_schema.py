"""summary.json's JSON Schema is generated from its classes (dcdsl.emit.summary_model): the
checked-in file is current, and the summary.json of every shipped design validates against it."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import jsonschema
import pytest
from click.testing import CliRunner

from dcdsl.cli import main
from dcdsl.elaborate.schema import COST_CATEGORIES
from dcdsl.emit.summary_model import (
    Capex,
    Cost,
    Counts,
    DiagnosticCounts,
    FabricFigures,
    Power,
    Summary,
    to_json,
)
from dcdsl.emit.summary_schema import render, summary_schema
from dcdsl.schemas import load_schema, schema_path
from tests.conftest import ROOT

DESIGNS = sorted(ROOT.glob("designs/*.dc"))


def test_checked_in_schema_is_current() -> None:
    assert schema_path("summary").read_text(encoding="utf-8") == render(), (
        "dcdsl/schemas/summary.schema.json is stale: run `make schemas`"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema("summary"))


def test_capex_fields_are_the_cost_categories() -> None:
    assert tuple(f.name for f in attrs.fields(Capex)) == ("total", *COST_CATEGORIES)


def test_generated_shapes() -> None:
    schema = summary_schema()
    power = schema["$defs"]["Power"]
    # status fields are enums: a consumer can switch on them, and a new value is a schema change
    assert power["properties"]["pue_status"]["enum"] == ["computed", "assumed", "lower_bound", None]
    assert power["properties"]["cop_basis"]["enum"] == ["climate", "rated", None]
    assert schema["properties"]["wue_status"]["enum"] == [
        "computed",
        "assumed",
        "lower_bound",
        None,
    ]
    # the electrical keys are written only with a power chain: present together, not required
    assert "tier" in power["properties"] and "tier" not in power["required"]
    assert set(power["dependentRequired"]["tier"]) >= {"standard", "elements"}
    assert power["properties"]["pue"]["type"] == ["number", "null"]
    assert power["properties"]["pue_at_load"]["additionalProperties"] == {
        "type": ["number", "null"]
    }
    assert power["properties"]["elements"]["items"] == {"$ref": "#/$defs/ElectricalElement"}
    assert schema["properties"]["format_version"]["const"] == "1.0"
    assert schema["properties"]["fabrics"]["additionalProperties"] == {
        "$ref": "#/$defs/FabricFigures"
    }


@pytest.mark.parametrize("design", DESIGNS, ids=lambda p: p.stem)
def test_every_shipped_summary_validates(design: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(design), "-o", str(out)])
    assert result.exit_code in (0, 1), result.stderr
    document = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(load_schema("summary"))
    validator.validate(document)
    # the typed fabric figures say what fabric-<name>.json's `summary` (FabricResult.summary) says
    fabric_files = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("fabric-*.json")]
    assert {f["fabric"]: f["summary"] for f in fabric_files} == document["fabrics"]
    broken = {**document, "counts": {**document["counts"], "gpus": "many"}}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)
    unknown_status = {**document, "power": {**document["power"], "pue_status": "estimated"}}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(unknown_status)
    if "tier" in document["power"]:
        partial = {**document, "power": {**document["power"]}}
        del partial["power"]["elements"]
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(partial)


def test_absent_groups_are_left_out_and_validate() -> None:
    """No power chain: no electrical keys; a fabric that is not NVLink: no NVLink keys."""
    summary = Summary(
        format_version="1.0",
        design="bare",
        counts=Counts(gpus=0, nodes=0, racks=0, halls=0),
        power=Power(
            it_kw=None,
            facility_kw=None,
            pue=None,
            pue_status=None,
            pue_at_load={},
            pue_annual=None,
            cop_basis=None,
            economiser_hours={},
            electrical=None,
        ),
        cost=Cost(
            capex_usd=Capex(None, None, None, None, None, None, None, None, None),
            opex_usd_per_year={"total": None},
        ),
        energy_kwh_per_year=None,
        water_l_per_year=None,
        wue_l_per_kwh=None,
        wue_status=None,
        fabrics={"f": FabricFigures(1, 1, 1, 1, 1, 1, "1:1", nvlink=None)},
        diagnostics=DiagnosticCounts(errors=0, warnings=0, notes=0),
    )
    document = to_json(summary)
    assert isinstance(document, dict)
    assert list(document["power"]) == [
        "it_kw",
        "facility_kw",
        "pue",
        "pue_status",
        "pue_at_load",
        "pue_annual",
        "cop_basis",
        "economiser_hours",
    ]
    assert "domains" not in document["fabrics"]["f"]
    jsonschema.Draft202012Validator(load_schema("summary")).validate(document)
