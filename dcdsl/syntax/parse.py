"""Parse: .dc text → syntax tree (``dcdsl.syntax.tree``), or located DC-LANG diagnostics.

One Lark LALR parser with the contextual lexer, built once per process (grammar analysis cached
on disk by Lark). An embedded transformer builds our own nodes while parsing, so no Lark tree is
kept. Three lexer callbacks do the work the grammar cannot: keep comments, and decide whether a
name right after a number is that number's unit (pint decides, not a list of ours).
"""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Iterator
from importlib import resources
from typing import Any

import attrs
from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer, PatternStr
from lark.parsers.lalr_analysis import Shift

from dcdsl import limits, units
from dcdsl.codes import code
from dcdsl.diagnostics import DcError, Diagnostic, Label, SourceFile, Span, error
from dcdsl.runtime import no_gc
from dcdsl.syntax import tree as t

SYNTAX_ERROR = code("DC-LANG-001")
UNCLOSED_BLOCK = code("DC-LANG-002")
MISSING_EQUALS = code("DC-LANG-003")
UNKNOWN_UNIT = code("DC-LANG-004")
UNTERMINATED_STRING = code("DC-LANG-005")
STRAY_CHARACTER = code("DC-LANG-006")

_ATTRIBUTE_AHEAD = re.compile(r"[ \t]*=(?!=)")


@attrs.define
class _LexState:
    """What the lexer callbacks learn during one parse."""

    source: SourceFile
    comments: list[t.Comment] = attrs.Factory(list)
    unit_candidates: list[Token] = attrs.Factory(list)  # names after a number that pint rejected
    # Budgets, read once per parse (docs/security.md, Limits).
    max_string: int = attrs.field(factory=lambda: limits.value("string_length"))
    max_blocks: int = attrs.field(factory=lambda: limits.value("block_depth"))
    max_depth: int = attrs.field(factory=lambda: limits.value("expression_depth"))
    depths: dict[int, int] = attrs.Factory(dict)  # id(expression node) → depth, when > 1


