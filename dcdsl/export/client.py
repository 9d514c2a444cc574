"""Talking to NetBox through pynetbox: read what it holds, apply a plan in batches.

pynetbox is an optional dependency (``pip install 'dcdsl[netbox]'``), imported only here and only
when a NetBox command runs. Applying is resumable by construction: every object written carries
the design's managed tag, so after a failure the next plan, read from NetBox again, holds only
what is still missing. A failed batch stops the run with a report of what was applied.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

import attrs

from dcdsl.export.objects import KINDS, Kind, Record, Ref
from dcdsl.export.plan import Change, Current, Plan, read_current

INSTALL_HINT = "install it with: pip install 'dcdsl[netbox]'  (or: pip install 'pynetbox>=7')"
DEFAULT_BATCH = 200
DEFAULT_WORKERS = 4  # requests in flight at once; NetBox serves them on its gunicorn workers
PAGE = 1000  # objects per page when reading (NetBox's default MAX_PAGE_SIZE; its default is 50)
# NetBox keeps counters on a parent row (DeviceType.device_count, …) that every child's insert
# updates inside the batch's transaction: batches of one set run in parallel only when each
# holds children of one parent, so two transactions never wait on each other's parents.
PARENT_FIELD = {"devices": "device_type", "interface_templates": "device_type"}
RETRIES = 2  # a batch PostgreSQL aborted as a deadlock victim was rolled back: send it again
INTERFACE_FIELDS = "id,name,device,cable,cable_end"
CABLE_ENDS = ("a_terminations", "b_terminations")


class NetBoxError(Exception):
    """NetBox could not be reached or refused a request; the message says what to do."""


class MissingPynetbox(NetBoxError):
    pass


@attrs.define
class ApplyFailure(NetBoxError):
    """A batch failed: what was applied before it, and NetBox's answer."""

    applied: int
    total: int
    kind: str
    action: str
    detail: str

    def __str__(self) -> str:
        return (
            f"NetBox refused a batch of {self.kind} to {self.action} after {self.applied} of "
            f"{self.total} changes were applied: {self.detail}"
        )


def connect(url: str, token: str, workers: int = DEFAULT_WORKERS) -> Any:
    try:
        import pynetbox
    except ImportError:
        raise MissingPynetbox(f"`dcc netbox` needs the pynetbox package; {INSTALL_HINT}") from None
    # threading: the pages of a long list are fetched in parallel after the first.
    api = pynetbox.api(url, token=token, threading=workers > 1, max_workers=max(1, workers))
    try:
        status = api.status()
    except Exception as exc:
        raise NetBoxError(f"cannot reach NetBox at {url}: {_reason(exc)}") from None
    version = str(status.get("netbox-version", "?"))
    if not version.startswith("4."):
        raise NetBoxError(f"NetBox at {url} is version {version}; dcc writes NetBox 4.x objects")
    return api


def _endpoint(api: Any, kind: Kind) -> Any:
    app, name = kind.endpoint.split(".")
    return getattr(getattr(api, app), name)


