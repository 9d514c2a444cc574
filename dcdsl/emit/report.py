"""report.html: one self-contained page with the key figures, diagnostics, costs, power,
cooling, the diagrams and the BOM.

Rendered with Jinja2 (autoescape on: every name from the design is text, never markup). Charts
are SVG written by dcdsl/emit/charts.py and inlined; the other emitters' diagrams (oneline.svg,
fabric-<name>.svg) are embedded as data: images when they were produced, so the page opens
offline with no other file. Output is byte-identical on rebuild: no ids drawn at random, no
date.

The report reads results defensively: a discipline whose analysis did not run (or whose
result lacks a field) leaves its section out, it does not fail the build.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
import markupsafe

from dcdsl import __version__, number_format, units
from dcdsl.analysis.cost import CostResult
from dcdsl.analysis.requirements import outcomes, show
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, counts, escape_controls, group_alike, repeats_note
from dcdsl.emit import power_table, report_template
from dcdsl.emit.charts import bar_chart, density_chart
from dcdsl.emit.key_figures import BY_KEY
from dcdsl.pipeline import Compilation

# Rack groups drawn in the density chart (the hottest first); a longer list is summarised.
MAX_DENSITY_BARS = 24
MAX_REPORT_DIAGNOSTICS = 1_000  # table rows; diagnostics.json holds every finding
MAX_HALLS_SHOWN = 24  # halls in the power-by-hall chart and table; the rest summed in one line
# Diagrams inlined into report.html, at most (their SVG bytes; base64 adds a third): a design
# with thousands of halls still gives a page a browser opens. The rest are linked.
MAX_EMBEDDED_BYTES = 6_000_000
SEVERITY_ORDER = ("error", "warning", "note")

_ENV: jinja2.Environment = jinja2.Environment(
    loader=jinja2.PackageLoader("dcdsl.emit", "templates"),
    autoescape=True,  # everything from the design is escaped; charts are marked safe below
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    finalize=lambda value: _no_controls(value),
)


def _no_controls(value: Any) -> Any:
    """Every value printed by the template: control characters from the design shown escaped
    (autoescape covers HTML; this covers the terminal a report may be printed on)."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return escape_controls(value)
    return value


# --- what the page shows ------------------------------------------------------------------------


def _finite(value: float | None) -> float | None:
    """A figure to show, or None when there is none (or it is not a finite number)."""
    return float(value) if value is not None and math.isfinite(value) else None


def _kw_text(kw: float | None) -> str:
    return "—" if kw is None else units.format_quantity(units.Quantity.of(kw, "kW"), 2)


def _location(d: Diagnostic) -> str:
    return f"{d.span.file}:{d.span.line}:{d.span.column}" if d.span is not None else ""


def _diagnostics(diagnostics: Sequence[Diagnostic]) -> tuple[list[dict[str, Any]], int]:
    """Rows of the diagnostics table, findings alike but for their place folded into one
    ("× 6,255"), at most MAX_REPORT_DIAGNOSTICS; and how many more diagnostics.json holds."""
    folded = group_alike(diagnostics)
    shown = folded[:MAX_REPORT_DIAGNOSTICS]
    rows = [
        {
            "severity": d.severity.value,
            "code": d.code,
            "message": d.message,
            "location": _location(d),
            "excerpt": d.span.source.lines[d.span.line - 1].strip()
            if d.span is not None and 0 < d.span.line <= len(d.span.source.lines)
            else "",
            "notes": [*d.notes, *filter(None, [repeats_note(d)])],
            "help": d.help or "",
        }
        for d in shown
    ]
    return rows, sum(d.count for d in folded[MAX_REPORT_DIAGNOSTICS:])


Tiles = list[tuple[str, list[tuple[str, str]]]]
ShownTiles = list[tuple[str, list[tuple[str, str, str]]]]


