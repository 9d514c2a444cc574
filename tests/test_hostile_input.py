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

from dcdsl import limits
from dcdsl.cli import main
from dcdsl.elaborate.loader import std_modules
from dcdsl.pipeline import Compilation, compile_file, compile_text

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
    assert d["range"]["filename"].endswith("d.dc")


def test_limit_flag_is_validated() -> None:
    code, out = check("x.dc", "--limit", "rackz=3")
    assert code == 2 and "racks" in out
    code, out = check("x.dc", "--limit", "racks=many")
    assert code == 2 and "not a number" in out
    assert limits.parse_override("racks=2e7") == ("racks", 20_000_000)
    # Offsets are kept in 32 bits: a file of 4 GiB or more cannot be located.
    assert limits.parse_override("file_size=4294967295") == ("file_size", 4_294_967_295)
    code, out = check("x.dc", "--limit", "file_size=5e9")
    assert code == 2 and "at most 4,294,967,295 bytes" in out


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


# --- budgets: every reproducer of the issue ends in a located diagnostic -------------------------

NODE = "part node { kind = server  gpus = 8  power_max = 10 kW  height = 2 U }\n"


def _rack(contents: str = "device node * 2", hall: str = "rack t * 2") -> str:
    return f'{DESIGN}{NODE}rack_type t {{ height = 42 U  {contents} }}\nhall "H" {{ {hall} }}\n'


REPRODUCERS: dict[str, tuple[str, str, str]] = {
    # name: (design text, the code, a piece of the message)
    "rack * 1e12": (_rack(hall="rack t * 1e12"), "DC-LIMIT-001", "limit `count`"),
    "racks over the total": (_rack(hall="rack t * 5e7"), "DC-LIMIT-001", "limit `racks`"),
    "device * 1e9": (_rack("device node * 1e9"), "DC-LIMIT-001", "limit `count`"),
    "devices through racks": (
        _rack("device node * 100", "rack t * 1500000"),
        "DC-LIMIT-001",
        "limit `devices`",
    ),
    "years = 1e12": (
        'design "x" { years = 1e12 }\n',
        "DC-LIMIT-001",
        "limit `years`",
    ),
    "years = 0": ('design "x" { years = 0 }\n', "DC-LANG-023", "more than 0"),
    "height = 1e12 U": (
        _rack().replace("height = 42 U", "height = 1e12 U"),
        "DC-LIMIT-001",
        "limit `rack_units`",
    ),
    "range of 999,999,999 names": (
        _rack(hall='rack t "r1".."r999999999"'),
        "DC-LIMIT-001",
        "limit `names`",
    ),
    # 1 MB: a longer text is over `file_size` first (tests/test_tool_limits.py)
    "1 MB string": (
        'design "x" { description = "' + "a" * 1_000_000 + '" }\n',
        "DC-LIMIT-001",
        "limit `string_length`",
    ),
    "positions at 50,000 U": (
        _rack("device node { position = 50000 U }").replace("42 U", "50000 U"),
        "DC-LIMIT-001",
        "limit `rack_units`",
    ),
    "devices filling 20,000 U": (
        _rack("device node * 10000"),
        "DC-LIMIT-001",
        "its devices fill 20,000 U",
    ),
    "halls × rows": (
        DESIGN + 'hall "H1".."H1000" { row "A1".."A1000" { } }\n',
        "DC-LIMIT-001",
        "limit `blocks`",
    ),
    "redundancy 99999999999N": (
        DESIGN + 'power "p" { utility "u" { capacity = 1 MW }\n'
        'ups "U" { redundancy = 99999999999N  from = u } }\n',
        "DC-LIMIT-001",
        "limit `paths`",
    ),
    "491-term sum": (
        DESIGN + "let x = " + " + ".join(["1"] * 491) + "\n",
        "DC-LIMIT-001",
        "limit `expression_depth`",
    ),
    "2,000 unary minus": (DESIGN + "let x = " + "-" * 2000 + "1\n", "DC-LIMIT-001", "expression"),
    "1,000 nested lists": (
        DESIGN + "let x = " + "[" * 1000 + "1" + "]" * 1000 + "\n",
        "DC-LIMIT-001",
        "limit `expression_depth`",
    ),
    "196-deep let": (
        DESIGN + "".join(f"let a{i} = a{i + 1} + 1\n" for i in range(196)) + "let a196 = 1\n",
        "DC-LIMIT-001",
        "limit `",
    ),
    "245-deep extends": (
        DESIGN
        + "".join(f"part p{i} {{ extends = p{i + 1} }}\n" for i in range(245))
        + "part p245 { kind = server }\n",
        "DC-LIMIT-001",
        "limit `extends_depth`",
    ),
    "1,000 nested blocks": (
        DESIGN + 'hall "H" ' + '{ row "a" ' * 1000 + "}" * 1000 + "\n",
        "DC-LIMIT-001",
        "limit `block_depth`",
    ),
    "ceil(1e309)": (DESIGN + "let x = ceil(1e309)\n", "DC-LANG-033", "too large"),
    "1e308 * 10": (DESIGN + "let x = 1e308 * 10\n", "DC-LANG-033", "overflow"),
    "round(NaN)": (DESIGN + "let x = round(1e308 * 10 - 1e308 * 10)\n", "DC-LANG-033", ""),
    "sqrt(-1)": (DESIGN + "let x = sqrt(-1)\n", "DC-LANG-031", "sqrt of a negative number (-1)"),
    "1e306 GW in kW": (
        DESIGN + 'power "p" { utility "u" { capacity = 1e306 GW } }\n',
        "DC-LANG-033",
        "",
    ),
    '"r²".."r³"': (_rack(hall='rack t "r²".."r³"'), "DC-LANG-028", "cannot expand"),
    "sum([1 kW, kW])": (DESIGN + "let x = sum([1 kW, kW])\n", "DC-LANG-030", "`kW`"),
}


