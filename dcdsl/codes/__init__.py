"""Diagnostic codes: every id ``dcc`` can report, with its severity, title and documentation.

The bottom layer of the compiler (any module may import it). ``docs/checks.md`` and
``dcc explain`` are rendered from these entries (``dcdsl.codes.reference``); a test fails when
the document is stale or a code in the source is not registered here.
"""

from __future__ import annotations

# The section modules register their codes on import.
from dcdsl.codes import (
    cooling,
    cost,
    diff,
    language,
    layout,
    netbox,
    network,
    power,
    requirements,
    workload,
)
from dcdsl.codes.registry import (
    CODES,
    ERROR,
    NOTE,
    WARNING,
    Code,
    Guide,
    Section,
    UnregisteredCode,
    all_codes,
    code,
    lookup,
)

# The checks reference's sections, in order.
SECTIONS: tuple[Section, ...] = (
    language.language,
    power.power,
    cooling.cooling,
    network.network,
    layout.layout,
    cost.cost,
    workload.workload,
    requirements.requirements,
    diff.diff,
    netbox.netbox,
)

__all__ = [
    "CODES",
    "ERROR",
    "NOTE",
    "SECTIONS",
    "WARNING",
    "Code",
    "Guide",
    "Section",
    "UnregisteredCode",
    "all_codes",
    "code",
    "lookup",
]