def _key_figures(compilation: Compilation) -> ShownTiles:
    """The key figures (dcdsl.emit.key_figures) in groups (size, power and energy, cost,
    findings), each to three or four significant figures; the unit costs are the totals divided,
    so they agree with them."""
    model, results = compilation.model, compilation.results
    assert model is not None and results is not None
    facility = results.facility
    cost = results.cost

    def of(key: str) -> float | int | None:
        return BY_KEY[key].of(compilation)

    def tile(key: str, value: str) -> tuple[str, str]:
        return BY_KEY[key].tile_label, value

    def count(key: str) -> tuple[str, str]:
        return tile(key, number_format.number(of(key) or 0, 0))

    size = [count("gpus"), count("nodes"), count("racks"), count("halls")]
    pue = of("pue")
    power = [
        tile("it_kw", number_format.power(of("it_kw"))),
        tile("facility_kw", number_format.power(of("facility_kw"))),
        # PUE to three decimals, as its table below, dcc diff and dcc compare show it
        tile(
            "pue", _with_status(number_format.ratio(pue), facility.pue_status if facility else None)
        ),
    ]
    energy = of("energy")
    if energy is not None:
        power.append(tile("energy", number_format.energy(energy)))
    water = of("water")
    if facility is not None and water is not None:
        shown = number_format.water(water)
        power.append(tile("water", _with_status(shown, facility.wue_status)))
        wue = _finite(facility.wue)
        if wue is not None:
            power.append(
                (
                    "WUE (site water / IT energy)",
                    _with_status(f"{wue:.2f} L/kWh", facility.wue_status),
                )
            )
    groups: Tiles = [("Size", size), ("Power and energy", power)]
    if cost is not None:
        money_tiles = [
            tile("capex", number_format.usd(of("capex") or 0.0)),
            tile("opex", number_format.usd(of("opex") or 0.0)),
            (f"TCO over {cost.tco.years:g} years", number_format.usd(cost.tco.total_usd)),
        ]
        for key in ("capex_per_kw_it", "capex_per_gpu"):
            unit_cost = of(key)
            if unit_cost is not None:
                money_tiles.append(tile(key, number_format.usd(unit_cost, 3)))
        per_hour = cost.tco.usd_per_gpu_hour
        if per_hour is not None:
            money_tiles.append(("TCO per GPU-hour", number_format.usd_cents(per_hour)))
        groups.append(("Cost", money_tiles))
    findings = [count("errors"), count("warnings"), count("notes")]
    groups.append(("Findings", findings))
    return [(title, [_tile(label, value) for label, value in tiles]) for title, tiles in groups]


def _tile(label: str, value: str) -> tuple[str, str, str]:
    """(label, value, qualifier): `1.26 (computed)` shows the qualifier under the figure."""
    if value.endswith(")") and " (" in value:
        figure, _, qualifier = value.partition(" (")
        return label, figure, qualifier[:-1]
    return label, value, ""


