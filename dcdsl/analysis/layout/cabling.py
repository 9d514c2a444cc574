"""Cable lengths and media of each fabric's links over the racks of a hall.

Cable lengths (after the fabric stage, which counts the links): a link's length is the Manhattan
distance between the centres of its two racks (|Δx| + |Δy|), plus a vertical run at each end
from the device to the overhead tray (half the rack's height + `tray_height`), times
1 + `cable_slack` (default 10 %). Two ends in the same rack: half the rack's height, times the
slack. Node–leaf links go from each rack that holds the fabric's servers to the nearest rack
that holds its switches; switch–switch links spread evenly over pairs of switch racks. Without
switch racks in the hall, the network is assumed at the end of each row (stated in the output).
Each link's medium follows the fabric's `medium`; `mixed` picks DAC up to `dac_reach`, ACC up to
`acc_reach`, optics beyond. Lengths are rounded up to the lengths vendors sell (1, 2, 3, 5, 10,
30, 50, 100 m); the counts by bin sum to the fabric's link count.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import attrs

from dcdsl.analysis.fabric import FabricResult
from dcdsl.analysis.layout import cabling_lists as lists
from dcdsl.analysis.layout.cabling_lists import EPS as _EPS
from dcdsl.analysis.layout.cabling_lists import LENGTH_BINS_M
from dcdsl.analysis.layout.cabling_lists import vertical as _vertical
from dcdsl.analysis.layout.geometry import HallLayout, Segment, as_float, share_out
from dcdsl.diagnostics import Span
from dcdsl.model import Hall, Part, Selector

if TYPE_CHECKING:
    import numpy as np

# Longest link per medium when the fabric states none. Passive copper (DAC) to 3 m at 400G
# (NVIDIA LinkX DAC splitters are sold at 1–2 m; IEEE 802.3ck 100G-per-lane copper is specified to
# 2 m), active copper (ACC) to 5 m (the longest LinkX ACC), multimode SR4 optics to 50 m on OM4
# (NVIDIA MMA4Z00-NS), single-mode DR4 optics to 500 m (IEEE 802.3bs 400GBASE-DR4), AOC and RJ45
# copper to 100 m (TIA-568 channel). At 100 Gb/s and below copper reaches 5 m (IEEE 802.3bj
# 100GBASE-CR4) and multimode SR4 100 m on OM4 (IEEE 802.3bm 100GBASE-SR4).
DEFAULT_REACH_M: dict[str, float] = {
    "dac": 3.0,
    "acc": 5.0,
    "optical": 50.0,
    "singlemode": 500.0,
    "aoc": 100.0,
    "copper": 100.0,
}
REACH_AT_100G_M = {"dac": 5.0, "optical": 100.0}
# What each `medium` policy chooses from, shortest reach first: a link takes the first medium
# that reaches it; past the last it is over reach (DC-GEO-003).
POLICY_MEDIA: dict[str, tuple[str, ...]] = {
    "mixed": ("dac", "acc", "optical", "singlemode"),
    "optical": ("optical", "singlemode"),
    "multimode": ("optical",),
}
MAX_PAIR_POINTS = 2_000  # switch points per row group (bounded work)
MAX_PAIR_SAMPLE = 1_000  # switch points whose pairs give the switch–switch lengths


def length_bin(length_m: float) -> int | None:
    """The shortest vendor length that covers ``length_m``; None beyond the longest."""
    for size in LENGTH_BINS_M:
        if length_m <= size + 1e-9:
            return size
    return None


@attrs.define
class TierCabling:
    name: str  # node-leaf, leaf-spine, …
    policy: str  # the fabric's medium for this tier (optical, dac, …, mixed)
    links: int
    bins: dict[tuple[str, int | None], int]  # (medium, bin in m; None: over 100 m) -> links
    longest_m: float
    over_reach: dict[str, int] = attrs.Factory(dict)  # medium -> links longer than its reach
    reach_m: dict[str, float] = attrs.Factory(dict)


@attrs.define
class FabricCabling:
    fabric: str
    hall: str
    placed: bool  # switch racks found in the hall (False: end-of-row assumption)
    where: str  # where the switches are taken to be, for the output
    tiers: list[TierCabling]
    span: Span | None = None

    @property
    def links(self) -> int:
        return sum(t.links for t in self.tiers)

    def by_medium_and_bin(self) -> dict[tuple[str, int | None], int]:
        total: dict[tuple[str, int | None], int] = {}
        for tier in self.tiers:
            for key, count in tier.bins.items():
                total[key] = total.get(key, 0) + count
        return dict(sorted(total.items(), key=lambda kv: (kv[0][0], kv[0][1] or 10**9)))


class _Points:
    """Switch positions as arrays: centre x, centre y, half the rack's height (m)."""

    def __init__(self) -> None:
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.vs: list[float] = []

    def add(self, x: float, y: float, vertical: float) -> None:
        self.xs.append(x)
        self.ys.append(y)
        self.vs.append(vertical)

    def __len__(self) -> int:
        return len(self.xs)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        import numpy as np

        return np.array(self.xs), np.array(self.ys), np.array(self.vs)


