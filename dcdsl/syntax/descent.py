"""Descent: the scanner's token table → syntax tree, by recursive descent over dc.lark's rules.

The fast path of ``dcdsl.syntax.parse.parse``. It builds exactly the tree (nodes and spans)
that the Lark LALR parser builds from the same grammar, reading tokens by index with no token
objects, no generic callbacks and no grammar analysis, which is what a flattened design of
100,000 blocks needs. It explains nothing: on any input it does not take — a syntax error, a
budget exceeded, recursion too deep for Python — it returns None and the LALR parser, the
reference, parses the file again and gives the located diagnostic. ``tests/test_descent.py``
compares the two parsers' trees on every design, catalogue module and test input, and on
generated programs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dcdsl import limits
from dcdsl.source import OFFSET_MASK, SourceFile
from dcdsl.syntax import tree as t
from dcdsl.syntax.scanner import Tokens

# Tokens that continue an expression after an operand.
_OPERATORS = frozenset({"PLUS", "MINUS", "STAR", "SLASH", "COMPARE"})
_SUM = {"PLUS": "+", "MINUS": "-"}
_PRODUCT = {"STAR": "*", "SLASH": "/"}
_END = "$END"


class _NotTaken(Exception):
    """The input is not one this parser takes: the LALR parser decides and explains."""


def parse_tokens(source: SourceFile, tokens: Tokens) -> tuple[t.Statement, ...] | None:
    """The statements of a file, or None when the LALR parser must decide."""
    if tokens.error is not None:
        return None
    # Look-ahead never runs off the end; in the table itself, not a copy (8 bytes a token).
    tokens.kinds.extend((_END, _END, _END))
    parser = _Descent(source, tokens)
    try:
        statements = parser.statements()
        if parser.kinds[parser.i] != _END:
            return None
    except (_NotTaken, RecursionError):
        return None
    finally:
        del tokens.kinds[-3:]  # the LALR parser reads the table as the scanner left it
    return tuple(statements)


def to_float(text: str) -> float:
    return float(text.replace("_", ""))


def unquote(text: str) -> str:
    text = text[1:-1]
    if "\\" not in text:
        return text
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def redundancy(text: str) -> tuple[int, int, int]:
    """(paths, spares in each path, spares shared): `2(N+1)` is (2, 1, 0), `2N+1` is (2, 0, 1):
    two full paths plus one unit, not two paths of N+1."""
    compact = re.sub(r"\s+", "", text)
    if m := re.fullmatch(r"(\d+)\(N\+(\d+)\)", compact):
        return int(m.group(1)), int(m.group(2)), 0
    if m := re.fullmatch(r"(\d*)N(?:\+(\d+))?", compact):
        paths, extra = int(m.group(1) or 1), int(m.group(2) or 0)
        return (paths, extra, 0) if paths == 1 else (paths, 0, extra)
    raise ValueError(text)


class _Descent:
    """One parse: the token lists, a cursor, and the depth of each nested expression."""

    def __init__(self, source: SourceFile, tokens: Tokens):
        self.source = source
        self.kinds = tokens.kinds
        self.texts = tokens.texts
        self.starts = tokens.starts
        self.ends = tokens.ends
        self.i = 0
        self.max_depth = limits.value("expression_depth")
        self.depths: dict[int, int] = {}  # id(expression node) → depth, for nested nodes
        self.open = 0  # brackets, calls and minus signs open around the expression being read
        self.numbers: dict[str, float] = {}

    # --- locations (as the LALR builder makes them: first child's start to last child's end) ---

    def token(self, i: int) -> int:
        return self.starts[i] << 32 | self.ends[i]

    def tokens(self, i: int, j: int) -> int:
        """From token ``i`` to token ``j``."""
        return self.starts[i] << 32 | self.ends[j]

    def token_to(self, i: int, last: int) -> int:
        """From token ``i`` to the end of a node's location."""
        return self.starts[i] << 32 | (last & OFFSET_MASK)

    def number(self, text: str) -> float:
        """The value of a number as written; one float object for each spelling."""
        value = self.numbers.get(text)
        if value is None:
            value = self.numbers[text] = to_float(text)
        return value

    def expect(self, kind: str) -> int:
        i = self.i
        if self.kinds[i] != kind:
            raise _NotTaken
        self.i = i + 1
        return i

    # --- statements ---

    def statements(self) -> list[t.Statement]:
        out: list[t.Statement] = []
        kinds = self.kinds
        while True:
            kind = kinds[self.i]
            if kind == "NAME":
                out.append(self.attribute_or_block())
            elif kind == "LET":
                out.append(self.let())
            elif kind == "IMPORT":
                i = self.i
                self.i = i + 1
                path = self.expect("STRING")
                path_loc = self.token(path)
                out.append(
                    t.Import(
                        unquote(self.texts[path]), self.source, self.token_to(i, path_loc), path_loc
                    )
                )
            elif kind == "REQUIRE":
                out.append(self.require())
            elif kind == "ALLOW":
                out.append(self.allow())
            else:
                return out

    def attribute_or_block(self) -> t.Attribute | t.Block:
        """A statement that starts with a name."""
        i = self.i
        kinds = self.kinds
        after = kinds[i + 1]
        head = self.token(i)  # the attribute's name or the block's kind
        if after == "EQUAL":
            self.i = i + 2
            value = self.expr()
            return t.Attribute(self.texts[i], value, self.source, head)
        type_ref: str | None = None
        type_loc: int | None = None
        labels: list[t.Label] = []
        repeat: t.Expr | None = None
        body: tuple[t.Statement, ...] | None = None
        if after == "LBRACE":  # NAME body
            self.i = i + 1
            body, last = self.body()
        else:
            if after == "NAME":  # NAME type_ref label* repeat? body?
                type_ref = self.texts[i + 1]
                type_loc = last = self.token(i + 1)
                self.i = i + 2
                if kinds[self.i] == "STRING":
                    last = self.labels(labels)
            elif after == "STRING":  # NAME label+ repeat? body?
                self.i = i + 1
                last = self.labels(labels)
            else:
                raise _NotTaken
            if kinds[self.i] == "STAR":
                self.i += 1
                repeat = self.expr()
                last = repeat.loc
            if kinds[self.i] == "LBRACE":
                body, last = self.body()
        return t.Block(
            kind=self.texts[i],
            type_ref=type_ref,
            labels=tuple(labels),
            repeat=repeat,
            body=body,
            source=self.source,
            loc=t.join(head, last),
            type_loc=type_loc,
        )

    def labels(self, out: list[t.Label]) -> int:
        """One or more labels into ``out``; the location of the last."""
        kinds, texts = self.kinds, self.texts
        while kinds[self.i] == "STRING":
            i = self.i
            if kinds[i + 1] == "__ANON_0":  # "first".."last"
                if kinds[i + 2] != "STRING":
                    raise _NotTaken
                loc = self.tokens(i, i + 2)
                out.append(t.LabelRange(unquote(texts[i]), unquote(texts[i + 2]), self.source, loc))
                self.i = i + 3
            else:
                loc = self.token(i)
                out.append(t.LabelLit(unquote(texts[i]), self.source, loc))
                self.i = i + 1
        return loc

    def body(self) -> tuple[tuple[t.Statement, ...], int]:
        first = self.expect("LBRACE")
        inner = self.statements()
        last = self.expect("RBRACE")
        return tuple(inner), self.tokens(first, last)

    def let(self) -> t.Let:
        i = self.i
        if self.kinds[i + 1] != "NAME" or self.kinds[i + 2] != "EQUAL":
            raise _NotTaken
        self.i = i + 3
        value = self.expr()
        name_loc = self.token(i + 1)
        loc = self.token_to(i, value.loc)
        return t.Let(self.texts[i + 1], value, self.source, loc, name_loc)

    def require(self) -> t.Require:
        i = self.i
        self.i = i + 1
        condition = self.expr()
        if self.kinds[self.i] == "BECAUSE":
            self.i += 1
            reason = self.expect("STRING")
            loc = self.token_to(i, self.token(reason))
            return t.Require(condition, unquote(self.texts[reason]), self.source, loc)
        return t.Require(condition, None, self.source, self.token_to(i, condition.loc))

    def allow(self) -> t.Allow:
        i = self.i
        self.i = i + 1
        ids = [self.texts[self.expect("RULE_ID")]]
        while self.kinds[self.i] == "COMMA":
            self.i += 1
            ids.append(self.texts[self.expect("RULE_ID")])
        self.expect("BECAUSE")
        reason = self.expect("STRING")
        loc = self.tokens(i, reason)
        return t.Allow(tuple(ids), unquote(self.texts[reason]), self.source, loc)

    # --- expressions ---

    def nested(self, node: Any, *children: Any) -> Any:
        """Record an expression node's depth; past `expression_depth` the LALR parser gives
        the located error."""
        depths = self.depths
        depth = 1 + max((depths.get(id(c), 1) for c in children), default=0)
        if depth > self.max_depth:
            raise _NotTaken
        depths[id(node)] = depth
        return node

    def enter(self) -> None:
        """One more bracket, call or minus sign open around what is read next: each adds a level
        to the depth of the expression holding it, so past `expression_depth` stop here, before
        recursing any further (100,000 brackets must not depend on Python's recursion limit)."""
        self.open += 1
        if self.open >= self.max_depth:
            raise _NotTaken

    def bracketed(self, node: Any) -> Any:
        """Brackets make no node but count as a level (docs/security.md): `((1))` is 3 deep."""
        depth = self.depths.get(id(node), 1) + 1
        if depth > self.max_depth:
            raise _NotTaken
        self.depths[id(node)] = depth
        return node

    def expr(self) -> t.Expr:
        kinds = self.kinds
        i = self.i
        # A literal alone, the value of nearly every attribute: no descent through the levels.
        kind = kinds[i]
        if kind == "NUMBER":
            after = kinds[i + 1]
            if after == "UNIT" and kinds[i + 2] not in _OPERATORS:
                self.i = i + 2
                return self.quantity(i)
            if after not in _OPERATORS and after != "PERCENT" and after != "UNIT":
                self.i = i + 1
                text = self.texts[i]
                return t.Number(self.number(text), text, self.source, self.token(i))
        elif kind == "STRING" and kinds[i + 1] not in _OPERATORS:
            self.i = i + 1
            return t.String(unquote(self.texts[i]), self.source, self.token(i))
        left = self.sum()
        if kinds[self.i] == "COMPARE":
            op = self.texts[self.i]
            self.i += 1
            right = self.sum()
            binop = t.BinOp(op, left, right, self.source, t.join(left.loc, right.loc))
            return self.nested(binop, left, right)
        return left

    def sum(self) -> t.Expr:
        return self.chain(self.product, _SUM)

    def product(self) -> t.Expr:
        return self.chain(self.unary, _PRODUCT)

    def chain(self, operand: Callable[[], t.Expr], operators: dict[str, str]) -> t.Expr:
        """``operand (op operand)*``, left-associative."""
        left = operand()
        kinds = self.kinds
        while (op := operators.get(kinds[self.i])) is not None:
            self.i += 1
            right = operand()
            binop = t.BinOp(op, left, right, self.source, t.join(left.loc, right.loc))
            left = self.nested(binop, left, right)
        return left

    def unary(self) -> t.Expr:
        i = self.i
        if self.kinds[i] == "MINUS":
            self.i = i + 1
            self.enter()
            operand = self.unary()
            self.open -= 1
            neg = t.Neg(operand, self.source, self.token_to(i, operand.loc))
            return self.nested(neg, operand)
        return self.atom()

    def quantity(self, i: int) -> t.QuantityLit:
        texts = self.texts
        loc = self.tokens(i, i + 1)
        return t.QuantityLit(self.number(texts[i]), texts[i], texts[i + 1], self.source, loc)

    def atom(self) -> t.Expr:
        i = self.i
        kinds, texts = self.kinds, self.texts
        kind = kinds[i]
        self.i = i + 1
        if kind == "NUMBER":
            after = kinds[i + 1]
            if after == "UNIT":
                self.i = i + 2
                return self.quantity(i)
            if after == "PERCENT":
                self.i = i + 2
                value = self.number(texts[i])
                loc = self.tokens(i, i + 1)
                return t.QuantityLit(value, texts[i], "percent", self.source, loc)
            return t.Number(self.number(texts[i]), texts[i], self.source, self.token(i))
        if kind == "STRING":
            return t.String(unquote(texts[i]), self.source, self.token(i))
        if kind == "NAME":
            if kinds[i + 1] == "LPAR":
                return self.call(i)
            last = i
            while kinds[last + 1] == "DOT":
                if kinds[last + 2] != "NAME":
                    raise _NotTaken
                last += 2
            self.i = last + 1
            return t.Path(tuple(texts[i : last + 1 : 2]), self.source, self.tokens(i, last))
        if kind == "LPAR":
            self.enter()
            inner = self.expr()
            self.expect("RPAR")
            self.open -= 1
            return self.bracketed(inner)
        if kind == "LSQB":
            return self.list(i)
        if kind == "RATIO":
            text = texts[i]
            down, up = (float(x) for x in text.split(":"))
            return t.RatioLit(down, up, re.sub(r"\s+", "", text), self.source, self.token(i))
        if kind == "REDUNDANCY":
            text = re.sub(r"\s+", "", texts[i])
            paths, spares, shared = redundancy(text)
            return t.RedundancyLit(text, paths, spares, self.source, self.token(i), shared)
        if kind == "TRUE" or kind == "FALSE":
            return t.Bool(kind == "TRUE", self.source, self.token(i))
        raise _NotTaken

    def call(self, name: int) -> t.Call:
        self.i = name + 2
        args: list[t.Expr] = []
        if self.kinds[self.i] != "RPAR":
            self.enter()
            args.append(self.expr())
            while self.kinds[self.i] == "COMMA":
                self.i += 1
                args.append(self.expr())
            self.open -= 1
        close = self.expect("RPAR")
        name_loc = self.token(name)
        loc = self.tokens(name, close)
        call = t.Call(self.texts[name], tuple(args), self.source, loc, name_loc)
        return self.nested(call, *args)

    def list(self, open_: int) -> t.ListLit:
        kinds = self.kinds
        items: list[t.Expr] = []
        if kinds[self.i] != "RSQB":
            self.enter()
            items.append(self.expr())
            while kinds[self.i] == "COMMA":
                self.i += 1
                if kinds[self.i] == "RSQB":  # a trailing comma
                    break
                items.append(self.expr())
            self.open -= 1
        close = self.expect("RSQB")
        list_lit = t.ListLit(tuple(items), self.source, self.tokens(open_, close))
        return self.nested(list_lit, *items)
