"""Budgets: every size a design can ask for is bounded, and checked before it is allocated.

A design is input from strangers (a pull request from a fork runs `dcc check` on a CI runner), so
no count, height, string or nesting depth in it may make the compiler loop or allocate without
bound. Each budget has a name, a default generous enough for the largest real design (10 million
GPUs), and can be raised for one run: ``dcc check --limit racks=2e7``. Exceeding one is a located
error (DC-LIMIT-001) naming the budget, its value and the flag. The table below is the one list;
``docs/security.md`` documents it and a test keeps the two in step.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, SourceFile, Span, error, note

# The parser keeps offsets in 32 bits (dcdsl.source.locate); a character is at least a byte.
MAX_FILE_SIZE = (1 << 32) - 1
LIMIT_EXCEEDED = code("DC-LIMIT-001")
MORE_NOT_SHOWN = code("DC-LIMIT-002")


@attrs.frozen
class Limit:
    name: str
    default: int
    unit: str  # what is counted, for messages: "bytes", "racks", "U"
    what: str  # what the budget bounds
    why: str  # why the default is what it is (docs/security.md)


LIMITS: dict[str, Limit] = {
    limit.name: limit
    for limit in (
        Limit(
            "file_size",
            8 * 1024 * 1024,
            "bytes",
            "size of one design file, checked before it is read",
            "the example designs (up to 100,000 GPUs) are under 5 KB because racks are written "
            "`* N`; 8 MiB is over a thousand times that. Checking is linear in the size, a few "
            "seconds per megabyte of dense statements",
        ),
        Limit(
            "imports",
            1_000,
            "files",
            "files read for one design (its imports, transitively)",
            "a design splits into a few files per hall or discipline; a thousand files is far "
            "beyond any real layout",
        ),
        Limit(
            "string_length",
            65_536,
            "characters",
            "length of one string",
            "names, descriptions and source citations are a line or a paragraph; 64 Ki "
            "characters holds a long note",
        ),
        Limit(
            "block_depth",
            32,
            "levels",
            "nesting of blocks",
            "the deepest real nesting is design → hall → row → rack → device (5 levels)",
        ),
        Limit(
            "expression_depth",
            100,
            "levels",
            "nesting of an expression (operators, brackets, calls), through `let`s",
            "real expressions are a handful of terms; a chain `a + b + …` of n terms is n levels "
            "deep. Kept far below Python's recursion limit so that every tool that walks an "
            "expression (evaluator, formatter, language server) stays safe",
        ),
        Limit(
            "let_depth",
            64,
            "lets",
            "chain of `let`s defined in terms of other `let`s",
            "real chains are a few lets long (gpus from nodes from racks)",
        ),
        Limit(
            "extends_depth",
            64,
            "parts",
            "chain of parts that `extends` another part",
            "a catalogue part is extended once or twice (a vendor variant of a generic part)",
        ),
        Limit(
            "names",
            2_000_000,
            "names",
            'names in one range such as "r0001".."r9999"',
            "10 million GPUs at 8 a rack is 1.25 million racks; a range larger than that "
            "names more racks than any site has",
        ),
        Limit(
            "count",
            100_000_000,
            "",
            "size of one count: `* N`, `count = N` or any whole-number attribute",
            "ten times the GPUs of the largest design planned (10 million)",
        ),
        Limit(
            "paths",
            16,
            "paths",
            "independent paths of a redundancy (the 2 of 2N, the 3 of 3N/2)",
            "real systems have 1 to 4 paths; the power analysis follows each path",
        ),
        Limit(
            "racks",
            2_000_000,
            "racks",
            "racks in a design (counts multiplied through halls and rows)",
            "10 million GPUs at 8 a rack is 1.25 million racks",
        ),
        Limit(
            "devices",
            100_000_000,
            "devices",
            "devices in a design (devices per rack × racks)",
            "1.25 million racks of 80 devices (servers, switches, PDUs, optics counted as lines)",
        ),
        Limit(
            "blocks",
            200_000,
            "blocks",
            "halls, rows, rack groups and power elements (ranges expanded, halls × rows)",
            "each is analysed on its own (about 0.1 ms of CPU each); a 10-million-GPU site is a "
            "few thousand rows when racks are written `* N`",
        ),
        Limit(
            "rack_units",
            1_000,
            "U",
            "a rack's height, a device's height or position, and the rack units a rack's devices "
            "fill",
            "the tallest racks made are 58 U; a rack's elevation is laid out unit by unit",
        ),
        Limit(
            "years",
            1_000,
            "years",
            "the cost model's `years`",
            "TCO horizons are 3 to 30 years; the present value is summed year by year",
        ),
        Limit(
            "diagnostics",
            10_000,
            "diagnostics",
            "diagnostics of one code kept per file (the rest are counted in one note)",
            "alike findings are printed once with a count (× N) anyway; past ten thousand of one "
            "kind a reviewer needs the count, not the list, and a hostile file of a million "
            "repeated lines must not hold a million diagnostics",
        ),
    )
}

_overrides: contextvars.ContextVar[Mapping[str, int]] = contextvars.ContextVar(
    "dcdsl_limit_overrides", default=MappingProxyType({})
)
# The budgets of this process when no run overrides them: the defaults, or what
# ``override_process`` set for a server whose compiles run on its own threads (`dcc lsp`).
_process: dict[str, int] = {name: limit.default for name, limit in LIMITS.items()}


def value(name: str) -> int:
    """The budget in force for this run (a `--limit` override, or the process's budget)."""
    return _overrides.get().get(name, _process[name])


@contextlib.contextmanager
def overriding(values: Mapping[str, int]) -> Iterator[None]:
    """Run with some budgets raised or lowered (``dcc check --limit racks=2e7``)."""
    token = _overrides.set({**_overrides.get(), **values})
    try:
        yield
    finally:
        _overrides.reset(token)


def override_process(values: Mapping[str, int]) -> None:
    """Budgets for the rest of the process, on every thread (``dcc lsp --limit``): a context
    variable set on the main thread is not seen by worker threads, which start empty."""
    _process.update(values)


def parse_override(text: str) -> tuple[str, int]:
    """`racks=2e7` → ("racks", 20000000); ValueError with a message a user can act on."""
    name, sep, number = text.partition("=")
    name = name.strip()
    if not sep or name not in LIMITS:
        known = ", ".join(sorted(LIMITS))
        raise ValueError(f"`{text}` is not NAME=VALUE with a known limit; the limits are: {known}")
    try:
        amount = float(number.replace("_", ""))
    except ValueError:
        raise ValueError(f"`{number.strip()}` is not a number (write e.g. {name}=2e7)") from None
    if not math.isfinite(amount) or amount < 1 or not amount.is_integer():
        raise ValueError(f"the limit `{name}` must be a whole number ≥ 1, not {number.strip()}")
    if name == "file_size" and amount > MAX_FILE_SIZE:
        raise ValueError(
            f"the limit `file_size` can be at most {MAX_FILE_SIZE:,} bytes (4 GiB, what the "
            f"parser's 32-bit offsets hold), not {number.strip()}"
        )
    return name, int(amount)


def show(amount: float) -> str:
    """A count as people read it: 2,000,000 and 1e+12 rather than 2000000.0."""
    if not math.isfinite(amount):
        return str(amount)
    if float(amount).is_integer() and abs(amount) < 1e15:
        return f"{int(amount):,}"
    return f"{amount:.3g}"


def exceeded(name: str, found: float, span: Span | None, subject: str) -> Diagnostic:
    """DC-LIMIT-001: ``subject`` (e.g. "this range names") asks for ``found`` > the budget."""
    limit = LIMITS[name]
    budget = value(name)
    unit = f" {limit.unit}" if limit.unit else ""
    return error(
        LIMIT_EXCEEDED,
        f"{subject} {show(found)}{unit}, over the limit `{name}` of {show(budget)}{unit}",
        span,
        notes=[f"`{name}` bounds the {limit.what}: {limit.why}"],
        help=f"if the design really needs more, raise it: `dcc check --limit {name}=N` "
        "(also on `dcc build`, `dcc fmt`, `dcc diff` and `dcc lsp`)",
    )


def over(name: str, found: float) -> bool:
    """True when ``found`` is beyond the budget (NaN and infinities are always beyond)."""
    return not (found <= value(name))


class Tally:
    """Running totals of what a design builds (racks, devices, blocks), each reported once."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.reported: set[str] = set()

    def add(self, name: str, amount: float, span: Span | None, what: str) -> Diagnostic | None:
        """Add to a total; the diagnostic the first time the total passes its budget."""
        total = self.totals.get(name, 0.0) + amount
        self.totals[name] = total
        if name in self.reported or not over(name, total):
            return None
        self.reported.add(name)
        return exceeded(name, total, span, f"{what} bring the design's total to")

    def exhausted(self, name: str) -> bool:
        return name in self.reported


def cap_repeated(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Keep the first `diagnostics` findings of each code in each file; count the rest in a note.

    The diagnostics arrive sorted; the note sits on the first finding that was not shown.
    """
    budget = value("diagnostics")
    kept: list[Diagnostic] = []
    dropped: dict[tuple[str, str], list[Any]] = {}  # (file, code) → [count, first span]
    seen: dict[tuple[str, str], int] = {}
    for d in diagnostics:
        key = (d.span.file if d.span is not None else "", d.code)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= budget:
            kept.append(d)
            continue
        entry = dropped.setdefault(key, [0, d.span])
        entry[0] += 1
    for (file, rule_id), (count, span) in dropped.items():
        where = f" in {file}" if file else ""
        kept.append(
            note(
                MORE_NOT_SHOWN,
                f"{show(count)} more {rule_id} diagnostics{where} not shown "
                f"(the first {show(budget)} are)",
                span,
                help="fix the ones shown and check again, or raise `--limit diagnostics=N`",
            )
        )
    return kept


# --- design files and texts within the `file_size` budget ----------------------------------------


def file_too_large(shown: str, size: float) -> Diagnostic:
    """DC-LIMIT-001 for a whole file (or text) over `file_size`, located at its start."""
    at_start = Span(SourceFile(shown, ""), 1, 1, 1, 1, 0, 0)
    return exceeded("file_size", size, at_start, f"{shown} has")


def oversized(text: str) -> int | None:
    """The UTF-8 size of ``text`` when it is over the `file_size` budget (a design handed over
    as text: an editor's buffer, standard input), else None."""
    budget = value("file_size")
    if len(text) * 4 <= budget:  # UTF-8 takes at most 4 bytes a character: surely within
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    return size if size > budget else None


class UnsafeFile(Exception):
    """A file that is not read: not a regular file, too large, unreadable or not UTF-8."""

    def __init__(self, reason: str, limit: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.size = limit  # the file's size when it is over the `file_size` budget


def read_design_file(path: Path) -> str:
    """The text of a regular file within the `file_size` budget; UnsafeFile otherwise.

    Opened without blocking (a FIFO would wait for a writer) and checked with fstat on the open
    descriptor, so a file swapped between the check and the read is still the one checked."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise UnsafeFile(exc.strerror or type(exc).__name__) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(f"it is {_file_kind(info.st_mode)}, not a regular file")
        if over("file_size", info.st_size):
            raise UnsafeFile("it is too large", info.st_size)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(value("file_size") + 1)
    except OSError as exc:
        raise UnsafeFile(exc.strerror or type(exc).__name__) from None
    finally:
        os.close(fd)
    if over("file_size", len(data)):  # it grew while being read
        raise UnsafeFile("it is too large", len(data))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnsafeFile("it is not UTF-8 text") from None


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
