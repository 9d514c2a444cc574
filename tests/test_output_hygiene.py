"""Names in a design are text in every output: control characters never reach a terminal or a
CI log raw, CSV cells are never formulas, Markdown and HTML carry no markup from the design, and
file names made from design names are safe and unique for any length and any character."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dcdsl.cli import main
from dcdsl.diagnostics import (
    SourceFile,
    escape_controls,
    json_dumps,
    render_json,
    render_text_all,
)
from dcdsl.emit.escape import (
    csv_text,
    dot_string,
    file_stem,
    file_stems,
    md_code,
    md_message,
    md_text,
    xml_text,
)
from dcdsl.pipeline import compile_text

ESC = "\x1b]0;pwned\x07\x1b[31m"  # an OSC title change and an ANSI colour
BIDI = "\u202e"  # RIGHT-TO-LEFT OVERRIDE ("Trojan source")
# Raw bytes no output may hold: C0 except tab/LF/CR, DEL, C1, bidi controls, line separators.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
)

HOSTILE = f'''design "evil{ESC}" {{ }}

import "std/nvidia"

rack_type r {{
  height = 48 U
  device dgx_h100 * 4
}}

hall "H 1" {{ rack r * 2 }}
hall "H/1" {{ rack r * 2 }}
hall "H_1" {{ rack r * 2 }}
hall "{ESC}{BIDI}$x^$" {{ rack r * 1 }}

fabric "leaf/spine" {{
  topology  = fat_tree
  endpoints = gpus
  switch    = qm9700
}}
fabric "{"F" * 300}" {{
  topology  = fat_tree
  endpoints = gpus
  switch    = qm9700
}}

cost "=HYPERLINK(\\"http://x\\")" {{
  category    = other
  amount      = 5 USD
  description = "<img src=x onerror=alert(1)> [a](http://x) `b` {ESC}"
}}
cost "-credit" {{ category = other  amount = -5 USD }}
'''


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("hostile")
    design = folder / "evil.dc"
    design.write_text(HOSTILE, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(design), "-o", str(folder / "out")])
    assert result.exit_code == 1, result.output  # the racks are over the air limit: errors
    return folder / "out", result.output


# --- helpers --------------------------------------------------------------------------------------


def test_escape_controls_shows_every_control_visibly() -> None:
    assert escape_controls(f"a{ESC}b{BIDI}\n") == "a\\x1b]0;pwned\\x07\\x1b[31mb\\u202e\\x0a"
    assert escape_controls("line\nnext", keep_newlines=True) == "line\nnext"
    assert escape_controls("plain – text, ü") == "plain – text, ü"


def test_json_keeps_the_string_and_escapes_what_json_leaves_raw() -> None:
    doc = {"name": f"a{BIDI}\x85\u2028{ESC}"}
    text = json_dumps(doc)
    assert not RAW_CONTROL.search(text)
    assert json.loads(text) == doc


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\\x09=1"),
        ("\r=1", "'\\x0d=1"),
        ("rack PDU", "rack PDU"),
        ("a-b", "a-b"),
    ],
)
def test_csv_text_is_never_a_formula(cell: str, shown: str) -> None:
    assert csv_text(cell) == shown


def test_markdown_text_holds_no_markup() -> None:
    shown = md_text("<img src=x onerror=alert(1)> [a](http://x) *b* `c` a|b\nnext & more")
    assert "<" not in shown and ">" not in shown
    assert "\\[a\\](http://x)" in shown and "\\*b\\*" in shown and "\\`c\\`" in shown
    assert "a\\|b" in shown and "\n" not in shown and "&amp; more" in shown


@pytest.mark.parametrize(
    ("text", "span"),
    [("plain", "`plain`"), ("a`b", "``a`b``"), ("`x`", "`` `x` ``"), ("<b>", "`<b>`")],
)
def test_markdown_code_span_holds_any_text(text: str, span: str) -> None:
    assert md_code(text) == span


def test_markdown_message_keeps_code_spans_and_escapes_the_rest() -> None:
    assert md_message("set `pue = 1.3` on <b>") == "set `pue = 1.3` on &lt;b&gt;"
    # An odd backtick (from a name): the unpaired tail is text, escaped; a paired part is code.
    assert md_message("a `b` c ` <b>") == "a `b` c \\` &lt;b&gt;"


def test_xml_text_is_valid_xml() -> None:
    text = xml_text(f'<a href="x">{ESC}&')
    ET.fromstring(f'<t a="{text}">{text}</t>')
    assert not RAW_CONTROL.search(text)


def test_dot_string_is_quoted_and_has_no_graphviz_escapes() -> None:
    assert dot_string('a"b\\N') == '"a\\"b\\\\N"'
    assert dot_string(f"x{ESC}") == '"x\\\\x1b]0;pwned\\\\x07\\\\x1b[31m"'


def test_file_stems_are_safe_unique_bounded_and_deterministic() -> None:
    names = ["H 1", "H/1", "H_1", "h_1", ".", "..", "", "F" * 300, "../../etc/passwd", ESC, "ok"]
    stems = file_stems(names)
    assert len(set(stems.values())) == len(names)
    assert len({s.lower() for s in stems.values()}) == len(names)  # case-insensitive disks
    assert stems["H_1"] == "H_1" and stems["ok"] == "ok"  # plain names stay as they are
    for stem in stems.values():
        assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]*", stem)
        assert len(stem) <= 64 + 9
    assert file_stems(reversed(names)) == stems
    assert file_stem("H 1") == stems["H 1"]


# --- a hostile design, built --------------------------------------------------------------------


def test_no_output_and_no_message_holds_a_raw_control_character(
    hostile_build: tuple[Path, str],
) -> None:
    out, messages = hostile_build
    assert not RAW_CONTROL.search(messages)
    assert "Traceback" not in messages
    for path in sorted(out.iterdir()):
        if path.suffix == ".xlsx":  # a zip of XML parts: each part is checked
            import zipfile

            with zipfile.ZipFile(path) as book:
                for member in book.namelist():
                    text = book.read(member).decode("utf-8")
                    assert not RAW_CONTROL.search(text), f"{path.name}:{member}"
            continue
        text = path.read_text(encoding="utf-8")
        assert not RAW_CONTROL.search(text), path.name


def test_halls_and_fabrics_with_any_name_get_their_own_files(
    hostile_build: tuple[Path, str],
) -> None:
    out, _ = hostile_build
    names = sorted(p.name for p in out.iterdir())
    assert len([n for n in names if n.startswith("floorplan-")]) == 4
    assert "floorplan-H_1.svg" in names
    fabrics = [n for n in names if n.startswith("fabric-") and n.endswith(".json")]
    assert len(fabrics) == 2
    assert all(len(n.encode()) < 100 for n in names)
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Floor plan, hall H/1" in report  # titles keep the design's own names
    for name in names:
        if name.endswith(".svg"):
            ET.parse(out / name)  # every drawing is well-formed XML


def test_bom_csv_cells_are_never_formulas_and_numbers_stay_numbers(
    hostile_build: tuple[Path, str],
) -> None:
    out, _ = hostile_build
    rows = list(csv.DictReader(io.StringIO((out / "bom.csv").read_text(encoding="utf-8"))))
    text_columns = ("category", "part", "description", "unit", "where", "note")
    for row in rows:
        for column in text_columns:
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), row
    credit = next(r for r in rows if "credit" in r["part"])
    assert credit["part"] == "'-credit"
    assert credit["extended_usd"] == "-5" and float(credit["extended_usd"]) == -5
    formula = next(r for r in rows if "HYPERLINK" in r["part"])
    assert formula["part"].startswith("'=")


def test_bom_markdown_and_report_carry_no_markup_from_the_design(
    hostile_build: tuple[Path, str],
) -> None:
    out, _ = hostile_build
    markdown = (out / "bom.md").read_text(encoding="utf-8")
    assert "<img" not in markdown and "&lt;img src=x" in markdown
    assert "](http://x)" not in markdown.replace("\\]", "")
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<img src=x" not in report


def test_diff_markdown_carries_no_markup_from_the_design(tmp_path: Path) -> None:
    old = tmp_path / "old.dc"
    new = tmp_path / "new.dc"
    old.write_text(HOSTILE, encoding="utf-8")
    new.write_text(HOSTILE.replace("amount      = 5 USD", "amount      = 7 USD"), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert "<img" not in result.output
    assert "HYPERLINK" in result.output
    assert not RAW_CONTROL.search(result.output)


@pytest.mark.parametrize("fmt", ["text", "github", "sarif", "junit"])
def test_ci_formats_escape_control_characters(tmp_path: Path, fmt: str) -> None:
    design = tmp_path / "evil.dc"
    design.write_text(HOSTILE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(design), "--format", fmt])
    assert result.exit_code == 1
    assert not RAW_CONTROL.search(result.output)
    assert "\\x1b" in result.output  # shown, not dropped
    if fmt == "junit":
        ET.fromstring(result.output)
    if fmt == "sarif":
        json.loads(result.output)


# --- byte offsets in JSON diagnostics: computed once per file, the same figures -------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t\r€é😀\u2028"), max_size=60), st.data())
def test_byte_offsets_equal_the_encoded_prefix(text: str, data: st.DataObject) -> None:
    source = SourceFile("x.dc", text)
    for offset in data.draw(st.lists(st.integers(-2, len(text) + 2), max_size=8)):
        assert source.byte_offset(offset) == len(text[:offset].encode("utf-8"))


def test_json_ranges_carry_byte_offsets_of_non_ascii_text() -> None:
    text = 'design "größe" {\n  pue_target = "€"\n}\n'
    compilation = compile_text(text, "u.dc")
    doc = json.loads(render_json(compilation.diagnostics))
    (found,) = [d for d in doc["diagnostics"] if d["range"]["start"]["line"] == 2]
    start = found["range"]["start"]
    assert start["byte"] == len(text[: text.index('"€"')].encode("utf-8"))


def test_a_very_long_line_is_shown_as_a_window_with_the_caret_on_the_span() -> None:
    text = 'design "x" {\n  pue_target = "' + "y" * 60_000 + '"  pue_target = 1.3\n}\n'
    compilation = compile_text(text, "long.dc")
    (twice,) = [d for d in compilation.diagnostics if d.code == "DC-LANG-029"]
    rendered = render_text_all([twice])
    excerpt, caret = [line for line in rendered.splitlines() if line.startswith(("2 |", "  |"))][
        1:3
    ]
    assert len(excerpt) < 250 and excerpt.startswith("2 | …")
    column = caret.index("^")
    assert excerpt[column : column + len("pue_target")] == "pue_target"
    doc = json.loads(render_json([twice]))
    assert len(doc["diagnostics"][0]["snippet"]["code"]) <= 1_001


def test_catalog_text_shows_a_design_part_description_escaped(tmp_path: Path) -> None:
    design = tmp_path / "cat.dc"
    design.write_text(
        f'design "c" {{ }}\npart evil {{\n  kind = server\n  description = "{ESC}{BIDI} x"\n'
        "  gpus = 8\n  power_max = 1 kW\n  height = 1 U\n}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["catalog", "evil", "--design", str(design)])
    assert result.exit_code == 0, result.output
    assert "\\x1b]0;pwned" in result.output and not RAW_CONTROL.search(result.output)
