"""`allow RULE because "…"`: which findings an allowance covers, and allowances that cover none.

An allowance covers findings of its rules located inside the block it is written in. Some
blocks describe things whose findings are located elsewhere, so their reach is wider:

- in a `rack_type`: every rack of that type (rack findings point at the `rack` statement);
- in a `cooling` loop: every rack that loop cools;
- in a power element (`pdu`, `rpp`, …): every rack fed from it;
- in a `part`: every use of that part (`device x * 4`, a CDU in a loop, …).

An allowance that covers no finding is a warning (DC-LANG-041), and so is one that names a rule
that does not exist (DC-LANG-042, with the closest rule id): both are usually a typo or a fix
that made the exception unnecessary, and an exception nobody needs hides the next real finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from dcdsl.codes import CODES, code
from dcdsl.diagnostics import Diagnostic, Span, note, warning
from dcdsl.model import Allowance, CoolingLoop, Model, PartUse, PowerNode

SUPPRESSED = code("DC-LANG-040")
UNUSED = code("DC-LANG-041")
UNKNOWN_RULE = code("DC-LANG-042")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _part_uses(model: Model) -> Iterator[PartUse]:
    for rack_type in model.rack_types.values():
        yield from rack_type.contents
    for group in model.rack_groups():
        yield from group.contents
    for loop in model.cooling_loops:
        yield from loop.units


def _starts(span: Span | None, scope: Span) -> bool:
    """Whether a model object's span (some keep only their block's header) starts the block."""
    return span is not None and span.file == scope.file and span.start == scope.start


def _reach(model: Model, scope: Span) -> list[Span]:
    """The spans an allowance written in the block at ``scope`` covers, besides the block."""
    spans: list[Span] = []
    rack_type = next(
        (rt for rt in model.rack_types.values() if _starts(rt.span, scope) and not rt.inline),
        None,
    )
    loop = next((c for c in model.cooling_loops if _starts(c.span, scope)), None)
    node = next((n for n in model.power_nodes() if _starts(n.span, scope)), None)
    part = next((p for p in model.parts.values() if _starts(p.span, scope)), None)
    if rack_type is not None or loop is not None or node is not None:
        for group in model.rack_groups():
            if group.span is None:
                continue
            cooled = group.cooling
            fed = _as_list(group.power)
            if (
                (rack_type is not None and group.rack_type is rack_type)
                or (loop is not None and isinstance(cooled, CoolingLoop) and cooled is loop)
                or (node is not None and any(isinstance(f, PowerNode) and f is node for f in fed))
            ):
                spans.append(group.span)
    if part is not None:
        spans.extend(use.span for use in _part_uses(model) if use.part is part and use.span)
    return spans


def _covers(allowance: Allowance, reach: list[Span], d: Diagnostic) -> bool:
    if d.code not in allowance.rule_ids:
        return False
    if allowance.scope is None:
        return True
    if d.span is None:
        return False
    return any(area.contains(d.span) for area in (allowance.scope, *reach))


def suggest_rule_id(typed: str) -> str | None:
    """The rule id a mistyped one most likely meant: the same in upper case or with its number
    zero-padded (`dc-cool-01` → DC-COOL-001); else the closest id of the same discipline; else
    the closest id."""
    wanted = typed.upper()
    match = re.fullmatch(r"(DC-[A-Z]+-)(\d{1,3})", wanted)
    if match and (padded := match.group(1) + match.group(2).zfill(3)) in CODES:
        return padded
    if wanted in CODES:
        return wanted
    discipline = wanted.rsplit("-", 1)[0] + "-"
    same = [c for c in CODES if c.startswith(discipline)]
    import difflib  # here: only a misspelt name needs it

    for pool in (same, list(CODES)):
        close = difflib.get_close_matches(wanted, pool, n=1, cutoff=0.6)
        if close:
            return close[0]
    return None


def apply_allowances(model: Model, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Drop the findings an `allow` covers; a note for each allowance used (reviewers see every
    exception), a warning for each one that covers nothing or names an unknown rule."""
    reaches = [_reach(model, a.scope) if a.scope is not None else [] for a in model.allowances]
    kept: list[Diagnostic] = []
    used: set[int] = set()
    for d in diagnostics:
        index = None
        if not d.code.startswith("DC-LANG"):
            index = next(
                (i for i, a in enumerate(model.allowances) if _covers(a, reaches[i], d)),
                None,
            )
        if index is None:
            kept.append(d)
        else:
            used.add(index)
    for index, allowance in enumerate(model.allowances):
        if index in used:
            kept.append(
                note(
                    SUPPRESSED,
                    f"{', '.join(allowance.rule_ids)} allowed: {allowance.reason}",
                    allowance.span,
                )
            )
            continue
        unknown = [r for r in allowance.rule_ids if r not in CODES]
        for rule_id in unknown:
            close = suggest_rule_id(rule_id)
            kept.append(
                warning(
                    UNKNOWN_RULE,
                    f"`allow` names {rule_id}, which is not a rule",
                    allowance.span,
                    help=(f"did you mean `{close}`? " if close else "")
                    + "`dcc explain --all` lists every rule id",
                )
            )
        if len(unknown) < len(allowance.rule_ids):
            kept.append(
                warning(
                    UNUSED,
                    f"`allow {', '.join(allowance.rule_ids)}` suppresses nothing: no such "
                    "finding here",
                    allowance.span,
                    notes=[
                        "an allowance covers findings inside its block; in a rack_type, every "
                        "rack of that type; in a cooling loop, the racks it cools; in a power "
                        "element, the racks it feeds; in a part, every use of the part"
                    ],
                    help="remove the `allow` (the finding it was for is gone), or move it to "
                    "the block the finding points at",
                )
            )
    return kept
