"""Layout: where the racks stand in each hall, what each rack type holds by U, and cable lengths.

Geometry (docs/layout.md works a small hall by hand). Plan coordinates are metres, x along the
rows from the hall's west wall, y across them from the north wall. A row's racks stand side by
side in the order written, from the row's `offset` (default 1.2 m: an end aisle); rows stand in
the order written at the hall's `row_pitch` (default 2.4 m = a 1.2 m deep rack + a 1.2 m aisle),
the first at 1.2 m, unless a row states its `position`. Rack fronts alternate south, north, … so
that the aisles between rows alternate cold (fronts face each other) and hot (backs). Racks placed
in a hall without a row are packed into rows of 20. Positions are per rack group (a segment of a
row: first rack, count, width), never per rack.

Elevations: per rack type, devices stack from U1 upward in the order written unless a device
states its `position`; overlapping positions and racks fuller than their height are recorded for
DC-GEO-001/002.

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

import bisect
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from dcdsl.analysis.fabric import FabricResult
from dcdsl.analysis.load import device_kw
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Span
from dcdsl.model import (
    CoolingLoop,
    Hall,
    Model,
    Part,
    PartUse,
    PowerNode,
    RackGroup,
    RackType,
    Row,
    Selector,
)
from dcdsl.model.attributes import value_or

if TYPE_CHECKING:
    import numpy as np

U_M = 0.04445  # one rack unit, EIA-310: 1.75 in
DEFAULT_RACK_WIDTH_M = 0.6
DEFAULT_RACK_DEPTH_M = 1.2
DEFAULT_ROW_PITCH_M = 2.4  # 1.2 m rack + 1.2 m aisle (two 600 mm floor tiles)
DEFAULT_MARGIN_M = 1.2  # end aisle between the walls and the first rack or row
DEFAULT_TRAY_HEIGHT_M = 0.5
DEFAULT_SLACK = 0.10
DEFAULT_RACKS_PER_ROW = 20  # racks placed in a hall without rows
BLOCK_ROWS_FROM = 12  # more generated rows than this stand in blocks side by side
LENGTH_BINS_M = (1, 2, 3, 5, 10, 30, 50, 100, 150, 300, 500)
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


def _float(value: object, default: float | None = None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


# --- geometry -------------------------------------------------------------------------------------


@attrs.define(eq=False)
class Segment:
    """Racks ``first``..``first + count - 1`` of a group, side by side in one row."""

    group: RackGroup
    row: RowPlace = attrs.field(repr=False)
    first: int
    count: int
    x_m: float  # west edge of the segment's first rack
    width_m: float
    depth_m: float

    def rack_x(self, i: int) -> float:
        """Centre x of the segment's i-th rack."""
        return self.x_m + (i + 0.5) * self.width_m

    @property
    def y_m(self) -> float:
        return self.row.y_m

    @property
    def centre_y(self) -> float:
        return self.row.y_m + self.depth_m / 2

    @property
    def end_x(self) -> float:
        return self.x_m + self.count * self.width_m


@attrs.define(eq=False)
class RowPlace:
    name: str
    index: int
    y_m: float  # north edge
    x_m: float  # west end (offset)
    facing: str  # south or north: where the rack fronts (cold side) face
    stated: bool  # position given in the design
    span: Span | None = None
    segments: list[Segment] = attrs.Factory(list)

    @property
    def depth_m(self) -> float:
        return max((s.depth_m for s in self.segments), default=DEFAULT_RACK_DEPTH_M)

    @property
    def end_x(self) -> float:
        return max((s.end_x for s in self.segments), default=self.x_m)

    @property
    def racks(self) -> int:
        return sum(s.count for s in self.segments)


@attrs.frozen
class Aisle:
    y0_m: float
    y1_m: float
    kind: str  # cold (fronts face it), hot (backs), mixed (a front faces a back)
    between: tuple[str, str]
    x0_m: float = 0.0  # the part of the rows' length the two rows share
    x1_m: float = 0.0


