"""Scan: .dc text → a token table (parallel lists), comments kept, for both parsers.

A hand-written scanner (one master regex) that is contextual where the language needs it: a
unit only right after a number, a rule id only after `allow`. It scans the whole file at once
into plain lists (kind, text, start and end offsets), with no token object per token: the
descent parser (``dcdsl.syntax.descent``) reads them by index, and the Lark LALR parser
(``dcdsl.syntax.parse``, which explains syntax errors) turns them into Lark tokens. It does not
import Lark: a design that parses needs no grammar analysis.
"""

from __future__ import annotations

import re
import sys
from array import array

import attrs

from dcdsl import limits, units
from dcdsl.diagnostics import Diagnostic, SourceFile, Span
from dcdsl.source import locate
from dcdsl.syntax import tree as t

# The grammar's literal terminals as Lark names them (dcdsl/grammar/dc.lark; a test compares
# this table with Lark's own, so the grammar and the scanner cannot drift apart).
LITERALS: dict[str, str] = {
    "%": "PERCENT",
    "=": "EQUAL",
    ",": "COMMA",
    "..": "__ANON_0",
    "*": "STAR",
    "{": "LBRACE",
    "}": "RBRACE",
    "+": "PLUS",
    "-": "MINUS",
    "/": "SLASH",
    "(": "LPAR",
    ")": "RPAR",
    "[": "LSQB",
    "]": "RSQB",
    ".": "DOT",
    "let": "LET",
    "import": "IMPORT",
    "because": "BECAUSE",
    "require": "REQUIRE",
    "allow": "ALLOW",
    "true": "TRUE",
    "false": "FALSE",
}
KEYWORDS = frozenset(k for k in LITERALS if k.isidentifier())

# White space before a token is part of the same match (half as many matches as tokens plus
# blanks); END matches trailing blanks at the end of the text.
_MASTER = re.compile(
    r"""
    [ \t\f\r]*
    (?:
      (?P<NL>\n)
    | (?P<COMMENT>(?:\#|//)[^\n]*)
    | (?P<STRING>"[^"\\\n]*(?:\\.[^"\\\n]*)*")  # unrolled: linear in a 10 MB string
    | (?P<REDUNDANCY>2[ \t]*\([ \t]*N[ \t]*\+[ \t]*\d+[ \t]*\)|\d*N(?:[ \t]*\+[ \t]*\d+)?(?!\w))
    | (?P<RATIO>\d+(?:\.\d+)?[ \t]*:[ \t]*\d+(?:\.\d+)?)
    | (?P<NUMBER>\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)
    | (?P<NAME>[A-Za-z_]\w*)
    | (?P<OP>\.\.|<=|>=|==|!=|[<>=+\-*/(){}\[\],.%])
    | (?P<END>\Z)
    )
    """,
    re.VERBOSE,
)
_BLANKS = re.compile(r"[ \t\f\r]*")
_UNIT_AFTER_NUMBER = re.compile(
    r"[ \t]*(?P<unit>[A-Za-z_°µ][\w°µ]*(?:\^-?\d+)?(?:[/*][A-Za-z_°µ][\w°µ]*(?:\^-?\d+)?)*)"
)
_ATTRIBUTE_AHEAD = re.compile(r"[ \t]*=(?!=)")
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+")
_COMPARE = frozenset({"<=", ">=", "==", "!=", "<", ">"})


