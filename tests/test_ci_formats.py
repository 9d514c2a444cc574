"""CI output formats: SARIF validated against the official 2.1.0 schema (tests/schemas/, from the
OASIS sarif-spec repository), GitHub workflow commands and JUnit XML against golden files."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import click
import jsonschema
import pytest
from click.testing import CliRunner

from dcdsl.cli import main
from dcdsl.codes import all_codes
from dcdsl.diagnostics import Label, SourceFile, Span, error, note, render_json, warning
from dcdsl.emit.ci_formats import (
    FINGERPRINT_KEY,
    escape_data,
    escape_property,
    render_github,
    render_junit,
    render_sarif,
    sarif_document,
)
from dcdsl.pipeline import compile_file, compile_text
from tests.conftest import GOLDEN, ROOT, check_golden

SCHEMA_PATH = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
CI = GOLDEN / "ci"

SOURCE_TEXT = """\
design "example" { electricity = 0.08 USD/kWh }
part node { kind = server  power_max = 10.2 kW }
power "main" {
  ups "UPS" { part = ups_1250kw  count = 2 }
}
hall "H1" { rack "r01" { device node * 4 } }
"""


def _span(source: SourceFile, needle: str, *, through: str | None = None) -> Span:
    start = source.text.index(needle)
    end = source.text.index(through, start) + len(through) if through else start + len(needle)
    before = source.text[:start]
    line = before.count("\n") + 1
    column = start - (before.rfind("\n") + 1) + 1
    inner = source.text[:end]
    end_line = inner.count("\n") + 1
    end_column = end - (inner.rfind("\n") + 1) + 1
    return Span(source, line, column, end_line, end_column, start, end)


def _findings() -> list:
    """Findings that cover every shape: labels, multi-line spans, no span, text to escape. Their
    codes are not registered, so the goldens do not change when a rule's title does."""
    source = SourceFile("designs/example.dc", SOURCE_TEXT)
    ups = _span(source, 'ups "UPS"', through="count = 2 }")
    power = _span(source, 'power "main" {', through="}\n}")
    rack = _span(source, 'rack "r01"', through="* 4 }")
    return [
        error(
            "DC-TEST-001",
            "UPS main.UPS is loaded to 92 % of 1,250 kW: the limit is 80 %",
            ups,
            labels=[Label(rack, "this rack group draws 40.8 kW")],
            notes=["with one unit failed, the other carries 1,150 kW"],
            help="add a unit (N+1), or choose ups_1500kw",
        ),
        warning(
            "DC-TEST-002",
            "power chain main spans lines, and 100% of its text is here\nsecond line",
            power,
            help="check it: twice, or more",
        ),
        note("DC-TEST-003", "PUE 1.3 is an input, not computed", _span(source, 'design "example"')),
        error("DC-TEST-004", "requirement not met: capex.total <= 80 MUSD (it is 92,000,000 USD)"),
    ]


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"].endswith("sarif-schema-2.1.0.json")  # the official schema, not a copy
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def _validate(validator: jsonschema.Draft4Validator, text: str) -> dict:
    doc = json.loads(text)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return doc


# --- SARIF ----------------------------------------------------------------------------------------


def test_sarif_of_synthetic_findings_is_valid(sarif_validator: jsonschema.Draft4Validator) -> None:
    doc = _validate(sarif_validator, render_sarif(_findings(), files=["designs/example.dc"]))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(set(ids)), "rule ids are unique and sorted (stable indices)"
    assert {c.id for c in all_codes()} <= set(ids), "every registered code is described"
    for rule in rules:
        assert (
            rule["shortDescription"]["text"] and rule["help"]["text"] and rule["help"]["markdown"]
        )
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "note", "error"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]  # GitHub rejects results without one
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "designs/example.dc", "relative to the repository root"
    first = results[0]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"]) == (4, 3, 4)
    assert region["snippet"]["text"] == 'ups "UPS" { part = ups_1250kw  count = 2 }'
    assert first["relatedLocations"][0]["message"]["text"] == "this rack group draws 40.8 kW"
    assert "help: add a unit (N+1)" in first["message"]["text"]
    # A finding without a span points at the file's first line.
    assert results[3]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 1,
    }


def test_sarif_of_a_compiled_design_is_valid(sarif_validator: jsonschema.Draft4Validator) -> None:
    path = Path("tests/golden/diff/pod_v2.dc")
    compilation = compile_file(path)
    assert compilation.diagnostics, "the case needs findings"
    doc = _validate(sarif_validator, render_sarif(compilation.diagnostics, files=[str(path)]))
    assert len(doc["runs"][0]["results"]) == len(compilation.diagnostics)


def test_sarif_without_findings_is_valid(sarif_validator: jsonschema.Draft4Validator) -> None:
    doc = _validate(sarif_validator, render_sarif([], files=["designs/example.dc"]))
    assert doc["runs"][0]["results"] == []


