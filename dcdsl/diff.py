"""`dcc diff`: what a change to a design does to its cost, power, counts, BOM and diagnostics.

Both versions go through the whole pipeline (``dcdsl.pipeline``); the comparison reads only what
the emitters publish: ``summary.json`` (``dcdsl.emit.summary.summary``), the BOM lines in
``results.cost`` (grouped by category and part) and the diagnostics. The Markdown is written to
be posted as a pull-request comment; the JSON carries the same figures for other tools.

``--base REV`` takes the old version from git: ``git show REV:./FILE`` (run as an argument list,
never through a shell) for the design and, recursively, for the relative files it imports, into
a temporary folder; ``std/…`` imports come from the installed package. A file that does not
exist at REV is a new design: everything in it is "added".

``--fail-on capex+5%`` (repeatable, or comma-separated) turns growth into exit code 1: growth by
more than 5 % of the old value, or ``racks+0`` by more than an absolute amount in the figure's
own unit (USD, kW, count). Exit codes: 0 compared (thresholds kept), 1 a threshold exceeded or the
new version cannot be compiled, 2 usage or I/O errors (missing file, unknown revision).
"""

from __future__ import annotations

import math
import posixpath
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from dcdsl.diagnostics import (
    DcError,
    Diagnostic,
    diagnostic_to_json,
    error,
    json_dumps,
    render_text_all,
)
from dcdsl.emit.escape import md_code, md_message, md_text
from dcdsl.pipeline import Compilation, compile_file
from dcdsl.schemas import schema_uri

FORMAT_VERSION = "1.0"
GIT_TIMEOUT_S = 60
MAX_IMPORTED_FILES = 500


