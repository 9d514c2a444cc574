"""`dcc fmt`: print a syntax tree back in the one canonical layout, with every comment kept.

The layout, in short (``docs/ci.md`` has the long form):

- two spaces of indentation; one statement per line in a multi-line body; a block written on one
  line stays on one line (statements two spaces apart) while it fits in 100 columns and holds
  no comment; an empty body is ``{}``;
- ``=`` aligned within a run of attributes (or of lets) that no blank line or comment breaks;
- at most one blank line kept where the source had blank lines, none after ``{`` or before ``}``;
- expressions with single spaces around binary operators, ``f(a, b)``, ``[a, b]``; parentheses
  only where precedence needs them (the tree does not keep them); numbers as written
  (``1_000_000``, ``70e9``); strings re-escaped; ``80 %`` for percentages;
- a comment stays where it was: at the end of its line, or on its own line before the next
  statement; a comment inside an expression moves to its own line before that statement;
- trailing comments aligned in one column within a run of consecutive one-line statements.

The formatter re-parses what it printed and compares the trees (spans aside) and the comments;
if they differ it refuses (``FormatError``) rather than change a design's meaning.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import attrs

from dcdsl import limits, units
from dcdsl.diagnostics import DcError, error, render_text_all
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import parse

INDENT = "  "
WIDTH = 100

# Binding strength: a child binds at least this tightly or it is parenthesised.
_ATOM, _UNARY, _PRODUCT, _SUM, _COMPARE = 5, 4, 3, 2, 1
_PRECEDENCE = {"*": _PRODUCT, "/": _PRODUCT, "+": _SUM, "-": _SUM}


class FormatError(Exception):
    """The printed text would not parse back to the same tree: a formatter bug, never applied."""


# --- expressions ----------------------------------------------------------------------------------


def quote(text: str) -> str:
    """A string literal that the parser reads back as ``text``."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _expr(e: t.Expr) -> tuple[str, int]:
    """The text of an expression and how tightly it binds."""
    if isinstance(e, t.Number):
        return e.text, _ATOM
    if isinstance(e, t.QuantityLit):
        unit = "%" if e.unit == "percent" else e.unit
        return f"{e.text} {unit}", _ATOM
    if isinstance(e, t.String):
        return quote(e.value), _ATOM
    if isinstance(e, t.Bool):
        return ("true" if e.value else "false"), _ATOM
    if isinstance(e, t.RatioLit | t.RedundancyLit):
        return e.text, _ATOM
    if isinstance(e, t.Path):
        return e.dotted, _ATOM
    if isinstance(e, t.Call):
        return f"{e.name}({', '.join(expr(a) for a in e.args)})", _ATOM
    if isinstance(e, t.ListLit):
        return f"[{', '.join(expr(i) for i in e.items)}]", _ATOM
    if isinstance(e, t.Neg):
        text, strength = _expr(e.operand)
        return "-" + (text if strength >= _ATOM else f"({text})"), _UNARY  # `-(-a)`, not `--a`
    if isinstance(e, t.BinOp):
        left, left_strength = _expr(e.left)
        right, right_strength = _expr(e.right)
        if e.op in _PRECEDENCE:
            strength = _PRECEDENCE[e.op]
            # Left-associative: `a - (b - c)` keeps its parentheses, `(a - b) - c` loses them.
            if left_strength < strength:
                left = f"({left})"
            if right_strength <= strength:
                right = f"({right})"
        else:  # a comparison takes sums on both sides and does not chain
            strength = _COMPARE
            if left_strength <= _COMPARE:
                left = f"({left})"
            if right_strength <= _COMPARE:
                right = f"({right})"
        # The lexer reads `2N + 1` as one redundancy (2N+1): a sum after one needs parentheses.
        if e.op == "+" and _ends_with_redundancy(e.left) and not left.endswith(")"):
            left = f"({left})"
        if isinstance(e.right, t.RedundancyLit) and not right.startswith("("):
            right = _grouped_redundancy(e.right, right)
        if isinstance(e.left, t.RedundancyLit) and not left.startswith("("):
            left = _grouped_redundancy(e.left, left)
        return f"{left} {e.op} {right}", strength
    raise TypeError(f"unknown expression node {type(e).__name__}")


