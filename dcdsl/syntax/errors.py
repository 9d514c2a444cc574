"""Friendly syntax errors: what the reference parser (``dcdsl.syntax.lalr``) stopped at, as a
located DC-LANG-001…006 diagnostic that says what was expected and how to fix it."""

from __future__ import annotations

import re
from typing import Any

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from dcdsl import units
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, Label, SourceFile, Span, error

SYNTAX_ERROR = code("DC-LANG-001")
UNCLOSED_BLOCK = code("DC-LANG-002")
MISSING_EQUALS = code("DC-LANG-003")
UNKNOWN_UNIT = code("DC-LANG-004")
UNTERMINATED_STRING = code("DC-LANG-005")
STRAY_CHARACTER = code("DC-LANG-006")


def token_span(source: SourceFile, item: Any) -> Span:
    """Span of a Lark token or of a rule's meta."""
    if isinstance(item, Token):
        return Span(
            source,
            item.line or 1,
            item.column or 1,
            item.end_line or item.line or 1,
            item.end_column or item.column or 1,
            item.start_pos or 0,
            item.end_pos or 0,
        )
    return Span(
        source,
        item.line or 1,
        item.column or 1,
        item.end_line or 1,
        item.end_column or 1,
        item.start_pos or 0,
        item.end_pos or 0,
    )


_TERMINAL_NAMES = {
    "EQUAL": "`=`",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "COMMA": "`,`",
    "DOT": "`.`",
    "STAR": "`*`",
    "SLASH": "`/`",
    "PLUS": "`+`",
    "MINUS": "`-`",
    "NAME": "a name",
    "STRING": "a string",
    "NUMBER": "a number",
    "UNIT": "a unit",
    "PERCENT": "`%`",
    "RATIO": "a ratio",
    "REDUNDANCY": "a redundancy (N, N+1, 2N, 2(N+1))",
    "RULE_ID": "a rule id such as DC-COOL-002",
    "COMPARE": "a comparison",
    "$END": "the end of the file",
    "__ANON_0": "`..`",
}


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    name = _TERMINAL_NAMES.get(token.type, "")
    value = str(token)
    if token.type in ("NAME", "NUMBER", "STRING", "UNIT", "RATIO", "REDUNDANCY"):
        return f"{name} `{value}`" if name else f"`{value}`"
    return f"`{value}`"


def _describe_expected(expected: set[str]) -> str:
    names = sorted({_TERMINAL_NAMES.get(e, f"`{e.lower()}`") for e in expected if e})
    if len(names) > 6:
        names = [*names[:6], "…"]
    return ", ".join(names)


def _point(source: SourceFile, pos: int, length: int = 1) -> Span:
    pos = max(0, min(pos, len(source.text)))
    before = source.text[:pos]
    line = before.count("\n") + 1
    column = pos - (before.rfind("\n") + 1) + 1
    end = min(len(source.text), pos + length)
    end_column = column + max(1, end - pos) if "\n" not in source.text[pos:end] else column + 1
    return Span(source, line, column, line, end_column, pos, max(end, pos))


