"""Requirement rules (DC-REQ-…): report the outcome of every `require` in the design.

``dcdsl.analysis.requirements`` evaluates them after every other analysis; this module turns
failures (DC-REQ-001), unknown paths (DC-REQ-002), uncomputed figures (DC-REQ-003) and
non-comparisons (DC-REQ-004) into diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterator

from dcdsl.analysis.requirements import outcomes
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic
from dcdsl.model import Model
from dcdsl.rules.registry import rule


@rule("DC-REQ-001")
def requirements(model: Model, results: Results) -> Iterator[Diagnostic]:
    for outcome in outcomes(results):
        if outcome.diagnostic is not None:
            yield outcome.diagnostic
