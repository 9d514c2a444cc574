"""The JSON Schema of summary.json (draft 2020-12), generated from its classes.

    python -m dcdsl.emit.summary_schema > dcdsl/schemas/summary.schema.json

(``make schemas`` runs it; ``tests/test_summary_schema.py`` fails when the checked-in file is
stale.) The mapping: ``str``/``int``/``float``/``bool`` to their JSON types (``int | float`` is
``number``), ``Literal`` to ``const``/``enum``, ``X | None`` to a nullable ``X`` (a nullable
``Literal`` has ``null`` in its ``enum``), ``list[X]`` to an array, ``dict[str, X]`` to an
object whose ``additionalProperties`` are ``X``, and a nested class to a ``$defs`` entry
referenced by ``$ref``. A field's ``Doc`` is its ``description``. Every field is required
except the keys of a ``FLATTEN`` group, which are present together or not at all.
"""

from __future__ import annotations

import sys
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs

from dcdsl.diagnostics import json_dumps
from dcdsl.emit.summary_model import FLATTEN, Doc, Summary, extras
from dcdsl.schemas import schema_uri

_SIMPLE = {str: "string", int: "integer", float: "number", bool: "boolean"}


class _Generator:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def object_schema(self, cls: type) -> dict[str, Any]:
        """An attrs class as an object schema: its fields, FLATTEN groups merged (not required)."""
        properties: dict[str, Any] = {}
        required: list[str] = []
        together: dict[str, list[str]] = {}  # a FLATTEN group's keys come all or none
        for name, hint in get_type_hints(cls, include_extras=True).items():
            if FLATTEN in extras(hint):
                (group,) = (arg for arg in get_args(_bare(hint)) if arg is not type(None))
                keys = self.object_schema(group)["properties"]
                properties.update(keys)
                together.update({key: [k for k in keys if k != key] for key in keys})
                continue
            properties[name] = self.schema(hint)
            required.append(name)
        schema: dict[str, Any] = {"type": "object"}
        if cls.__doc__:
            schema["description"] = " ".join(cls.__doc__.split())
        schema.update(properties=properties, required=required, additionalProperties=False)
        if together:
            schema["dependentRequired"] = together
        return schema

    def schema(self, hint: object) -> dict[str, Any]:
        docs = [extra.text for extra in extras(hint) if isinstance(extra, Doc)]
        schema = self._type(_bare(hint))
        if docs:
            schema = {**schema, "description": docs[0]}
        return schema

    def _type(self, hint: object) -> dict[str, Any]:
        origin, args = get_origin(hint), get_args(hint)
        if isinstance(hint, type) and hint in _SIMPLE:
            return {"type": _SIMPLE[hint]}
        if isinstance(hint, type) and attrs.has(hint):
            if hint.__name__ not in self.defs:
                self.defs[hint.__name__] = {}  # reserved before recursing
                self.defs[hint.__name__] = self.object_schema(hint)
            return {"$ref": f"#/$defs/{hint.__name__}"}
        if origin is Literal:
            return {"const": args[0]} if len(args) == 1 else {"enum": list(args)}
        if origin is list:
            return {"type": "array", "items": self._type(args[0])}
        if origin is dict:
            assert args[0] is str, "JSON object keys are strings"
            return {"type": "object", "additionalProperties": self._type(args[1])}
        if origin in (Union, types.UnionType):
            return self._union(args)
        raise TypeError(f"no JSON Schema for {hint!r}")

    def _union(self, args: tuple[object, ...]) -> dict[str, Any]:
        nullable = type(None) in args
        members = [arg for arg in args if arg is not type(None)]
        if set(members) == {int, float}:
            members = [float]  # a JSON number
        if all(isinstance(m, type) and m in _SIMPLE for m in members):
            names = [_SIMPLE[m] for m in members if isinstance(m, type)]
            if nullable:
                names.append("null")
            return {"type": names[0] if len(names) == 1 else names}
        if all(get_origin(m) is Literal for m in members):  # one enum, null among its values
            values = [value for m in members for value in get_args(m)]
            return {"enum": [*values, None] if nullable else values}
        choices = [self._type(m) for m in members]
        if nullable:
            choices.append({"type": "null"})
        return choices[0] if len(choices) == 1 else {"anyOf": choices}


def _bare(hint: object) -> object:
    """A hint without its ``Annotated`` extras."""
    return get_args(hint)[0] if get_origin(hint) is Annotated else hint


def summary_schema() -> dict[str, Any]:
    generator = _Generator()
    root = generator.object_schema(Summary)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_uri("summary"),
        "title": "dcc key figures (summary.json)",
        "description": "Generated from dcdsl.emit.summary_model by `python -m "
        "dcdsl.emit.summary_schema`; do not edit. docs/outputs.md, `summary.json`. "
        "A figure that was not computed is null.",
        "type": "object",
        "properties": root["properties"],
        "required": root["required"],
        "additionalProperties": False,
        "$defs": dict(sorted(generator.defs.items())),
    }


def render() -> str:
    return json_dumps(summary_schema())


if __name__ == "__main__":
    sys.stdout.write(render())
