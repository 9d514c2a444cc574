"""What the language server reuses between compiles, and that reuse never changes a result.

A document whose text and imports parsed to the same trees as its last compile answers with that
compile (a save, a file-watcher event); a finding converted to LSP JSON before is not converted
again. Each is compared here with the same work done from scratch.
"""

from __future__ import annotations

from pathlib import Path

from dcdsl.lsp import cache
from dcdsl.lsp.convert import Converter
from dcdsl.lsp.document import Document
from dcdsl.pipeline import compile_text

PARTS = "part psu { kind = other  power_max = 5 kW }\n"
DESIGN = """\
import "shared.dc"
design "reuse" { electricity = 0.08 USD/kWh }
part dgx { kind = server  gpus = 8  power_max = 10.2 kW  height = 8 U  nics = 8 }
hall "H1" {
  rack "r1" {
    height = 48 U
    device dgx "n1" { position = 2 U }
    device dgx "n2" { position = 12 U }
  }
}
"""


def _document(folder: Path) -> Document:
    (folder / "shared.dc").write_text(PARTS, encoding="utf-8")
    return Document.for_uri((folder / "pod.dc").as_uri())


def _scratch(document: Document, text: str) -> list[object]:
    return list(compile_text(text, document.path, document.root).diagnostics)


def test_an_unchanged_design_reuses_its_last_compile(tmp_path: Path) -> None:
    document = _document(tmp_path)
    cache.install(lambda path: path == document.path)
    try:
        first = document.analyse(DESIGN, 1)
        assert first is not None and document.reused is False
        again = document.analyse(DESIGN, 2)  # a save: nothing changed
        assert again is not None and document.reused is True
        assert again.compilation is first.compilation
        assert again.diagnostics == _scratch(document, DESIGN)

        # An imported file changes on disk: compiled again, as from scratch.
        (tmp_path / "shared.dc").write_text(PARTS.replace("5 kW", "5 V"), encoding="utf-8")
        changed = document.analyse(DESIGN, 3)
        assert changed is not None and document.reused is False
        assert changed.diagnostics == _scratch(document, DESIGN)
        assert any(d.code == "DC-LANG-008" for d in changed.diagnostics)

        # An edit, then the text before it: compiled each time (only the last compile is kept).
        edited = DESIGN.replace('"n2"', '"n3"')
        assert document.analyse(edited, 4) is not None and document.reused is False
        back = document.analyse(DESIGN, 5)
        assert back is not None and document.reused is False
        assert back.diagnostics == _scratch(document, DESIGN)
    finally:
        cache.uninstall()


def test_converted_findings_are_reused_and_equal_a_fresh_conversion(tmp_path: Path) -> None:
    document = _document(tmp_path)
    text = DESIGN
    converter = Converter(document.path, document.uri)
    versions = [
        text,
        text.replace('"n1"', '"n0"'),  # same findings, same places
        "\n\n" + text,  # every finding in the design moves two lines down
        text.replace("dgx", "dgy", 1),  # an error: the analyses stop, one finding
        "\n\n" + text,  # the error fixed: the findings of two conversions ago, reused
    ]
    for number, version in enumerate(versions):
        diagnostics = compile_text(version, document.path, document.root).diagnostics
        warm = converter.convert(diagnostics, version)
        cold = Converter(document.path, document.uri).convert(diagnostics, version)
        assert warm == cold, number
        assert converter.reused + converter.converted == len(diagnostics)
        if number in (1, 4):
            assert converter.converted == 0 and converter.reused == len(diagnostics)
        if number == 2:  # every finding moved two lines down: none reused
            assert diagnostics and converter.converted == len(diagnostics)
