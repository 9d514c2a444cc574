"""The VS Code TextMate grammar: scopes of a sample design, checked by the engine VS Code runs.

`vscode-tmgrammar-test` (npm, pinned in editors/vscode/package-lock.json, installed by
`make test`) tokenizes tests/tmgrammar/*.dc with vscode-textmate and Oniguruma, and checks the
`# ^^^ scope` assertions written under each line. The pure-Python TextMate ports on PyPI are
re-implementations with known gaps, so they would test a different engine than the editor's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dcdsl.pipeline import compile_file

ROOT = Path(__file__).resolve().parent.parent
VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "dc.tmLanguage.json"
SAMPLES = sorted((ROOT / "tests" / "tmgrammar").glob("*.dc"))
TOOL = VSCODE / "node_modules" / ".bin" / "vscode-tmgrammar-test"


def test_samples_are_real_designs() -> None:
    """The scope assertions are about text the compiler reads, not made-up syntax."""
    assert SAMPLES
    for sample in SAMPLES:
        # DC-LANG-041 (an `allow` that suppresses nothing) is about the sample's engineering,
        # not its syntax: the sample shows `allow` without a finding to allow.
        language = [
            d
            for d in compile_file(sample).diagnostics
            if d.code.startswith("DC-LANG") and d.code != "DC-LANG-041"
        ]
        assert language == [], [d.message for d in language]


def test_extension_manifest_points_at_the_grammar() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    (grammar,) = manifest["contributes"]["grammars"]
    assert (VSCODE / grammar["path"]).resolve() == GRAMMAR
    assert json.loads(GRAMMAR.read_text(encoding="utf-8"))["scopeName"] == grammar["scopeName"]
    (language,) = manifest["contributes"]["languages"]
    assert language["extensions"] == [".dc"]
    assert (VSCODE / language["configuration"]).is_file()


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_grammar_scopes_of_the_samples() -> None:
    if not TOOL.exists():
        pytest.fail("vscode-tmgrammar-test is missing: run `make test` (npm ci in editors/vscode)")
    result = subprocess.run(
        [str(TOOL), "--grammar", str(GRAMMAR), *map(str, SAMPLES)],
        cwd=VSCODE,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
