"""The import layering of docs/architecture.md: a module imports only its own layer and below.

Every `import`/`from … import` of a dcdsl module is read from the source (also those inside
functions and under TYPE_CHECKING), so an upward import fails here however it is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "dcdsl"

# Bottom to top. A module belongs to the longest prefix listed here.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "dcdsl.codes",
        "dcdsl.diagnostics",
        "dcdsl.source",
        "dcdsl.units",
        "dcdsl.unit_table",
        "dcdsl.number_format",
        "dcdsl.runtime",
        "dcdsl.schemas",
        "dcdsl.limits",
    ),
    ("dcdsl.syntax",),
    ("dcdsl.model",),
    ("dcdsl.elaborate", "dcdsl.catalog"),
    ("dcdsl.analysis",),
    ("dcdsl.rules", "dcdsl.allowances"),
    ("dcdsl.pipeline",),
    ("dcdsl.emit", "dcdsl.export", "dcdsl.diff", "dcdsl.explain", "dcdsl.variants"),
    (
        "dcdsl",
        "dcdsl.cli",
        "dcdsl.lsp",
        "dcdsl.export.cli",
    ),
)

# Upward imports that are known and kept, each with its reason. Keep this list short.
ALLOWED = {
    # Compilation.summary() of the Python API renders summary.json; imported lazily.
    ("dcdsl.pipeline", "dcdsl.emit.summary"),
}


def layer_of(module: str) -> int:
    best, best_len = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    assert best >= 0, f"{module} is in no layer: add it to LAYERS (and docs/architecture.md)"
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, module: str) -> set[str]:
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("dcdsl"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("dcdsl"):
                continue
            # `from dcdsl import units` imports the module dcdsl.units; `__version__` is the
            # package's own (its __init__ imports the pipeline only when the API is called)
            found.update(
                f"{base}.{a.name}" if base == "dcdsl" and not a.name.startswith("__") else base
                for a in node.names
            )
    return found


def test_every_import_goes_down_the_layers() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        own = layer_of(module)
        for imported in sorted(imports_of(path, module)):
            if imported == "dcdsl" or (module, imported) in ALLOWED:
                continue
            if layer_of(imported) > own:
                upward.append(f"{module} imports {imported}")
    assert upward == [], "\n".join(upward)


def test_the_layering_test_sees_an_upward_import(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from dcdsl.emit import report\n", encoding="utf-8")
    assert imports_of(source, "dcdsl.analysis.x") == {"dcdsl.emit"}
    assert layer_of("dcdsl.emit") > layer_of("dcdsl.analysis.x")
    assert layer_of("dcdsl.export.cli") > layer_of("dcdsl.export.objects")
