"""Design-level rules that belong to no single discipline."""

from __future__ import annotations
