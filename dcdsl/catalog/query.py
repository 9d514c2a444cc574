"""List, search and show catalogue parts (`dcc catalog`), as text or JSON.

The catalogue is the ``std/`` library elaborated like any design (one synthetic design imports
every module), so a part shown here has passed the same schema and unit checks as a design's own
parts. With ``design=PATH`` the parts are the ones that design sees: its imports, its own parts
and its price books applied (``price_origin`` says where each price came from).

Front ends call ``catalog_command`` (or ``catalog_listing`` / ``catalog_part``); each returns the
text to print, or raises ``CatalogError`` (a usage error: unknown part, kind or format) or
``DcError`` (the design given with ``design=`` does not elaborate).
"""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from dcdsl import number_format, units
from dcdsl.diagnostics import DcError
from dcdsl.elaborate import elaborate_file, elaborate_text, schema
from dcdsl.elaborate.loader import std_modules
from dcdsl.model import Part, Ratio, Redundancy
from dcdsl.model.part_kinds import part_kind
from dcdsl.model.parts import stated
from dcdsl.syntax.parse import suggest

FORMATS = ("text", "json")
FORMAT_VERSION = "1.0"

# Attributes shown in the header of a part, not among its specs.
_META = (
    "kind",
    "description",
    "vendor",
    "model",
    "price",
    "price_basis",
    "price_confidence",
    "source",
    "confidence",
    "note",
)

# Long provenance texts would make every search match "domain" or "estimate".
_NOT_SEARCHED = frozenset({"source", "price_basis", "note"})


class CatalogError(Exception):
    """A usage error of `dcc catalog` (exit 2): the message and what to do instead."""

    def __init__(self, message: str, help: str | None = None):
        super().__init__(message)
        self.message = message
        self.help = help

    def render(self) -> str:
        text = f"error: {self.message}"
        return f"{text}\nhelp: {self.help}" if self.help else text


@attrs.frozen
class Entry:
    """One part and where it was defined."""

    part: Part
    module: str  # "std/nvidia", or the path of the design file that defines it
    line: int | None


# --- loading --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _std_entries() -> tuple[Entry, ...]:
    text = 'design "catalogue" { }\n' + "\n".join(f'import "{m}"' for m in std_modules())
    model, diagnostics = elaborate_text(text, "<catalogue>")
    if model is None:  # the shipped library is broken: a bug of ours, and tests catch it
        raise DcError(diagnostics or [])
    return tuple(_entry(part) for part in model.parts.values())


def load_catalog(design: Path | None = None) -> list[Entry]:
    """Every std part, or the parts a design sees (with its price books applied), by name."""
    if design is None:
        entries: Iterable[Entry] = _std_entries()
    else:
        model, diagnostics = elaborate_file(design)
        if model is None:
            raise DcError(diagnostics)
        entries = (_entry(part) for part in model.parts.values())
    return sorted(entries, key=lambda e: (e.part.kind, e.part.name))


def _entry(part: Part) -> Entry:
    span = part.span
    if span is None:
        return Entry(part, "", None)
    module = span.file[1:-1] if span.file.startswith("<") and span.file.endswith(">") else span.file
    return Entry(part, module, span.line)


# --- searching ------------------------------------------------------------------------------------


def search(
    entries: Iterable[Entry], query: str | None = None, kind: str | None = None
) -> list[Entry]:
    """Parts whose name, kind, description, vendor or model contain every word of ``query``."""
    if kind is not None and kind not in schema.PART_KINDS:
        close = suggest(kind, list(schema.PART_KINDS))
        raise CatalogError(
            f"unknown part kind `{kind}`" + (f"; did you mean `{close}`?" if close else ""),
            help="kinds: " + ", ".join(schema.PART_KINDS),
        )
    words = (query or "").lower().split()
    found = []
    for entry in entries:
        if kind is not None and entry.part.kind != kind:
            continue
        haystack = " ".join(
            [entry.part.name, entry.part.kind, entry.module]
            + [
                value
                for attr, value in stated(entry.part.specs).items()
                if isinstance(value, str) and attr not in _NOT_SEARCHED
            ]
        ).lower()
        if all(word in haystack for word in words):
            found.append(entry)
    return found


def find(entries: Iterable[Entry], name: str) -> Entry:
    """The part called ``name``; a CatalogError with the closest names when there is none."""
    by_name = {e.part.name: e for e in entries}
    if name in by_name:
        return by_name[name]
    close = suggest(name, list(by_name))
    raise CatalogError(
        f"no part named `{name}`" + (f"; did you mean `{close}`?" if close else ""),
        help="`dcc catalog WORDS` searches names and descriptions; `dcc catalog` lists every part",
    )