def _ends_with_redundancy(e: t.Expr) -> bool:
    """Whether the printed expression ends with a redundancy literal (the right spine)."""
    while True:
        if isinstance(e, t.RedundancyLit):
            return True
        if isinstance(e, t.BinOp):
            e = e.right
        elif isinstance(e, t.Neg):
            e = e.operand
        else:
            return False


def _grouped_redundancy(e: t.RedundancyLit, text: str) -> str:
    """`2 * (N+1)` reads better than `2 * N+1` (both are the same tree)."""
    return f"({text})" if "+" in e.text and not e.text.endswith(")") else text


def expr(e: t.Expr) -> str:
    return _expr(e)[0]


_ENDS_WITH_NUMBER = re.compile(r"(^|[^\w.])[\d.][\w.]*$")
_FIRST_WORD = re.compile(r"[A-Za-z_]\w*")
_ATTRIBUTE_AHEAD = re.compile(r"[ \t]*=(?!=)")


def _glues(left: str, right: str) -> bool:
    """Whether `left  right` on one line would lex differently: a number then a name that pint
    knows (`x = 2  unit crah * 4` reads `2 unit`); such a body is spread over lines. A name
    followed by `=` starts an attribute and is never taken for a unit."""
    if not _ENDS_WITH_NUMBER.search(left):
        return False
    word = _FIRST_WORD.match(right)
    if word is None or _ATTRIBUTE_AHEAD.match(right, word.end()):
        return False
    return word.group() != "N" and units.is_unit(word.group())


def _label(label: t.Label) -> str:
    if isinstance(label, t.LabelRange):
        return f"{quote(label.first)}..{quote(label.last)}"
    return quote(label.value)


# --- statements and layout ------------------------------------------------------------------------


@attrs.define
class _Entry:
    kind: str  # "stmt", "comment" or "blank"
    lines: list[str] = attrs.Factory(list)
    trailing: list[str] = attrs.Factory(list)
    stmt: t.Statement | None = None


def _comment_text(comment: t.Comment) -> str:
    return comment.text.rstrip()


