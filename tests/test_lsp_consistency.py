"""What `dcc lsp` publishes after a sequence of edits is what a compile from scratch reports.

The server re-parses only what an edit touched, keeps the parsed imports and reuses the JSON of
findings it converted before; none of that may change a diagnostic. `dcc lsp` runs as a
subprocess; each edit goes as the smallest range change (as an editor sends it), and the
diagnostics published for that version are compared with `compile_text` (the pipeline of
`dcc check`) run on the same text in this process, converted from scratch.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from dcdsl.lsp.convert import to_lsp
from dcdsl.lsp.positions import LineIndex
from dcdsl.pipeline import compile_text

DCC = str(Path(sys.executable).parent / "dcc")

PARTS = """\
part dgx_h100 {
  kind = server  gpus = 8  power_max = 10.2 kW  height = 8 U  nics = 8  nic_speed = 400 Gb/s
  price = 300000 USD  source = "NVIDIA DGX H100 user guide"
}
part pdu_415v_60a { kind = rack_pdu  rating = 43 kVA  price = 3000 USD }
"""

DESIGN = """\
import "parts.dc"
design "pod" { electricity = 0.08 USD/kWh  pue_target = 1.3 }
part pdu_500kva { kind = pdu  rating = 500 kVA  price = 30000 USD }
rack_type gpu_rack {
  height = 48 U
  device dgx_h100 * 4
  rack_pdu pdu_415v_60a * 4
  cooling = rear_door
}
power "main" {
  utility "grid" { capacity = 6 MW  voltage = 13.8 kV }
  pdu "PDU" { part = pdu_500kva  count = 8  from = grid }
}
hall "H1" {
  row "A".."D" {
    rack gpu_rack * 8 { power = main.PDU }
  }
  row "E" {
    rack gpu_rack * 30 { power = main.PDU }
  }
}
"""

SECOND_HALL = 'hall "H2" {\n  row "A" { rack gpu_rack2 * 40 { power = main.PDU } }\n}\n'


def _change(old: str, new: str) -> types.TextDocumentContentChangePartial:
    """The smallest range change that turns ``old`` into ``new``."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    index = LineIndex(old)
    return types.TextDocumentContentChangePartial(
        range=index.range(start, end_old), text=new[start:end_new]
    )


def _edits() -> list[tuple[str, str]]:
    """(what, text) in order: each text is the one before with one edit."""
    texts = [("open", DESIGN)]

    def edit(what: str, old: str, new: str, count: int = 1) -> None:
        text = texts[-1][1]
        assert old in text, old
        texts.append((what, text.replace(old, new, count)))

    edit("an unknown rack type (an error)", "rack gpu_rack * 8", "rack gpu_rak * 8")
    edit("the error fixed", "rack gpu_rak * 8", "rack gpu_rack * 8")
    edit("a value inside a block", "count = 8", "count = 2")
    edit("a line inserted at the top", 'import "parts.dc"\n', 'import "parts.dc"\n\n// pod\n')
    edit("a definition renamed, its uses not", "rack_type gpu_rack", "rack_type gpu_rack2")
    edit("its uses renamed too", "rack gpu_rack *", "rack gpu_rack2 *", 2)
    edit("a syntax error", "height = 48 U", "height = = 48 U")
    edit("the syntax error fixed", "height = = 48 U", "height = 48 U")
    texts.append(("a hall added at the end", texts[-1][1] + SECOND_HALL))
    edit("an imported part renamed in the design only", "device dgx_h100", "device dgx_h200")
    edit("and back", "device dgx_h200", "device dgx_h100")
    return texts


async def _published(
    queue: asyncio.Queue[types.PublishDiagnosticsParams], version: int
) -> list[types.Diagnostic]:
    while True:
        params = await asyncio.wait_for(queue.get(), 60)
        if params.version == version:
            return list(params.diagnostics)


def _from_scratch(text: str, path: Path) -> list[types.Diagnostic]:
    compilation = compile_text(text, str(path), path.parent)
    return to_lsp(compilation.diagnostics, text, str(path), path.as_uri())


@pytest.mark.asyncio
async def test_published_diagnostics_match_a_compile_from_scratch(tmp_path: Path) -> None:
    (tmp_path / "parts.dc").write_text(PARTS, encoding="utf-8")
    path = tmp_path / "pod.dc"
    uri = path.as_uri()
    client = LanguageClient("consistency", "1")
    queue: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(params: types.PublishDiagnosticsParams) -> None:
        queue.put_nowait(params)

    await client.start_io(DCC, "lsp")
    try:
        await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri()
            )
        )
        client.initialized(types.InitializedParams())
        texts = _edits()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "dc", 1, texts[0][1]))
        )
        seen_codes: set[str] = set()
        published = await _published(queue, 1)
        assert published == _from_scratch(texts[0][1], path), "open"
        for version, ((what, text), (_, before)) in enumerate(
            zip(texts[1:], texts, strict=False), start=2
        ):
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    [_change(before, text)],
                )
            )
            published = await _published(queue, version)
            assert published == _from_scratch(text, path), what
            seen_codes.update(str(d.code) for d in published)
        # The sequence covered errors coming and going, not only engineering findings.
        assert {"DC-LANG-030"} <= seen_codes, seen_codes

        # An imported file changes on disk: the design is checked again, as from scratch.
        version = len(texts)
        changed = PARTS.replace("power_max = 10.2 kW", "power_max = 40 kW")
        (tmp_path / "parts.dc").write_text(changed, encoding="utf-8")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                [types.FileEvent((tmp_path / "parts.dc").as_uri(), types.FileChangeType.Changed)]
            )
        )
        published = await _published(queue, version)
        expected = _from_scratch(texts[-1][1], path)
        assert published == expected, "after the imported file changed"
        assert expected != _from_scratch_with(PARTS, texts[-1][1], tmp_path), (
            "the imported file's change must change the findings, or this proves nothing"
        )
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


def _from_scratch_with(parts: str, text: str, folder: Path) -> list[types.Diagnostic]:
    """The findings had the imported file stayed as it was (restored afterwards)."""
    imported = folder / "parts.dc"
    now = imported.read_text(encoding="utf-8")
    imported.write_text(parts, encoding="utf-8")
    try:
        return _from_scratch(text, folder / "pod.dc")
    finally:
        imported.write_text(now, encoding="utf-8")
