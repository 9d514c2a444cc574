"""The standard parts catalogue: every std module elaborates cleanly, every part is complete and
sourced, figures match ../shared/domain.md, and the derived figures follow their formulas."""

from __future__ import annotations

import math
from collections import Counter
from importlib import resources

import pytest

from dcdsl.catalog.query import load_catalog, price_confidence
from dcdsl.elaborate import elaborate_text, schema
from dcdsl.elaborate.loader import std_modules
from dcdsl.model import Part
from dcdsl.model.parts import stated
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import parse

# domain.md §1 row 6: the standard three-phase kVA sizes.
ANSI_KVA = "15 30 45 75 112.5 150 225 300 500 750 1000 1500 2000 2500 3750 5000 7500 10000"
IEC_KVA = "100 160 200 250 315 400 500 630 800 1000 1250 1600 2000 2500 3150"
ANSI = tuple(float(x) for x in ANSI_KVA.split())
IEC = tuple(float(x) for x in IEC_KVA.split())


def _elaborate(text: str) -> tuple[dict[str, Part], list[str]]:
    model, diagnostics = elaborate_text('design "t" { }\n' + text)
    messages = [f"{d.code}: {d.message}" for d in diagnostics]
    return ({} if model is None else model.parts), messages


@pytest.fixture(scope="module")
def parts() -> dict[str, Part]:
    return {e.part.name: e.part for e in load_catalog()}


def _module_text(name: str) -> str:
    folder = resources.files("dcdsl.catalog").joinpath("std")
    return folder.joinpath(name.removeprefix("std/") + ".dc").read_text(encoding="utf-8")


# --- every module, every part -----------------------------------------------------------------------


def test_the_library_has_the_modules_designs_import() -> None:
    names = "nvidia amd intel compute network storage cloud power cooling racks facility all"
    expected = {f"std/{name}" for name in names.split()}
    assert expected <= set(std_modules())


@pytest.mark.parametrize("module", std_modules())
def test_each_module_elaborates_alone_without_diagnostics(module: str) -> None:
    parts, messages = _elaborate(f'import "{module}"')
    assert messages == []
    assert parts or module in ("std/facility", "std/all")


def test_all_modules_together_without_diagnostics() -> None:
    # std/all and std/facility import modules that are also imported directly: each is read once.
    imports = "\n".join(f'import "{m}"' for m in std_modules())
    parts, messages = _elaborate(imports)
    assert messages == []
    assert len(parts) >= 120


def test_no_part_name_is_defined_in_two_modules() -> None:
    defined: Counter[str] = Counter()
    for module in std_modules():
        tree = parse(_module_text(module), f"<{module}>")
        defined.update(
            s.type_ref for s in tree.statements if isinstance(s, t.Block) and s.kind == "part"
        )
    assert [name for name, n in defined.items() if n > 1] == []
    assert len(defined) >= 120


def test_every_part_has_a_kind_source_and_confidence(parts: dict[str, Part]) -> None:
    for part in parts.values():
        assert part.kind in schema.PART_KINDS, part.name
        assert str(part.specs.source or "").strip(), f"{part.name} has no source"
        assert part.specs.confidence in schema.CONFIDENCE, f"{part.name} has no confidence"
        assert str(part.specs.description or "").strip(), f"{part.name} has no description"


def test_every_part_is_priced_and_estimates_say_so(parts: dict[str, Part]) -> None:
    for part in parts.values():
        if part.kind == "cloud_instance":
            assert (part.specs.price_on_demand or 0) > 0, part.name
            continue
        assert (part.specs.price or 0) > 0, f"{part.name} has no price"
        basis = str(part.specs.price_basis or "")
        tag = price_confidence(part)
        if tag in ("estimate", "derived"):
            assert basis, f"{part.name}: an estimated price needs its basis in price_basis"
        # A basis that calls itself an estimate must be tagged as one, so BOMs show it.
        assert basis.startswith("estimate") == (tag == "estimate"), part.name


