"""The one pint registry, and the small quantity type the evaluator uses.

pint parses and checks units where values enter (a literal's unit is looked up once and
cached); the evaluator then works on plain floats in SI base units with a dimension key, so
that elaborating 100,000 racks does not create 100,000 pint objects. Output formatting goes
through the same registry.
"""

from __future__ import annotations

import decimal
import difflib
import functools
import math
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import pint


def _definitions() -> str:
    """pint's default definitions, with two changes a data centre needs.

    - Information gets its own dimension: pint's default makes the bit dimensionless, so that
      ``2 PB + 3`` would pass silently.
    - ``U`` is the rack unit (EIA-310: 1.75 in), not pint's enzyme unit.
    - ``Gb`` is the gigabit (``b`` the bit), not the gilbert (or the barn).
    """
    folder = Path(pint.__file__).parent
    text = (folder / "default_en.txt").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^bit = \[\]$", "bit = [information] = b", text)
    text = text.replace("= U = enzymeunit", "= enzymeunit")
    # "Gb" is the gilbert in pint; here it is the gigabit (400 Gb/s ports).
    text = re.sub(r"(?m)^(gilbert = .*?) = Gb$", r"\1", text)
    text = re.sub(r"(?m)^(barn = [^=]*?) = b\b", r"\1", text)
    return text


def _make_registry() -> pint.UnitRegistry:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dcdsl_units.txt"
        path.write_text(_definitions(), encoding="utf-8")
        constants = Path(pint.__file__).parent / "constants_en.txt"
        (Path(folder) / "constants_en.txt").write_text(constants.read_text("utf-8"), "utf-8")
        registry: pint.UnitRegistry = pint.UnitRegistry(str(path), cache_folder=None)
    registry.define("USD = [currency] = usd")
    registry.define("rack_unit = 44.45 mm = U")
    registry.define("refrigeration_ton = 12000 BTU/hour = TR")
    return registry


ureg = _make_registry()

Dims = tuple[tuple[str, int], ...]
DIMENSIONLESS: Dims = ()


class UnitError(Exception):
    def __init__(self, unit: str, suggestions: list[str]):
        super().__init__(unit)
        self.unit = unit
        self.suggestions = suggestions


class DimensionMismatch(Exception):
    def __init__(self, left: Quantity, right: Quantity, op: str):
        super().__init__(op)
        self.left = left
        self.right = right
        self.op = op


@attrs.frozen
class UnitInfo:
    """How to turn a magnitude in this unit into SI base units."""

    text: str
    factor: float
    offset: float  # non-zero only for degC/degF (absolute temperatures)
    dims: Dims


def _dims_of(text: str, dimensionality: Iterable[tuple[str, Any]]) -> Dims:
    exponents = [(str(k).strip("[]"), v) for k, v in dimensionality if v]
    if any(v != int(v) for _, v in exponents):
        # Gaussian-CGS units (gauss `G`, statvolt, …) have half-integer dimensions; truncated,
        # `MG` looked like a frequency that no unit could be converted to (a fuzz crasher).
        raise UnitError(text, suggest_units(text))
    return tuple(sorted((k, int(v)) for k, v in exponents))


@functools.lru_cache(maxsize=4096)
def unit_info(text: str) -> UnitInfo:
    """Look a unit expression up in the registry (cached: pint is slow, units repeat)."""
    normalised = text.replace("·", "*")
    try:
        unit = ureg.Unit(normalised)
    except (
        pint.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        ValueError,
        AttributeError,
        TypeError,
        AssertionError,
        SyntaxError,
    ) as exc:
        raise UnitError(text, suggest_units(text)) from exc
    base = ureg.Quantity(1.0, unit)
    zero = ureg.Quantity(0.0, unit)
    if not base._ok_for_muldiv():  # offset unit: degC, degF
        one_k = base.to_base_units().magnitude
        zero_k = zero.to_base_units().magnitude
        return UnitInfo(text, one_k - zero_k, zero_k, _dims_of(text, base.dimensionality.items()))
    converted = base.to_base_units()
    dims = _dims_of(text, base.dimensionality.items())
    return UnitInfo(text, float(converted.magnitude), 0.0, dims)


def is_unit(text: str) -> bool:
    try:
        unit_info(text)
    except UnitError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _known_unit_names() -> list[str]:
    names: set[str] = set()
    for name, definition in ureg._units.items():
        names.add(name)
        names.update(definition.aliases)
        if definition.symbol:
            names.add(definition.symbol)
    for prefix in ("k", "M", "G", "T", "P", "m"):
        for base in ("W", "VA", "V", "A", "Wh", "B", "b", "USD", "g", "L", "Hz"):
            names.add(prefix + base)
    return sorted(names)