def test_sarif_fingerprints_survive_lines_moving() -> None:
    """Adding lines above a finding moves it, but GitHub must see the same alert."""
    design = Path("tests/golden/diff/pod_v2.dc").read_text(encoding="utf-8")
    root = ROOT / "tests" / "golden" / "diff"
    before = compile_text(design, "tests/golden/diff/pod.dc", root)
    after = compile_text("# a comment\n\n" + design, "tests/golden/diff/pod.dc", root)

    def prints(compilation) -> dict[str, int]:
        doc = sarif_document(compilation.diagnostics, ["tests/golden/diff/pod.dc"])
        found = {}
        for r in doc["runs"][0]["results"]:
            line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
            found[r["partialFingerprints"][FINGERPRINT_KEY]] = line
        return found

    old, new = prints(before), prints(after)
    assert len(old) == len(before.diagnostics), "fingerprints are unique within a run"
    assert old.keys() == new.keys()
    assert any(new[k] == old[k] + 2 for k in old), "the lines did move"


# --- GitHub workflow commands ---------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    # Data keeps `:` and `,` as they are (the runner splits on the first `::` only).
    assert escape_data("a: b, c") == "a: b, c"


def test_github_golden() -> None:
    text = render_github(_findings(), files=["designs/example.dc"])
    lines = text.splitlines()
    assert len(lines) == 4 and all(line.startswith("::") for line in lines)
    assert lines[0].startswith("::error file=designs/example.dc,line=4,endLine=4,col=3,endColumn=")
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds == sorted(kinds, key=["::error", "::warning", "::notice"].index), (
        "errors first, notes last: GitHub shows 10 annotations of a kind per step"
    )
    multi_line = next(line for line in lines if "title=DC-TEST-002" in line)
    assert ",col=" not in multi_line, "a multi-line span has no columns (the runner rejects them)"
    check_golden(CI / "findings.github", text)


# --- JUnit ----------------------------------------------------------------------------------------


def test_junit_golden() -> None:
    files = ["designs/example.dc", "designs/clean.dc"]
    text = render_junit(_findings(), files=files)
    root = ET.fromstring(text)
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == set(files), "a suite per file, also for a file without findings"
    example = suites["designs/example.dc"]
    assert example.get("tests") == "4" and example.get("failures") == "2"
    assert len(example.findall("testcase/failure")) == 2  # errors fail, warnings and notes pass
    assert suites["designs/clean.dc"].get("tests") == "1"
    assert root.get("tests") == "5" and root.get("failures") == "2"
    check_golden(CI / "findings.junit.xml", text)


# --- JSON (terraform validate -json shape), golden as the CI formats ------------------------------


def test_json_golden() -> None:
    check_golden(CI / "findings.json", render_json(_findings()))


# --- through the CLI ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_check_ci_formats_keep_exit_codes(
    fmt: str, sarif_validator: jsonschema.Draft4Validator
) -> None:
    bad = "tests/golden/errors/unknown_unit.dc"
    good = "tests/golden/elaborate/parts_extends.dc"
    result = CliRunner().invoke(main, ["check", bad, good, "--format", fmt])
    assert result.exit_code == 1, result.output
    out = result.output
    if fmt == "sarif":
        doc = _validate(sarif_validator, out)
        assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["DC-LANG-004"]
    elif fmt == "github":
        assert out.startswith("::error file=tests/golden/errors/unknown_unit.dc,line=")
        title = next(c.title for c in all_codes() if c.id == "DC-LANG-004")
        assert f"title=DC-LANG-004 {title}::" in out
    else:
        names = {s.get("name") for s in ET.fromstring(out).findall("testsuite")}
        assert names == {bad, good}
    clean = CliRunner().invoke(main, ["check", good, "--format", fmt])
    assert clean.exit_code == 0, clean.output


# --- pre-commit hooks and the documented workflow -------------------------------------------------


def test_pre_commit_hooks() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("- id: "):
            current = hooks.setdefault(line[len("- id: ") :].strip(), {})
        elif line.startswith("  ") and ":" in line and current is not None:
            key, _, value = line.strip().partition(":")
            current[key] = value.strip()
    assert set(hooks) == {"dcc-check", "dcc-fmt"}
    for hook in hooks.values():
        assert hook["files"] == r"\.dc$" and hook["language"] == "python"
        program, command = hook["entry"].split()
        assert program == "dcc" and command in main.list_commands(click.Context(main))


def _command(name: str) -> click.Command:
    """A `dcc` subcommand (loaded on demand, as `dcc` loads it)."""
    found = main.get_command(click.Context(main), name)
    assert found is not None, f"dcc has no command {name}"
    return found


def test_documented_workflow_uses_real_options() -> None:
    """Every `dcc <command> --option` in docs/ci.md exists, so the workflow does not rot."""
    import re

    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    uses = re.findall(r"\bdcc (check|fmt|diff|build)\b([^\n|`]*)", docs)
    assert {command for command, _ in uses} >= {"check", "fmt", "diff"}
    for command, rest in uses:
        options = {
            name for param in _command(command).params for name in getattr(param, "opts", [])
        }
        for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest):
            assert flag in options, f"dcc {command} has no {flag}"
    for fmt in re.findall(r"--format (\w+)", docs):
        assert fmt in ("text", "json", "sarif", "github", "junit", "md")
