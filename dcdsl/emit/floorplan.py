"""`floorplan-<hall>.svg`: each hall drawn from the layout analysis, racks coloured by density.

A rack's colour is its power over its cooling tier's rack-density limit (``results.cooling``),
in the bands of ``BANDS`` (the legend lists them with the limits of the tiers in the hall). Cold
and hot aisles are shaded, rows are labelled at their west end, and every rack carries an SVG
<title> (name, rack type, power, limit) that a browser shows on hover, so a hall of 3,000 racks
needs no per-rack text. Cooling units and power elements that serve the hall are drawn below
it (their floor positions are not modelled). Deterministic: no timestamps, fixed number formats.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import attrs

from dcdsl import number_format
from dcdsl.analysis.layout import HallLayout, LayoutResult
from dcdsl.analysis.results import Results
from dcdsl.emit.escape import file_stem, file_stems
from dcdsl.emit.escape import xml_text as escape
from dcdsl.model import Model, RackGroup

# (upper bound of power / limit, colour, legend text); the last band has no upper bound.
BANDS: tuple[tuple[float, str, str], ...] = (
    (0.5, "#4caf50", "up to 50 % of the tier's limit"),
    (0.8, "#cddc39", "50–80 %"),
    (1.0, "#ff9800", "80–100 %"),
    (float("inf"), "#e53935", "over the limit"),
)
NO_LIMIT_COLOUR = "#9e9e9e"
NO_LIMIT_TEXT = "no density limit known"
AISLE_COLOURS = {"cold": "#e3f2fd", "hot": "#ffebee", "mixed": "#f5f5f5"}
MAX_PX = 1600.0  # the longer side of the hall, in pixels
MARGIN_PX = 40.0
# Bounded drawings: a million racks must not become a million shapes. The floor plans of a
# design share SHAPE_BUDGET shapes (each hall gets its share, at least MIN_HALL_SHAPES). A hall
# is drawn one shape per rack when its racks fit its share and MAX_RACKS_DRAWN; else one block
# per row run (a run of one rack type in a row) with its aisle, label and front line, when
# those fit; else as density tiles on a grid of up to MAX_TILES_ALONG tiles along the hall's
# longer side, each coloured by its densest rack. Row-end and wall units: up to MAX_UNITS_DRAWN.
SHAPE_BUDGET = 25_000
MIN_HALL_SHAPES = 100
MAX_RACKS_DRAWN = 5_000
MAX_TILES_ALONG = 48
MIN_TILES_ALONG = 8
MAX_UNITS_DRAWN = 2_000
MAX_HALL_PLANS = 200  # halls drawn, the ones with the most racks (ties by name); see planned()


def file_name(hall: str, stem: str | None = None) -> str:
    return f"floorplan-{stem if stem is not None else file_stem(hall)}.svg"


def planned(layout: LayoutResult) -> list[HallLayout]:
    """The halls that get a floor plan: all, up to MAX_HALL_PLANS; else the ones with the most
    racks (a design of 10,000 halls writes 200 plans, not 10,000 files)."""
    if len(layout.halls) <= MAX_HALL_PLANS:
        return list(layout.halls)
    ranked = sorted(layout.halls, key=lambda h: (-h.racks, h.name))[:MAX_HALL_PLANS]
    chosen = {id(h) for h in ranked}
    return [h for h in layout.halls if id(h) in chosen]


def file_names(results: Results) -> dict[str, str]:
    """Hall name → its floor-plan file (names made safe and unique: dcdsl.emit.escape)."""
    layout = results.layout
    if not isinstance(layout, LayoutResult):
        return {}
    stems = file_stems(hall.name for hall in planned(layout))
    return {name: file_name(name, stem) for name, stem in stems.items()}


@attrs.frozen
class Density:
    rack_kw: float
    limit_kw: float | None
    tier: str


def densities(results: Results) -> dict[int, Density]:
    """Rack power and tier limit per rack group (by id)."""
    found: dict[int, Density] = {}
    for rack in results.load.racks if results.load is not None else []:
        found[id(rack.group)] = Density(float(rack.it_kw), None, "")
    for cooled in results.cooling.racks if results.cooling is not None else []:
        found[id(cooled.group)] = Density(cooled.rack_kw, cooled.limit_kw, cooled.tier)
    return found


def colour(density: Density | None) -> str:
    if density is None or not density.limit_kw:
        return NO_LIMIT_COLOUR
    ratio = density.rack_kw / density.limit_kw
    return next(c for bound, c, _ in BANDS if ratio <= bound + 1e-9)


_n = number_format.coordinate


def render(
    layout: HallLayout,
    model: Model,
    results: Results,
    budget: int = SHAPE_BUDGET,
    found: dict[int, Density] | None = None,
) -> str:
    scale = max(2.0, min(40.0, MAX_PX / max(layout.width_m, layout.length_m, 1.0)))
    if found is None:
        found = densities(results)

    def px(metres: float) -> str:
        return _n(MARGIN_PX + metres * scale)

    hall_w = layout.width_m * scale
    hall_h = layout.length_m * scale
    equipment = _equipment(layout)
    detail, drawn_notes = detail_level(layout, budget)
    scale_top = MARGIN_PX + hall_h + 14
    legend_top = scale_top + 40
    legend_h = 20 * (len(BANDS) + 3 + len(layout.assumptions) + len(drawn_notes))
    equipment_h = 30 + 50 * math.ceil(len(equipment) / 8) if equipment else 0
    width = max(MARGIN_PX * 2 + hall_w, 900.0)
    height = legend_top + legend_h + equipment_h + 20
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(f'Hall {layout.name}: floor plan')}</title>",
        f'<text x="{_n(MARGIN_PX)}" y="22" font-size="16" font-weight="bold">'
        f"{escape(_heading(layout))}</text>",
        f'<rect class="hall" x="{px(0)}" y="{px(0)}" width="{_n(hall_w)}" '
        f'height="{_n(hall_h)}" fill="white" stroke="#333" stroke-width="2"/>',
    ]
    for aisle in layout.aisles if detail != "tiles" else []:
        y0 = aisle.y0_m
        aisle_w = (aisle.x1_m - aisle.x0_m) * scale
        out.append(
            f'<rect class="aisle {aisle.kind}" x="{px(aisle.x0_m)}" y="{px(y0)}" '
            f'width="{_n(aisle_w)}" '
            f'height="{_n((aisle.y1_m - y0) * scale)}" fill="{AISLE_COLOURS[aisle.kind]}">'
            f"<title>{escape(f'{aisle.kind} aisle between rows {aisle.between[0]} and {aisle.between[1]}')}"
            "</title></rect>"
        )
        if (aisle.y1_m - y0) * scale >= 10 and aisle_w >= 60:
            out.append(
                f'<text x="{px((aisle.x0_m + aisle.x1_m) / 2)}" y="{px((y0 + aisle.y1_m) / 2)}" '
                f'dominant-baseline="middle" text-anchor="middle" font-size="9" fill="#555">'
                f"{escape(aisle.kind + ' aisle')}</text>"
            )
    if detail == "tiles":
        out.extend(_tiles(layout, found, px, scale, tiles_along(budget)))
    for row in layout.rows if detail != "tiles" else []:
        if not row.segments:
            continue
        depth = row.depth_m
        out.append(
            f'<text class="row-label" x="{_n(MARGIN_PX + row.x_m * scale - 4)}" '
            f'y="{px(row.y_m + depth / 2)}" text-anchor="end" dominant-baseline="middle" '
            f'font-weight="bold">{escape(row.name)}</text>'
        )
        for segment in row.segments:
            group = segment.group
            density = found.get(id(group))
            fill = colour(density)
            if detail == "rows":
                out.append(_block(segment, density, fill, px, scale))
                continue
            for i in range(segment.count):
                name = group.name(segment.first + i)
                x = segment.x_m + i * segment.width_m
                out.append(
                    f'<rect class="rack" x="{px(x)}" y="{px(row.y_m)}" '
                    f'width="{_n(segment.width_m * scale)}" height="{_n(segment.depth_m * scale)}" '
                    f'fill="{fill}" stroke="#333" stroke-width="0.5">'
                    f"<title>{escape(_rack_title(name, group, density))}</title></rect>"
                )
        front = row.y_m + (depth if row.facing == "south" else 0.0)
        out.append(
            f'<line class="front" x1="{px(row.x_m)}" y1="{px(front)}" x2="{px(row.end_x)}" '
            f'y2="{px(front)}" stroke="#1565c0" stroke-width="2"><title>'
            f"{escape(f'row {row.name}: rack fronts face {row.facing}')}</title></line>"
        )
    if len(layout.equipment) <= MAX_UNITS_DRAWN:
        out.extend(_placed_equipment(layout, px, scale))
    out.extend(scale_bar(layout.width_m, scale, MARGIN_PX, scale_top))
    out.extend(_legend(layout, found, legend_top, drawn_notes))
    if equipment:
        out.extend(_equipment_boxes(equipment, legend_top + legend_h + 10))
    out.append("</svg>")
    return "\n".join(out) + "\n"


_NICE_LENGTHS_M = (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def scale_bar(width_m: float, px_per_m: float, left: float, top: float) -> list[str]:
    """A scale bar under the hall: a round length (1, 2, 5 × 10ⁿ m) up to a third of the hall's
    width (a third at most), in four alternating segments, labelled, so that distances can be read off."""
    target = max(width_m / 3, 0.5)
    length = max((n for n in _NICE_LENGTHS_M if n <= target), default=_NICE_LENGTHS_M[0])
    bar = length * px_per_m
    segment = bar / 4
    out = [f'<g class="scale-bar" transform="translate({_n(left)},{_n(top)})">']
    out.append(f"<title>scale: this bar is {_n(length)} m</title>")
    for i in range(4):
        fill = "#333" if i % 2 == 0 else "white"
        out.append(
            f'<rect x="{_n(i * segment)}" y="0" width="{_n(segment)}" height="6" '
            f'fill="{fill}" stroke="#333" stroke-width="0.75"/>'
        )
    out.append('<text x="0" y="20" font-size="11">0</text>')
    out.append(
        f'<text x="{_n(bar)}" y="20" font-size="11" text-anchor="middle">{_n(length)} m</text>'
    )
    out.append("</g>")
    return out


def hall_budget(halls: int) -> int:
    """The shapes one hall's floor plan may draw when the design has ``halls`` halls."""
    return max(MIN_HALL_SHAPES, SHAPE_BUDGET // max(1, halls))


def tiles_along(budget: int) -> int:
    return max(MIN_TILES_ALONG, min(MAX_TILES_ALONG, math.isqrt(budget)))


def detail_level(layout: HallLayout, budget: int = SHAPE_BUDGET) -> tuple[str, list[str]]:
    """How the racks are drawn ("racks", "rows" or "tiles") and the legend lines saying so."""
    racks = layout.racks
    blocks = sum(len(row.segments) for row in layout.rows)
    row_shapes = blocks + 3 * len(layout.rows)  # blocks, and per row a label, front and aisle
    notes: list[str] = []
    if racks <= min(MAX_RACKS_DRAWN, budget):
        level = "racks"
    elif row_shapes <= budget:
        level = "rows"
        notes.append(
            f"{racks:,} racks: one block per run of a rack type in a row, coloured as its "
            "racks (hover for the racks it holds); a bounded drawing"
        )
    else:
        level = "tiles"
        notes.append(
            f"{racks:,} racks in {len(layout.rows):,} rows: density tiles, each coloured by its "
            "densest rack; aisles and rows are not drawn (a bounded drawing)"
        )
    if len(layout.equipment) > MAX_UNITS_DRAWN:
        notes.append(
            f"{len(layout.equipment):,} unit groups at row ends and walls (over "
            f"{MAX_UNITS_DRAWN:,}) are not drawn"
        )
    return level, notes


def _block(segment: Any, density: Density | None, fill: str, px: Any, scale: float) -> str:
    """A run of racks of one type in one row, as one shape."""
    group = segment.group
    first, last = group.name(segment.first), group.name(segment.first + segment.count - 1)
    title = _rack_title(f"{segment.count:,} racks {first}..{last}", group, density)
    return (
        f'<rect class="rack-run" x="{px(segment.x_m)}" y="{px(segment.y_m)}" '
        f'width="{_n(segment.count * segment.width_m * scale)}" '
        f'height="{_n(segment.depth_m * scale)}" fill="{fill}" stroke="#333" stroke-width="0.5">'
        f"<title>{escape(title)}</title></rect>"
    )


def _tiles(
    layout: HallLayout, found: dict[int, Density], px: Any, scale: float, along: int
) -> list[str]:
    """Density tiles: racks counted into a grid, each tile coloured by its densest rack."""
    side = max(layout.width_m, layout.length_m, 1.0) / along
    racks: dict[tuple[int, int], int] = {}
    worst: dict[tuple[int, int], tuple[float, str, float]] = {}  # ratio, colour, kW
    for segment in layout.segments():
        density = found.get(id(segment.group))
        ratio = (density.rack_kw / density.limit_kw) if density and density.limit_kw else -1.0
        kw = density.rack_kw if density else 0.0
        ty = int(min(max(segment.y_m + segment.depth_m / 2, 0.0) / side, 10 * along))
        x0, width = segment.x_m, max(segment.width_m, 1e-9)
        tx = int(max(x0, 0.0) / side)
        placed = 0
        while placed < segment.count:
            # Racks of this segment whose west edge falls in tile column tx.
            edge = (tx + 1) * side
            upto = segment.count if tx >= 10 * along else math.ceil((edge - x0) / width)
            n = max(1, min(segment.count, upto) - placed)
            key = (tx, ty)
            racks[key] = racks.get(key, 0) + n
            if key not in worst or (ratio, kw) > worst[key][::2]:
                worst[key] = (ratio, colour(density), kw)
            placed += n
            tx += 1
    out = []
    for (tx, ty), count in sorted(racks.items(), key=lambda item: (item[0][1], item[0][0])):
        ratio, fill, kw = worst[(tx, ty)]
        share = f", {100 * ratio:.0f} % of its limit" if ratio >= 0 else ""
        title = f"{count:,} racks; densest {kw:,.1f} kW per rack{share}"
        # The last column and row of tiles end at the hall's walls, not a tile beyond them.
        wide = max(min(side, layout.width_m - tx * side), side / 10)
        deep = max(min(side, layout.length_m - ty * side), side / 10)
        out.append(
            f'<rect class="tile" x="{px(tx * side)}" y="{px(ty * side)}" '
            f'width="{_n(wide * scale)}" height="{_n(deep * scale)}" fill="{fill}" '
            f'stroke="#333" stroke-width="0.3"><title>{escape(title)}</title></rect>'
        )
    return out


def _heading(layout: HallLayout) -> str:
    size = f"{_n(layout.width_m)} × {_n(layout.length_m)} m"
    if not (layout.width_stated and layout.length_stated):
        size += " (from the racks)"
    return f"Hall {layout.name}: {layout.racks:,} racks in {len(layout.rows):,} rows, {size}"


def _rack_title(name: str, group: RackGroup, density: Density | None) -> str:
    text = f"{name} · {group.rack_type.name}"
    if density is not None:
        text += f" · {density.rack_kw:,.1f} kW"
        if density.limit_kw:
            pct = 100 * density.rack_kw / density.limit_kw
            text += f" of {density.limit_kw:,.0f} kW ({density.tier}, {pct:.0f} %)"
        elif density.tier:
            text += f" ({density.tier})"
    return text


def _legend(
    layout: HallLayout, found: dict[int, Density], top: float, drawn_notes: list[str]
) -> list[str]:
    out = [f'<g class="legend" transform="translate({_n(MARGIN_PX)},{_n(top)})">']
    limits = sorted(
        {
            (d.tier, d.limit_kw)
            for s in layout.segments()
            if (d := found.get(id(s.group))) is not None and d.tier
        },
        key=lambda item: (item[0], item[1] or 0.0),
    )
    text = ", ".join(
        f"{tier} {_n(limit)} kW" if limit else f"{tier} none" for tier, limit in limits
    )
    out.append(
        f'<text x="0" y="0" font-weight="bold">'
        f"{escape('Rack power against its cooling tier limit' + (f' ({text})' if text else ''))}"
        "</text>"
    )
    entries = [(c, label) for _, c, label in BANDS] + [(NO_LIMIT_COLOUR, NO_LIMIT_TEXT)]
    for index, (fill, label) in enumerate(entries):
        y = 20 * (index + 1)
        out.append(
            f'<rect class="legend-swatch" x="0" y="{y - 11}" width="14" height="14" '
            f'fill="{fill}" stroke="#333" stroke-width="0.5"/>'
            f'<text x="20" y="{y}">{escape(label)}</text>'
        )
    y = 20 * (len(entries) + 1)
    for note in [
        "blue line: rack fronts; cold aisles shaded blue, hot aisles red; grey boxes: "
        "cooling and power units (row ends, walls)",
        *layout.assumptions,
        *drawn_notes,
    ]:
        out.append(f'<text x="0" y="{y}" fill="#555">{escape(note)}</text>')
        y += 20
    out.append("</g>")
    return out


def _equipment(layout: HallLayout) -> list[tuple[str, str]]:
    """(label, detail) of the units that stand outside the hall (plant rooms, yards)."""
    return [
        (place.label, place.detail) for place in layout.equipment if place.placement == "outside"
    ]


def _placed_equipment(layout: HallLayout, px: Any, scale: float) -> list[str]:
    """Units at the row ends and along the walls, drawn where the layout placed them."""
    out: list[str] = []
    for place in layout.equipment:
        if place.placement == "outside":
            continue
        w, h = place.width_m * scale, place.depth_m * scale
        vertical = w < h
        label = (
            f'<text x="{px(place.x_m + place.width_m / 2)}" y="{px(place.y_m + place.depth_m / 2)}" '
            f'text-anchor="middle" dominant-baseline="middle" font-size="8"'
            + (
                f' transform="rotate(-90 {px(place.x_m + place.width_m / 2)} '
                f'{px(place.y_m + place.depth_m / 2)})"'
                if vertical
                else ""
            )
            + f">{escape(place.label)}</text>"
            if min(w, h) >= 9
            else ""
        )
        out.append(
            f'<g class="unit {place.kind}"><rect x="{px(place.x_m)}" y="{px(place.y_m)}" '
            f'width="{_n(w)}" height="{_n(h)}" fill="#b0bec5" stroke="#37474f"/>{label}'
            f"<title>{escape(f'{place.label} ({place.placement}): {place.detail}')}</title></g>"
        )
    return out


def _equipment_boxes(boxes: Iterable[tuple[str, str]], top: float) -> list[str]:
    out = [
        f'<g class="equipment" transform="translate({_n(MARGIN_PX)},{_n(top)})">',
        '<text x="0" y="0" font-weight="bold">Outside the hall: plant and electrical rooms '
        "serving it (`placement = outside`)</text>",
    ]
    for index, (label, detail) in enumerate(boxes):
        x = (index % 8) * 110
        y = 10 + (index // 8) * 50
        out.append(
            f'<g class="unit"><rect x="{x}" y="{y}" width="100" height="40" fill="#eceff1" '
            f'stroke="#455a64"/><text x="{x + 50}" y="{y + 24}" text-anchor="middle">'
            f"{escape(label)}</text><title>{escape(detail)}</title></g>"
        )
    out.append("</g>")
    return out


def render_files(model: Model, results: Results) -> dict[str, str | bytes]:
    layout = results.layout
    if not isinstance(layout, LayoutResult):
        return {}
    names = file_names(results)
    halls = planned(layout)
    budget = hall_budget(len(halls))
    found = densities(results)  # once for the design: a hall's plan reads its own racks from it
    return {names[hall.name]: render(hall, model, results, budget, found) for hall in halls}
