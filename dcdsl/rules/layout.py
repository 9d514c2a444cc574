"""Layout rules (DC-GEO-…): racks fuller than their height, devices placed over one another,
cables longer than their medium reaches, rows outside the hall. Figures come from
``dcdsl.analysis.layout``; docs/checks.md ("Layout") documents each check."""

from __future__ import annotations

from collections.abc import Iterable

from dcdsl.analysis.layout import Elevation, LayoutResult
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, Label, error, note
from dcdsl.model import Model
from dcdsl.rules.registry import rule


def _layout(results: Results) -> LayoutResult | None:
    layout = results.layout
    return layout if isinstance(layout, LayoutResult) else None


def _elevations(layout: LayoutResult) -> Iterable[tuple[str, Elevation]]:
    for name, found in sorted(layout.elevations.items()):
        yield f"rack type `{name}`", found
    for group, found in layout.group_elevations:
        yield f"racks {group.names_summary}", found


def _units(value: float) -> str:
    return f"{value:g} U"


@rule("DC-GEO-001")
def overfull(model: Model, results: Results) -> Iterable[Diagnostic]:
    layout = _layout(results)
    if layout is None:
        return
    for what, found in _elevations(layout):
        for low in found.below_u1:
            yield error(
                "DC-GEO-001",
                f"{what}: {low.use.part.name} is placed at U{low.start_u}, below the rack's U1",
                low.use.span or found.span,
                help="rack units count from 1 at the bottom: `position = 1 U` or higher",
            )
        if not found.overfull:
            continue
        # Point at the first device that does not fit under the rack's top.
        last = next(
            (p for p in found.placements if p.height_u and p.top_u > found.height_u),
            found.placements[-1] if found.placements else None,
        )
        span = last.use.span if last is not None and last.use.span is not None else found.span
        lines = [
            f"{p.use.part.name} × {p.count} × {_units(p.height_u)} at U{p.start_u}–U{p.top_u}"
            for p in found.placements
            if p.height_u
        ]
        yield error(
            "DC-GEO-001",
            f"{what} needs {_units(found.used_u)} (up to U{found.top_u}) but is "
            f"{_units(found.height_u)} high",
            span,
            notes=lines,
            help=f"remove {_units(max(found.used_u - found.height_u, found.top_u - found.height_u))}"
            " of devices, move a device's `position`, or use a taller rack (`height = 52 U`)",
        )


@rule("DC-GEO-002")
def overlapping(model: Model, results: Results) -> Iterable[Diagnostic]:
    layout = _layout(results)
    if layout is None:
        return
    for what, found in _elevations(layout):
        for first, second in found.overlaps:
            low = max(first.start_u, second.start_u)
            high = min(first.top_u, second.top_u)
            labels = (
                [
                    Label(
                        first.use.span,
                        f"{first.use.part.name} holds U{first.start_u}–U{first.top_u}",
                    )
                ]
                if first.use.span is not None
                else []
            )
            yield error(
                "DC-GEO-002",
                f"{what}: {second.use.part.name} at U{second.start_u}–U{second.top_u} overlaps "
                f"{first.use.part.name} at U{first.start_u}–U{first.top_u} (U{low}–U{high})",
                second.use.span or found.span,
                labels=labels,
                help=f"move one of them: `position = {first.top_u + 1} U` puts "
                f"{second.use.part.name} just above {first.use.part.name}",
            )


@rule("DC-GEO-003")
def over_reach(model: Model, results: Results) -> Iterable[Diagnostic]:
    layout = _layout(results)
    if layout is None:
        return
    for name, per_hall in sorted(layout.cabling.items()):
        for cabling in per_hall:
            for tier in cabling.tiers:
                for medium, links in sorted(tier.over_reach.items()):
                    reach = tier.reach_m.get(medium, 0.0)
                    message = (
                        f'fabric "{name}": {links:,} {tier.name} links in hall "{cabling.hall}" '
                        f"are longer than {medium} reaches ({reach:g} m); the longest is "
                        f"{tier.longest_m:.1f} m"
                    )
                    notes = [
                        f"switches: {cabling.where}",
                        "length = (|Δx| + |Δy| + vertical runs to the tray) × (1 + slack); "
                        "docs/layout.md",
                    ]
                    fix = (
                        "move the switch racks closer to the racks they serve, choose a medium "
                        f"that reaches (`medium = mixed` takes optics beyond {reach:g} m), or "
                        f"state a longer reach (`{medium}_reach = 100 m`) if the parts have it"
                    )
                    if cabling.placed:
                        yield error("DC-GEO-003", message, cabling.span, notes=notes, help=fix)
                    else:
                        # Positions assumed, not designed: say so without failing the build.
                        yield note(
                            "DC-GEO-003",
                            message + " (with the network at assumed positions)",
                            cabling.span,
                            notes=notes,
                            help="place the racks that hold the fabric's switches in the hall; "
                            + fix,
                        )


@rule("DC-GEO-004")
def outside_hall(model: Model, results: Results) -> Iterable[Diagnostic]:
    layout = _layout(results)
    if layout is None:
        return
    for hall in layout.halls:
        for row in hall.rows:
            far_x = row.end_x
            far_y = row.y_m + row.depth_m
            problems = []
            if hall.width_stated and far_x > hall.width_m + 1e-9:
                problems.append(f"ends at x = {far_x:.2f} m, the hall is {hall.width_m:g} m wide")
            if hall.length_stated and far_y > hall.length_m + 1e-9:
                problems.append(f"reaches y = {far_y:.2f} m, the hall is {hall.length_m:g} m long")
            if not problems:
                continue
            yield error(
                "DC-GEO-004",
                f'row "{row.name}" of hall "{hall.name}" ({row.racks} racks) '
                + " and ".join(problems),
                row.span or hall.hall.span,
                help="give the hall its real `width`/`length`, shorten the row, or set the row's "
                "`position`/`offset` (rows stand at `row_pitch`, racks at their `width`)",
            )


@rule("DC-GEO-005")
def overweight(model: Model, results: Results) -> Iterable[Diagnostic]:
    layout = _layout(results)
    if layout is None:
        return
    for what, found in _elevations(layout):
        limit = found.load_limit_kg
        if limit is None or found.contents_kg <= limit + 1e-9:
            continue
        heavy = sorted(
            (
                (float(u.specs.weight or 0.0) * u.count, u)
                for u in [*(p.use for p in found.placements), *found.pdus]
            ),
            key=lambda item: -item[0],
        )
        yield error(
            "DC-GEO-005",
            f"{what} carries {found.contents_kg:,.0f} kg of devices and rack PDUs; "
            f"{found.load_limit_source} is {limit:,.0f} kg",
            found.span,
            notes=[
                f"{u.part.name} × {u.count} × {(u.specs.weight or 0.0):,.1f} kg = {kg:,.0f} kg"
                for kg, u in heavy[:4]
                if kg
            ],
            help="move devices to another rack, or choose an enclosure rated for the load "
            "(`enclosure = …` with a higher `load_rating`)",
        )
