"""Diagnostics for CI systems: SARIF 2.1.0 (GitHub code scanning), GitHub workflow commands, JUnit.

Three renderers over the one ``Diagnostic`` type, used by ``dcc check --format sarif|github|junit``:

- SARIF: one run of the tool ``dcc``; every rule of the registry as a ``reportingDescriptor``
  (stable id, title, help that points at docs/checks.md), results with relative URIs, regions in
  Unicode code points and a fingerprint that survives lines moving (GitHub matches alerts by it).
- GitHub: one ``::error``/``::warning``/``::notice`` workflow command per finding, escaped as the
  runner expects (``%``, CR, LF in the message; also ``:`` and ``,`` in properties).
- JUnit XML: a test suite per file and a test case per finding; errors are failures, warnings
  and notes pass with their text in ``system-out``, a file without findings has one passing case.

Output is deterministic (no timestamps, no absolute paths unless a file lies outside the working
directory), so CI logs and golden files compare byte for byte.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from dcdsl import __version__
from dcdsl.diagnostics import (
    Diagnostic,
    Severity,
    Span,
    clipped,
    escape_controls,
    json_dumps,
    repeats_note,
)

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "dcc"
CHECKS_DOC = "docs/checks.md"
FINGERPRINT_KEY = "dcdslFinding/v1"

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


# --- shared helpers -------------------------------------------------------------------------------


def _detail_lines(d: Diagnostic) -> list[str]:
    repeats = repeats_note(d)
    return [
        *(f"note: {n}" for n in d.notes),
        *([f"note: {repeats}"] if repeats else []),
        *([f"help: {d.help}"] if d.help else []),
    ]


def _full_message(d: Diagnostic) -> str:
    """Message, notes and help, one per line; control characters from the design escaped."""
    return escape_controls("\n".join([d.message, *_detail_lines(d)]), keep_newlines=True)


def _has_file(d: Diagnostic) -> bool:
    """A span into a real file (not a `<std/…>` module or `<input>` text)."""
    return d.span is not None and not d.span.file.startswith("<")


def _posix(path: str) -> str:
    return path.replace("\\", "/")


def _file_of(d: Diagnostic, files: Sequence[str]) -> str | None:
    """The file a finding belongs to: its span's, else the only (or first) file checked."""
    if _has_file(d):
        assert d.span is not None
        return _posix(d.span.file)
    return _posix(files[0]) if files else None


def _rule_titles() -> dict[str, Any]:
    from dcdsl.codes import CODES

    return dict(CODES)


# --- SARIF 2.1.0 ----------------------------------------------------------------------------------


def _uri(path: str) -> str:
    """A URI reference for a path: relative stays relative (GitHub resolves it against the
    repository root), absolute becomes file://; special characters are percent-encoded."""
    posix = _posix(path)
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(str(PurePosixPath(posix)), safe="/-._~")


def _rule_name(title: str, rule_id: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words) or rule_id.replace("-", "")


def _descriptor(rule_id: str, title: str, severity: Severity, discipline: str) -> dict[str, Any]:
    help_text = (
        f"{rule_id}: {title}. The formula, default threshold, source and a worked example are in "
        f"{CHECKS_DOC} (section {rule_id}). To accept a finding on purpose, write "
        f'`allow {rule_id} because "reason"` in the block it concerns.'
    )
    help_markdown = (
        f"**{rule_id}**: {title}.\n\nThe formula, default threshold, source and a worked example "
        f"are in `{CHECKS_DOC}`, section {rule_id}.\n\nTo accept a finding on "
        f'purpose, write `allow {rule_id} because "reason"` in the block it concerns.'
    )
    return {
        "id": rule_id,
        "name": _rule_name(title, rule_id),
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"{title} ({discipline} check of dcdsl designs)."},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _SARIF_LEVEL[severity]},
        "properties": {"tags": ["dcdsl", discipline]},
    }


def _region(d: Diagnostic) -> dict[str, Any]:
    span = d.span
    assert span is not None
    region: dict[str, Any] = {
        "startLine": max(1, span.line),
        "startColumn": max(1, span.column),
        "endLine": max(span.line, span.end_line),
        "endColumn": max(1, span.end_column),
        "charOffset": span.start,
        "charLength": max(0, span.end - span.start),
    }
    if span.end_line == span.line and span.end_column <= span.column:
        region["endColumn"] = span.column + 1  # an empty span still marks one character
    snippet = span.snippet
    if snippet:
        region["snippet"] = {"text": escape_controls(clipped(snippet), keep_newlines=True)}
    return region


def _location(d: Diagnostic, files: Sequence[str]) -> dict[str, Any] | None:
    path = _file_of(d, files)
    if path is None:
        return None
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
    if _has_file(d):
        physical["region"] = _region(d)
    else:
        # GitHub needs a location for every result: a design-wide finding points at line 1.
        physical["region"] = {"startLine": 1, "startColumn": 1}
    return {"physicalLocation": physical}


