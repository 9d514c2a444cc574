"""`dcc diff`: two versions of a pod (v2 adds a row of eight racks) give the golden Markdown;
figures checked by hand; `--base` against a temporary git repository; thresholds; exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dcdsl.cli import main
from dcdsl.diff import DiffError, fmt_value, parse_thresholds
from tests.conftest import GOLDEN, check_golden

CASE = GOLDEN / "diff"
V1 = "tests/golden/diff/pod_v1.dc"
V2 = "tests/golden/diff/pod_v2.dc"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def test_markdown_golden() -> None:
    code, out, err = _run(V1, V2)
    assert code == 0, err
    check_golden(CASE / "pod_v1_to_v2.md", out)


def test_figures_by_hand() -> None:
    code, out, _ = _run(V1, V2, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    changes = {c["key"]: c for c in doc["changes"]}
    # One more row: 8 racks × 4 nodes × 8 GPUs.
    assert changes["racks"] == {"key": "racks", "old": 32, "new": 40, "delta": 8, "percent": 25}
    assert changes["gpus"]["delta"] == 8 * 4 * 8
    assert changes["nodes"]["delta"] == 8 * 4
    # Compute capex grows by 32 nodes × 300,000 USD; rack PDUs by 32 × 2,500 USD (power).
    assert changes["capex_usd.compute"]["delta"] == 32 * 300_000
    assert changes["capex_usd.power"]["delta"] == 32 * 2_500
    # IT power: 32 nodes × 10.2 kW more, plus the network gear the fabric adds.
    assert changes["it_kw"]["delta"] >= 32 * 10.2
    bom = {(c["new"]["category"], c["new"]["part"]): c for c in doc["bom"]["changed"]}
    node = bom[("compute", "node")]
    assert (node["old"]["quantity"], node["new"]["quantity"]) == (128, 160)
    assert node["new"]["extended_usd"] - node["old"]["extended_usd"] == 32 * 300_000
    assert doc["bom"]["added"] == [] and doc["bom"]["removed"] == []
    # The fifth row overloads the PDUs (2 × 7 units of 300 kVA): a new error.
    introduced = [d["code"] for d in doc["diagnostics"]["introduced"]]
    assert "DC-POWER-002" in introduced
    assert doc["failed"] is False


def test_fail_on_thresholds() -> None:
    code, out, _ = _run(V1, V2, "--fail-on", "capex+5%")
    assert code == 1
    assert "- `capex+5%`: **exceeded** (capex +24.1 %; limit +5 %)" in out
    code, out, _ = _run(V1, V2, "--fail-on", "capex+30%,racks+8", "--fail-on", "pue+0%")
    assert code == 0, out
    code, _, _ = _run(V1, V2, "--fail-on", "racks+7")
    assert code == 1
    code, _, _ = _run(V1, V2, "--fail-on", "capex.compute+9600000")  # exactly the growth: kept
    assert code == 0
    code, _, _ = _run(V2, V1, "--fail-on", "capex+0%")  # shrinking is never a failure
    assert code == 0


def test_threshold_errors_exit_2() -> None:
    for bad in ("capex", "capex-5%", "capex+five", "nonsense+5%"):
        code, _, err = _run(V1, V2, "--fail-on", bad)
        assert code == 2 and "DC-DIFF-001" in err, bad
    with pytest.raises(DiffError):
        parse_thresholds(["capex+5%%"])


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = _run(V1)
    assert code == 2 and "DC-DIFF-005" in err
    code, _, err = _run(V1, str(tmp_path / "missing.dc"))
    assert code == 2 and "DC-IO-001" in err and "Traceback" not in err


def test_new_version_that_does_not_compile_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.dc"
    broken.write_text('design "pod" {\n', encoding="utf-8")
    code, out, err = _run(V1, str(broken))
    assert code == 1
    assert "The new version does not compile" in out and "DC-LANG-002" in err


def test_money_and_units_formatting() -> None:
    assert fmt_value(45_869_760, "usd") == "$45,869,760"
    assert fmt_value(-1_500.4, "usd") == "-$1,500"
    assert fmt_value(1_410.24, "kw") == "1,410.2 kW"
    assert fmt_value(1_632.0, "kw") == "1,632 kW"
    assert fmt_value(1.3, "ratio") == "1.300"
    assert fmt_value(None, "count") == "—"


# --- --base: the old version from git -------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "dcc@example.invalid")
    _git(tmp_path, "config", "user.name", "dcc tests")
    folder = tmp_path / "designs"
    (folder / "lib").mkdir(parents=True)
    # The design imports a relative file: the old version must read it from git too.
    (folder / "lib" / "rdhx.dc").write_text(
        "part rdhx { kind = rdhx  capacity = 50 kW  price = 15000 USD }\n", encoding="utf-8"
    )
    v1 = (CASE / "pod_v1.dc").read_text(encoding="utf-8")
    v1 = v1.replace(
        "part rdhx { kind = rdhx  capacity = 50 kW  price = 15000 USD }\n", 'import "lib/rdhx"\n'
    )
    (folder / "pod.dc").write_text(v1, encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "v1")
    # The working tree: the fifth row, and an imported part whose price changed.
    (folder / "pod.dc").write_text(v1.replace('row "A".."D"', 'row "A".."E"'), encoding="utf-8")
    (folder / "lib" / "rdhx.dc").write_text(
        "part rdhx { kind = rdhx  capacity = 50 kW  price = 16000 USD }\n", encoding="utf-8"
    )
    return tmp_path


@needs_git
def test_base_reads_the_old_version_with_git(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dcdsl.diff.git as diff_module

    calls: list[tuple[object, dict]] = []
    real_run = subprocess.run

    def recording_run(args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((args, kwargs))
        return real_run(args, **kwargs)

    monkeypatch.setattr(diff_module.subprocess, "run", recording_run)
    monkeypatch.chdir(repo)
    code, out, err = _run("--base", "HEAD", "designs/pod.dc", "--format", "json")
    assert code == 0, err
    assert calls and all(isinstance(a, list) and not k.get("shell") for a, k in calls), (
        "never a shell"
    )
    assert ["git", "show", "HEAD:./lib/rdhx.dc"] in [a for a, _ in calls], "imports come from git"
    doc = json.loads(out)
    assert doc["old"]["label"] == "HEAD:designs/pod.dc"
    changes = {c["key"]: c for c in doc["changes"]}
    assert changes["racks"]["delta"] == 8
    # 48 rear doors at the old price in git (15,000) and the new one on disk (16,000).
    assert changes["capex_usd.cooling"] == {
        "key": "capex_usd.cooling",
        "old": 48 * 15_000,
        "new": 48 * 16_000,
        "delta": 48_000,
        "percent": pytest.approx(100 / 15),
    }


@needs_git
def test_base_matches_the_two_file_diff(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the import's price change, --base gives the golden Markdown but for its labels."""
    (repo / "designs" / "lib" / "rdhx.dc").write_text(
        "part rdhx { kind = rdhx  capacity = 50 kW  price = 15000 USD }\n", encoding="utf-8"
    )
    monkeypatch.chdir(repo)
    code, out, _ = _run("--base", "HEAD", "designs/pod.dc")
    assert code == 0
    golden = (CASE / "pod_v1_to_v2.md").read_text(encoding="utf-8").splitlines()
    lines = out.splitlines()
    assert lines[2] == "`HEAD:designs/pod.dc` → `designs/pod.dc`"
    # The import line shifts the design by... nothing: it replaces the part line one for one.
    assert lines[:2] + lines[3:] == golden[:2] + golden[3:]


