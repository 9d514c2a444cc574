"""Engineering rules, one module per discipline; importing this package registers them all."""

from dcdsl.rules import cooling, design, facility  # noqa: F401
