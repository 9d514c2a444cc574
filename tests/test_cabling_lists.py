"""A small hall is cabled with Python lists (no numpy import); its answers are the array
code's, to the bit: the same nearest points, routes, bins, tallies and whole cabling results."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dcdsl.analysis.layout import cabling, cabling_lists
from dcdsl.pipeline import compile_text
from tests.conftest import ROOT

coordinate = st.integers(min_value=0, max_value=40).map(lambda v: v * 0.6 - 3.3)
row_y = st.integers(min_value=0, max_value=8).map(lambda v: v * 2.4 + 1.8)
half = st.sampled_from([0.0, 0.9, 1.0668, 1.2])
point = st.tuples(coordinate, row_y, half)


@settings(max_examples=200, deadline=None)
@given(st.lists(point, min_size=1, max_size=20), st.lists(point, min_size=1, max_size=30))
def test_nearest_is_the_arrays_answer(points: list, racks: list) -> None:
    px, py = [p[0] for p in points], [p[1] for p in points]
    rx, ry = [r[0] for r in racks], [r[1] for r in racks]
    found, distance = cabling_lists.nearest(px, py, rx, ry)
    expected, expected_distance = cabling._nearest(
        np.array(px), np.array(py), np.array(rx), np.array(ry)
    )
    assert found == expected.tolist()
    assert distance == expected_distance.tolist()


def _tally(routes: list[float], weights: list[float], policy: str, arrays: bool) -> dict:
    reach = {**cabling.DEFAULT_REACH_M, "dac": 2.0}
    lengths = cabling._Lengths("t", policy, reach, 0.1)
    if arrays:
        lengths.add(np.array(routes), np.array(weights))
    else:
        lengths.add(routes, weights)
    return {"weights": lengths.weights, "longest": lengths.longest, "tier": lengths.tier()}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=700.0),
            st.sampled_from([0.0, 1.0, 2.0, 3.0, 0.5]),
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["mixed", "optical", "multimode", "dac", "aoc"]),
)
def test_tally_is_the_arrays_tally(links: list, policy: str) -> None:
    routes, weights = [r for r, _ in links], [w for _, w in links]
    if not any(w > 0 for w in weights):
        weights[0] = 1.0  # the arrays return early on no links: nothing to compare
    assert _tally(routes, weights, policy, False) == _tally(routes, weights, policy, True)


@settings(max_examples=100, deadline=None)
@given(st.lists(point, min_size=1, max_size=15), st.booleans())
def test_switch_pairs_are_the_arrays_pairs(points: list, placed: bool) -> None:
    xs, ys, vs = ([p[i] for p in points] for i in range(3))
    by_lists = cabling._Lengths("pairs", "mixed", dict(cabling.DEFAULT_REACH_M), 0.1)
    routes = cabling_lists.switch_pair_routes(xs, ys, vs, 0.6, placed)
    by_lists.add(routes, [1.0] * len(routes))
    by_arrays = cabling._Lengths("pairs", "mixed", dict(cabling.DEFAULT_REACH_M), 0.1)
    cabling._switch_pairs(by_arrays, xs, ys, vs, 0.6, placed)
    assert (by_lists.weights, by_lists.longest) == (by_arrays.weights, by_arrays.longest)


def _designs() -> list[tuple[str, str]]:
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(ROOT.glob("designs/*.dc"))]
    ai = (ROOT / "designs" / "ai-100k.dc").read_text(encoding="utf-8")
    for racks in (7, 40, 1000):
        scaled = ai.replace("let racks_per_hall = 625", f"let racks_per_hall = {racks}", 1)
        out.append((f"ai-100k with {racks} racks a hall", scaled))
    return out


@pytest.mark.parametrize(("name", "text"), _designs(), ids=[n for n, _ in _designs()])
def test_whole_cabling_is_the_same_either_way(
    name: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every design's cabling, every hall and fabric: lists throughout, then arrays throughout."""
    results = []
    for work in (10**12, -1):  # every hall small; every hall large
        monkeypatch.setattr(cabling_lists, "SMALL_WORK", work)
        layout = compile_text(text, str(ROOT / "designs" / "scaled.dc")).results.layout
        assert layout is not None
        results.append(layout.cabling)
    assert results[0] == results[1]
    assert any(results[0].values()), f"{name}: no cabling computed, nothing compared"
