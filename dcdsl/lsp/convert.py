"""Compiler diagnostics → LSP diagnostics for one document, as JSON text, each converted once.

A diagnostic in the document itself keeps its span. One in a file the document imports (a
catalogue module, a shared racks file) is shown on the `import` that brings that file in, with
its real location as related information, so that the user sees it without opening the file.

An edit changes few of a design's findings (a 5,000-line flattened design has 1,400), so a
``Converter`` keeps, per document, the JSON text of each finding of its last two publishes, keyed
by everything that text is made of: severity, code, message and the resolved ranges (line and
column in the negotiated encoding). The key *is* the output's content, so a hit can never be
stale: a finding whose message or position changed makes a new key. Resolving a range is a
bisect; what the cache saves is building lsprotocol objects (attrs with validators) and
serialising them through cattrs, which cost ten times more. The server writes the texts into the
`publishDiagnostics` message as they are (``protocol.DcProtocol.publish_diagnostics``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from lsprotocol import types

from dcdsl.diagnostics import Diagnostic, Severity, Span
from dcdsl.lsp.document import span_path
from dcdsl.lsp.positions import UTF16, LineIndex

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error.value,
    Severity.WARNING: types.DiagnosticSeverity.Warning.value,
    Severity.NOTE: types.DiagnosticSeverity.Information.value,
}

_IMPORT = re.compile(r'^[ \t]*import[ \t]+"([^"\n]*)"', re.MULTILINE)

Range = tuple[int, int, int, int]  # start line, start column, end line, end column
Related = tuple[str, Range, str]  # uri, range, message
Key = tuple[int, str, str, Range, tuple[Related, ...]]


def message_of(diagnostic: Diagnostic) -> str:
    lines = [diagnostic.message]
    lines += [f"note: {text}" for text in diagnostic.notes]
    if diagnostic.help:
        lines.append(f"help: {diagnostic.help}")
    return "\n".join(lines)


def _range(index: LineIndex, start: int, end: int) -> Range:
    return (*index.point(start), *index.point(max(start, end)))


def _range_json(rng: Range) -> dict[str, Any]:
    return {
        "start": {"line": rng[0], "character": rng[1]},
        "end": {"line": rng[2], "character": rng[3]},
    }


def _json(key: Key) -> str:
    """The LSP `Diagnostic` a key stands for, as JSON text (lsprotocol's field names)."""
    severity, code, message, rng, related = key
    item: dict[str, Any] = {
        "range": _range_json(rng),
        "message": message,
        "severity": severity,
        "code": code,
        "source": "dcc",
    }
    if related:
        item["relatedInformation"] = [
            {"location": {"uri": uri, "range": _range_json(where)}, "message": text}
            for uri, where, text in related
        ]
    return json.dumps(item)


class Converter:
    """One document's findings → JSON texts of LSP diagnostics, reusing last time's texts."""

    def __init__(self, own_path: str, own_uri: str, encoding: str = UTF16):
        self.own_path = own_path
        self.own_uri = own_uri
        self.encoding = encoding
        # The findings of the last two conversions: a typo, then its fix, reuses the findings
        # of the text before the typo (an error stops the analyses: its findings are few).
        self._texts: dict[Key, str] = {}
        self._older: dict[Key, str] = {}
        self._other_files: dict[str, LineIndex] = {}  # by text: imported files' line indexes
        self.reused = 0  # of the last conversion, for the bench and the tests
        self.converted = 0

    def convert(self, diagnostics: Iterable[Diagnostic], text: str) -> list[str]:
        index = LineIndex(text, self.encoding)
        imports: list[re.Match[str]] | None = None
        previous, older = self._texts, self._older
        texts: dict[Key, str] = {}
        earlier_files, self._other_files = self._other_files, {}
        out: list[str] = []
        self.reused = self.converted = 0
        for d in diagnostics:
            related: list[Related] = []
            message = message_of(d)
            if d.span is None:
                rng: Range = (0, 0, 0, 0)
            elif d.span.file == self.own_path:
                rng = _range(index, d.span.start, d.span.end)
            else:
                if imports is None:
                    imports = list(_IMPORT.finditer(text))
                rng = _import_range(imports, index, d.span.file)
                message = f"in {d.span.file}:{d.span.line}:{d.span.column}: {message}"
                where = self._location(d.span, index, earlier_files)
                if where is not None:
                    related.append((*where, d.message))
            for label in d.labels:
                where = self._location(label.span, index, earlier_files)
                if where is not None:
                    related.append((*where, label.message or "here"))
            key: Key = (SEVERITY[d.severity], d.code, message, rng, tuple(related))
            found = previous.get(key) or older.get(key) or texts.get(key)
            if found is None:
                found = _json(key)
                self.converted += 1
            else:
                self.reused += 1
            texts[key] = found
            out.append(found)
        # Only what the last two conversions used: bounded by twice the findings.
        self._texts, self._older = texts, previous
        return out

    def _location(
        self, span: Span, index: LineIndex, earlier_files: dict[str, LineIndex]
    ) -> tuple[str, Range] | None:
        if span.file == self.own_path:
            return self.own_uri, _range(index, span.start, span.end)
        path = span_path(span)
        if path is None:
            return None
        source = span.source.text
        other = self._other_files.get(source) or earlier_files.get(source)
        if other is None:
            other = LineIndex(source, self.encoding)
        self._other_files[source] = other
        return path.as_uri(), _range(other, span.start, span.end)


def _import_range(imports: list[re.Match[str]], index: LineIndex, file: str) -> Range:
    """Where to show a diagnostic of an imported file: its `import` line, else the first one."""
    wanted = file[1:-1] if file.startswith("<") else file
    for match in imports:
        target = match.group(1)
        if target == wanted or wanted.endswith(target) or wanted.endswith(target + ".dc"):
            return _range(index, match.start(1) - 1, match.end(1) + 1)
    if imports:
        return _range(index, imports[0].start(1) - 1, imports[0].end(1) + 1)
    return (0, 0, 0, 0)


def to_lsp(
    diagnostics: Iterable[Diagnostic],
    text: str,
    own_path: str,
    own_uri: str,
    encoding: str = UTF16,
) -> list[types.Diagnostic]:
    """The same conversion as lsprotocol objects, from scratch (tests, and callers that want
    objects rather than the JSON the server publishes)."""
    from pygls.protocol import default_converter

    structure = default_converter().structure
    texts = Converter(own_path, own_uri, encoding).convert(diagnostics, text)
    return [structure(json.loads(item), types.Diagnostic) for item in texts]
