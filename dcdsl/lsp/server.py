"""`dcc lsp`: the language server (pygls 2, stdio). A thin front end over the compiler pipeline.

Diagnostics are published on open at once and on change after a short debounce (the compile of
a large design takes a few hundred milliseconds; a burst of keystrokes compiles once). Compiles
run on one worker thread, never on the event loop, and a result is published only while it is
still the document's latest version. Hover, go-to-definition, completion, document symbols and
formatting (through ``dcdsl.syntax.format`` when it exists) answer from the syntax tree of the
current text and the last model that compiled.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from dcdsl import __version__
from dcdsl.diagnostics import DcError
from dcdsl.lsp import cache, complete, hover, navigate
from dcdsl.lsp.convert import to_lsp
from dcdsl.lsp.document import Document, span_path
from dcdsl.lsp.positions import LineIndex, encoding_name
from dcdsl.lsp.symbols import document_symbols
from dcdsl.model import RackGroup
from dcdsl.syntax import tree as t

log = logging.getLogger("dcdsl.lsp")

DEFAULT_DEBOUNCE_S = 0.05


class DcLanguageServer(LanguageServer):
    def __init__(self, debounce_s: float = DEFAULT_DEBOUNCE_S) -> None:
        super().__init__("dcc-lsp", __version__)
        self.debounce_s = debounce_s
        self.documents: dict[str, Document] = {}
        self.open_paths: set[str] = set()  # never parse-cached: they change with each keystroke
        self.pending: dict[str, asyncio.Task[None]] = {}
        # One worker: compiles run one at a time, the newest wins.
        self.compiler = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dcc-compile")

    @property
    def encoding(self) -> str:
        return encoding_name(self.workspace.position_encoding)

    def document(self, uri: str) -> Document:
        if uri not in self.documents:
            self.documents[uri] = Document.for_uri(uri)
            self.open_paths.add(self.documents[uri].path)
        return self.documents[uri]

    def text(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    def schedule(self, uri: str, delay: float) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.ensure_future(self._compile_and_publish(uri, delay))

    async def _compile_and_publish(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        text_document = self.workspace.get_text_document(uri)
        text, version = text_document.source, text_document.version
        document = self.document(uri)
        loop = asyncio.get_running_loop()
        analysis = await loop.run_in_executor(self.compiler, document.analyse, text, version)
        current = self.workspace.get_text_document(uri)
        if current.version != version or current.source != text:
            return  # a newer edit is on its way; its own compile publishes
        diagnostics = to_lsp(analysis.diagnostics, text, document.path, uri, self.encoding)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    # --- helpers for the requests -------------------------------------------------------------

    def at(self, uri: str, position: types.Position) -> tuple[Document, str, int, t.Module | None]:
        document = self.document(uri)
        text = self.text(uri)
        offset = LineIndex(text, self.encoding).offset(position)
        return document, text, offset, document.tree(text)


server = DcLanguageServer()

F = TypeVar("F", bound=Callable[..., Any])


def safe(handler: F) -> F:
    """A request that fails answers "nothing here" and logs why, rather than an error popup."""

    @functools.wraps(handler)
    def wrapper(ls: DcLanguageServer, params: Any) -> Any:
        try:
            return handler(ls, params)
        except Exception as exc:
            log.exception("dcc lsp: %s failed", handler.__name__)
            ls.window_log_message(
                types.LogMessageParams(
                    types.MessageType.Error,
                    f"dcc lsp: {handler.__name__} failed: {type(exc).__name__}: {exc} "
                    "(a bug in dcc; please report it with the design file)",
                )
            )
            return None

    return wrapper  # type: ignore[return-value]


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: DcLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
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
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    closed = ls.documents.pop(uri, None)
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
@safe
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
@safe
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
@safe
def on_completion(ls: DcLanguageServer, params: types.CompletionParams) -> types.CompletionList:
    uri = params.text_document.uri
    document = ls.document(uri)
    text = ls.text(uri)
    offset = LineIndex(text, ls.encoding).offset(params.position)
    model, _, _ = document.model_for(text)
    items = complete.completions(text, offset, model)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@safe
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


def _tell(ls: DcLanguageServer, message: str) -> None:
    ls.window_show_message(types.ShowMessageParams(types.MessageType.Warning, message))


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
@safe
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
        _tell(ls, f"dcc fmt: not formatted: {reason}")
        return None
    except Exception as exc:  # FormatError: the formatter refused rather than change the meaning
        _tell(ls, f"dcc fmt: not formatted: {exc}")
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
    server.start_io()
