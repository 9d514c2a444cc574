"""The reference parser: Lark's LALR parser for ``dcdsl/grammar/dc.lark``, driven by a tight loop
over its tables and fed by the scanner's token table.

``dcdsl.syntax.parse`` runs it only on a file the descent parser does not take (a syntax error,
a budget exceeded, brackets nested deeper than Python's recursion): it decides, and its errors
become the located DC-LANG diagnostics of ``dcdsl.syntax.errors``. It is imported on the first
such file, so a process that parses only good files never imports Lark or analyses the grammar.
An embedded transformer builds our own nodes while parsing, so no Lark tree is kept.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from importlib import resources
from typing import Any

import attrs
from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer
from lark.parsers.lalr_analysis import Shift

from dcdsl import limits
from dcdsl.diagnostics import DcError, SourceFile
from dcdsl.runtime import no_gc
from dcdsl.source import locate
from dcdsl.syntax import tree as t
from dcdsl.syntax.descent import redundancy, to_float, unquote
from dcdsl.syntax.errors import explain
from dcdsl.syntax.scanner import OverLimit, StrayCharacter, Tokens


@attrs.define
class _LexState:
    """What one LALR parse reads besides its tokens."""

    source: SourceFile
    tokens: Tokens
    max_depth: int = attrs.field(factory=lambda: limits.value("expression_depth"))
    depths: dict[int, int] = attrs.Factory(dict)  # id(expression node) → depth, when > 1

    @property
    def unit_candidates(self) -> list[Token]:
        """Names after a number that are not units (for DC-LANG-004), as tokens."""
        flat = self.tokens.unit_candidates
        text = self.source.text
        return [
            _token("NAME", text[s:e], s, line, column, column + (e - s), e)
            for s, e, line, column in zip(
                flat[::4], flat[1::4], flat[2::4], flat[3::4], strict=True
            )
        ]


_OverLimit = OverLimit  # the name the builder raises


_state = threading.local()
_lock = threading.Lock()


# --- the LALR path's lexer: the scanner's token table as Lark tokens ---------------------------

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
    """Lark's lexer interface over the token table of the file being parsed."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any, *_: Any) -> Iterator[Token]:
        lex: _LexState = _state.lex
        tokens = lex.tokens
        position = lex.source.position
        for kind, value, start, end in zip(
            tokens.kinds, tokens.texts, tokens.starts, tokens.ends, strict=True
        ):
            line, column = position(start)  # tokens never span lines
            yield _token(kind, value, start, line, column, column + (end - start), end)
        error = tokens.error
        if isinstance(error, StrayCharacter):
            raise UnexpectedCharacters(lex.source.text, error.pos, error.line, error.column)
        if error is not None:
            raise error


_redundancy = redundancy
_to_float = to_float


@attrs.frozen
class _TypeRef:
    name: str
    loc: int


@attrs.frozen
class _Repeat:
    expr: t.Expr
    loc: int


@attrs.frozen
class _Body:
    statements: tuple[t.Statement, ...]
    loc: int


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


def _child_loc(child: Any) -> int:
    if isinstance(child, Token):
        return locate(child.start_pos or 0, child.end_pos or 0)
    return int(child.loc)


