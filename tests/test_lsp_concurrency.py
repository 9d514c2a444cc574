"""The language server under load and abuse, end to end (pytest-lsp drives `dcc lsp`).

A slow document never holds up another document's diagnostics or a hover; a burst of edits
publishes only the final version's diagnostics; a request with malformed params, or on a
document that is not open, gets a JSON-RPC error; a crash inside a handler is an error response
and the server keeps serving. The server here is `tests/lsp_fault_server.py`: `dcc lsp` with a
compile that sleeps for files named `slow*` and a hover that raises.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = Path(__file__).parent / "lsp_fault_server.py"
SLOW_S = 4.0
SMALL = 'design "small" { pue_target = 1.3 }\nlet x = 1 kW + 1 V\n'  # one error on line 2
GOOD = 'design "small" { pue_target = 1.3 }\n'

pytestmark = pytest.mark.asyncio(loop_scope="module")

Published = list[tuple[str, int | None, list[types.Diagnostic]]]


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, str(SERVER)],
        server_env={"DCC_TEST_SLOW_S": str(SLOW_S), "PYTHONPATH": str(SERVER.parent.parent)},
    ),
)
async def client(
    lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("lsp-concurrency")
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri())
    )
    lsp_client.root = root  # type: ignore[attr-defined]
    # Keep every publication (pytest-lsp keeps only the latest per document).
    published: Published = []
    features = lsp_client.protocol.fm.features
    keep_latest = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(params: types.PublishDiagnosticsParams) -> None:  # the handler is bound
        published.append((params.uri, params.version, list(params.diagnostics)))
        keep_latest(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
    lsp_client.published = published  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def _uri(client: LanguageClient, name: str) -> str:
    return (client.root / name).as_uri()  # type: ignore[attr-defined]


def _published(client: LanguageClient) -> Published:
    return client.published  # type: ignore[attr-defined,no-any-return]


def _open(client: LanguageClient, name: str, text: str) -> str:
    uri = _uri(client, name)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "dc", 1, text))
    )
    return uri


async def _until_published(client: LanguageClient, uri: str, version: int, timeout: float) -> int:
    """Wait for ``uri``'s diagnostics of ``version``; return their index in the publications."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for index, (found_uri, found_version, _) in enumerate(_published(client)):
            if found_uri == uri and found_version == version:
                return index
        await asyncio.sleep(0.02)
    raise AssertionError(
        f"no diagnostics for {uri} version {version} in {timeout} s: {_published(client)}"
        f" {client.diagnostics}"
    )


async def test_a_slow_document_does_not_hold_up_a_small_one(client: LanguageClient) -> None:
    slow = _open(client, "slow-big.dc", GOOD)
    await asyncio.sleep(0.3)  # the slow compile is under way
    small = _open(client, "small.dc", SMALL)
    small_at = await _until_published(client, small, 1, SLOW_S * 3)  # generous: a busy CI
    (error,) = _published(client)[small_at][2]
    assert error.range.start.line == 1
    # Hover and completion answer while the slow compile still runs (the hover crashes by
    # design in this server: an error response is an answer too).
    completion = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(small), types.Position(1, 0))
    )
    assert completion is not None and completion.items
    slow_at = await _until_published(client, slow, 1, SLOW_S * 3)
    assert small_at < slow_at  # the small file's diagnostics did not wait for the slow one


async def test_rapid_edits_publish_only_the_final_version(client: LanguageClient) -> None:
    uri = _open(client, "slow-edits.dc", GOOD)
    await _until_published(client, uri, 1, SLOW_S * 3)
    final = 8
    for version in range(2, final + 1):  # edits land while compiles of older text still run
        text = GOOD + f"let x{version} = {version} kW + 1 V\n"
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )
        await asyncio.sleep(SLOW_S / 5)
    await _until_published(client, uri, final, SLOW_S * 4)
    await asyncio.sleep(SLOW_S + 0.5)  # anything still compiling would have published by now
    versions = [version for found, version, _ in _published(client) if found == uri]
    assert versions == [1, final]
    (error,) = client.diagnostics[uri]
    assert f"x{final}" in error.message or error.range.start.line == 1


async def _raw_request(client: LanguageClient, method: str, params: Any) -> Any:
    """Send params as they are: the client's own API would check them against the LSP types."""
    protocol = client.protocol
    msg_id = str(uuid.uuid4())
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    protocol._request_futures[msg_id] = future  # the client's reader resolves it on the answer
    body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    written = protocol.writer.write(f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
    if inspect.isawaitable(written):
        await written
    return await future


@pytest.mark.parametrize(
    "params",
    [
        {"textDocument": {"uri": 42}, "position": {"line": 0, "character": 0}},
        {"textDocument": {"uri": "file:///x.dc"}, "position": {"line": "zero"}},
        {"textDocument": {"uri": "file:///x.dc"}, "position": {"line": -1, "character": 0}},
        {},
    ],
    ids=["uri-not-a-string", "line-not-a-number", "negative-line", "no-params"],
)
async def test_invalid_params_get_an_invalid_params_error(
    client: LanguageClient, params: dict[str, Any]
) -> None:
    with pytest.raises(JsonRpcException) as raised:
        await asyncio.wait_for(_raw_request(client, types.TEXT_DOCUMENT_HOVER, params), 10)
    assert raised.value.code == -32602, raised.value


async def test_request_on_a_document_not_open_is_invalid_params(client: LanguageClient) -> None:
    with pytest.raises(JsonRpcException) as raised:
        await asyncio.wait_for(
            client.text_document_document_symbol_async(
                types.DocumentSymbolParams(types.TextDocumentIdentifier(_uri(client, "nope.dc")))
            ),
            10,
        )
    assert raised.value.code == -32602
    assert "not open" in str(raised.value)


async def test_a_crash_in_a_handler_is_an_error_and_the_server_lives_on(
    client: LanguageClient,
) -> None:
    uri = _open(client, "crash.dc", GOOD)
    await _until_published(client, uri, 1, 10)
    with pytest.raises(JsonRpcException) as raised:
        await asyncio.wait_for(
            client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 2))
            ),
            10,
        )
    assert raised.value.code == -32603
    assert "injected fault" in str(raised.value)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(uri))
    )
    assert symbols  # still serving
    other = _open(client, "after-crash.dc", SMALL)
    await _until_published(client, other, 1, 10)