def read_all(
    api: Any,
    tag: str,
    site: str,
    keys: Mapping[str, set[str]],
    fields: Mapping[str, set[str]] | None = None,
) -> dict[str, Current]:
    """What NetBox holds: every object with the design's tag, the shared objects and device
    types the design names (which may exist untagged, e.g. from the device-type library), their
    interface templates, and the interfaces of the site's devices (for cable ends).

    ``fields`` (set name -> the fields the design writes) narrows each read to those fields,
    the id, the key and the tags (NetBox's ``?fields=``): serialising whole objects with every
    nested relation is most of what a read costs NetBox."""
    current: dict[str, Current] = {}
    key_of_id: dict[str, dict[int, str]] = {}
    tagged = False  # NetBox answers 400 to a filter on a tag it does not have
    for kind in KINDS:
        endpoint = _endpoint(api, kind)
        named = keys.get(kind.name, set())
        objects: list[dict[str, Any]] = []
        narrow = {} if fields is None else {"fields": _field_list(kind, fields.get(kind.name))}
        if kind.name == "cables" and narrow:  # the ends come from the interfaces, see below
            narrow["fields"] = ",".join(
                f for f in narrow["fields"].split(",") if f not in CABLE_ENDS
            )
        try:
            if kind.name == "interface_templates":
                for chunk in _chunks(sorted(key_of_id.get("device_types", {})), 100):
                    objects += [
                        dict(o) for o in endpoint.filter(device_type_id=chunk, limit=PAGE, **narrow)
                    ]
            elif kind.shared or kind.name == "device_types":
                for chunk in _chunks(sorted(named), 100):
                    objects += [
                        dict(o) for o in endpoint.filter(**{kind.key: chunk}, limit=PAGE, **narrow)
                    ]
            if tagged and kind.name not in ("tags", "interface_templates"):
                seen = {o["id"] for o in objects}
                objects += [
                    d
                    for o in endpoint.filter(tag=tag, limit=PAGE, **narrow)
                    if (d := dict(o))["id"] not in seen
                ]
        except Exception as exc:
            raise NetBoxError(f"reading {kind.name} from NetBox failed: {_reason(exc)}") from None
        if kind.name == "tags":
            tagged = any(o.get("slug") == tag for o in objects)
        current[kind.name] = read_current(kind.name, objects, tag, key_of_id)
        key_of_id[kind.name] = current[kind.name].key_of_id
    interfaces = _interfaces(api, site) if site in current["sites"].by_key else []
    if interfaces:
        current["interfaces"] = read_current("interfaces", interfaces, tag, key_of_id)
    if fields is not None:
        _attach_cable_ends(api, current["cables"], interfaces)
    return current


def _attach_cable_ends(api: Any, cables: Current, interfaces: list[dict[str, Any]]) -> None:
    """Each cable's ends from the site's interfaces that name it (``cable``, ``cable_end``):
    NetBox serialises a cable's terminations with their objects, devices and cables nested,
    which cost it more than every other read of a plan together. A cable with a side on no
    interface of the site (re-patched to another site, a front port) is read whole."""
    ends: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for obj in interfaces:
        cable, side = obj.get("cable"), obj.get("cable_end")
        ident = cable.get("id") if isinstance(cable, Mapping) else cable
        if ident is None or side not in ("A", "B"):
            continue
        end = {"object_type": "dcim.interface", "object_id": obj["id"], "object": obj}
        ends.setdefault(int(ident), {"A": [], "B": []})[side].append(end)
    by_id: dict[int, Any] = {int(obj["id"]): obj for obj in cables.by_key.values()}
    elsewhere = []
    for ident, obj in by_id.items():
        found = ends.get(ident)
        if found and found["A"] and found["B"]:
            obj["a_terminations"], obj["b_terminations"] = found["A"], found["B"]
        else:
            elsewhere.append(ident)
    try:
        for chunk in _chunks(elsewhere, 100):
            for full in api.dcim.cables.filter(
                id=chunk, limit=PAGE, fields="id," + ",".join(CABLE_ENDS)
            ):
                whole = dict(full)
                for name in CABLE_ENDS:
                    by_id[int(whole["id"])][name] = whole.get(name)
    except Exception as exc:
        raise NetBoxError(f"reading cables from NetBox failed: {_reason(exc)}") from None


def _field_list(kind: Kind, written: set[str] | None) -> str:
    owner = {"interface_templates": {"device_type"}}.get(kind.name, set())
    return ",".join(sorted({"id", kind.key, "tags", *owner, *(written or ())}))


