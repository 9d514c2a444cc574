"""The rule registry: every engineering check, found by its code id, run in id order.

A rule is a function ``(model, results) -> Iterable[Diagnostic]`` registered with
``@rule("DC-…")``. Its id, title, severity and documentation are one entry in ``dcdsl.codes``
(the decorator refuses an id that has none). Rules read analysis results; they never compute
figures of their own that a report would need (those belong in ``dcdsl.analysis``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from dcdsl.codes import Code, UnregisteredCode, lookup
from dcdsl.diagnostics import Diagnostic, Severity
from dcdsl.model import Model

if TYPE_CHECKING:
    from dcdsl.analysis.results import Results

CheckFn = Callable[[Model, "Results"], Iterable[Diagnostic]]


@attrs.frozen
class Rule:
    code: Code
    check: CheckFn

    @property
    def id(self) -> str:
        return self.code.id

    @property
    def title(self) -> str:
        return self.code.title

    @property
    def severity(self) -> Severity:
        return self.code.severity


RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check under a code registered in ``dcdsl.codes``."""
    entry = lookup(rule_id)
    if entry is None:
        raise UnregisteredCode(rule_id)

    def register(fn: CheckFn) -> CheckFn:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id} registered twice")
        RULES[rule_id] = Rule(entry, fn)
        return fn

    return register


def all_rules() -> list[Rule]:
    """Every registered check, in id order."""
    load_rules()
    return [RULES[k] for k in sorted(RULES)]


def load_rules() -> None:
    """Import every module that registers rules (the registry is filled on import)."""
    from dcdsl.rules import load_all

    load_all()