# --- values ---------------------------------------------------------------------------------------


def price_confidence(part: Part) -> str:
    """How sure the price is: `quote` for a price-book price, else the part's own tags."""
    if part.price_origin != "catalogue":
        return "quote"
    return str(part.specs.price_confidence or part.specs.confidence or "unknown")


def _unit_of(attr: str) -> str | None:
    spec = schema.PART_SPECS.get(attr)
    return spec.unit if spec is not None and spec.type == "quantity" else None


def format_value(attr: str, value: Any) -> str:
    """A spec as people read it: `10.2 kW`, `17 W`, `2,500 kVA`, `4 K`, `$360,000`."""
    if isinstance(value, Part):
        return value.name
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (Redundancy, Ratio)):
        return str(value)
    if isinstance(value, int):
        return number_format.number(value)
    unit = _unit_of(attr)
    if not isinstance(value, float):
        return str(value)
    if unit is None:
        return number_format.number(value)
    if unit == "USD":
        return "$" + number_format.number(value, 2)
    if unit == "kW":
        if 0 < abs(value) < 1:
            return units.format_in(value * 1000, "W")
        return units.format_in(value, "kW")
    if unit == "kVA" and abs(value) >= 10_000:
        return units.format_in(value / 1000, "MVA")
    if unit in ("GB", "TB") and abs(value) >= 1000:
        return units.format_quantity(units.Quantity.of(value, unit))
    return units.format_in(value, unit)


def _spec_json(attr: str, value: Any) -> Any:
    if isinstance(value, Part):
        return value.name
    if isinstance(value, (Redundancy, Ratio)):
        return str(value)
    unit = _unit_of(attr)
    if unit is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"value": value, "unit": unit}
    return value


def _key_specs(part: Part) -> str:
    shown = []
    entry = part_kind(part.kind)
    values = stated(part.specs)  # the kind's key specs are listed by name in the registry
    for attr in entry.key_specs if entry else ():
        value = values.get(attr)
        if value is None:
            continue
        speed = part.specs.port_speed if attr == "ports" else part.specs.nic_speed
        if attr == "gpus" and part.specs.gpu is not None:
            shown.append(f"{value} × {part.specs.gpu.name}")
        elif attr == "gpus":
            shown.append(f"{value} GPUs")
        elif attr in ("ports", "nics") and speed:
            shown.append(f"{value} × {format_value('port_speed', speed)}")
        elif attr == "approach":
            shown.append(f"@ {format_value(attr, value)} approach")
        elif attr == "cop":
            shown.append(f"COP {format_value(attr, value)}")
        elif attr == "efficiency":
            shown.append(f"{value * 100:g} % efficient")
        elif attr == "price_on_demand":
            shown.append(f"{format_value(attr, value)} on demand")
        elif attr == "price_reserved":
            shown.append(f"{format_value(attr, value)} reserved")
        elif attr == "water_use":
            shown.append(f"{format_value(attr, value)} water")
        else:
            shown.append(format_value(attr, value))
    if part.kind == "storage_system" and part.specs.price_per_capacity is not None:
        shown.append(format_value("price_per_capacity", part.specs.price_per_capacity))
    return ", ".join(shown)


def _price_text(part: Part) -> str:
    price = part.specs.price
    if price is None:
        return "—"
    tag = price_confidence(part)
    text = "$" + number_format.number(float(price), 0)
    return text + (" (est.)" if tag == "estimate" else "")


# --- rendering ------------------------------------------------------------------------------------


def part_json(entry: Entry) -> dict[str, Any]:
    """One part as a JSON object: header fields, then every spec with its canonical unit."""
    part = entry.part
    specs = part.specs
    values = stated(specs)  # every spec, by name: the JSON lists them generically
    return {
        "name": part.name,
        "kind": part.kind,
        "module": entry.module,
        "line": entry.line,
        "extends": part.base.name if part.base is not None else None,
        "description": specs.description,
        "vendor": specs.vendor,
        "model": specs.model,
        "price_usd": specs.price,
        "price_origin": part.price_origin,
        "price_confidence": price_confidence(part),
        "price_basis": specs.price_basis,
        "confidence": specs.confidence,
        "source": specs.source,
        "note": specs.note,
        "specs": {
            attr: _spec_json(attr, value)
            for attr, value in sorted(values.items())
            if attr not in _META
        },
    }