def test_every_value_is_a_known_spec_in_its_canonical_unit(parts: dict[str, Part]) -> None:
    for part in parts.values():
        for attr, value in stated(part.specs).items():
            spec = schema.PART_SPECS[attr]  # a KeyError here is an unknown attribute
            if spec.type == "quantity":
                assert isinstance(value, float) and math.isfinite(value), (part.name, attr)
            if spec.type == "int":
                assert isinstance(value, int) and value >= 0, (part.name, attr)
            if spec.type == "part":
                assert isinstance(value, Part), (part.name, attr)


def test_a_wrong_dimension_in_a_part_is_a_diagnostic() -> None:
    # The check the catalogue relies on: a unit of the wrong dimension does not pass silently.
    _, messages = _elaborate(
        'part bad { kind = server  power_max = 10 U  source = "x"  confidence = estimate }'
    )
    assert messages and "power_max" in " ".join(messages)


# --- figures from domain.md ----------------------------------------------------------------------


def test_dgx_figures_match_domain(parts: dict[str, Part]) -> None:
    h100, h200, b200 = parts["dgx_h100"], parts["dgx_h200"], parts["dgx_b200"]
    assert (h100.specs.power_max, h100.specs.height, h100.specs.gpus) == (10.2, 8.0, 8)
    assert (h200.specs.power_max, h200.specs.height) == (10.2, 8.0)  # inherited via extends
    assert h200.base is h100 and h200.specs.gpu.name == "h200_sxm"
    assert (b200.specs.power_max, b200.specs.height, b200.specs.weight) == (14.3, 10.0, 142.4)
    assert (b200.specs.psus, b200.specs.psu_rating, str(b200.specs.psu_redundancy)) == (
        6,
        3.3,
        "N+1",
    )
    assert (h100.specs.psus, str(h100.specs.psu_redundancy)) == (6, "N+2")  # 4 + 2
    # 8 CX-7 NICs behind 4 twin-port OSFP cages (domain.md §2)
    assert (h100.specs.nics, h100.specs.node_transceivers, h100.specs.nic_speed) == (8, 4, 400.0)
    # DGX B300: 4 per rack at ≈ 56 kW
    assert 4 * parts["dgx_b300"].specs.power_max == pytest.approx(56, abs=1)


def test_gpu_figures_match_domain(parts: dict[str, Part]) -> None:
    h100, h200, b200 = parts["h100_sxm"], parts["h200_sxm"], parts["b200"]
    assert (h100.specs.tdp, h100.specs.gpu_memory, h100.specs.memory_bandwidth) == (
        0.7,
        80.0,
        3350.0,
    )
    assert h100.specs.fp8_tflops_sparse == 2 * h100.specs.fp8_tflops == 3958
    assert (h200.specs.tdp, h200.specs.gpu_memory, h200.specs.memory_bandwidth) == (
        0.7,
        141.0,
        4800.0,
    )
    assert parts["h200_nvl"].specs.tdp == 0.6
    assert (b200.specs.tdp, b200.specs.gpu_memory) == (1.0, 180.0)
    assert 8 * b200.specs.gpu_memory == 1440  # DGX B200: 1,440 GB / 8
    for name in ("mi300x", "gaudi3", "gb200", "b300"):
        assert parts[name].kind == "gpu" and parts[name].specs.tdp > 0


def test_gb200_nvl72_matches_domain(parts: dict[str, Part]) -> None:
    rack = parts["gb200_nvl72"]
    assert (rack.specs.gpus, rack.specs.nodes, rack.specs.cpus) == (72, 18, 36)
    assert rack.specs.nics == 18 * 4 and rack.specs.node_transceivers == 72
    assert rack.specs.power_max == 132 and rack.specs.power_typical == 120
    assert rack.specs.weight == pytest.approx(1360)
    assert 2_000_000 <= rack.specs.price <= 3_000_000  # the seed's $2–3 M
    # SU = 8 racks = 576 GPUs (domain.md §3)
    assert 8 * rack.specs.gpus == 576


