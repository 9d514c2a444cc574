"""Findings alike but for their place are grouped ("× 300") in every output format: a flattened
design whose racks are written out one by one prints one finding per rule, not one per rack."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import flattened_design
from dcdsl.cli import main
from dcdsl.diagnostics import SourceFile, Span, _mask_name, group_alike, note, warning
from dcdsl.emit.ci_formats import GITHUB_SHOWN, render_github

RACKS = 300


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("flat") / "flat.dc"
    path.write_text(flattened_design(RACKS * 4), encoding="utf-8")
    return path


def _check(path: Path, fmt: str) -> str:
    result = CliRunner().invoke(main, ["check", str(path), "--format", fmt])
    assert result.exit_code == 1, result.output  # the racks are too dense for air: errors
    return result.stdout


def test_text_prints_one_grouped_finding(flat: Path) -> None:
    out = _check(flat, "text")
    assert out.count("error[DC-COOL-001]") == 1
    assert f"error[DC-COOL-001] × {RACKS}: rack r00001 " in out
    assert f"the same finding at {RACKS - 1} more places: {flat}:11:3" in out
    assert f"{RACKS} errors" in out, "the totals still count every finding"


def test_json_has_a_count_and_every_place(flat: Path) -> None:
    doc = json.loads(_check(flat, "json"))
    cool = [d for d in doc["diagnostics"] if d["code"] == "DC-COOL-001"]
    assert len(cool) == 1 and cool[0]["count"] == RACKS
    assert len(cool[0]["repeats"]) == RACKS - 1
    assert cool[0]["repeats"][0]["start"]["line"] == 11
    assert doc["error_count"] == RACKS
    assert all(d["count"] >= 1 for d in doc["diagnostics"])


def test_sarif_has_an_occurrence_count(flat: Path) -> None:
    doc = json.loads(_check(flat, "sarif"))
    cool = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "DC-COOL-001"]
    assert len(cool) == 1 and cool[0]["occurrenceCount"] == RACKS
    assert len(cool[0]["relatedLocations"]) == RACKS - 1


def test_github_and_junit_group(flat: Path) -> None:
    github = _check(flat, "github")
    cool = [line for line in github.splitlines() if "DC-COOL-001" in line]
    assert len(cool) == 1 and f"(× {RACKS})" in cool[0]
    junit = ET.fromstring(_check(flat, "junit"))
    names = [c.get("name", "") for c in junit.iter("testcase")]
    assert sum("DC-COOL-001" in n for n in names) == 1
    assert any(f"(× {RACKS})" in n for n in names)


def _span(source: SourceFile, line: int) -> Span:
    start = sum(len(x) + 1 for x in source.lines[: line - 1])
    width = len(source.lines[line - 1])
    return Span(source, line, 1, line, 1 + width, start, start + width)


def test_only_the_names_on_the_line_may_differ() -> None:
    source = SourceFile("d.dc", 'rack "a" {}\nrack "b" {}\nrack "c" {}\n')
    a = warning("DC-X-001", "rack a draws 40 kW", _span(source, 1))
    b = warning("DC-X-001", "rack b draws 40 kW", _span(source, 2))
    c = warning("DC-X-001", "rack c draws 45 kW", _span(source, 3))  # another figure
    grouped = group_alike([a, b, c])
    assert [(d.message, d.count) for d in grouped] == [
        ("rack a draws 40 kW", 2),
        ("rack c draws 45 kW", 1),
    ]


def test_github_notes_never_crowd_out_errors() -> None:
    source = SourceFile("d.dc", "\n".join(f'rack "r{i}" {{}}' for i in range(20)) + "\n")
    notes = [note(f"DC-N-{i:03}", f"standing note {i}", _span(source, i + 1)) for i in range(3)]
    warnings = [warning(f"DC-W-{i:03}", f"warning {i}", _span(source, i + 4)) for i in range(12)]
    lines = render_github([*notes, *warnings], files=["d.dc"]).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::warning"] * 12 + ["::notice"]
    assert "3 notes" in lines[-1] and "DC-N-000" in lines[-1]
    few = render_github([*notes, *warnings[:2]], files=["d.dc"]).splitlines()
    assert len(few) == 5 and few[-1].startswith("::notice"), f"≤ {GITHUB_SHOWN}: every note shown"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab-_ .é1\"'", max_size=30),
    st.text(alphabet="ab-_ .é1", min_size=1, max_size=4),
)
def test_masking_a_name_is_the_regex_substitution(message: str, name: str) -> None:
    """The name mask (a find loop, no pattern compiled per name) is the substitution it
    replaced: the name where no word character or `-` touches it, left to right."""
    pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
    assert _mask_name(message, name) == re.sub(pattern, "\x00", message)
