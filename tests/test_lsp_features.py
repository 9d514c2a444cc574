"""The language server's features as plain functions: every cursor position, broken text too."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from dcdsl.lsp import complete, hover, navigate
from dcdsl.lsp.convert import to_lsp
from dcdsl.lsp.document import Document
from dcdsl.lsp.positions import LineIndex
from dcdsl.lsp.symbols import document_symbols
from tests.test_lsp import DESIGN


@pytest.fixture(scope="module")
def document() -> Document:
    doc = Document("file:///design.dc", "/design.dc", None)
    analysis = doc.analyse(DESIGN, 1)
    assert analysis.model is not None
    return doc


def test_every_offset_answers_without_raising(document: Document) -> None:
    module = document.tree(DESIGN)
    assert module is not None
    model, results, fresh = document.model_for(DESIGN)
    assert fresh
    index = navigate.Index.build(module, model)
    hovers = 0
    for offset in range(len(DESIGN) + 1):
        trail = navigate.path_at(module, offset)
        if hover.hover_markdown(trail, offset, index, model, results, lambda block: []):
            hovers += 1
        reference = navigate.reference_at(trail, offset)
        if reference is not None:
            index.resolve(reference[0], navigate.chain_of(trail))
        complete.completions(DESIGN, offset, model)
    assert hovers > len(DESIGN) // 4  # most of a design has something to say


def test_completion_on_text_that_does_not_parse(document: Document) -> None:
    model, _, _ = document.model_for(DESIGN)
    broken = DESIGN + 'hall "H2" {\n  row "A" {\n    rack '
    labels = [i.label for i in complete.completions(broken, len(broken), model)]
    assert labels == ["gpu_rack"]
    for offset in range(len(broken) + 1):
        complete.completions(broken, offset, model)  # never raises


@pytest.mark.parametrize(
    ("before", "expected", "absent"),
    [
        ("", {"design", "hall", "power", "let", "import"}, {"height"}),
        ('power "p" {\n  ', {"utility", "ups", "pdu", "description"}, {"height", "device"}),
        ('power "p" {\n  ups "U" { part = ', {"ups_2000kw"}, set()),
        ('cooling "c" { tier = ', {"rear_door", "direct_to_chip"}, {"dgx_h100"}),
        ('hall "H" { rack gpu_rack { power = ', {"main.PDU", "main.grid"}, set()),
        ('design "d" { electricity = 0.1 ', {"USD/kWh", "USD/MWh"}, {"kW"}),
        ("# a comment with part ", set(), {"design"}),
    ],
)
def test_completion_contexts(
    document: Document, before: str, expected: set[str], absent: set[str]
) -> None:
    model, _, _ = document.model_for(DESIGN)
    labels = {i.label for i in complete.completions(before, len(before), model)}
    assert expected <= labels
    assert not (absent & labels)


def test_part_preferred_for_a_power_node_kind(document: Document) -> None:
    model, _, _ = document.model_for(DESIGN)
    text = 'power "p" {\n  ups "U" { part = '
    items = complete.completions(text, len(text), model)
    best = min(items, key=lambda i: i.sort_text or "")
    assert best.label == "ups_2000kw"


def test_hover_quantity_conversions() -> None:
    text = 'design "d" { electricity = 80 USD/MWh  ambient = 25 degC }\ncooling "c" { delta_t = 10 degC }\nlet x = 5 kW'
    doc = Document("file:///q.dc", "/q.dc", None)
    module = doc.tree(text)
    assert module is not None

    def at(needle: str) -> str:
        offset = text.index(needle)
        trail = navigate.path_at(module, offset)
        markdown = hover.hover_markdown(
            trail, offset, navigate.Index.build(module, None), None, None, None
        )
        assert markdown is not None
        return markdown

    assert "0.08 USD/kWh" in at("80 USD/MWh")
    assert "25 degC" in at("25 degC")  # an absolute temperature keeps its zero
    assert "10 K" in at("10 degC")  # a ΔT of 10 degC is 10 K, not 283.15 K
    assert "5 kW" in at("5 kW") and "power" in at("5 kW")


def test_diagnostics_of_imported_files_show_on_the_import(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "racks.dc").write_text(
        "part broken { kind = server  power_max = 5 V }\n", encoding="utf-8"
    )
    text = 'import "racks.dc"\ndesign "d" { }\n'
    design = folder / "main.dc"
    doc = Document.for_uri(design.as_uri())
    analysis = doc.analyse(text, 1)
    (diagnostic,) = [
        d for d in to_lsp(analysis.diagnostics, text, doc.path, doc.uri) if d.code == "DC-LANG-008"
    ]
    assert diagnostic.range == types.Range(types.Position(0, 7), types.Position(0, 17))
    assert "racks.dc:1" in diagnostic.message
    assert diagnostic.related_information
    assert diagnostic.related_information[0].location.uri == (folder / "racks.dc").as_uri()


def test_symbols_cover_every_top_level_block(document: Document) -> None:
    module = document.tree(DESIGN)
    assert module is not None
    symbols = document_symbols(module, LineIndex(DESIGN))
    assert len(symbols) == len(module.statements)


def test_hover_on_power_element_and_hall(document: Document) -> None:
    module = document.tree(DESIGN)
    assert module is not None
    model, results, _ = document.model_for(DESIGN)
    index = navigate.Index.build(module, model)

    def at(needle: str, delta: int) -> str:
        offset = DESIGN.index(needle) + delta
        trail = navigate.path_at(module, offset)
        markdown = hover.hover_markdown(trail, offset, index, model, results, lambda block: [])
        assert markdown is not None
        return markdown

    text = at("main.PDU", 6)
    assert "pdu `main.PDU`" in text and "8 unit(s) of `pdu_500kva`" in text
    assert "500 kVA per unit" in text
    # 1,305.6 kW over two sides (A/B) of a 2N-fed PDU group: 652.8 kW each in normal operation.
    assert "652.8 kW in normal operation" in text
    assert at("from = T", 7).startswith("**transformer `main.T`**")
    hall = at('"H1"', 1)
    assert "1,305.6 kW" in hall and "row A: 326.4 kW" in hall


def test_parse_cache_for_imports_gives_the_same_diagnostics() -> None:
    from pathlib import Path

    from dcdsl.lsp import cache
    from dcdsl.pipeline import compile_text

    text = (
        'import "std/nvidia"\ndesign "c" { }\nrack_type r { height = 48 U  device dgx_h100 * 2 }\n'
    )
    expected = [d.message for d in compile_text(text, "/c.dc", Path("/")).diagnostics]
    installed = cache.install(lambda path: path == "/c.dc")
    try:
        for _ in range(2):
            assert [
                d.message for d in compile_text(text, "/c.dc", Path("/")).diagnostics
            ] == expected
        # The loader really goes through the cache: std/nvidia was parsed once, then reused.
        assert installed.hits >= 1 and installed.misses >= 1
        assert all(path != "/c.dc" for path, _ in installed.entries)
    finally:
        cache.uninstall()


def test_hover_reuses_the_tree_the_compile_parsed() -> None:
    from dcdsl.lsp import cache

    installed = cache.install(lambda path: path == "/reuse.dc")
    try:
        doc = Document("file:///reuse.dc", "/reuse.dc", None)
        doc.analyse(DESIGN, 1)
        tree = doc.tree(DESIGN)
        assert tree is not None and tree is installed.latest["/reuse.dc"][1]
        changed = DESIGN + "\n# one more line\n"
        assert doc.tree(changed) is not tree  # another text: parsed for itself
        cache.forget("/reuse.dc")
        assert "/reuse.dc" not in installed.latest
    finally:
        cache.uninstall()


def test_a_cancelled_compile_stops_and_keeps_nothing() -> None:
    from dcdsl.pipeline import Cancelled, compile_text

    asked: list[int] = []

    def cancelled() -> bool:  # the text changes again once the first analysis has run
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Cancelled):
        compile_text(DESIGN, "/cancel.dc", cancelled=cancelled)
    assert len(asked) == 2  # asked before each stage, stopped at the second
    doc = Document("file:///cancel.dc", "/cancel.dc", None)
    kept = doc.analyse(DESIGN, 1)
    assert kept is not None and doc.latest is kept
    assert doc.analyse(DESIGN + "\n", 2, lambda: True) is None
    assert doc.latest is kept and doc.good is kept  # the stopped compile replaced nothing
    # Never asked to stop: the same diagnostics as a compile without the question.
    whole = compile_text(DESIGN, "/cancel.dc", cancelled=lambda: False)
    assert [d.message for d in whole.diagnostics] == [d.message for d in kept.diagnostics]


def test_an_edit_after_a_pause_compiles_at_once_and_a_burst_is_debounced() -> None:
    import asyncio

    from dcdsl.lsp.server import DcLanguageServer

    ls = DcLanguageServer(debounce_s=5.0)
    delays: list[float] = []

    async def scenario() -> None:
        gate = asyncio.Event()

        async def compile_and_publish(uri: str, generation: int, delay: float) -> None:
            delays.append(delay)
            await gate.wait()  # a compile in flight until the gate opens

        ls._compile_and_publish = compile_and_publish  # type: ignore[method-assign]
        ls.schedule("file:///a.dc", ls.debounce_s)  # after a pause: no wait
        await asyncio.sleep(0)
        ls.schedule("file:///a.dc", ls.debounce_s)  # while the first is in flight: debounced
        ls.schedule("file:///b.dc", ls.debounce_s)  # another document is not held up
        await asyncio.sleep(0)
        gate.set()
        for _ in range(5):
            await asyncio.sleep(0)
        ls.schedule("file:///a.dc", ls.debounce_s)  # all landed: at once again
        await asyncio.sleep(0)
        gate.set()

    asyncio.run(scenario())
    assert delays == [0.0, 5.0, 0.0, 0.0]
    assert ls.generation["file:///a.dc"] == 3


def test_an_edited_import_is_read_again_by_its_importer(tmp_path: Path) -> None:
    from dcdsl.lsp import cache

    racks = tmp_path / "racks.dc"
    racks.write_text("rack_type r { height = 48 U }\n", encoding="utf-8")
    design = tmp_path / "site.dc"
    text = 'import "racks"\ndesign "s" { }\nhall "H" { rack r * 2 }\n'
    installed = cache.install(lambda path: path == str(design))
    try:
        doc = Document(design.as_uri(), str(design), tmp_path)
        first = doc.analyse(text, 1)
        assert first is not None and first.model is not None
        assert not [d for d in first.diagnostics if d.is_error]
        doc.analyse(text, 2)
        assert installed.hits >= 1  # the unchanged import came from the cache
        # The imported file changes on disk (saved in the editor, a branch switch): the
        # importer's next compile reads the new text, not the cached tree of the old one.
        racks.write_text("rack_type q { height = 48 U }\n", encoding="utf-8")
        after = doc.analyse(text, 3)
        assert after is not None
        assert any(d.is_error and "`r`" in d.message for d in after.diagnostics)
        racks.write_text("rack_type r { height = 48 U  heigth = 2 U }\n", encoding="utf-8")
        typo = doc.analyse(text, 4)
        assert typo is not None
        assert any(
            d.is_error and d.span and d.span.file.endswith("racks.dc") for d in typo.diagnostics
        )
    finally:
        cache.uninstall()


def test_garbage_is_collected_after_a_pause_never_during_a_compile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio
    import gc

    from dcdsl.lsp import server

    ls = server.DcLanguageServer()
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda *args: collected.append(1) or 0)
    monkeypatch.setattr(server, "IDLE_GC_S", 0.01)

    async def scenario() -> None:
        ls.in_flight["file:///a.dc"] = 1  # a compile is under way
        ls.collect_when_idle()
        await asyncio.sleep(0.2)
        assert collected == []  # put off while the compile runs
        ls.in_flight["file:///a.dc"] = 0
        for _ in range(200):
            if collected:
                break
            await asyncio.sleep(0.01)
        assert collected == [1]  # once, after the pause

    enabled = gc.isenabled()
    gc.disable()  # as `dcc lsp` runs (server.start)
    try:
        asyncio.run(scenario())
    finally:
        if enabled:
            gc.enable()
    # With automatic collection on (no server.start), the server leaves it alone.
    collected.clear()

    async def automatic() -> None:
        ls.collect_when_idle()
        await asyncio.sleep(0.1)

    asyncio.run(automatic())
    assert collected == []
