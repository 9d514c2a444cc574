"""Process-level helpers shared by the stages."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a design is parsed, elaborated and analysed.

    A large design allocates millions of small objects that all live until the end; the
    collector's full passes over them cost a third of an elaboration and free nothing.
    Reference counting still frees what goes out of use. Nesting is safe.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