def test_switch_figures_match_domain(parts: dict[str, Part]) -> None:
    qm = parts["qm9700"]
    assert (qm.specs.ports, qm.specs.port_speed, qm.specs.cages, qm.specs.height) == (
        64,
        400.0,
        32,
        1.0,
    )
    assert parts["qm9790"].specs.ports == 64
    q3400 = parts["q3400"]
    assert (q3400.specs.ports, q3400.specs.port_speed) == (144, 800.0)
    # domain.md §1 row 19: two-tier limit r²/2 and three-tier limit r³/4
    assert qm.specs.ports**2 // 2 == 2048 and qm.specs.ports**3 // 4 == 65536
    assert q3400.specs.ports**2 // 2 == 10368 and q3400.specs.ports**3 // 4 == 746496
    # QM9700 power is not in domain.md: the part must say where its value comes from.
    assert "not retrieved" in qm.specs.note and "manual" in qm.specs.note
    # Where no power was found the part leaves it unset and says so.
    for name in ("q3400", "sn5600"):
        assert parts[name].specs.power_max is None and "power" in parts[name].specs.note
    # The management switches of the SuperPOD designs carry a power estimate, marked as one.
    for name in ("sn4600c", "sn2201"):
        part = parts[name]
        assert part.specs.power_max is not None and part.specs.confidence == "estimate"
        assert "power_max is an estimate" in part.specs.note


def test_optics_and_cables_match_domain(parts: dict[str, Part]) -> None:
    for name in ("mma4z00_ns", "mms4x00_ns"):
        twin = parts[name]
        assert (twin.specs.ports, twin.specs.port_speed, twin.specs.power_max) == (
            2,
            400.0,
            0.017,
        )
    assert parts["mma4z00_ns"].specs.reach == 50 and parts["mms4x00_ns"].specs.reach == 100
    for name in ("mma4z00_ns400", "mms4x00_ns400"):
        assert (parts[name].specs.ports, parts[name].specs.power_max) == (1, 0.009)
    assert parts["mma4z00_ns400"].specs.power_typical == 0.008
    for name in ("mcp7y00_n001", "mcp7y00_n002"):
        dac = parts[name]
        assert (dac.specs.medium, dac.specs.power_max) == ("dac", 0.0)
        assert 1 <= dac.specs.length <= 2
    assert parts["mca4j80_n003"].specs.medium == "acc"


def test_rack_pdus_match_domain(parts: dict[str, Part]) -> None:
    # domain.md §1 row 3: 415 V/60 A 43.1 kVA, 34.5 kW usable; 208 V/60 A 21.6 / 17.3; 400 V/32 A 22.2
    assert parts["pdu_415v_60a"].specs.rating == 43.1
    assert 0.8 * parts["pdu_415v_60a"].specs.rating == pytest.approx(34.5, abs=0.05)
    assert parts["pdu_208v_60a"].specs.rating == 21.6
    assert 0.8 * parts["pdu_208v_60a"].specs.rating == pytest.approx(17.3, abs=0.05)
    assert parts["pdu_400v_32a"].specs.rating == 22.2
    for name in ("pdu_208v_30a", "pdu_415v_30a", "pdu_400v_63a"):
        assert parts[name].kind == "rack_pdu"


def _distribution_transformers(parts: dict[str, Part]) -> list[Part]:
    """The `tx_<size>kva` series (the substation transformer `tx_80mva_138kv` is apart)."""
    return [p for p in parts.values() if p.kind == "transformer" and p.name.endswith("kva")]


def test_transformers_are_exactly_the_standard_sizes(parts: dict[str, Part]) -> None:
    ratings = sorted(p.specs.rating for p in _distribution_transformers(parts))
    assert ratings == sorted(set(ANSI) | set(IEC))
    assert "tx_2500kva" in parts and "tx_112_5kva" in parts
    assert "tx_3000kva" not in parts  # on neither list (IEEE C57.12.00, IEC 60076-1 R10)
    for size in ANSI:
        assert "ANSI" in parts[f"tx_{size:g}kva".replace(".", "_")].specs.standard
    for size in IEC:
        assert "IEC" in parts[f"tx_{size:g}kva"].specs.standard


