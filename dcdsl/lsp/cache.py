"""A parse cache for the files a design imports, for the long-running language server only.

Every compile re-reads the design's imports; the `std/…` catalogue modules alone are most of the
parse time of a typical design (superpod-h100-4su: 123 ms per compile, 14 ms with this cache).
The syntax tree is immutable, so a tree parsed from the same text under the same name can be
shared. The server's own open documents change with every keystroke: they are not cached but re-parsed
incrementally (``dcdsl.lsp.incremental``), only the statements an edit touched.

The loader has no hook for this, so ``install`` wraps the ``parse`` that
``dcdsl.elaborate.loader`` calls, in the server process only (`dcc check` runs once and gains
nothing). If the loader stops calling it by that name, the cache does nothing and
``tests/test_lsp_features.py`` fails; a cache inside the loader would make this module moot.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from dcdsl import source
from dcdsl.lsp.incremental import IncrementalParser
from dcdsl.syntax import tree as t

Parse = Callable[..., t.Module]


class ParseCache:
    def __init__(self, parse: Parse, skip: Callable[[str], bool], size: int = 128):
        self.parse = parse
        self.skip = skip  # the server's open documents: their text changes all the time
        self.size = size
        self.entries: OrderedDict[tuple[str, str], t.Module] = OrderedDict()
        # The last tree of each open document that a compile parsed: hover and symbols on the
        # same text need not parse it again.
        self.latest: dict[str, tuple[str, t.Module]] = {}
        self.incremental = IncrementalParser(parse)  # open documents: re-parse what changed
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    def __call__(self, text: str, path: str = "<input>") -> t.Module:
        if self.skip(path):
            own = self.incremental(text, path)
            with self._lock:
                self.latest[path] = (text, own)
            return own
        key = (path, text)
        with self._lock:
            cached = self.entries.get(key)
            if cached is not None:
                self.entries.move_to_end(key)
                self.hits += 1
                return cached
        module = self.parse(text, path)  # a syntax error raises and is not cached
        with self._lock:
            self.misses += 1
            self.entries[key] = module
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return module


def install(skip: Callable[[str], bool]) -> ParseCache:
    """Put the cache in front of the loader's parse (once; a second call returns the first)."""
    from dcdsl.elaborate import loader

    current = loader.parse
    if isinstance(current, ParseCache):
        return current
    cache = ParseCache(current, skip)
    loader.parse = cache
    source.keep_spans()  # the trees are elaborated again after each edit: see keep_spans
    return cache


def latest_tree(path: str, text: str) -> t.Module | None:
    """The tree a compile parsed for this open document and exactly this text, if any."""
    from dcdsl.elaborate import loader

    current = loader.parse
    if not isinstance(current, ParseCache):
        return None
    with current._lock:
        found = current.latest.get(path)
    return found[1] if found is not None and found[0] == text else None


def forget(path: str) -> None:
    from dcdsl.elaborate import loader

    current = loader.parse
    if isinstance(current, ParseCache):
        with current._lock:
            current.latest.pop(path, None)
            current.incremental.forget(path)


def uninstall() -> None:
    from dcdsl.elaborate import loader

    current = loader.parse
    if isinstance(current, ParseCache):
        loader.parse = current.parse
        source.keep_spans(False)