def _bounded_halls(halls: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Halls for the chart and table: all of them up to MAX_HALLS_SHOWN, else the ones drawing
    the most power and one line summing the rest (a design of 10,000 halls is one page)."""
    if len(halls) <= MAX_HALLS_SHOWN:
        return halls
    top = sorted(halls, key=lambda item: (-item[1], item[0]))[: MAX_HALLS_SHOWN - 1]
    rest = sorted(set(halls) - set(top))
    shown = sorted(top)
    shown.append((f"{len(rest):,} other halls", sum(v for _, v in rest)))
    return shown


def _density_rows(results: Results) -> tuple[list[dict[str, Any]], int]:
    rows: list[dict[str, Any]] = []
    cooling = results.cooling
    racks = cooling.racks if cooling else None
    if racks:
        for rack in racks:
            group = rack.load.group
            rows.append(
                {
                    "label": f"{group.names_summary} ({group.rack_type.name}, {rack.tier})",
                    "kw": float(rack.rack_kw),
                    "warn_kw": _finite(rack.warn_kw),
                    "limit_kw": _finite(rack.limit_kw),
                    "count": group.count,
                }
            )
    else:
        for load_rack in results.load.racks if results.load else []:
            group = load_rack.group
            rows.append(
                {
                    "label": f"{group.names_summary} ({group.rack_type.name})",
                    "kw": float(load_rack.it_kw),
                    "warn_kw": None,
                    "limit_kw": None,
                    "count": group.count,
                }
            )
    rows.sort(key=lambda r: (-r["kw"], r["label"]))
    return rows[:MAX_DENSITY_BARS], max(0, len(rows) - MAX_DENSITY_BARS)


# How far a figure can be trusted, beside the figure (summary.json carries the same word).
STATUS_TEXT = {
    "computed": "computed",
    "assumed": "assumed: the design's input",
    "lower_bound": "lower bound: part of the plant is not stated",
}


# Where the compressors' COP comes from, beside the PUE figures.
COP_BASIS_TEXT = {
    "climate": "COP at the site's climate",
    "rated": "COP at rated conditions: the design states no climate",
}


def _with_status(text: str, status: str | None) -> str:
    return f"{text} ({STATUS_TEXT.get(status, status)})" if status else text


def _facility_rows(results: Results) -> list[tuple[str, str]]:
    facility = results.facility
    if facility is None:
        return []
    rows = []
    for term in facility.terms:
        estimate = " [estimate]" if term.estimate else ""
        rows.append((f"{term.name}: {term.source}{estimate}", _kw_text(term.kw)))
    for missing in facility.uncounted:
        rows.append((f"not counted: {missing}", "—"))
    cop = COP_BASIS_TEXT.get(facility.cop_basis or "", "")
    at_design = " (compressors at the design climate)" if cop == COP_BASIS_TEXT["climate"] else ""
    for fraction, value in sorted(facility.pue_at_load.items()):
        if value is not None:
            label = f"PUE at {fraction:.0%} of the design IT load{at_design}"
            shown = number_format.ratio(value) + (f" ({cop})" if cop and not at_design else "")
            rows.append((label, shown))
    annual = _finite(facility.pue_annual)
    if annual is not None:
        hours = facility.economiser_hours
        economiser = "".join(
            f'; economiser of "{name}": {number_format.number(h, 0)} h' for name, h in hours.items()
        )
        note = f" ({cop}{economiser})" if cop else ""
        rows.append(("PUE over the year (at the average load)", number_format.ratio(annual) + note))
    for label, figure in (
        ("IT load", facility.it_kw),
        ("cooling plant", facility.cooling_kw),
        ("electrical losses", facility.losses_kw),
        ("other load", facility.other_kw),
        ("facility", facility.facility_kw),
    ):
        value = _finite(figure)
        if value is not None:
            rows.append((label, _kw_text(value)))
    return rows


def _image(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def _diagram_titles(results: Results) -> dict[str, str]:
    """File → title with the design's own name (file names are made safe, titles need not be)."""
    from dcdsl.emit import elevation, floorplan, topology

    titles = {"oneline.svg": "Electrical one-line"}
    for name, stem in topology.file_stems(results).items():
        titles[f"fabric-{stem}.svg"] = f"Fabric {name}"
    for name, file in floorplan.file_names(results).items():
        titles[file] = f"Floor plan, hall {name}"
    for name, file in elevation.file_names(results).items():
        titles[file] = f"Rack type {name}"
    return titles


def _diagrams(
    files: Mapping[str, str | bytes], titles: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    shown = []
    names = (["oneline.svg"] if "oneline.svg" in files else []) + sorted(
        n for n in files if n.startswith("fabric-") and n.endswith(".svg")
    )
    # Floor plans and rack elevations (dcdsl/emit/floorplan.py, elevation.py) follow.
    for prefix in ("floorplan-", "racks-"):
        names += sorted(n for n in files if n.startswith(prefix) and n.endswith(".svg"))
    prefixes = {"fabric-": "Fabric", "floorplan-": "Floor plan, hall", "racks-": "Rack type"}
    embedded = 0
    budget = f"{MAX_EMBEDDED_BYTES / 1e6:.0f} MB"
    for name in names:
        title = (titles or {}).get(name)
        if title is None:
            title = "Electrical one-line"
            for prefix, text in prefixes.items():
                if name.startswith(prefix):
                    title = f"{text} {name[len(prefix) : -4]}"
        size = len(files[name])
        embedded += size
        # Bounded page: past the budget a diagram is linked (it is beside the report), not inlined.
        src = _image(files[name]) if embedded <= MAX_EMBEDDED_BYTES else ""
        shown.append({"title": title, "file": name, "src": src, "budget": budget})
    return shown


def _fabrics(results: Results) -> list[dict[str, Any]]:
    rows = []
    for name, result in sorted((results.fabrics or {}).items()):
        rows.append(
            {
                "name": name,
                "endpoints": f"{result.endpoints:,}",
                "tiers": f"{result.tiers}",
                "switches": f"{result.switches:,}",
                "cables": f"{result.cables:,}",
                "transceivers": f"{result.transceivers:,}",
                "oversubscription": result.oversubscription,
                "power": _kw_text(_finite(result.power_kw)),
            }
        )
    return rows


def _rent(cost: CostResult) -> list[dict[str, str]]:
    rent = cost.rent_or_buy
    if rent is None:
        return []
    rows = []
    for label, price, share in (
        ("on demand", rent.on_demand_usd_per_node_month, rent.breakeven_on_demand),
        ("reserved", rent.reserved_usd_per_node_month, rent.breakeven_reserved),
    ):
        if price is None or share is None:
            continue
        rows.append(
            {
                "label": label,
                "formula": f"{number_format.dollars(rent.owned_usd_per_node_month)} / {number_format.dollars(price)}",
                "share": f"{share * 100:.1f} %",
                "verdict": "owning is cheaper above this utilisation"
                if share <= 1
                else "renting is cheaper at any utilisation",
            }
        )
    return rows


def _where_by_file(where: str) -> list[str]:
    """`a.dc:36; a.dc:44; b.dc:3` → [`a.dc: 36, 44`, `b.dc: 3`]: the file once, then its lines,
    so that a narrow column wraps between line numbers rather than inside a file name."""
    by_file: dict[str, list[str]] = {}
    for item in (w for w in where.split("; ") if w):
        file, sep, line = item.rpartition(":")
        if sep and line.isdigit():
            by_file.setdefault(file, []).append(line)
        else:
            by_file.setdefault(item, [])
    return [f"{file}: {', '.join(lines)}" if lines else file for file, lines in by_file.items()]


def _estimated_capex_usd(cost: CostResult) -> float:
    """Capex on BOM lines whose price is an estimate (the part's price_confidence)."""
    return sum(
        line.extended_usd or 0.0
        for line in cost.bom
        if not line.recurring and line.confidence == "estimate" and not line.covered_by
    )


def _bom_rows(cost: CostResult) -> list[dict[str, Any]]:
    rows = []
    for line in cost.bom:
        extended = number_format.dollars(line.extended_usd)
        if line.covered_by:
            extended = f"in {line.covered_by.split(' (')[0]}"
        rows.append(
            {
                "type": "opex/yr" if line.recurring else "capex",
                "category": line.category,
                "part": line.part,
                "description": line.description,
                "quantity": number_format.number(line.quantity, 3),
                "unit": line.unit,
                "unit_price": number_format.dollars(line.unit_price_usd)
                + (
                    " (estimate)"
                    if line.confidence == "estimate" and line.unit_price_usd is not None
                    else ""
                ),
                "extended": extended,
                "where": _where_by_file(line.where),
                "origin": (line.price_origin or "no price").split(" (")[0],
                "origin_full": line.price_origin or "no price",
                "missing": "" if line.priced else "missing",
            }
        )
    return rows


def render_html(compilation: Compilation, files: Mapping[str, str | bytes]) -> str:
    model, results = compilation.model, compilation.results
    assert model is not None and results is not None
    cost = results.cost if isinstance(results.cost, CostResult) else None
    charts: dict[str, markupsafe.Markup | None] = {}
    capex_rows: list[tuple[str, str]] = []
    opex_rows: list[tuple[str, str]] = []
    if cost is not None:
        capex = [(k, v) for k, v in cost.capex_usd.items() if k != "total" and v]
        opex = [(k, v) for k, v in cost.opex_usd_per_year.items() if k != "total" and v]
        charts["capex"] = bar_chart(
            [k for k, _ in capex], [v for _, v in capex], "USD", "Capex by category"
        )
        charts["opex"] = bar_chart(
            [k for k, _ in opex], [v for _, v in opex], "USD", "Opex per year"
        )
        capex_rows = [(k, number_format.dollars(v)) for k, v in cost.capex_usd.items()]
        estimated = _estimated_capex_usd(cost)
        total = cost.capex_usd.get("total") or 0.0
        if estimated and total:
            share = f"{estimated / total * 100:.0f} %"
            capex_rows.append(
                (f"of the total, priced from estimates ({share})", number_format.dollars(estimated))
            )
        opex_rows = [(k, number_format.dollars(v)) for k, v in cost.opex_usd_per_year.items()]
    by_hall = results.load.by_hall_kw if results.load else {}
    halls = _bounded_halls(sorted(by_hall.items()))
    charts["halls"] = bar_chart(
        [h or "(no hall)" for h, _ in halls], [v for _, v in halls], "kW", "IT power by hall"
    )
    density, density_more = _density_rows(results)
    charts["density"] = density_chart(density)
    diagnostics = sorted(
        compilation.diagnostics,
        key=lambda d: (SEVERITY_ORDER.index(d.severity.value), d.sort_key()),
    )
    shown_diagnostics, diagnostics_more = _diagnostics(diagnostics)
    template = report_template.load(_ENV)
    return template.render(
        design=model.design.name,
        description=str(model.design.description or ""),
        files=[model.design.span.file] if model.design.span is not None else [],
        version=__version__,
        figures=_key_figures(compilation),
        counts=counts(compilation.diagnostics),
        diagnostics=shown_diagnostics,
        diagnostics_more=diagnostics_more,
        requirements=[
            {
                "text": " ".join(o.requirement.expr.span.snippet.split()),
                "status": o.status,
                "value": show(o.left) if o.left is not None else "",
                "location": f"{o.requirement.span.file}:{o.requirement.span.line}",
            }
            for o in outcomes(results)
        ],
        cost=cost,
        capex_rows=capex_rows,
        opex_rows=opex_rows,
        energy_source=cost.energy_source if cost is not None else "",
        energy_computed=number_format.usd(cost.energy_computed_usd_per_year)
        if cost is not None and cost.energy_computed_usd_per_year is not None
        else "",
        tco=cost.tco if cost is not None else None,
        usd=number_format.usd,
        usd_cents=number_format.usd_cents,
        rent=_rent(cost) if cost is not None else [],
        rent_source=cost.rent_or_buy if cost is not None else None,
        charts=charts,
        halls=[(h or "(no hall)", _kw_text(v)) for h, v in halls],
        facility=_facility_rows(results),
        electrical=power_table.rows(results.power),
        electrical_basis=power_table.basis(results.power),
        density=density,
        density_more=density_more,
        diagrams=_diagrams(files, _diagram_titles(results)),
        fabrics=_fabrics(results),
        bom=_bom_rows(cost) if cost is not None else [],
    )


def render(compilation: Compilation, files: Mapping[str, str | bytes]) -> dict[str, str | bytes]:
    """The `dcc build` final emitter: it embeds what the other emitters produced."""
    if compilation.model is None or compilation.results is None:
        return {}
    return {"report.html": render_html(compilation, files)}
