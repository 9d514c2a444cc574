"""Layout geometry: where the racks stand in each hall (rows, segments, aisles).

Geometry (docs/layout.md works a small hall by hand). Plan coordinates are metres, x along the
rows from the hall's west wall, y across them from the north wall. A row's racks stand side by
side in the order written, from the row's `offset` (default 1.2 m: an end aisle); rows stand in
the order written at the hall's `row_pitch` (default 2.4 m = a 1.2 m deep rack + a 1.2 m aisle),
the first at 1.2 m, unless a row states its `position`. Rack fronts alternate south, north, … so
that the aisles between rows alternate cold (fronts face each other) and hot (backs). Racks placed
in a hall without a row are packed into rows of 20. Positions are per rack group (a segment of a
row: first rack, count, width), never per rack.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable

import attrs

from dcdsl.diagnostics import Span
from dcdsl.model import Hall, Part, RackGroup, RackType, Row

U_M = 0.04445  # one rack unit, EIA-310: 1.75 in
DEFAULT_RACK_WIDTH_M = 0.6
DEFAULT_RACK_DEPTH_M = 1.2
DEFAULT_ROW_PITCH_M = 2.4  # 1.2 m rack + 1.2 m aisle (two 600 mm floor tiles)
DEFAULT_MARGIN_M = 1.2  # end aisle between the walls and the first rack or row
DEFAULT_TRAY_HEIGHT_M = 0.5
DEFAULT_SLACK = 0.10
DEFAULT_RACKS_PER_ROW = 20  # racks placed in a hall without rows
BLOCK_ROWS_FROM = 12  # more generated rows than this stand in blocks side by side


def as_float(value: object, default: float | None = None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


def share_out(total: int, weights: list[float]) -> list[int]:
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
    width = as_float(group.width)
    depth = as_float(group.depth)
    if isinstance(enclosure, Part):
        width = width or as_float(enclosure.specs.width)
        depth = depth or as_float(enclosure.specs.depth)
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
    height = as_float(value)
    if height is None and isinstance(enclosure, Part):
        height = as_float(enclosure.specs.height)
    return height or 42.0


def hall_layout(hall: Hall) -> HallLayout:
    pitch = as_float(hall.row_pitch) or DEFAULT_ROW_PITCH_M
    pitch = pitch if pitch > 0 else DEFAULT_ROW_PITCH_M
    tray = max(as_float(hall.tray_height, DEFAULT_TRAY_HEIGHT_M) or 0.0, 0.0)
    slack = max(as_float(hall.cable_slack, DEFAULT_SLACK) or 0.0, 0.0)
    assumptions: list[str] = []
    rows: list[RowPlace] = []
    y = DEFAULT_MARGIN_M - pitch
    any_default = False

    def new_row(name: str, written: Row | None, span: Span | None) -> RowPlace:
        nonlocal y, any_default
        stated = as_float(written.position if written else None)
        y = stated if stated is not None else y + pitch
        any_default = any_default or stated is None
        facing = written.facing if written else None
        index = len(rows)
        row = RowPlace(
            name,
            index,
            y,
            as_float(written.offset if written else None, DEFAULT_MARGIN_M) or 0.0,
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
    width = as_float(hall.width)
    length = as_float(hall.length)
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
