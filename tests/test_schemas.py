"""JSON Schemas of the JSON outputs (dcdsl/schemas): every output names its schema in `$schema`
and validates against it, and the schemas ship in the wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from referencing import Registry, Resource

from dcdsl.cli import main
from dcdsl.schemas import SCHEMAS, load_schema, schema_path, schema_uri
from tests.conftest import ROOT

DESIGNS = ["designs/enterprise-room.dc", "designs/superpod-h100-4su.dc", "designs/seed-100k.dc"]
WRITTEN = [n for n in SCHEMAS if schema_path(n).exists()]


def _registry() -> Registry:
    resources = [(schema_uri(n), Resource.from_contents(load_schema(n))) for n in WRITTEN]
    return Registry().with_resources(resources)


def _validate(name: str, document: dict) -> None:
    assert document.get("$schema") == schema_uri(name)
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, registry=_registry()).validate(document)


@pytest.fixture(scope="module", params=DESIGNS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "out"
    result = CliRunner().invoke(main, ["build", request.param, "-o", str(out)])
    assert result.exit_code in (0, 1), result.stderr
    return out


def test_bom_and_diagnostics_and_fabrics_validate(built: Path) -> None:
    _validate("bom", json.loads((built / "bom.json").read_text(encoding="utf-8")))
    _validate("diagnostics", json.loads((built / "diagnostics.json").read_text(encoding="utf-8")))
    fabrics = sorted(built.glob("fabric-*.json"))
    assert fabrics, "every example design has a fabric"
    for path in fabrics:
        _validate("fabric", json.loads(path.read_text(encoding="utf-8")))


def test_check_json_and_diff_json_validate() -> None:
    runner = CliRunner()
    check = runner.invoke(main, ["check", "designs/seed-100k.dc", "--format", "json"])
    _validate("diagnostics", json.loads(check.stdout))
    diff = runner.invoke(
        main, ["diff", "designs/ai-100k.dc", "designs/seed-100k.dc", "--format", "json"]
    )
    assert diff.exit_code in (0, 1), diff.stderr
    _validate("diff", json.loads(diff.stdout))


def test_a_schema_rejects_a_broken_document(built: Path) -> None:
    bom = json.loads((built / "bom.json").read_text(encoding="utf-8"))
    bom["lines"][0]["quantity"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        _validate("bom", bom)


def test_schemas_ship_in_the_wheel(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("dcdsl-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in WRITTEN:
        assert f"dcdsl/schemas/{name}.schema.json" in names
    assert "dcdsl/starter.dc" in names, "what dcc init writes"
    from dcdsl import __version__

    assert wheel.name.startswith(f"dcdsl-{__version__}-"), (
        "the version comes from dcdsl/__init__.py"
    )
