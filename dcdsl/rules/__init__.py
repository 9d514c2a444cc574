"""Engineering rules, one module per discipline; importing this package registers them all."""

from dcdsl.rules import cooling, design, facility  # noqa: F401
from dcdsl.rules import network  # noqa: F401