class _Lengths:
    """Tallies links by (medium, length bin, beyond reach) under a tier's medium policy.

    Routes come in as arrays with a weight each (links); the tally keeps a handful of
    categories, so 30,000 racks cost a few array operations, not 30,000 Python steps."""

    def __init__(self, name: str, policy: str, reach: dict[str, float], slack: float) -> None:
        self.name, self.policy, self.reach, self.slack = name, policy, reach, slack
        self.media = POLICY_MEDIA.get(policy, (policy,))
        self.weights: dict[tuple[int, int, int], float] = {}
        self.longest: dict[tuple[int, int, int], float] = {}

    def add(self, routes: np.ndarray | list[float], weights: np.ndarray | list[float]) -> None:
        if isinstance(routes, list):  # a small hall (cabling_lists): the same tally, no numpy
            assert isinstance(weights, list)
            self._merge(lists.tally(routes, weights, self.media, self.reach, self.slack))
            return
        import numpy as np

        assert not isinstance(weights, list)
        keep = weights > 0
        if not keep.any():
            return
        lengths = routes[keep] * (1.0 + self.slack)
        weights = weights[keep]
        # The first medium (shortest reach first) that reaches the link; past all: the last.
        media = np.full(lengths.shape, len(self.media) - 1, dtype=int)
        for index in range(len(self.media) - 2, -1, -1):
            reach_m = self.reach.get(self.media[index], np.inf)
            media = np.where(lengths <= reach_m + _EPS, index, media)
        bins = np.searchsorted(np.array(LENGTH_BINS_M), lengths - _EPS)  # len(bins): over 100 m
        reach = np.array([self.reach.get(m, np.inf) for m in self.media])[media]
        over = (lengths > reach + _EPS).astype(int)
        codes = (media * (len(LENGTH_BINS_M) + 1) + bins) * 2 + over
        totals = np.bincount(codes, weights=weights)
        longest = np.full(totals.size, -np.inf)
        np.maximum.at(longest, codes, lengths)
        self._merge({int(c): (float(totals[c]), float(longest[c])) for c in np.nonzero(totals)[0]})

    def _merge(self, by_code: dict[int, tuple[float, float]]) -> None:
        """Add links by category code (total weight, longest length) to the tally."""
        for code in sorted(by_code):
            total, longest = by_code[code]
            if total == 0:
                continue
            key = (
                code // 2 // (len(LENGTH_BINS_M) + 1),
                code // 2 % (len(LENGTH_BINS_M) + 1),
                code % 2,
            )
            self.weights[key] = self.weights.get(key, 0.0) + total
            self.longest[key] = max(self.longest.get(key, 0.0), longest)

    def tier(self, links: int | None = None, name: str | None = None) -> TierCabling:
        """The tally as whole links; ``links``: spread that many in proportion to the weights;
        ``name``: the tier's, when one tally serves several tiers."""
        keys = sorted(self.weights)
        if links is None:
            counts = [round(self.weights[k]) for k in keys]
        else:
            counts = share_out(links, [self.weights[k] for k in keys])
        tier = TierCabling(name or self.name, self.policy, 0, {}, 0.0, {}, dict(self.reach))
        for (medium_index, bin_index, over), count in zip(keys, counts, strict=True):
            if count <= 0:
                continue
            medium = self.media[medium_index]
            size = LENGTH_BINS_M[bin_index] if bin_index < len(LENGTH_BINS_M) else None
            tier.bins[(medium, size)] = tier.bins.get((medium, size), 0) + count
            tier.links += count
            tier.longest_m = max(tier.longest_m, self.longest[(medium_index, bin_index, over)])
            if over:
                tier.over_reach[medium] = tier.over_reach.get(medium, 0) + count
        return tier


