"""Block names: labels, ranges such as `"r01".."r16"` (sized before they are expanded), and
the span that names a block in a diagnostic."""

from __future__ import annotations

from collections.abc import Iterator

from dcdsl import limits
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, Span, error
from dcdsl.syntax import tree as t

BAD_RANGE = code("DC-LANG-028")


def range_size(first: str, last: str) -> int | None:
    """How many names `"first".."last"` expands to, computed without expanding; None if invalid."""
    if len(first) == 1 and len(last) == 1 and first.isalpha() and last.isalpha():
        return ord(last) - ord(first) + 1 if first <= last else None
    head_a, num_a = split_number(first)
    head_b, num_b = split_number(last)
    if num_a is None or num_b is None or head_a != head_b or int(num_a) > int(num_b):
        return None
    return int(num_b) - int(num_a) + 1


def expand_range(first: str, last: str) -> list[str] | None:
    """`"A".."D"` → A B C D; `"r01".."r16"` → r01 … r16 (same prefix, same width).

    None when the range is invalid or names more than the `names` budget (reported by
    ``range_problems``): the size is known before a single name is made."""
    size = range_size(first, last)
    if size is None or limits.over("names", size):
        return None
    if len(first) == 1 and len(last) == 1 and first.isalpha() and last.isalpha():
        return [chr(c) for c in range(ord(first), ord(last) + 1)]
    head_a, num_a = split_number(first)
    _, num_b = split_number(last)
    assert num_a is not None and num_b is not None
    width = len(num_a) if len(num_a) == len(num_b) or num_a.startswith("0") else 0
    return [f"{head_a}{i:0{width}d}" for i in range(int(num_a), int(num_b) + 1)]


_DIGITS = frozenset("0123456789")  # not str.isdigit: "²" is a digit to it, and int() refuses it


def split_number(text: str) -> tuple[str, str | None]:
    i = len(text)
    while i > 0 and text[i - 1] in _DIGITS:
        i -= 1
    return text[:i], (text[i:] or None)


def block_label(block: t.Block) -> str:
    names = label_names(block)
    return names[0] if names else (block.type_ref or block.kind)


def label_names(block: t.Block) -> list[str]:
    names: list[str] = []
    for label in block.labels:
        if isinstance(label, t.LabelLit):
            names.append(label.value)
        else:
            names.extend(expand_range(label.first, label.last) or [label.first])
    return names


def range_problems(block: t.Block) -> Iterator[Diagnostic]:
    for label in block.labels:
        if not isinstance(label, t.LabelRange):
            continue
        size = range_size(label.first, label.last)
        if size is not None and limits.over("names", size):
            yield limits.exceeded("names", size, label.span, "this range has")
        elif size is None:
            yield error(
                BAD_RANGE,
                f'cannot expand the range "{label.first}".."{label.last}"',
                label.span,
                help='a range runs between single letters ("A".."D") or names that differ only '
                'in a trailing number ("r01".."r16"), first ≤ last',
            )


def name_span(block: t.Block) -> Span:
    if block.type_span is not None and block.kind in ("part", "rack_type"):
        return t.join_spans(block.kind_span, block.type_span)
    return block.head_span