@pytest.mark.parametrize("name", list(REPRODUCERS))
def test_reproducer_ends_in_a_located_diagnostic(name: str) -> None:
    text, expected, fragment = REPRODUCERS[name]
    compilation = compile_text(text, "hostile.dc")
    messages = only(compilation, expected)
    assert messages, [(d.code, d.message) for d in compilation.diagnostics]
    assert any(fragment in m for m in messages), messages
    located = [d for d in compilation.diagnostics if d.code == expected]
    assert all(d.span is not None and d.span.file == "hostile.dc" for d in located)


def test_limit_error_names_the_flag() -> None:
    compilation = compile_text(_rack(hall="rack t * 1e12"), "hostile.dc")
    (d,) = [d for d in compilation.diagnostics if d.code == "DC-LIMIT-001"]
    assert d.help is not None and "--limit count=N" in d.help
    assert d.span is not None and d.span.snippet == "1e12"


def test_a_limit_can_be_lowered_and_raised_for_one_run() -> None:
    text = _rack(hall="rack t * 20")
    with limits.overriding({"racks": 10}):
        (message,) = only(compile_text(text, "r.dc"), "DC-LIMIT-001")
        assert "20 racks, over the limit `racks` of 10 racks" in message
        with limits.overriding({"racks": 30}):
            assert not only(compile_text(text, "r.dc"), "DC-LIMIT-001")
    assert limits.value("racks") == limits.LIMITS["racks"].default


def test_depth_at_the_limit_still_evaluates() -> None:
    depth = limits.value("expression_depth")
    text = DESIGN + "let x = " + " + ".join(["1"] * depth) + "\n"
    compilation = compile_text(text, "deep.dc")
    assert compilation.model is not None and compilation.model.lets["x"] == depth
    chain = limits.value("let_depth") - 1
    lets = "".join(f"let a{i} = a{i + 1}\n" for i in range(chain)) + f"let a{chain} = 7\n"
    compilation = compile_text(DESIGN + lets, "lets.dc")
    assert compilation.model is not None and compilation.model.lets["a0"] == 7


def test_extends_chain_at_the_limit_builds() -> None:
    chain = limits.value("extends_depth") - 1
    parts = "".join(f"part p{i} {{ extends = p{i + 1} }}\n" for i in range(chain))
    compilation = compile_text(DESIGN + parts + f"part p{chain} {{ kind = server }}\n", "x.dc")
    assert compilation.model is not None and compilation.model.parts["p0"].kind == "server"


def test_repeated_diagnostics_are_capped_per_file() -> None:
    text = 'design "x" {\n' + "pue_target = 1.3\n" * 60 + "}\n"
    with limits.overriding({"diagnostics": 10}):
        compilation = compile_text(text, "many.dc")
    assert codes(compilation).count("DC-LANG-029") == 10
    (more,) = [d for d in compilation.diagnostics if d.code == "DC-LIMIT-002"]
    assert "49 more DC-LANG-029 diagnostics in many.dc" in more.message
    assert more.span is not None and more.span.line == 13


def test_an_internal_error_is_located_and_keeps_other_files(tmp_path: Path) -> None:
    """A limit raised past what Python can recurse: a located DC-INTERNAL-001, exit 2, and the
    other file's findings still reported."""
    deep = tmp_path / "deep.dc"
    deep.write_text(
        DESIGN + "".join(f"let a{i} = a{i + 1} + 1\n" for i in range(3000)) + "let a3000 = 1\n"
    )
    other = tmp_path / "other.dc"
    other.write_text('design "y" { pue_target = 1.3  pue_target = 1.4 }\n')
    code, out = check(
        str(deep),
        str(other),
        "--format",
        "json",
        "--limit",
        "expression_depth=100000",
        "--limit",
        "let_depth=100000",
    )
    assert code == 2
    found = {d["code"]: d for d in json.loads(out)["diagnostics"]}
    assert found["DC-INTERNAL-001"]["range"]["filename"].endswith("deep.dc")
    assert found["DC-INTERNAL-001"]["range"]["start"]["line"] > 1
    assert found["DC-LANG-029"]["range"]["filename"].endswith("other.dc")


def test_the_limits_table_is_documented() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "security.md").read_text()
    section = doc[doc.index("## Limits") :]
    for limit in limits.LIMITS.values():
        unit = f" {limit.unit}" if limit.unit else ""
        assert f"| `{limit.name}` | {limits.show(limit.default)}{unit} |" in section, limit.name