@attrs.frozen
class EquipmentPlace:
    """Cooling units or power elements drawn at a place in (or outside) a hall."""

    kind: str  # cdu, crah, pdu, rpp, …
    count: int
    detail: str  # "cooling rdhx: cdu_600kw"
    placement: str  # row_end, perimeter, outside
    x_m: float = 0.0
    y_m: float = 0.0
    width_m: float = 0.0
    depth_m: float = 0.0

    @property
    def label(self) -> str:
        # A power element by its own name (RPP_A, RPP_B: the two feeds told apart), a cooling
        # unit by its kind.
        name = self.detail.rsplit(".", 1)[-1] if self.detail.startswith("power ") else ""
        shown = name or self.kind.upper()
        return f"{shown} × {self.count}" if self.count != 1 else shown


# Where units stand when the loop or power element does not say: CDUs at the row ends they
# serve, CRAHs and PDUs along the walls, RPPs and busway tap-offs at the row ends; plant rooms
# and yards (chillers, towers, UPS, transformers, …) outside the hall.
DEFAULT_PLACEMENT = {
    "cdu": "row_end",
    "crah": "perimeter",
    "crac": "perimeter",
    "inrow": "row_end",
    "pdu": "perimeter",
    "rpp": "row_end",
    "busway": "row_end",
}
ROW_END_UNIT_M = 0.6  # a rack-sized unit at the row's east end, 0.15 m off the last rack
PERIMETER_UNIT_M = (1.8, 0.8)  # along the north and south walls


@attrs.define(eq=False)
class HallLayout:
    hall: Hall
    rows: list[RowPlace]
    aisles: list[Aisle]
    width_m: float
    length_m: float
    width_stated: bool
    length_stated: bool
    pitch_m: float
    tray_m: float
    slack: float
    assumptions: list[str] = attrs.Factory(list)
    equipment: list[EquipmentPlace] = attrs.Factory(list)

    @property
    def name(self) -> str:
        return self.hall.name

    @property
    def racks(self) -> int:
        return sum(r.racks for r in self.rows)

    def segments(self) -> Iterable[Segment]:
        for row in self.rows:
            yield from row.segments


def rack_size(group: RackGroup) -> tuple[float, float]:
    enclosure = group.enclosure
    width = _float(group.width)
    depth = _float(group.depth)
    if isinstance(enclosure, Part):
        width = width or _float(enclosure.get("width"))
        depth = depth or _float(enclosure.get("depth"))
    # A zero or negative footprint cannot be drawn or measured: the default stands in.
    width = width if width is not None and width > 0 else DEFAULT_RACK_WIDTH_M
    depth = depth if depth is not None and depth > 0 else DEFAULT_RACK_DEPTH_M
    return width, depth


def rack_height_u(group_or_type: RackGroup | RackType) -> float:
    if isinstance(group_or_type, RackGroup):
        value = group_or_type.height
        enclosure = group_or_type.enclosure
    else:
        value = group_or_type.height
        enclosure = group_or_type.enclosure
    height = _float(value)
    if height is None and isinstance(enclosure, Part):
        height = _float(enclosure.get("height"))
    return height or 42.0


