"""The sync plan: what the design wants against what NetBox holds, like `terraform plan`.

Pure functions, no network: ``make_plan`` takes the desired records (from
``dcdsl.export.objects``) and NetBox's current objects (as the REST API returns them, already
fetched) and says, per object, create / update (with the fields that differ) / delete / leave
alone. Only the fields the design sets are compared, so what an operator adds in NetBox (serial
numbers, comments, custom fields) is never drift. Only objects carrying the design's managed tag
are updated or deleted; shared objects (tags, manufacturers, roles, device types from the
community library) that already exist are used as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from dcdsl.export.objects import KIND_BY_NAME, KINDS, Record, Ref, record_key

# Which object set a reference field points at, to read NetBox's nested objects back as keys.
REF_FIELDS: dict[str, str] = {
    "manufacturer": "manufacturers",
    "device_type": "device_types",
    "role": "device_roles",
    "site": "sites",
    "location": "locations",
    "parent": "locations",
    "rack": "racks",
    "power_panel": "power_panels",
}
ACTIONS = ("create", "update", "delete", "unchanged")


@attrs.frozen
class Change:
    action: str  # create, update, delete, unchanged
    kind: str
    key: str
    record: Record | None = None  # desired (create, update)
    current_id: int | None = None  # NetBox id (update, delete, unchanged)
    fields: tuple[tuple[str, Any, Any], ...] = ()  # update: (field, NetBox's, the design's)


@attrs.define
class Plan:
    changes: dict[str, list[Change]] = attrs.Factory(dict)  # kind -> changes (not unchanged)
    unchanged: dict[str, int] = attrs.Factory(dict)  # kind -> objects left alone
    ids: dict[str, dict[str, int]] = attrs.Factory(dict)  # kind -> key -> id, known in NetBox
    # For cable ends on devices made before their type had ports: device -> type, port -> kind.
    device_type_of: dict[str, str] = attrs.Factory(dict)
    port_types: dict[str, str] = attrs.Factory(dict)

    def count(self, action: str, kind: str | None = None) -> int:
        if action == "unchanged":
            return sum(n for k, n in self.unchanged.items() if kind in (None, k))
        return sum(
            1
            for k, changes in self.changes.items()
            if kind in (None, k)
            for c in changes
            if c.action == action
        )

    @property
    def empty(self) -> bool:
        return not any(self.changes.values())


@attrs.define
class Current:
    """NetBox's objects of one set, read back: by key, plus an id → key map for references."""

    by_key: dict[str, Mapping[str, Any]] = attrs.Factory(dict)
    managed: set[str] = attrs.Factory(set)  # keys of objects tagged with the design's tag
    key_of_id: dict[int, str] = attrs.Factory(dict)


def read_current(
    kind: str,
    objects: Iterable[Mapping[str, Any]],
    tag: str,
    key_of_id: Mapping[str, Mapping[int, str]] | None = None,
) -> Current:
    """NetBox's objects of one set by key; ``key_of_id`` maps ids of earlier sets to keys (an
    interface template's key names its device type; an interface's, its device)."""
    current = Current()
    for obj in objects:
        key = _current_key(kind, obj, key_of_id or {})
        if not key:
            continue
        current.by_key[key] = obj
        current.key_of_id[int(obj["id"])] = key
        if tag in _tag_slugs(obj.get("tags")):
            current.managed.add(key)
    return current


def _current_key(
    kind: str, obj: Mapping[str, Any], key_of_id: Mapping[str, Mapping[int, str]]
) -> str:
    owner_field = {
        "interface_templates": ("device_type", "device_types"),
        "interfaces": ("device", "devices"),
    }.get(kind)
    if owner_field is None:
        return str(obj.get(KIND_BY_NAME[kind].key) or "")
    field, owner_kind = owner_field
    owner = obj.get(field)
    ident = owner.get("id") if isinstance(owner, Mapping) else owner
    name = key_of_id.get(owner_kind, {}).get(int(ident)) if ident is not None else None
    if name is None and isinstance(owner, Mapping):
        name = owner.get("name") or owner.get("slug")
    return f"{name}/{obj.get('name')}" if name else ""