def _interfaces(api: Any, site: str) -> list[dict[str, Any]]:
    try:
        return [
            dict(o)
            for o in api.dcim.interfaces.filter(site=site, limit=PAGE, fields=INTERFACE_FIELDS)
        ]
    except Exception as exc:
        raise NetBoxError(f"reading interfaces from NetBox failed: {_reason(exc)}") from None


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply_plan(
    api: Any,
    plan: Plan,
    site: str,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[str], None] | None = None,
    workers: int = DEFAULT_WORKERS,
) -> int:
    """Create and update set by set in dependency order, then delete in reverse order; up to
    ``workers`` batches of one set in flight at once.

    Returns the number of changes applied; raises ``ApplyFailure`` at the first refused batch,
    after the batches already in flight have finished (NetBox writes each batch in one
    transaction: a refused batch leaves nothing behind, an accepted one is counted).
    """
    total = sum(len(c) for c in plan.changes.values())
    say = progress or (lambda _: None)
    run = _Runner(api, plan, total, workers, say)
    try:
        for kind in KINDS:
            changes = plan.changes.get(kind.name, [])
            if kind.name == "cables" and changes:
                run.applied += _ensure_ports(api, plan, site, changes, batch_size, say)
            for action in ("create", "update"):
                chosen = [c for c in changes if c.action == action]
                run.start(kind, action, len(chosen))
                for wave in _ready_waves(chosen, plan, kind):
                    run.batches(_batches(wave, kind, batch_size))
        for kind in reversed(KINDS):
            chosen = [c for c in plan.changes.get(kind.name, []) if c.action == "delete"]
            run.start(kind, "delete", len(chosen))
            # A deletion's parent is not in the plan: one batch at a time (see PARENT_FIELD).
            serial = kind.name in PARENT_FIELD
            run.batches(_batches(chosen, kind, batch_size), workers=1 if serial else None)
    except ApplyFailure as failure:
        failure.applied, failure.total = run.applied, total
        raise
    return run.applied


class _Runner:
    """Sends the batches of one set and action, several at once, and keeps the tally."""

    def __init__(
        self, api: Any, plan: Plan, total: int, workers: int, say: Callable[[str], None]
    ) -> None:
        self.api, self.plan, self.total, self.say = api, plan, total, say
        self.workers = max(1, workers)
        self.applied = 0
        self.kind, self.action, self.done, self.count = KINDS[0], "create", 0, 0

    def start(self, kind: Kind, action: str, count: int) -> None:
        self.kind, self.action, self.done, self.count = kind, action, 0, count

    def batches(self, batches: list[list[Change]], workers: int | None = None) -> None:
        if not batches:
            return
        failure: ApplyFailure | None = None
        endpoint = _endpoint(self.api, self.kind)
        width = min(workers or self.workers, len(batches))
        with ThreadPoolExecutor(width) as pool:
            pending: dict[Future[list[Any]], list[Change]] = {}
            queue = list(reversed(batches))
            while queue or pending:
                while queue and failure is None and len(pending) < width:
                    batch = queue.pop()
                    pending[pool.submit(self._send, endpoint, batch)] = batch
                if not pending:
                    break
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    batch = pending.pop(future)
                    try:
                        made = future.result()
                    except Exception as exc:
                        failure = failure or ApplyFailure(
                            0, self.total, self.kind.name, self.action, _reason(exc)
                        )
                        continue
                    if self.action == "create":
                        for change, obj in zip(batch, made, strict=True):
                            self.plan.ids[self.kind.name][change.key] = int(obj.id)
                    self.done += len(batch)
                    self.applied += len(batch)
                    self.say(f"{self.kind.name}: {self.action}d {self.done}/{self.count}")
        if failure is not None:
            raise failure  # apply_plan counts what was applied, every batch in flight ended

    def _send(self, endpoint: Any, batch: list[Change]) -> list[Any]:
        for attempt in range(RETRIES + 1):
            try:
                if self.action == "create":
                    made = endpoint.create([_payload(c.record, self.plan) for c in batch])
                    return made if isinstance(made, list) else [made]
                if self.action == "update":
                    endpoint.update([_update_payload(c, self.plan) for c in batch])
                else:
                    endpoint.delete([c.current_id for c in batch])
                return []
            except Exception as exc:
                if attempt == RETRIES or "deadlock" not in _reason(exc).lower():
                    raise
        raise AssertionError("unreachable")


