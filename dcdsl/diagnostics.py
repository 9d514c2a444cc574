"""One diagnostics type for every stage, and its renderers (text, json).

A stage never prints: it returns diagnostics. The CLI and the language server render them.
Renderers for CI formats (sarif, github, junit) live in ``dcdsl.emit.ci_formats``.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from dcdsl.source import SourceFile, Span

# C0 and C1 controls, DEL, and the Unicode bidirectional controls ("Trojan source", CVE-2021-42574)
# and line/paragraph separators: a design's names must not drive a terminal or reorder a line.
CONTROL_CHARS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escaped(match: re.Match[str]) -> str:
    point = ord(match.group())
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def escape_controls(text: str, keep_newlines: bool = False) -> str:
    """Control characters shown as visible escapes (ESC → `\\x1b`, U+202E → `\\u202e`);
    with ``keep_newlines``, line feeds stay (formats whose text may span lines)."""
    if keep_newlines:
        return "\n".join(escape_controls(line) for line in text.split("\n"))
    return CONTROL_CHARS.sub(_escaped, text) if CONTROL_CHARS.search(text) else text


# What json.dumps(ensure_ascii=False) writes raw (it escapes C0 itself; these never occur
# outside strings, so replacing them keeps the document valid).
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_dumps(document: Any, sort_keys: bool = False) -> str:
    """JSON as every output writes it (indent 2, UTF-8 text, newline at the end), with the
    characters JSON leaves raw but a terminal acts on (DEL, C1, bidirectional controls, line
    separators) written as `\\uXXXX`: the same string once parsed, harmless when printed."""
    text = json.dumps(document, indent=2, sort_keys=sort_keys, ensure_ascii=False)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def blank_controls(text: str) -> str:
    """Control characters replaced one for one by U+FFFD (a source excerpt keeps its columns)."""
    return CONTROL_CHARS.sub("\ufffd", text) if CONTROL_CHARS.search(text) else text


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "note": 2}[self.value]


@attrs.frozen
class Label:
    """A secondary span with a short message (shown with dashes under the code)."""

    span: Span
    message: str = ""


@attrs.frozen
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span | None = None
    labels: tuple[Label, ...] = ()
    notes: tuple[str, ...] = ()
    help: str | None = None
    primary_label: str = ""
    # The same finding at further places (see ``group_alike``): shown once, with a count.
    repeats: tuple[Span, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def count(self) -> int:
        """How many findings this one stands for (1 unless alike findings were grouped)."""
        return 1 + len(self.repeats)

    def sort_key(self) -> tuple[Any, ...]:
        if self.span is None:
            return ("", 0, 0, self.severity.rank, self.code, self.message)
        return (
            self.span.file,
            self.span.line,
            self.span.column,
            self.severity.rank,
            self.code,
            self.message,
        )


def error(code: str, message: str, span: Span | None = None, **kw: Any) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, span, **_tupled(kw))


def warning(code: str, message: str, span: Span | None = None, **kw: Any) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, span, **_tupled(kw))


def note(code: str, message: str, span: Span | None = None, **kw: Any) -> Diagnostic:
    return Diagnostic(code, Severity.NOTE, message, span, **_tupled(kw))


def _tupled(kw: dict[str, Any]) -> dict[str, Any]:
    for key in ("labels", "notes"):
        if key in kw:
            kw[key] = tuple(kw[key])
    return kw


class DcError(Exception):
    """Base of the compiler's own exceptions; carries the diagnostics that explain it."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = list(diagnostics)


INTERNAL_CODE = "DC-INTERNAL-001"  # registered by the pipeline (dcdsl.pipeline.INTERNAL)
MAX_INTERNAL_MESSAGE = 300


