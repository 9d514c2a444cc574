"""Variants of a design: `dcdsl.compile(overrides=…)`, `--set`, `dcc sweep`, `dcc compare` and
the starter design of `dcc init`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

import dcdsl
from dcdsl.cli import main
from dcdsl.cli.variants import starter_text
from dcdsl.elaborate.overrides import expand_shorthand
from dcdsl.syntax.format import format_text
from tests.conftest import ROOT

STARTER = ROOT / "dcdsl" / "starter.dc"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- the Python API and --set ---------------------------------------------------------------------


def test_compile_with_overrides_returns_typed_results() -> None:
    base = dcdsl.compile(STARTER)
    bigger = dcdsl.compile(STARTER, overrides={"gpus": 8192})
    assert base.ok and bigger.ok
    assert base.summary()["counts"]["gpus"] == 1024
    # 8,192 GPUs / 8 per node / 4 nodes per rack = 256 racks
    assert bigger.summary()["counts"] == {"gpus": 8192, "nodes": 1024, "racks": 256, "halls": 1}
    assert bigger.results.facility.facility_kw > 7 * base.results.facility.facility_kw
    assert dcdsl.compile(STARTER, overrides={"gpus": "8k"}).summary()["counts"]["gpus"] == 8000


def test_unknown_name_and_wrong_dimension_are_located_diagnostics() -> None:
    unknown = dcdsl.compile(STARTER, overrides={"gpu": 10})
    (d,) = [d for d in unknown.diagnostics if d.is_error]
    assert d.code == "DC-LANG-050" and d.span is not None and d.span.file == "--set gpu"
    assert d.help is not None and "did you mean `gpus`?" in d.help
    wrong = dcdsl.compile(STARTER, overrides={"gpus": "5 kW"})
    (d,) = [d for d in wrong.diagnostics if d.is_error]
    assert d.code == "DC-LANG-051" and "number" in d.message and "power" in d.message
    assert not wrong.ok


@pytest.mark.parametrize(("text", "expanded"), [("1k", "1000"), ("2.5M", "2500000"), ("7", "7")])
def test_shorthand(text: str, expanded: str) -> None:
    assert expand_shorthand(text) == expanded


def test_check_and_build_take_set(tmp_path: Path) -> None:
    code, out, _ = _run("check", str(STARTER), "--set", "gpus=2k")
    assert code == 0, out
    code, out, _ = _run("check", str(STARTER), "--set", "gpu=2k")
    assert code == 2 and "DC-LANG-050" in out and "--set gpu:1:5" in out
    code, _, err = _run("check", str(STARTER), "--set", "gpus")
    assert code == 2 and "is not NAME=VALUE" in err
    code, _, err = _run("build", str(STARTER), "--set", "gpus=2048", "-o", str(tmp_path / "b"))
    assert code == 0, err
    summary = json.loads((tmp_path / "b" / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["gpus"] == 2048


# --- dcc sweep ------------------------------------------------------------------------------------


def test_sweep_writes_a_table_and_plots(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    code, stdout, err = _run("sweep", str(STARTER), "--set", "gpus=1k,4k,16k", "-o", str(out))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "cost.svg",
        "power.svg",
        "pue.svg",
        "sweep.csv",
        "sweep.json",
        "sweep.md",
    ]
    rows = list(csv.DictReader(io.StringIO((out / "sweep.csv").read_text(encoding="utf-8"))))
    assert [r["set_gpus"] for r in rows] == ["1000", "4000", "16000"]
    assert [r["gpus"] for r in rows] == ["1024", "4000", "16000"]  # 1,000 rounds up to whole racks
    for row in rows:  # unit costs are the headline figures divided, not copied
        assert float(row["capex_per_gpu"]) == pytest.approx(
            float(row["capex"]) / float(row["gpus"])
        )
        assert float(row["capex_per_kw_it"]) == pytest.approx(
            float(row["capex"]) / float(row["it_kw"])
        )
    assert float(rows[2]["facility_kw"]) > 3.5 * float(rows[1]["facility_kw"])
    for plot in ("cost.svg", "power.svg", "pue.svg"):
        ET.fromstring((out / plot).read_text(encoding="utf-8"))  # well-formed SVG
    assert "| Capex per GPU |" in stdout and "gpus=16000" in stdout
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    _run("sweep", str(STARTER), "--set", "gpus=1k,4k,16k", "-o", str(out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first, "byte-identical rerun"


def test_sweep_usage_errors(tmp_path: Path) -> None:
    code, _, err = _run("sweep", str(STARTER), "-o", str(tmp_path / "s"))
    assert code == 2 and "at least one" in err
    code, _, err = _run("sweep", str(STARTER), "--set", "gpu=1k,2k", "-o", str(tmp_path / "s"))
    assert code == 2 and "DC-LANG-050" in err
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    code, _, err = _run("sweep", str(STARTER), "--set", "gpus=1k", "-o", str(tmp_path / "mine"))
    assert code == 2 and (tmp_path / "mine" / "notes.txt").read_text() == "keep"


# --- dcc compare ----------------------------------------------------------------------------------


def test_compare_side_by_side() -> None:
    a, b = "designs/superpod-h100-4su.dc", "designs/enterprise-room.dc"
    code, out, _ = _run("compare", a, b)
    assert code == 0
    assert f"| figure | {a} | {b} |" in out and "| GPUs | 1,016 | 0 |" in out
    code, out, _ = _run("compare", a, b, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["variant"] for r in rows] == [a, b] and rows[0]["gpus"] == "1016"
    code, _, err = _run("compare", a)
    assert code == 2 and "two or more" in err


# --- dcc init -------------------------------------------------------------------------------------


def test_init_writes_a_starter_that_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "design.dc"
    code, _, err = _run("init", str(target))
    assert code == 0 and "next: dcc check" in err
    assert target.read_text(encoding="utf-8") == starter_text()
    compilation = dcdsl.compile(target)
    problems = [d.message for d in compilation.diagnostics if d.severity.value != "note"]
    assert compilation.ok and problems == []
    assert format_text(starter_text()) == starter_text(), "in the formatter's layout"
    code, _, err = _run("init", str(target))
    assert code == 2 and "never overwrites" in err