def fabric_halls(result: FabricResult, layouts: list[HallLayout]) -> list[HallLayout]:
    endpoints = result.fabric.endpoints if result.fabric is not None else None
    scope = endpoints.scope if isinstance(endpoints, Selector) else None
    if scope is None:
        return layouts
    hall = scope if isinstance(scope, Hall) else scope.hall  # a row: its hall
    return [layout for layout in layouts if layout.hall is hall]


def fabric_cabling(
    result: FabricResult, layout: HallLayout, nodes_per_rack: dict[int, int]
) -> FabricCabling | None:
    """Link lengths of one sized fabric over the racks of one hall (see the module docstring)."""
    counts = result.counts
    fabric = result.fabric
    if counts is None or fabric is None:
        return None
    reach = dict(DEFAULT_REACH_M)
    speed = counts.spec.port_speed_gbps
    if speed is not None and speed <= 100:
        reach.update(REACH_AT_100G_M)
    # The modules' and cables' own datasheet reach, when the fabric names them (MMA4Z00-NS SR4:
    # 50 m; MMS4X00-NS DR4: 100 m; MFA7U10 AOC: 30 m); the shortest of a medium's parts bounds
    # its links.
    for medium, parts in (
        ("optical", (fabric.switch_transceiver, fabric.node_transceiver)),
        ("singlemode", (fabric.singlemode_transceiver, fabric.singlemode_node_transceiver)),
        ("aoc", (fabric.aoc_cable,)),
        ("dac", (fabric.dac_cable,)),
        ("acc", (fabric.acc_cable,)),
    ):
        stated_parts = [
            float(part.specs.reach)
            for part in parts
            if isinstance(part, Part)
            and isinstance(part.specs.reach, int | float)
            and part.specs.medium in (medium, "multimode" if medium == "optical" else medium)
        ]
        if stated_parts:
            reach[medium] = min(stated_parts)
    for medium, stated_reach in (
        ("dac", fabric.dac_reach),
        ("acc", fabric.acc_reach),
        ("optical", fabric.optical_reach),
        ("singlemode", fabric.singlemode_reach),
    ):
        stated = as_float(stated_reach)
        if stated is not None:
            reach[medium] = stated
    policy = counts.spec.medium
    selector = fabric.endpoints
    row_scope = selector.scope if isinstance(selector, Selector) else None
    switch_parts = set(result.switch_parts.values())
    tray = layout.tray_m

    points = _Points()
    node_segments: list[tuple[Segment, int]] = []  # (segment, nodes per rack)
    for segment in layout.segments():
        group = segment.group
        if any(u.part.name in switch_parts for u in group.all_contents()):
            step = max(1, math.ceil(segment.count / MAX_PAIR_POINTS))
            for i in range(0, segment.count, step):
                points.add(segment.rack_x(i), segment.centre_y, _vertical(segment))
        nodes = nodes_per_rack.get(id(group), 0)
        if nodes and (row_scope is None or row_scope in (group.row, group.hall)):
            node_segments.append((segment, nodes))
    placed = bool(len(points))
    if placed:
        where = f"{len(points)} racks holding {', '.join(sorted(switch_parts))}"
    else:
        # Notional network racks: one point at the west end (or the middle) of each row.
        middle = fabric.switch_position == "middle_of_row"
        where = (
            "assumed in the middle of each row" if middle else "assumed at the west end of each row"
        ) + " (no rack holds the fabric's switches)"
        for row in layout.rows:
            if row.segments:
                first = row.segments[0]
                x = (row.x_m + row.end_x) / 2 if middle else row.x_m - first.width_m / 2
                points.add(x, first.centre_y, _vertical(first))
    if not len(points):
        return None
    # A small hall is cabled with lists (cabling_lists: the same answers), a large one with
    # numpy's arrays, imported only then.
    racks = sum(segment.count for segment, _ in node_segments)
    small = len(points) * (racks + min(len(points), MAX_PAIR_SAMPLE)) <= lists.SMALL_WORK
    # Switch–switch links spread over every pair of switch points: beyond MAX_PAIR_POINTS
    # points, over the pairs of an even sample of them (every n-th in row order).
    pair_step = max(1, math.ceil(len(points) / MAX_PAIR_SAMPLE))
    pairs = (points.xs[::pair_step], points.ys[::pair_step], points.vs[::pair_step])
    if pair_step > 1:
        where += (
            f"; switch-to-switch lengths estimated from {len(pairs[0]):,} of the "
            f"{len(points):,} switch points, evenly spaced"
        )
    tiers: list[TierCabling] = []
    rails = counts.spec.rails
    # Switch–switch lengths are the same for every such tier: tallied once per medium policy.
    pair_tallies: dict[str, _Lengths] = {}
    for link_tier in counts.link_tiers:
        # Storage-side splitters are AOCs and uplinks out of the fabric optics, whatever the
        # fabric's own policy (an OOB network's 1 GbE copper, for one).
        fixed = link_tier.lower == "storage" or link_tier.upper == "uplink"
        tier_policy = link_tier.medium if fixed else policy
        if link_tier.lower not in ("node", "storage"):
            pair_tally = pair_tallies.get(tier_policy)
            if pair_tally is None:
                pair_tally = _Lengths(link_tier.name, tier_policy, reach, layout.slack)
                if small:
                    routes = lists.switch_pair_routes(*pairs, tray, placed)
                    pair_tally.add(routes, [1.0] * len(routes))
                else:
                    _switch_pairs(pair_tally, *pairs, tray, placed)
                pair_tallies[tier_policy] = pair_tally
            tiers.append(pair_tally.tier(link_tier.links, link_tier.name))
            continue
        lengths = _Lengths(link_tier.name, tier_policy, reach, layout.slack)
        # Each node rack's NIC ports, scaled to the tier's link count when they differ.
        weights = [nodes * rails * s.count for s, nodes in node_segments]
        shares = (
            weights
            if sum(weights) <= link_tier.links
            else share_out(link_tier.links, [float(w) for w in weights])
        )
        if node_segments:
            segments = [s for s, _ in node_segments]
            _node_routes(lengths, segments, shares, points, tray, placed, small)
        rest = link_tier.links - sum(shares)  # UFM and other non-node ports: at the switches
        if rest > 0:
            half = points.vs[0]
            at_switch = half if placed else 2 * half + 2 * tray
            lengths.add([float(at_switch)], [float(rest)])
        tiers.append(lengths.tier())
    return FabricCabling(result.name, layout.name, placed, where, tiers, fabric.span)


