"""The typed model: each block kind is a class with its own attributes, and the schema the
elaborator checks against is read from those classes."""

from __future__ import annotations

import typing

import attrs
import pytest

from dcdsl import model
from dcdsl.elaborate import schema
from dcdsl.model.attributes import block_attrs
from dcdsl.pipeline import compile_text

BLOCK_CLASSES = {
    "design": model.Design,
    "hall": model.Hall,
    "row": model.Row,
    "rack_type": model.RackType,
    "rack": model.RackGroup,
    "power": model.PowerChain,
    "fabric": model.Fabric,
    "storage": model.Storage,
    "workload": model.Workload,
    "cost": model.CostLine,
    **model.POWER_NODE_CLASSES,
}


def test_no_block_keeps_an_untyped_value_table() -> None:
    for cls in [*BLOCK_CLASSES.values(), model.CoolingLoop]:
        names = {f.name for f in attrs.fields(cls)}
        assert "values" not in names, cls.__name__
        hints = typing.get_type_hints(cls)
        assert all("dict[str, Any]" not in str(h) for h in hints.values()), cls.__name__


@pytest.mark.parametrize("kind", sorted(BLOCK_CLASSES))
def test_the_schema_is_read_from_the_block_classes(kind: str) -> None:
    declared = block_attrs(BLOCK_CLASSES[kind])
    table = schema.BLOCKS[kind].attrs
    assert declared.items() <= table.items()


def test_each_power_element_kind_has_only_its_own_attributes() -> None:
    utility = schema.BLOCKS["utility"].attrs
    transformer = schema.BLOCKS["transformer"].attrs
    generator = schema.BLOCKS["generator"].attrs
    assert "load_loss" not in utility and "rating" not in utility and "capacity" in utility
    assert "secondary_voltage" not in generator and "capacity" in generator
    assert {"secondary_voltage", "no_load_loss", "load_loss"} <= transformer.keys()
    assert "capacity" not in schema.BLOCKS["ups"].attrs


def test_an_attribute_of_another_element_kind_is_refused() -> None:
    text = (
        'design "d" { }\n'
        'power "main" {\n'
        '  utility "grid" { capacity = 2 MW  load_loss = 3 kW }\n'
        "}\n"
    )
    compilation = compile_text(text)
    codes = [(d.code, d.message) for d in compilation.diagnostics]
    assert ("DC-LANG-022", "`utility` has no attribute `load_loss`") in codes


def test_elements_read_their_typed_attributes() -> None:
    text = (
        'design "d" { }\n'
        'power "main" {\n'
        '  utility "grid" { capacity = 2 MW }\n'
        '  transformer "T" { rating = 2500 kVA  secondary_voltage = 415 V  from = grid }\n'
        "}\n"
    )
    compilation = compile_text(text)
    assert compilation.model is not None
    grid, transformer = compilation.model.power_chains[0].nodes
    assert isinstance(grid, model.Utility) and grid.capacity == pytest.approx(2000.0)
    assert isinstance(transformer, model.Transformer)
    assert transformer.rating == pytest.approx(2500.0)
    assert transformer.secondary_voltage == pytest.approx(415.0)
    assert transformer.feeds_from == [grid]


def test_uses_share_their_specs_and_keep_only_what_they_state() -> None:
    """A flattened design's devices hold no object of every spec each: a use that states no
    spec reads its part's specs, uses that state the same specs read one object."""
    text = (
        'design "d" { }\n'
        "part dgx { kind = server  gpus = 8  power_max = 10.2 kW  height = 8 U }\n"
        'hall "H" {\n'
        '  rack "r1" {\n'
        "    height = 48 U\n"
        '    device dgx "n1" { position = 2 U  serial = "S1"  power_max = 9 kW }\n'
        '    device dgx "n2" { power_max = 9 kW  serial = "S2"  position = 2 U }\n'
        '    device dgx "n3" { position = 12 U  asset_tag = "A3" }\n'
        '    device dgx "n4" { serial = "S4" }\n'
        "  }\n"
        "}\n"
    )
    compilation = compile_text(text)
    assert compilation.model is not None
    uses = [u for g in compilation.model.rack_groups() for u in g.all_contents()]
    n1, n2, n3, n4 = uses
    part = n1.part
    assert n4.specs is part.specs  # a serial number is the device's, not a spec
    assert n1.specs is n2.specs  # the same stated specs, in any order: one object
    assert n1.specs.power_max == pytest.approx(9.0) and n1.specs.position == pytest.approx(2.0)
    assert n1.specs.gpus == 8 and part.specs.power_max == pytest.approx(10.2)
    assert n3.specs is not n1.specs and n3.specs.position == pytest.approx(12.0)
    assert n3.specs.power_max == pytest.approx(10.2)
    assert (n1.overrides.serial, n3.overrides.asset_tag, n4.overrides.power_max) == (
        "S1",
        "A3",
        None,
    )
    assert n1.overrides.power_max == pytest.approx(9.0) and n3.overrides.serial is None


def test_every_medium_cable_attribute_is_read_by_medium() -> None:
    """A fabric's `<medium>_cable` attributes all reach the BOM through Fabric.medium_cable."""
    import attrs

    from dcdsl.model import Fabric, Part, PartSpecs

    cable_fields = [f.name for f in attrs.fields(Fabric) if f.name.endswith("_cable")]
    assert cable_fields
    for name in cable_fields:
        part = Part(name, "cable", PartSpecs())
        fabric = Fabric("f", None, **{name: part})
        assert fabric.medium_cable(name.removesuffix("_cable")) is part, name
