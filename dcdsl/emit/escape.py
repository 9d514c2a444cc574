"""Names from a design, made safe for each output: Markdown, CSV, XML/SVG and file names.

A design is written by strangers (a pull request from a fork), so every name in it is text,
never markup, a spreadsheet formula, a terminal command or a path. One helper per output kind,
used by every emitter; all are deterministic.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from dcdsl.diagnostics import escape_controls

# --- Markdown (bom.md, dcc diff) ------------------------------------------------------------------

# ASCII punctuation that starts Markdown constructs (emphasis, links, code, tables, strikethrough);
# a backslash makes each one literal (CommonMark §2.4). `<`, `>`, `&` become entities: no raw HTML.
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]~|])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md_text(text: str) -> str:
    """Plain text in Markdown (a table cell, a list item): no markup, no HTML, one line."""
    one_line = escape_controls(text.replace("\r\n", " ").replace("\n", " "))
    escaped = _MD_PUNCTUATION.sub(r"\\\1", one_line)
    return "".join(_MD_ENTITIES.get(c, c) for c in escaped)


def md_code(text: str, in_table: bool = False) -> str:
    """A code span holding ``text`` literally, whatever backticks it contains (CommonMark §6.1).

    In a GFM table a `|` ends the cell even inside a code span, so there it is written `\\|`
    (the table parser removes the backslash)."""
    one_line = escape_controls(text.replace("\r\n", " ").replace("\n", " "))
    if in_table:
        one_line = one_line.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") or not one_line else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"


def md_message(text: str, in_table: bool = False) -> str:
    """A diagnostic message in Markdown: its `code` spans stay code spans, the rest is text.

    Each part is escaped on its own, so a name holding a backtick can shift the pairing but
    never lets markup or HTML through."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: the last one is text
        parts[-2:] = [parts[-2] + "`" + parts[-1]]
    return "".join(
        md_code(part, in_table) if index % 2 else md_text(part) for index, part in enumerate(parts)
    )


# --- CSV (bom.csv) --------------------------------------------------------------------------------

# A cell starting with one of these is a formula in Excel, LibreOffice and Google Sheets
# (OWASP "CSV Injection"): it gets a leading apostrophe, which spreadsheets show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell of bom.csv: never a formula, control characters shown escaped.

    Only for text columns: numeric columns are written by the emitter itself (digits, `-`, `.`)
    and stay numbers, negative ones included."""
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return escape_controls(text)


# --- XML / SVG ------------------------------------------------------------------------------------


def xml_text(text: str) -> str:
    """Text for an XML element or a double-quoted attribute: `&<>"` escaped, and control
    characters (which XML 1.0 forbids or a terminal would run) shown as `\\x1b`."""
    # What xml.sax.saxutils.escape(text, {'"': "&quot;"}) does, without importing it (it
    # imports urllib.request, http.client, ssl and email: 0.02 s of every build).
    safe = escape_controls(text).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return safe.replace('"', "&quot;")


# --- file names -----------------------------------------------------------------------------------

MAX_STEM = 64  # characters of the name kept in a file name (the whole name stays well under 255)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def file_stem(name: str) -> str:
    """A file-name part for one design name: ASCII letters, digits, `.`, `_`, `-` kept, anything
    else `_`, at most 64 characters, never hidden (`.`-led). When the name had to change, a hash
    of the whole name follows (`H 1` → `H_1-<8 hex>`), so `H 1`, `H/1` and `H_1` differ."""
    stem = _UNSAFE.sub("_", name)[:MAX_STEM]
    if stem.startswith(".") or not stem:
        stem = "_" + stem[: MAX_STEM - 1]
    return stem if stem == name else f"{stem}-{_digest(name)}"


def file_stems(names: Iterable[str]) -> dict[str, str]:
    """``file_stem`` of each name, unique even on case-insensitive file systems (`Spine` and
    `spine`): on a clash the later name (in sorted order) gets its hash, then a counter."""
    stems: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(set(names)):
        stem = file_stem(name)
        if stem.lower() in used:
            stem = f"{file_stem(name)}-{_digest(name)}" if stem == name else stem
        count = 2
        base = stem
        while stem.lower() in used:
            stem = f"{base}-{count}"
            count += 1
        used.add(stem.lower())
        stems[name] = stem
    return stems


# --- Graphviz DOT ---------------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A quoted DOT string: quotes and backslashes escaped (so `\\N`, `\\G` are not Graphviz
    escapes), newlines as DOT's centred line break, other control characters shown escaped."""
    safe = escape_controls(text, keep_newlines=True)
    escaped = safe.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
