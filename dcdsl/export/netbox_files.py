"""`dcc export netbox`: the design as files NetBox imports, plus a manifest.

- ``device-types/<slug>.yaml``: one per part a rack holds, in the community device-type
  library's schema (github.com/netbox-community/devicetype-library: manufacturer, model, slug,
  part_number, u_height, is_full_depth, weight, weight_unit, comments);
- ``<set>.csv``: the object sets in NetBox 4.x bulk-import column names (Import under each
  object list in the web UI), written in dependency order (the manifest lists it); references
  are by name, as the import forms expect (device types by model);
- ``manifest.json``: generator, design, revision, managed tag, files with row counts and SHA-256.

Rows are streamed to disk: a 100,000-GPU design is never held in memory. The export is written
into a staging folder and renamed into place, so a failure leaves the old export (or nothing).
An existing folder is replaced only if it holds a previous NetBox export of dcc (its manifest
says so); anything else is left alone.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from dcdsl.export.objects import KINDS, ObjectSets, Record, Ref

GENERATOR = "dcc export netbox"
FORMAT_VERSION = "1.0"

# Column order of each set: NetBox 4.x import-form field order, restricted to what dcc sets.
COLUMNS: dict[str, tuple[str, ...]] = {
    "tags": ("name", "slug", "color", "description"),
    "manufacturers": ("name", "slug"),
    "device_roles": ("name", "slug", "color", "tags"),
    "device_types": (
        "manufacturer",
        "model",
        "slug",
        "part_number",
        "u_height",
        "is_full_depth",
        "description",
        "weight",
        "weight_unit",
        "tags",
    ),
    "sites": ("name", "slug", "status", "description", "comments", "tags"),
    "locations": ("site", "parent", "name", "slug", "status", "description", "tags"),
    "racks": (
        "site",
        "location",
        "name",
        "status",
        "form_factor",
        "width",
        "u_height",
        "description",
        "tags",
    ),
    "devices": (
        "name",
        "role",
        "manufacturer",
        "device_type",
        "status",
        "site",
        "location",
        "rack",
        "position",
        "face",
        "tags",
    ),
    "power_panels": ("site", "name", "description", "tags"),
    "power_feeds": (
        "site",
        "power_panel",
        "rack",
        "name",
        "status",
        "type",
        "supply",
        "phase",
        "voltage",
        "amperage",
        "max_utilization",
        "description",
        "tags",
    ),
    "cables": (
        "side_a_site",
        "side_a_device",
        "side_a_type",
        "side_a_name",
        "side_b_site",
        "side_b_device",
        "side_b_type",
        "side_b_name",
        "type",
        "status",
        "label",
        "length",
        "length_unit",
        "description",
        "tags",
    ),
}
# The field each import form matches a reference on, when it is not the key (`to_field_name`).
IMPORT_NAME_FIELD = {"device_types": "model"}


class ExportWriteError(Exception):
    pass


def write_export(sets: ObjectSets, target: Path) -> dict[str, Any]:
    """Write the export into ``target``; returns the manifest."""
    target = Path(os.path.abspath(target))
    _check_replaceable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as exc:
        raise ExportWriteError(f"cannot write to {target.parent}: {exc.strerror or exc}") from None
    try:
        manifest = _write_all(sets, staging)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ExportWriteError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _check_replaceable(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise ExportWriteError(f"{target} exists and is not a directory")
    if not any(target.iterdir()):
        return
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("generator") != GENERATOR:
        raise ExportWriteError(
            f"{target} is not empty and is not a NetBox export of dcc (no manifest.json "
            "written by dcc); dcc replaces only its own exports"
        )


def _write_all(sets: ObjectSets, folder: Path) -> dict[str, Any]:
    names: dict[str, dict[str, str]] = {}  # set -> key -> the name its import form matches on
    extra: dict[str, dict[str, str]] = {"device_type_manufacturer": {}}
    files: list[dict[str, Any]] = []
    device_types: list[Record] = []
    interfaces: dict[str, list[dict[str, Any]]] = {}  # device type slug -> its ports
    for record in sets.records("interface_templates"):
        interfaces.setdefault(record["device_type"].key, []).append(
            {"name": record["name"], "type": record["type"], "mgmt_only": record["mgmt_only"]}
        )
    for kind in KINDS:
        if not kind.csv:
            continue
        path = folder / f"{kind.name}.csv"
        remember = kind.name not in ("devices", "power_feeds", "cables")
        count = 0
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS[kind.name])
            for record in sets.records(kind.name):
                key = str(record[kind.key])
                if remember:
                    field = IMPORT_NAME_FIELD.get(kind.name, "name" if "name" in record else key)
                    names.setdefault(kind.name, {})[key] = str(record.get(field, key))
                if kind.name == "device_types":
                    manufacturer = record["manufacturer"]
                    extra["device_type_manufacturer"][key] = names["manufacturers"][
                        manufacturer.key
                    ]
                    device_types.append(record)
                writer.writerow(_row(kind.name, record, names, extra, sets.site))
                count += 1
        files.append(
            {"path": path.name, "object_set": kind.name, "rows": count, "sha256": _sha256(path)}
        )
    for record in device_types:
        _write_device_type(folder, record, names, interfaces.get(str(record["slug"]), []))
    for yaml_path in sorted((folder / "device-types").glob("*.yaml")):
        files.append(
            {
                "path": f"device-types/{yaml_path.name}",
                "object_set": "device_types",
                "rows": 1,
                "sha256": _sha256(yaml_path),
            }
        )
    manifest = {
        "format_version": FORMAT_VERSION,
        "generator": GENERATOR,
        "design": sets.model.design.name,
        "revision": sets.revision,
        "managed_tag": sets.tag,
        "netbox": "4.x bulk import (CSV) and device-type library YAML",
        "import_order": ["device-types/*.yaml", *(k.name for k in KINDS if k.csv)],
        "counts": {f["object_set"]: f["rows"] for f in files if f["path"].endswith(".csv")},
        "interface_templates": sum(len(v) for v in interfaces.values()),
        "uncabled_links": sets.uncabled(),
        "notes": [
            "cable ends follow dcc's port plan (docs/netbox.md): node ports rail by rail onto "
            "the leaves' down ports, switch up ports round robin onto the next tier; a cable's "
            "length is its tier's length distribution from the layout, handed out shortest "
            "first, not the run between those two racks",
        ],
        "files": files,
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def _row(
    kind: str,
    record: Record,
    names: dict[str, dict[str, str]],
    extra: dict[str, dict[str, str]],
    site_slug: str,
) -> list[str]:
    row: list[str] = []
    for column in COLUMNS[kind]:
        value: Any = record.get(column)
        if column == "manufacturer" and kind == "devices":
            value = extra["device_type_manufacturer"][record["device_type"].key]
        elif (column == "site" and kind == "power_feeds") or column.endswith("_site"):
            value = names["sites"][site_slug]
        elif column.endswith("_type") and kind == "cables":
            value = "dcim.interface"
        elif column.startswith("side_"):
            end = record[f"{column[5]}_terminations"][0]
            value = end.device if column.endswith("_device") else end.port
        row.append(_cell(value, names))
    return row


def _cell(value: Any, names: dict[str, dict[str, str]]) -> str:
    if value is None:
        return ""
    if isinstance(value, Ref):
        if value.kind == "tags":
            return value.key
        return names.get(value.kind, {}).get(value.key, value.key)
    if isinstance(value, list):
        return ",".join(_cell(v, names) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    # A spreadsheet would run a cell starting with = + - @ as a formula (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _write_device_type(
    folder: Path, record: Record, names: dict[str, dict[str, str]], interfaces: list[dict[str, Any]]
) -> None:
    """One file in the community device-type library's schema (its fabric ports as
    `interfaces`)."""
    document: dict[str, Any] = {
        "manufacturer": names["manufacturers"][record["manufacturer"].key],
        "model": record["model"],
        "slug": record["slug"],
        "part_number": record["part_number"],
        "u_height": record["u_height"],
        "is_full_depth": record["is_full_depth"],
    }
    if "weight" in record:
        document["weight"] = record["weight"]
        document["weight_unit"] = record["weight_unit"]
    document["comments"] = record["description"]
    out = folder / "device-types" / f"{record['slug']}.yaml"
    out.parent.mkdir(exist_ok=True)
    text = _yaml(document)
    if interfaces:
        text += "interfaces:\n" + "".join(
            f"  - name: {json.dumps(i['name'])}\n    type: {json.dumps(i['type'])}\n"
            + ("    mgmt_only: true\n" if i["mgmt_only"] else "")
            for i in interfaces
        )
    out.write_text(text, encoding="utf-8")


def _yaml(document: dict[str, Any]) -> str:
    """A flat mapping as YAML; strings as JSON strings (a valid YAML scalar, always quoted)."""
    lines = ["---"]
    for key, value in document.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int | float):
            text = str(int(value)) if float(value).is_integer() else str(value)
        else:
            text = json.dumps(str(value), ensure_ascii=False)
        lines.append(f"{key}: {text}")
    return "\n".join(lines) + "\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
