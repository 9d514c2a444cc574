"""summary.json as typed classes: the document is a ``Summary``, the JSON is its serialisation.

Each field is written under its own name, in declaration order, with its description in
``Doc`` (which the JSON Schema, ``dcdsl/schemas/summary.schema.json``, is generated from by
``dcdsl.emit.summary_schema``). A field marked ``FLATTEN`` is a group of keys that is written
into its parent object when present and left out when ``None`` (the electrical figures of a
design without a power chain; the NVLink figures of a fabric that is not ``kind = nvlink``).
A figure that was not computed is ``None`` (JSON ``null``), never a guess.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args, get_origin, get_type_hints

import attrs

from dcdsl.analysis.results import CopBasis, FigureStatus

Number = int | float  # a figure rounded to its decimals: an int when it is whole


@attrs.frozen
class Doc:
    """A field's description (the schema's ``description``)."""

    text: str


class _Flatten:
    """Marks a field whose keys are written into the parent object, or left out when None."""


FLATTEN = _Flatten()


@attrs.frozen
class Counts:
    gpus: Annotated[int, Doc("GPUs: Σ over rack groups of GPUs per rack × racks")]
    nodes: Annotated[int, Doc("servers placed as devices, × racks")]
    racks: Annotated[int, Doc("Σ rack-group counts")]
    halls: Annotated[int, Doc("hall blocks (a name range counts each hall)")]


@attrs.frozen
class ElectricalElement:
    """One side of one power-chain element group."""

    element: Annotated[str, Doc("the element side, e.g. `main.T (A)`")]
    voltage_in_v: Annotated[Number | None, Doc("input voltage, V")]
    voltage_v: Annotated[Number | None, Doc("output voltage, V")]
    fault_in_ka: Annotated[
        Number | None, Doc("available three-phase fault current at its input bus, kA")
    ]
    fault_out_ka: Annotated[
        Number | None, Doc("available three-phase fault current at its output bus, kA")
    ]
    interrupting_ka: Annotated[Number | None, Doc("its breakers' interrupting rating, kA")]
    fault_basis: Annotated[
        Literal["impedance", "infinite_bus"] | None,
        Doc(
            "how the fault figures were found: impedance (IEC 60909-0 from the sources' "
            "impedances) or infinite_bus (I_FL / Z: the utility states no fault level, an upper "
            "bound); null when no fault level is known"
        ),
    ]
    fault_peak_in_ka: Annotated[
        Number | None,
        Doc("peak short-circuit current i_p = κ·√2·I''k at its input bus, kA (impedance method)"),
    ]
    fault_motor_ka: Annotated[
        Number | None, Doc("motor contribution I''kM on its output bus, kA (IEC 60909-0 §6.8)")
    ]
    fault_notes: Annotated[
        list[str], Doc("what the fault figures leave out or estimate (cable impedance, motors)")
    ]


@attrs.frozen
class Electrical:
    """The power chain's figures; written only when the design has a power chain."""

    standard: Annotated[str, Doc("ANSI or IEC: the design's `standard`, else from its voltages")]
    rating_basis: Annotated[
        Literal["max", "typical"], Doc("the load ratings are checked at: device maximum or typical")
    ]
    rating_it_kw: Annotated[Number, Doc("the IT load ratings are checked at, kW")]
    tier: Annotated[int | None, Doc("the Uptime tier (0-4) the power topology reaches")]
    tier_claim: Annotated[int | None, Doc("the tier the design claims (null if none)")]
    elements: Annotated[list[ElectricalElement], Doc("per element side")]


@attrs.frozen
class Power:
    it_kw: Annotated[Number | None, Doc("IT load as the power chain sees it, kW")]
    facility_kw: Annotated[
        Number | None, Doc("IT + cooling plant + electrical losses + other load, kW")
    ]
    pue: Annotated[Number | None, Doc("facility / IT at the design load (The Green Grid WP#49)")]
    pue_status: Annotated[
        FigureStatus | None, Doc("computed, assumed (the design's `pue`) or lower_bound")
    ]
    pue_at_load: Annotated[
        dict[str, Number | None],
        Doc("PUE at a percentage (25, 50, 75, 100) of the design's IT load"),
    ]
    pue_annual: Annotated[
        Number | None, Doc("annual facility energy / annual IT energy (ISO/IEC 30134-2)")
    ]
    cop_basis: Annotated[
        CopBasis | None, Doc("compressor COPs: climate, rated, or null (no compressor)")
    ]
    economiser_hours: Annotated[
        dict[str, Number | None],
        Doc("per cooling loop with an economiser: compressor-off hours a year"),
    ]
    electrical: Annotated[Electrical | None, FLATTEN]


