"""`racks-<rack_type>.svg`: one front elevation per rack type (not per rack), from the layout.

U1 is at the bottom. Devices are drawn at the units the layout analysis placed them in (one
box per copy), free units as blanking panels, rack PDUs as zero-U strips at both sides, and a
footer gives the rack's power, weight and units used and free. Devices above the rack's top
(an over-full rack, DC-GEO-001) are drawn past the frame in red. Every box has an SVG <title>.
"""

from __future__ import annotations

from typing import Any

from dcdsl import number_format
from dcdsl.analysis.layout import Elevation, LayoutResult, Placement
from dcdsl.analysis.results import Results
from dcdsl.emit.escape import file_stem, file_stems
from dcdsl.emit.escape import xml_text as escape
from dcdsl.model.part_kinds import OTHER_FILL, part_kind

U_PX = 14.0
RACK_W = 260.0
LEFT = 70.0  # room for U numbers and a PDU strip
TOP = 50.0
PDU_W = 14.0
BLANK_FILL = "#eeeeee"
OVER_FILL = "#e53935"
MAX_COPIES_DRAWN = 200  # beyond this a placement is one box (a rack never holds that many)
# Bounded drawings: a rack taller than MAX_U_DRAWN units is drawn to scale in the height of
# MAX_U_DRAWN units, with about MAX_U_LABELS unit numbers; nothing is enumerated per unit.
MAX_U_DRAWN = 200
MAX_U_LABELS = 40


def file_name(rack_type: str, stem: str | None = None) -> str:
    return f"racks-{stem if stem is not None else file_stem(rack_type)}.svg"


def file_names(results: Results) -> dict[str, str]:
    """Rack type name → its elevation file (names made safe and unique: dcdsl.emit.escape)."""
    layout = results.layout
    if not isinstance(layout, LayoutResult):
        return {}
    return {name: file_name(name, stem) for name, stem in file_stems(layout.drawn()).items()}


_n = number_format.coordinate


def _fill(placement: Placement) -> str:
    entry = part_kind(placement.use.part.kind)
    return entry.rack_fill if entry else OTHER_FILL


def _label_step(units: int) -> int:
    """Every 5th unit on a normal rack; a round step (10, 20, 50, 100, …) on a tall one."""
    step = 5
    while units / step > MAX_U_LABELS:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if units / step <= MAX_U_LABELS:
                break
    return step


def _free_runs(found: Elevation) -> list[tuple[int, int]]:
    """Free units merged into runs (first, last), from the occupied intervals."""
    taken = sorted((p.start_u, p.top_u) for p in found.placements if p.height_u and p.count > 0)
    runs: list[tuple[int, int]] = []
    cursor = 1
    for start, top in taken:
        if start > cursor:
            runs.append((cursor, min(start - 1, found.height_u)))
        cursor = max(cursor, top + 1)
        if cursor > found.height_u:
            break
    if cursor <= found.height_u:
        runs.append((cursor, found.height_u))
    return [(a, b) for a, b in runs if a <= b]