class _Formatter:
    def __init__(self, module: t.Module):
        self.text = module.source.text
        self.comments = sorted(module.comments, key=lambda c: c.span.start)
        self.starts = [c.span.start for c in self.comments]
        self.next = 0  # the first comment not yet printed

    # comments
    def _take_before(self, pos: int) -> list[t.Comment]:
        taken = []
        while self.next < len(self.comments) and self.comments[self.next].span.start < pos:
            taken.append(self.comments[self.next])
            self.next += 1
        return taken

    def _has_comment(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

    def _blank_between(self, start: int, end: int) -> bool:
        return self.text.count("\n", start, end) >= 2

    # blocks
    def _header(self, block: t.Block) -> str:
        parts = [block.kind]
        if block.type_ref is not None:
            parts.append(block.type_ref)
        parts.extend(_label(label) for label in block.labels)
        if block.repeat is not None:
            text, strength = _expr(block.repeat)
            parts.append("* " + (text if strength >= _ATOM else f"({text})"))
        return " ".join(parts)

    def _header_end(self, block: t.Block) -> int:
        ends = [block.kind_span.end]
        if block.type_span is not None:
            ends.append(block.type_span.end)
        ends.extend(label.span.end for label in block.labels)
        if block.repeat is not None:
            ends.append(block.repeat.span.end)
        return max(ends)

    def _open_brace(self, block: t.Block) -> int:
        """Offset of the block's `{` (the tree keeps the block's span, not the brace's)."""
        text, pos = self.text, self._header_end(block)
        while pos < len(text):
            c = text[pos]
            if c == "{":
                return pos
            if c == "#" or text.startswith("//", pos):
                newline = text.find("\n", pos)
                pos = len(text) if newline < 0 else newline
                continue
            pos += 1
        return block.span.start  # unreachable for a parsed block

    def _inline(self, s: t.Statement) -> str | None:
        """One statement on one line (a block with its whole body); None if it cannot be."""
        if isinstance(s, t.Attribute):
            return f"{s.name} = {expr(s.value)}"
        if isinstance(s, t.Let):
            return f"let {s.name} = {expr(s.value)}"
        if isinstance(s, t.Import):
            return f"import {quote(s.path)}"
        if isinstance(s, t.Require):
            reason = f" because {quote(s.reason)}" if s.reason is not None else ""
            return f"require {expr(s.expr)}{reason}"
        if isinstance(s, t.Allow):
            return f"allow {', '.join(s.rule_ids)} because {quote(s.reason)}"
        if isinstance(s, t.Block):
            header = self._header(s)
            if s.body is None:
                return header
            if not s.body:
                return header + " {}"
            parts = [self._inline(child) for child in s.body]
            texts = [p for p in parts if p is not None]
            if len(texts) < len(parts) or any(_glues(a, b) for a, b in pairwise(texts)):
                return None
            return header + " { " + "  ".join(texts) + " }"
        raise TypeError(f"unknown statement node {type(s).__name__}")

    def _block(self, block: t.Block, level: int) -> list[str]:
        indent = INDENT * level
        header = self._header(block)
        if block.body is None:
            return [indent + header]
        has_comment = self._has_comment(block.span.start, block.span.end)
        if not block.body and not has_comment:
            return [indent + header + " {}"]
        if block.span.line == block.span.end_line and not has_comment:
            inline = self._inline(block)
            if inline is not None and len(indent) + len(inline) <= WIDTH:
                return [indent + inline]
        brace = self._open_brace(block)
        head_trailing, body = self._body(
            block.body, level + 1, brace + 1, block.span.end - 1, head=True
        )
        first = indent + header + " {" + "".join("  " + c for c in head_trailing)
        return [first, *body, indent + "}"]

    def _body(
        self, statements: Sequence[t.Statement], level: int, start: int, end: int, head: bool
    ) -> tuple[list[str], list[str]]:
        """Lines of a body (or the module), and comments that trail its opening `{`."""
        entries: list[_Entry] = []
        head_trailing: list[str] = []
        prev_end = start

        def own_line(comment: t.Comment, gap_start: int) -> None:
            if entries and self._blank_between(gap_start, comment.span.start):
                entries.append(_Entry("blank"))
            entries.append(_Entry("comment", [_comment_text(comment)]))

        def add_comment(comment: t.Comment) -> None:
            nonlocal prev_end
            gap = self.text[prev_end : comment.span.start]
            if "\n" not in gap and (entries or head):
                # Something precedes it on its line: it trails that line.
                (entries[-1].trailing if entries else head_trailing).append(_comment_text(comment))
            else:
                own_line(comment, prev_end)
            prev_end = comment.span.end

        for s in statements:
            for comment in self._take_before(s.span.start):
                add_comment(comment)
            # Comments inside a statement (in an expression, or before a block's `{`) go on
            # their own lines above it; a block's body places its own comments.
            inner_end = (
                self._open_brace(s) if isinstance(s, t.Block) and s.body is not None else s.span.end
            )
            inner = self._take_before(inner_end)
            if entries and self._blank_between(prev_end, s.span.start):
                entries.append(_Entry("blank"))
            entries.extend(_Entry("comment", [_comment_text(c)]) for c in inner)
            if isinstance(s, t.Block):
                entries.append(_Entry("stmt", self._block(s, level), stmt=s))
            else:
                entries.append(_Entry("stmt", stmt=s))
            prev_end = s.span.end
        for comment in self._take_before(end):
            add_comment(comment)
        return head_trailing, self._render(entries, level)

    def _render(self, entries: list[_Entry], level: int) -> list[str]:
        indent = INDENT * level
        widths = self._alignment(entries)
        lines: list[str] = []
        trailing: list[tuple[int, bool, list[str]]] = []  # (line, one-line statement, comments)
        for index, entry in enumerate(entries):
            if entry.kind == "blank":
                lines.append("")
                continue
            if entry.kind == "comment":
                body = [indent + entry.lines[0]]
            elif isinstance(entry.stmt, t.Attribute):
                name = entry.stmt.name.ljust(widths.get(index, 0))
                body = [f"{indent}{name} = {expr(entry.stmt.value)}"]
            elif isinstance(entry.stmt, t.Let):
                name = entry.stmt.name.ljust(widths.get(index, 0))
                body = [f"{indent}let {name} = {expr(entry.stmt.value)}"]
            elif isinstance(entry.stmt, t.Block):
                body = list(entry.lines)
            else:
                assert entry.stmt is not None
                body = [indent + str(self._inline(entry.stmt))]
            lines.extend(body)
            if entry.trailing:
                trailing.append((len(lines) - 1, len(body) == 1, entry.trailing))
        _attach_trailing(lines, trailing)
        return lines

    @staticmethod
    def _alignment(entries: list[_Entry]) -> dict[int, int]:
        """Name widths for runs of attributes (or lets) with nothing between them."""
        widths: dict[int, int] = {}
        run: list[int] = []
        run_type: type | None = None

        def close() -> None:
            if len(run) > 1:
                width = max(len(entries[i].stmt.name) for i in run)  # type: ignore[union-attr]
                widths.update((i, width) for i in run)
            run.clear()

        for index, entry in enumerate(entries):
            kind = type(entry.stmt) if isinstance(entry.stmt, t.Attribute | t.Let) else None
            if kind is None or kind is not run_type:
                close()
                run_type = kind
            if kind is not None:
                run.append(index)
        close()
        return widths

    def format(self, module: t.Module) -> str:
        _, lines = self._body(module.statements, 0, 0, len(self.text), head=False)
        return "\n".join(lines) + "\n" if lines else ""


def _attach_trailing(lines: list[str], trailing: list[tuple[int, bool, list[str]]]) -> None:
    """Append trailing comments, aligned in one column within a run of consecutive one-line
    statements that each carry one (as gofmt and terraform fmt do); a blank line, a comment on
    its own line, a multi-line block or a line without a comment ends the run."""
    run: list[tuple[int, list[str]]] = []

    def close() -> None:
        column = max(len(lines[i]) for i, _ in run) if len(run) > 1 else 0
        for i, comments in run:
            lines[i] = lines[i].ljust(column) + "".join("  " + c for c in comments)
        run.clear()

    for index, one_line, comments in trailing:
        if run and (not one_line or index != run[-1][0] + 1):
            close()
        run.append((index, comments))
        if not one_line:
            close()
    close()


# --- the public API -------------------------------------------------------------------------------


def format_module(module: t.Module) -> str:
    """The canonical text of a parsed module (no check that it parses back; see format_text)."""
    return _Formatter(module).format(module)


def shape(node: Any) -> Any:
    """A node without its spans: what a format must keep."""
    if isinstance(node, tuple | list):
        return tuple(shape(x) for x in node)
    if attrs.has(type(node)):
        fields = (
            shape(getattr(node, f.name))
            for f in attrs.fields(type(node))
            if f.name not in t.LOCATION_FIELDS
        )
        return (type(node).__name__, *fields)
    return node


_COMPARED: dict[type, tuple[str, ...]] = {}


def same_tree(a: Any, b: Any) -> bool:
    """``shape(a) == shape(b)`` without building the shapes (a 1 MB design has 700,000 nodes)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        cls = type(x)
        if cls is not type(y):
            return False
        if cls is tuple or cls is list:
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif attrs.has(cls):
            names = _COMPARED.get(cls)
            if names is None:
                names = tuple(f.name for f in attrs.fields(cls) if f.name not in t.LOCATION_FIELDS)
                _COMPARED[cls] = names
            stack.extend((getattr(x, n), getattr(y, n)) for n in names)
        elif x != y:
            return False
    return True


def comment_texts(module: t.Module) -> list[str]:
    return [_comment_text(c) for c in sorted(module.comments, key=lambda c: c.span.start)]


def format_text(text: str, path: str = "<input>") -> str:
    """Format design text. Raises DcError (syntax errors or a text over the `file_size` budget,
    with diagnostics) or FormatError."""
    size = limits.oversized(text)
    if size is not None:
        raise DcError([limits.file_too_large(path, size)])
    module = parse(text, path)
    formatted = format_module(module)
    if formatted == text:
        return formatted  # nothing changes, so nothing can change meaning
    try:
        again = parse(formatted, path)
    except DcError as exc:
        raise FormatError(f"the formatted text does not parse: {exc}") from None
    if not same_tree(again.statements, module.statements):
        raise FormatError("the formatted text parses to a different design")
    if comment_texts(again) != comment_texts(module):
        raise FormatError("the formatted text lost or moved a comment out of order")
    return formatted


# --- `dcc fmt` ------------------------------------------------------------------------------------


def _collect(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.dc") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(raw)
    return files, missing


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _problem(code: str, message: str, help_text: str) -> str:
    return render_text_all([error(code, message, help=help_text)]).rsplit("\n\n", 1)[0] + "\n"


def run_fmt(
    paths: Sequence[str],
    check: bool,
    show_diff: bool,
    out: Callable[[str], None],
    err: Callable[[str], None],
    stdin_text: Callable[[], str] | None = None,
) -> int:
    """`dcc fmt`: 0 nothing to change (or all written), 1 would change (--check/--diff), 2 error.

    Without --check/--diff files are rewritten in place. ``-`` formats standard input to
    standard output.
    """
    status = 0
    changed: list[str] = []
    unchanged = 0
    if "-" in paths:
        if len(paths) != 1 or stdin_text is None:
            err(
                _problem(
                    "DC-IO-003",
                    "`-` (standard input) cannot be mixed with files",
                    "run `dcc fmt -` alone",
                )
            )
            return 2
        text = stdin_text()
        if limits.oversized(text) is not None:  # read up to one character past the budget
            budget = limits.value("file_size")
            err(
                render_text_all(
                    [limits.exceeded("file_size", budget, None, "<stdin> has more than")]
                )
            )
            return 2
        try:
            out(format_text(text, "<stdin>"))
        except DcError as exc:
            err(render_text_all(exc.diagnostics))
            return 2
        except FormatError as exc:
            err(_internal(str(exc), "<stdin>"))
            return 2
        return 0
    files, missing = _collect(paths)
    for raw in missing:
        err(_problem("DC-IO-001", f"{raw}: not found", "pass .dc files or folders that hold them"))
        status = 2
    for path in files:
        shown = str(path)
        try:
            original = limits.read_design_file(path)  # a regular file within `file_size`
        except (OSError, limits.UnsafeFile) as exc:
            if isinstance(exc, limits.UnsafeFile) and exc.size is not None:
                err(render_text_all([limits.file_too_large(shown, exc.size)]))
            else:
                reason = exc.reason if isinstance(exc, limits.UnsafeFile) else exc.strerror
                err(
                    _problem(
                        "DC-IO-004",
                        f"cannot read {shown}: {reason}",
                        "check the file and its permissions",
                    )
                )
            status = 2
            continue
        try:
            formatted = format_text(original, shown)
        except DcError as exc:
            err(render_text_all(exc.diagnostics))
            status = 2
            continue
        except FormatError as exc:
            err(_internal(str(exc), shown))
            status = 2
            continue
        if formatted == original:
            unchanged += 1
            continue
        changed.append(shown)
        if show_diff:
            out(_unified_diff(original, formatted, shown))
        elif check:
            out(f"Would reformat: {shown}\n")
        else:
            try:
                _write_atomic(path, formatted)
            except OSError as exc:
                err(
                    _problem(
                        "DC-IO-002",
                        f"cannot write {shown}: {exc.strerror or exc}",
                        "check the folder's permissions",
                    )
                )
                status = 2
    dry = check or show_diff
    if changed:
        verb = "would be reformatted" if dry else "reformatted"
        err(
            f"{len(changed)} file{'s' if len(changed) != 1 else ''} {verb}, {unchanged} already formatted\n"
        )
    elif files:
        err(f"{unchanged} file{'s' if unchanged != 1 else ''} already formatted\n")
    if status == 0 and dry and changed:
        status = 1
    return status


def _internal(reason: str, path: str) -> str:
    return _problem(
        "DC-INTERNAL-002",
        f"{path}: not formatted: {reason}",
        "this is a bug in `dcc fmt`, not in your design; the file was left as it was; please report it",
    )


def _unified_diff(before: str, after: str, path: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    text = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
    return text
