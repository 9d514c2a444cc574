"""`dcc fmt`, `dcc diff` and `dcc lsp` read designs too: the same input budgets as `dcc check`
(file size, nesting, imports), raisable with `--limit`, and a hostile input is a diagnostic with
its code (DC-LIMIT-001), never a hang or a traceback.

Behaviour only; how long a hostile input takes is measured by hand and in `bench/`, not here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from click.testing import CliRunner, Result
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from dcdsl import limits
from dcdsl.cli import main
from dcdsl.pipeline import compile_text

DESIGN = 'design "x" {}\n'
DEEP = DESIGN + 'hall "H" { ' * 40 + "}" * 40 + "\n"  # 41 levels, past `block_depth` (32)
DCC = str(Path(sys.executable).parent / "dcc")
LSP_FILE_SIZE = 2_000  # the budget the language server below runs with


def run(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def too_large(path: Path) -> Path:
    """A design file of 9 MiB (sparse: nothing is written), over the 8 MiB default."""
    with path.open("wb") as handle:
        handle.truncate(9 * 1024 * 1024)
    return path


# --- dcc fmt --------------------------------------------------------------------------------------


def test_fmt_refuses_a_file_over_the_size_budget_before_reading_it(tmp_path: Path) -> None:
    result = run("fmt", "--check", str(too_large(tmp_path / "big.dc")))
    assert result.exit_code == 2
    assert "error[DC-LIMIT-001]" in result.output and "9,437,184 bytes" in result.output
    assert "`file_size` of 8,388,608 bytes" in result.output


def test_fmt_limit_option_raises_and_lowers_the_budget(tmp_path: Path) -> None:
    design = tmp_path / "d.dc"
    design.write_text(DESIGN + "let x = 1\n" * 200)  # 2,014 bytes, formatted
    assert run("fmt", "--check", str(design)).exit_code == 0
    lowered = run("fmt", "--check", "--limit", "file_size=1000", str(design))
    assert lowered.exit_code == 2 and "DC-LIMIT-001" in lowered.output
    deep = tmp_path / "deep.dc"
    deep.write_text(DEEP)
    raised = run("fmt", "--check", "--limit", "block_depth=64", str(deep))
    assert "DC-LIMIT-001" not in raised.output and raised.exit_code in (0, 1)


def test_fmt_deep_nesting_is_a_limit_not_a_recursion_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.dc"
    deep.write_text(DESIGN + 'hall "H" { ' * 100_000 + "}" * 100_000 + "\n")
    result = run("fmt", str(deep))
    assert result.exit_code == 2
    assert "error[DC-LIMIT-001]" in result.output and "`block_depth` of 32" in result.output
    assert deep.read_text().count("{") == 100_001  # left as it was


def test_fmt_deep_brackets_are_a_limit_and_leave_the_file(tmp_path: Path) -> None:
    deep = tmp_path / "deep.dc"
    text = DESIGN + "let x = " + "(" * 100_000 + "1" + ")" * 100_000 + "\n"
    deep.write_text(text)
    result = run("fmt", str(deep))
    assert result.exit_code == 2
    assert "error[DC-LIMIT-001]: this expression is nested 101 levels" in result.output
    assert "--limit expression_depth=N" in result.output
    assert deep.read_text() == text
    raised = run("fmt", "--limit", "expression_depth=200000", str(deep))
    assert raised.exit_code == 0 and deep.read_text() == DESIGN + "let x = 1\n"


def test_fmt_standard_input_over_the_size_budget(tmp_path: Path) -> None:
    result = run("fmt", "--limit", "file_size=1000", "-", stdin=DESIGN + "let x = 1\n" * 200)
    assert result.exit_code == 2
    assert "error[DC-LIMIT-001]: <stdin> has more than 1,000 bytes" in result.output


# --- dcc diff -------------------------------------------------------------------------------------


def test_diff_of_a_file_over_the_size_budget(tmp_path: Path) -> None:
    old = tmp_path / "old.dc"
    old.write_text(DESIGN)
    result = run("diff", str(old), str(too_large(tmp_path / "new.dc")))
    assert result.exit_code == 1  # the new version does not compile
    assert "DC-LIMIT-001" in result.output and "9,437,184 bytes" in result.output


def test_diff_of_deep_nesting_and_its_limit_option(tmp_path: Path) -> None:
    old, new = tmp_path / "old.dc", tmp_path / "new.dc"
    old.write_text(DESIGN)
    new.write_text(DEEP)
    result = run("diff", str(old), str(new))
    assert result.exit_code == 1 and "DC-LIMIT-001" in result.output
    assert "`block_depth` of 32" in result.output
    lowered = run("diff", "--limit", "file_size=10", str(old), str(old))
    assert lowered.exit_code == 1 and "`file_size` of 10 bytes" in lowered.output


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_base_does_not_read_a_blob_over_the_size_budget(tmp_path: Path) -> None:
    design = tmp_path / "d.dc"
    design.write_text(DESIGN + "let x = 1\n" * 200)  # 2,014 bytes at the base revision

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("add", "d.dc")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    design.write_text(DESIGN)
    result = run("diff", "--base", "HEAD", "--limit", "file_size=1000", str(design))
    assert result.exit_code == 2
    assert "error[DC-LIMIT-001]: d.dc at HEAD has 2,014 bytes" in result.output


# --- dcc lsp --------------------------------------------------------------------------------------


def test_text_in_memory_has_the_file_budget() -> None:
    """An editor's buffer (compile_text) is held to `file_size` as a file on disk is."""
    with limits.overriding({"file_size": 100}):
        compilation = compile_text(DESIGN + "let x = 1\n" * 20, "buffer.dc")
    assert [d.code for d in compilation.diagnostics] == ["DC-LIMIT-001"]
    assert compilation.diagnostics[0].span is not None  # located at the start of the text


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[DCC, "lsp", "--limit", f"file_size={LSP_FILE_SIZE}"]),
)
async def client(
    lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("lsp-limits")
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri())
    )
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, name: str, text: str) -> list[types.Diagnostic]:
    uri = (client.root / name).as_uri()  # type: ignore[attr-defined]
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "dc", 1, text))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


