"""How `dcc diff` stops on a usage or I/O problem (exit 2)."""

from __future__ import annotations

from dcdsl.diagnostics import Diagnostic


class DiffError(Exception):
    """A usage or I/O problem (exit 2), explained by one diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