def hall_layout(hall: Hall) -> HallLayout:
    pitch = _float(hall.row_pitch) or DEFAULT_ROW_PITCH_M
    pitch = pitch if pitch > 0 else DEFAULT_ROW_PITCH_M
    tray = max(_float(hall.tray_height, DEFAULT_TRAY_HEIGHT_M) or 0.0, 0.0)
    slack = max(_float(hall.cable_slack, DEFAULT_SLACK) or 0.0, 0.0)
    assumptions: list[str] = []
    rows: list[RowPlace] = []
    y = DEFAULT_MARGIN_M - pitch
    any_default = False

    def new_row(name: str, written: Row | None, span: Span | None) -> RowPlace:
        nonlocal y, any_default
        stated = _float(written.position if written else None)
        y = stated if stated is not None else y + pitch
        any_default = any_default or stated is None
        facing = written.facing if written else None
        index = len(rows)
        row = RowPlace(
            name,
            index,
            y,
            _float(written.offset if written else None, DEFAULT_MARGIN_M) or 0.0,
            str(facing) if facing in ("south", "north") else ("south", "north")[index % 2],
            stated is not None,
            span,
        )
        rows.append(row)
        return row

    def place(row: RowPlace, group: RackGroup, first: int, count: int) -> None:
        if count <= 0:
            return
        width, depth = rack_size(group)
        row.segments.append(Segment(group, row, first, count, row.end_x, width, depth))

    auto_rows = 0
    for row_block in hall.rows:
        if row_block.name:
            row = new_row(row_block.name, row_block, row_block.span)
            for group in row_block.racks:
                place(row, group, 0, group.count)
            continue
        # Racks written in the hall without a row (the elaborator's unnamed row).
        assumptions.append(
            f"racks placed without a row are laid out in rows of {DEFAULT_RACKS_PER_ROW}"
        )
        current: RowPlace | None = None
        first_auto = len(rows)
        for group in row_block.racks:
            done = 0
            while done < group.count:
                if current is None or current.racks >= DEFAULT_RACKS_PER_ROW:
                    auto_rows += 1
                    current = new_row(f"{hall.name}-{auto_rows}", None, group.span)
                take = min(group.count - done, DEFAULT_RACKS_PER_ROW - current.racks)
                place(current, group, done, take)
                done += take
        y = _blocks(rows[first_auto:], pitch, assumptions) or y
    if any_default:
        assumptions.append(
            f"rows in order at a {pitch:g} m pitch, the first {DEFAULT_MARGIN_M:g} m from the wall"
        )
    aisles = _aisles(rows)
    width = _float(hall.width)
    length = _float(hall.length)
    far_x = max((r.end_x for r in rows), default=0.0) + DEFAULT_MARGIN_M
    far_y = max((r.y_m + r.depth_m for r in rows), default=0.0) + DEFAULT_MARGIN_M
    return HallLayout(
        hall,
        rows,
        aisles,
        width if width is not None else far_x,
        length if length is not None else far_y,
        width is not None,
        length is not None,
        pitch,
        tray,
        slack,
        assumptions,
    )


def _blocks(rows: list[RowPlace], pitch: float, assumptions: list[str]) -> float | None:
    """Stand many generated rows in blocks side by side, so the hall is about as wide as long:
    C = ⌈√(R × pitch / block width)⌉ blocks of ⌈R / C⌉ rows, a 2.4 m cross aisle between blocks.
    Returns the last row's y in a block (the next row follows it), or None when left as is."""
    if len(rows) <= BLOCK_ROWS_FROM:
        return None
    block_width = max(r.end_x - r.x_m for r in rows) + 2 * DEFAULT_MARGIN_M
    blocks = math.ceil(math.sqrt(len(rows) * pitch / block_width))
    per_block = math.ceil(len(rows) / blocks)
    top = rows[0].y_m
    for i, row in enumerate(rows):
        column, k = divmod(i, per_block)
        shift = DEFAULT_MARGIN_M + column * block_width - row.x_m
        row.x_m += shift
        for segment in row.segments:
            segment.x_m += shift
        row.y_m = top + k * pitch
        row.facing = ("south", "north")[k % 2]
    assumptions.append(f"{len(rows)} generated rows stand in {blocks} blocks of {per_block}")
    return top + (per_block - 1) * pitch