def _related(d: Diagnostic) -> list[dict[str, Any]]:
    related = []
    for index, label in enumerate(d.labels, start=1):
        if label.span.file.startswith("<"):
            continue
        span = label.span
        region: dict[str, Any] = {
            "startLine": span.line,
            "startColumn": span.column,
            "endLine": max(span.line, span.end_line),
            "endColumn": max(1, span.end_column),
        }
        if span.end_line == span.line and span.end_column <= span.column:
            region["endColumn"] = span.column + 1
        item: dict[str, Any] = {
            "id": index,
            "physicalLocation": {"artifactLocation": {"uri": _uri(span.file)}, "region": region},
        }
        if label.message:
            item["message"] = {"text": escape_controls(label.message)}
        related.append(item)
    return related


# A grouped finding lists its other places as related locations, up to this many (GitHub and
# SARIF viewers show a handful; the JSON output lists every one).
MAX_REPEATED_LOCATIONS = 1000


def _span_region(span: Span) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": max(1, span.line),
        "startColumn": max(1, span.column),
        "endLine": max(span.line, span.end_line),
        "endColumn": max(1, span.end_column),
    }
    if span.end_line == span.line and span.end_column <= span.column:
        region["endColumn"] = span.column + 1
    return region


def _repeated(d: Diagnostic, start: int) -> list[dict[str, Any]]:
    return [
        {
            "id": start + index,
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(span.file)},
                "region": _span_region(span),
            },
            "message": {"text": f"the same finding ({index + 1} of {len(d.repeats):,} more)"},
        }
        for index, span in enumerate(d.repeats[:MAX_REPEATED_LOCATIONS])
        if not span.file.startswith("<")
    ]


def _fingerprint_base(d: Diagnostic, files: Sequence[str]) -> str:
    """What identifies a finding across commits: rule, file and the text of its source line, not
    the line number (lines move when something is added above) nor the figures (they change)."""
    path = _file_of(d, files) or ""
    line_text = ""
    if d.span is not None and d.span.source.lines and 0 < d.span.line <= len(d.span.source.lines):
        line_text = " ".join(d.span.source.lines[d.span.line - 1].split())
    message = re.sub(r"\d[\d.,]*", "#", d.message)  # "rows A..D" matters, "40.8 kW" does not
    return "\x1f".join((d.code, path, line_text, message))


def sarif_document(diagnostics: Sequence[Diagnostic], files: Sequence[str] = ()) -> dict[str, Any]:
    registry = _rule_titles()
    rules: dict[str, dict[str, Any]] = {}
    for rule_id, rule in registry.items():
        rules[rule_id] = _descriptor(rule_id, rule.title, rule.severity, rule.discipline)
    for d in diagnostics:  # codes raised outside the registry (DC-IO-…) still get a descriptor
        if d.code not in rules:
            discipline = d.code.split("-")[1].lower() if d.code.count("-") >= 2 else "design"
            rules[d.code] = _descriptor(d.code, escape_controls(d.message), d.severity, discipline)
    ordered = sorted(rules)
    index = {rule_id: i for i, rule_id in enumerate(ordered)}

    seen: Counter[str] = Counter()
    results = []
    for d in diagnostics:
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": _full_message(d)},
        }
        location = _location(d, files)
        if location is not None:
            result["locations"] = [location]
        related = _related(d) + _repeated(d, start=len(d.labels) + 1)
        if related:
            result["relatedLocations"] = related
        if d.repeats:
            result["occurrenceCount"] = d.count
        base = _fingerprint_base(d, files)
        seen[base] += 1  # identical findings on one line stay distinct, in a stable order
        digest = hashlib.sha256(f"{base}\x1f{seen[base]}".encode()).hexdigest()
        result["partialFingerprints"] = {FINGERPRINT_KEY: digest}
        results.append(result)

    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "fullName": f"dcc (dcdsl compiler) {__version__}",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [rules[rule_id] for rule_id in ordered],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(diagnostics: Sequence[Diagnostic], files: Sequence[str] = ()) -> str:
    return json_dumps(sarif_document(diagnostics, files))


# --- GitHub workflow commands ---------------------------------------------------------------------


def escape_data(text: str) -> str:
    """Escape a workflow command's message as the Actions runner decodes it; other control
    characters (ANSI/OSC escapes that a CI log would interpret) are shown as `\\x1b`."""
    return escape_controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a workflow command property value (file, title): also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(
    d: Diagnostic, files: Sequence[str] = (), titles: dict[str, Any] | None = None
) -> str:
    props: list[tuple[str, str]] = []
    path = _file_of(d, files)
    if path is not None:
        props.append(("file", path))
        if _has_file(d):
            span = d.span
            assert span is not None
            props.append(("line", str(span.line)))
            end_line = max(span.line, span.end_line)
            props.append(("endLine", str(end_line)))
            # The runner takes columns only when the annotation starts and ends on one line.
            if end_line == span.line:
                props.append(("col", str(span.column)))
                props.append(("endColumn", str(max(span.column + 1, span.end_column))))
        else:
            props.append(("line", "1"))
    rule = (titles or {}).get(d.code)
    title = f"{d.code} {rule.title}" if rule is not None else d.code
    if d.repeats:
        title += f" (× {d.count:,})"
    props.append(("title", title))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{_GITHUB_COMMAND[d.severity]} {rendered}::{escape_data(_full_message(d))}"


