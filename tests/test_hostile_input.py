"""Hostile input is normal input: every reproducer of issue 14 (input side) ends in a located
diagnostic or a clean check, never a traceback, a hang or a read outside the design's tree.

The figures (time, peak memory) of each reproducer are measured by hand and by `bench/`, never
here: these tests assert behaviour only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from dcdsl.cli import main
from dcdsl import limits
from dcdsl.elaborate.loader import std_modules
from dcdsl.pipeline import Compilation, compile_file

DESIGN = 'design "x" { }\n'


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def codes(compilation: Compilation) -> list[str]:
    return [d.code for d in compilation.diagnostics]


def only(compilation: Compilation, code: str) -> list[str]:
    """Messages of one code; and no internal error anywhere, every error located."""
    for d in compilation.diagnostics:
        assert not d.code.startswith("DC-INTERNAL"), d.message
        if d.is_error:
            assert d.span is not None, d
    return [d.message for d in compilation.diagnostics if d.code == code]


# --- the import sandbox -----------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """proj/ (the design's folder) beside other/ (a file the design must not read)."""
    (tmp_path / "proj").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "secret.dc").write_text("part leaked { kind = server }\n")
    return tmp_path


def _design(tree: Path, *imports: str) -> Path:
    path = tree / "proj" / "d.dc"
    path.write_text(DESIGN + "".join(f'import "{i}"\n' for i in imports))
    return path


@pytest.mark.parametrize(
    "target",
    [
        "std/../../../../../../../../{other}/secret",
        "std//{other}/secret",
        "std/./nvidia",
        "std/nvidia/../nvidia",
        "std/\\u002e\\u002e/x",
        "std/NVIDIA/",
        "std/",
    ],
)
def test_std_names_never_leave_the_packaged_folder(tree: Path, target: str) -> None:
    path = _design(tree, target.format(other=str(tree / "other").lstrip("/")))
    compilation = compile_file(path)
    assert codes(compilation) == ["DC-LANG-011"], compilation.diagnostics
    assert "not the name of a standard library module" in compilation.diagnostics[0].message
    assert compilation.model is None


def test_std_module_by_name_with_or_without_suffix(tree: Path) -> None:
    path = _design(tree, "std/nvidia", "std/nvidia.dc")
    compilation = compile_file(path)
    assert not compilation.has_errors(), compilation.diagnostics
    assert "std/nvidia" in std_modules()


def test_unknown_std_module_suggests_the_closest(tree: Path) -> None:
    compilation = compile_file(_design(tree, "std/nvidai"))
    (message,) = only(compilation, "DC-LANG-010")
    assert "std/nvidai" in message
    assert "did you mean `std/nvidia`" in (compilation.diagnostics[0].help or "")


@pytest.mark.parametrize("target", ["../other/secret.dc", "../other/secret", "link.dc"])
def test_relative_and_symlinked_imports_stay_in_the_root(tree: Path, target: str) -> None:
    (tree / "proj" / "link.dc").symlink_to(tree / "other" / "secret.dc")
    compilation = compile_file(_design(tree, target))
    (message,) = only(compilation, "DC-LANG-011")
    assert "outside the design's folder" in message


def test_absolute_import_refused(tree: Path) -> None:
    compilation = compile_file(_design(tree, str(tree / "other" / "secret.dc")))
    (message,) = only(compilation, "DC-LANG-011")
    assert "absolute path" in message


def test_root_widens_the_tree(tree: Path) -> None:
    path = _design(tree, "../other/secret.dc")
    assert compile_file(path, root=tree).model is not None
    code, out = check(str(path), "--root", str(tree))
    assert code == 0, out
    code, out = check(str(path))
    assert code == 1 and "DC-LANG-011" in out


def test_symlink_inside_the_tree_is_followed(tree: Path) -> None:
    (tree / "proj" / "parts").mkdir()
    (tree / "proj" / "parts" / "real.dc").write_text("part mine { kind = server }\n")
    (tree / "proj" / "alias.dc").symlink_to(tree / "proj" / "parts" / "real.dc")
    compilation = compile_file(_design(tree, "alias.dc"))
    assert compilation.model is not None and "mine" in compilation.model.parts


def test_fifo_import_is_refused_without_blocking(tree: Path) -> None:
    os.mkfifo(tree / "proj" / "pipe.dc")
    compilation = compile_file(_design(tree, "pipe.dc"))
    (message,) = only(compilation, "DC-LANG-013")
    assert "FIFO" in message and "not a regular file" in message


def test_fifo_on_the_command_line_is_refused(tree: Path) -> None:
    fifo = tree / "proj" / "pipe.dc"
    os.mkfifo(fifo)
    code, out = check(str(fifo))
    assert code == 2 and "not a regular file" in out
    compilation = compile_file(fifo)  # the API and the language server read it the same way
    assert codes(compilation) == ["DC-LANG-013"]


def test_folder_named_like_a_design_is_refused(tree: Path) -> None:
    (tree / "proj" / "dir.dc").mkdir()
    (message,) = only(compile_file(_design(tree, "dir.dc")), "DC-LANG-013")
    assert "directory" in message


def test_file_size_is_checked_before_reading(tree: Path) -> None:
    (tree / "proj" / "big.dc").write_text("# " + "x" * 5000 + "\n")
    path = _design(tree, "big.dc")
    with limits.overriding({"file_size": 4096}):
        compilation = compile_file(path)
    (message,) = only(compilation, "DC-LIMIT-001")
    assert "5,003 bytes" in message and "`file_size` of 4,096 bytes" in message
    assert compilation.diagnostics[0].span is not None
    assert "--limit file_size=N" in (compilation.diagnostics[0].help or "")


def test_top_level_file_size_limit(tree: Path) -> None:
    path = _design(tree)
    code, out = check(str(path), "--limit", "file_size=8", "--format", "json")
    assert code == 1
    (d,) = json.loads(out)["diagnostics"]
    assert d["code"] == "DC-LIMIT-001" and "file_size" in d["summary"]


def test_limit_flag_is_validated() -> None:
    code, out = check("x.dc", "--limit", "rackz=3")
    assert code == 2 and "racks" in out
    code, out = check("x.dc", "--limit", "racks=many")
    assert code == 2 and "not a number" in out
    assert limits.parse_override("racks=2e7") == ("racks", 20_000_000)


def test_relative_imports_resolve_from_the_files_folder_not_the_shown_path(tree: Path) -> None:
    """`dcc build` shows paths relative to the design's folder; imports still resolve on disk."""
    (tree / "proj" / "sub").mkdir()
    (tree / "proj" / "sub" / "parts.dc").write_text('import "more.dc"\n')
    (tree / "proj" / "sub" / "more.dc").write_text("part mine { kind = server }\n")
    _design(tree, "sub/parts.dc")
    result = CliRunner().invoke(
        main, ["build", str(tree / "proj" / "d.dc"), "-o", str(tree / "out")]
    )
    assert result.exit_code in (0, 1), result.output
    assert "DC-LANG-01" not in result.output
