"""The GitHub Action (action.yml → scripts/action.sh) and the pre-commit hooks, run locally as a
user's repository would run them: a git repository with a design, changed in a commit."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "action.sh"
BIN = Path(sys.executable).parent  # the venv's bin: dcc and pre-commit
DESIGN = (ROOT / "designs" / "enterprise-room.dc").read_text(encoding="utf-8")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A user's design repository: designs/room.dc committed, then grown by two racks."""
    (tmp_path / "designs").mkdir()
    design = tmp_path / "designs" / "room.dc"
    design.write_text(DESIGN, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "room")
    grown = DESIGN.replace("rack app_rack * 10", "rack app_rack * 12")
    assert grown != DESIGN
    design.write_text(grown, encoding="utf-8")
    return tmp_path


def _run_action(repo: Path, **env: str) -> tuple[int, str, dict[str, str]]:
    outputs = repo / "github_output"
    outputs.write_text("", encoding="utf-8")
    full_env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(repo / "summary.md"),
        **env,
    }
    result = subprocess.run(
        ["bash", str(SCRIPT)], cwd=repo, env=full_env, capture_output=True, text=True
    )
    values = dict(
        line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines() if line
    )
    return result.returncode, result.stdout, values


def test_action_checks_uploads_and_diffs(repo: Path) -> None:
    code, stdout, outputs = _run_action(repo, DCC_BASE="HEAD")
    assert code == 0, stdout
    assert outputs == {"sarif": ".dcc/dcc.sarif", "diff": ".dcc/diff.md", "status": "0"}
    sarif = json.loads((repo / ".dcc" / "dcc.sarif").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    assert sarif["runs"][0]["results"], "the design's notes are in the SARIF"
    annotations = [line for line in stdout.splitlines() if line.startswith("::notice ")]
    assert annotations and all("file=designs/room.dc" in a for a in annotations)
    diff = (repo / ".dcc" / "diff.md").read_text(encoding="utf-8")
    assert "## dcc diff: `enterprise-room`" in diff and "| Racks | 20 | 22 | +2" in diff
    assert (repo / "summary.md").read_text(encoding="utf-8") == diff, "the job summary shows it"


def test_action_fails_on_a_threshold_and_on_layout(repo: Path) -> None:
    code, _, outputs = _run_action(repo, DCC_BASE="HEAD", DCC_FAIL_ON="capex+50% racks+0")
    assert code == 1 and outputs["status"] == "1"
    assert "`racks+0`: **exceeded**" in (repo / ".dcc" / "diff.md").read_text(encoding="utf-8")
    design = repo / "designs" / "room.dc"
    design.write_text(design.read_text(encoding="utf-8").replace("  height", "  height  "))
    code, stdout, outputs = _run_action(repo)
    assert code == 1 and outputs["diff"] == "" and "+++ b/designs/room.dc" in stdout


def test_action_errors_become_annotations_and_exit_1(repo: Path) -> None:
    design = repo / "designs" / "room.dc"
    design.write_text(design.read_text(encoding="utf-8") + "\nrequire counts.racks <= 5\n")
    code, stdout, outputs = _run_action(repo, DCC_FORMAT_CHECK="false")
    assert code == 1 and outputs["status"] == "1"
    kinds = [line.split(" ", 1)[0] for line in stdout.splitlines() if line.startswith("::")]
    assert kinds[0] == "::error" and "DC-REQ-001" in stdout


def test_action_without_designs_is_a_usage_error(tmp_path: Path) -> None:
    code, stdout, outputs = _run_action(tmp_path, DCC_DESIGNS="nowhere/*.dc")
    assert code == 2 and "::error title=dcc: no designs::" in stdout and outputs == {}


def test_action_yml_runs_the_script_with_its_inputs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert "github.action_path" in install["run"], "dcc comes from the action's own checkout"
    check = next(s for s in steps if s.get("id") == "check")
    assert "scripts/action.sh" in check["run"]
    used = set(re.findall(r"inputs\.([\w-]+)", (ROOT / "action.yml").read_text(encoding="utf-8")))
    assert used == set(action["inputs"]), "every input is used, and only declared ones"
    script = SCRIPT.read_text(encoding="utf-8")
    assert all(name in script for name in check["env"]), "the script reads every variable set"
    uploads = [
        s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")
    ]
    assert uploads and uploads[0]["with"]["sarif_file"] == "${{ steps.check.outputs.sarif }}"


# --- pre-commit -----------------------------------------------------------------------------------

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_hook_entries_run(hook: dict[str, object], repo: Path) -> None:
    """Each hook's entry, run the way pre-commit runs it: the entry, its args, the matched files."""
    assert re.search(str(hook["files"]), "designs/room.dc")
    command = [*shlex.split(str(hook["entry"])), *map(str, hook.get("args", [])), "designs/room.dc"]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    if hook["id"] == "dcc-fmt":
        design = repo / "designs" / "room.dc"
        design.write_text(design.read_text(encoding="utf-8").replace("  height", "  height  "))
        result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
        assert result.returncode == 0 and "1 file reformatted" in result.stderr
        assert design.read_text(encoding="utf-8") == DESIGN.replace(
            "app_rack * 10", "app_rack * 12"
        )


@pytest.mark.skipif(
    os.environ.get("DCDSL_TRY_REPO") != "1" or shutil.which("git") is None,
    reason="installs dcdsl into a fresh environment from the package index (about a minute): "
    "set DCDSL_TRY_REPO=1 (CI does, in .ci/run)",
)
def test_pre_commit_try_repo(repo: Path, tmp_path: Path) -> None:
    """`pre-commit try-repo <this repository>` in a user's repository, as docs/ci.md says."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    result = subprocess.run(
        [str(BIN / "pre-commit"), "try-repo", str(ROOT), "--files", "designs/room.dc"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"dcc fmt\.+Passed", output) and re.search(r"dcc check\.+Passed", output)
