"""report.html.j2 compiled ahead of time: Jinja2's Python code for it, kept in
``dcdsl/emit/report_compiled.py`` (generated; not edited by hand).

Compiling the template is about 0.02 s of every `dcc build` (Jinja2's lexer, parser and code
generator on 260 lines), a tenth of what a build adds to a check. The generated module holds
the code Jinja2 writes for the template with the report's environment, with the template's text
and the Jinja2 version it was made from: it is used only when both are still the same, else the
template is compiled as before, so a stale module costs time, never a wrong page.
`tests/test_report_template.py` fails when it is stale; regenerate it with
`python -m dcdsl.emit.report_template`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

NAME = "report.html.j2"
GENERATED = Path(__file__).with_name("report_compiled.py")


def source() -> str:
    """The template's text, as jinja2.PackageLoader reads it (bytes decoded, no newline change)."""
    return (resources.files("dcdsl.emit") / "templates" / NAME).read_bytes().decode("utf-8")


def load(env: jinja2.Environment) -> jinja2.Template:
    """The report's template: from the generated module when it is current, else compiled."""
    from dcdsl.emit import report_compiled as compiled

    if jinja2.__version__ != compiled.JINJA2_VERSION or source() != compiled.SOURCE:
        return env.get_template(NAME)
    return env.template_class.from_module_dict(env, vars(compiled), env.make_globals(None))


def generate(env: jinja2.Environment) -> str:
    """The text of ``report_compiled.py`` for the template as it is now."""
    text = source()
    # defer_init: the module's code looks filters and tests up in the environment when it
    # renders, not at import (as jinja2.Environment.compile_templates writes it for ModuleLoader).
    code = env.compile(text, NAME, f"templates/{NAME}", raw=True, defer_init=True)
    assert isinstance(code, str)
    header = [
        f"# Generated from dcdsl/emit/templates/{NAME} by `python -m dcdsl.emit.report_template`",
        "# (dcdsl/emit/report_template.py explains why): do not edit.",
        "# ruff: noqa",
        "# mypy: ignore-errors",
        f"JINJA2_VERSION = {jinja2.__version__!r}",
        f"SOURCE = {text!r}",
    ]
    return "\n".join(header) + "\n" + code.rstrip("\n") + "\n"


if __name__ == "__main__":
    from dcdsl.emit import report

    GENERATED.write_text(generate(report._ENV), encoding="utf-8")
    print(f"wrote {GENERATED}")