def test_ups_cdu_and_cooling_figures(parts: dict[str, Part]) -> None:
    ups = sorted(p.specs.rating_kw for p in parts.values() if p.kind == "ups")
    assert ups[0] == 10 and ups[-1] == 1500 and {20, 40, 100, 250, 500, 1250} <= set(ups)
    # small UPS carry a part-load curve, lower at light load
    small = parts["ups_10kva"].specs
    curve = [small.efficiency_25, small.efficiency_50, small.efficiency_75, small.efficiency]
    assert curve == sorted(curve) and curve[0] < curve[-1]
    # single-phase rack PDUs: S = V × I (230 V × 16 A = 3.68 kVA; 208 V × 30 A = 6.24 kVA)
    assert parts["pdu_230v_16a_1ph"].specs.rating == pytest.approx(3.68)
    assert parts["pdu_208v_30a_1ph"].specs.rating == pytest.approx(6.24)
    assert parts["pdu_208v_30a_1ph"].specs.phases == 1
    # CRAC / DX units: heat / COP plus fans
    crac = parts["crac_dx_25kw"]
    assert crac.kind == "crac" and crac.specs.cop == 3 and crac.specs.fan_power == 1.5
    # H200 NVL has its own (lower) compute: FP8 3,341 / BF16 1,671 TFLOPS with sparsity
    nvl = parts["h200_nvl"]
    assert (nvl.specs.fp8_tflops_sparse, nvl.specs.fp8_tflops, nvl.specs.bf16_tflops) == (
        3341,
        1670.5,
        835.5,
    )
    # Gaudi 3: $125,000 per kit of 8 (Intel, June 2024) = $15,625 each
    assert parts["gaudi3"].specs.price == 125_000 / 8
    assert (parts["cdu_2300kw"].specs.capacity, parts["cdu_2300kw"].specs.approach) == (2300, 4)
    assert parts["cdu_1350kw"].specs.approach == 4
    assert parts["cdu_inrack_100kw"].specs.capacity == 100
    assert parts["cdu_600kw"].specs.capacity == 600
    # 1 refrigeration ton = 12,000 BTU/h = 3.517 kW
    assert parts["chiller_wc_1000tr"].specs.capacity == pytest.approx(3516.85, abs=0.01)
    assert 6 <= parts["chiller_wc_1000tr"].specs.cop <= 7


def test_cloud_instance_matches_the_seed(parts: dict[str, Part]) -> None:
    p5 = parts["aws_p5_48xlarge"]
    # on demand cut 44 % from 1 June 2025 (AWS News Blog, 2025-06-05): 98.32 × 0.56
    assert p5.specs.price_on_demand == pytest.approx(98.32 * 0.56, abs=0.005)
    old = parts["aws_p5_48xlarge_2025q1"]
    assert old.specs.price_on_demand == 98.32
    assert old.specs.price_on_demand * 8760 == pytest.approx(861_283, abs=1)
    # $30,000 per month reserved, stored per hour (a month is 8,766 h / 12 = 730.5 h)
    assert p5.specs.price_reserved * 8766 / 12 == pytest.approx(30_000, rel=1e-9)
    assert p5.specs.term == 3 and p5.specs.gpu.name == "h100_sxm"


def test_enclosures(parts: dict[str, Part]) -> None:
    heights = {p.specs.height for p in parts.values() if p.kind == "rack"}
    assert {42, 48, 52} <= heights


# --- derived figures follow their formulas ---------------------------------------------------------


def test_three_phase_ratings_follow_s_equals_root3_v_i(parts: dict[str, Part]) -> None:
    checked = 0
    for part in parts.values():
        if part.specs.phases == 3 and part.specs.voltage and part.specs.current:
            expected_kva = math.sqrt(3) * part.specs.voltage * part.specs.current / 1000
            assert part.specs.rating == pytest.approx(expected_kva, abs=0.05), part.name
            checked += 1
    assert checked >= 15


def test_generator_kva_is_kw_over_power_factor(parts: dict[str, Part]) -> None:
    for part in (p for p in parts.values() if p.kind == "generator"):
        assert part.specs.rating == pytest.approx(part.specs.rating_kw / part.specs.power_factor)


