"""`make test-netbox`: sync example designs into a real NetBox and check what it holds.

For each design: `dcc build` (summary.json) and `dcc export netbox` (manifest counts); a plan;
`--apply`; the counts NetBox reports for the design's tag (racks, devices, power feeds, cables)
against summary.json and the export; a second apply whose plan must be empty; `drift` exit 0.
Then drift both ways: an edited design (a rack fewer) and an edit made in NetBox (a rack's
height) must each give exit 1 naming the object; a sync restores NetBox and drift is clean
again. Everything runs against a throw-away NetBox (tests/netbox/harness.py), torn down at
the end whatever happens. Exit 0 when every check passed, 1 when one failed, 2 when the set-up
failed.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import HarnessError, NetBox, log

ROOT = Path(__file__).resolve().parents[2]
DCC = str(Path(sys.executable).parent / "dcc")
DESIGNS = ("designs/enterprise-room.dc", "designs/superpod-h100-4su.dc")
TOKEN_ENV = "DCDSL_TEST_NETBOX_TOKEN"
TIME_LIMIT_S = int(os.environ.get("DCDSL_NETBOX_TIME_LIMIT", "4500"))  # CI allows 90 min in all
EMPTY_PLAN = "Plan: 0 to create, 0 to update, 0 to delete"


class CheckFailed(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
    log(f"ok: {message}")


def dcc(*args: str, expect: int = 0, timeout: float = 3000) -> str:
    env = {**os.environ}
    started = time.monotonic()
    done = subprocess.run(
        [DCC, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    took = time.monotonic() - started
    if done.returncode != expect:
        raise CheckFailed(
            f"dcc {' '.join(args)} exited {done.returncode}, expected {expect} ({took:.0f} s):\n"
            f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )
    log(f"dcc {' '.join(args[:2])} {Path(args[2]).name if len(args) > 2 else ''}: {took:.1f} s")
    return done.stdout + done.stderr


def netbox_counts(url: str, token: str, tag: str, site: str) -> dict[str, int]:
    import pynetbox  # the project's venv has it: make test-netbox installs the extra

    api = pynetbox.api(url, token=token)
    return {
        "racks": api.dcim.racks.count(tag=tag),
        "devices": api.dcim.devices.count(tag=tag),
        "power_feeds": api.dcim.power_feeds.count(tag=tag),
        "cables": api.dcim.cables.count(tag=tag),
        "interfaces": api.dcim.interfaces.count(site=site),
    }


def exported_interfaces(export: Path) -> int:
    """Interfaces the export's devices get: each device its type's templates (device-types/*.yaml
    list them), so a cable end without a template would show as one interface too many."""
    per_type: dict[str, int] = {}
    for path in (export / "device-types").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        model = re.search(r'^model: "?(.*?)"?$', text, re.MULTILINE)
        if model:
            per_type[model.group(1)] = text.count("\n  - name: ")
    with (export / "devices.csv").open(encoding="utf-8") as handle:
        return sum(per_type.get(row["device_type"], 0) for row in csv.DictReader(handle))


def set_rack_height(url: str, token: str, rack: str, height: int) -> None:
    import pynetbox

    api = pynetbox.api(url, token=token)
    found = api.dcim.racks.get(name=rack)
    found.u_height = height
    found.save()


def sync_design(nb: NetBox, design: str, work: Path, report: dict[str, Any]) -> None:
    name = Path(design).stem
    build = work / f"build-{name}"
    dcc("build", design, "-o", str(build), expect=0)
    summary = json.loads((build / "summary.json").read_text())
    export = work / f"export-{name}"
    dcc("export", "netbox", design, "-o", str(export))
    manifest = json.loads((export / "manifest.json").read_text())
    counts = manifest["counts"]
    tag = manifest["managed_tag"]
    connection = ("--url", nb.url, "--token-env", TOKEN_ENV)

    plan = dcc("netbox", "sync", design, *connection)
    check("to create" in plan, f"{name}: the first plan lists creates")
    started = time.monotonic()
    applied = dcc("netbox", "sync", design, *connection, "--apply")
    apply_s = time.monotonic() - started
    check("Applied" in applied, f"{name}: first apply succeeded")

    site = next(csv.DictReader((export / "sites.csv").open(encoding="utf-8")))["slug"]
    found = netbox_counts(nb.url, nb.token, tag, site)
    cables = sum(f["cables"] for f in summary["fabrics"].values())
    check(
        found["racks"] == counts["racks"] == summary["counts"]["racks"],
        f"{name}: racks in NetBox {found['racks']} = export {counts['racks']} = "
        f"summary.json {summary['counts']['racks']}",
    )
    check(
        found["devices"] == counts["devices"],
        f"{name}: devices in NetBox {found['devices']} = export {counts['devices']}",
    )
    check(
        found["power_feeds"] == counts["power_feeds"],
        f"{name}: power feeds in NetBox {found['power_feeds']} = export {counts['power_feeds']}",
    )
    # A link whose far end is not a placed device (an uplink out of the design, a switch the
    # racks do not hold) has no cable: the manifest counts it, so every link is accounted for.
    uncabled = sum(manifest.get("uncabled_links", {}).values())
    check(
        found["cables"] == counts["cables"] == cables - uncabled,
        f"{name}: cables in NetBox {found['cables']} = export {counts['cables']} = "
        f"summary.json {cables} - {uncabled} uncabled "
        f"({', '.join(f'{k}: {n}' for k, n in manifest.get('uncabled_links', {}).items())})",
    )

    interfaces = exported_interfaces(export)
    check(
        found["interfaces"] == interfaces,
        f"{name}: interfaces in NetBox {found['interfaces']} = the export's devices × their "
        f"device types' templates {interfaces} (no port outside a device type)",
    )

    second = dcc("netbox", "sync", design, *connection, "--apply")
    check(EMPTY_PLAN in second, f"{name}: second apply plans nothing (idempotent)")
    dcc("netbox", "drift", design, *connection, expect=0)
    report[name] = {
        "counts": found,
        "summary_racks": summary["counts"]["racks"],
        "summary_cables": cables,
        "apply_s": round(apply_s, 1),
        "first_plan": plan,
    }


def drift_checks(nb: NetBox, work: Path) -> None:
    connection = ("--url", nb.url, "--token-env", TOKEN_ENV)
    # The design changes: row A loses a rack.
    edited = work / "edited" / "enterprise-room.dc"
    edited.parent.mkdir()
    text = (ROOT / "designs/enterprise-room.dc").read_text()
    changed = text.replace('row "A" { rack app_rack * 10 }', 'row "A" { rack app_rack * 9 }')
    check(changed != text, "the drift test found the line it edits in enterprise-room.dc")
    edited.write_text(changed)
    out = dcc("netbox", "drift", str(edited), *connection, expect=1)
    check("- rack 'room1-A10'" in out, "drift after a design edit names the rack to delete")
    check("DC-NETBOX-004" in out, "drift is reported with its code")
    # NetBox changes: someone edits a rack's height by hand.
    set_rack_height(nb.url, nb.token, "H1-A01", 47)
    out = dcc("netbox", "drift", "designs/superpod-h100-4su.dc", *connection, expect=1)
    check(
        re.search(r"~ rack 'H1-A01'\n\s+u_height: 47(\.0)? -> 48", out) is not None,
        "drift after a NetBox edit shows the field, NetBox's value and the design's",
    )
    out = dcc("netbox", "sync", "designs/superpod-h100-4su.dc", *connection, "--apply")
    check("1 to update" in out, "a sync restores the edited rack")
    dcc("netbox", "drift", "designs/superpod-h100-4su.dc", *connection, expect=0)


def main() -> int:
    os.chdir(ROOT)
    started = time.monotonic()
    signal.signal(signal.SIGALRM, _too_long)
    signal.alarm(TIME_LIMIT_S)
    work = Path(tempfile.mkdtemp(prefix="dcdsl-netbox-run-"))
    report: dict[str, Any] = {}
    try:
        with NetBox() as nb:
            os.environ[TOKEN_ENV] = nb.token
            log(f"NetBox {nb.version()} ready after {time.monotonic() - started:.0f} s")
            for design in DESIGNS:
                sync_design(nb, design, work, report)
            drift_checks(nb, work)
            report["setup_s"] = {k: round(v, 1) for k, v in nb.timings.items()}
    except HarnessError as exc:
        print(f"test-netbox: set-up failed: {exc}", file=sys.stderr)
        return 2
    except CheckFailed as exc:
        print(f"test-netbox: FAILED: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        print(
            f"test-netbox: stopped ({exc or 'interrupted'}); everything torn down", file=sys.stderr
        )
        return 2
    finally:
        signal.alarm(0)
        shutil.rmtree(work, ignore_errors=True)
    total = time.monotonic() - started
    for name, figures in report.items():
        if isinstance(figures, dict) and "first_plan" in figures:
            print(f"--- first plan of {name} ---\n{figures.pop('first_plan')}")
    report["total_s"] = round(total, 1)
    print(json.dumps(report, indent=2))
    log(f"test-netbox passed in {total:.0f} s")
    return 0


def _too_long(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"time limit of {TIME_LIMIT_S} s reached")


if __name__ == "__main__":
    sys.exit(main())
