"""`dcc export netbox` and the sync plan, without a NetBox server.

The live test against a real NetBox is `make test-netbox` (tests/netbox/run.py).
"""

from __future__ import annotations

import csv
import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dcdsl.cli import main
from dcdsl.export.cabling import FabricPorts, LinkTier, SwitchTier
from dcdsl.export.netbox_files import COLUMNS
from dcdsl.export.objects import KIND_BY_NAME, KINDS, Ref, object_sets, record_key
from dcdsl.export.plan import Current, make_plan, read_current, render_plan
from dcdsl.pipeline import compile_file

ROOT = Path(__file__).resolve().parent.parent
SUPERPOD = ROOT / "designs" / "superpod-h100-4su.dc"
ENTERPRISE = ROOT / "designs" / "enterprise-room.dc"


@pytest.fixture(scope="module")
def superpod_sets():  # type: ignore[no-untyped-def]
    return object_sets(compile_file(SUPERPOD))


def _export(tmp_path: Path, design: Path, name: str = "out") -> tuple[Any, Path]:
    out = tmp_path / name
    result = CliRunner().invoke(main, ["export", "netbox", str(design), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text()), out


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_superpod_export_counts_follow_the_design(tmp_path: Path) -> None:
    manifest, out = _export(tmp_path, SUPERPOD)
    counts = manifest["counts"]
    # 31 racks of 4 DGX + 1 of 3 (127 nodes), 4 network racks of 12 QM9700 (48), 2 management
    # racks (16 QM9700, 8 SN4600C, 8 SN2201, 4 UFM appliances, 4 management servers = 40), the
    # storage (12 appliances, 4 NFS servers) and rack PDUs: 32 GPU racks × 3 (N+1) + 6 other
    # racks × 2 = 108, as the reference architecture's Table 7; each rack PDU is one power feed.
    assert counts["racks"] == 38
    assert counts["devices"] == 127 + 48 + 40 + 16 + 108
    assert counts["power_feeds"] == 108
    # PDU_A and PDU_B, 8 units each: one power panel per unit.
    assert counts["power_panels"] == 16
    # Compute (reference architecture, Table 4): 1,020 node and UFM + 1,024 leaf-spine links;
    # storage: 260 node, UFM (2 splitters) and management + 240 leaf-spine + 48 storage; in-band:
    # 270 node, management and NFS + 24 leaf-spine + 6 leaf-pair ISLs; out-of-band: 127 BMCs +
    # 188 switch, rack-PDU, UFM and management-server ports = 315. One cable per link. Not
    # exported: the 20 uplinks out of the design (4 site-core and 16 OOB-to-in-band).
    assert counts["cables"] == 2044 + 548 + 300 + 315
    # Hall H1 and its rows A–E.
    assert counts["locations"] == 6
    devices = _rows(out, "devices")
    dgx = [d for d in devices if d["device_type"] == "DGX H100"]
    assert len(dgx) == 127
    # Four 8 U nodes stacked from U1 in rack A01.
    assert [d["position"] for d in dgx if d["rack"] == "H1-A01"] == ["1", "9", "17", "25"]
    feeds = _rows(out, "power_feeds")
    a01 = [f for f in feeds if f["rack"] == "H1-A01"]
    assert [f["type"] for f in a01] == ["primary", "redundant", "primary"]
    assert {f["voltage"] for f in a01} == {"415"} and {f["amperage"] for f in a01} == {"60"}
    assert {f["phase"] for f in a01} == {"three-phase"}
    cables = _rows(out, "cables")
    assert {c["length_unit"] for c in cables} == {"m"}
    # multimode optics (compute, storage, in-band beyond 5 m), in-rack 100GbE copper (in-band),
    # the storage systems' 400G → 2 × 200G active optical splitters and RJ45 (out-of-band)
    assert {c["type"] for c in cables} == {"mmf", "dac-passive", "aoc", "cat6a"}


def test_export_matches_summary_json(tmp_path: Path) -> None:
    build = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", str(ENTERPRISE), "-o", str(build)])
    assert result.exit_code == 0, result.output
    summary = json.loads((build / "summary.json").read_text())
    manifest, out = _export(tmp_path, ENTERPRISE)
    assert manifest["counts"]["racks"] == summary["counts"]["racks"] == 20
    cables = sum(f["cables"] for f in summary["fabrics"].values())
    assert manifest["counts"]["cables"] == cables
    servers = [d for d in _rows(out, "devices") if d["role"] == "server"]
    assert len(servers) == summary["counts"]["nodes"] == 176  # 16 × 10 + 4 × 4
    storage = [d for d in _rows(out, "devices") if d["role"] == "storage system"]
    assert len(storage) == 4 * 2  # two NVMe storage nodes in each of the 4 db racks


def test_names_are_unique_and_stable(tmp_path: Path) -> None:
    first, out1 = _export(tmp_path, SUPERPOD, "one")
    second, _out2 = _export(tmp_path, SUPERPOD, "two")
    assert [f["sha256"] for f in first["files"]] == [f["sha256"] for f in second["files"]]
    for kind in (k for k in KINDS if k.csv):
        key = "name" if kind.key == "slug" and kind.name != "tags" else kind.key
        column = "slug" if kind.key == "slug" else key
        keys = [row[column] for row in _rows(out1, kind.name)]
        assert len(keys) == len(set(keys)), kind.name


def test_csv_columns_are_netbox_import_fields(tmp_path: Path) -> None:
    _, out = _export(tmp_path, ENTERPRISE)
    for kind in (k for k in KINDS if k.csv):
        with (out / f"{kind.name}.csv").open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert tuple(header) == COLUMNS[kind.name]
    yaml_text = (out / "device-types" / "generic-tor_25g.yaml").read_text()
    assert 'model: "tor_25g"' in yaml_text and "u_height: 1" in yaml_text


def test_export_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["export", "netbox", str(ENTERPRISE), "-o", str(out)])
    assert result.exit_code == 2
    assert "DC-IO-002" in result.output and "not a NetBox export of dcc" in result.output
    assert (out / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_export_replaces_its_own_previous_export(tmp_path: Path) -> None:
    _, _out = _export(tmp_path, ENTERPRISE, "same")
    _, again = _export(tmp_path, SUPERPOD, "same")
    assert json.loads((again / "manifest.json").read_text())["design"] == "superpod-h100-4su"


def test_netbox_without_pynetbox_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynetbox", None)  # import fails as if not installed
    monkeypatch.setenv("NETBOX_TOKEN", "x")
    result = CliRunner().invoke(
        main, ["netbox", "sync", str(ENTERPRISE), "--url", "http://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert "pip install 'dcdsl[netbox]'" in result.output
    assert "Traceback" not in result.output


def test_netbox_without_a_token_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NB_TOKEN", raising=False)
    result = CliRunner().invoke(
        main,
        [
            "netbox",
            "drift",
            str(ENTERPRISE),
            "--url",
            "http://127.0.0.1:9",
            "--token-env",
            "NB_TOKEN",
        ],
    )
    assert result.exit_code == 2 and "NB_TOKEN" in result.output


# --- the plan, against NetBox's objects as the REST API returns them -------------------------


def _as_netbox(sets: Any) -> dict[str, Current]:
    """What NetBox would return after applying every record: ids, nested refs, choices."""
    ids: dict[str, dict[str, int]] = {}
    objects: dict[str, list[dict[str, Any]]] = {}
    next_id = 1
    for kind in KINDS:
        objects[kind.name] = []
        for record in sets.records(kind.name):
            obj: dict[str, Any] = {"id": next_id}
            ids.setdefault(kind.name, {})[record_key(kind, record)] = next_id
            next_id += 1
            for name, value in record.items():
                if name.endswith("_terminations"):
                    device, port = value[0].device, value[0].port
                    obj[name] = [
                        {
                            "object_type": "dcim.interface",
                            "object_id": 1,
                            "object": {"device": {"name": device}, "name": port},
                        }
                    ]
                elif isinstance(value, Ref):
                    obj[name] = {"id": ids[value.kind][value.key], "display": value.key}
                elif name == "tags":
                    obj[name] = [{"id": 1, "slug": r.key, "name": r.key} for r in value]
                elif name in ("status", "type", "phase", "supply", "face"):
                    obj[name] = {"value": value, "label": str(value).title()}
                else:
                    obj[name] = value
            if kind.name == "tags":
                obj["tags"] = []
            objects[kind.name].append(obj)
    key_of_id = {k: {i: key for key, i in found.items()} for k, found in ids.items()}
    return {k: read_current(k, objs, sets.tag, key_of_id) for k, objs in objects.items()}


def _desired(sets: Any) -> dict[str, list[dict[str, Any]]]:
    return {k.name: list(sets.records(k.name)) for k in KINDS}


def test_empty_netbox_plans_every_object_as_a_create(superpod_sets: Any) -> None:
    plan = make_plan(_desired(superpod_sets), {}, superpod_sets.tag)
    assert plan.count("create", "racks") == 38
    assert plan.count("create", "cables") == 3207
    assert plan.count("update") == plan.count("delete") == 0
    text = render_plan(plan)
    assert "+ rack 'H1-A01'" in text
    assert "more cables to create" in text
    assert text.rstrip().endswith("0 to delete, 0 left alone.")


def test_a_second_plan_after_applying_is_empty(superpod_sets: Any) -> None:
    current = _as_netbox(superpod_sets)
    plan = make_plan(_desired(superpod_sets), current, superpod_sets.tag)
    assert plan.empty
    assert plan.count("unchanged", "devices") == 339


def test_a_changed_field_is_an_update_and_a_stray_object_a_delete(superpod_sets: Any) -> None:
    current = _as_netbox(superpod_sets)
    current["racks"].by_key["H1-A01"]["u_height"] = 42  # someone edited it in NetBox
    current["racks"].by_key["H1-A01"]["serial"] = "SN1"  # a field dcc does not set: not drift
    stray = {"id": 99999, "name": "H1-Z99", "tags": [{"slug": superpod_sets.tag}]}
    current["racks"].by_key["H1-Z99"] = stray
    current["racks"].managed.add("H1-Z99")
    unmanaged = {"id": 99998, "name": "someone-elses", "tags": []}
    current["racks"].by_key["someone-elses"] = unmanaged
    plan = make_plan(_desired(superpod_sets), current, superpod_sets.tag)
    updates = [c for c in plan.changes["racks"] if c.action == "update"]
    assert [(c.key, c.fields) for c in updates] == [("H1-A01", (("u_height", 42, 48),))]
    deletes = [c.key for c in plan.changes["racks"] if c.action == "delete"]
    assert deletes == ["H1-Z99"]  # never the untagged rack
    assert "~ rack 'H1-A01'\n      u_height: 42 -> 48" in render_plan(plan)


def test_existing_shared_objects_are_used_not_changed(superpod_sets: Any) -> None:
    nvidia = {"id": 7, "name": "Nvidia Corp", "slug": "nvidia", "tags": []}
    current = {"manufacturers": read_current("manufacturers", [nvidia], superpod_sets.tag)}
    plan = make_plan(_desired(superpod_sets), current, superpod_sets.tag)
    assert plan.count("create", "manufacturers") == 1  # only `generic`
    assert plan.count("unchanged", "manufacturers") == 1
    assert plan.ids["manufacturers"]["nvidia"] == 7


# --- the port plan of cables -----------------------------------------------------------------


def test_cable_ends_use_each_port_once_and_ports_exist(superpod_sets: Any) -> None:
    cables = list(superpod_sets.records("cables"))
    refs = [c[f"{side}_terminations"][0] for c in cables for side in "ab"]
    ends = [ref.key for ref in refs]
    assert len(ends) == len(set(ends)) == 2 * 3207  # no port carries two cables (4 networks)
    types = {d["name"]: d["device_type"].key for d in superpod_sets.records("devices")}
    ports = {
        record_key(KIND_BY_NAME["interface_templates"], t)
        for t in superpod_sets.records("interface_templates")
    }
    for ref in refs:
        assert ref.key == f"{ref.device}/{ref.port}"
        assert f"{types[ref.device]}/{ref.port}" in ports, ref.key
    assert {t["type"] for t in superpod_sets.records("interface_templates")} == {
        "400gbase-x-osfp",
        "100gbase-x-qsfp28",
        "1000base-t",
    }


def _ports_by_type(sets: Any) -> dict[str, dict[str, int]]:
    """Device type slug -> fabric -> interface templates, from the export's records."""
    found: dict[str, dict[str, int]] = {}
    for template in sets.records("interface_templates"):
        fabric = template["name"].rsplit("-", 1)[0]
        per_type = found.setdefault(template["device_type"].key, {})
        per_type[fabric] = per_type.get(fabric, 0) + 1
    return found


def test_each_device_type_has_its_own_ports(superpod_sets: Any) -> None:
    ports = _ports_by_type(superpod_sets)
    # DGX H100 (part dgx_h100: nics 8, storage_ports 2, inband_ports 2, mgmt_ports 1): its 8
    # compute ports, 2 storage and 2 in-band ports and the BMC; no port for another device's link.
    assert ports["nvidia-dgx_h100"] == {"compute": 8, "storage": 2, "inband": 2, "oob": 1}
    # The devices that join fabrics by their own ports: a UFM appliance's compute and storage
    # port (fabrics' `ufm = 4` over 4 appliances), a management server's 2 in-band, 1 storage
    # and 1 management port (part mgmt_server), a rack PDU's management port.
    assert ports["nvidia-ufm_appliance"] == {"compute": 1, "storage": 1, "oob": 1}
    assert ports["generic-mgmt_server"] == {"inband": 2, "storage": 1, "oob": 1}
    assert ports["generic-pdu_415v_60a"] == {"oob": 1}
    # Switches: exactly their physical ports by position, named as NVIDIA names them (the part's
    # `port_names`), and their management port, whatever fabric they serve: one QM9700 device
    # type for the compute and the storage fabric.
    templates: dict[str, list[tuple[str, str, bool]]] = {}
    for t in superpod_sets.records("interface_templates"):
        templates.setdefault(t["device_type"].key, []).append(
            (t["name"], t["type"], t["mgmt_only"])
        )
    qm9700 = templates["nvidia-qm9700"]  # 32 twin-port OSFP cages = 64 NDR ports, MLNX-OS names
    assert [n for n, _, _ in qm9700[:3]] == ["IB1/1/1", "IB1/1/2", "IB1/2/1"]
    assert qm9700[63] == ("IB1/32/2", "400gbase-x-osfp", False)
    assert qm9700[64:] == [("mgmt0", "1000base-t", True)]
    sn4600c = templates["nvidia-sn4600c"]  # 64 × 100GbE QSFP28 (Cumulus swp1–swp64)
    assert len(sn4600c) == 65 and sn4600c[0] == ("swp1", "100gbase-x-qsfp28", False)
    assert sn4600c[64] == ("eth0", "1000base-t", True)
    sn2201 = templates["nvidia-sn2201"]  # 48 × 1GbE, then the 4 × 100GbE uplinks
    assert sn2201[47] == ("swp48", "1000base-t", False)
    assert sn2201[48:52] == [(f"swp{n}", "100gbase-x-qsfp28", False) for n in range(49, 53)]
    assert sn2201[52:] == [("eth0", "1000base-t", True)]
    management = {
        t["name"]
        for t in superpod_sets.records("interface_templates")
        if t["mgmt_only"] and t["device_type"].key == "nvidia-dgx_h100"
    }
    assert management == {"oob-1"}  # the BMC


def test_storage_systems_end_on_the_target_leaves(superpod_sets: Any) -> None:
    cables = list(superpod_sets.records("cables"))
    storage = [c for c in cables if c["label"].startswith("storage-storage-leaf")]
    assert len(storage) == 48  # Table 8: 48 storage cables, 12 appliances × 4 ports
    appliances = {c["a_terminations"][0].device for c in storage}
    assert len(appliances) == 12 and all("ra_storage" in a for a in appliances)
    # On the last 4 of the 12 storage leaves (`target_leaves = 4`), 12 ports each, 1:1.
    leaves = sorted({c["b_terminations"][0].device for c in storage})
    assert len(leaves) == 4
    for leaf in leaves:
        down = {
            c["b_terminations"][0].port for c in storage if c["b_terminations"][0].device == leaf
        }
        assert len(down) == 12
        up = [
            c
            for c in cables
            if c["label"].startswith("storage-leaf-spine") and c["a_terminations"][0].device == leaf
        ]
        assert len(up) == 12  # as many uplinks as storage ports
    # The NFS servers' 8 bonded in-band ports, 2 each, are cabled too.
    nfs = [c for c in cables if "nfs_server" in c["a_terminations"][0].device]
    assert len(nfs) == 8 and {c["label"].split("-")[0] for c in nfs} == {"inband"}


def test_only_links_with_an_end_outside_the_design_are_uncabled(superpod_sets: Any) -> None:
    list(superpod_sets.records("cables"))
    # The in-band leaf pairs' 6 ISLs and every UFM, management-server, storage, NFS, PDU and
    # switch port are cabled. Left: the 20 uplinks out of the design (4 in-band spine to site
    # core, 16 OOB leaf to in-band), which have no far end.
    assert superpod_sets.uncabled() == {"inband spine-uplink": 4, "oob leaf-uplink": 16}
    isl = [c for c in superpod_sets.records("cables") if c["label"].startswith("inband-leaf-leaf")]
    ends = [(c["a_terminations"][0].key, c["b_terminations"][0].key) for c in isl]
    assert len(ends) == 6
    # leaf pairs 1-2, 3-4, 5-6 on the ports after each leaf's 58 down and 4 up ports
    assert ends[0] == ("H1-E05-sn4600c-1/swp63", "H1-E05-sn4600c-2/swp63")
    assert {e.rsplit("/", 1)[1] for pair in ends for e in pair} == {"swp63", "swp64"}


def test_port_plan_worked_example() -> None:
    # 4 nodes × 2 rails; 2 leaves of 4 down + 2 up ports; 2 spines: 8 node-leaf, 4 leaf-spine.
    plan = FabricPorts(
        "f",
        ["n1", "n2", "n3", "n4"],
        2,
        [SwitchTier("leaf", ("L1", "L2"), 2, 4, 2), SwitchTier("spine", ("S1", "S2"), 2, 2, 0)],
        [
            LinkTier("node-leaf", 8, (("dac", 3, 8),)),
            LinkTier("leaf-spine", 4, (("optical", 10, 2), ("optical", 5, 2))),
        ],
    )
    links = [(x.a_device, x.a_port, x.b_device, x.b_port, x.length_m) for x in plan.links()]
    assert links == [
        # rail 1 of every node on leaf 1, rail 2 on leaf 2: rail-optimised
        ("n1", "f-1", "L1", "f-1", 3),
        ("n2", "f-1", "L1", "f-2", 3),
        ("n3", "f-1", "L1", "f-3", 3),
        ("n4", "f-1", "L1", "f-4", 3),
        ("n1", "f-2", "L2", "f-1", 3),
        ("n2", "f-2", "L2", "f-2", 3),
        ("n3", "f-2", "L2", "f-3", 3),
        ("n4", "f-2", "L2", "f-4", 3),
        # each leaf's up ports (5, 6) to every spine; shortest lengths first
        ("L1", "f-5", "S1", "f-1", 5),
        ("L1", "f-6", "S2", "f-1", 5),
        ("L2", "f-5", "S1", "f-2", 10),
        ("L2", "f-6", "S2", "f-2", 10),
    ]
    assert plan.uncabled == {}


def test_port_plan_places_other_devices_and_isls() -> None:
    # 2 nodes × 1 port, a UFM with 1 port and a server of 2 ports take the leaves' next down
    # ports; a leaf pair of 3 down ports with 2 ISLs; a storage tier and uplinks stay uncabled.
    plan = FabricPorts(
        "f",
        ["n1", "n2"],
        1,
        [SwitchTier("leaf", ("L1", "L2"), 2, 3, 0)],
        [
            LinkTier("node-leaf", 6, (), "node", "leaf"),
            LinkTier("leaf-leaf (ISL)", 2, (), "leaf", "leaf"),
            LinkTier("storage-leaf", 3, (), "storage", "leaf"),
        ],
        others=[("ufm", 1), ("m", 2)],
    )
    links = [(x.a_device, x.a_port, x.b_device, x.b_port) for x in plan.links()]
    assert links == [
        ("n1", "f-1", "L1", "f-1"),
        ("n2", "f-1", "L1", "f-2"),
        ("ufm", "f-1", "L1", "f-3"),
        ("m", "f-1", "L2", "f-1"),
        ("m", "f-2", "L2", "f-2"),
        ("L1", "f-4", "L2", "f-4"),
        ("L1", "f-5", "L2", "f-5"),
    ]
    assert plan.uncabled == {"node-leaf": 1, "storage-leaf": 3}
    assert plan.ports_of(plan.switches[0]) == 3 + 2


def test_links_to_switches_not_in_racks_are_counted_not_cabled() -> None:
    plan = FabricPorts(
        "f",
        ["n1", "n2"],
        1,
        [SwitchTier("leaf", (), 1, 4, 0)],
        [LinkTier("node-leaf", 2, ())],
    )
    assert list(plan.links()) == []
    assert plan.uncabled == {"node-leaf": 2}


def test_a_cable_moved_in_netbox_is_drift(superpod_sets: Any) -> None:
    current = _as_netbox(superpod_sets)
    cable = current["cables"].by_key["compute-node-leaf-000001"]
    cable["a_terminations"][0]["object"]["name"] = "compute-8"  # re-patched by hand
    plan = make_plan(_desired(superpod_sets), current, superpod_sets.tag)
    assert [c.key for c in plan.changes["cables"]] == ["compute-node-leaf-000001"]
    assert (
        "a_terminations: ['H1-A01-dgx_h100-1/compute-8'] -> ['H1-A01-dgx_h100-1/compute-1']"
        in render_plan(plan)
    )


class _FakeEndpoint:
    """A NetBox list endpoint that stores what it is sent and refuses the n-th create; or
    answers `deadlock detected` to the first requests of one endpoint (rolled back, as
    NetBox's batch transaction is); counts the requests."""

    def __init__(self, app: _FakeApp, name: str) -> None:
        self.app, self.name = app, name
        self.store = app.stores.setdefault(name, [])
        self.refuse_after = app.after if name == app.refuse else None

    def create(self, payload: list[dict[str, Any]]) -> list[Any]:
        with self.app.lock:
            self.app.requests[self.name] = self.app.requests.get(self.name, 0) + 1
            if self.name == self.app.deadlock and self.app.deadlocks > 0:
                self.app.deadlocks -= 1
                raise RuntimeError(
                    '{"error": "deadlock detected", "exception": "OperationalError"}'
                )
            if self.refuse_after is not None and len(self.store) >= self.refuse_after:
                raise RuntimeError(
                    '{"detail": "1 of 2 objects could not be created.", "errors": []}'
                )
            made = []
            for item in payload:
                self.store.append(item)
                made.append(type("Obj", (), {"id": 1000 + len(self.store)})())
            return made

    def filter(self, **query: Any) -> list[Any]:
        self.app.queries.append((self.name, query))
        return []


class _FakeApp:
    """``api.dcim`` / ``api.extras``: one stored list per endpoint; ``refuse`` fails after
    ``after`` objects; ``deadlock``'s first ``deadlocks`` requests fail as deadlocks."""

    def __init__(
        self, refuse: str = "", after: int = 0, deadlock: str = "", deadlocks: int = 0
    ) -> None:
        self.stores: dict[str, list[dict[str, Any]]] = {}
        self.requests: dict[str, int] = {}
        self.queries: list[tuple[str, dict[str, Any]]] = []
        self.refuse, self.after = refuse, after
        self.deadlock, self.deadlocks = deadlock, deadlocks
        self.lock = threading.Lock()

    def __getattr__(self, name: str) -> _FakeEndpoint:
        return _FakeEndpoint(self, name)


def _fake_api(dcim: _FakeApp) -> Any:
    api = type("Api", (), {})()
    api.extras = _FakeApp()
    api.dcim = dcim
    return api


def _plan_up_to_racks(sets: Any) -> Any:
    plan = make_plan(_desired(sets), {}, sets.tag)
    for kind in ("cables", "devices", "power_feeds", "power_panels"):
        plan.changes[kind] = []  # stop at racks: no interfaces to look up here
    return plan


def test_a_refused_batch_stops_with_what_was_applied(superpod_sets: Any) -> None:
    from dcdsl.export.client import ApplyFailure, apply_plan

    api = _fake_api(_FakeApp("racks", 20))  # NetBox refuses the third batch of racks
    plan = _plan_up_to_racks(superpod_sets)
    with pytest.raises(ApplyFailure) as failure:
        apply_plan(api, plan, superpod_sets.site, batch_size=10, workers=1)
    before = [k.name for k in KINDS[: [k.name for k in KINDS].index("racks")]]
    created_before = sum(plan.count("create", name) for name in before)  # tags … locations
    total = created_before + plan.count("create", "racks")
    assert failure.value.applied == created_before + 20  # two batches of racks went through
    assert failure.value.kind == "racks"
    assert f"after {created_before + 20} of {total} changes were applied" in str(failure.value)
    assert len(api.dcim.stores["racks"]) == len(plan.ids["racks"]) == 20


def test_parallel_batches_count_every_batch_that_went_through(superpod_sets: Any) -> None:
    """Several batches in flight when one is refused: the report counts exactly what NetBox
    holds, and the plan knows the id of every object written (the next run resumes there)."""
    from dcdsl.export.client import ApplyFailure, apply_plan

    api = _fake_api(_FakeApp("racks", 15))
    plan = _plan_up_to_racks(superpod_sets)
    with pytest.raises(ApplyFailure) as failure:
        apply_plan(api, plan, superpod_sets.site, batch_size=5, workers=4)
    stored = sum(len(store) for app in (api.extras, api.dcim) for store in app.stores.values())
    assert failure.value.applied == stored
    assert 15 <= len(api.dcim.stores["racks"]) == len(plan.ids["racks"]) < 38
    assert failure.value.kind == "racks"


def test_a_deadlocked_batch_is_sent_again(superpod_sets: Any) -> None:
    from dcdsl.export.client import apply_plan

    # PostgreSQL picks two batches of racks as deadlock victims; NetBox rolls them back.
    api = _fake_api(_FakeApp(deadlock="racks", deadlocks=2))
    plan = _plan_up_to_racks(superpod_sets)
    applied = apply_plan(api, plan, superpod_sets.site, batch_size=10, workers=4)
    assert applied == sum(len(c) for c in plan.changes.values())
    assert len(api.dcim.stores["racks"]) == len(plan.ids["racks"]) == 38
    assert api.dcim.requests["racks"] == 4 + 2  # four batches, two of them sent again


def test_device_batches_hold_one_device_type_each(superpod_sets: Any) -> None:
    """NetBox counts a type's devices on the type's row: a batch of one type locks one row,
    so batches running side by side never wait on each other in a cycle."""
    from dcdsl.export.client import _batches

    plan = make_plan(_desired(superpod_sets), {}, superpod_sets.tag)
    devices = plan.changes["devices"]
    batches = _batches(devices, KIND_BY_NAME["devices"], 50)
    assert all(len({c.record["device_type"].key for c in b}) == 1 for b in batches)
    assert all(len(b) <= 50 for b in batches)
    assert sorted(c.key for b in batches for c in b) == sorted(c.key for c in devices)
    racks = _batches(plan.changes["racks"], KIND_BY_NAME["racks"], 10)
    assert [len(b) for b in racks] == [10, 10, 10, 8]  # no parent counter: plain order


def test_reads_ask_netbox_for_the_fields_the_design_writes(superpod_sets: Any) -> None:
    from dcdsl.export.client import read_all

    api = _fake_api(_FakeApp())
    desired = _desired(superpod_sets)
    keys = {k.name: {record_key(k, r) for r in desired[k.name]} for k in KINDS}
    fields = {name: {f for r in records for f in r} for name, records in desired.items()}
    read_all(api, superpod_sets.tag, superpod_sets.site, keys, fields)
    asked = dict(api.dcim.queries)
    assert set(asked["device_types"]["fields"].split(",")) == {
        "id",
        "tags",
        *fields["device_types"],
    }
    assert "slug" in asked["manufacturers"]["fields"].split(",")


def test_cable_ends_come_from_the_interfaces_and_strays_are_read_whole() -> None:
    """A plan reads each cable's ends from the site's interfaces (their cable and side); a
    cable with a side on no interface of the site is read again with its terminations."""
    from dcdsl.export.client import _attach_cable_ends

    def port(ident: int, device: str, name: str, cable: int | None, side: str) -> dict[str, Any]:
        cabled = {"id": cable} if cable else None
        return {"id": ident, "name": name, "device": {"name": device}, "cable": cabled,
                "cable_end": side}  # fmt: skip

    interfaces = [
        port(1, "n1", "c-1", 10, "A"),
        port(2, "leaf", "c-1", 10, "B"),
        port(3, "n2", "c-1", 11, "A"),  # cable 11's B side is in another site
        port(4, "n2", "c-2", None, ""),
    ]
    cables = read_current("cables", [{"id": 10, "label": "x-1"}, {"id": 11, "label": "x-2"}], "t")
    away = {"object": {"device": {"name": "elsewhere"}, "name": "p"}}
    whole = {"id": 11, "a_terminations": [], "b_terminations": [away]}
    app = _FakeApp()
    app.__dict__["cables"] = type("Cables", (), {"filter": lambda self, **q: [whole]})()
    api = _fake_api(app)
    _attach_cable_ends(api, cables, interfaces)
    first = cables.by_key["x-1"]
    assert [t["object"]["device"]["name"] for t in first["a_terminations"]] == ["n1"]
    assert [t["object"]["device"]["name"] for t in first["b_terminations"]] == ["leaf"]
    assert cables.by_key["x-2"]["b_terminations"] == [away]


@pytest.mark.parametrize("design", [ENTERPRISE, ROOT / "designs" / "gb200-nvl72-su.dc"])
def test_every_cable_end_is_a_port_of_its_device_type(design: Path) -> None:
    # enterprise-room has two server types on one fabric: both types carry the fabric's ports
    # (before, only the first node's type did, and the sync made the other's at cabling time).
    sets = object_sets(compile_file(design))
    types = {d["name"]: d["device_type"].key for d in sets.records("devices")}
    ports = {
        record_key(KIND_BY_NAME["interface_templates"], t)
        for t in sets.records("interface_templates")
    }
    ends = [c[f"{side}_terminations"][0] for c in sets.records("cables") for side in "ab"]
    assert ends
    missing = {f"{types[e.device]}/{e.port}" for e in ends} - ports
    assert missing == set()
