"""report.html.j2 compiled ahead of time (dcdsl/emit/report_compiled.py): current, used when
current, and the page it renders is the one the template compiled at run time renders."""

from __future__ import annotations

import pytest

from dcdsl.emit import report, report_compiled, report_template
from dcdsl.emit.build import render_files
from dcdsl.pipeline import compile_file
from tests.conftest import ROOT


def test_generated_module_is_current() -> None:
    """Fails after an edit of the template or a Jinja2 upgrade: regenerate it with
    `python -m dcdsl.emit.report_template`."""
    expected = report_template.generate(report._ENV)
    assert report_template.GENERATED.read_text(encoding="utf-8") == expected


def test_the_generated_module_is_used_when_current() -> None:
    template = report_template.load(report._ENV)
    assert template.root_render_func.__module__ == "dcdsl.emit.report_compiled"


def test_a_stale_module_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_compiled, "SOURCE", report_compiled.SOURCE + "changed")
    template = report_template.load(report._ENV)
    assert template.root_render_func.__module__ != "dcdsl.emit.report_compiled"
    monkeypatch.undo()
    monkeypatch.setattr(report_compiled, "JINJA2_VERSION", "0.0")
    template = report_template.load(report._ENV)
    assert template.root_render_func.__module__ != "dcdsl.emit.report_compiled"


@pytest.mark.parametrize("design", ["enterprise-room.dc", "seed-100k.dc"])
def test_same_page_either_way(design: str, monkeypatch: pytest.MonkeyPatch) -> None:
    compilation = compile_file(ROOT / "designs" / design)
    precompiled = render_files(compilation)["report.html"]
    monkeypatch.setattr(report_compiled, "JINJA2_VERSION", "0.0")  # compiled at run time
    assert render_files(compilation)["report.html"] == precompiled
