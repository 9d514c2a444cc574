"""`dcc lsp`: the language server (pygls 2, stdio). A thin front end over the compiler pipeline.

Diagnostics are published on open at once, and on change at once when nothing is compiling for
that document; an edit that comes while a compile of the document is in flight waits a short
debounce, so that a burst of keystrokes compiles once. Compiles run on worker threads, never on
the message loop: documents side by side (a slow one never holds up another), one compile at a
time per document. An edit supersedes the compiles of the text before it: one not yet started
never starts, one under way stops at its next stage boundary (``pipeline.Cancelled``, asked
between analyses and rules) or, inside parsing and elaboration, finishes in the background with
its result dropped, so only the latest version's diagnostics are ever published. Hover,
go-to-definition, completion, document symbols and formatting also run on worker threads
(``protocol.off_loop``) and answer from the syntax tree of the current text and the last model
that compiled; a request that fails answers a JSON-RPC error, and malformed params answer
InvalidParams (``protocol.DcProtocol``).
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from dcdsl import __version__
from dcdsl.diagnostics import DcError
from dcdsl.lsp import cache, complete, hover, navigate
from dcdsl.lsp.convert import Converter
from dcdsl.lsp.document import Document, span_path
from dcdsl.lsp.positions import LineIndex, encoding_name
from dcdsl.lsp.protocol import DcProtocol, off_loop
from dcdsl.lsp.symbols import document_symbols
from dcdsl.model import RackGroup
from dcdsl.syntax import tree as t

log = logging.getLogger("dcdsl.lsp")

DEFAULT_DEBOUNCE_S = 0.05
IDLE_GC_S = 1.0  # a pause after the last publish before garbage is collected


class DcLanguageServer(LanguageServer):
    def __init__(self, debounce_s: float = DEFAULT_DEBOUNCE_S) -> None:
        super().__init__("dcc-lsp", __version__, protocol_cls=DcProtocol)
        self.debounce_s = debounce_s
        self.documents: dict[str, Document] = {}
        self.converters: dict[str, Converter] = {}  # per document: its findings' LSP JSON
        self.open_paths: set[str] = set()  # never parse-cached: they change with each keystroke
        # Each edit of a document bumps its generation; a compile whose generation is no longer
        # the latest is not started, or its result is dropped (never published).
        self.generation: dict[str, int] = {}
        self.compiling: dict[str, asyncio.Lock] = {}  # one compile per document at a time
        # Compiles scheduled and not yet ended, per document: an edit while one is in flight is
        # debounced (a burst of keystrokes compiles once); an edit after a pause is not.
        self.in_flight: dict[str, int] = {}
        self.idle_gc: asyncio.TimerHandle | None = None  # collect_when_idle's pending call
        self.tasks: set[asyncio.Future[None]] = set()
        self.message_loop: asyncio.AbstractEventLoop | None = None  # known once a file opens
        # Compiles of different documents run side by side: a slow one never holds up another.
        self.compiler = ThreadPoolExecutor(max_workers=8, thread_name_prefix="dcc-compile")
        # Hover, completion, symbols, formatting: off the message loop, beside the compiles.
        self.requests: Executor = ThreadPoolExecutor(4, thread_name_prefix="dcc-request")

    @property
    def encoding(self) -> str:
        return encoding_name(self.workspace.position_encoding)

    def document(self, uri: str) -> Document:
        if uri not in self.documents:
            self.documents[uri] = Document.for_uri(uri)
            self.open_paths.add(self.documents[uri].path)
        return self.documents[uri]

    def text(self, uri: str) -> str:
        if unquote(uri) not in self.workspace.text_documents:
            raise JsonRpcInvalidParams(f"{uri} is not open: send textDocument/didOpen first")
        return self.workspace.get_text_document(uri).source

    def schedule(self, uri: str, delay: float) -> None:
        self.message_loop = asyncio.get_running_loop()
        generation = self.generation.get(uri, 0) + 1
        self.generation[uri] = generation
        if not self.in_flight.get(uri):
            delay = 0.0  # nothing to coalesce with: the first keystroke after a pause compiles now
        self.in_flight[uri] = self.in_flight.get(uri, 0) + 1
        task = asyncio.ensure_future(self._compile_and_publish(uri, generation, delay))
        self.tasks.add(task)  # keep a reference until it ends (the loop holds only weak ones)
        task.add_done_callback(self.tasks.discard)
        task.add_done_callback(lambda _: self._landed(uri))

    def _landed(self, uri: str) -> None:
        self.in_flight[uri] -= 1

    def superseded(self, uri: str, generation: int) -> bool:
        return self.generation.get(uri) != generation

    async def _compile_and_publish(self, uri: str, generation: int, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)  # a burst of keystrokes compiles once
        if self.superseded(uri, generation):
            return
        lock = self.compiling.setdefault(uri, asyncio.Lock())
        async with lock:  # an older compile of this document may still be running
            if self.superseded(uri, generation) or uri not in self.documents:
                return  # a newer edit came while we waited: its own run compiles
            text_document = self.workspace.get_text_document(uri)
            text, version = text_document.source, text_document.version
            document = self.documents[uri]
            loop = asyncio.get_running_loop()
            diagnostics = await loop.run_in_executor(
                self.compiler,
                self._compile,
                document,
                text,
                version,
                lambda: self.superseded(uri, generation),  # asked between analyses
            )
        if diagnostics is None or self.superseded(uri, generation):
            return  # stale: the text changed (or the document closed) while it compiled
        protocol = self.protocol
        assert isinstance(protocol, DcProtocol)
        protocol.publish_diagnostics(uri, version, diagnostics)
        self.collect_when_idle()

    def _compile(
        self, document: Document, text: str, version: int | None, cancelled: Callable[[], bool]
    ) -> list[str] | None:
        """On a compile thread: the document's diagnostics as JSON texts, None if superseded.
        The conversion runs here too, under the document's compile lock (its converter's cache
        is the document's own), and never on the message loop."""
        analysis = document.analyse(text, version, cancelled)
        if analysis is None or cancelled():
            return None
        converter = self.converters.get(document.uri)
        if converter is None or converter.encoding != self.encoding:
            converter = Converter(document.path, document.uri, self.encoding)
            self.converters[document.uri] = converter
        return converter.convert(analysis.diagnostics, text)

    def collect_when_idle(self) -> None:
        """Collect cyclic garbage once no compile has been in flight for ``IDLE_GC_S``.

        The server keeps trees and models of large designs alive (millions of objects); left to
        itself, the collector's full passes over them fall at random, often between an edit and
        its diagnostics. ``start`` turns automatic collection off, and the server collects here,
        after publishing, when typing has paused. (With automatic collection on, as in tests
        that build a server without ``start``, this does nothing.)"""
        loop = asyncio.get_running_loop()
        if self.idle_gc is not None:
            self.idle_gc.cancel()
        self.idle_gc = loop.call_later(IDLE_GC_S, self._collect_if_idle)

    def _collect_if_idle(self) -> None:
        self.idle_gc = None
        if gc.isenabled():
            return
        if any(self.in_flight.values()):
            self.collect_when_idle()  # busy: try again after the next pause
            return
        gc.collect()

    def notify(self, message: str) -> None:
        """Show a message in the editor; callable from the request threads."""
        params = types.ShowMessageParams(types.MessageType.Warning, message)
        if self.message_loop is None:
            self.window_show_message(params)
        else:
            self.message_loop.call_soon_threadsafe(self.window_show_message, params)

    # --- helpers for the requests -------------------------------------------------------------

    def at(self, uri: str, position: types.Position) -> tuple[Document, str, int, t.Module | None]:
        text = self.text(uri)
        document = self.document(uri)
        offset = LineIndex(text, self.encoding).offset(position)
        return document, text, offset, document.tree(text)


server = DcLanguageServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: DcLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.document(params.text_document.uri)
    ls.schedule(params.text_document.uri, 0.0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: DcLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce_s)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: DcLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    # A saved file may be imported by another open design: check them all again.
    for uri in list(ls.documents):
        ls.schedule(uri, ls.debounce_s)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(
    ls: DcLanguageServer, params: types.DidChangeWatchedFilesParams
) -> None:
    # An imported file changed on disk (a branch switch, another editor): check again.
    for uri in list(ls.documents):
        ls.schedule(uri, ls.debounce_s)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: DcLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.generation[uri] = ls.generation.get(uri, 0) + 1  # whatever is compiling: drop it
    closed = ls.documents.pop(uri, None)
    ls.converters.pop(uri, None)
    if closed is not None:
        ls.open_paths.discard(closed.path)
        cache.forget(closed.path)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _groups_for(document: Document, text: str) -> Callable[[t.Block], list[RackGroup]]:
    model, _, fresh = document.model_for(text)

    def groups(block: t.Block) -> list[RackGroup]:
        if model is None:
            return []
        found = list(model.rack_groups())
        if fresh:
            return [g for g in found if g.span is not None and g.span.start == block.span.start]
        # The text changed since the last compile: match by rack type instead of position.
        return [g for g in found if g.rack_type.name == block.type_ref]

    return groups