@needs_git
def test_base_new_file_and_bad_revisions(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    shutil.copy(CASE / "pod_v2.dc", repo / "designs" / "fresh.dc")
    code, out, _ = _run("--base", "HEAD", "designs/fresh.dc")
    assert code == 0
    assert "The design is new" in out and "| Racks | — | 40 | new |" in out
    code, _, err = _run("--base", "no-such-branch", "designs/pod.dc")
    assert code == 2 and "unknown git revision" in err
    code, _, err = _run("--base", "HEAD;touch pwned", "designs/pod.dc")
    assert code == 2 and not (repo / "designs" / "pwned").exists() and not Path("pwned").exists()
    code, _, err = _run("--base", "--output=x", "designs/pod.dc")
    assert code == 2 and "DC-DIFF-003" in err
    code, _, err = _run("--base", "HEAD", "designs/pod.dc", "designs/fresh.dc")
    assert code == 2 and "DC-DIFF-005" in err


def test_base_outside_a_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    design = tmp_path / "pod.dc"
    shutil.copy(CASE / "pod_v1.dc", design)
    code, _, err = _run("--base", "HEAD", str(design))
    assert code == 2 and "not inside a git repository" in err


def test_an_unchanged_design_takes_one_line() -> None:
    code, out, _ = _run(V1, V1, "--fail-on", "capex+0%")
    assert code == 0
    assert "No change in cost, power, counts, bill of materials or diagnostics." in out
    assert "### Summary" not in out and "- `capex+0%`: kept" in out