def _aisles(rows: list[RowPlace]) -> list[Aisle]:
    """The aisle below each row: up to the next row south of it that shares some of its length.

    "Next" is the first row in (y, x, index) order below it whose length overlaps its own. Rows
    at one y form a level sorted by x with a running maximum of their east ends, so the first
    overlapping row of a level is two bisections away: 50,000 generated rows take well under a
    second (a scan of every later row was quadratic: 73 s)."""
    ordered = sorted(rows, key=lambda r: (r.y_m, r.x_m, r.index))
    levels: list[tuple[float, list[RowPlace], list[float], list[float]]] = []
    for row in ordered:
        if row.end_x <= row.x_m:  # no length: it overlaps nothing
            continue
        if not levels or levels[-1][0] != row.y_m:
            levels.append((row.y_m, [], [], []))
        _, members, starts, reach = levels[-1]
        members.append(row)
        starts.append(row.x_m)
        reach.append(max(reach[-1], row.end_x) if reach else row.end_x)
    level_ys = [level[0] for level in levels]
    aisles: list[Aisle] = []
    for upper in ordered:
        upper_end = upper.end_x
        if upper_end <= upper.x_m:
            continue
        bottom = upper.y_m + upper.depth_m
        for y, members, starts, reach in levels[bisect.bisect_right(level_ys, upper.y_m) :]:
            before_end = bisect.bisect_left(starts, upper_end)  # rows starting west of our end
            first = bisect.bisect_right(reach, upper.x_m)  # first row reaching east of our start
            if first >= before_end:
                continue
            lower = members[first]
            if y > bottom:
                if upper.facing == "south" and lower.facing == "north":
                    kind = "cold"
                elif upper.facing == "north" and lower.facing == "south":
                    kind = "hot"
                else:
                    kind = "mixed"
                x0, x1 = max(upper.x_m, lower.x_m), min(upper_end, lower.end_x)
                aisles.append(Aisle(bottom, y, kind, (upper.name, lower.name), x0, x1))
            break
    return aisles


# --- elevations -----------------------------------------------------------------------------------


@attrs.frozen
class Placement:
    """``count`` copies of a device, each ``height_u`` tall, stacked upward from ``start_u``."""

    use: PartUse
    start_u: int
    height_u: int
    count: int
    explicit: bool

    @property
    def top_u(self) -> int:
        """The highest U the placement occupies."""
        return self.start_u + self.height_u * self.count - 1


@attrs.define(eq=False)
class Elevation:
    name: str
    height_u: int
    placements: list[Placement]
    pdus: list[PartUse]
    used_u: int
    power_kw: float
    weight_kg: float
    weight_known: bool
    span: Span | None
    overlaps: list[tuple[Placement, Placement]] = attrs.Factory(list)
    contents_kg: float = 0.0  # what the enclosure carries: devices and rack PDUs
    load_limit_kg: float | None = None  # the rack's `weight_limit`, else the enclosure's rating
    load_limit_source: str = ""

    @property
    def free_u(self) -> int:
        return self.height_u - self.used_u

    @property
    def top_u(self) -> int:
        return max((p.top_u for p in self.placements if p.height_u), default=0)

    @property
    def below_u1(self) -> list[Placement]:
        return [p for p in self.placements if p.height_u and p.start_u < 1]

    @property
    def overfull(self) -> bool:
        return self.used_u > self.height_u or self.top_u > self.height_u


