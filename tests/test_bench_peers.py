"""The peers in bench/peers.py are given the same racks and nodes as `dcc` (bench/generate.py).

A side-by-side figure means something only if both sides read the same data: every node, in
the same rack, at the same position, with the same serial and power. PyYAML is a dev
dependency; python-hcl2 is a bench-only one, so its check is skipped without it.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from bench.generate import flattened_design, flattened_yaml
from bench.peers import hcl_text, racksdb_text
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import parse

NODES = 11  # not a multiple of four: the last rack is part-filled

Node = tuple[str, str, float, str, float]  # rack, node, position U, serial, power kW


def _dc_nodes() -> list[Node]:
    module = parse(flattened_design(NODES), "flat.dc")
    (hall,) = [s for s in module.statements if isinstance(s, t.Block) and s.kind == "hall"]
    found: list[Node] = []
    for rack in hall.body or ():
        assert isinstance(rack, t.Block) and rack.kind == "rack"
        for device in rack.body or ():
            if not isinstance(device, t.Block):
                continue
            values: dict[str, Any] = {
                a.name: a.value for a in device.body or () if isinstance(a, t.Attribute)
            }
            position, power = values["position"], values["power_max"]
            assert isinstance(position, t.QuantityLit) and position.unit == "U"
            assert isinstance(power, t.QuantityLit) and power.unit == "kW"
            serial = values["serial"]
            assert isinstance(serial, t.String)
            found.append(
                (
                    rack.labels[0].value,
                    device.labels[0].value,
                    position.value,
                    serial.value,
                    power.value,
                )
            )
    return found


def test_yaml_holds_the_same_nodes() -> None:
    data = yaml.load(flattened_yaml(NODES), Loader=yaml.SafeLoader)
    nodes = [
        (
            rack["name"],
            d["name"],
            _number(d["position"], "U"),
            d["serial"],
            _number(d["power_max"], "kW"),
        )
        for hall in data["halls"]
        for rack in hall["racks"]
        for d in rack["devices"]
    ]
    assert nodes == _dc_nodes()


def _number(text: str, unit: str) -> float:
    value, written = text.split()
    assert written == unit
    return float(value)


def test_racksdb_database_places_the_same_nodes() -> None:
    data = yaml.safe_load(racksdb_text(NODES))
    placed = [
        (part["rack"], node["name"], node["slot"])
        for infrastructure in data["infrastructures"]
        for part in infrastructure["layout"]
        for node in part["nodes"]
    ]
    assert placed == [(rack, node, position) for rack, node, position, _, _ in _dc_nodes()]
    racks = [
        rack["name"]
        for room in data["datacenters"][0]["rooms"]
        for row in room["rows"]
        for rack in row["racks"]
    ]
    assert racks == sorted({rack for rack, *_ in _dc_nodes()})


def test_hcl_holds_the_same_nodes() -> None:
    hcl2 = pytest.importorskip("hcl2")  # a bench-only dependency
    data = hcl2.loads(hcl_text(NODES))
    nodes = []
    for hall in data["hall"]:
        for body in hall.values():
            for rack in body["rack"]:
                for rack_name, rack_body in rack.items():
                    for device in rack_body["device"]:
                        for _part, named in device.items():
                            for name, d in named.items():
                                nodes.append(
                                    (
                                        _unquote(rack_name),
                                        _unquote(name),
                                        float(d["position_u"]),
                                        _unquote(d["serial"]),
                                        float(d["power_max_kw"]),
                                    )
                                )
    assert nodes == _dc_nodes()


def _unquote(text: str) -> str:
    """python-hcl2 keeps the quotes of block labels and strings."""
    return text[1:-1] if text.startswith('"') and text.endswith('"') else text