@server.feature(types.TEXT_DOCUMENT_HOVER)
@off_loop
def on_hover(ls: DcLanguageServer, params: types.HoverParams) -> types.Hover | None:
    document, text, offset, module = ls.at(params.text_document.uri, params.position)
    if module is None:
        return None
    model, results, _ = document.model_for(text)
    trail = navigate.path_at(module, offset)
    index = navigate.Index.build(module, model)
    markdown = hover.hover_markdown(
        trail, offset, index, model, results, _groups_for(document, text)
    )
    if not markdown:
        return None
    node = trail[-1]
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
        range=LineIndex(text, ls.encoding).span_range(node.span),
    )


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@off_loop
def on_definition(
    ls: DcLanguageServer, params: types.DefinitionParams
) -> list[types.Location] | None:
    document, text, offset, module = ls.at(params.text_document.uri, params.position)
    if module is None:
        return None
    model, _, _ = document.model_for(text)
    trail = navigate.path_at(module, offset)
    if trail and isinstance(trail[-1], t.Import):
        return _import_location(trail[-1], document)
    reference = navigate.reference_at(trail, offset)
    if reference is None:
        return None
    index = navigate.Index.build(module, model)
    definition = index.resolve(reference[0], navigate.chain_of(trail))
    if definition is None:
        return None
    span = definition.span
    if span.file == document.path:
        return [
            types.Location(params.text_document.uri, LineIndex(text, ls.encoding).span_range(span))
        ]
    path = span_path(span)
    if path is None:
        return None
    return [
        types.Location(path.as_uri(), LineIndex(span.source.text, ls.encoding).span_range(span))
    ]


def _import_location(statement: t.Import, document: Document) -> list[types.Location] | None:
    from pathlib import Path

    from dcdsl.diagnostics import SourceFile, Span

    target = statement.path
    if target.startswith("std/"):
        probe = Span(SourceFile(f"<{target}>", ""), 1, 1, 1, 1, 0, 0)
        path = span_path(probe)
    else:
        base = Path(document.path).parent
        path = base / target
        if path.suffix != ".dc" and not path.exists():
            path = path.with_name(path.name + ".dc")
        path = path if path.is_file() else None
    if path is None:
        return None
    start = types.Position(0, 0)
    return [types.Location(path.as_uri(), types.Range(start, start))]


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[" ", "=", '"', "."]),
)
@off_loop
def on_completion(ls: DcLanguageServer, params: types.CompletionParams) -> types.CompletionList:
    uri = params.text_document.uri
    text = ls.text(uri)
    document = ls.document(uri)
    offset = LineIndex(text, ls.encoding).offset(params.position)
    model, _, _ = document.model_for(text)
    items = complete.completions(text, offset, model)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@off_loop
def on_document_symbol(
    ls: DcLanguageServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | None:
    uri = params.text_document.uri
    text = ls.text(uri)
    module = ls.document(uri).tree(text)
    if module is None:
        return None
    return document_symbols(module, LineIndex(text, ls.encoding))


def _formatter() -> Callable[..., Any] | None:
    """`dcc fmt`'s entry point, when ``dcdsl.syntax.format`` exists."""
    try:
        module = importlib.import_module("dcdsl.syntax.format")
    except ImportError:
        return None
    for name in ("format_text", "format_source", "format_code", "format_string"):
        function = getattr(module, name, None)
        if callable(function):
            return function
    return None


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
@off_loop
def on_formatting(
    ls: DcLanguageServer, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    formatter = _formatter()
    if formatter is None:
        return None
    text = ls.text(params.text_document.uri)
    try:
        formatted = formatter(text)
    except DcError as exc:
        reason = exc.diagnostics[0].message if exc.diagnostics else str(exc)
        ls.notify(f"dcc fmt: not formatted: {reason}")
        return None
    except Exception as exc:  # FormatError: the formatter refused rather than change the meaning
        ls.notify(f"dcc fmt: not formatted: {exc}")
        return None
    if not isinstance(formatted, str) or formatted == text:
        return []
    index = LineIndex(text, ls.encoding)
    return [types.TextEdit(index.range(0, len(text)), formatted)]


def start(debounce_ms: int | None = None) -> None:
    """Serve over stdin/stdout until the client says exit."""
    if debounce_ms is not None:
        server.debounce_s = max(0, debounce_ms) / 1000
    open_paths = server.open_paths
    cache.install(lambda path: path in open_paths)
    gc.collect()
    gc.freeze()  # what start-up loaded (modules, grammar tables) is never scanned again
    gc.disable()  # collected when typing pauses instead (DcLanguageServer.collect_when_idle)
    server.start_io()