def _ensure_ports(
    api: Any, plan: Plan, site: str, cables: list[Change], size: int, say: Callable[[str], None]
) -> int:
    """Cable ends: the interfaces NetBox made from the device types' templates, plus any still
    missing (devices made before their type had ports), created here. Returns those created."""
    devices = {ident: key for key, ident in plan.ids["devices"].items()}
    found = read_current("interfaces", _interfaces(api, site), "", {"devices": devices})
    plan.ids["interfaces"] = {key: int(obj["id"]) for key, obj in found.by_key.items()}
    wanted = {ref.key: ref for c in cables for ref in _refs(c.record) if ref.kind == "interfaces"}
    missing = sorted(set(wanted) - set(plan.ids["interfaces"]))
    for start in range(0, len(missing), size):
        batch = missing[start : start + size]
        payload = []
        for key in batch:
            ref = wanted[key]  # its device and port: a port name may hold "/" (IB1/1/1)
            device, port = ref.device or key.rpartition("/")[0], ref.port
            kind = plan.port_types.get(f"{plan.device_type_of.get(device)}/{port}", "other")
            payload.append({"device": plan.ids["devices"][device], "name": port, "type": kind})
        try:
            made = api.dcim.interfaces.create(payload)
        except Exception as exc:
            raise ApplyFailure(0, len(missing), "interfaces", "create", _reason(exc)) from None
        for key, obj in zip(batch, made, strict=True):
            plan.ids["interfaces"][key] = int(obj.id)
        say(f"interfaces: created {start + len(batch)}/{len(missing)}")
    return len(missing)


def _ready_waves(changes: list[Change], plan: Plan, kind: Kind) -> Iterator[list[Change]]:
    """Waves whose references all resolve; records that point at others of their own set
    (a row's parent hall) wait for a later wave, after those are written."""
    pending = changes
    while pending:
        ready = [c for c in pending if _resolvable(c.record, plan)]
        if not ready:
            missing = _unresolved(pending[0].record, plan)
            raise ApplyFailure(
                0,
                0,
                kind.name,
                pending[0].action,
                f"{pending[0].key!r} refers to {missing}, which NetBox lacks",
            )
        yield ready
        written = {id(c) for c in ready}
        pending = [c for c in pending if id(c) not in written]


def _batches(changes: list[Change], kind: Kind, size: int) -> list[list[Change]]:
    """Batches of at most ``size``; for a set with a counter on its parent, each batch holds
    children of one parent (see PARENT_FIELD)."""
    groups: dict[str, list[Change]] = {}
    parent = PARENT_FIELD.get(kind.name)
    for change in changes:
        ref = (change.record or {}).get(parent or "") if parent else None
        groups.setdefault(ref.key if isinstance(ref, Ref) else "", []).append(change)
    return [
        group[start : start + size]
        for group in groups.values()
        for start in range(0, len(group), size)
    ]


def _refs(record: Record | None) -> Iterator[Ref]:
    for value in (record or {}).values():
        if isinstance(value, Ref):
            yield value
        elif isinstance(value, list):
            yield from (v for v in value if isinstance(v, Ref))


def _resolvable(record: Record | None, plan: Plan) -> bool:
    return all(ref.key in plan.ids.get(ref.kind, {}) for ref in _refs(record))


def _unresolved(record: Record | None, plan: Plan) -> str:
    return ", ".join(
        f"{ref.kind} {ref.key!r}" for ref in _refs(record) if ref.key not in plan.ids[ref.kind]
    )


def _resolve(value: Any, plan: Plan) -> Any:
    if isinstance(value, Ref) and value.kind == "interfaces":
        return {"object_type": "dcim.interface", "object_id": plan.ids["interfaces"][value.key]}
    if isinstance(value, Ref):
        return plan.ids[value.kind][value.key]
    if isinstance(value, list):
        return [_resolve(v, plan) for v in value]
    return value


def _payload(record: Record | None, plan: Plan) -> dict[str, Any]:
    return {name: _resolve(value, plan) for name, value in (record or {}).items()}


def _update_payload(change: Change, plan: Plan) -> dict[str, Any]:
    payload = {name: _resolve(want, plan) for name, _, want in change.fields}
    payload["id"] = change.current_id
    return payload


def _reason(exc: BaseException) -> str:
    error = getattr(exc, "error", None)  # pynetbox.RequestError carries NetBox's JSON answer
    text = str(error if error else exc)
    try:
        answer = json.loads(text)
    except ValueError:
        answer = None
    if isinstance(answer, dict) and isinstance(answer.get("errors"), list) and answer["errors"]:
        # A refused bulk request repeats the reason per object: say it once, with the count.
        text = f"{answer.get('detail', '')} First: {json.dumps(answer['errors'][0])}"
    return text if len(text) <= 600 else text[:600] + " …"
