"""Diagnostic codes: every id ``dcc`` can report, with its severity, title and documentation.

The bottom layer of the compiler (any module may import it). ``docs/checks.md`` and
``dcc explain`` are rendered from these entries (``dcdsl.codes.reference``); a test fails when
the document is stale or a code in the source is not registered here.
"""

from __future__ import annotations

# The section modules register their codes on import, in the order of the reference: a long
# section goes on in modules named after it (`power`, then `power_failures`, `power_ratings`),
# whose alphabetical order, kept by the import sorter, is the order of their entries.
from dcdsl.codes import (
    cooling,
    cooling_loops,  # noqa: F401 (registers the rest of its section)
    cooling_pue,  # noqa: F401 (registers the rest of its section)
    cost,
    diff,
    language,
    language_input,  # noqa: F401 (registers the rest of its section)
    layout,
    netbox,
    network,
    power,
    power_failures,  # noqa: F401 (registers the rest of its section)
    power_ratings,  # noqa: F401 (registers the rest of its section)
    power_short_circuit,  # noqa: F401 (registers the rest of its section)
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
