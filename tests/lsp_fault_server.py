"""`dcc lsp` with faults injected, for tests/test_lsp_concurrency.py (not collected by pytest).

- a document whose file name starts with ``slow`` takes ``DCC_TEST_SLOW_S`` seconds longer to
  compile (a stand-in for a very large design: the sleep holds a compile thread, as a long
  compile does, without making the test depend on the machine's speed);
- hover crashes (a stand-in for a bug in a request handler).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from dcdsl.lsp import hover, server
from dcdsl.lsp.document import Analysis, Document

SLOW_S = float(os.environ.get("DCC_TEST_SLOW_S", "3"))
_analyse = Document.analyse


def slow_analyse(
    self: Document, text: str, version: int | None, cancelled: Callable[[], bool] | None = None
) -> Analysis | None:
    if Path(self.path).name.startswith("slow"):
        time.sleep(SLOW_S)
    return _analyse(self, text, version, cancelled)


def crash(*args: object, **kwargs: object) -> str:
    raise RuntimeError("injected fault")


Document.analyse = slow_analyse  # type: ignore[method-assign]
hover.hover_markdown = crash  # type: ignore[assignment]

if __name__ == "__main__":
    server.start()
