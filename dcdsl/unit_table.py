"""pint's answers for the units designs use, so that a check need not build pint's
registry (half a second per process). Made by `python -m dcdsl.units && ruff format`; do not edit:
a test checks each entry against pint."""

UNITS: dict[str, tuple[float, float, tuple[tuple[str, int], ...]]] = {
    "A": (1.0, 0.0, (("current", 1),)),
    "B": (8.0, 0.0, (("information", 1),)),
    "B/s": (
        8.0,
        0.0,
        (
            ("information", 1),
            ("time", -1),
        ),
    ),
    "BTU/hour": (
        0.2930711111111111,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "EB": (8e18, 0.0, (("information", 1),)),
    "GB": (8000000000.0, 0.0, (("information", 1),)),
    "GB/s": (
        8000000000.0,
        0.0,
        (
            ("information", 1),
            ("time", -1),
        ),
    ),
    "GJ": (
        1000000000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -2),
        ),
    ),
    "GL": (1000000.0000000002, 0.0, (("length", 3),)),
    "GW": (
        1000000000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "GWh": (
        3600000000000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -2),
        ),
    ),
    "Gb/s": (
        1000000000.0,
        0.0,
        (
            ("information", 1),
            ("time", -1),
        ),
    ),
    "Hz": (1.0, 0.0, (("time", -1),)),
    "J": (
        1.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -2),
        ),
    ),
    "J/(kg*K)": (
        1.0,
        0.0,
        (
            ("length", 2),
            ("temperature", -1),
            ("time", -2),
        ),
    ),
    "K": (1.0, 0.0, (("temperature", 1),)),
    "L": (0.0010000000000000002, 0.0, (("length", 3),)),
    "L/kWh": (
        2.777777777777778e-10,
        0.0,
        (
            ("length", 1),
            ("mass", -1),
            ("time", 2),
        ),
    ),
    "L/min": (
        1.666666666666667e-05,
        0.0,
        (
            ("length", 3),
            ("time", -1),
        ),
    ),
    "MJ": (
        1000000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -2),
        ),
    ),
    "ML": (1000.0000000000002, 0.0, (("length", 3),)),
    "MUSD": (1000000.0, 0.0, (("currency", 1),)),
    "MUSD/MW": (
        1.0,
        0.0,
        (
            ("currency", 1),
            ("length", -2),
            ("mass", -1),
            ("time", 3),
        ),
    ),
    "MVA": (
        1000000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "MW": (
        1000000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "MWh": (
        3600000000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -2),
        ),
    ),
    "Mb/s": (
        1000000.0,
        0.0,
        (
            ("information", 1),
            ("time", -1),
        ),
    ),
    "PB": (8000000000000000.0, 0.0, (("information", 1),)),
    "Pb/s": (
        1000000000000000.0,
        0.0,
        (
            ("information", 1),
            ("time", -1),
        ),
    ),
    "TB": (8000000000000.0, 0.0, (("information", 1),)),
    "TB/s": (
        8000000000000.0,
        0.0,
        (
            ("information", 1),
            ("time", -1),
        ),
    ),
    "TR": (
        3516.8533333333335,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "TWh": (
        3600000000000000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -2),
        ),
    ),
    "Tb/s": (
        1000000000000.0,
        0.0,
        (
            ("information", 1),
            ("time", -1),
        ),
    ),
    "U": (0.04445, 0.0, (("length", 1),)),
    "USD": (1.0, 0.0, (("currency", 1),)),
    "USD/(GB/s)": (
        1.25e-10,
        0.0,
        (
            ("currency", 1),
            ("information", -1),
            ("time", 1),
        ),
    ),
    "USD/GB": (
        1.25e-10,
        0.0,
        (
            ("currency", 1),
            ("information", -1),
        ),
    ),
    "USD/MWh": (
        2.7777777777777777e-10,
        0.0,
        (
            ("currency", 1),
            ("length", -2),
            ("mass", -1),
            ("time", 2),
        ),
    ),
    "USD/hour": (
        0.0002777777777777778,
        0.0,
        (
            ("currency", 1),
            ("time", -1),
        ),
    ),
    "USD/kW": (
        0.001,
        0.0,
        (
            ("currency", 1),
            ("length", -2),
            ("mass", -1),
            ("time", 3),
        ),
    ),
    "USD/kW/month": (
        3.8025705376834746e-10,
        0.0,
        (
            ("currency", 1),
            ("length", -2),
            ("mass", -1),
            ("time", 2),
        ),
    ),
    "USD/kWh": (
        2.7777777777777776e-07,
        0.0,
        (
            ("currency", 1),
            ("length", -2),
            ("mass", -1),
            ("time", 2),
        ),
    ),
    "USD/month": (
        3.802570537683474e-07,
        0.0,
        (
            ("currency", 1),
            ("time", -1),
        ),
    ),
    "USD/year": (
        3.168808781402895e-08,
        0.0,
        (
            ("currency", 1),
            ("time", -1),
        ),
    ),
    "V": (
        1.0,
        0.0,
        (
            ("current", -1),
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "VA": (
        1.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "W": (
        1.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "W/m^2": (
        1.0,
        0.0,
        (
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "Wh": (
        3600.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -2),
        ),
    ),
    "day": (86400.0, 0.0, (("time", 1),)),
    "degC": (1.0, 273.15, (("temperature", 1),)),
    "degF": (0.5555555555555429, 255.37222222222223, (("temperature", 1),)),
    "ft": (0.30479999999999996, 0.0, (("length", 1),)),
    "h": (3600.0, 0.0, (("time", 1),)),
    "hour": (3600.0, 0.0, (("time", 1),)),
    "in": (0.0254, 0.0, (("length", 1),)),
    "kA": (1000.0, 0.0, (("current", 1),)),
    "kJ": (
        1000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -2),
        ),
    ),
    "kUSD": (1000.0, 0.0, (("currency", 1),)),
    "kV": (
        1000.0,
        0.0,
        (
            ("current", -1),
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "kVA": (
        1000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "kW": (
        1000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "kW/m^2": (
        1000.0,
        0.0,
        (
            ("mass", 1),
            ("time", -3),
        ),
    ),
    "kWh": (
        3600000.0,
        0.0,
        (
            ("length", 2),
            ("mass", 1),
            ("time", -2),
        ),
    ),
    "kg": (1.0, 0.0, (("mass", 1),)),
    "kg/m^2": (
        1.0,
        0.0,
        (
            ("length", -2),
            ("mass", 1),
        ),
    ),
    "km": (1000.0, 0.0, (("length", 1),)),
    "lb": (0.4535923700000001, 0.0, (("mass", 1),)),
    "m": (1.0, 0.0, (("length", 1),)),
    "m^2": (1.0, 0.0, (("length", 2),)),
    "m^3/h": (
        0.0002777777777777778,
        0.0,
        (
            ("length", 3),
            ("time", -1),
        ),
    ),
    "min": (60.0, 0.0, (("time", 1),)),
    "mm": (0.001, 0.0, (("length", 1),)),
    "mm^2": (1e-06, 0.0, (("length", 2),)),
    "month": (2629800.0, 0.0, (("time", 1),)),
    "ms": (0.001, 0.0, (("time", 1),)),
    "percent": (0.01, 0.0, ()),
    "s": (1.0, 0.0, (("time", 1),)),
    "t": (1000.0, 0.0, (("mass", 1),)),
    "us": (1e-06, 0.0, (("time", 1),)),
    "year": (31557600.0, 0.0, (("time", 1),)),
}

NOT_UNITS: frozenset[str] = frozenset(
    ("allow", "because", "false", "import", "let", "require", "true")
)
