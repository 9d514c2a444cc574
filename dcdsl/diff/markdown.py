"""The comparison as Markdown, written to be posted as a pull-request comment."""

from __future__ import annotations

import math
from collections.abc import Sequence

from dcdsl import number_format
from dcdsl.diagnostics import Diagnostic
from dcdsl.diff.compare import Change, Comparison, Threshold, kind_of
from dcdsl.diff.sides import BomEntry
from dcdsl.emit.escape import md_code, md_message, md_text

# Key figures as every comparison table shows them (dcdsl.number_format).
fmt_value = number_format.figure


def fmt_delta(change: Change) -> str:
    delta = change.delta
    if delta is None:
        return "new" if change.old is None and change.new is not None else "—"
    if not change.changed:
        return "no change"
    text = number_format.change(delta, change.kind)
    percent = change.percent
    if percent is None or change.kind == "ratio":
        return text
    if math.isinf(percent):
        return f"{text} (from 0)"
    return f"{text} ({percent:+.1f} %)"


# Names in the comment come from the pull request: text, never markup or HTML (dcdsl.emit.escape).
_cell = md_text


def _change_table(changes: Sequence[Change], first: str, only_changed: bool) -> list[str]:
    rows = [
        c
        for c in changes
        if (c.changed or not only_changed) and (c.old is not None or c.new is not None)
    ]
    if not rows:
        return []
    out = [f"| {first or 'figure'} | before | after | change |", "|:--|--:|--:|--:|"]
    for c in rows:
        out.append(
            f"| {_cell(c.label)} | {fmt_value(c.old, c.kind)} | {fmt_value(c.new, c.kind)} | {fmt_delta(c)} |"
        )
    return out


def _where(d: Diagnostic) -> str:
    return (
        f" (line {d.span.line})" if d.span is not None and not d.span.file.startswith("<") else ""
    )


def _diag_line(d: Diagnostic) -> str:
    return f"- {d.severity.value} {md_code(d.code)}: {md_message(d.message)}{_where(d)}"


_COUNTING_UNITS = frozenset({"ea", "each", "pc", "pcs", "unit", "units", "node", "nodes"})


def _bom_quantity(e: BomEntry) -> str:
    unit = f" {e.unit}" if e.unit and e.unit not in _COUNTING_UNITS else ""
    return f"{number_format.number(e.quantity, 3)}{unit}"


def _bom_money(e: BomEntry) -> str:
    text = fmt_value(e.extended_usd, "usd") if e.extended_usd is not None else "unpriced"
    return f"{text}/yr" if e.recurring and e.extended_usd is not None else text


def render_markdown(c: Comparison) -> str:
    old, new = c.old, c.new
    name = new.design or old.design or "design"
    out = [f"## dcc diff: {md_code(name)}", "", f"{md_code(old.label)} → {md_code(new.label)}", ""]
    if not old.exists:
        out += [
            "The design is new: there is nothing to compare it with, so everything is added.",
            "",
        ]
    for side, which in ((old, "old"), (new, "new")):
        if side.exists and not side.compiled:
            errors = sum(1 for d in side.diagnostics if d.is_error)
            out += [
                f"**The {which} version does not compile** ({errors} error{'s' if errors != 1 else ''}); its figures are missing below.",
                "",
            ]

    failed = c.failed_thresholds
    d = c.diagnostics
    nothing = not any(x.changed for x in [*c.headline, *c.capex, *c.opex])
    nothing = nothing and not any(x.changed for xs in c.fabrics.values() for x in xs)
    nothing = nothing and not (c.bom.added or c.bom.removed or c.bom.changed)
    nothing = nothing and not (d.introduced or d.cleared or d.updated)
    if nothing and old.compiled and new.compiled:
        # Many designs in one pull request: an unchanged one takes one line of the comment.
        out.append("No change in cost, power, counts, bill of materials or diagnostics.")
        out += ["", *(_threshold_line(t) for t in c.thresholds)] if c.thresholds else []
        return "\n".join(out).rstrip("\n") + "\n"
    if c.thresholds:
        out.append("### Thresholds")
        out.append("")
        for t in c.thresholds:
            out.append(_threshold_line(t))
        out.append("")

    table = _change_table(c.headline, "", only_changed=False)
    if table:
        out += ["### Summary", "", *table, ""]
    capex = _change_table(c.capex, "category", only_changed=True)
    opex = _change_table(c.opex, "category", only_changed=True)
    if capex:
        out += ["### Capex by category", "", *capex, ""]
    if opex:
        out += ["### Opex per year by category", "", *opex, ""]
    for fabric, changes in c.fabrics.items():
        rows = _change_table(changes, "", only_changed=True)
        if rows:
            out += [f"### Fabric {md_code(fabric)}", "", *rows, ""]

    bom = c.bom
    if bom.added or bom.removed or bom.changed:
        out += ["### Bill of materials", ""]
        out += ["| | category | part | quantity | extended |", "|:--|:--|:--|--:|--:|"]
        for e in bom.added:
            out.append(
                f"| added | {_cell(e.category)} | {_cell(e.part)} | {_bom_quantity(e)} | {_bom_money(e)} |"
            )
        for e in bom.removed:
            out.append(
                f"| removed | {_cell(e.category)} | {_cell(e.part)} | {_bom_quantity(e)} | {_bom_money(e)} |"
            )
        for a, b in bom.changed:
            out.append(
                f"| changed | {_cell(b.category)} | {_cell(b.part)} | {_bom_quantity(a)} → {_bom_quantity(b)}"
                f" | {_bom_money(a)} → {_bom_money(b)} |"
            )
        out.append("")

    out += ["### Diagnostics", ""]
    if not (d.introduced or d.cleared or d.updated):
        out += [f"No change ({d.unchanged} unchanged).", ""]
    else:
        if d.introduced:
            out += [
                f"**Introduced** ({len(d.introduced)})",
                "",
                *(_diag_line(x) for x in d.introduced),
                "",
            ]
        if d.cleared:
            out += [f"**Cleared** ({len(d.cleared)})", "", *(_diag_line(x) for x in d.cleared), ""]
        if d.updated:
            out += [f"**Still there, figures changed** ({len(d.updated)})", ""]
            out += [f"{_diag_line(b)}; was: {md_message(a.message)}" for a, b in d.updated]
            out.append("")
        out += [f"{d.unchanged} unchanged.", ""]
    if failed:
        out += [f"**{len(failed)} threshold{'s' if len(failed) != 1 else ''} exceeded.**", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _threshold_line(t: Threshold) -> str:
    limit = (
        f"{number_format.number(t.limit, 3)} %"
        if t.percent
        else fmt_value(t.limit, kind_of(t.path))
    )
    if not t.evaluable or t.change is None:
        return f"- {md_code(t.spec)}: not evaluated, the figure is missing on one side"
    change = t.change
    if t.percent:
        growth = change.percent
        shown = "from 0" if growth is not None and math.isinf(growth) else f"{growth:+.1f} %"
    else:
        shown = fmt_delta(change)
    verdict = "**exceeded**" if t.exceeded else "kept"
    return f"- {md_code(t.spec)}: {verdict} ({_cell(change.key)} {shown}; limit +{limit})"