class DiffError(Exception):
    """A usage or I/O problem (exit 2), explained by one diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


# --- the figures compared -------------------------------------------------------------------------


@attrs.frozen
class Metric:
    key: str  # the name --fail-on uses
    label: str
    path: tuple[str, ...]  # into summary.json; ("fabrics", "*", x) sums over fabrics
    kind: str  # usd, kw, kwh, litre, ratio, count


HEADLINE: tuple[Metric, ...] = (
    Metric("capex", "Capex", ("cost", "capex_usd", "total"), "usd"),
    Metric("opex", "Opex per year", ("cost", "opex_usd_per_year", "total"), "usd"),
    Metric("it_kw", "IT power", ("power", "it_kw"), "kw"),
    Metric("facility_kw", "Facility power", ("power", "facility_kw"), "kw"),
    Metric("pue", "PUE", ("power", "pue"), "ratio"),
    Metric("energy", "Energy per year", ("energy_kwh_per_year",), "kwh"),
    Metric("water", "Water per year", ("water_l_per_year",), "litre"),
    Metric("gpus", "GPUs", ("counts", "gpus"), "count"),
    Metric("nodes", "Nodes", ("counts", "nodes"), "count"),
    Metric("racks", "Racks", ("counts", "racks"), "count"),
    Metric("halls", "Halls", ("counts", "halls"), "count"),
    Metric("switches", "Switches", ("fabrics", "*", "switches"), "count"),
    Metric("links", "Links", ("fabrics", "*", "links"), "count"),
    Metric("cables", "Cables", ("fabrics", "*", "cables"), "count"),
    Metric("transceivers", "Transceivers", ("fabrics", "*", "transceivers"), "count"),
    Metric("errors", "Errors", ("diagnostics", "errors"), "count"),
    Metric("warnings", "Warnings", ("diagnostics", "warnings"), "count"),
)
ALIASES = {m.key: m for m in HEADLINE} | {
    "power": HEADLINE[3],  # facility power: what the utility must deliver
    "cost": HEADLINE[0],
}
FABRIC_KEYS = ("endpoints", "tiers", "switches", "links", "cables", "transceivers")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def lookup(summary: dict[str, Any] | None, path: Sequence[str]) -> float | None:
    """A number in summary.json by path; ``*`` sums over the keys at that level."""
    if summary is None:
        return None
    node: Any = summary
    for index, key in enumerate(path):
        if key == "*":
            if not isinstance(node, dict):
                return None
            values = [lookup(child, path[index + 1 :]) for child in node.values()]
            present = [v for v in values if v is not None]
            return sum(present) if present else None
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return _number(node)


# --- one side of the comparison -------------------------------------------------------------------


@attrs.frozen
class BomEntry:
    category: str
    part: str
    description: str
    quantity: float
    unit: str
    extended_usd: float | None
    recurring: bool


@attrs.define
class Side:
    label: str
    exists: bool  # False: the file is new (absent at the base revision)
    compilation: Compilation | None
    summary: dict[str, Any] | None
    bom: dict[tuple[str, str], BomEntry]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return list(self.compilation.diagnostics) if self.compilation is not None else []

    @property
    def compiled(self) -> bool:
        return self.summary is not None

    @property
    def design(self) -> str | None:
        return str(self.summary["design"]) if self.summary else None


def _bom(compilation: Compilation) -> dict[tuple[str, str], BomEntry]:
    """BOM lines grouped by (category, part), read defensively from ``results.cost``."""
    cost = getattr(compilation.results, "cost", None)
    lines = getattr(cost, "bom", None)
    if not isinstance(lines, list | tuple):
        return {}
    grouped: dict[tuple[str, str], BomEntry] = {}
    for line in lines:
        category = str(getattr(line, "category", "") or "other")
        part = str(getattr(line, "part", "") or "?")
        quantity = _number(getattr(line, "quantity", None)) or 0.0
        extended = _number(getattr(line, "extended_usd", None))
        key = (category, part)
        if key in grouped:
            old = grouped[key]
            total = (
                None
                if old.extended_usd is None or extended is None
                else old.extended_usd + extended
            )
            grouped[key] = attrs.evolve(old, quantity=old.quantity + quantity, extended_usd=total)
        else:
            grouped[key] = BomEntry(
                category,
                part,
                str(getattr(line, "description", "") or ""),
                quantity,
                str(getattr(line, "unit", "") or ""),
                extended,
                bool(getattr(line, "recurring", False)),
            )
    return grouped


def _side(label: str, compilation: Compilation | None, exists: bool = True) -> Side:
    from dcdsl.emit.summary import summary

    if compilation is None or compilation.model is None or compilation.results is None:
        return Side(label, exists, compilation, None, {})
    return Side(label, exists, compilation, summary(compilation), _bom(compilation))


# --- reading the old version from git -------------------------------------------------------------


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=GIT_TIMEOUT_S
        )
    except FileNotFoundError:
        raise DiffError(
            error(
                "DC-DIFF-002",
                "`--base` needs git, and git is not installed",
                help="install git, or pass OLD and NEW files",
            )
        ) from None
    except subprocess.TimeoutExpired:
        raise DiffError(
            error("DC-DIFF-002", f"git {args[0]} took longer than {GIT_TIMEOUT_S} s")
        ) from None


def _git_file(rev: str, relative: str, folder: Path) -> str | None:
    """The text of ``folder/relative`` at ``rev``; None when the file does not exist there."""
    done = _git(["show", f"{rev}:./{relative}"], folder)
    if done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise DiffError(
            error(
                "DC-DIFF-004",
                f"{relative} at {rev} is not UTF-8 text",
                help="dcdsl files are UTF-8",
            )
        ) from None


def _relative_imports(text: str, path: str) -> list[str]:
    from dcdsl.syntax import tree as t
    from dcdsl.syntax.parse import parse

    try:
        module = parse(text, path)
    except DcError:
        return []  # compiling it reports the syntax error
    return [
        s.path
        for s in module.statements
        if isinstance(s, t.Import) and not s.path.startswith("std/")
    ]


def old_from_git(rev: str, path: Path, workdir: Path) -> Path | None:
    """Write the design at ``rev`` and the relative files it imports below ``workdir``; return the
    design's path there, or None if the design does not exist at ``rev``."""
    if rev.startswith("-") or not rev.strip():
        raise DiffError(
            error(
                "DC-DIFF-003",
                f"`{rev}` is not a git revision",
                help="pass a branch, tag or commit, e.g. --base origin/main",
            )
        )
    folder = path.resolve().parent
    check = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], folder)
    if check.returncode != 0:
        reason = _git(["rev-parse", "--is-inside-work-tree"], folder)
        if reason.returncode != 0:
            raise DiffError(
                error(
                    "DC-DIFF-003",
                    f"{path} is not inside a git repository",
                    help="run dcc diff --base in a git checkout, or pass OLD and NEW files",
                )
            )
        raise DiffError(
            error(
                "DC-DIFF-003",
                f"unknown git revision `{rev}`",
                help="fetch it first (`git fetch origin main`) or name a branch, tag or commit that exists",
            )
        )
    main_text = _git_file(rev, path.name, folder)
    if main_text is None:
        return None
    pending = [(path.name, main_text)]
    written: set[str] = set()
    while pending and len(written) < MAX_IMPORTED_FILES:
        relative, text = pending.pop()
        if relative in written:
            continue
        target = workdir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.add(relative)
        base = posixpath.dirname(relative)
        for imported in _relative_imports(text, relative):
            candidate = posixpath.normpath(posixpath.join(base, imported))
            if candidate.startswith("../") or candidate == ".." or posixpath.isabs(imported):
                continue  # outside the design's folder: the compiler says so
            names = [candidate] if candidate.endswith(".dc") else [candidate, candidate + ".dc"]
            for name in names:
                if name in written:
                    break
                found = _git_file(rev, name, folder)
                if found is not None:
                    pending.append((name, found))
                    break
    return workdir / path.name


