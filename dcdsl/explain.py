"""`dcc explain ID`: a rule's entry from the checks reference (docs/checks.md).

The reference ships inside the package (`dcdsl/docs/checks.md` in the wheel); from a source
checkout it is read from `docs/checks.md`. The registry gives the title and severity even when
the document is missing.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from dcdsl.rules.registry import RULES, all_rules


class UnknownRule(Exception):
    pass


def checks_reference() -> str | None:
    packaged = resources.files("dcdsl").joinpath("docs/checks.md")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source = Path(__file__).resolve().parent.parent / "docs" / "checks.md"
    return source.read_text(encoding="utf-8") if source.is_file() else None


def section(text: str, rule_id: str) -> str | None:
    """The `### ID …` section, or the table row that documents the id."""
    heading = re.search(rf"^(#+) {re.escape(rule_id)}\b.*$", text, re.M)
    if heading:
        level = len(heading.group(1))
        end = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, heading.end())
        return text[heading.start() : end.start() if end else len(text)].strip()
    row = re.search(rf"^\| {re.escape(rule_id)} \|.*$", text, re.M)
    return row.group(0) if row else None


def explain(rule_id: str) -> str:
    all_rules()  # fill the registry
    rule_id = rule_id.upper()
    rule = RULES.get(rule_id)
    if rule is None:
        raise UnknownRule(rule_id)
    head = f"{rule.id}: {rule.title} ({rule.severity.value}, {rule.discipline})"
    text = checks_reference()
    body = section(text, rule_id) if text else None
    if body is None:
        return head + "\n(see docs/checks.md)\n"
    return f"{head}\n\n{body}\n"
