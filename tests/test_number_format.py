"""dcdsl.number_format: hand-chosen cases for each rule (separators, significant figures, unit
switching, per cents, plain CSV numbers, comparison-table figures)."""

from __future__ import annotations

import pytest

from dcdsl import number_format as nf


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1114.5, 1, "1,114.5"),
        (1632.0, 1, "1,632"),  # trailing zeros dropped
        (2.50, 3, "2.5"),
        (1_500_000_000, 0, "1,500,000,000"),
        (0.004, 1, "0.004"),  # too small for the decimals: its first figure kept, not 0
        (-0.0, 1, "0"),
        (-0.01, 1, "-0.01"),
        (-1234.56, 1, "-1,234.6"),
        (float("inf"), 1, "inf"),
    ],
)
def test_number(value: float, decimals: int, shown: str) -> None:
    assert nf.number(value, decimals) == shown


@pytest.mark.parametrize(
    ("value", "figures", "shown"),
    [
        (55.1462, 4, "55.15"),
        (1.23864, 4, "1.239"),
        (142.35, 4, "142.4"),  # half up on the decimal text, not the binary float
        (12_345.6, 3, "12,346"),  # never rounds away whole units
        (127_500.0, 4, "127,500"),  # no exponent (`{:.4g}` gave 1.275e+05)
        (0.012345, 2, "0.012"),
        (0.0, 3, "0"),
    ],
)
def test_significant(value: float, figures: int, shown: str) -> None:
    assert nf.significant(value, figures) == shown


@pytest.mark.parametrize(
    ("kw", "shown"),
    [
        (950.0, "950 kW"),
        (1114.5, "1.11 MW"),
        (140_950.0, "141 MW"),
        (1_234_567.0, "1.23 GW"),
        (0.5, "0.5 kW"),
        (None, "—"),
    ],
)
def test_power_switches_unit(kw: float | None, shown: str) -> None:
    assert nf.power(kw) == shown


def test_energy_water_and_volts_switch_unit() -> None:
    assert nf.energy(1_679_653.0) == "1.68 GWh"
    assert nf.energy(999.0) == "999 kWh"
    assert nf.energy(2.5e9) == "2.5 TWh"
    assert nf.water(12_500_000.0) == "12.5 million L"
    assert nf.water(800.0) == "800 L"
    assert nf.volts(415.0) == "415 V"
    assert nf.volts(13_800.0) == "13.8 kV"
    assert nf.volts(138_000.0) == "138 kV"
    assert nf.volts(1_000_000.0) == "1,000 kV"  # `{:.4g}` gave 1e+03 kV


@pytest.mark.parametrize(
    ("usd", "figures", "shown"),
    [
        (55_146_200.0, 4, "55.15 M USD"),
        (9_415_000_000.0, 4, "9.415 B USD"),
        (360_000.0, 4, "360,000 USD"),
        (42.5, 4, "42.5 USD"),  # cents below 100 USD, trailing zero dropped
        (43_373.4, 3, "43,373 USD"),  # whole dollars under a million whatever the figures
        (1_234_567.0, 3, "1.23 M USD"),
    ],
)
def test_usd(usd: float, figures: int, shown: str) -> None:
    assert nf.usd(usd, figures) == shown


def test_dollars_percent_kw_and_plain() -> None:
    assert nf.dollars(1_500_000_000.0) == "1,500,000,000"
    assert nf.dollars(0.1) == "0.10"
    assert nf.dollars(99.0) == "99"
    assert nf.dollars(None) == "—"
    assert nf.percent(0.88) == "88 %"
    assert nf.percent(0.8421) == "84.2 %"
    assert nf.percent(12.5) == "1,250 %"
    assert nf.kw(139.2) == "139.2 kW"
    assert nf.kw(1114.96) == "1,115 kW"
    assert nf.kw(1114.96, 0) == "1,115 kW"
    assert nf.plain(1_500_000.25) == "1500000.25"  # no separator, no exponent: a CSV cell
    assert nf.plain(1e-7) == "0"
    assert nf.plain(2.0) == "2"
    assert nf.plain(None) == ""


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (45_869_760.0, "usd", "$45,869,760"),
        (-1_500.4, "usd", "-$1,500"),
        (1_410.24, "kw", "1,410.2 kW"),
        (1.3, "ratio", "1.300"),
        (1_679_653.4, "kwh", "1,679,653 kWh"),
        (2.5, "count", "2.5"),  # a count that is no whole number keeps two decimals
        (None, "count", "—"),
    ],
)
def test_figure(value: float | None, kind: str, shown: str) -> None:
    assert nf.figure(value, kind) == shown


def test_change_is_signed() -> None:
    assert nf.change(21_097_160.0, "usd") == "+$21,097,160"
    assert nf.change(-10.0, "count") == "-10"
    assert nf.change(-0.283, "ratio") == "-0.283"
    assert nf.change(975.2, "kw") == "+975.2 kW"


def test_ratio_cents_and_coordinates() -> None:
    assert nf.ratio(1.39341) == "1.393"  # PUE: the report's tile and table, diff and compare
    assert nf.ratio(1.3) == "1.300"
    assert nf.ratio(None) == "—"
    assert nf.usd_cents(2.349) == "2.35 USD"
    assert nf.usd_cents(1234.5) == "1,234.50 USD"
    assert nf.coordinate(12.25) == "12.2"  # SVG: no separator, one decimal at most
    assert nf.coordinate(1500.0) == "1500"
    assert nf.coordinate(40.04) == "40"
