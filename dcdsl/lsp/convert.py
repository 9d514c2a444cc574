"""Compiler diagnostics → LSP diagnostics for one document.

A diagnostic in the document itself keeps its span. One in a file the document imports (a
catalogue module, a shared racks file) is shown on the `import` that brings that file in, with
its real location as related information, so that the user sees it without opening the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lsprotocol import types

from dcdsl.diagnostics import Diagnostic, Severity, Span
from dcdsl.lsp.document import span_path
from dcdsl.lsp.positions import UTF16, LineIndex

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTE: types.DiagnosticSeverity.Information,
}

_IMPORT = re.compile(r'^[ \t]*import[ \t]+"([^"\n]*)"', re.MULTILINE)


def message_of(diagnostic: Diagnostic) -> str:
    lines = [diagnostic.message]
    lines += [f"note: {text}" for text in diagnostic.notes]
    if diagnostic.help:
        lines.append(f"help: {diagnostic.help}")
    return "\n".join(lines)


def _location(
    span: Span, own_path: str, own_uri: str, index: LineIndex, encoding: str
) -> types.Location | None:
    if span.file == own_path:
        return types.Location(own_uri, index.span_range(span))
    path = span_path(span)
    if path is None:
        return None
    other = LineIndex(span.source.text, encoding)
    return types.Location(path.as_uri(), other.span_range(span))


def _import_range(text: str, index: LineIndex, file: str) -> types.Range:
    """Where to show a diagnostic of an imported file: its `import` line, else the first one."""
    imports = list(_IMPORT.finditer(text))
    wanted = file[1:-1] if file.startswith("<") else file
    for match in imports:
        target = match.group(1)
        if target == wanted or wanted.endswith(target) or wanted.endswith(target + ".dc"):
            return index.range(match.start(1) - 1, match.end(1) + 1)
    if imports:
        return index.range(imports[0].start(1) - 1, imports[0].end(1) + 1)
    return index.range(0, 0)


def to_lsp(
    diagnostics: Iterable[Diagnostic],
    text: str,
    own_path: str,
    own_uri: str,
    encoding: str = UTF16,
) -> list[types.Diagnostic]:
    index = LineIndex(text, encoding)
    out: list[types.Diagnostic] = []
    for d in diagnostics:
        related: list[types.DiagnosticRelatedInformation] = []
        message = message_of(d)
        if d.span is None:
            rng = index.range(0, 0)
        elif d.span.file == own_path:
            rng = index.span_range(d.span)
        else:
            rng = _import_range(text, index, d.span.file)
            message = f"in {d.span.file}:{d.span.line}:{d.span.column}: {message}"
            where = _location(d.span, own_path, own_uri, index, encoding)
            if where is not None:
                related.append(types.DiagnosticRelatedInformation(where, d.message))
        for label in d.labels:
            where = _location(label.span, own_path, own_uri, index, encoding)
            if where is not None:
                related.append(types.DiagnosticRelatedInformation(where, label.message or "here"))
        out.append(
            types.Diagnostic(
                range=rng,
                message=message,
                severity=SEVERITY[d.severity],
                code=d.code,
                source="dcc",
                related_information=related or None,
            )
        )
    return out
