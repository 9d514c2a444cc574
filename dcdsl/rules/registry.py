"""The rule registry: every engineering check, with a stable id, found by id, run in id order.

A rule is a function ``(model, results) -> Iterable[Diagnostic]`` registered with ``@rule``.
Rules read analysis results; they never compute figures of their own that a report would need
(those belong in ``dcdsl.analysis``). Each rule id has an entry in ``docs/checks.md``; a test
checks that every registered id is documented there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from dcdsl.diagnostics import Diagnostic, Severity
from dcdsl.model import Model

if TYPE_CHECKING:
    from dcdsl.analysis.results import Results

CheckFn = Callable[[Model, "Results"], Iterable[Diagnostic]]


@attrs.frozen
class Rule:
    id: str
    title: str
    severity: Severity  # the usual severity; a rule may emit others (warning vs error tiers)
    discipline: str  # power, cooling, network, cost, storage, lang, design
    check: CheckFn | None = None  # None for codes raised by a stage (DC-LANG-…), not by a rule


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, title: str, severity: Severity = Severity.ERROR, discipline: str = ""
) -> Callable[[CheckFn], CheckFn]:
    """Register a check under a stable id."""

    def register(fn: CheckFn) -> CheckFn:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, title, severity, discipline or _discipline(rule_id), fn)
        return fn

    return register


def code(rule_id: str, title: str, severity: Severity = Severity.ERROR) -> str:
    """Register a diagnostic code raised by a pipeline stage (parse, elaboration) itself."""
    if rule_id not in RULES:
        RULES[rule_id] = Rule(rule_id, title, severity, _discipline(rule_id), None)
    return rule_id


def _discipline(rule_id: str) -> str:
    return {
        "LANG": "language",
        "POWER": "power",
        "COOL": "cooling",
        "NET": "network",
        "COST": "cost",
        "STOR": "storage",
        "REQ": "requirements",
        "GEO": "layout",
    }.get(rule_id.split("-")[1], "design")


def all_rules() -> list[Rule]:
    load_rules()
    return [RULES[k] for k in sorted(RULES)]


def load_rules() -> None:
    """Import every module that registers rules (the registry is filled on import)."""
    from dcdsl.rules import load_all

    load_all()