@attrs.frozen
class Capex:
    """One-off cost in USD: the total and each capex category (a category of cost lines)."""

    total: Annotated[Number | None, Doc("Σ of the categories, USD")]
    compute: Annotated[Number | None, Doc("servers, GPUs, NICs, USD")]
    network: Annotated[Number | None, Doc("switches, transceivers, cables, network lines, USD")]
    storage: Annotated[Number | None, Doc("storage systems, USD")]
    power: Annotated[Number | None, Doc("power chain equipment, USD")]
    cooling: Annotated[Number | None, Doc("cooling plant, USD")]
    facility: Annotated[Number | None, Doc("rack enclosures and facility lines, USD")]
    software: Annotated[Number | None, Doc("one-time software lines, USD")]
    other: Annotated[Number | None, Doc("parts of other kinds and `category = other` lines, USD")]


@attrs.frozen
class Cost:
    capex_usd: Annotated[Capex, Doc("one-off cost by category, USD")]
    opex_usd_per_year: Annotated[
        dict[str, Number | None], Doc("cost per year by category and its total, USD/year")
    ]


@attrs.frozen
class NvlinkFigures:
    """The NVLink figures of a `kind = nvlink` fabric."""

    domains: Annotated[int, Doc("NVLink domains")]
    gpus_per_domain: Annotated[int, Doc("GPUs in each domain")]
    switch_trays: Annotated[int, Doc("NVLink switch trays")]


@attrs.frozen
class FabricFigures:
    endpoints: Annotated[int, Doc("ports the fabric connects (GPUs on an NVLink fabric)")]
    tiers: Annotated[int, Doc("switch tiers")]
    switches: Annotated[int, Doc("switches, all tiers and planes (NVLink switch chips)")]
    links: Annotated[int, Doc("links")]
    cables: Annotated[int, Doc("cables, one per link")]
    transceivers: Annotated[int, Doc("transceiver modules on optical links")]
    oversubscription: Annotated[str, Doc("leaf down:up as built, e.g. `1:1`")]
    nvlink: Annotated[NvlinkFigures | None, FLATTEN]


@attrs.frozen
class DiagnosticCounts:
    errors: Annotated[int, Doc("error findings after `allow`")]
    warnings: Annotated[int, Doc("warning findings after `allow`")]
    notes: Annotated[int, Doc("note findings after `allow`")]


@attrs.frozen
class Summary:
    """The design's key figures (USD, kW, kWh, litres). docs/outputs.md, `summary.json`."""

    format_version: Annotated[Literal["1.0"], Doc("the document's format version")]
    design: Annotated[str, Doc("the design's name")]
    counts: Counts
    power: Power
    cost: Cost
    energy_kwh_per_year: Annotated[Number | None, Doc("facility energy per year, kWh")]
    water_l_per_year: Annotated[Number | None, Doc("site water per year, L")]
    wue_l_per_kwh: Annotated[Number | None, Doc("site water / IT energy, L/kWh (ISO/IEC 30134-9)")]
    wue_status: Annotated[
        FigureStatus | None, Doc("computed, assumed (the design's `wue`), lower_bound, or null")
    ]
    fabrics: Annotated[dict[str, FabricFigures], Doc("per fabric, by name")]
    diagnostics: Annotated[DiagnosticCounts, Doc("findings by severity")]


JsonValue = dict[str, "JsonValue"] | list["JsonValue"] | str | int | float | bool | None


def to_json(value: object) -> JsonValue:
    """A summary class (or a value in one) as JSON data: fields in order, FLATTEN groups merged."""
    if attrs.has(type(value)):
        flattened = _flattened(type(value))
        document: dict[str, JsonValue] = {}
        for name, field_value in attrs.asdict(value, recurse=False).items():  # type: ignore[arg-type]
            if name not in flattened:
                document[name] = to_json(field_value)
            elif field_value is not None:
                group = to_json(field_value)
                assert isinstance(group, dict)
                document.update(group)
        return document
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"not JSON data: {type(value).__name__}")


_FLATTENED: dict[type, frozenset[str]] = {}


def _flattened(cls: type) -> frozenset[str]:
    """The fields of a class marked FLATTEN (read once per class)."""
    if cls not in _FLATTENED:
        hints = get_type_hints(cls, include_extras=True)
        _FLATTENED[cls] = frozenset(name for name, hint in hints.items() if FLATTEN in extras(hint))
    return _FLATTENED[cls]


def extras(hint: object) -> tuple[object, ...]:
    """The ``Annotated`` extras of a type hint (empty for a plain hint)."""
    return tuple(get_args(hint)[1:]) if get_origin(hint) is Annotated else ()
