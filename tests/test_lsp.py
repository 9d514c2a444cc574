"""End to end: `dcc lsp` started as a subprocess, driven by pytest-lsp as an editor would."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

DCC = str(Path(sys.executable).parent / "dcc")

DESIGN = """\
design "pod-1k" { electricity = 0.08 USD/kWh  pue_target = 1.3 }
let nodes_per_rack = 4
part dgx_h100 {
  kind = server  gpus = 8  power_max = 10.2 kW  height = 8 U  nics = 8  nic_speed = 400 Gb/s
  price = 300000 USD  source = "NVIDIA DGX H100 user guide"  confidence = secondary
}
part pdu_415v_60a { kind = rack_pdu  rating = 43 kVA  price = 3000 USD }
part tx_2500kva { kind = transformer  rating = 2500 kVA  price = 100000 USD }
part ups_2000kw { kind = ups  rating_kw = 2000 kW  price = 500000 USD }
part pdu_500kva { kind = pdu  rating = 500 kVA  price = 30000 USD }
rack_type gpu_rack {
  height = 48 U
  device dgx_h100 * nodes_per_rack
  rack_pdu pdu_415v_60a * 4
  cooling = rear_door
}
power "main" {
  utility "grid"    { capacity = 6 MW    voltage = 13.8 kV }
  transformer "T"   { part = tx_2500kva  count = 2  redundancy = 2N   from = grid }
  ups "UPS"         { part = ups_2000kw  count = 2  redundancy = 2N   from = T }
  pdu "PDU"         { part = pdu_500kva  count = 8                    from = UPS }
}
hall "H1" {
  row "A".."D" {
    rack gpu_rack * 8 { power = main.PDU }
  }
}
storage "scratch" { description = "🚀 fast tier"  capacity = 2 PB  read = 100 GB/s  price = 0.10 USD/GB }
"""

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[DCC, "lsp"]))
async def client(
    lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("lsp")
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri())
    )
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def _uri(client: LanguageClient, name: str) -> str:
    return (client.root / name).as_uri()  # type: ignore[attr-defined]


def _position(text: str, needle: str, occurrence: int = 1, delta: int = 0) -> types.Position:
    """The LSP position (UTF-16 columns) of ``needle`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    index += delta
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return types.Position(line, len(text[start:index].encode("utf-16-le")) // 2)


async def _open(client: LanguageClient, name: str, text: str) -> list[types.Diagnostic]:
    uri = _uri(client, name)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "dc", 1, text))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


async def _change(
    client: LanguageClient, name: str, version: int, text: str
) -> list[types.Diagnostic]:
    uri = _uri(client, name)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _errors(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error]


async def test_diagnostics_on_open_and_after_edits(client: LanguageClient) -> None:
    diagnostics_at_open = await _open(client, "edit.dc", DESIGN)
    assert _errors(diagnostics_at_open) == [], [d.message for d in diagnostics_at_open]

    broken = DESIGN.replace("rack gpu_rack * 8", "rack gpu_rak * 8")
    diagnostics = await _change(client, "edit.dc", 2, broken)
    (error,) = _errors(diagnostics)
    assert error.code == "DC-LANG-030"
    assert "gpu_rak" in error.message and "did you mean `gpu_rack`" in error.message
    start = _position(broken, "gpu_rak")
    assert error.range == types.Range(start, types.Position(start.line, start.character + 7))

    fixed = await _change(client, "edit.dc", 3, DESIGN)
    assert _errors(fixed) == []
    assert fixed == diagnostics_at_open


async def test_error_after_non_bmp_characters_has_utf16_columns(client: LanguageClient) -> None:
    text = DESIGN.replace("capacity = 2 PB  read", "capacity = 2 PB  raed")
    (error,) = _errors(await _open(client, "emoji.dc", text))
    line = text.splitlines()[error.range.start.line]
    assert "🚀" in line
    python_column = line.index("raed")
    utf16_column = len(line[:python_column].encode("utf-16-le")) // 2
    assert utf16_column == python_column + 1  # the rocket is two UTF-16 code units
    assert error.range.start == types.Position(error.range.start.line, utf16_column)
    assert error.range.end.character == utf16_column + 4


async def test_syntax_error_is_located(client: LanguageClient) -> None:
    text = DESIGN.replace("count = 8 ", "count 8 ")
    (error,) = _errors(await _open(client, "syntax.dc", text))
    assert error.code == "DC-LANG-003"
    assert error.range.start == _position(text, "count 8", delta=6)


async def _hover(client: LanguageClient, name: str, position: types.Position) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(_uri(client, name)), position)
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def test_hover_on_quantity_shows_canonical_unit(client: LanguageClient) -> None:
    await _open(client, "hover.dc", DESIGN)
    text = await _hover(client, "hover.dc", _position(DESIGN, "6 MW", delta=2))
    assert "6,000 kW" in text  # utility capacity is stored in kW
    text = await _hover(client, "hover.dc", _position(DESIGN, "13.8 kV"))
    assert "13,800 V" in text


async def test_hover_on_part_shows_specs_price_and_source(client: LanguageClient) -> None:
    await _open(client, "hover-part.dc", DESIGN)
    text = await _hover(client, "hover-part.dc", _position(DESIGN, "dgx_h100 * nodes", delta=3))
    assert "part `dgx_h100`" in text and "server" in text
    assert "power_max: 10.2 kW" in text and "gpus: 8" in text
    assert "300,000 USD" in text
    assert "NVIDIA DGX H100 user guide" in text and "secondary" in text


async def test_hover_on_rack_shows_computed_power(client: LanguageClient) -> None:
    await _open(client, "hover-rack.dc", DESIGN)
    text = await _hover(client, "hover-rack.dc", _position(DESIGN, "rack gpu_rack", delta=1))
    # 4 × 10.2 kW per rack (rack PDUs draw nothing here); 32 racks in rows A–D.
    assert "40.8 kW" in text
    assert "1,305.6 kW" in text
    if importlib.util.find_spec("dcdsl.analysis.cooling") is not None:
        assert "rear_door" in text and "limit 50 kW" in text  # the cooling analysis's RDHx limit


async def test_definition_of_rack_template_let_and_power_element(client: LanguageClient) -> None:
    await _open(client, "def.dc", DESIGN)
    uri = _uri(client, "def.dc")

    async def definition(position: types.Position) -> types.Location:
        result = await client.text_document_definition_async(
            types.DefinitionParams(types.TextDocumentIdentifier(uri), position)
        )
        assert isinstance(result, list) and len(result) == 1
        assert isinstance(result[0], types.Location)
        return result[0]

    target = await definition(_position(DESIGN, "rack gpu_rack", delta=6))
    assert target.uri == uri
    assert target.range.start == _position(DESIGN, "gpu_rack {")
    target = await definition(_position(DESIGN, "* nodes_per_rack", delta=3))
    assert target.range.start == _position(DESIGN, "nodes_per_rack = 4")
    target = await definition(_position(DESIGN, "main.PDU", delta=6))
    assert target.range.start == _position(DESIGN, '"PDU"')
    target = await definition(_position(DESIGN, "from = T", delta=7))
    assert target.range.start == _position(DESIGN, '"T"')


async def _complete(client: LanguageClient, uri: str, position: types.Position) -> list[str]:
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), position)
    )
    assert isinstance(result, types.CompletionList)
    return [item.label for item in result.items]


async def test_completion_inside_rack_block(client: LanguageClient) -> None:
    await _open(client, "complete.dc", DESIGN)
    uri = _uri(client, "complete.dc")
    # Start a new line after `height = 48 U` inside the rack template.
    text = DESIGN.replace("  height = 48 U\n", "  height = 48 U\n  \n")
    await _change(client, "complete.dc", 2, text)
    labels = await _complete(client, uri, _position(text, "  \n  device", delta=2))
    assert {"device", "rack_pdu", "cooling", "power", "height"} <= set(labels)
    assert "topology" not in labels and "hall" not in labels
    # After `device ` come the parts of the design.
    text2 = text.replace("  height = 48 U\n  \n", "  height = 48 U\n  device \n")
    await _change(client, "complete.dc", 3, text2)
    labels = await _complete(client, uri, _position(text2, "device \n", delta=7))
    assert {"dgx_h100", "pdu_415v_60a"} <= set(labels)
    # After a number in `capacity = 6 …`: units of power only.
    labels = await _complete(client, uri, _position(text2, "6 MW", delta=2))
    assert "MW" in labels and "kW" in labels and "V" not in labels


async def test_document_symbols(client: LanguageClient) -> None:
    await _open(client, "symbols.dc", DESIGN)
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(_uri(client, "symbols.dc")))
    )
    assert result is not None
    symbols = {s.name: s for s in result if isinstance(s, types.DocumentSymbol)}
    assert {"pod-1k", "nodes_per_rack", "dgx_h100", "gpu_rack", "main", "H1", "scratch"} <= set(
        symbols
    )
    power = symbols["main"]
    assert [c.name for c in power.children or []] == ["grid", "T", "UPS", "PDU"]
    hall = symbols["H1"]
    (row,) = hall.children or []
    assert row.name == "A..D"
    (rack,) = row.children or []
    assert rack.name == "gpu_rack" and rack.detail == "rack × 8"
    assert symbols["gpu_rack"].selection_range.start == _position(DESIGN, "gpu_rack {")


@pytest.mark.skipif(
    importlib.util.find_spec("dcdsl.syntax.format") is None, reason="`dcc fmt` is not there yet"
)
async def test_formatting_goes_through_dcc_fmt(client: LanguageClient) -> None:
    from dcdsl.syntax.format import format_text

    messy = 'design "x"   {   electricity=0.08 USD/kWh }\nlet   a=4 # keep me\n'
    await _open(client, "fmt.dc", messy)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            types.TextDocumentIdentifier(_uri(client, "fmt.dc")),
            types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits is not None
    (edit,) = edits
    assert edit.range.start == types.Position(0, 0)
    assert edit.range.end == types.Position(2, 0)
    assert edit.new_text == format_text(messy) and "# keep me" in edit.new_text


async def test_definition_and_hover_of_a_catalogue_part(client: LanguageClient) -> None:
    text = 'import "std/nvidia"\ndesign "std" { }\nrack_type r { height = 48 U  device dgx_h100 * 4 }\n'
    await _open(client, "std.dc", text)
    uri = _uri(client, "std.dc")
    position = _position(text, "dgx_h100", delta=2)
    result = await client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri), position)
    )
    assert isinstance(result, list) and len(result) == 1
    (target,) = result
    assert isinstance(target, types.Location)
    assert target.uri.endswith("/dcdsl/catalog/std/nvidia.dc")
    catalogue = Path(target.uri.removeprefix("file://")).read_text(encoding="utf-8").splitlines()
    assert catalogue[target.range.start.line].startswith("part dgx_h100")
    text_shown = await _hover(client, "std.dc", position)
    assert (
        "part `dgx_h100`" in text_shown and "source:" in text_shown and "<std/nvidia>" in text_shown
    )
    # The import itself leads to the catalogue file.
    result = await client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri), _position(text, "std/nvidia"))
    )
    assert isinstance(result, list) and result[0].uri == target.uri


async def test_error_in_an_imported_file_and_its_fix_on_disk(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    shared = root / "shared_parts.dc"
    shared.write_text("part psu { kind = other  power_max = 5 V }\n", encoding="utf-8")
    text = 'import "shared_parts.dc"\ndesign "imports" { }\n'
    (error,) = _errors(await _open(client, "imports.dc", text))
    assert error.code == "DC-LANG-008"  # 5 V where a power is expected, in the imported file
    assert error.range.start == types.Position(0, 7)  # shown on the import's path
    assert "shared_parts.dc:1" in error.message
    assert (
        error.related_information and error.related_information[0].location.uri == shared.as_uri()
    )

    shared.write_text("part psu { kind = other  power_max = 5 kW }\n", encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(shared.as_uri(), types.FileChangeType.Changed)]
        )
    )
    uri = _uri(client, "imports.dc")
    for _ in range(400):  # every open document is checked again; wait for this one
        if _errors(list(client.diagnostics[uri])) == []:
            break
        await asyncio.sleep(0.05)
    assert _errors(list(client.diagnostics[uri])) == []
