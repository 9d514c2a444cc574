"""The elaborator's state and the helpers every block family uses: diagnostic codes,
budgets, the symbol table, block heads and expression evaluation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dcdsl import limits
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, Label, Span, error
from dcdsl.elaborate import schema
from dcdsl.elaborate.evaluate import EvalError, Evaluator
from dcdsl.elaborate.names import name_span, range_problems
from dcdsl.model import CoolingLoop, Hall, Part, PowerChain, PowerNode, RackType
from dcdsl.syntax import tree as t
from dcdsl.syntax.parse import suggest

BARE_NUMBER = code("DC-LANG-007")
UNIT_MISMATCH = "DC-LANG-008"
DUPLICATE = code("DC-LANG-020")
UNKNOWN_BLOCK = code("DC-LANG-021")
UNKNOWN_ATTRIBUTE = code("DC-LANG-022")
WRONG_TYPE = code("DC-LANG-023")
MISSING = code("DC-LANG-024")
BAD_LABEL = code("DC-LANG-025")
UNKNOWN_REFERENCE = code("DC-LANG-030")
NO_DESIGN = code("DC-LANG-026")
EXTENDS_CYCLE = code("DC-LANG-027")
DUPLICATE_ATTRIBUTE = code("DC-LANG-029")


class Skip(Exception):
    """A value could not be built; the diagnostic is already recorded."""


class BuilderBase:
    """State shared by the block families (attributes, parts and racks, power, cooling,
    site) that ``Builder`` is composed of; each family is a class in its own module."""

    def __init__(self, modules: list[t.Module]):
        self.modules = modules
        self.diagnostics: list[Diagnostic] = []
        self.symbols: dict[str, tuple[str, t.Block | t.Let]] = {}  # name -> (kind, node)
        lets: dict[str, t.Let] = {}
        self.top_blocks: list[t.Block] = []
        self.top_statements: list[t.Statement] = []
        for module in modules:
            for statement in module.statements:
                self.top_statements.append(statement)
                if isinstance(statement, t.Let):
                    if self._declare(statement.name, "let", statement, statement.name_span):
                        lets[statement.name] = statement
                elif isinstance(statement, t.Block):
                    self.top_blocks.append(statement)
        self.evaluator = Evaluator(lets)
        self.parts: dict[str, Part] = {}
        self.rack_types: dict[str, RackType] = {}
        self.chains: dict[str, PowerChain] = {}
        self.loops: dict[str, CoolingLoop] = {}
        self.halls: dict[str, Hall] = {}
        self._part_blocks: dict[str, t.Block] = {}
        self._rack_type_blocks: dict[str, t.Block] = {}
        self._building_parts: list[str] = []
        # Immutable values that many uses or racks state alike, one object for all of them:
        # a use's (name, number) pairs, a rack group's set of overridden names.
        self._shared: dict[Any, Any] = {}
        self.tally = limits.Tally()  # racks, devices and blocks built so far, against budgets
        # The block or attribute being built, for internal errors: a span, or a statement whose
        # span is made only when an error asks for it (a flattened design has 100,000s).
        self._at: Span | t.Statement | None = None
        # `from = …` of each element, resolved once all chains exist
        self._pending_from: list[tuple[PowerNode, Any]] = []

    @property
    def at(self) -> Span | None:
        at = self._at
        return at if at is None or isinstance(at, Span) else at.span

    @at.setter
    def at(self, span: Span | None) -> None:
        self._at = span

    # --- diagnostics helpers ----------------------------------------------------------------

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def within(self, name: str, amount: float, span: Span | None, subject: str) -> None:
        """Report DC-LIMIT-001 and skip the value when ``amount`` is over the budget ``name``."""
        if limits.over(name, amount):
            self.report(limits.exceeded(name, amount, span, subject))
            raise Skip

    def counted(self, name: str, amount: float, span: Span | None, what: str) -> bool:
        """Add to a running total (racks, devices, blocks); False once it is over its budget."""
        found = self.tally.add(name, amount, span, what)
        if found is not None:
            self.report(found)
        return not self.tally.exhausted(name)

    def _declare(self, name: str, kind: str, node: t.Block | t.Let, span: Span) -> bool:
        if name in self.symbols:
            other_kind, other = self.symbols[name]
            other_span = other.name_span if isinstance(other, t.Let) else name_span(other)
            self.report(
                error(
                    DUPLICATE,
                    f"`{name}` is defined twice ({other_kind} and {kind})",
                    span,
                    labels=[Label(other_span, "first defined here")],
                    help="rename one of them; to change a catalogue part, define a new part "
                    "with `extends = …`",
                )
            )
            return False
        self.symbols[name] = (kind, node)
        return True

    # --- block heads and kinds ----------------------------------------------------------------

    def _check_head(self, block: t.Block, spec: schema.BlockSchema) -> bool:
        self.at = block.head_span
        ok = True
        for problem in range_problems(block):
            self.report(problem)
            ok = False
        if spec.type_is in ("name",) and block.type_ref is None:
            self.report(
                error(
                    BAD_LABEL,
                    f"`{block.kind}` needs a name: `{block.kind} my_name {{ … }}`",
                    block.kind_span,
                )
            )
            return False
        if spec.type_is is None and block.type_ref is not None:
            assert block.type_span is not None
            self.report(
                error(
                    BAD_LABEL,
                    f"`{block.kind}` takes a quoted label, not the name `{block.type_ref}`",
                    block.type_span,
                    help=f'write `{block.kind} "{block.type_ref}" {{ … }}`',
                )
            )
            ok = False
        if spec.labels == "required" and not block.labels:
            self.report(
                error(
                    BAD_LABEL,
                    f'`{block.kind}` needs a label: `{block.kind} "name" {{ … }}`',
                    block.kind_span,
                )
            )
            ok = False
        if spec.labels == "none" and block.labels:
            self.report(
                error(BAD_LABEL, f"`{block.kind}` takes no quoted label", block.labels[0].span)
            )
            ok = False
        if block.repeat is not None and not spec.repeat:
            self.report(
                error(
                    BAD_LABEL,
                    f"`{block.kind}` cannot be repeated with `*`",
                    block.repeat.span,
                    help="repeat racks, devices and parts; name several blocks with a range",
                )
            )
            ok = False
        return ok

    def _blocks(self, kind: str) -> Iterator[t.Block]:
        return (b for b in self.top_blocks if b.kind == kind)

    def _unknown_block(self, block: t.Block, allowed: tuple[str, ...], where: str) -> None:
        close = suggest(block.kind, list(allowed))
        self.report(
            error(
                UNKNOWN_BLOCK,
                f"unknown block kind `{block.kind}` {where}",
                block.kind_span,
                help=(f"did you mean `{close}`? " if close else "")
                + f"allowed here: {', '.join(allowed)}",
            )
        )

    # --- expressions ---------------------------------------------------------------------------

    def eval(self, expr: t.Expr) -> Any:
        try:
            return self.evaluator.eval(expr)
        except EvalError as exc:
            if not exc.reported:
                self.report(exc.diagnostic)
            raise Skip from None
