"""syntax/lalr.py (the reference parser) drives Lark's LALR tables itself (a faster loop than Lark's own driver), so it
reads Lark internals: ``lark.parser.parser.parser.parse_table`` (states, start and end states),
its ``callbacks``, ``lark.lexer_conf`` and ``lark.parsers.lalr_analysis.Shift``. pyproject pins
Lark below the next minor version; these tests fail when an upgrade moves those internals, or
when the driver no longer parses the shipped designs."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
from lark.parsers.lalr_analysis import Shift

from dcdsl.diagnostics import SourceFile
from dcdsl.syntax import lalr
from dcdsl.syntax import parse as p
from dcdsl.syntax.scanner import scan
from tests.conftest import ROOT


def test_the_installed_lark_is_in_the_pinned_range() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pin = re.search(r'"lark>=([\d.]+),<([\d.]+)"', pyproject)
    assert pin is not None, "pyproject.toml must pin lark with an upper bound"
    installed = tuple(int(x) for x in version("lark").split(".")[:2])
    low = tuple(int(x) for x in pin.group(1).split(".")[:2])
    high = tuple(int(x) for x in pin.group(2).split(".")[:2])
    assert low <= installed < high


def test_the_private_tables_the_driver_reads_are_there() -> None:
    lark = lalr._get_parser()
    inner = lark.parser.parser.parser
    table = inner.parse_table
    assert isinstance(table.states, dict) and table.states
    assert "start" in table.start_states and "start" in table.end_states
    actions = [action for row in table.states.values() for action, _ in row.values()]
    assert Shift in actions
    reduce_args = [
        arg for row in table.states.values() for a, arg in row.values() if a is not Shift
    ]
    assert all(arg in inner.callbacks for arg in reduce_args)
    assert all(hasattr(arg, "expansion") and hasattr(arg.origin, "name") for arg in reduce_args)
    assert lark.lexer_conf is not None


@pytest.mark.parametrize("design", sorted(p.name for p in (ROOT / "designs").glob("*.dc")))
def test_the_driver_builds_every_shipped_design(design: str) -> None:
    text = (ROOT / "designs" / design).read_text(encoding="utf-8")
    source = SourceFile(design, text)
    assert p.parse_reference(source, scan(source))
