"""The CLI contract: exit codes 0/1/2, text and json formats, --strict, --version, --help."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dcdsl import __version__
from dcdsl.cli import main
from tests.conftest import GOLDEN


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_version_and_help() -> None:
    code, out = run("--version")
    assert code == 0 and __version__ in out
    code, out = run("--help")
    assert code == 0 and "Examples:" in out and "dcc check" in out


def test_check_valid_design_exits_0() -> None:
    code, out = run("check", str(GOLDEN / "elaborate" / "parts_extends.dc"))
    assert code == 0, out
    assert "0 errors" in out


def test_check_error_exits_1_with_rendered_diagnostic() -> None:
    code, out = run("check", str(GOLDEN / "errors" / "unknown_unit.dc"))
    assert code == 1
    assert "error[DC-LANG-004]: unknown unit `MWW`" in out
    assert "help: did you mean `MW`?" in out


def test_missing_file_exits_2() -> None:
    code, out = run("check", "no/such/file.dc")
    assert code == 2
    assert "not found" in out


def test_usage_error_exits_2() -> None:
    code, _ = run("check")
    assert code == 2
    code, _ = run("check", "x.dc", "--format", "yaml")
    assert code == 2


def test_json_format_matches_contract() -> None:
    code, out = run("check", str(GOLDEN / "errors" / "wrong_dimension.dc"), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["format_version"] == "1.0"
    assert doc["valid"] is False
    assert doc["error_count"] == 1 and doc["warning_count"] == 0
    (d,) = doc["diagnostics"]
    assert d["severity"] == "error" and d["code"] == "DC-LANG-008"
    assert d["summary"].startswith("`rating` expects power")
    assert d["range"]["filename"].endswith("wrong_dimension.dc")
    # byte: 0-based offset; line 1 is `design "x" { }\n` (15 bytes), column 40 is 39 more
    assert d["range"]["start"] == {"line": 2, "column": 40, "byte": 54}
    assert d["range"]["end"]["column"] == 43


HOT_AIR_RACK = """design "w" { }
part hot { kind = server  power_max = 35 kW  price = 1 USD }
hall "H1" {
  %s
  rack "r01" { cooling = air  device hot * 1 }
}
"""


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    design = tmp_path / "w.dc"
    design.write_text(HOT_AIR_RACK % "", encoding="utf-8")  # 35 kW on air: a warning, no error
    code, out = run("check", str(design))
    assert code == 0 and "warning[DC-COOL-002]" in out
    assert run("check", str(design), "--strict")[0] == 1


def test_allow_suppresses_a_rule_inside_its_block(tmp_path: Path) -> None:
    design = tmp_path / "w.dc"
    design.write_text(
        HOT_AIR_RACK % 'allow DC-COOL-002 because "vendor-confirmed"', encoding="utf-8"
    )
    code, out = run("check", str(design))
    assert code == 0
    assert "DC-COOL-002]" not in out.replace("note[DC-LANG-040]: DC-COOL-002", "")
    assert "note[DC-LANG-040]: DC-COOL-002 allowed: vendor-confirmed" in out


def test_several_files_worst_wins() -> None:
    good = str(GOLDEN / "elaborate" / "parts_extends.dc")
    bad = str(GOLDEN / "errors" / "bare_number.dc")
    code, out = run("check", good, bad)
    assert code == 1
    assert "DC-LANG-007" in out


def test_build_of_unelaborated_design_writes_nothing(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out = run("build", str(GOLDEN / "errors" / "missing_brace.dc"), "-o", str(out_dir))
    assert code == 1
    assert not out_dir.exists()
    assert "nothing written" in out


def test_build_into_unwritable_place_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, out = run(
        "build", str(GOLDEN / "elaborate" / "parts_extends.dc"), "-o", str(blocker / "sub")
    )
    assert code == 2
    assert "DC-IO-002" in out


def test_explain_prints_the_reference_entry() -> None:
    code, out = run("explain", "dc-power-003")
    assert code == 0
    assert out.startswith("DC-POWER-003: ")
    assert "34.5 kW" in out  # the worked example from docs/checks.md
    code, out = run("explain", "DC-POWR-001")
    assert code == 2 and "did you mean `DC-POWER-001`?" in out
