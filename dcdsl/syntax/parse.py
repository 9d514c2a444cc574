"""Parse: .dc text → syntax tree (``dcdsl.syntax.tree``), or located DC-LANG diagnostics.

The scanner (``dcdsl.syntax.scanner``) reads the whole file into a token table and the descent
parser (``dcdsl.syntax.descent``) builds the tree from it: all that a file without errors needs.
A file it does not take goes to the reference, Lark's LALR parser for ``dcdsl/grammar/dc.lark``
(``dcdsl.syntax.lalr``), fed by the same token table: it builds the same tree, or says what is
wrong (``dcdsl.syntax.errors``). Lark is imported, and the grammar analysed, only then.
"""

from __future__ import annotations

import difflib

from dcdsl.diagnostics import SourceFile
from dcdsl.runtime import no_gc
from dcdsl.syntax import tree as t
from dcdsl.syntax.descent import parse_tokens
from dcdsl.syntax.scanner import Tokens, scan


def parse(text: str, path: str = "<input>") -> t.Module:
    """Parse one file; raise DcError with DC-LANG diagnostics on a syntax error."""
    source = SourceFile(path, text)
    with no_gc():
        tokens = scan(source)
        statements = parse_tokens(source, tokens)
    if statements is None:
        statements = parse_reference(source, tokens)
    return t.Module(source, statements, tuple(tokens.comments))


def parse_reference(source: SourceFile, tokens: Tokens) -> tuple[t.Statement, ...]:
    """The reference parser's statements for a scanned file, or DcError with the diagnostic
    that explains what is wrong with it."""
    from dcdsl.syntax.lalr import parse_statements  # Lark: only for a file with a problem

    return parse_statements(source, tokens)


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