# --- comparing ------------------------------------------------------------------------------------


@attrs.frozen
class Change:
    key: str
    label: str
    kind: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def percent(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        if self.old == 0:
            return 0.0 if self.new == 0 else math.copysign(math.inf, self.new)
        return (self.new - self.old) / abs(self.old) * 100.0

    @property
    def changed(self) -> bool:
        if self.old is None or self.new is None:
            return self.old != self.new
        return not math.isclose(self.old, self.new, rel_tol=1e-9, abs_tol=1e-9)


@attrs.frozen
class Threshold:
    spec: str
    metric: str
    path: tuple[str, ...]
    limit: float
    percent: bool
    change: Change | None = None

    @property
    def evaluable(self) -> bool:
        return self.change is not None and self.change.delta is not None

    @property
    def exceeded(self) -> bool:
        if self.change is None or self.change.delta is None:
            return False
        if self.percent:
            growth = self.change.percent
            return growth is not None and growth > self.limit + 1e-9
        return self.change.delta > self.limit + 1e-9


_SPEC = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\+\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")


def parse_thresholds(specs: Iterable[str]) -> list[Threshold]:
    thresholds = []
    for raw in specs:
        for spec in (s for s in raw.split(",") if s.strip()):
            m = _SPEC.match(spec)
            if m is None:
                raise DiffError(
                    error(
                        "DC-DIFF-001",
                        f"cannot read --fail-on `{spec}`",
                        notes=[
                            "the form is METRIC+N% (growth in per cent) or METRIC+N (growth in the figure's unit)"
                        ],
                        help="write e.g. --fail-on capex+5%  or  --fail-on racks+0",
                    )
                )
            name, number, percent = m.group(1), float(m.group(2)), bool(m.group(3))
            thresholds.append(Threshold(spec.strip(), name, _metric_path(name), number, percent))
    return thresholds


def _metric_path(name: str) -> tuple[str, ...]:
    if name in ALIASES:
        return ALIASES[name].path
    head, _, rest = name.partition(".")
    if head == "capex" and rest:
        return ("cost", "capex_usd", rest)
    if head == "opex" and rest:
        return ("cost", "opex_usd_per_year", rest)
    if "." in name:
        return tuple(name.split("."))
    known = ", ".join(sorted(ALIASES))
    raise DiffError(
        error(
            "DC-DIFF-001",
            f"unknown --fail-on figure `{name}`",
            notes=[
                f"figures: {known}; capex.<category>, opex.<category>, or any summary.json path"
            ],
            help="write e.g. --fail-on capex+5%  or  --fail-on capex.network+10%",
        )
    )


def _kind_of(path: Sequence[str]) -> str:
    if "capex_usd" in path or "opex_usd_per_year" in path:
        return "usd"
    if path and path[-1].endswith("_kw"):
        return "kw"
    if path and path[-1] == "pue":
        return "ratio"
    return "count"


@attrs.define
class DiagnosticChanges:
    introduced: list[Diagnostic]
    cleared: list[Diagnostic]
    updated: list[tuple[Diagnostic, Diagnostic]]  # same finding, other figures (old, new)
    unchanged: int


def _diag_key(d: Diagnostic) -> tuple[str, str, str]:
    return (d.severity.value, d.code, d.message)


def _diag_family(d: Diagnostic) -> tuple[str, str, str]:
    return (d.severity.value, d.code, re.sub(r"\d[\d.,]*", "#", d.message))


def compare_diagnostics(old: Sequence[Diagnostic], new: Sequence[Diagnostic]) -> DiagnosticChanges:
    old_left = list(old)
    new_left: list[Diagnostic] = []
    unchanged = 0
    pool = Counter(_diag_key(d) for d in old)
    for d in new:
        if pool[_diag_key(d)] > 0:
            pool[_diag_key(d)] -= 1
            unchanged += 1
            old_left.remove(next(o for o in old_left if _diag_key(o) == _diag_key(d)))
        else:
            new_left.append(d)
    updated: list[tuple[Diagnostic, Diagnostic]] = []
    introduced: list[Diagnostic] = []
    for d in new_left:
        match = next((o for o in old_left if _diag_family(o) == _diag_family(d)), None)
        if match is None:
            introduced.append(d)
        else:
            old_left.remove(match)
            updated.append((match, d))
    return DiagnosticChanges(introduced, old_left, updated, unchanged)


@attrs.define
class BomChanges:
    added: list[BomEntry]
    removed: list[BomEntry]
    changed: list[tuple[BomEntry, BomEntry]]


def compare_bom(
    old: dict[tuple[str, str], BomEntry], new: dict[tuple[str, str], BomEntry]
) -> BomChanges:
    added = [new[k] for k in sorted(new.keys() - old.keys())]
    removed = [old[k] for k in sorted(old.keys() - new.keys())]
    changed = []
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key], new[key]
        same_cost = (a.extended_usd is None) == (b.extended_usd is None) and (
            a.extended_usd is None
            or math.isclose(a.extended_usd, b.extended_usd or 0.0, abs_tol=0.005)
        )
        if not math.isclose(a.quantity, b.quantity, abs_tol=1e-9) or not same_cost:
            changed.append((a, b))
    return BomChanges(added, removed, changed)


