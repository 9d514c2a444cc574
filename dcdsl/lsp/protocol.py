"""JSON-RPC hygiene the server adds to pygls: every request gets an answer.

pygls turns a request whose params do not match the LSP types into an exception inside its read
loop, logs it and answers nothing: the editor waits forever. ``DcProtocol`` answers such a
request with InvalidParams (-32602) naming what was wrong. ``off_loop`` runs a request handler on
a worker thread (a large document's parse never stalls the message loop) and turns a crash into
an InternalError (-32603) response, so that one bad request costs one error, not the server.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from typing import Any, Protocol, TypeVar

import cattrs
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger("dcdsl.lsp")

_ANSWERED = object()  # a request already answered with an error: nothing more to do


class DcProtocol(LanguageServerProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writes: set[asyncio.Future[Any]] = set()

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if not (isinstance(data, dict) and "id" in data and "method" in data):
                raise  # a notification: JSON-RPC allows no answer
            answer = JsonRpcInvalidParams(
                f"invalid params for {data['method']}: {_why(exc)}"[:2000]
            )
            self._send_response(data["id"], None, answer.to_response_error())
            return _ANSWERED

    def handle_message(self, message: Any) -> None:
        if message is _ANSWERED:
            return
        super().handle_message(message)

    def publish_diagnostics(self, uri: str, version: int | None, diagnostics: list[str]) -> None:
        """`textDocument/publishDiagnostics` with diagnostics already in JSON text
        (``convert.Converter``): written as they are, not rebuilt as lsprotocol objects and
        unstructured again by cattrs, which costs more than the rest of a publish."""
        params = '{"uri":' + json.dumps(uri)
        if version is not None:
            params += f',"version":{int(version)}'
        params += ',"diagnostics":[' + ",".join(diagnostics) + "]}"
        body = (
            '{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":' + params + "}"
        ).encode(self.CHARSET)
        if self.writer is None:
            log.error("dcc lsp: no transport to publish diagnostics on")
            return
        header = (
            f"Content-Length: {len(body)}\r\n"
            f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        )
        data = header.encode("ascii") + body if self._include_headers else body
        written = self.writer.write(data)
        if inspect.isawaitable(written):  # a WebSocket transport; stdio writes at once
            task = asyncio.ensure_future(written)
            self._writes.add(task)  # the loop keeps only weak references to tasks
            task.add_done_callback(self._writes.discard)


def _why(exc: BaseException) -> str:
    cause = exc.__cause__
    if isinstance(cause, cattrs.ClassValidationError):
        return "; ".join(cattrs.transform_error(cause, path="params")[:5])
    return str(cause or exc) or type(exc).__name__


class HasRequests(Protocol):
    requests: Executor


S = TypeVar("S", bound=HasRequests)
P = TypeVar("P")
R = TypeVar("R")


def off_loop(handler: Callable[[S, P], R]) -> Callable[[S, P], Awaitable[R]]:
    """Run ``handler`` on the server's request threads; a crash answers InternalError."""

    @functools.wraps(handler)
    async def wrapper(ls: S, params: P) -> R:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(ls.requests, handler, ls, params)
        except JsonRpcException:
            raise
        except Exception as exc:
            log.exception("dcc lsp: %s failed", handler.__name__)
            raise JsonRpcInternalError(
                f"dcc lsp: {handler.__name__} failed: {type(exc).__name__}: {exc} "
                "(a bug in dcc; please report it with the design file)"
            ) from exc

    return wrapper
