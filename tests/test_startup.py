"""Start-up: `dcc check` imports only what a check needs, and the unit table agrees with pint.

Importing plotting, templating, graph, editor and spreadsheet libraries, or building pint's
registry, costs more than a whole check of a small design; these tests assert the behaviour
(what is imported), never a time (times are measured in bench/).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dcdsl import units
from dcdsl.unit_table import NOT_UNITS, UNITS

ROOT = Path(__file__).resolve().parent.parent
# lark: the reference parser, for a file the descent parser does not take (a syntax error).
# numpy: cabling of a large hall (dcdsl/analysis/layout/cabling_lists.py cables a small one).
NOT_FOR_CHECK = (
    "matplotlib",
    "jinja2",
    "graphviz",
    "networkx",
    "pygls",
    "xlsxwriter",
    "pint",
    "lark",
    "numpy",
)

_PROBE = """
import json, runpy, sys
sys.argv = ["dcc", *sys.argv[2:], sys.argv[1]]
try:
    runpy.run_module("dcdsl.cli", run_name="__main__")
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _check_imports(design: Path, *command: str) -> tuple[int, set[str]]:
    """Exit code and top-level modules loaded by `dcc check` (or ``command``) of ``design``."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(design), *(command or ("check",))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], {name.split(".")[0] for name in report["modules"]}


@pytest.mark.parametrize("design", ["enterprise-room.dc", "ai-100k.dc"])
def test_check_imports_no_heavy_library(design: str) -> None:
    code, loaded = _check_imports(ROOT / "designs" / design)
    assert code in (0, 1)
    assert not loaded & set(NOT_FOR_CHECK), sorted(loaded & set(NOT_FOR_CHECK))


def test_build_draws_the_report_charts_without_matplotlib(tmp_path: Path) -> None:
    """report.html's bar charts are SVG written by dcdsl/emit/charts.py (matplotlib's import
    alone was 0.4 s of a build)."""
    out = tmp_path / "out"
    code, loaded = _check_imports(ROOT / "designs" / "enterprise-room.dc", "build", "-o", str(out))
    assert code in (0, 1) and (out / "report.html").exists()
    assert "matplotlib" not in loaded


def test_a_large_hall_is_still_cabled_with_arrays() -> None:
    """seed-100k.dc: 3,125 racks in one hall, above cabling_lists.SMALL_WORK."""
    _, loaded = _check_imports(ROOT / "designs" / "seed-100k.dc")
    assert "numpy" in loaded


def test_unknown_unit_still_reaches_pint(tmp_path: Path) -> None:
    """A unit the table does not hold is looked up in pint, as before (then pint is loaded)."""
    design = tmp_path / "odd.dc"
    design.write_text('design "odd" { }\nx = 3 furlong\n', encoding="utf-8")
    _, loaded = _check_imports(design)
    assert "pint" in loaded


def test_a_syntax_error_still_reaches_the_reference_parser(tmp_path: Path) -> None:
    """A file with a syntax error is parsed again by Lark's LALR parser, which explains it."""
    design = tmp_path / "broken.dc"
    design.write_text('design "broken" {\n  pue_target 1.3\n}\n', encoding="utf-8")
    code, loaded = _check_imports(design)
    assert code == 1  # findings (DC-LANG-003), not a usage error
    assert "lark" in loaded


def test_unit_table_is_pints_answer() -> None:
    """Every entry of the generated table is what pint computes for that unit, and the table
    holds every unit it should (regenerate: `python -m dcdsl.units && ruff format`)."""
    for unit, (factor, offset, dims) in UNITS.items():
        assert units.pint_unit_info(unit) == units.UnitInfo(unit, factor, offset, dims), unit
    expected = {u for u in units.table_units() if units.is_unit(u)}
    assert set(UNITS) == expected


def test_words_the_table_rejects_are_not_units_to_pint() -> None:
    for word in NOT_UNITS:
        assert not units.is_unit(word)
        with pytest.raises(units.UnitError):
            units.pint_unit_info(word)
