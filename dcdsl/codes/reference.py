"""The checks reference (``docs/checks.md``) and ``dcc explain``, rendered from the registry."""

from __future__ import annotations

from dcdsl.codes import SECTIONS, Code, Guide, Section, lookup

PREAMBLE = """\
# Checks reference

Every rule id that `dcc` can report, by discipline: what it checks, the formula, the default
threshold, its source, and a worked example with the numbers. `dcc explain <ID>` prints the entry.
Suppress a rule on a block and everything below it with `allow <ID> because "…"`.
"""

TABLE_HEAD = "| id | what | example | what to do |\n|---|---|---|---|\n"


def heading(entry: Code) -> str:
    return f"### {entry.id} — {entry.title} ({entry.severity.value})"


def entry_markdown(entry: Code) -> str:
    """A code's `###` entry: heading, documentation, and its failing and fixed examples."""
    text = f"{heading(entry)}\n\n{entry.doc.rstrip()}\n"
    if entry.example:
        text += f"\nFails: {entry.example}\n"
    if entry.fix:
        text += f"\nFix: {entry.fix}\n"
    return text + designs_markdown(entry)


def designs_markdown(entry: Code) -> str:
    """The code's example designs: one that raises it and the same one corrected. The failing
    one is fenced as text: it need not parse (DC-LANG-001…), nor be in `dcc fmt`'s layout."""
    if not entry.failing:
        return ""
    return (
        f"\nA design that raises {entry.id}:\n\n```text\n{entry.failing.rstrip()}\n```\n"
        f"\nCorrected, it does not:\n\n```dc\n{entry.fixed.rstrip()}\n```\n"
    )


def _row(entry: Code) -> str:
    cells = (entry.id, entry.doc, entry.example, entry.fix)
    return "|" + "".join(f" {c} |" if c else " |" for c in cells) + "\n"


def section_markdown(section: Section) -> str:
    blocks = [f"## {section.heading}\n\n{section.intro.rstrip()}\n"]
    if section.table:
        codes = [i for i in section.items if isinstance(i, Code)]
        blocks.append(TABLE_HEAD + "".join(_row(c) for c in codes))
        # A table row cannot hold a design: the examples follow the table, one entry per code.
        blocks.extend(f"{heading(c)}\n{designs_markdown(c)}" for c in codes if c.failing)
    for item in section.items:
        if isinstance(item, Guide):
            blocks.append(f"### {item.heading}\n\n{item.text.rstrip()}\n")
        elif not section.table:
            blocks.append(entry_markdown(item))
    return "\n".join(blocks)


def reference_markdown() -> str:
    """The whole checks reference, as docs/checks.md holds it."""
    return "\n".join([PREAMBLE, *(section_markdown(s) for s in SECTIONS)])


def explain(code_id: str) -> str | None:
    """`dcc explain ID`: the code's title, severity, discipline and its entry; None if unknown."""
    entry = lookup(code_id)
    if entry is None:
        return None
    head = f"{entry.id}: {entry.title} ({entry.severity.value}, {entry.discipline})"
    return f"{head}\n\n{entry_markdown(entry)}"