class _OverLimit(Exception):
    """A budget exceeded while parsing: the diagnostic says which one and where."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_state = threading.local()
_lock = threading.Lock()


def _span(source: SourceFile, item: Any) -> Span:
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


# --- the lexer ------------------------------------------------------------------------------------
#
# A hand-written scanner (one master regex) feeds Lark's LALR parser. It is contextual where the
# language needs it: a unit only right after a number, a rule id only after `allow`. It is about
# three times faster than Lark's generic contextual lexer, which matters at 100,000-node designs.

_MASTER = re.compile(
    r"""
    (?P<WS>[ \t\f\r]+)
  | (?P<NL>\n)
  | (?P<COMMENT>(?:\#|//)[^\n]*)
  | (?P<STRING>"[^"\\\n]*(?:\\.[^"\\\n]*)*")  # unrolled: linear in a 10 MB string
  | (?P<REDUNDANCY>2[ \t]*\([ \t]*N[ \t]*\+[ \t]*\d+[ \t]*\)|\d*N(?:[ \t]*\+[ \t]*\d+)?(?!\w))
  | (?P<RATIO>\d+(?:\.\d+)?[ \t]*:[ \t]*\d+(?:\.\d+)?)
  | (?P<NUMBER>\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)
  | (?P<NAME>[A-Za-z_]\w*)
  | (?P<OP>\.\.|<=|>=|==|!=|[<>=+\-*/(){}\[\],.%])
    """,
    re.VERBOSE,
)
_UNIT_AFTER_NUMBER = re.compile(
    r"[ \t]*(?P<unit>[A-Za-z_°µ][\w°µ]*(?:\^-?\d+)?(?:[/*][A-Za-z_°µ][\w°µ]*(?:\^-?\d+)?)*)"
)
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+")
_COMPARE = frozenset({"<=", ">=", "==", "!=", "<", ">"})


_new_str = str.__new__


def _token(
    kind: str, value: str, start: int, line: int, column: int, end_column: int, end: int
) -> Token:
    """A one-line Lark token, built without Token.__new__'s keyword handling (3x faster)."""
    token = _new_str(Token, value)
    token.type = kind
    token.value = value
    token.start_pos = start
    token.line = token.end_line = line
    token.column = column
    token.end_column = end_column
    token.end_pos = end
    return token


class _DcLexer(Lexer):
    def __init__(self, lexer_conf: Any) -> None:
        self.literal_types: dict[str, str] = {}
        for terminal in lexer_conf.terminals:
            if isinstance(terminal.pattern, PatternStr):
                # Lark's names are Token objects; plain str keeps dict lookups off Token.__eq__.
                self.literal_types[terminal.pattern.value] = str(terminal.name)
        self.keywords = {k for k in self.literal_types if k.isidentifier()}

    def lex(self, data: Any, *_: Any) -> Iterator[Token]:
        lex: _LexState = _state.lex
        text = lex.source.text
        literal = self.literal_types
        keywords = self.keywords
        match = _MASTER.match
        pos, line, line_start, length = 0, 1, 0, len(text)
        previous = ""  # type of the previous significant token
        in_allow = False
        braces = 0
        while pos < length:
            m = match(text, pos)
            if m is None:
                raise UnexpectedCharacters(text, pos, line, pos - line_start + 1)
            kind = m.lastgroup or ""
            value = m.group()
            end = m.end()
            column = pos - line_start + 1
            if kind == "WS":
                pos = end
                continue
            if kind == "NL":
                line += 1
                line_start = end
                pos = end
                continue
            if kind == "COMMENT":
                lex.comments.append(
                    t.Comment(
                        value, Span(lex.source, line, column, line, column + len(value), pos, end)
                    )
                )
                pos = end
                continue
            if kind == "NAME":
                if in_allow and previous in ("ALLOW", "COMMA") and (r := _RULE_ID.match(text, pos)):
                    value, end, kind = r.group(), r.end(), "RULE_ID"
                elif value in keywords:
                    kind = literal[value]
            elif kind == "OP":
                kind = "COMPARE" if value in _COMPARE else literal[value]
                if kind == "LBRACE":
                    braces += 1
                    if braces > lex.max_blocks:
                        raise _OverLimit(
                            limits.exceeded(
                                "block_depth",
                                braces,
                                Span(lex.source, line, column, line, column + 1, pos, end),
                                "this block is nested",
                            )
                        )
                elif kind == "RBRACE":
                    braces -= 1
            elif kind == "STRING" and end - pos - 2 > lex.max_string:
                raise _OverLimit(
                    limits.exceeded(
                        "string_length",
                        end - pos - 2,
                        Span(lex.source, line, column, line, column + 1, pos, pos + 1),
                        "this string has",
                    )
                )
            token = _token(kind, value, pos, line, column, column + (end - pos), end)
            yield token
            previous = kind
            if kind == "ALLOW":
                in_allow = True
            elif kind not in ("RULE_ID", "COMMA"):
                in_allow = False
            pos = end
            if kind == "NUMBER":
                unit = self._unit_after(lex, text, pos, line, line_start)
                if unit is not None:
                    yield unit
                    previous = "UNIT"
                    pos = unit.end_pos or pos

    @staticmethod
    def _unit_after(
        lex: _LexState, text: str, pos: int, line: int, line_start: int
    ) -> Token | None:
        """The unit of the number that ends at ``pos``, if one follows on the same line."""
        m = _UNIT_AFTER_NUMBER.match(text, pos)
        if m is None:
            return None
        unit = m.group("unit")
        start, end = m.start("unit"), m.end("unit")
        column = start - line_start + 1
        token = _token("UNIT", unit, start, line, column, column + len(unit), end)
        if any(op in unit for op in "/*^"):
            return token  # a compound unit is a unit; pint checks it when the value is read
        if _ATTRIBUTE_AHEAD.match(text, end) or unit in ("N",):
            return None  # `count = 2  redundancy = N+1`: the next attribute, not a unit
        if units.is_unit(unit):
            return token
        lex.unit_candidates.append(token)
        return None


def _only_blanks(text: str, start: int, end: int) -> bool:
    return start <= end and all(c in " \t" for c in text[start:end])


def _redundancy(text: str) -> tuple[int, int, int]:
    """(paths, spares in each path, spares shared): `2(N+1)` is (2, 1, 0), `2N+1` is (2, 0, 1):
    two full paths plus one unit, not two paths of N+1."""
    compact = re.sub(r"\s+", "", text)
    if m := re.fullmatch(r"(\d+)\(N\+(\d+)\)", compact):
        return int(m.group(1)), int(m.group(2)), 0
    if m := re.fullmatch(r"(\d*)N(?:\+(\d+))?", compact):
        paths, extra = int(m.group(1) or 1), int(m.group(2) or 0)
        return (paths, extra, 0) if paths == 1 else (paths, 0, extra)
    raise ValueError(text)


def _to_float(text: str) -> float:
    return float(text.replace("_", ""))


@attrs.frozen
class _TypeRef:
    name: str
    span: Span


@attrs.frozen
class _Repeat:
    expr: t.Expr
    span: Span


@attrs.frozen
class _Body:
    statements: tuple[t.Statement, ...]
    span: Span


_VALUE_TOKENS = frozenset(
    {"NAME", "STRING", "NUMBER", "UNIT", "PERCENT", "RATIO", "REDUNDANCY", "RULE_ID", "COMPARE"}
)


def _values(children: list[Any]) -> list[Any]:
    """Children without punctuation and keywords (the parser keeps all tokens for spans)."""
    return [
        c
        for c in children
        if c is not None and (not isinstance(c, Token) or c.type in _VALUE_TOKENS)
    ]


def _child_span(source: SourceFile, child: Any) -> Span:
    if isinstance(child, Token):
        return _span(source, child)
    if isinstance(child, _Body | _Repeat | _TypeRef):
        return child.span
    return child.span


class _Builder(Transformer[Token, Any]):
    """Lark rule → tree node. Runs inside the parser (embedded transformer), so there is no
    Lark tree; spans come from the first and last child, which is why all tokens are kept."""

    @property
    def source(self) -> SourceFile:
        return _state.lex.source

    def sp(self, item: Any) -> Span:
        return _child_span(self.source, item)

    def whole(self, children: list[Any]) -> Span:
        """One span from the first child's start to the last child's end (hot: built directly)."""
        first: Any = next(c for c in children if c is not None)
        last: Any = next(c for c in reversed(children) if c is not None)
        if type(first) is Token:
            line, column, start = first.line or 1, first.column or 1, first.start_pos or 0
        else:
            head = first.span
            line, column, start = head.line, head.column, head.start
        if type(last) is Token:
            end_line, end_column, end = last.end_line or 1, last.end_column or 1, last.end_pos or 0
        else:
            tail = last.span
            end_line, end_column, end = tail.end_line, tail.end_column, tail.end
        return Span(_state.lex.source, line, column, end_line, end_column, start, end)

    # statements
    def start(self, children: list[Any]) -> tuple[t.Statement, ...]:
        return tuple(children[0]) if children and children[0] is not None else ()

    def statements(self, children: list[Any]) -> list[Any]:
        if len(children) == 2:
            children[0].append(children[1])
            return children[0]
        return [children[0]]

    def attribute(self, children: list[Any]) -> t.Attribute:
        name, value = _values(children)
        return t.Attribute(str(name), value, self.whole(children), self.sp(name))

    def let_stmt(self, children: list[Any]) -> t.Let:
        name, value = _values(children)
        return t.Let(str(name), value, self.whole(children), self.sp(name))

    def import_stmt(self, children: list[Any]) -> t.Import:
        (path,) = _values(children)
        return t.Import(_unquote(path), self.whole(children), self.sp(path))

    def require_stmt(self, children: list[Any]) -> t.Require:
        items = _values(children)
        reason = _unquote(items[1]) if len(items) > 1 else None
        return t.Require(items[0], reason, self.whole(children))

    def allow_stmt(self, children: list[Any]) -> t.Allow:
        *ids, reason = _values(children)
        return t.Allow(tuple(str(i) for i in ids), _unquote(reason), self.whole(children))

    def block(self, children: list[Any]) -> t.Block:
        items = _values(children)
        kind = items[0]
        type_ref: _TypeRef | None = None
        labels: list[t.Label] = []
        repeat: t.Expr | None = None
        body: tuple[t.Statement, ...] | None = None
        for item in items[1:]:
            if isinstance(item, _TypeRef):
                type_ref = item
            elif isinstance(item, t.LabelLit | t.LabelRange):
                labels.append(item)
            elif isinstance(item, _Repeat):
                repeat = item.expr
            elif isinstance(item, _Body):
                body = item.statements
        return t.Block(
            kind=str(kind),
            type_ref=type_ref.name if type_ref else None,
            labels=tuple(labels),
            repeat=repeat,
            body=body,
            span=self.whole(children),
            kind_span=self.sp(kind),
            type_span=type_ref.span if type_ref else None,
        )

    def type_ref(self, children: list[Any]) -> _TypeRef:
        return _TypeRef(str(children[0]), self.sp(children[0]))

    def label(self, children: list[Any]) -> t.LabelLit:
        return t.LabelLit(_unquote(children[0]), self.whole(children))

    def label_range(self, children: list[Any]) -> t.LabelRange:
        first, last = _values(children)
        return t.LabelRange(_unquote(first), _unquote(last), self.whole(children))

    def repeat(self, children: list[Any]) -> _Repeat:
        return _Repeat(_values(children)[0], self.whole(children))

    def body(self, children: list[Any]) -> _Body:
        inner = next((c for c in children if isinstance(c, list)), [])
        return _Body(tuple(inner), self.whole(children))

    # expressions
    def nested(self, node: Any, *children: Any) -> Any:
        """Record an expression node's depth; a located error past `expression_depth`.

        Every tool that walks expressions recursively (evaluator, formatter, language server) is
        safe because no tree deeper than the budget is ever built."""
        lex: _LexState = _state.lex
        depths = lex.depths
        depth = 1 + max((depths.get(id(c), 1) for c in children), default=0)
        depths[id(node)] = depth
        if depth > lex.max_depth:
            raise _OverLimit(
                limits.exceeded("expression_depth", depth, node.span, "this expression is nested")
            )
        return node

    def atom(self, children: list[Any]) -> Any:
        return _values(children)[0]  # ( expr )

    def compare(self, children: list[Any]) -> t.BinOp:
        left, op, right = _values(children)
        return self.nested(t.BinOp(str(op), left, right, self.whole(children)), left, right)

    def _binop(self, op: str, children: list[Any]) -> t.BinOp:
        left, right = _values(children)
        return self.nested(t.BinOp(op, left, right, self.whole(children)), left, right)

    def add(self, children: list[Any]) -> t.BinOp:
        return self._binop("+", children)

    def sub(self, children: list[Any]) -> t.BinOp:
        return self._binop("-", children)

    def mul(self, children: list[Any]) -> t.BinOp:
        return self._binop("*", children)

    def div(self, children: list[Any]) -> t.BinOp:
        return self._binop("/", children)

    def neg(self, children: list[Any]) -> t.Neg:
        operand = _values(children)[0]
        return self.nested(t.Neg(operand, self.whole(children)), operand)

    def number(self, children: list[Any]) -> t.Number:
        (tok,) = children
        return t.Number(_to_float(tok), str(tok), self.sp(tok))

    def quantity(self, children: list[Any]) -> t.QuantityLit:
        num, unit = children
        return t.QuantityLit(
            _to_float(num), str(num), str(unit), self.whole(children), self.sp(unit)
        )

    def percent(self, children: list[Any]) -> t.QuantityLit:
        num, unit = children
        span = self.whole(children)
        return t.QuantityLit(_to_float(num), str(num), "percent", span, self.sp(unit))

    def string(self, children: list[Any]) -> t.String:
        return t.String(_unquote(children[0]), self.sp(children[0]))

    def ratio(self, children: list[Any]) -> t.RatioLit:
        text = str(children[0])
        down, up = (float(x) for x in text.split(":"))
        return t.RatioLit(down, up, re.sub(r"\s+", "", text), self.sp(children[0]))

    def redundancy(self, children: list[Any]) -> t.RedundancyLit:
        text = re.sub(r"\s+", "", str(children[0]))
        paths, spares, shared = _redundancy(text)
        return t.RedundancyLit(text, paths, spares, self.sp(children[0]), shared)

    def true(self, children: list[Any]) -> t.Bool:
        return t.Bool(True, self.sp(children[0]))

    def false(self, children: list[Any]) -> t.Bool:
        return t.Bool(False, self.sp(children[0]))

    def path(self, children: list[Any]) -> t.Path:
        return t.Path(tuple(str(i) for i in _values(children)), self.whole(children))

    def call(self, children: list[Any]) -> t.Call:
        name, *args = _values(children)
        call = t.Call(str(name), tuple(args), self.whole(children), self.sp(name))
        return self.nested(call, *args)

    def list(self, children: list[Any]) -> t.ListLit:
        items = _values(children)
        return self.nested(t.ListLit(tuple(items), self.whole(children)), *items)


def _unquote(token: Any) -> str:
    text = str(token)[1:-1]
    if "\\" not in text:
        return text
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def grammar_text() -> str:
    return resources.files("dcdsl.grammar").joinpath("dc.lark").read_text(encoding="utf-8")


_parser: Lark | None = None


def _get_parser() -> Lark:
    global _parser
    if _parser is None:
        _parser = Lark(
            grammar_text(),
            parser="lalr",
            lexer=_DcLexer,
            keep_all_tokens=True,
            maybe_placeholders=True,
            transformer=_Builder(),
        )
    return _parser


class _Tables:
    """Lark's LALR tables and callbacks, flattened for a tighter driver loop.

    Lark analyses the grammar and wraps our builder's callbacks; its generic driver then spends
    most of a large parse comparing and hashing rule objects. Here every action is a plain
    tuple: (True, next state) to shift, (False, (size, callback, rule name)) to reduce.
    """

    def __init__(self, lark: Lark):
        inner = lark.parser.parser.parser
        table = inner.parse_table
        callbacks = inner.callbacks
        self.start: int = table.start_states["start"]
        self.end: int = table.end_states["start"]
        self.lexer = _DcLexer(lark.lexer_conf)
        self.actions: dict[int, dict[str, tuple[bool, Any]]] = {}
        for state, row in table.states.items():
            compiled: dict[str, tuple[bool, Any]] = {}
            for symbol, (action, arg) in row.items():
                # str(): Lark's symbol names are Token objects, slow to hash and compare.
                if action is Shift:
                    compiled[str(symbol)] = (True, arg)
                else:
                    reduce = (len(arg.expansion), callbacks[arg], str(arg.origin.name))
                    compiled[str(symbol)] = (False, reduce)
            self.actions[state] = compiled

    def parse(self, text: str) -> Any:
        actions = self.actions
        end_state = self.end
        states: list[int] = [self.start]
        values: list[Any] = []
        last: Token | None = None
        tokens = self.lexer.lex(text)
        at_end = False
        while True:  # one loop for all tokens: a call per token costs a tenth of the parse
            token = next(tokens, None)
            if token is None:
                token = Token.new_borrow_pos("$END", "", last) if last else Token("$END", "")
                at_end = True
            last = token
            kind = token.type
            while True:
                row = actions[states[-1]]
                entry = row.get(kind)
                if entry is None:
                    raise UnexpectedToken(token, {s for s in row if s.isupper()})
                shift, arg = entry
                if shift:
                    states.append(arg)
                    values.append(token)
                    break
                size, callback, origin = arg
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callback(children))
                states.append(actions[states[-1]][origin][1])
                if at_end and states[-1] == end_state:
                    return values[-1]


_tables: _Tables | None = None


def _get_tables() -> _Tables:
    global _tables
    if _tables is None:
        _tables = _Tables(_get_parser())
    return _tables


def parse(text: str, path: str = "<input>") -> t.Module:
    """Parse one file; raise DcError with DC-LANG diagnostics on a syntax error."""
    source = SourceFile(path, text)
    with _lock:
        _state.lex = _LexState(source)
        try:
            with no_gc():
                statements: Any = _get_tables().parse(text)
        except UnexpectedInput as exc:
            raise DcError([_explain(exc, _state.lex)]) from None
        except _OverLimit as exc:
            raise DcError([exc.diagnostic]) from None
        finally:
            lex: _LexState = _state.lex
            del _state.lex
    return t.Module(source, tuple(statements), tuple(lex.comments))


# --- friendly syntax errors -----------------------------------------------------------------------

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


def _explain(exc: UnexpectedInput, lex: _LexState) -> Diagnostic:
    source = lex.source
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
        unknown = _unknown_unit(lex, pos)
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


def _unknown_unit(lex: _LexState, pos: int) -> Diagnostic | None:
    for candidate in reversed(lex.unit_candidates):
        end = candidate.end_pos or 0
        if end <= pos and re.fullmatch(r"\s*([A-Za-z_]\w*\s*)?", lex.source.text[end:pos]):
            name = str(candidate)
            suggestions = units.suggest_units(name)
            return error(
                UNKNOWN_UNIT,
                f"unknown unit `{name}`",
                _span(lex.source, candidate),
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


def suggest(name: str, choices: list[str]) -> str | None:
    """The choice a mistyped ``name`` most likely meant: the same letters in another case first
    (`Gpu_Rack` → `gpu_rack`), then the closest by spelling, case and separators ignored
    (`gpurack` → `gpu_rack`), then the closest as written; None if nothing is close."""
    lower = name.lower()
    same = [c for c in choices if c.lower() == lower and c != name]
    if same:
        return min(same)
    folded = {c.lower().replace("_", "").replace("-", ""): c for c in sorted(choices, reverse=True)}
    key = lower.replace("_", "").replace("-", "")
    if key in folded and folded[key] != name:
        return folded[key]
    close = difflib.get_close_matches(lower, [c.lower() for c in choices], n=1, cutoff=0.6)
    if close:
        return next(c for c in choices if c.lower() == close[0])
    exact = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return exact[0] if exact else None
