"""Engineering rules, one module per discipline.

Rule modules register themselves on import; ``load_all`` imports them. They are not imported
here, because the pipeline's early stages import ``dcdsl.rules.registry`` for their codes and
rule modules import the analyses: importing them eagerly would make a cycle.
"""

from __future__ import annotations

import importlib

RULE_MODULES = (
    "design",
    "power",
    "power_levels",
    "power_sources",
    "power_racks",
    "cooling",
    "facility",
    "network",
    "layout",
    "cost",
    "workload",
    "requirements",
)


def load_all() -> None:
    for name in RULE_MODULES:
        importlib.import_module(f"dcdsl.rules.{name}")
