"""Key figures are defined once (dcdsl.emit.key_figures) and each is where `shown` says: in
summary.json at its path (the value computed from the results), in the report's tiles, in
`dcc diff`'s Summary table and `--fail-on` names, and in `dcc compare` columns."""

from __future__ import annotations

import pytest

from dcdsl.diff import HEADLINE
from dcdsl.diff.figures import ALIASES
from dcdsl.emit.key_figures import (
    BY_KEY,
    COMPARE,
    DIFF,
    FIGURES,
    REPORT,
    SUMMARY,
    lookup,
    shown_in,
)
from dcdsl.emit.report import _key_figures
from dcdsl.emit.summary import summary
from dcdsl.pipeline import Compilation, compile_file
from dcdsl.variants import _columns
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def compilation() -> Compilation:
    return compile_file(ROOT / "designs" / "gb200-nvl72-su.dc")


def test_keys_are_unique_and_every_figure_is_shown_somewhere() -> None:
    assert len(BY_KEY) == len(FIGURES)
    assert all(f.shown for f in FIGURES)
    assert all(f.per is None or set(f.per) <= set(BY_KEY) for f in FIGURES)


def test_summary_holds_each_figure_as_computed(compilation: Compilation) -> None:
    document = summary(compilation)
    for figure in shown_in(SUMMARY):
        value = figure.of(compilation)
        assert value is not None, figure.key
        assert lookup(document, figure.path) == pytest.approx(value, abs=10**-figure.digits)
        assert figure.read(document) == lookup(document, figure.path)
    assert BY_KEY["gpus"].read(document) == 576  # the design's GB200 NVL72 × 8 racks


def test_unit_figures_are_the_totals_divided(compilation: Compilation) -> None:
    document = summary(compilation)
    capex, gpus = BY_KEY["capex"].read(document), BY_KEY["gpus"].read(document)
    assert capex is not None and gpus
    assert BY_KEY["capex_per_gpu"].read(document) == pytest.approx(capex / gpus)
    assert BY_KEY["capex_per_gpu"].of(compilation) == pytest.approx(capex / gpus, rel=1e-9)


def test_report_tiles_show_the_report_figures(compilation: Compilation) -> None:
    labels = {label for _, tiles in _key_figures(compilation) for label, _, _ in tiles}
    wanted = {f.tile_label for f in shown_in(REPORT)}
    assert wanted <= labels
    assert {"capex", "IT power", "GPUs", "capex per kW of IT"} <= wanted


def test_diff_and_compare_show_their_figures() -> None:
    assert [m.key for m in HEADLINE] == [f.key for f in shown_in(DIFF)]
    assert set(ALIASES) >= {f.key for f in shown_in(DIFF)} | {"power", "cost"}
    assert [key for key, _, _ in _columns()] == [f.key for f in shown_in(COMPARE)]