def elevation(
    name: str,
    contents: list[PartUse],
    height_u: float,
    span: Span | None,
    enclosure: object = None,
    basis: str = "max",
    load_factor: float = 1.0,
    weight_limit: float | None = None,
) -> Elevation:
    """Place a rack's devices by U: stated positions first, the rest bottom-up in order."""
    height = int(height_u)
    devices = [u for u in contents if u.role == "device"]
    pdus = [u for u in contents if u.role != "device"]
    # Occupied runs of units as (lowest, highest): a set of every unit would cost memory and time
    # in the rack's height, which a design sets (a fuzz case stacked 10,000 servers: 15 s).
    occupied: list[tuple[int, int]] = []
    placements: list[Placement] = []
    overlaps: list[tuple[Placement, Placement]] = []
    for use in devices:
        position = _float(use.get("position"))
        size = math.ceil(_float(use.get("height"), 0.0) or 0.0)
        if position is None:
            continue
        placed = Placement(use, int(position), size, use.count, True)
        for other in placements:
            overlap = placed.start_u <= other.top_u and other.start_u <= placed.top_u
            if size and other.height_u and overlap:
                overlaps.append((other, placed))
        placements.append(placed)
        if placed.top_u >= placed.start_u:
            occupied.append((placed.start_u, placed.top_u))
    cursor = 1
    for use in devices:
        if _float(use.get("position")) is not None:
            continue
        size = math.ceil(_float(use.get("height"), 0.0) or 0.0)
        if size == 0:
            placements.append(Placement(use, cursor, 0, use.count, False))
            continue
        # The lowest run of free units that holds all copies: past every run it would overlap
        # (each step clears at least one run; racks hold few device lines).
        top = cursor + size * use.count - 1
        while clashes := [high for low, high in occupied if low <= top and cursor <= high]:
            cursor = max(clashes) + 1
            top = cursor + size * use.count - 1
        placed = Placement(use, cursor, size, use.count, False)
        placements.append(placed)
        occupied.append((placed.start_u, placed.top_u))
        cursor = placed.top_u + 1
    used = sum(p.height_u * p.count for p in placements)
    power = sum(device_kw(u, basis, load_factor) * u.count for u in contents)
    weights = [_float(u.get("weight")) for u in contents]
    weight = sum((w or 0.0) * u.count for w, u in zip(weights, contents, strict=True))
    known = all(w is not None for w in weights)
    contents_kg = weight
    if isinstance(enclosure, Part):
        enclosure_weight = _float(enclosure.get("weight"))
        weight += enclosure_weight or 0.0
        known = known and enclosure_weight is not None
    placements.sort(key=lambda p: (p.start_u, p.use.part.name))
    found = Elevation(name, height, placements, pdus, used, power, weight, known, span, overlaps)
    found.contents_kg = contents_kg
    if weight_limit is not None:
        found.load_limit_kg, found.load_limit_source = weight_limit, "the rack's `weight_limit`"
    elif isinstance(enclosure, Part) and _float(enclosure.get("load_rating")) is not None:
        found.load_limit_kg = _float(enclosure.get("load_rating"))
        found.load_limit_source = f"the load rating of enclosure `{enclosure.name}`"
    return found


# --- cable lengths --------------------------------------------------------------------------------


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


_EPS = 1e-9


class _Lengths:
    """Tallies links by (medium, length bin, beyond reach) under a tier's medium policy.

    Routes come in as arrays with a weight each (links); the tally keeps a handful of
    categories, so 30,000 racks cost a few array operations, not 30,000 Python steps."""

    def __init__(self, name: str, policy: str, reach: dict[str, float], slack: float) -> None:
        self.name, self.policy, self.reach, self.slack = name, policy, reach, slack
        self.media = POLICY_MEDIA.get(policy, (policy,))
        self.weights: dict[tuple[int, int, int], float] = {}
        self.longest: dict[tuple[int, int, int], float] = {}

    def add(self, routes: np.ndarray, weights: np.ndarray) -> None:
        import numpy as np

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
        for code in np.nonzero(totals)[0]:
            key = (
                int(code) // 2 // (len(LENGTH_BINS_M) + 1),
                int(code) // 2 % (len(LENGTH_BINS_M) + 1),
                int(code) % 2,
            )
            self.weights[key] = self.weights.get(key, 0.0) + float(totals[code])
            self.longest[key] = max(self.longest.get(key, 0.0), float(longest[code]))

    def tier(self, links: int | None = None, name: str | None = None) -> TierCabling:
        """The tally as whole links; ``links``: spread that many in proportion to the weights;
        ``name``: the tier's, when one tally serves several tiers."""
        keys = sorted(self.weights)
        if links is None:
            counts = [round(self.weights[k]) for k in keys]
        else:
            counts = _share(links, [self.weights[k] for k in keys])
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