# Units data-centre designs use, most likely first: a suggestion prefers them (`mw` is far more
# likely MW than mW here, `kw` is kW, not k).
COMMON_UNITS = (
    "kW", "MW", "W", "GW", "kVA", "MVA", "VA", "V", "kV", "A", "kWh", "MWh", "GWh", "Wh",
    "USD", "kUSD", "MUSD", "USD/kWh", "U", "m", "mm", "m^2", "kg", "t", "degC", "K", "L",
    "L/min", "L/kWh", "Gb/s", "Tb/s", "GB/s", "TB/s", "GB", "TB", "PB", "Hz", "s", "min", "h",
    "day", "month", "year", "ms", "us", "TFLOPS", "percent",
)  # fmt: skip
# Spellings people write for a unit pint spells otherwise.
_SPELLINGS = {"gbps": "Gb/s", "tbps": "Tb/s", "mbps": "Mb/s", "gbit/s": "Gb/s", "hr": "h"}


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _rank_units(word: str, n: int = 3) -> list[str]:
    """Units a mistyped ``word`` most likely meant: a spelling we know; then the same letters in
    another case (common units first: `kw` → kW, `mw` → MW before mW); then common units that
    look alike; then any unit pint knows that looks alike, the closest first."""
    known = _known_unit_names()
    lower = word.lower()
    order = {unit: i for i, unit in enumerate(COMMON_UNITS)}
    ranked: list[str] = []
    if lower in _SPELLINGS:
        ranked.append(_SPELLINGS[lower])
    same_letters = [k for k in known if k.lower() == lower and k != word]
    ranked += sorted(same_letters, key=lambda k: (order.get(k, len(order)), k))
    alike_common = [u for u in COMMON_UNITS if _similarity(word, u) >= 0.6]
    ranked += sorted(alike_common, key=lambda u: -_similarity(word, u))
    ranked += difflib.get_close_matches(word, known, n=n, cutoff=0.6)
    unique = list(dict.fromkeys(ranked))
    return [u for u in unique if u != word][:n]


def suggest_units(text: str) -> list[str]:
    """Whole-unit suggestions for an unknown unit text, best first. In a compound unit
    (`usd/kwh`) each unknown part is replaced by its best guess."""
    parts = re.split(r"([/*^])", text)
    if len(parts) > 1:
        fixed = [
            part if sep_or_known(part) else (_rank_units(part, 1) or [part])[0] for part in parts
        ]
        guess = "".join(fixed)
        if guess != text and is_unit(guess):
            return [guess]
    return (
        _rank_units(parts[0])
        if len(parts) == 1
        else [text.replace(parts[0], u, 1) for u in _rank_units(parts[0])]
    )


def sep_or_known(part: str) -> bool:
    return part in ("/", "*", "^") or part.isdigit() or not part or is_unit(part)


# --- named dimensions, for messages and attribute schemas -----------------------------------------


def dims_of_unit(text: str) -> Dims:
    return unit_info(text).dims


@functools.lru_cache(maxsize=1)
def named_dimensions() -> dict[str, Dims]:
    table = {
        "power": "W",
        "voltage": "V",
        "current": "A",
        "energy": "J",
        "money": "USD",
        "length": "m",
        "area": "m^2",
        "mass": "kg",
        "time": "s",
        "temperature": "K",
        "data": "B",
        "data rate": "B/s",
        "volume": "L",
        "flow": "L/min",
        "frequency": "Hz",
        "money per energy": "USD/kWh",
        "money per power": "USD/kW",
        "money per data": "USD/GB",
        "money per time": "USD/hour",
        "money per data rate": "USD/(GB/s)",
        "volume per energy": "L/kWh",
        "power per area": "W/m^2",
        "mass per area": "kg/m^2",
        "heat capacity": "J/(kg*K)",
    }
    return {name: dims_of_unit(unit) for name, unit in table.items()} | {"number": DIMENSIONLESS}


def dimension_name(dims: Dims) -> str:
    for name, candidate in named_dimensions().items():
        if candidate == dims:
            return name
    if not dims:
        return "number"
    return " · ".join(f"[{k}]" + (f"^{v}" if v != 1 else "") for k, v in dims)


# --- the evaluator's quantity ---------------------------------------------------------------------