@pytest.mark.asyncio(loop_scope="module")
async def test_lsp_applies_its_limit_option_to_an_open_document(client: LanguageClient) -> None:
    within = await _open(client, "small.dc", DESIGN)
    assert not [d for d in within if d.code == "DC-LIMIT-001"]
    large = await _open(client, "large.dc", DESIGN + "let x = 1\n" * 300)  # 3,014 bytes
    (found,) = [d for d in large if d.code == "DC-LIMIT-001"]
    assert f"`file_size` of {LSP_FILE_SIZE:,} bytes" in found.message
    assert found.severity == types.DiagnosticSeverity.Error


@pytest.mark.asyncio(loop_scope="module")
async def test_lsp_deep_nesting_is_a_diagnostic(client: LanguageClient) -> None:
    found = await _open(client, "deep.dc", DEEP)
    (error,) = [d for d in found if d.severity == types.DiagnosticSeverity.Error]
    assert error.code == "DC-LIMIT-001" and "`block_depth` of 32" in error.message


@pytest.mark.asyncio(loop_scope="module")
async def test_lsp_deep_brackets_are_a_limit_diagnostic(client: LanguageClient) -> None:
    text = DESIGN + "let x = " + "(" * 900 + "1" + ")" * 900 + "\n"  # within file_size
    found = await _open(client, "brackets.dc", text)
    (error,) = [d for d in found if d.severity == types.DiagnosticSeverity.Error]
    assert error.code == "DC-LIMIT-001"
    assert "nested 101 levels, over the limit `expression_depth` of 100 levels" in error.message
    assert error.range.start.line == 1