@attrs.define
class Comparison:
    old: Side
    new: Side
    headline: list[Change]
    capex: list[Change]
    opex: list[Change]
    fabrics: dict[str, list[Change]]
    bom: BomChanges
    diagnostics: DiagnosticChanges
    thresholds: list[Threshold]

    @property
    def failed_thresholds(self) -> list[Threshold]:
        return [t for t in self.thresholds if t.exceeded]


def _categories(
    old: dict[str, Any] | None, new: dict[str, Any] | None, where: tuple[str, str]
) -> list[Change]:
    keys: set[str] = set()
    for summary in (old, new):
        node = summary.get(where[0], {}).get(where[1], {}) if summary else {}
        keys.update(k for k in node if k != "total")
    return [
        Change(f"{where[1]}.{k}", k, "usd", lookup(old, (*where, k)), lookup(new, (*where, k)))
        for k in sorted(keys)
    ]


def compare(old: Side, new: Side, thresholds: Sequence[Threshold] = ()) -> Comparison:
    a, b = old.summary, new.summary
    headline = [
        Change(m.key, m.label, m.kind, lookup(a, m.path), lookup(b, m.path)) for m in HEADLINE
    ]
    fabrics: dict[str, list[Change]] = {}
    names = sorted(set((a or {}).get("fabrics", {})) | set((b or {}).get("fabrics", {})))
    for name in names:
        fabrics[name] = [
            Change(
                f"fabrics.{name}.{k}",
                k,
                "count",
                lookup(a, ("fabrics", name, k)),
                lookup(b, ("fabrics", name, k)),
            )
            for k in FABRIC_KEYS
        ]
    evaluated = []
    for t in thresholds:
        change = Change(t.metric, t.metric, _kind_of(t.path), lookup(a, t.path), lookup(b, t.path))
        evaluated.append(attrs.evolve(t, change=change))
    return Comparison(
        old,
        new,
        headline,
        _categories(a, b, ("cost", "capex_usd")),
        _categories(a, b, ("cost", "opex_usd_per_year")),
        fabrics,
        compare_bom(old.bom, new.bom),
        compare_diagnostics(old.diagnostics, new.diagnostics),
        evaluated,
    )


# --- Markdown -------------------------------------------------------------------------------------

_UNITS = {"kw": " kW", "kwh": " kWh", "litre": " L", "count": "", "ratio": "", "usd": ""}


def _grouped(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}"
    if decimals and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_value(value: float | None, kind: str) -> str:
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    if kind == "usd":
        return f"{sign}${_grouped(value, 0)}"
    if kind == "ratio":
        return f"{value:.3f}"
    decimals = {"kw": 1, "kwh": 0, "litre": 0, "count": 0}.get(kind, 3)
    if kind == "count" and not float(value).is_integer():
        decimals = 2
    return f"{sign}{_grouped(value, decimals)}{_UNITS.get(kind, '')}"


def fmt_delta(change: Change) -> str:
    delta = change.delta
    if delta is None:
        return "new" if change.old is None and change.new is not None else "—"
    if not change.changed:
        return "no change"
    if change.kind == "ratio":
        text = f"{delta:+.3f}"
    else:
        text = ("+" if delta > 0 else "-") + fmt_value(abs(delta), change.kind)
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
    return f"{_grouped(e.quantity, 3)}{unit}"


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
    limit = f"{_grouped(t.limit, 3)} %" if t.percent else fmt_value(t.limit, _kind_of(t.path))
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


# --- JSON -----------------------------------------------------------------------------------------