class _Builder(Transformer[Token, Any]):
    """Lark rule → tree node. Runs inside the parser (embedded transformer), so there is no
    Lark tree; spans come from the first and last child, which is why all tokens are kept."""

    @property
    def source(self) -> SourceFile:
        return _state.lex.source

    def sp(self, item: Any) -> int:
        return _child_loc(item)

    def whole(self, children: list[Any]) -> int:
        """The location from the first child's start to the last child's end."""
        first: Any = next(c for c in children if c is not None)
        last: Any = next(c for c in reversed(children) if c is not None)
        return t.join(_child_loc(first), _child_loc(last))

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
        return t.Attribute(str(name), value, self.source, self.sp(name))

    def let_stmt(self, children: list[Any]) -> t.Let:
        name, value = _values(children)
        return t.Let(str(name), value, self.source, self.whole(children), self.sp(name))

    def import_stmt(self, children: list[Any]) -> t.Import:
        (path,) = _values(children)
        return t.Import(_unquote(path), self.source, self.whole(children), self.sp(path))

    def require_stmt(self, children: list[Any]) -> t.Require:
        items = _values(children)
        reason = _unquote(items[1]) if len(items) > 1 else None
        return t.Require(items[0], reason, self.source, self.whole(children))

    def allow_stmt(self, children: list[Any]) -> t.Allow:
        *ids, reason = _values(children)
        rule_ids = tuple(str(i) for i in ids)
        return t.Allow(rule_ids, _unquote(reason), self.source, self.whole(children))

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
            source=self.source,
            loc=self.whole(children),
            type_loc=type_ref.loc if type_ref else None,
        )

    def type_ref(self, children: list[Any]) -> _TypeRef:
        return _TypeRef(str(children[0]), self.sp(children[0]))

    def label(self, children: list[Any]) -> t.LabelLit:
        return t.LabelLit(_unquote(children[0]), self.source, self.whole(children))

    def label_range(self, children: list[Any]) -> t.LabelRange:
        first, last = _values(children)
        loc = self.whole(children)
        return t.LabelRange(_unquote(first), _unquote(last), self.source, loc)

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
        depths = _state.lex.depths
        depth = 1 + max((depths.get(id(c), 1) for c in children), default=0)
        return self._at_depth(node, depth, node.loc)

    def _at_depth(self, node: Any, depth: int, loc: int) -> Any:
        lex: _LexState = _state.lex
        lex.depths[id(node)] = depth
        if depth > lex.max_depth:
            span = self.source.span(loc)
            raise _OverLimit(
                limits.exceeded("expression_depth", depth, span, "this expression is nested")
            )
        return node

    def atom(self, children: list[Any]) -> Any:
        """`( expr )`: brackets make no node but count as a level, `((1))` is 3 deep."""
        inner = _values(children)[0]
        depth = _state.lex.depths.get(id(inner), 1) + 1
        return self._at_depth(inner, depth, self.whole(children))

    def compare(self, children: list[Any]) -> t.BinOp:
        left, op, right = _values(children)
        binop = t.BinOp(str(op), left, right, self.source, self.whole(children))
        return self.nested(binop, left, right)

    def _binop(self, op: str, children: list[Any]) -> t.BinOp:
        left, right = _values(children)
        binop = t.BinOp(op, left, right, self.source, self.whole(children))
        return self.nested(binop, left, right)

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
        return self.nested(t.Neg(operand, self.source, self.whole(children)), operand)

    def number(self, children: list[Any]) -> t.Number:
        (tok,) = children
        return t.Number(_to_float(tok), str(tok), self.source, self.sp(tok))

    def quantity(self, children: list[Any]) -> t.QuantityLit:
        num, unit = children
        loc = self.whole(children)
        return t.QuantityLit(_to_float(num), str(num), str(unit), self.source, loc)

    def percent(self, children: list[Any]) -> t.QuantityLit:
        num, _ = children
        loc = self.whole(children)
        return t.QuantityLit(_to_float(num), str(num), "percent", self.source, loc)

    def string(self, children: list[Any]) -> t.String:
        return t.String(_unquote(children[0]), self.source, self.sp(children[0]))

    def ratio(self, children: list[Any]) -> t.RatioLit:
        text = str(children[0])
        down, up = (float(x) for x in text.split(":"))
        loc = self.sp(children[0])
        return t.RatioLit(down, up, re.sub(r"\s+", "", text), self.source, loc)

    def redundancy(self, children: list[Any]) -> t.RedundancyLit:
        text = re.sub(r"\s+", "", str(children[0]))
        paths, spares, shared = _redundancy(text)
        return t.RedundancyLit(text, paths, spares, self.source, self.sp(children[0]), shared)

    def true(self, children: list[Any]) -> t.Bool:
        return t.Bool(True, self.source, self.sp(children[0]))

    def false(self, children: list[Any]) -> t.Bool:
        return t.Bool(False, self.source, self.sp(children[0]))

    def path(self, children: list[Any]) -> t.Path:
        parts = tuple(str(i) for i in _values(children))
        return t.Path(parts, self.source, self.whole(children))

    def call(self, children: list[Any]) -> t.Call:
        name, *args = _values(children)
        call = t.Call(str(name), tuple(args), self.source, self.whole(children), self.sp(name))
        return self.nested(call, *args)

    def list(self, children: list[Any]) -> t.ListLit:
        items = _values(children)
        list_lit = t.ListLit(tuple(items), self.source, self.whole(children))
        return self.nested(list_lit, *items)


def _unquote(token: Any) -> str:
    return unquote(str(token))


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
        tokens = _DcLexer(None).lex(text)
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


def parse_statements(source: SourceFile, tokens: Tokens) -> tuple[t.Statement, ...]:
    """The LALR parser's statements for a scanned file, or DcError with the diagnostic that
    explains what is wrong with it."""
    with _lock:
        _state.lex = lex = _LexState(source, tokens)
        try:
            with no_gc():
                statements: Any = _get_tables().parse(source.text)
        except UnexpectedInput as exc:
            raise DcError([explain(exc, source, lex.unit_candidates)]) from None
        except _OverLimit as exc:
            raise DcError([exc.diagnostic]) from None
        finally:
            del _state.lex
    return tuple(statements)