def last_span(exc: BaseException) -> Span | None:
    """The last location the compiler was working on when ``exc`` was raised: the innermost
    frame of its traceback holding a ``Span`` (or a node with a ``.span``)."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for value in list(frame.f_locals.values()):
            try:
                span = value if isinstance(value, Span) else getattr(value, "span", None)
            except Exception:  # a property that fails: not a location
                continue
            # Not one half made when the error struck (its last field, `end`, not yet set).
            if isinstance(span, Span) and hasattr(span, "end"):
                return span
    return None


def internal_error(exc: BaseException, where: str, file: str | None = None) -> Diagnostic:
    """A bug of ours as a diagnostic: located at the last known span, else at the file."""
    import traceback

    span = last_span(exc)
    if span is None and file is not None:
        span = Span(SourceFile(file, ""), 1, 1, 1, 1, 0, 0)
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    raised = (
        f"raised at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    )
    text = str(exc)
    if len(text) > MAX_INTERNAL_MESSAGE:
        text = text[:MAX_INTERNAL_MESSAGE] + "…"
    return error(
        INTERNAL_CODE,
        f"internal error {where}: {type(exc).__name__}: {text}",
        span,
        notes=[n for n in (raised, "the location is the last construct dcc was working on") if n],
        help="this is a bug in dcc, not in your design; please report it with the design file",
    )


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = dict.fromkeys(diagnostics)  # keep the first of identical findings
    return sorted(unique, key=Diagnostic.sort_key)


def counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """Findings by severity; a grouped diagnostic counts every finding it stands for."""
    result = {"errors": 0, "warnings": 0, "notes": 0}
    for d in diagnostics:
        result[{"error": "errors", "warning": "warnings", "note": "notes"}[d.severity.value]] += (
            d.count
        )
    return result


# --- grouping alike findings ----------------------------------------------------------------------

_QUOTED = re.compile(r'"([^"\n]{1,200})"')
_NAME_MARK = "\x00"


def _is_word(char: str) -> bool:
    """What the regex class ``[\\w-]`` matches."""
    return char.isalnum() or char in "_-"


def _mask_name(message: str, name: str) -> str:
    """Every occurrence of ``name`` in ``message`` that is not part of a longer word (no word
    character or `-` either side) replaced by the mark: what
    ``re.sub(rf"(?<![\\w-]){re.escape(name)}(?![\\w-])", mark, message)`` does, without
    compiling a pattern for each of thousands of distinct names."""
    at = message.find(name)
    if at < 0:
        return message
    out: list[str] = []
    done = 0
    while at >= 0:
        after = at + len(name)
        if (at == 0 or not _is_word(message[at - 1])) and (
            after == len(message) or not _is_word(message[after])
        ):
            out.append(message[done:at])
            out.append(_NAME_MARK)
            done = after
            at = message.find(name, after)
        else:
            at = message.find(name, at + 1)
    out.append(message[done:])
    return "".join(out)


def _alike_key(d: Diagnostic) -> tuple[Any, ...]:
    """What two findings share when they differ only in the place they point at: the labels
    quoted on the finding's own source line (a rack's or a device's name) are masked in the
    message, so 500 racks written out one by one that break one rule give one key."""
    message = d.message
    if d.span is not None and d.span.source.lines and 0 < d.span.line <= len(d.span.source.lines):
        for name in sorted(set(_QUOTED.findall(d.span.source.lines[d.span.line - 1])), key=len)[
            ::-1
        ]:
            message = _mask_name(message, name)
    file = d.span.file if d.span is not None else ""
    return (d.code, d.severity, file, message, d.notes, d.help, d.primary_label, d.labels)


def group_alike(diagnostics: Sequence[Diagnostic], at_least: int = 2) -> list[Diagnostic]:
    """Fold findings that differ only in where they are (and the names written there) into the
    first of them, with the other places in ``repeats``: a flattened design with 6,255 racks
    that break one rule prints one finding "× 6,255", not 6,255. Order is kept (by first
    occurrence); groups smaller than ``at_least`` stay as they were."""
    keys = [_alike_key(d) for d in diagnostics]  # once each: thousands of findings
    groups: dict[tuple[Any, ...], list[Diagnostic]] = {}
    for key, d in zip(keys, diagnostics, strict=True):
        groups.setdefault(key, []).append(d)
    out = []
    emitted: set[tuple[Any, ...]] = set()
    for key, d in zip(keys, diagnostics, strict=True):
        members = groups[key]
        if len(members) < at_least:
            out.append(d)
        elif key not in emitted:
            emitted.add(key)
            spans = tuple(m.span for m in members[1:] if m.span is not None)
            out.append(attrs.evolve(d, repeats=d.repeats + spans))
    return out


def repeats_note(d: Diagnostic, shown: int = 5) -> str | None:
    """`× 500: also at f.dc:11:3, f.dc:18:3, … (499 more places)` for a grouped finding."""
    if not d.repeats:
        return None
    places = ", ".join(f"{s.file}:{s.line}:{s.column}" for s in d.repeats[:shown])
    more = ", …" if len(d.repeats) > shown else ""
    return (
        f"× {d.count:,}: the same finding at {len(d.repeats):,} more place"
        f"{'s' if len(d.repeats) != 1 else ''}: {places}{more} (every place is listed in "
        "--format json and sarif)"
    )


# --- text rendering (rustc / ruff "full" style) -------------------------------------------------


def render_text(diagnostic: Diagnostic, color: bool = False) -> str:
    sev = diagnostic.severity.value
    bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if color else (lambda s: s)
    colour = {"error": "31", "warning": "33", "note": "36"}[sev]
    head = f"{sev}[{diagnostic.code}]"
    if diagnostic.repeats:
        head += f" × {diagnostic.count:,}"
    if color:
        head = f"\x1b[1;{colour}m{head}\x1b[0m"
    safe = escape_controls  # names in messages come from the design: never raw control bytes
    out = [f"{head}: {bold(safe(diagnostic.message))}"]
    span = diagnostic.span
    if span is not None:
        spans = [(span, diagnostic.primary_label, "^")] + [
            (label.span, label.message, "-") for label in diagnostic.labels
        ]
        # Source order within the primary file, other files after it (as rustc does).
        spans.sort(
            key=lambda item: (item[0].file != span.file, item[0].file, item[0].line, item[2] == "-")
        )
        width = max(len(str(s.end_line)) for s, _, _ in spans)
        pad = " " * width
        out.append(f"{pad}--> {safe(span.file)}:{span.line}:{span.column}")
        out.append(f"{pad} |")
        # One excerpt per source line, carets for every span on it; another file gets a header.
        current_file = span.file
        index = 0
        while index < len(spans):
            s, _, _ = spans[index]
            same_line = [
                item for item in spans[index:] if item[0].file == s.file and item[0].line == s.line
            ]
            if s.file != current_file:
                out.append(f"{pad}::: {safe(s.file)}:{s.line}:{s.column}")
                current_file = s.file
            out.extend(_excerpt(same_line, width))
            index += len(same_line)
            if index < len(spans):
                out.append(f"{pad} |")
        out.append(f"{pad} |")
        for text in _notes_with_repeats(diagnostic):
            out.append(f"{pad} = note: {safe(text)}")
    else:
        for text in _notes_with_repeats(diagnostic):
            out.append(f"  = note: {safe(text)}")
    if diagnostic.help:
        out.append(f"help: {safe(diagnostic.help)}")
    return "\n".join(out)


def _notes_with_repeats(d: Diagnostic) -> list[str]:
    extra = repeats_note(d)
    return [*d.notes, *([extra] if extra else [])]


MAX_EXCERPT = 200  # characters of a source line shown under a diagnostic (and in snippets: 5×)


def clipped(text: str, limit: int = 5 * MAX_EXCERPT) -> str:
    """A snippet of source for JSON and SARIF: at most ``limit`` characters, `…` when cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def _excerpt(spans: list[tuple[Span, str, str]], width: int) -> list[str]:
    first = spans[0][0]
    lines = first.source.lines
    if not lines or first.line > len(lines):
        return []
    line = lines[first.line - 1]
    # A very long line (a 10 MB string) is shown as a window around the first span.
    shift = 0
    if len(line) > MAX_EXCERPT:
        shift = max(0, min(first.column - 1 - MAX_EXCERPT // 4, len(line) - MAX_EXCERPT))
    text = blank_controls(line[shift : shift + MAX_EXCERPT].replace("\t", " "))
    lead, tail = ("…" if shift else ""), ("…" if shift + MAX_EXCERPT < len(line) else "")
    out = [f"{first.line:>{width}} | {lead}{text}{tail}"]
    for span, message, mark in spans:
        start = min(max(0, span.column - 1 - shift), len(text)) + len(lead)
        if span.end_line == span.line:
            length = max(1, min(span.end_column - 1 - shift, len(text)) + len(lead) - start)
        else:
            length = max(1, len(text) + len(lead) - start)
        caret = " " * start + mark * length
        if message:
            caret += " " + escape_controls(message)
        out.append(f"{' ' * width} | {caret}")
    return out


def render_text_all(diagnostics: Sequence[Diagnostic], color: bool = False) -> str:
    parts = [render_text(d, color) for d in diagnostics]
    c = counts(diagnostics)
    summary = (
        f"{c['errors']} error{'s' if c['errors'] != 1 else ''}, "
        f"{c['warnings']} warning{'s' if c['warnings'] != 1 else ''}, "
        f"{c['notes']} note{'s' if c['notes'] != 1 else ''}"
    )
    return "\n\n".join([*parts, summary]) + "\n"


# --- json rendering (shaped like `terraform validate -json`) -------------------------------------


def _position(span: Span, end: bool) -> dict[str, int]:
    if end:
        return {"line": span.end_line, "column": span.end_column, "byte": span.byte_end}
    return {"line": span.line, "column": span.column, "byte": span.byte_start}


def diagnostic_to_json(d: Diagnostic) -> dict[str, Any]:
    detail = "\n".join([*(f"note: {n}" for n in d.notes), *([f"help: {d.help}"] if d.help else [])])
    item: dict[str, Any] = {
        "severity": d.severity.value,
        "code": d.code,
        "summary": d.message,
        "detail": detail,
    }
    if d.span is not None:
        item["range"] = {
            "filename": d.span.file,
            "start": _position(d.span, end=False),
            "end": _position(d.span, end=True),
        }
        lines = d.span.source.lines
        # An error at end of file sits on the line after the last one: no text there.
        line = lines[d.span.line - 1] if 0 < d.span.line <= len(lines) else ""
        item["snippet"] = {"code": clipped(line)}
    if d.labels:
        item["related"] = [
            {
                "message": label.message,
                "range": {
                    "filename": label.span.file,
                    "start": _position(label.span, end=False),
                    "end": _position(label.span, end=True),
                },
            }
            for label in d.labels
        ]
    item["count"] = d.count
    if d.repeats:
        item["repeats"] = [
            {
                "filename": span.file,
                "start": _position(span, end=False),
                "end": _position(span, end=True),
            }
            for span in d.repeats
        ]
    return item


def diagnostics_document(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    c = counts(diagnostics)
    return {
        "$schema": "https://dcdsl.invalid/schemas/diagnostics.schema.json",  # dcdsl/schemas
        "format_version": "1.0",
        "valid": c["errors"] == 0,
        "error_count": c["errors"],
        "warning_count": c["warnings"],
        "note_count": c["notes"],
        "diagnostics": [diagnostic_to_json(d) for d in diagnostics],
    }


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json_dumps(diagnostics_document(diagnostics))