def test_transformer_prices_follow_their_planning_curve(parts: dict[str, Part]) -> None:
    for part in _distribution_transformers(parts):
        expected = round(3000 * (part.specs.rating / 15) ** 0.82, -2)
        assert part.specs.price == expected, part.name
    assert parts["tx_2500kva"].specs.price == pytest.approx(200_000, rel=0.01)


def test_chiller_power_is_capacity_over_cop(parts: dict[str, Part]) -> None:
    for part in (p for p in parts.values() if p.kind == "chiller"):
        assert part.specs.power_max == pytest.approx(part.specs.capacity / part.specs.cop, rel=0.01)


def test_crah_airflow_follows_the_air_heat_equation(parts: dict[str, Part]) -> None:
    # V = P / (ρ c_p ΔT) with ρ = 1.2 kg/m³, c_p = 1.005 kJ/(kg·K), ΔT = 12 K, in m³/h
    for part in (p for p in parts.values() if p.kind == "crah"):
        expected = part.specs.capacity / (1.2 * 1.005 * 12) * 3600
        assert part.specs.airflow == pytest.approx(expected, rel=0.01), part.name
    # 158 CFM per kW at ΔT 20 °F (domain.md §1 row 11): 100 kW at 11.1 K ≈ 15,800 CFM
    cfm = 100 / (1.2 * 1.005 * 20 / 1.8) * 2118.88  # m³/s → CFM
    assert cfm == pytest.approx(15_800, rel=0.01)


def test_cooling_tower_water_use_is_evaporation_plus_blowdown(parts: dict[str, Part]) -> None:
    evaporation = 3.6 / 2.43  # L per kWh of heat: 3.6 MJ over 2.43 MJ/kg latent heat
    expected = evaporation * (1 + 1 / (4 - 1))  # blowdown at 4 cycles of concentration
    assert parts["cooling_tower_5000kw"].specs.water_use == pytest.approx(expected, rel=0.01)
    assert parts["dry_cooler_1000kw"].specs.water_use == 0


def test_storage_blocks_are_priced_per_capacity(parts: dict[str, Part]) -> None:
    for part in (p for p in parts.values() if p.kind == "storage_system"):
        assert part.specs.read > 0 and part.specs.write > 0, part.name
        if part.specs.price_per_capacity is not None:
            usable_gb = part.specs.usable_capacity * 1000
            assert part.specs.price == pytest.approx(usable_gb * part.specs.price_per_capacity), (
                part.name
            )
    assert parts["pfs_hybrid"].specs.price_per_capacity == 0.10  # the seed's figure
    # the seed's storage line: 50,000 TB at $0.10/GB is $5 M, not $500 M (domain.md §4 item 4)
    assert 50_000 * 1000 * parts["pfs_hybrid"].specs.price_per_capacity == pytest.approx(5e6)


def test_dgx_price_estimates_are_gpus_plus_chassis(parts: dict[str, Part]) -> None:
    for name in ("dgx_h100", "dgx_h200", "dgx_b200", "dgx_b300"):
        dgx = parts[name]
        gpus, gpu = dgx.specs.gpus, dgx.specs.gpu
        assert dgx.specs.price_includes_gpus is True
        assert dgx.specs.price == gpus * gpu.specs.price + gpus * 15_000, name
    # not $199,000: that was the DGX A100 launch price (domain.md §4 item 21)
    assert parts["dgx_h100"].specs.price != 199_000


def test_chassis_only_servers_price_per_gpu_slot(parts: dict[str, Part]) -> None:
    chassis = [
        p for p in parts.values() if p.kind == "server" and p.specs.price_includes_gpus is False
    ]
    assert len(chassis) >= 4
    for part in chassis:
        assert part.specs.price == part.specs.gpus * part.specs.price_per_gpu_slot, part.name
    # domain.md §4 items 1–2: 100,000 GPUs at $30,000 = $3.0 B; $15,000 per slot × 100,000 = $1.5 B
    h100 = parts["hgx_h100_8gpu"]
    assert 100_000 * h100.specs.gpu.specs.price == 3.0e9
    assert 100_000 * h100.specs.price_per_gpu_slot == 1.5e9
