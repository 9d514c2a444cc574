"""Cabling at scale: the nearest switch point of every rack is found in n log n, and it is the
one the brute-force search over every point finds (the first on a tie)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dcdsl.analysis.layout.cabling import _nearest

coordinate = st.integers(min_value=0, max_value=12).map(lambda v: v * 0.6)
row_y = st.integers(min_value=0, max_value=6).map(lambda v: v * 2.4 + 1.8)
point = st.tuples(coordinate, row_y)


def _brute(px, py, rx, ry):  # type: ignore[no-untyped-def]
    flat = np.abs(rx[:, None] - px[None, :]) + np.abs(ry[:, None] - py[None, :])
    nearest = flat.argmin(axis=1)
    return nearest, flat[np.arange(rx.size), nearest]


@settings(max_examples=300, deadline=None)
@given(st.lists(point, min_size=1, max_size=25), st.lists(point, min_size=1, max_size=40))
def test_nearest_point_is_the_brute_force_one(points: list, racks: list) -> None:
    px, py = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    rx, ry = np.array([r[0] for r in racks]), np.array([r[1] for r in racks])
    found, distance = _nearest(px, py, rx, ry)
    expected, expected_distance = _brute(px, py, rx, ry)
    assert found.tolist() == expected.tolist()
    assert distance.tolist() == expected_distance.tolist()


def test_nearest_on_a_large_hall_looks_only_at_near_rows() -> None:
    """10,000 rows with a point at each row's end and 200,000 racks: the same answer as brute
    force on a sample of racks (the full brute force would be 2·10⁹ distances)."""
    rows = np.arange(10_000)
    px, py = np.full(rows.size, -0.3), 1.8 + 2.4 * rows
    rack_row = np.repeat(rows, 20)
    rx = 0.3 + 0.6 * np.tile(np.arange(20), rows.size)
    ry = 1.8 + 2.4 * rack_row
    found, distance = _nearest(px, py, rx, ry)
    assert found.tolist() == rack_row.tolist()
    sample = np.arange(0, rx.size, 997)
    expected, expected_distance = _brute(px, py, rx[sample], ry[sample])
    assert found[sample].tolist() == expected.tolist()
    assert np.allclose(distance[sample], expected_distance)


def test_switch_pairs_of_many_rows_are_a_stated_sample() -> None:
    """ai-100k with 25,000 racks a hall: 1,250 rows, so 1,250 notional switch points a hall.
    Their pairs are taken from an even sample (every second: 625) and the output says so; every tier's
    links still add up to the fabric's link count."""
    from dcdsl.pipeline import compile_text
    from tests.conftest import ROOT

    text = (ROOT / "designs" / "ai-100k.dc").read_text(encoding="utf-8")
    text = text.replace("let racks_per_hall = 625", "let racks_per_hall = 25000", 1)
    compiled = compile_text(text, str(ROOT / "designs" / "ai-100k-scaled.dc"))
    layout = compiled.results.layout
    assert layout is not None
    cabling = layout.cabling["compute"]
    assert len(cabling) == 5
    for hall in cabling:
        assert "estimated from 625 of the 1,250 switch points, evenly spaced" in hall.where
        for tier in hall.tiers:
            assert sum(tier.bins.values()) == tier.links > 0
