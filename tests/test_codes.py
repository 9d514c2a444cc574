"""Diagnostic codes: each id registered once in dcdsl.codes, documented, and explained.

docs/checks.md is rendered from the registry (`dcc explain --all`); a code that the source
emits but the registry lacks, an entry without documentation, or a stale document fails here.
"""

from __future__ import annotations

import re

import pytest

from dcdsl.codes import CODES, ERROR, SECTIONS, Section, UnregisteredCode, all_codes, code
from dcdsl.codes.reference import explain, reference_markdown
from dcdsl.rules.registry import all_rules, rule
from tests.conftest import ROOT

CODE_IN_SOURCE = re.compile(r"\bDC-[A-Z]+-\d{3}\b")
SOURCE_SUFFIXES = {".py", ".dc", ".html", ".j2", ".lark"}


def _source_codes() -> dict[str, str]:
    """Every code id written anywhere in the package outside the registry, with one file."""
    found: dict[str, str] = {}
    package = ROOT / "dcdsl"
    for path in sorted(package.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES or "codes" in path.relative_to(package).parts:
            continue
        for match in CODE_IN_SOURCE.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(0), str(path.relative_to(ROOT)))
    return found


def test_docs_checks_md_is_rendered_from_the_registry() -> None:
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert text == reference_markdown(), (
        "docs/checks.md is out of date: run `dcc explain --all > docs/checks.md`"
    )


def test_every_code_in_the_source_is_registered() -> None:
    unregistered = {c: f for c, f in _source_codes().items() if c not in CODES}
    assert unregistered == {}, "add an entry to dcdsl/codes/<section>.py for each"


def test_every_code_is_documented_and_in_a_section() -> None:
    in_sections = [i.id for s in SECTIONS for i in s.items if i in CODES.values()]
    assert sorted(in_sections) == sorted(CODES), "every code is in exactly one listed section"
    for entry in all_codes():
        assert entry.title.strip() and entry.doc.strip(), entry.id
        assert entry.title == entry.title.strip() and "\n" not in entry.title, entry.id


def test_every_rule_has_a_code_and_every_code_is_explained() -> None:
    assert {r.id for r in all_rules()} <= set(CODES)
    for entry in all_codes():
        text = explain(entry.id.lower())
        assert text is not None and text.startswith(f"{entry.id}: {entry.title}")
        assert entry.doc.strip().splitlines()[0] in text


def test_the_gaps_of_issue_15_are_registered() -> None:
    for code_id in ("DC-POWER-013", "DC-NET-008", "DC-LANG-040", "DC-IO-004", "DC-INTERNAL-002"):
        assert explain(code_id) is not None, code_id
    for n in range(1, 6):
        assert explain(f"DC-DIFF-00{n}") is not None


def test_a_code_registered_twice_is_refused() -> None:
    scratch = Section("scratch", "")
    with pytest.raises(ValueError, match="registered twice"):
        scratch.code("DC-POWER-001", ERROR, "again", doc="again")
    with pytest.raises(ValueError, match="not a code id"):
        scratch.code("DC-POWER-1", ERROR, "bad id", doc="x")


def test_emitting_or_checking_an_unregistered_code_fails_loudly() -> None:
    with pytest.raises(UnregisteredCode, match="dcdsl/codes/"):
        code("DC-POWER-999")
    with pytest.raises(UnregisteredCode):
        rule("DC-POWER-999")
    assert "DC-POWER-999" not in CODES
