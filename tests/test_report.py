"""report.html: self-contained, escaped, with charts, rent-or-buy formula and diagrams."""

from __future__ import annotations

import re
from pathlib import Path

from dcdsl.emit.build import render_files
from dcdsl.pipeline import compile_file, compile_text

ROOT = Path(__file__).resolve().parent.parent

SMALL = """
design "{name}" {{ electricity = 0.08 USD/kWh }}
part s {{ kind = server  gpus = 8  price = 100000 USD  power_max = 10 kW  height = 8 U }}
rack_type t {{ height = 48 U  device s * 2  cooling = rear_door }}
hall "{hall}" {{ rack t * 4 }}
"""


def report_for(text: str) -> str:
    c = compile_text(text, "x.dc")
    assert c.model is not None
    html = render_files(c)["report.html"]
    assert isinstance(html, str)
    return html


def test_design_names_are_escaped() -> None:
    html = report_for(SMALL.format(name="<script>alert(1)</script>", hall="<b>H</b>"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>H</b>" not in html  # the hall name in tables and in the chart's SVG text


def test_report_is_self_contained() -> None:
    html = report_for(SMALL.format(name="pod", hall="H1"))
    # Nothing to fetch: every src/href is a fragment or a data: URI; no <script>, no <link>.
    for attribute in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert attribute.startswith(("#", "data:")), attribute
    assert "<link" not in html and "<script" not in html
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "<svg" in html  # charts inline


def test_seed_report_shows_break_even_with_formula() -> None:
    c = compile_file(ROOT / "designs" / "seed-100k.dc")
    html = render_files(c)["report.html"]
    assert isinstance(html, str)
    assert "u* = owned cost per node-month / cloud price per node-month" in html
    assert "7,600 / 71,000" in html and "10.7 %" in html
    assert "7,600 / 30,000" in html and "25.3 %" in html
    assert "DC-NET-001" in html and "designs/seed-100k.dc:62:1" in html.replace(str(ROOT) + "/", "")
    assert "Capex by category" in html and "Rack density against the cooling limit" in html


def test_diagrams_from_other_emitters_are_embedded() -> None:
    from dcdsl.emit import report

    c = compile_text(SMALL.format(name="pod", hall="H1"), "x.dc")
    files = {"oneline.svg": '<svg xmlns="http://www.w3.org/2000/svg"><text>1</text></svg>'}
    html = report.render(c, files)["report.html"]
    assert isinstance(html, str)
    assert "Electrical one-line" in html and 'src="data:image/svg+xml;base64,' in html


def test_report_is_deterministic() -> None:
    text = SMALL.format(name="pod", hall="H1")
    assert report_for(text) == report_for(text)
