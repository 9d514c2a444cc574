"""Numbers as every output writes them: one set of rounding and unit rules.

The report, the BOM (Markdown; the CSV's plain numbers), `dcc diff`, `dcc compare`/`sweep`,
diagnostics and the language server's hover all format through these functions, so one figure
reads the same everywhere (docs/outputs.md, "Numbers"). The rules:

- thousands separators (`1,114.5`), trailing zeros dropped (`2.50` → `2.5`), never an exponent
  (`12,345 kW`, not `1.234e+04 kW`), and a value too small for the decimals asked for keeps its
  first figure (`0.004`, not `0`);
- significant figures round half up on the decimal text (142.35 → `142.4`) and never round away
  whole units (12,345 to three figures stays `12,345`);
- large figures switch unit: power `950 kW` → `1.11 MW` → `1.2 GW`, energy kWh → MWh → GWh → TWh,
  money `360,000 USD` → `55.15 M USD` → `9.415 B USD`;
- a per cent is the fraction × 100 with one decimal when it says something (`88 %`, `84.2 %`),
  a space before `%` and before every unit;
- a plain number for CSV and JSON-like text: no separator, no exponent, at most six decimals.

Base layer: imports only the standard library, so the parser, analyses and emitters may all use it.
"""

from __future__ import annotations

import decimal
import math

MISSING = "—"  # a figure that was not computed


def number(value: float, decimals: int = 3) -> str:
    """Thousands separators, at most ``decimals`` decimals, no trailing zeros: 1114.5 → `1,114.5`."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if value != 0 and abs(value) < 10 ** (-decimals):
        return f"{value:.{decimals}g}"
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def significant(value: float, figures: int = 4) -> str:
    """``value`` to ``figures`` significant figures, with thousands separators: 55.1462 →
    `55.15`, 1.23864 → `1.239`, 12,345 → `12,345` (never rounds away whole units)."""
    if value == 0 or math.isnan(value) or math.isinf(value):
        return number(value, 0)
    decimals = max(0, figures - 1 - math.floor(math.log10(abs(value))))
    # Half up on the decimal text (142.35 → 142.4), not on the binary float (142.3499…).
    rounded = decimal.Decimal(repr(value)).quantize(
        decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP
    )
    return number(float(rounded), decimals)


def plain(value: float | None, decimals: int = 6) -> str:
    """A number for CSV: no exponent, no thousands separator, at most ``decimals`` decimals."""
    if value is None:
        return ""
    text = f"{round(float(value), decimals):.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(fraction: float, decimals: int = 1) -> str:
    """A fraction as a per cent, one decimal only when it says something: 0.88 → `88 %`."""
    return f"{number(fraction * 100, decimals)} %"


def kw(value: float, decimals: int = 1) -> str:
    """Power in kW as a rating or a load is read: `1,114.5 kW`, `600 kW`."""
    return f"{number(value, decimals)} kW"


def volts(value: float) -> str:
    """A voltage: `415 V` below 1 kV, `13.8 kV` and `138 kV` (four significant figures) above."""
    return f"{significant(value / 1000, 4)} kV" if value >= 1000 else f"{number(value, 0)} V"


def ratio(value: float | None) -> str:
    """A ratio such as PUE, to three decimals wherever it is shown: `1.393`."""
    return MISSING if value is None else f"{value:.3f}"


def usd_cents(value: float) -> str:
    """A small money figure read to the cent: `2.35 USD` (TCO per GPU-hour)."""
    return f"{value:,.2f} USD"


def coordinate(value: float) -> str:
    """A drawing coordinate or length in SVG: one decimal at most, no separator (`12.5`, `40`)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _scaled(value: float, steps: tuple[tuple[float, str], ...], unit: str, figures: int) -> str:
    for scale, name in steps:
        if abs(value) >= scale:
            return f"{significant(value / scale, figures)} {name}"
    return f"{significant(value, figures)} {unit}"


def power(kw: float | None, figures: int = 3) -> str:
    """Power to three significant figures, in kW below 1 MW, MW (or GW) above."""
    if kw is None:
        return MISSING
    return _scaled(kw, ((1e6, "GW"), (1e3, "MW")), "kW", figures)


def energy(kwh: float, figures: int = 3) -> str:
    """Energy to three significant figures: kWh, MWh, GWh or TWh."""
    return _scaled(kwh, ((1e9, "TWh"), (1e6, "GWh"), (1e3, "MWh")), "kWh", figures)


def water(litres: float, figures: int = 3) -> str:
    """Water to three significant figures: L, million L or billion L."""
    return _scaled(litres, ((1e9, "billion L"), (1e6, "million L")), "L", figures)


def usd(value: float, figures: int = 4) -> str:
    """Money as people read it: `55.15 M USD`, `9.415 B USD`, `360,000 USD` (``figures``
    significant figures above a million; whole dollars, or cents below 100 USD, under it)."""
    for scale, suffix in ((1e9, "B"), (1e6, "M")):
        if abs(value) >= scale:
            return f"{significant(value / scale, figures)} {suffix} USD"
    return f"{number(value, 2 if abs(value) < 100 else 0)} USD"


def dollars(value: float | None) -> str:
    """A price column: whole dollars with separators, cents below 100 USD (`1,500,000`, `0.10`)."""
    if value is None:
        return MISSING
    if abs(value) < 100 and not float(value).is_integer():
        return f"{value:,.2f}"
    return f"{value:,.0f}"


# --- key figures in comparison tables (dcc diff, dcc compare) ------------------------------------

# Decimals and unit per kind of key figure (dcdsl.emit.key_figures): exact enough to show a
# change between two versions, which is what these tables are for.
_DECIMALS = {"kw": 1, "kwh": 0, "litre": 0, "count": 0}
_UNITS = {"kw": " kW", "kwh": " kWh", "litre": " L"}


def figure(value: float | None, kind: str) -> str:
    """A key figure in a comparison table: `$4,786,000`, `1,114.5 kW`, `1.377`, `1,016`."""
    if value is None:
        return MISSING
    sign = "-" if value < 0 else ""
    if kind == "usd":
        return f"{sign}${number(abs(value), 0)}"
    if kind == "ratio":
        return ratio(value)
    decimals = _DECIMALS.get(kind, 3)
    if kind == "count" and not float(value).is_integer():
        decimals = 2
    return f"{sign}{number(abs(value), decimals)}{_UNITS.get(kind, '')}"


def change(delta: float, kind: str) -> str:
    """A signed change of a key figure: `+$21,097,160`, `-10`, `-0.283`."""
    if kind == "ratio":
        return f"{delta:+.3f}"
    return ("+" if delta > 0 else "-") + figure(abs(delta), kind)