def _share(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder, ties in order)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    counts = [math.floor(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _fabric_halls(result: FabricResult, layouts: list[HallLayout]) -> list[HallLayout]:
    endpoints = result.fabric.endpoints if result.fabric is not None else None
    scope = endpoints.scope if isinstance(endpoints, Selector) else None
    if scope is None:
        return layouts
    hall = scope if isinstance(scope, Hall) else getattr(scope, "hall", None)
    return [layout for layout in layouts if layout.hall is hall]


def fabric_cabling(
    result: FabricResult, layout: HallLayout, nodes_per_rack: dict[int, int]
) -> FabricCabling | None:
    """Link lengths of one sized fabric over the racks of one hall (see the module docstring)."""
    import numpy as np  # here, not at the top: a check without cabling need not load it

    counts = result.counts
    fabric = result.fabric
    if counts is None or fabric is None:
        return None
    reach = dict(DEFAULT_REACH_M)
    speed = counts.spec.port_speed_gbps
    if speed is not None and speed <= 100:
        reach.update(REACH_AT_100G_M)
    for medium, stated_reach in (
        ("dac", fabric.dac_reach),
        ("acc", fabric.acc_reach),
        ("optical", fabric.optical_reach),
        ("singlemode", fabric.singlemode_reach),
    ):
        stated = _float(stated_reach)
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
    px, py, pv = points.arrays()
    # Switch–switch links spread over every pair of switch points: beyond MAX_PAIR_POINTS
    # points, over the pairs of an even sample of them (every n-th in row order).
    pair_step = max(1, math.ceil(px.size / MAX_PAIR_SAMPLE))
    pairs = (px[::pair_step], py[::pair_step], pv[::pair_step])
    if pair_step > 1:
        where += (
            f"; switch-to-switch lengths estimated from {pairs[0].size:,} of the "
            f"{px.size:,} switch points, evenly spaced"
        )
    tiers: list[TierCabling] = []
    rails = counts.spec.rails
    pair_tally: _Lengths | None = None  # the same for every switch–switch tier: tallied once
    for link_tier in counts.link_tiers:
        if link_tier.lower != "node":
            if pair_tally is None:
                pair_tally = _Lengths(link_tier.name, policy, reach, layout.slack)
                _switch_pairs(pair_tally, *pairs, tray, placed)
            tiers.append(pair_tally.tier(link_tier.links, link_tier.name))
            continue
        lengths = _Lengths(link_tier.name, policy, reach, layout.slack)
        # Each node rack's NIC ports, scaled to the tier's link count when they differ.
        weights = [nodes * rails * s.count for s, nodes in node_segments]
        shares = (
            weights
            if sum(weights) <= link_tier.links
            else _share(link_tier.links, [float(w) for w in weights])
        )
        if node_segments:
            rx, ry, rv, links = _node_racks([s for s, _ in node_segments], shares)
            nearest, horizontal = _nearest(px, py, rx, ry)
            routes = horizontal + rv + pv[nearest] + 2 * tray
            if placed:  # a rack that holds the switches: no tray, half the rack's height
                routes = np.where(horizontal <= _EPS, rv, routes)
            lengths.add(routes, links)
        rest = link_tier.links - sum(shares)  # UFM and other non-node ports: at the switches
        if rest > 0:
            at_switch = pv[0] if placed else 2 * pv[0] + 2 * tray
            lengths.add(np.array([at_switch]), np.array([float(rest)]))
        tiers.append(lengths.tier())
    return FabricCabling(result.name, layout.name, placed, where, tiers, fabric.span)


def _vertical(segment: Segment) -> float:
    return rack_height_u(segment.group) * U_M / 2


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
    lengths: _Lengths, px: np.ndarray, py: np.ndarray, pv: np.ndarray, tray: float, placed: bool
) -> None:
    """Weigh every ordered pair of switch points equally (links spread evenly over them)."""
    import numpy as np

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


# --- the analysis ---------------------------------------------------------------------------------


@attrs.define
class LayoutResult:
    halls: list[HallLayout]
    elevations: dict[str, Elevation]  # by rack type name
    group_elevations: list[tuple[RackGroup, Elevation]]  # racks with devices added at the instance
    cabling: dict[str, list[FabricCabling]]  # fabric name -> per hall

    def drawn(self) -> dict[str, Elevation]:
        """The elevations to draw: each named rack type, and each rack written with its own
        contents (`rack "r01" { device … }`) under its rack names."""
        shown = dict(self.elevations)
        # Racks alike (same contents in the same places) are drawn once, under the first's name:
        # a flattened design of 3,125 written-out racks is still a handful of drawings.
        seen: set[tuple[object, ...]] = set()
        for group, found in self.group_elevations:
            key = _signature(found)
            if group.rack_type.inline and found.name not in shown and key not in seen:
                seen.add(key)
                shown[found.name] = found
        return dict(sorted(shown.items()))

    def hall(self, name: str) -> HallLayout | None:
        return next((h for h in self.halls if h.name == name), None)


def _served(layouts: list[HallLayout]) -> dict[int, tuple[object, dict[int, list[RowPlace]]]]:
    """Per cooling loop and power element (by id): the object and, per hall, the rows it serves."""
    served: dict[int, tuple[object, dict[int, list[RowPlace]]]] = {}
    listed: set[tuple[int, int]] = set()
    for index, layout in enumerate(layouts):
        for row in layout.rows:
            for segment in row.segments:
                power = segment.group.power
                cooling = segment.group.cooling
                for thing in [cooling, *(power if isinstance(power, list) else [power])]:
                    if thing is None or isinstance(thing, str):
                        continue
                    _, rows = served.setdefault(id(thing), (thing, {}))
                    hall_rows = rows.setdefault(index, [])
                    if (id(thing), id(row)) not in listed:  # a set: 10,000 rows a hall
                        listed.add((id(thing), id(row)))
                        hall_rows.append(row)
    return served


def place_equipment(layouts: list[HallLayout]) -> None:
    """Cooling units and power elements by their `placement`: row ends, walls, or outside.

    A unit group serving several halls is shared out by the rows it serves in each (largest
    remainder); at the row ends, each served row gets its share of the units."""
    perimeter: dict[int, list[EquipmentPlace]] = {}
    # Units at one row's end stand side by side (RPP A, then RPP B), never on top of each other.
    row_end_next: dict[int, float] = {}
    for thing, by_hall in _served(layouts).values():
        halls = sorted(by_hall)
        units: list[tuple[str, int, str, str | None]] = []  # kind, count, detail, stated
        stated = thing.placement if isinstance(thing, CoolingLoop | PowerNode) else None
        if isinstance(thing, CoolingLoop):
            for use in thing.units:
                detail = f"cooling {thing.name}: {use.part.name}"
                units.append((use.part.kind, use.count, detail, stated))
        elif isinstance(thing, PowerNode):
            units.append((thing.kind, thing.count, f"power {thing.path}", stated))
        for kind, count, detail, placement in units:
            where = str(placement or DEFAULT_PLACEMENT.get(kind, "outside"))
            shares = _share(count, [float(len(by_hall[h])) for h in halls])
            for hall_index, share in zip(halls, shares, strict=True):
                if share <= 0:
                    continue
                layout = layouts[hall_index]
                if where == "row_end":
                    rows = by_hall[hall_index]
                    per_row = _share(share, [1.0] * len(rows))
                    for row, n in zip(rows, per_row, strict=True):
                        if n:
                            x = row_end_next.get(id(row), row.end_x + 0.15)
                            row_end_next[id(row)] = x + ROW_END_UNIT_M + 0.1
                            layout.equipment.append(
                                EquipmentPlace(
                                    kind,
                                    n,
                                    detail,
                                    where,
                                    x,
                                    row.y_m,
                                    ROW_END_UNIT_M,
                                    row.depth_m,
                                )
                            )
                            if not layout.width_stated:  # a hall sized from its racks holds them
                                layout.width_m = max(
                                    layout.width_m, x + ROW_END_UNIT_M + DEFAULT_MARGIN_M / 2
                                )
                elif where == "perimeter":
                    perimeter.setdefault(hall_index, []).append(
                        EquipmentPlace(kind, share, detail, where)
                    )
                else:
                    layout.equipment.append(EquipmentPlace(kind, share, detail, "outside"))
    # Along the north wall, then the south wall, one box per unit group (its count in the label).
    width, depth = PERIMETER_UNIT_M
    for hall_index, places in sorted(perimeter.items()):
        layout = layouts[hall_index]
        step = width + 0.6
        per_wall = max(1, int((layout.width_m - DEFAULT_MARGIN_M) // step))
        for index, place in enumerate(places):
            wall, slot = divmod(index, per_wall)
            y = 0.2 if wall % 2 == 0 else layout.length_m - 0.2 - depth
            layout.equipment.append(
                attrs.evolve(
                    place,
                    x_m=DEFAULT_MARGIN_M + slot * step,
                    y_m=y,
                    width_m=width,
                    depth_m=depth,
                )
            )


def _signature(found: Elevation) -> tuple[object, ...]:
    return (
        found.height_u,
        tuple((p.use.part.name, p.start_u, p.height_u, p.count) for p in found.placements),
        tuple((u.part.name, u.count) for u in found.pdus),
    )


def analyse(model: Model, results: Results) -> None:
    basis = str(value_or(model.design.power_basis, "max"))
    load_factor = _float(model.design.load_factor, 1.0) or 1.0
    layouts = [hall_layout(hall) for hall in model.halls]
    place_equipment(layouts)
    elevations: dict[str, Elevation] = {}
    group_elevations: list[tuple[RackGroup, Elevation]] = []
    for group in model.rack_groups():
        rack_type = group.rack_type
        if rack_type.name not in elevations and not rack_type.inline:
            elevations[rack_type.name] = elevation(
                rack_type.name,
                list(rack_type.contents),
                rack_height_u(rack_type),
                rack_type.span,
                rack_type.enclosure,
                basis,
                load_factor,
                _float(rack_type.weight_limit),
            )
        overrides = "weight_limit" in group.overrides or "enclosure" in group.overrides
        if group.contents or rack_type.inline or overrides:
            group_elevations.append(
                (
                    group,
                    elevation(
                        rack_type.name if not rack_type.inline else group.names_summary,
                        group.all_contents(),
                        rack_height_u(group),
                        group.span,
                        group.enclosure,
                        basis,
                        load_factor,
                        _float(group.weight_limit),
                    ),
                )
            )
    nodes_per_rack: dict[int, int] = {}
    for rack in getattr(results.load, "racks", None) or []:
        nodes_per_rack[id(rack.group)] = rack.nodes
    cabling: dict[str, list[FabricCabling]] = {}
    for name, result in sorted(results.fabrics.items()):
        if not isinstance(result, FabricResult) or result.counts is None:
            continue
        halls = _fabric_halls(result, layouts)
        if not halls:
            continue
        # One hall carries the fabric's links when its endpoints are in one hall; several halls
        # split them by node racks (halls are not placed relative to one another).
        found = _split_over_halls(result, halls, nodes_per_rack) if len(halls) > 1 else []
        if len(found) <= 1:  # one hall, or one that can be cabled: it carries all the links
            found = [
                c for h in halls if (c := fabric_cabling(result, h, nodes_per_rack)) is not None
            ]
        cabling[name] = found
    results.layout = LayoutResult(layouts, elevations, group_elevations, cabling)


def _split_over_halls(
    result: FabricResult, halls: list[HallLayout], nodes_per_rack: dict[int, int]
) -> list[FabricCabling]:
    """Each hall takes its share of every tier's links, by the nodes it holds."""
    assert result.counts is not None
    weights = [
        float(sum(nodes_per_rack.get(id(s.group), 0) * s.count for s in h.segments()))
        for h in halls
    ]
    if not any(weights):
        weights = [1.0] * len(halls)
    out: list[FabricCabling] = []
    per_tier = [_share(t.links, weights) for t in result.counts.link_tiers]
    for index, hall in enumerate(halls):
        tiers = tuple(
            attrs.evolve(t, links=per_tier[k][index])
            for k, t in enumerate(result.counts.link_tiers)
        )
        counts = attrs.evolve(result.counts, link_tiers=tiers)
        share = attrs.evolve(result, counts=counts)
        cabling = fabric_cabling(share, hall, nodes_per_rack)
        if cabling is not None:
            out.append(cabling)
    return out
