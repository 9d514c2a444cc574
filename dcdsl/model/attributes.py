"""Attribute declarations: the type, canonical unit and documentation of a block's attribute.

A typed block class (``dcdsl.model.blocks``) declares each attribute as a field with
``spec(...)``; the language's schema (``dcdsl.elaborate.schema``) is read from those fields, so
an attribute is declared once: its Python type, its unit (kept in the field's metadata and
shown in docs/language.md) and its meaning.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

import attrs

from dcdsl import units


@attrs.frozen
class Attr:
    """One attribute: its value type and, for quantities, the canonical unit it is stored in.

    types: quantity, number, int, string, bool, enum, ratio, redundancy, part, parts (a part or
    `part * n`), ref (another block), refs (one or a list), selector (`H1.gpus` or a count), any.
    """

    type: str
    unit: str | None = None
    doc: str = ""
    choices: tuple[str, ...] = ()
    ref_kind: str | None = None  # for ref/refs: which kind of block the name must resolve to
    delta: bool = False  # a temperature difference (10 degC of ΔT is 10 K)

    @property
    def dims(self) -> units.Dims:
        return units.dims_of_unit(self.unit) if self.unit else units.DIMENSIONLESS


def Q(unit: str, doc: str = "", delta: bool = False) -> Attr:
    return Attr("quantity", unit, doc, delta=delta)


def E(*choices: str, doc: str = "") -> Attr:
    return Attr("enum", None, doc, choices=choices)


NUM = Attr("number")
INT = Attr("int")
STR = Attr("string")
BOOL = Attr("bool")
PART = Attr("part")
FRACTION = Attr("number", doc="a fraction from 0 to 1 (or a percentage: 80 %)")

COOLING_TIERS = ("air", "air_contained", "rear_door", "direct_to_chip", "immersion")
CONFIDENCE = ("primary", "secondary", "estimate", "derived")
COST_CATEGORIES = (
    "compute",
    "network",
    "storage",
    "power",
    "cooling",
    "facility",
    "software",
    "other",
)
# Cost-line categories that are per year by nature (opex); `recurring = true` makes any line so.
OPEX_CATEGORIES = ("energy", "maintenance", "staff")

COOLING_REF = Attr("ref", ref_kind="cooling_or_tier", doc="cooling loop, or a tier name")
POWER_REFS = Attr("refs", ref_kind="power_node", doc="feed(s): one, or [A, B]")

_T = TypeVar("_T")
_U = TypeVar("_U")

_ATTR = "dcdsl.attr"
_NAME = "dcdsl.name"


def spec(attr: Attr, name: str | None = None) -> Any:
    """A block attribute as a typed field (None: not set in the design).

    ``name`` is the attribute's name in the language when it cannot be the field's
    (``return`` is a Python keyword; a power element's ``path`` is ``side``).
    """
    return attrs.field(default=None, kw_only=True, metadata={_ATTR: attr, _NAME: name})


@functools.cache  # per class, once: spec_values asks for every rack group of every compile
def _spec_fields(cls: Any) -> tuple[tuple[str, attrs.Attribute[Any], Attr], ...]:
    return tuple(
        (f.metadata[_NAME] or f.name, f, f.metadata[_ATTR])
        for f in attrs.fields(cls)
        if _ATTR in f.metadata
    )


def field_names(cls: type) -> dict[str, str]:
    """A typed block class's attributes: language name → field name."""
    return _field_names(cls)


@functools.cache
def _field_names(cls: Any) -> dict[str, str]:
    return {name: f.name for name, f, _ in _spec_fields(cls)}


def block_attrs(cls: type) -> dict[str, Attr]:
    """The attribute table of a typed block class: language name → declaration."""
    return {name: attr for name, _, attr in _spec_fields(cls)}


def spec_kwargs(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """Attribute values by language name → constructor keywords by field name."""
    names = field_names(cls)
    return {names[k]: v for k, v in values.items()}


def spec_values(block: object) -> dict[str, Any]:
    """The attributes set on a block, by language name (for dumps and hover)."""
    out: dict[str, Any] = {}
    cls: type = type(block)
    for name, f, _ in _spec_fields(cls):
        value = getattr(block, f.name)  # generic: every declared attribute of any block
        if value is not None:
            out[name] = value
    return out


def value_or(value: _T | None, default: _U) -> _T | _U:
    """An attribute's value, or the default when the design does not set it."""
    return default if value is None else value