def _node_routes(
    lengths: _Lengths,
    segments: list[Segment],
    shares: list[int],
    points: _Points,
    tray: float,
    placed: bool,
    small: bool,
) -> None:
    """Each node rack's links to its nearest switch point: as lists for a small hall
    (cabling_lists, the same answers), else as arrays."""
    if small:
        rx, ry, rv, links = lists.node_racks(segments, shares)
        nearest, horizontal = lists.nearest(points.xs, points.ys, rx, ry)
        routes = [
            v if placed and h <= _EPS else h + v + points.vs[n] + 2 * tray
            for h, v, n in zip(horizontal, rv, nearest, strict=True)
        ]
        lengths.add(routes, links)
        return
    import numpy as np  # here, not at the top: a check of a small hall need not load it

    px, py, pv = points.arrays()
    rx_a, ry_a, rv_a, links_a = _node_racks(segments, shares)
    nearest_a, horizontal_a = _nearest(px, py, rx_a, ry_a)
    routes_a = horizontal_a + rv_a + pv[nearest_a] + 2 * tray
    if placed:  # a rack that holds the switches: no tray, half the rack's height
        routes_a = np.where(horizontal_a <= _EPS, rv_a, routes_a)
    lengths.add(routes_a, links_a)


def _node_racks(
    segments: list[Segment], shares: list[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One entry per rack of ``segments``: centre x, centre y, half its height, and its links
    (a segment's share spread evenly, the first racks taking the remainder)."""
    import numpy as np

    counts = np.array([s.count for s in segments], dtype=np.int64)
    segment_of = np.repeat(np.arange(len(segments)), counts)
    local = np.arange(int(counts.sum())) - (np.cumsum(counts) - counts)[segment_of]
    x0 = np.array([s.x_m for s in segments])[segment_of]
    width = np.array([s.width_m for s in segments])[segment_of]
    ry = np.array([s.centre_y for s in segments])[segment_of]
    rv = np.array([_vertical(s) for s in segments])[segment_of]
    base = np.array([share // s.count for s, share in zip(segments, shares, strict=True)])
    extra = np.array([share % s.count for s, share in zip(segments, shares, strict=True)])
    links = base[segment_of] + (local < extra[segment_of]).astype(np.int64)
    return x0 + (local + 0.5) * width, ry, rv, links.astype(float)


def _nearest(
    px: np.ndarray, py: np.ndarray, rx: np.ndarray, ry: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each rack centre (rx, ry): the index of the nearest point by Manhattan distance (the
    first in the points' order on a tie) and that distance.

    Points are grouped by the y of their row and sorted by x within it. Each rack looks at the
    two points beside it in its own row, then outward row by row in each direction, only while
    the row is no farther in y than the best distance found: n log n in racks and points, not
    racks × points (200,000 racks × 10,000 row-end points was 2·10⁹ distances)."""
    import numpy as np

    rows_y = np.unique(py)
    row_of = np.searchsorted(rows_y, py)
    order = np.lexsort((np.arange(px.size), px, row_of))
    low = min(float(px.min()), float(rx.min()))
    span = max(float(px.max()), float(rx.max())) - low + 1.0
    keys = row_of[order] * span + (px[order] - low)
    best = np.full(rx.size, np.inf)
    best_point = np.full(rx.size, px.size, dtype=np.int64)
    first_above = np.searchsorted(rows_y, ry)  # rows at index ≥ this lie at y ≥ the rack's
    for direction in (1, -1):
        row = first_above.copy() if direction == 1 else first_above - 1
        active = np.arange(rx.size)
        while active.size:
            r = row[active]
            inside = (r >= 0) & (r < rows_y.size)
            active, r = active[inside], r[inside]
            near = np.abs(ry[active] - rows_y[r]) <= best[active]
            active, r = active[near], r[near]
            if not active.size:
                break
            position = np.searchsorted(keys, r * span + (rx[active] - low))
            # Beside the rack: the first (lowest index) of the points at the x just left of
            # it, and of those at the x at or right of it.
            left = np.searchsorted(keys, keys[np.clip(position - 1, 0, keys.size - 1)])
            left = np.where(position > 0, left, -1)
            for candidate in (left, position):
                point = order[np.clip(candidate, 0, keys.size - 1)]
                valid = (candidate >= 0) & (candidate < keys.size) & (row_of[point] == r)
                distance = np.abs(rx[active] - px[point]) + np.abs(ry[active] - py[point])
                held = best[active]
                better = valid & (
                    (distance < held) | ((distance == held) & (point < best_point[active]))
                )
                best[active[better]] = distance[better]
                best_point[active[better]] = point[better]
            row[active] += direction
    return best_point, best


PAIR_CHUNK = 512


def _switch_pairs(
    lengths: _Lengths,
    xs: list[float],
    ys: list[float],
    vs: list[float],
    tray: float,
    placed: bool,
) -> None:
    """Weigh every ordered pair of switch points equally (links spread evenly over them)."""
    import numpy as np

    px, py, pv = np.array(xs), np.array(ys), np.array(vs)
    for start in range(0, px.size, PAIR_CHUNK):
        stop = min(px.size, start + PAIR_CHUNK)
        routes = (
            np.abs(px[start:stop, None] - px[None, :])
            + np.abs(py[start:stop, None] - py[None, :])
            + pv[start:stop, None]
            + pv[None, :]
            + 2 * tray
        )
        if placed:  # both ends in one rack: no tray, half the rack's height
            same = (np.abs(px[start:stop, None] - px[None, :]) <= _EPS) & (
                np.abs(py[start:stop, None] - py[None, :]) <= _EPS
            )
            routes = np.where(same, pv[start:stop, None], routes)
        lengths.add(routes.ravel(), np.ones(routes.size))
