"""`dcc build -o DIR` never deletes or overwrites a file dcc did not write; temporaries never stay
behind (errors, SIGINT, SIGTERM, a killed earlier build); outputs follow the umask and are the
same bytes wherever dcc runs from. Internal errors and end-of-file errors print in every format."""

from __future__ import annotations

import functools
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner

from dcdsl.cli import main
from dcdsl.emit import output_dir
from dcdsl.emit.output_dir import MARKER

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "golden" / "elaborate" / "parts_extends.dc"


def build(design: Path, out: Path | str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(design), "-o", str(out)])
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
        if ".git" not in p.relative_to(folder).parts
    }


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name)


@pytest.fixture
def git_checkout(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "x.dc").write_bytes(SMALL.read_bytes())
    (repo / "notes.txt").write_text("mine\n", encoding="utf-8")
    return repo


def test_build_into_dot_in_a_git_checkout_touches_nothing(
    git_checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(git_checkout)
    before = snapshot(git_checkout)
    code, out = build(Path("x.dc"), ".")
    assert code == 2
    assert "DC-IO-010" in out and "working directory" in out
    assert snapshot(git_checkout) == before
    assert (git_checkout / ".git" / "HEAD").is_file()


def test_git_checkout_named_by_path_is_refused(git_checkout: Path, tmp_path: Path) -> None:
    before = snapshot(git_checkout)
    code, out = build(git_checkout / "x.dc", git_checkout)
    assert code == 2 and "git checkout" in out
    assert snapshot(git_checkout) == before


def test_a_folder_above_the_working_directory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    code, out = build(SMALL, tmp_path / "a")
    assert code == 2 and "DC-IO-010" in out
    assert inner.is_dir()


def test_non_empty_folder_without_marker_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("precious", encoding="utf-8")
    code, text = build(SMALL, out)
    assert code == 2
    assert "DC-IO-010" in text and ".dcc-build" in text
    assert sorted(os.listdir(out)) == ["keep.txt"]
    assert leftovers(tmp_path) == []


def test_symlink_to_a_foreign_folder_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("precious", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(foreign)
    code, text = build(SMALL, link)
    assert code == 2 and "DC-IO-010" in text
    assert sorted(os.listdir(foreign)) == ["keep.txt"]
    assert link.is_symlink()


def test_owned_folder_is_replaced_and_lists_its_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(SMALL, out)[0] in (0, 1)
    listed = output_dir.listed_files(out)
    assert listed is not None and "summary.json" in listed
    assert set(os.listdir(out)) == listed | {MARKER}
    first = snapshot(out)
    assert build(SMALL, out)[0] in (0, 1)  # a rebuild replaces its own folder
    assert snapshot(out) == first
    assert leftovers(tmp_path) == []


def test_a_file_added_to_an_owned_folder_blocks_the_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(SMALL, out)
    (out / "review-notes.md").write_text("mine", encoding="utf-8")
    before = snapshot(out)
    code, text = build(SMALL, out)
    assert code == 2 and "review-notes.md" in text
    assert snapshot(out) == before


def test_an_empty_folder_may_be_used(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert build(SMALL, out)[0] in (0, 1)
    assert (out / MARKER).is_file()


def test_a_failed_write_leaves_the_earlier_build_and_no_temporaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(SMALL, out)
    before = snapshot(out)

    def fail(staging: Path, files: object) -> None:
        (staging / MARKER).write_text(output_dir.marker_text(["a"]), encoding="utf-8")
        (staging / "a").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(output_dir, "_write_all", fail)
    code, text = build(SMALL, out)
    assert code == 130
    assert "Aborted" not in text and "Traceback" not in text
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_stale_temporaries_are_removed_only_with_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = tmp_path / ".out.tmp-abc123"
    stale.mkdir()
    (stale / MARKER).write_text(output_dir.marker_text(["bom.csv"]), encoding="utf-8")
    (stale / "bom.csv").write_text("half", encoding="utf-8")
    old = tmp_path / ".out.old-77"
    old.mkdir()
    (old / MARKER).write_text(output_dir.marker_text(["summary.json"]), encoding="utf-8")
    lookalike = tmp_path / ".out.tmp-notours"
    lookalike.mkdir()
    (lookalike / "keep.txt").write_text("precious", encoding="utf-8")
    assert build(SMALL, out)[0] in (0, 1)
    assert not stale.exists() and not old.exists()
    assert (lookalike / "keep.txt").read_text(encoding="utf-8") == "precious"


def test_outputs_follow_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        build(SMALL, tmp_path / "out")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "out" / "summary.json").stat().st_mode) == 0o644


def test_rebuilds_are_byte_identical_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    design = project / "x.dc"
    design.write_bytes(SMALL.read_bytes())
    monkeypatch.chdir(project)
    build(Path("x.dc"), tmp_path / "one")
    monkeypatch.chdir(project / "sub")
    build(Path("../x.dc"), tmp_path / "two")
    monkeypatch.chdir("/")
    build(design, tmp_path / "three")
    one = snapshot(tmp_path / "one")
    assert one == snapshot(tmp_path / "two") == snapshot(tmp_path / "three")
    assert not any(str(tmp_path).encode() in content for content in one.values())


def test_terminal_paths_stay_relative_to_the_working_directory(tmp_path: Path) -> None:
    project = tmp_path / "designs"
    project.mkdir()
    design = project / "x.dc"
    design.write_text('design "x" {\n  pue_target = "no"\n}\n', encoding="utf-8")
    _, text = build(design, tmp_path / "out")
    assert f"--> {design}:2:" in text  # not `x.dc` (the path used inside the outputs)


SCRIPT = """
import os, signal, sys
from dcdsl.emit import output_dir
real = output_dir._write_all
def write_then_signal(staging, files):
    real(staging, files)
    os.kill(os.getpid(), signal.{sig})
    import time; time.sleep(5)
output_dir._write_all = write_then_signal
from dcdsl.cli import main
main(["build", sys.argv[1], "-o", sys.argv[2]])
"""


@pytest.mark.parametrize(("sig", "status"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_signals_exit_with_the_shell_status_and_leave_no_temporaries(
    tmp_path: Path, sig: str, status: int
) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.replace("{sig}", sig), str(SMALL), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error[DC-IO-011]: interrupted by")
    assert not out.exists()
    assert leftovers(tmp_path) == []


# --- every failure in the requested format -------------------------------------------------------

END_OF_FILE = 'design "x" { }\nrack\n'


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_an_error_at_end_of_file_renders_in_every_format(tmp_path: Path, fmt: str) -> None:
    design = tmp_path / "e.dc"
    design.write_text(END_OF_FILE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(design), "--format", fmt])
    assert result.exit_code == 1, result.output
    parse_format(fmt, result.output)
    if fmt == "sarif":  # the driver lists every rule, DC-INTERNAL-001 included
        results = json.loads(result.output)["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == ["DC-LANG-001"]
    else:
        assert "DC-INTERNAL" not in result.output and "DC-LANG-001" in result.output


@functools.cache
def _sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft4Validator(schema)


def parse_format(fmt: str, text: str) -> None:
    """The output parses as its format: JSON, SARIF valid against the 2.1.0 schema, JUnit XML,
    one workflow command per line."""
    if fmt == "json":
        json.loads(text)
    elif fmt == "sarif":
        errors = list(_sarif_validator().iter_errors(json.loads(text)))
        assert not errors, [e.message for e in errors[:5]]
    elif fmt == "junit":
        ET.fromstring(text)
    elif fmt == "github":
        assert all(line.startswith("::") for line in text.splitlines())


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_an_internal_error_keeps_the_format_the_file_and_the_other_files(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.dc"
    good.write_text('design "g" {\n  pue_target = "x"\n}\n', encoding="utf-8")
    bad = tmp_path / "bad.dc"
    bad.write_text('design "b" { }\n', encoding="utf-8")
    import dcdsl.pipeline

    real = dcdsl.pipeline.compile_file

    def crash(path: Path, root: Path | None = None, overrides: object = None) -> object:
        if path.name == "bad.dc":
            raise ZeroDivisionError("boom \x1b]0;owned\x07")
        return real(path, root)

    monkeypatch.setattr(dcdsl.pipeline, "compile_file", crash)
    result = CliRunner().invoke(main, ["check", str(good), str(bad), "--format", fmt])
    assert result.exit_code == 2
    parse_format(fmt, result.output)
    assert "DC-INTERNAL-001" in result.output
    assert "bad.dc" in result.output and "good.dc" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    if fmt == "json":
        doc = json.loads(result.output)
        crashed = [d for d in doc["diagnostics"] if d["code"] == "DC-INTERNAL-001"]
        assert crashed[0]["range"]["filename"].endswith("bad.dc")


def test_a_renderer_crash_still_prints_the_format(monkeypatch: pytest.MonkeyPatch) -> None:
    import dcdsl.diagnostics as diagnostics

    real = diagnostics.diagnostic_to_json

    def fragile(d: diagnostics.Diagnostic) -> dict[str, object]:
        if d.code != "DC-INTERNAL-001":
            raise IndexError("renderer bug")
        return real(d)

    monkeypatch.setattr(diagnostics, "diagnostic_to_json", fragile)
    result = CliRunner().invoke(
        main, ["check", str(ROOT / "designs" / "enterprise-room.dc"), "--format", "json"]
    )
    doc = json.loads(result.output)
    assert doc["diagnostics"] and all(d["code"] == "DC-INTERNAL-001" for d in doc["diagnostics"])


def test_ctrl_c_during_check_is_one_line_and_130(monkeypatch: pytest.MonkeyPatch) -> None:
    import dcdsl.pipeline

    def interrupted(path: Path, root: Path | None = None, overrides: object = None) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(dcdsl.pipeline, "compile_file", interrupted)
    result = CliRunner().invoke(main, ["check", str(SMALL)])
    assert result.exit_code == 130
    assert result.output.strip().count("\n") == 0
    assert "Aborted" not in result.output


def test_signal_numbers() -> None:
    assert 128 + signal.SIGINT == 130 and 128 + signal.SIGTERM == 143


def test_an_emitter_crash_in_build_prints_json_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dcdsl.emit import build as emit_build

    def broken(compilation: object) -> dict[str, str]:
        raise RuntimeError("emitter bug")

    stages = [(name, broken if name == "bom" else fn) for name, fn in emit_build.EMITTERS]
    monkeypatch.setattr(emit_build, "EMITTERS", stages)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SMALL), "-o", str(out), "--format", "json"])
    assert result.exit_code == 2
    doc = json.loads(result.output)
    (crash,) = [d for d in doc["diagnostics"] if d["code"] == "DC-INTERNAL-001"]
    assert "emitter bug" in crash["summary"]
    assert crash["range"]["filename"].endswith("parts_extends.dc")
    assert not out.exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["a" * 300, "a/" * 3000])
def test_an_impossible_output_path_is_an_io_error(tmp_path: Path, name: str) -> None:
    code, text = build(SMALL, tmp_path / name)
    assert code == 2 and "DC-IO-002" in text and "INTERNAL" not in text


def test_an_analysis_crash_is_located_at_what_it_was_working_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dcdsl.pipeline
    from dcdsl.pipeline import compile_text

    def crashing(model: object, results: object) -> None:
        for group in model.rack_groups():  # type: ignore[attr-defined]
            raise ValueError(f"bug on {group.name(0)}")

    monkeypatch.setattr(dcdsl.pipeline, "ANALYSES", [crashing])
    text = (ROOT / "tests" / "golden" / "layout" / "small-hall.dc").read_text(encoding="utf-8")
    compilation = compile_text(text, "hall.dc", ROOT)
    (crash,) = [d for d in compilation.diagnostics if d.code == "DC-INTERNAL-001"]
    assert crash.span is not None and crash.span.file == "hall.dc" and crash.span.line > 1
    assert "bug on" in crash.message
