"""The part-kind registry (dcdsl.model.part_kinds) is the only list of part kinds.

A kind used anywhere — a catalogue or shipped design part, a power element class, a comparison
of a part's or power element's kind in the source — must have an entry, and every entry's
facets must name things that exist (a capex category, part attributes, block attributes), so a
new kind cannot be costed, listed or drawn as "other" unnoticed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dcdsl.catalog.query import load_catalog
from dcdsl.elaborate import schema
from dcdsl.model import POWER_NODE_CLASSES
from dcdsl.model.attributes import COST_CATEGORIES
from dcdsl.model.part_kinds import COOLING_UNIT_KINDS, PART_KINDS, category
from dcdsl.pipeline import compile_file
from tests.conftest import ROOT

# Power element kinds that are no part kind: a utility service is not bought.
NOT_PARTS = frozenset({"utility"})


def test_every_catalogue_part_kind_is_registered() -> None:
    kinds = {entry.part.kind for entry in load_catalog()}
    assert kinds - set(PART_KINDS) == set()
    assert len(kinds) >= 20  # the catalogue covers most kinds


@pytest.mark.parametrize("design", sorted((ROOT / "designs").glob("*.dc")), ids=lambda p: p.stem)
def test_every_design_part_kind_is_registered(design: Path) -> None:
    model = compile_file(design).model
    assert model is not None
    assert {p.kind for p in model.parts.values()} - set(PART_KINDS) == set()


def test_only_rented_or_unclassified_kinds_are_costed_as_other() -> None:
    assert {k.category for k in PART_KINDS.values()} <= set(COST_CATEGORIES)
    assert [k for k in PART_KINDS if category(k) == "other"] == ["cloud_instance", "other"]
    assert category("not_a_kind") == "other"


def test_power_elements_match_the_model_classes() -> None:
    power = {k.name for k in PART_KINDS.values() if k.power_element}
    assert power == set(POWER_NODE_CLASSES) - NOT_PARTS
    for name in power:
        assert PART_KINDS[name].symbol is not None, f"{name} has no single-line drawing"
    assert all(k.power_element for k in PART_KINDS.values() if k.symbol or k.interrupting)


def test_facets_name_real_attributes() -> None:
    for entry in PART_KINDS.values():
        unknown = [a for a in entry.key_specs if a not in schema.PART_SPECS]
        assert unknown == [], f"{entry.name}: key_specs {unknown} are no part attributes"
    block_attrs = {name for spec in schema.BLOCKS.values() for name in spec.attrs}
    for entry in PART_KINDS.values():
        assert set(entry.named_by) <= block_attrs, entry.name
    loop = schema.BLOCKS["cooling"].attrs
    assert all(loop[k].type == "parts" for k in COOLING_UNIT_KINDS)
    assert tuple(PART_KINDS) == schema.PART_KINDS


def _kind_literals(tree: ast.AST, owner: str) -> set[str]:
    """String literals compared (==, !=, in, not in) with `<owner>.kind` anywhere in a module."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        if not any(
            isinstance(s, ast.Attribute)
            and s.attr == "kind"
            and isinstance(s.value, ast.Attribute | ast.Name)
            and (s.value.attr if isinstance(s.value, ast.Attribute) else s.value.id) == owner
            for s in sides
        ):
            continue
        for side in sides:
            elements = side.elts if isinstance(side, ast.Tuple | ast.Set | ast.List) else [side]
            found |= {e.value for e in elements if isinstance(e, ast.Constant)}
    return found


def test_every_kind_the_source_compares_with_is_registered() -> None:
    parts: set[str] = set()
    nodes: set[str] = set()
    for path in sorted((ROOT / "dcdsl").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parts |= _kind_literals(tree, "part")
        nodes |= _kind_literals(tree, "node")
    assert {"server", "storage_system"} <= parts  # the scan finds what it should
    assert {"ups", "generator", "utility"} <= nodes
    assert parts - set(PART_KINDS) == set()
    assert nodes - set(POWER_NODE_CLASSES) == set()