def render(found: Elevation) -> str:
    shown_u = max(found.height_u, found.top_u, 1)
    u_px = U_PX if shown_u <= MAX_U_DRAWN else U_PX * MAX_U_DRAWN / shown_u
    rack_h = found.height_u * u_px
    width = LEFT + RACK_W + PDU_W + 40 + 220
    height = TOP + shown_u * u_px + 80

    def y_of(u: int) -> float:
        """Top edge of unit ``u`` (U1 at the bottom of the frame)."""
        return TOP + (shown_u - u) * u_px

    frame_top = y_of(found.height_u)
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(f'Rack type {found.name}: elevation')}</title>",
        f'<text x="{_n(LEFT)}" y="24" font-size="15" font-weight="bold">'
        f"{escape(f'Rack type {found.name} ({found.height_u} U)')}</text>",
        f'<rect class="frame" x="{_n(LEFT)}" y="{_n(frame_top)}" width="{_n(RACK_W)}" '
        f'height="{_n(rack_h)}" fill="white" stroke="#333" stroke-width="2"/>',
    ]
    step = _label_step(found.height_u)
    labelled = sorted({1, *range(step, found.height_u + 1, step), found.height_u} - {0})
    for u in labelled:
        out.append(
            f'<text class="u" x="{_n(LEFT - PDU_W - 6)}" y="{_n(y_of(u) + min(u_px, U_PX) - 3)}" '
            f'text-anchor="end" font-size="9" fill="#555">U{u}</text>'
        )
    for placement in found.placements:
        if not placement.height_u:
            continue
        copies = placement.count if placement.count <= MAX_COPIES_DRAWN else 1
        size = placement.height_u * (1 if copies == placement.count else placement.count)
        for copy in range(copies):
            start = placement.start_u + copy * size
            top = start + size - 1
            over = top > found.height_u
            label = placement.use.label or placement.use.part.name
            title = (
                f"{placement.use.part.description} ({placement.use.part.name}), "
                f"U{start}–U{top}, {placement.height_u} U"
                + (" — above the rack's top" if over else "")
            )
            out.append(
                f'<g class="device"><rect x="{_n(LEFT + 2)}" y="{_n(y_of(top) + 1)}" '
                f'width="{_n(RACK_W - 4)}" height="{_n(max(size * u_px - 2, 0.5))}" '
                f'fill="{OVER_FILL if over else _fill(placement)}" stroke="#37474f"/>'
                f'<text x="{_n(LEFT + RACK_W / 2)}" y="{_n(y_of(top) + size * u_px / 2 + 4)}" '
                f'text-anchor="middle">{escape(f"{label} ({placement.height_u} U)")}</text>'
                f"<title>{escape(title)}</title></g>"
            )
    # Free units, merged into runs: each run is a blanking panel.
    for run_start, top in _free_runs(found):
        out.append(
            f'<g class="blank"><rect x="{_n(LEFT + 2)}" y="{_n(y_of(top) + 1)}" '
            f'width="{_n(RACK_W - 4)}" height="{_n(max((top - run_start + 1) * u_px - 2, 0.5))}" '
            f'fill="{BLANK_FILL}" stroke="#bdbdbd" stroke-dasharray="3,2"/>'
            f"<title>{escape(f'blanking, U{run_start}–U{top} free')}</title></g>"
        )
    # Zero-U rack PDUs: a strip at the left, and at the right when there are two or more.
    if found.pdus:
        out.append(_pdu_strip(LEFT - PDU_W - 2, frame_top, rack_h, found.pdus))
    if sum(u.count for u in found.pdus) > 1:
        out.append(_pdu_strip(LEFT + RACK_W + 2, frame_top, rack_h, found.pdus))
    weight = f"{found.weight_kg:,.0f} kg" + (
        "" if found.weight_known else " (some parts: no weight)"
    )
    lines = [
        f"power {found.power_kw:,.1f} kW",
        f"weight {weight}",
        f"{found.used_u} U used, {found.free_u} U free",
        *(f"rack PDU: {u.part.name} × {u.count}" for u in found.pdus),
    ]
    x = LEFT + RACK_W + PDU_W + 30
    for index, text in enumerate(lines):
        out.append(
            f'<text class="footer" x="{_n(x)}" y="{_n(TOP + 14 + 18 * index)}">'
            f"{escape(text)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _pdu_strip(x: float, top: float, height: float, pdus: list[Any]) -> str:
    text = ", ".join(f"{u.part.name} × {u.count}" for u in pdus)
    return (
        f'<g class="pdu"><rect x="{_n(x)}" y="{_n(top)}" width="{_n(PDU_W)}" '
        f'height="{_n(height)}" fill="#fff59d" stroke="#827717"/>'
        f"<title>{escape(f'rack PDUs (zero U): {text}')}</title></g>"
    )


def render_files(results: Results) -> dict[str, str | bytes]:
    layout = results.layout
    if not isinstance(layout, LayoutResult):
        return {}
    names = file_names(results)
    return {names[name]: render(found) for name, found in layout.drawn().items()}
