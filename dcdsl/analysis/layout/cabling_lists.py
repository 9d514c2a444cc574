"""Cabling of a small hall with Python lists: the answers of cabling.py's array code, to the
bit, without importing numpy (about 0.07 s of every process) for a hall of a few hundred racks.

Each function here does, element by element and in the same order, the floating-point
operations of its array counterpart in cabling.py (the same sums, in the same association, and
the same first-index choice on a tie), so the two give identical lengths, bins and tallies;
tests/test_layout_scale.py compares them on generated halls. Above ``SMALL_WORK`` distances
the arrays are faster.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from dcdsl.analysis.layout.geometry import U_M, Segment, rack_height_u

# Distances a hall's cabling computes (node racks × switch points, plus the switch points'
# pairs) up to which lists are used: a few milliseconds of Python, against numpy's import.
SMALL_WORK = 40_000
LENGTH_BINS_M = (1, 2, 3, 5, 10, 30, 50, 100, 150, 300, 500)
EPS = 1e-9


def vertical(segment: Segment) -> float:
    """Half the height of the segment's racks (m): the run from a device to the rack's top."""
    return rack_height_u(segment.group) * U_M / 2


def node_racks(
    segments: Sequence[Segment], shares: Sequence[int]
) -> tuple[list[float], list[float], list[float], list[float]]:
    """One entry per rack: centre x, centre y, half its height, its links (cabling._node_racks)."""
    xs: list[float] = []
    ys: list[float] = []
    vs: list[float] = []
    links: list[float] = []
    for segment, share in zip(segments, shares, strict=True):
        base, extra = share // segment.count, share % segment.count
        y, v = segment.centre_y, vertical(segment)
        for i in range(segment.count):
            xs.append(segment.x_m + (i + 0.5) * segment.width_m)
            ys.append(y)
            vs.append(v)
            links.append(float(base + (i < extra)))
    return xs, ys, vs, links


def nearest(
    px: Sequence[float], py: Sequence[float], rx: Sequence[float], ry: Sequence[float]
) -> tuple[list[int], list[float]]:
    """For each rack, the nearest point by Manhattan distance (the first on a tie) and that
    distance, by trying every point (cabling._nearest's answer)."""
    found: list[int] = []
    distances: list[float] = []
    points = list(enumerate(zip(px, py, strict=True)))
    for x, y in zip(rx, ry, strict=True):
        best, best_point = float("inf"), len(px)
        for index, (qx, qy) in points:
            distance = abs(x - qx) + abs(y - qy)
            if distance < best:
                best, best_point = distance, index
        found.append(best_point)
        distances.append(best)
    return found, distances


def switch_pair_routes(
    px: Sequence[float], py: Sequence[float], pv: Sequence[float], tray: float, placed: bool
) -> list[float]:
    """The route of every ordered pair of switch points, row by row (cabling._switch_pairs)."""
    routes: list[float] = []
    for x, y, v in zip(px, py, pv, strict=True):
        for qx, qy, qv in zip(px, py, pv, strict=True):
            dx, dy = abs(x - qx), abs(y - qy)
            same = placed and dx <= EPS and dy <= EPS  # both ends in one rack
            routes.append(v if same else dx + dy + v + qv + 2 * tray)
    return routes


def tally(
    routes: Sequence[float],
    weights: Sequence[float],
    media: Sequence[str],
    reach: dict[str, float],
    slack: float,
) -> dict[int, tuple[float, float]]:
    """Links by category code (medium, length bin, beyond reach): total weight and longest
    length, as cabling._Lengths.add computes them with arrays."""
    reaches = [reach.get(medium, float("inf")) for medium in media]
    last = len(media) - 1
    out: dict[int, tuple[float, float]] = {}
    for route, weight in zip(routes, weights, strict=True):
        if not weight > 0:
            continue
        length = route * (1.0 + slack)
        medium = next((i for i in range(last) if length <= reaches[i] + EPS), last)
        size = bisect_left(LENGTH_BINS_M, length - EPS)
        over = int(length > reaches[medium] + EPS)
        code = (medium * (len(LENGTH_BINS_M) + 1) + size) * 2 + over
        total, longest = out.get(code, (0.0, float("-inf")))
        out[code] = (total + weight, max(longest, length))
    return out