class OverLimit(Exception):
    """A budget exceeded while parsing: the diagnostic says which one and where."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@attrs.define
class StrayCharacter:
    """Where the text has a character no token starts with."""

    pos: int
    line: int
    column: int


@attrs.define(slots=True)
class Tokens:
    """The tokens of one file, in parallel lists (one entry per token), and what the scan
    learned besides: comments, names after a number that are not units, and the first error
    (the tokens before it are complete, so a parser reports an earlier syntax error first)."""

    kinds: list[str] = attrs.Factory(list)
    texts: list[str] = attrs.Factory(list)
    # Offsets as machine integers, not int objects (a 125,000-node design has 2 million
    # tokens): 4 bytes each, the `file_size` budget being below 4 GiB. Lines and columns are
    # not kept: the source file's line table gives them for the few spans made.
    starts: array[int] = attrs.Factory(lambda: array("I"))
    ends: array[int] = attrs.Factory(lambda: array("I"))
    comments: list[t.Comment] = attrs.Factory(list)
    unit_candidates: list[int] = attrs.Factory(list)  # (start, end, line, column) × n, flat
    error: StrayCharacter | OverLimit | None = None

    def span(self, source: SourceFile, index: int) -> Span:
        """The span of token ``index``."""
        return source.span(locate(self.starts[index], self.ends[index]))


def scan(source: SourceFile) -> Tokens:
    """Every token of ``source``, or those before the first stray character or exceeded
    budget (then ``error`` says which)."""
    text = source.text
    tokens = Tokens()
    kinds, texts, starts, ends = tokens.kinds, tokens.texts, tokens.starts, tokens.ends
    max_string = limits.value("string_length")
    max_blocks = limits.value("block_depth")
    intern = sys.intern
    match = _MASTER.match
    literal = LITERALS
    keywords = KEYWORDS
    pos, line, line_start = 0, 1, 0
    previous = ""  # kind of the previous token
    in_allow = False
    braces = 0
    while True:
        m = match(text, pos)
        if m is None:
            pos = _BLANKS.match(text, pos).end()  # type: ignore[union-attr]
            tokens.error = StrayCharacter(pos, line, pos - line_start + 1)
            return tokens
        kind = m.lastgroup or ""
        end = m.end()
        if kind == "NL":
            line += 1
            line_start = pos = end
            continue
        value = m.group(kind)
        pos = end - len(value)
        if kind == "NAME":
            if in_allow and previous in ("ALLOW", "COMMA") and (r := _RULE_ID.match(text, pos)):
                value, end, kind = r.group(), r.end(), "RULE_ID"
            elif value in keywords:
                kind = literal[value]
            else:
                value = intern(value)  # thousands of `power_max`, one string
        elif kind == "NUMBER":
            value = intern(value)  # and of `10.2`
        elif kind == "OP":
            kind = "COMPARE" if value in _COMPARE else literal[value]
            if kind == "LBRACE":
                braces += 1
                if braces > max_blocks:
                    tokens.error = OverLimit(
                        limits.exceeded(
                            "block_depth",
                            braces,
                            _at(source, line, pos - line_start + 1, pos, end),
                            "this block is nested",
                        )
                    )
                    return tokens
            elif kind == "RBRACE":
                braces -= 1
        elif kind == "STRING":
            if end - pos - 2 > max_string:
                tokens.error = OverLimit(
                    limits.exceeded(
                        "string_length",
                        end - pos - 2,
                        _at(source, line, pos - line_start + 1, pos, pos + 1),
                        "this string has",
                    )
                )
                return tokens
        elif kind == "COMMENT":
            tokens.comments.append(t.Comment(value, source, pos << 32 | end))
            pos = end
            continue
        elif kind == "END":
            return tokens
        kinds.append(kind)
        texts.append(value)
        starts.append(pos)
        ends.append(end)
        previous = kind
        if kind == "ALLOW":
            in_allow = True
        elif kind not in ("RULE_ID", "COMMA"):
            in_allow = False
        pos = end
        if kind == "NUMBER" and (unit := _unit_after(tokens, text, pos, line, line_start)):
            previous = "UNIT"
            pos = unit


def _at(source: SourceFile, line: int, column: int, start: int, end: int) -> Span:
    """A one-character span on one line, for a budget exceeded."""
    return Span(source, line, column, line, column + 1, start, end)


def _unit_after(tokens: Tokens, text: str, pos: int, line: int, line_start: int) -> int:
    """The unit of the number that ends at ``pos``, if one follows on the same line: appended
    as a UNIT token, its end returned (0 when there is none)."""
    m = _UNIT_AFTER_NUMBER.match(text, pos)
    if m is None:
        return 0
    unit = m.group("unit")
    start, end = m.span("unit")
    column = start - line_start + 1
    if not any(op in unit for op in "/*^"):  # a compound unit is a unit; pint checks it later
        if _ATTRIBUTE_AHEAD.match(text, end) or unit == "N":
            return 0  # `count = 2  redundancy = N+1`: the next attribute, not a unit
        if not units.is_unit(unit):
            tokens.unit_candidates.extend((start, end, line, column))
            return 0
    tokens.kinds.append("UNIT")
    tokens.texts.append(sys.intern(unit))
    tokens.starts.append(start)
    tokens.ends.append(end)
    return end
