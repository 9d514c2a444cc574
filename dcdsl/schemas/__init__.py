"""JSON Schemas of dcc's JSON outputs, shipped in the wheel (`dcdsl/schemas/*.schema.json`).

Each output names its schema in `$schema`, so that an editor or a validator finds it. The URI
is the schema's `$id`: stable, versioned with the output's `format_version`, and resolvable
from the installed package with ``schema_path``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

BASE_URI = "https://dcdsl.invalid/schemas/"  # an identifier, not a download location

SCHEMAS = ("bom", "diagnostics", "fabric", "diff", "summary")


def schema_uri(name: str) -> str:
    return f"{BASE_URI}{name}.schema.json"


def schema_path(name: str) -> Path:
    return Path(str(resources.files("dcdsl.schemas").joinpath(f"{name}.schema.json")))


def load_schema(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return document