@attrs.frozen(slots=True)
class Quantity:
    """A magnitude in SI base units, its dimensions, and the unit it was written in."""

    magnitude: float
    dims: Dims
    unit: str = ""  # the unit as written, for display; "" when computed

    @classmethod
    def of(cls, value: float, unit: str) -> Quantity:
        info = unit_info(unit)
        return cls(value * info.factor + info.offset, info.dims, unit)

    @property
    def dimensionless(self) -> bool:
        return not self.dims

    def to(self, unit: str) -> float:
        """Magnitude in ``unit``; raises DimensionMismatch when the dimensions differ."""
        info = unit_info(unit)
        if info.dims != self.dims:
            raise DimensionMismatch(self, Quantity(1.0, info.dims, unit), "to")
        return _tidy((self.magnitude - info.offset) / info.factor)

    def difference_to(self, unit: str) -> float:
        """Magnitude of a temperature *difference* (10 degC of ΔT is 10 K, not 283 K)."""
        info = unit_info(unit)
        if info.dims != self.dims:
            raise DimensionMismatch(self, Quantity(1.0, info.dims, unit), "to")
        if self.unit:
            source = unit_info(self.unit)
            if source.offset:
                return _tidy((self.magnitude - source.offset) / info.factor)
        return _tidy(self.magnitude / info.factor)

    def _same(self, other: Quantity, op: str) -> None:
        if self.dims != other.dims:
            raise DimensionMismatch(self, other, op)

    def __add__(self, other: Quantity) -> Quantity:
        self._same(other, "+")
        return Quantity(self.magnitude + other.magnitude, self.dims, self.unit or other.unit)

    def __sub__(self, other: Quantity) -> Quantity:
        self._same(other, "-")
        return Quantity(self.magnitude - other.magnitude, self.dims, self.unit or other.unit)

    def __mul__(self, other: Quantity) -> Quantity:
        dims = _combine(self.dims, other.dims, 1)
        unit = self.unit if not other.dims else (other.unit if not self.dims else "")
        return Quantity(self.magnitude * other.magnitude, dims, unit)

    def __truediv__(self, other: Quantity) -> Quantity:
        if other.magnitude == 0:
            raise ZeroDivisionError
        dims = _combine(self.dims, other.dims, -1)
        unit = self.unit if not other.dims else ""
        return Quantity(self.magnitude / other.magnitude, dims, unit)

    def __neg__(self) -> Quantity:
        return Quantity(-self.magnitude, self.dims, self.unit)

    def compare(self, other: Quantity, op: str) -> bool:
        self._same(other, op)
        a, b = self.magnitude, other.magnitude
        close = math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
        return {
            "<": a < b and not close,
            "<=": a <= b or close,
            ">": a > b and not close,
            ">=": a >= b or close,
            "==": close,
            "!=": not close,
        }[op]

    def __str__(self) -> str:
        return format_quantity(self)


def _tidy(value: float) -> float:
    """Drop the last-bit noise of unit conversion (48 U → 48.00000000000001 U → 48 U)."""
    return float(f"{value:.12g}")


def _combine(a: Dims, b: Dims, sign: int) -> Dims:
    exps: dict[str, int] = dict(a)
    for key, value in b:
        exps[key] = exps.get(key, 0) + sign * value
    return tuple(sorted((k, v) for k, v in exps.items() if v))


def number(value: float) -> Quantity:
    return Quantity(float(value), DIMENSIONLESS, "")


# --- formatting -----------------------------------------------------------------------------------

# Preferred display units per dimension, smallest first; the largest that keeps |x| >= 1 wins.
_DISPLAY: dict[str, tuple[str, ...]] = {
    "power": ("W", "kW", "MW", "GW"),
    "energy": ("kWh", "MWh", "GWh", "TWh"),
    "money": ("USD",),
    "voltage": ("V", "kV"),
    "current": ("A", "kA"),
    "length": ("mm", "m", "km"),
    "mass": ("kg", "t"),
    "time": ("s", "min", "hour", "day", "year"),
    "temperature": ("degC",),
    "data": ("GB", "TB", "PB", "EB"),
    "data rate": ("Gb/s", "Tb/s", "Pb/s"),
    "volume": ("L", "ML", "GL"),
    "flow": ("L/min",),
}


def format_number(value: float, digits: int = 3) -> str:
    """Thousands separators, at most ``digits`` decimals, no trailing zeros."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if value != 0 and abs(value) < 10 ** (-digits):
        return f"{value:.{digits}g}"
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_significant(value: float, significant: int = 4) -> str:
    """``value`` to ``significant`` figures, with thousands separators: 55.1462 → `55.15`,
    1.23864 → `1.239`, 12,345 → `12,345` (never rounds away whole units)."""
    if value == 0 or math.isnan(value) or math.isinf(value):
        return format_number(value, 0)
    decimals = max(0, significant - 1 - math.floor(math.log10(abs(value))))
    # Half up on the decimal text (142.35 → 142.4), not on the binary float (142.3499…).
    rounded = decimal.Decimal(repr(value)).quantize(
        decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP
    )
    return format_number(float(rounded), decimals)


def format_in(value: float, unit: str, digits: int = 3) -> str:
    return f"{format_number(value, digits)} {_pretty_unit(unit)}"


def _pretty_unit(unit: str) -> str:
    return {"degC": "°C", "USD": "USD", "percent": "%"}.get(unit, unit)


def format_quantity(q: Quantity, digits: int = 3) -> str:
    if not q.dims:
        return format_number(q.magnitude, digits)
    name = dimension_name(q.dims)
    choices = _DISPLAY.get(name)
    if not choices:
        unit = q.unit or str(ureg.Quantity(1, "").units)
        if q.unit:
            return format_in(q.to(q.unit), q.unit, digits)
        return f"{format_number(q.magnitude, digits)} (SI base units of {name})"
    if q.unit and unit_info(q.unit).dims == q.dims and name not in ("power", "energy", "data"):
        return format_in(q.to(q.unit), q.unit, digits)
    chosen = choices[0]
    for unit in choices:
        if abs(q.to(unit)) >= 1:
            chosen = unit
    return format_in(q.to(chosen), chosen, digits)