def explain(exc: UnexpectedInput, source: SourceFile, unit_candidates: list[Token]) -> Diagnostic:
    """The diagnostic for where the reference parser stopped."""
    text = source.text
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        char = text[pos] if pos < len(text) else ""
        if char == '"':
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end < 0 else line_end
            return error(
                UNTERMINATED_STRING,
                "unterminated string",
                _point(source, pos, line_end - pos),
                primary_label='this string has no closing `"`',
                help='close the string on the same line: "like this"',
            )
        if char == "'":
            return error(
                STRAY_CHARACTER,
                "strings are written in double quotes",
                _point(source, pos),
                help="write \"…\" instead of '…'",
            )
        return error(
            STRAY_CHARACTER,
            f"unexpected character `{char}`",
            _point(source, pos),
            primary_label="not part of the language",
            help="remove it; comments start with `#` or `//`",
        )
    if isinstance(exc, UnexpectedToken | UnexpectedEOF):
        token: Token = getattr(exc, "token", None) or Token("$END", "")
        expected: set[str] = set(getattr(exc, "expected", set()) or set())
        is_end = token.type == "$END"
        pos = len(text) if is_end else (token.start_pos or 0)
        unknown = _unknown_unit(source, unit_candidates, pos)
        if unknown is not None:
            return unknown
        if is_end and "RBRACE" in expected:
            return _unclosed_block(source)
        if "EQUAL" in expected and token.type in (
            "NUMBER",
            "RATIO",
            "REDUNDANCY",
            "LSQB",
            "LPAR",
            "MINUS",
            "COMPARE",
        ):
            previous = _previous_name(text, pos)
            line_end = text.find("\n", pos)
            rest = text[pos : len(text) if line_end < 0 else line_end].split("#")[0].strip()
            rest = rest.rstrip("}").strip() or str(token)
            return error(
                MISSING_EQUALS,
                f"expected `=` after `{previous}`" if previous else "expected `=`",
                _point(source, pos, len(str(token)) or 1),
                primary_label="a value without `=`",
                help=f"write `{previous} = {rest}`" if previous else "write `name = value`",
            )
        if token.type == "RBRACE" and "RBRACE" not in expected:
            return error(
                SYNTAX_ERROR,
                "unexpected `}`: there is no open block to close here",
                _point(source, pos),
                help="remove this `}` or add the block it should close",
            )
        found = _describe_token(token)
        return error(
            SYNTAX_ERROR,
            f"unexpected {found}",
            _point(source, pos, max(1, len(str(token)))),
            notes=[f"expected {_describe_expected(expected)}"] if expected else [],
            help='check the statement before this point: `name = value`, or `kind "label" { … }`',
        )
    return error(SYNTAX_ERROR, "syntax error", _point(source, 0))


def _previous_name(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z_]\w*)\s*$", text[:pos])
    return m.group(1) if m else ""


def _unknown_unit(source: SourceFile, unit_candidates: list[Token], pos: int) -> Diagnostic | None:
    for candidate in reversed(unit_candidates):
        end = candidate.end_pos or 0
        if end <= pos and re.fullmatch(r"\s*([A-Za-z_]\w*\s*)?", source.text[end:pos]):
            name = str(candidate)
            suggestions = units.suggest_units(name)
            return error(
                UNKNOWN_UNIT,
                f"unknown unit `{name}`",
                token_span(source, candidate),
                primary_label="not a unit that pint knows",
                help=(f"did you mean `{suggestions[0]}`?" if suggestions else None)
                or "write a unit such as kW, MW, kVA, V, A, U, USD, GB/s, degC",
                notes=[f"other close units: {', '.join(suggestions[1:])}"]
                if suggestions[1:]
                else [],
            )
        if end <= pos:
            break
    return None


def _unclosed_block(source: SourceFile) -> Diagnostic:
    """Find the innermost `{` that is never closed (strings and comments skipped)."""
    text = source.text
    stack: list[int] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            j = i + 1
            while j < len(text) and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "#" or text.startswith("//", i):
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl
            continue
        if c == "{":
            stack.append(i)
        elif c == "}" and stack:
            stack.pop()
        i += 1
    opened = stack[-1] if stack else len(text) - 1
    line_start = text.rfind("\n", 0, opened) + 1
    header = text[line_start:opened].strip()
    header_pos = line_start + (len(text[line_start:opened]) - len(text[line_start:opened].lstrip()))
    head_span = _point(source, header_pos, max(1, opened + 1 - header_pos))
    end_span = _point(source, max(0, len(text.rstrip()) - 1))
    what = f"`{header}`" if header else "this block"
    return error(
        UNCLOSED_BLOCK,
        f"expected `}}` to close {what} opened on line {head_span.line}",
        end_span,
        primary_label="the file ends here",
        labels=[Label(head_span, "the block opened here")],
        help="add `}` where the block should end",
    )