def render_list(entries: list[Entry], fmt: str = "text") -> str:
    """A table of parts (name, kind, key specs, price, confidence, module), or JSON."""
    _check_format(fmt)
    if fmt == "json":
        document = {
            "format_version": FORMAT_VERSION,
            "count": len(entries),
            "parts": [part_json(e) for e in entries],
        }
        return json.dumps(document, indent=2, ensure_ascii=False)
    if not entries:
        return "no parts match"
    header = ("NAME", "KIND", "KEY SPECS", "PRICE", "CONFIDENCE", "MODULE")
    rows = [
        (
            e.part.name,
            e.part.kind,
            _key_specs(e.part),
            _price_text(e.part),
            str(e.part.specs.confidence or ""),
            e.module,
        )
        for e in entries
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    noun = "part" if len(rows) == 1 else "parts"
    lines.append(f"\n{len(rows)} {noun}; `dcc catalog NAME` shows one in full")
    return "\n".join(lines)


def render_part(entry: Entry, fmt: str = "text") -> str:
    """One part in full: where it is defined, price and its origin, source, every spec."""
    _check_format(fmt)
    if fmt == "json":
        return json.dumps(part_json(entry), indent=2, ensure_ascii=False)
    part = entry.part
    own = stated(part.own)
    lines = [f"{part.name} — {part.description}"]
    where = entry.module + (f", line {entry.line}" if entry.line else "")
    rows: list[tuple[str, str]] = [("defined in", where), ("kind", part.kind)]
    if part.base is not None:
        rows.append(("extends", part.base.name))
    for attr, text in (("vendor", part.specs.vendor), ("model", part.specs.model)):
        if text:
            rows.append((attr, text))
    if part.specs.price is not None:
        origin = "catalogue" if part.price_origin == "catalogue" else part.price_origin
        rows.append(
            (
                "price",
                f"{format_value('price', part.specs.price)} ({price_confidence(part)}; {origin})",
            )
        )
    for label, text in (
        ("price basis", part.specs.price_basis),
        ("source", part.specs.source),
        ("confidence", part.specs.confidence),
        ("note", part.specs.note),
    ):
        if text:
            rows.append((label, text))
    lines.extend(_aligned(rows, indent=2))
    specs = [
        (attr, value) for attr, value in sorted(stated(part.specs).items()) if attr not in _META
    ]
    if specs:
        lines.append("  specs:")
        spec_rows = []
        for attr, value in specs:
            inherited = part.base is not None and attr not in own
            spec_rows.append(
                (
                    attr,
                    format_value(attr, value)
                    + (f"   (from {part.base.name})" if inherited and part.base else ""),
                )
            )
        lines.extend(_aligned(spec_rows, indent=4))
    return "\n".join(lines)


def _aligned(rows: list[tuple[str, str]], indent: int) -> list[str]:
    width = max(len(k) for k, _ in rows) + 2
    pad = " " * (indent + width)
    out = []
    for key, value in rows:
        wrapped = textwrap.wrap(value, width=max(40, 100 - indent - width)) or [""]
        out.append(" " * indent + key.ljust(width) + wrapped[0])
        out.extend(pad + more for more in wrapped[1:])
    return out


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise CatalogError(f"unknown format `{fmt}`", help="use --format text or --format json")


# --- the command ----------------------------------------------------------------------------------


def catalog_listing(
    query: str | None = None, kind: str | None = None, fmt: str = "text", design: Path | None = None
) -> str:
    """`dcc catalog [QUERY] [--kind K]`: the matching parts as a table or JSON."""
    _check_format(fmt)
    return render_list(search(load_catalog(design), query, kind), fmt)


def catalog_part(name: str, fmt: str = "text", design: Path | None = None) -> str:
    """`dcc catalog PART`: one part in full."""
    _check_format(fmt)
    return render_part(find(load_catalog(design), name), fmt)


def catalog_command(
    query: str | None = None, kind: str | None = None, fmt: str = "text", design: Path | None = None
) -> str:
    """`dcc catalog [QUERY|PART]`: a part's full entry when QUERY is exactly its name, else a list."""
    _check_format(fmt)
    entries = load_catalog(design)
    if query and kind is None and any(e.part.name == query.strip() for e in entries):
        return render_part(find(entries, query.strip()), fmt)
    return render_list(search(entries, query, kind), fmt)