def make_plan(
    desired: Mapping[str, Iterable[Record]], current: Mapping[str, Current], tag: str
) -> Plan:
    """Compare, set by set, in dependency order; deletions are listed in reverse order."""
    plan = Plan()
    key_of_id = {kind: cur.key_of_id for kind, cur in current.items()}
    for kind in KINDS:
        cur = current.get(kind.name, Current())
        plan.ids[kind.name] = {key: int(obj["id"]) for key, obj in cur.by_key.items()}
        changes: list[Change] = []
        wanted: set[str] = set()
        left_alone = 0
        for record in desired.get(kind.name, ()):
            key = record_key(kind, record)
            wanted.add(key)
            if kind.name == "devices":
                plan.device_type_of[key] = record["device_type"].key
            elif kind.name == "interface_templates":
                plan.port_types[key] = str(record["type"])
            found = cur.by_key.get(key)
            if found is None:
                changes.append(Change("create", kind.name, key, record))
                continue
            if kind.shared or key not in cur.managed:
                left_alone += 1  # exists and is not ours to change
                continue
            differences = tuple(
                (name, got, want)
                for name, want in record.items()
                if not _same(want, got := _normalise(name, found.get(name), key_of_id))
            )
            if differences:
                changes.append(
                    Change("update", kind.name, key, record, int(found["id"]), differences)
                )
            else:
                left_alone += 1
        if not kind.shared:
            for key in sorted(cur.managed - wanted):
                changes.append(
                    Change("delete", kind.name, key, current_id=int(cur.by_key[key]["id"]))
                )
        plan.changes[kind.name] = changes
        plan.unchanged[kind.name] = left_alone
    for name, cur in current.items():  # looked up only (interfaces, for cable ends)
        plan.ids.setdefault(name, {key: int(obj["id"]) for key, obj in cur.by_key.items()})
    return plan


def _tag_slugs(tags: object) -> list[str]:
    if not isinstance(tags, list):
        return []
    return sorted(str(t.get("slug")) if isinstance(t, Mapping) else str(t) for t in tags)


def _normalise(name: str, value: Any, key_of_id: Mapping[str, Mapping[int, str]]) -> Any:
    """NetBox's JSON for a field, in the design's terms: nested objects as Refs, choices as
    their values, tags as slugs."""
    if name == "tags":
        return _tag_slugs(value)
    if name in ("a_terminations", "b_terminations"):
        ends = value if isinstance(value, list) else []
        return sorted(
            f"{(t.get('object') or {}).get('device', {}).get('name')}/{(t.get('object') or {}).get('name')}"
            for t in ends
            if isinstance(t, Mapping)
        )
    if name in REF_FIELDS:
        if value is None:
            return None
        ident = value.get("id") if isinstance(value, Mapping) else value
        kind = REF_FIELDS[name]
        key = key_of_id.get(kind, {}).get(int(ident)) if ident is not None else None
        return Ref(kind, key if key is not None else f"#{ident}")
    if isinstance(value, Mapping) and "value" in value:
        return value["value"]
    return value


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, list) and want and isinstance(want[0], Ref):
        return sorted(r.key for r in want) == got
    if want is None or want == "":
        return got is None or got == ""
    if isinstance(want, bool) or isinstance(got, bool):
        return want == got
    if isinstance(want, int | float) and isinstance(got, int | float | str):
        try:
            return abs(float(want) - float(got)) < 1e-6
        except ValueError:
            return False
    return bool(want == got)


def _show(value: Any) -> str:
    if isinstance(value, Ref):
        return repr(value.key)
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return "null" if value is None else repr(value) if isinstance(value, str) else str(value)


def render_plan(plan: Plan, detail_limit: int = 50, create_limit: int = 5) -> str:
    """Terraform-like text: one line per change (the first ``detail_limit`` updates and deletes
    and ``create_limit`` creates per set), then a table and a summary line."""
    lines: list[str] = []
    signs = {"create": "+", "update": "~", "delete": "-"}
    for kind in KINDS:
        changes = plan.changes.get(kind.name, [])
        for action in ("create", "update", "delete"):
            chosen = [c for c in changes if c.action == action]
            limit = create_limit if action == "create" else detail_limit
            for change in chosen[:limit]:
                lines.append(f"  {signs[action]} {kind.name.replace('_', ' ')[:-1]} {change.key!r}")
                for field, got, want in change.fields:
                    lines.append(f"      {field}: {_show(got)} -> {_show(want)}")
            if len(chosen) > limit:
                lines.append(
                    f"  {signs[action]} … {len(chosen) - limit} more {kind.name} to {action}"
                )
    lines.append("")
    lines.append(summary_table(plan))
    lines.append(
        f"Plan: {plan.count('create')} to create, {plan.count('update')} to update, "
        f"{plan.count('delete')} to delete, {plan.count('unchanged')} left alone."
    )
    return "\n".join(lines) + "\n"


def summary_table(plan: Plan) -> str:
    header = f"  {'object set':<20}{'create':>8}{'update':>8}{'delete':>8}{'unchanged':>11}"
    rows = [header]
    for kind in KINDS:
        counts = [plan.count(a, kind.name) for a in ACTIONS]
        rows.append(f"  {kind.name:<20}{counts[0]:>8}{counts[1]:>8}{counts[2]:>8}{counts[3]:>11}")
    return "\n".join(rows)
