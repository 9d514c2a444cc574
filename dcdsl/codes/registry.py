"""The registry of diagnostic codes: each id once, with its severity, title and documentation.

This is the bottom layer: every stage (parser, elaborator, analyses, rules, emitters, tools)
may import it, and it imports nothing from dcdsl but the severity type. The entries live in one
module per section of the checks reference (``language.py``, ``power.py``, …); the reference
(``docs/checks.md``) and ``dcc explain`` are rendered from them (``dcdsl.codes.reference``).

Adding a code is one entry in its section's module::

    power.code(
        "DC-POWER-014",
        WARNING,
        "short title, lower case",
        doc=\"\"\"What is checked, the formula, the default threshold and its source, and a worked
    example with the numbers.\"\"\",
        example="`a failing input`",   # optional: what fails
        fix="`the fixed input`",       # optional: what passes / what to do
        failing=FAILING_DESIGN,        # a whole .dc file that raises exactly this code
        fixed=FIXED_DESIGN,            # the same file, corrected: it does not
    )

then ``dcc explain --all > docs/checks.md``. Emitting it: ``code("DC-POWER-014")`` returns the
id and fails at import time if it is not registered.
"""

from __future__ import annotations

import re

import attrs

from dcdsl.diagnostics import Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING
NOTE = Severity.NOTE

CODE_ID = re.compile(r"^DC-[A-Z]+-\d{3}$")

DISCIPLINES = {
    "LANG": "language",
    "POWER": "power",
    "COOL": "cooling",
    "NET": "network",
    "COST": "cost",
    "STOR": "storage",
    "WORK": "workload",
    "REQ": "requirements",
    "GEO": "layout",
    "DIFF": "diff",
    "NETBOX": "netbox",
    "LIMIT": "language",
}


@attrs.frozen
class Code:
    """One diagnostic code and its entry in the checks reference."""

    id: str
    severity: Severity  # the usual severity; a rule may emit others (warning vs error tiers)
    title: str
    doc: str  # markdown: what is checked, formula, default, source, worked example
    example: str = ""  # a failing input (markdown)
    fix: str = ""  # the fixed input, or what to do (markdown)
    # A small whole design that raises this code, and the same design corrected so that it does
    # not (tests/test_code_examples.py compiles both); shown by `dcc explain` and docs/checks.md.
    failing: str = ""
    fixed: str = ""

    @property
    def discipline(self) -> str:
        return DISCIPLINES.get(self.id.split("-")[1], "design")


@attrs.frozen
class Guide:
    """A section of the reference that explains several codes (how loads are found, …)."""

    heading: str
    text: str


CODES: dict[str, Code] = {}


class UnregisteredCode(LookupError):
    def __init__(self, code_id: str) -> None:
        super().__init__(
            f"diagnostic code {code_id} is not registered: add an entry for it to its section "
            "in dcdsl/codes/ (see docs/architecture.md, 'Add a rule')"
        )


@attrs.define
class Section:
    """A section of the checks reference: an introduction, then guides and codes in order."""

    heading: str
    intro: str
    table: bool = False  # codes listed as table rows (id | what | example | what to do)
    items: list[Code | Guide] = attrs.field(factory=list)

    def code(
        self,
        code_id: str,
        severity: Severity,
        title: str,
        doc: str,
        example: str = "",
        fix: str = "",
        failing: str = "",
        fixed: str = "",
    ) -> str:
        if not CODE_ID.match(code_id):
            raise ValueError(f"{code_id!r} is not a code id (DC-AREA-NNN)")
        if code_id in CODES:
            raise ValueError(f"diagnostic code {code_id} registered twice")
        if bool(failing) != bool(fixed):
            raise ValueError(f"{code_id}: a failing example needs its fixed one, and back")
        entry = Code(code_id, severity, title, doc, example, fix, failing, fixed)
        CODES[code_id] = entry
        self.items.append(entry)
        return code_id

    def guide(self, heading: str, text: str) -> None:
        self.items.append(Guide(heading, text))


def code(code_id: str) -> str:
    """The id of a registered code (raises at import time for an unregistered one)."""
    if code_id not in CODES:
        raise UnregisteredCode(code_id)
    return code_id


def lookup(code_id: str) -> Code | None:
    return CODES.get(code_id.upper())


def all_codes() -> list[Code]:
    return [CODES[k] for k in sorted(CODES)]