def _json_number(value: float | None) -> float | int | None:
    if value is None or not math.isfinite(value):
        return None
    rounded = round(value, 6)
    return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded


def _change_json(c: Change) -> dict[str, Any]:
    percent = c.percent
    return {
        "key": c.key,
        "old": _json_number(c.old),
        "new": _json_number(c.new),
        "delta": _json_number(c.delta),
        "percent": _json_number(percent)
        if percent is not None and math.isfinite(percent)
        else None,
    }


def _bom_json(e: BomEntry) -> dict[str, Any]:
    return {
        "category": e.category,
        "part": e.part,
        "description": e.description,
        "quantity": _json_number(e.quantity),
        "unit": e.unit,
        "extended_usd": _json_number(e.extended_usd),
        "cost_type": "opex_per_year" if e.recurring else "capex",
    }


def comparison_document(c: Comparison) -> dict[str, Any]:
    def side(s: Side) -> dict[str, Any]:
        return {"label": s.label, "exists": s.exists, "compiled": s.compiled, "summary": s.summary}

    all_changes = [*c.headline, *c.capex, *c.opex, *(x for xs in c.fabrics.values() for x in xs)]
    return {
        "$schema": schema_uri("diff"),
        "format_version": FORMAT_VERSION,
        "old": side(c.old),
        "new": side(c.new),
        "changes": [_change_json(x) for x in all_changes if x.old is not None or x.new is not None],
        "bom": {
            "added": [_bom_json(e) for e in c.bom.added],
            "removed": [_bom_json(e) for e in c.bom.removed],
            "changed": [{"old": _bom_json(a), "new": _bom_json(b)} for a, b in c.bom.changed],
        },
        "diagnostics": {
            "introduced": [diagnostic_to_json(d) for d in c.diagnostics.introduced],
            "cleared": [diagnostic_to_json(d) for d in c.diagnostics.cleared],
            "updated": [
                {"old": diagnostic_to_json(a), "new": diagnostic_to_json(b)}
                for a, b in c.diagnostics.updated
            ],
            "unchanged": c.diagnostics.unchanged,
        },
        "thresholds": [
            {
                "spec": t.spec,
                "path": ".".join(t.path),
                "limit": _json_number(t.limit),
                "percent": t.percent,
                "evaluated": t.evaluable,
                "exceeded": t.exceeded,
                "change": _change_json(t.change) if t.change is not None else None,
            }
            for t in c.thresholds
        ],
        "failed": bool(c.failed_thresholds) or not c.new.compiled,
    }


def render_json(c: Comparison) -> str:
    return json_dumps(comparison_document(c))


# --- `dcc diff` -----------------------------------------------------------------------------------


def _problem(d: Diagnostic) -> str:
    return render_text_all([d]).rsplit("\n\n", 1)[0] + "\n"


def run_diff(
    files: Sequence[str],
    base: str | None,
    fmt: str,
    fail_on: Sequence[str],
    out: Callable[[str], None],
    err: Callable[[str], None],
) -> int:
    try:
        thresholds = parse_thresholds(fail_on)
        if base is not None:
            if len(files) != 1:
                raise DiffError(
                    error(
                        "DC-DIFF-005",
                        f"--base takes one design file, got {len(files)}",
                        help="dcc diff --base origin/main designs/pod.dc",
                    )
                )
            new_path = _existing(files[0])
            with tempfile.TemporaryDirectory(prefix="dcc-diff-") as tmp:
                old_path = old_from_git(base, new_path, Path(tmp))
                label = f"{base}:{files[0]}"
                if old_path is None:
                    old = Side(f"{label} (absent)", False, None, None, {})
                else:
                    old = _side(label, compile_file(old_path))
        else:
            if len(files) != 2:
                raise DiffError(
                    error(
                        "DC-DIFF-005",
                        f"dcc diff takes OLD and NEW, got {len(files)} file(s)",
                        help="dcc diff old.dc new.dc, or dcc diff --base REV new.dc",
                    )
                )
            old_path = _existing(files[0])
            new_path = _existing(files[1])
            old = _side(files[0], compile_file(old_path))
        new = _side(files[-1], compile_file(new_path))
    except DiffError as exc:
        err(_problem(exc.diagnostic))
        return 2
    comparison = compare(old, new, thresholds)
    out(render_json(comparison) if fmt == "json" else render_markdown(comparison))
    if not new.compiled:
        err(render_text_all(new.diagnostics))
        return 1
    return 1 if comparison.failed_thresholds else 0


def _existing(raw: str) -> Path:
    path = Path(raw)
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "not found"
        raise DiffError(error("DC-IO-001", f"{raw}: {what}", help="pass the path of a .dc file"))
    return path