# GitHub shows at most 10 annotations of each kind per step and 50 per job; the rest are dropped.
GITHUB_SHOWN = 10


def render_github(diagnostics: Sequence[Diagnostic], files: Sequence[str] = ()) -> str:
    """Errors first, then warnings, then notes, so that GitHub's per-step limit never drops an
    error for a note; when there are more than ``GITHUB_SHOWN`` annotations in all, the notes
    are summarised in one ``::notice`` (their codes and counts)."""
    titles = _rule_titles()
    ranked = sorted(diagnostics, key=lambda d: d.severity.rank)  # stable: file order within
    notes = [d for d in ranked if d.severity is Severity.NOTE]
    if len(ranked) > GITHUB_SHOWN and len(notes) > 1:
        ranked = [d for d in ranked if d.severity is not Severity.NOTE]
        lines = [github_annotation(d, files, titles) for d in ranked]
        lines.append(_notes_summary(notes, files))
    else:
        lines = [github_annotation(d, files, titles) for d in ranked]
    return "".join(line + "\n" for line in lines)


def _notes_summary(notes: Sequence[Diagnostic], files: Sequence[str]) -> str:
    tally = Counter[str]()
    for d in notes:
        tally[d.code] += d.count
    listed = "\n".join(
        f"- {code} × {n:,}: {next(d.message for d in notes if d.code == code)}"
        for code, n in sorted(tally.items())
    )
    total = sum(tally.values())
    message = (
        f"{total:,} notes, summarised so that they do not crowd out errors and warnings "
        f"(GitHub shows {GITHUB_SHOWN} annotations of a kind per step):\n{listed}\n"
        "Every note is in the SARIF upload and in `dcc check --format text`."
    )
    path = _file_of(notes[0], files)
    props = f"file={escape_property(path)},line=1," if path else ""
    title = escape_property(f"dcc: {total:,} notes")
    return f"::notice {props}title={title}::{escape_data(message)}"


# --- JUnit XML ------------------------------------------------------------------------------------

_XML_INVALID = re.compile("[\ud800-\udfff\ufffe\uffff]")  # after the controls are escaped


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: control characters escaped (line breaks kept), the rest of the
    characters XML forbids (surrogates, U+FFFE, U+FFFF) as `?`."""
    return _XML_INVALID.sub("?", escape_controls(text, keep_newlines=True))


def _case_name(d: Diagnostic) -> str:
    where = f" at {d.span.line}:{d.span.column}" if _has_file(d) and d.span is not None else ""
    times = f" (× {d.count:,})" if d.repeats else ""
    return f"{d.code}{where}{times}: {d.message}"


def render_junit(diagnostics: Sequence[Diagnostic], files: Sequence[str] = ()) -> str:
    suites: dict[str, list[Diagnostic]] = {_posix(f): [] for f in files}
    for d in diagnostics:
        suites.setdefault(_file_of(d, files) or TOOL_NAME, []).append(d)

    errors_total = sum(1 for d in diagnostics if d.is_error)  # failing cases: a group is one
    root = ET.Element("testsuites")
    root.set("name", "dcc check")
    tests_total = 0
    for name in sorted(suites):
        findings = suites[name]
        suite = ET.SubElement(root, "testsuite")
        failures = sum(1 for d in findings if d.is_error)
        cases = max(1, len(findings))
        tests_total += cases
        suite.set("name", _xml_text(name))
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        if not findings:
            case = ET.SubElement(suite, "testcase")
            case.set("classname", _xml_text(name))
            case.set("name", "dcc check")
            case.set("file", _xml_text(name))
            continue
        for d in findings:
            case = ET.SubElement(suite, "testcase")
            case.set("classname", _xml_text(name))
            case.set("name", _xml_text(_case_name(d)))
            case.set("file", _xml_text(name))
            if _has_file(d) and d.span is not None:
                case.set("line", str(d.span.line))
            body = _xml_text(_junit_body(d, name))
            if d.is_error:
                failure = ET.SubElement(case, "failure")
                failure.set("type", d.code)
                failure.set("message", _xml_text(d.message))
                failure.text = body
            else:
                out = ET.SubElement(case, "system-out")
                out.text = body
    root.set("tests", str(tests_total))
    root.set("failures", str(errors_total))
    root.set("errors", "0")
    root.set("skipped", "0")
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n"


def _junit_body(d: Diagnostic, name: str) -> str:
    where = f"{name}:{d.span.line}:{d.span.column}" if _has_file(d) and d.span is not None else name
    return "\n".join(
        [f"{d.severity.value}[{d.code}]: {d.message}", f"  --> {where}", *_detail_lines(d)]
    )
