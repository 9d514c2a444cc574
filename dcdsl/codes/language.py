"""Codes of the language section (DC-LANG-001…033): one `language.code(...)` entry per
diagnostic id. The section goes on in `language_input.py`."""

from dcdsl.codes.registry import ERROR, Section

language = Section(
    "Language and input (DC-LANG-…, DC-LIMIT-…, DC-IO-…)",
    intro="""\
Raised while reading a design, before any engineering rule runs. A design with one of these
errors is not elaborated: `dcc check` exits 1 and `dcc build` writes nothing. Each example
below is a golden test (`tests/golden/errors/<case>.dc` and its `.txt`).
""",
    table=True,
)

language.code(
    "DC-LANG-001",
    ERROR,
    "syntax error",
    doc="syntax error: a token where it cannot stand",
    example="`x { a = 3 } }` → unexpected `}`",
    fix="the message names what was expected",
    failing="""\
design "x" { }
part node { kind = server } }
""",
    fixed="""\
design "x" {}
part node { kind = server }
""",
)

language.code(
    "DC-LANG-002",
    ERROR,
    "block not closed",
    doc="a block is not closed",
    example='`design "x" {` … end of file',
    fix="the label points at where the block opened",
    failing="""\
design "x" { }
part node {
  kind = server
""",
    fixed="""\
design "x" {}
part node {
  kind = server
}
""",
)

language.code(
    "DC-LANG-003",
    ERROR,
    "`=` missing after an attribute name",
    doc="`=` missing after an attribute name",
    example="`capacity 6 MW`",
    fix="write `capacity = 6 MW`",
    failing="""\
design "x" { }
power "main" {
  utility "grid" { capacity 6 MW  voltage = 13.8 kV }
}
""",
    fixed="""\
design "x" {}
power "main" {
  utility "grid" { capacity = 6 MW  voltage = 13.8 kV }
}
""",
)

language.code(
    "DC-LANG-004",
    ERROR,
    "unknown unit",
    doc="unknown unit (pint does not know it)",
    example="`capacity = 6 MWW`",
    fix="the help suggests the closest units (`MW`)",
    failing="""\
design "x" { }
power "main" {
  utility "grid" { capacity = 6 MWW  voltage = 13.8 kV }
}
""",
    fixed="""\
design "x" {}
power "main" {
  utility "grid" { capacity = 6 MW  voltage = 13.8 kV }
}
""",
)

language.code(
    "DC-LANG-005",
    ERROR,
    "unterminated string",
    doc="unterminated string",
    example='`design "x {`',
    fix="close it on the same line",
    failing="""\
design "x { }
""",
    fixed="""\
design "x" {}
""",
)

language.code(
    "DC-LANG-006",
    ERROR,
    "character that is not part of the language",
    doc="a character that is not part of the language",
    example="`pue_target = 1.3 ;`",
    fix="remove it",
    failing="""\
design "x" {
  pue_target = 1.3 ;
}
""",
    fixed="""\
design "x" {
  pue_target = 1.3
}
""",
)

language.code(
    "DC-LANG-007",
    ERROR,
    "a bare number where a quantity is required",
    doc="a bare number where a quantity is required",
    example="`capacity = 6000`",
    fix="add the unit: `6000 kW`",
    failing="""\
design "x" {}
power "main" {
  utility "grid" { capacity = 6000  voltage = 13.8 kV }
}
""",
    fixed="""\
design "x" {}
power "main" {
  utility "grid" { capacity = 6000 kW  voltage = 13.8 kV }
}
""",
)

language.code(
    "DC-LANG-008",
    ERROR,
    "quantities of different dimensions combined",
    doc="dimensions do not match: an operation or an attribute",
    example="`5 kW + 3 V`; `rating = 5 m` on a transformer",
    fix="both operands' dimensions are shown; the expected dimension (power) is named",
    failing="""\
design "x" {}
part tx { kind = transformer  rating = 2500 V }
""",
    fixed="""\
design "x" {}
part tx { kind = transformer  rating = 2500 kVA }
""",
)

language.code(
    "DC-LANG-010",
    ERROR,
    "imported file not found",
    doc="imported file not found",
    example='`import "missing.dc"`',
    fix="paths are relative to the importing file",
    failing="""\
design "x" {}
import "missing.dc"
""",
    fixed="""\
design "x" {}
import "std/compute"
""",
)

language.code(
    "DC-LANG-011",
    ERROR,
    "import outside the design's folder",
    doc="import outside the design's folder, after symlinks (or absolute, or a `std/` name with "
    "`..`, `//` or `/` in it)",
    example='`import "../../x.dc"`; `import "std/../x"`',
    fix="a design reads only its own tree (the file's folder, or `--root DIR`) and the packaged "
    "`std/…` modules",
    failing="""\
design "x" {}
import "../../outside.dc"
""",
    fixed="""\
design "x" {}
import "std/compute"
""",
)

language.code(
    "DC-LANG-012",
    ERROR,
    "import cycle",
    doc="import cycle",
    example="a.dc → b.dc → a.dc",
    fix="move shared definitions to a third file",
)

language.code(
    "DC-LANG-013",
    ERROR,
    "file cannot be read",
    doc="a file cannot be read: permissions, not UTF-8, or not a regular file (a FIFO, a device, "
    "a folder)",
    example='`import "pipe.dc"` where `pipe.dc` is a named pipe',
    fix="only regular files are read; a FIFO is refused before it is read, so it cannot hang the "
    "check",
)

language.code(
    "DC-LANG-020",
    ERROR,
    "duplicate name",
    doc="a name defined twice",
    example="two `part node`",
    fix="rename; change a catalogue part with `extends`",
    failing="""\
design "x" {}
part node { kind = server }
part node { kind = switch }
""",
    fixed="""\
design "x" {}
part node { kind = server }
part leaf { kind = switch }
""",
)

language.code(
    "DC-LANG-021",
    ERROR,
    "unknown block kind",
    doc="unknown block kind",
    example='`hal "H1"`',
    fix="did you mean `hall`?",
    failing="""\
design "x" {}
hal "H1" {}
""",
    fixed="""\
design "x" {}
hall "H1" {}
""",
)

language.code(
    "DC-LANG-022",
    ERROR,
    "unknown attribute",
    doc="unknown attribute",
    example="`ratng = 2500 kVA`",
    fix="did you mean `rating`?",
    failing="""\
design "x" {}
part tx { kind = transformer  ratng = 2500 kVA }
""",
    fixed="""\
design "x" {}
part tx { kind = transformer  rating = 2500 kVA }
""",
)

language.code(
    "DC-LANG-023",
    ERROR,
    "value of the wrong type",
    doc="a value of the wrong type",
    example="`gpus = 8.5`; `topology = leaf_spin`",
    fix="whole numbers for counts; one of the listed choices",
    failing="""\
design "x" {}
part node { kind = server  gpus = 8.5 }
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8 }
""",
)

language.code(
    "DC-LANG-024",
    ERROR,
    "required value missing",
    doc="a required value is missing",
    example="a `part` with no `kind`",
    failing="""\
design "x" {}
part node { gpus = 8 }
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8 }
""",
)

language.code(
    "DC-LANG-025",
    ERROR,
    "block labels do not fit the block kind",
    doc="labels or names that do not fit the block kind",
    example='`part "x"` (needs a name, not a label)',
    failing="""\
design "x" {}
part "node" { kind = server }
""",
    fixed="""\
design "x" {}
part node { kind = server }
""",
)

language.code(
    "DC-LANG-026",
    ERROR,
    "no design block",
    doc="no `design` block",
    fix='start with `design "name" { }`',
    failing="""\
part node { kind = server }
""",
    fixed="""\
design "x" {}
part node { kind = server }
""",
)

language.code(
    "DC-LANG-027",
    ERROR,
    "part extends itself",
    doc="a part extends itself",
    example="`part a { extends = b }`, `part b { extends = a }`",
    failing="""\
design "x" {}
part a { extends = b }
part b { extends = a }
""",
    fixed="""\
design "x" {}
part a { kind = server }
part b { extends = a }
""",
)

language.code(
    "DC-LANG-028",
    ERROR,
    "name range cannot be expanded",
    doc="a name range cannot be expanded",
    example='`"D".."A"`, `"r01".."x09"`',
    fix="letters, or a shared prefix with a trailing number, first ≤ last",
    failing="""\
design "x" {}
hall "H1" {
  row "D".."A" {}
}
""",
    fixed="""\
design "x" {}
hall "H1" {
  row "A".."D" {}
}
""",
)

language.code(
    "DC-LANG-029",
    ERROR,
    "attribute set twice",
    doc="an attribute set twice in one block",
    fix="keep one",
    failing="""\
design "x" {}
part node { kind = server  gpus = 8  gpus = 4 }
""",
    fixed="""\
design "x" {}
part node { kind = server  gpus = 8 }
""",
)

language.code(
    "DC-LANG-030",
    ERROR,
    "unknown name",
    doc="unknown name: part, rack type, power element, hall, `let`",
    example="`rack gpu_rak * 4`",
    fix="did you mean `gpu_rack`?",
    failing="""\
design "x" {}
rack_type gpu_rack {}
hall "H1" { rack gpu_rak * 4 }
""",
    fixed="""\
design "x" {}
rack_type gpu_rack {}
hall "H1" { rack gpu_rack * 4 }
""",
)

language.code(
    "DC-LANG-031",
    ERROR,
    "expression cannot be evaluated",
    doc="an expression cannot be evaluated: division by zero, a function outside its domain, "
    "a value that is not a number where one is needed",
    example="`1 kW / 0 kW`; `sqrt(-1)`; `min()`; `sum([1 kW, kW])`",
    fix="the message names the value; the functions work on real numbers",
    failing="""\
design "x" {}
let share = 1 kW / 0 kW
""",
    fixed="""\
design "x" {}
let share = 1 kW / 4 kW
""",
)

language.code(
    "DC-LANG-032",
    ERROR,
    "`let` defined in terms of itself",
    doc="a `let` defined in terms of itself",
    example="`let a = b + 1`, `let b = a * 2`",
    fix="the cycle is named",
    failing="""\
design "x" {}
let a = b + 1
let b = a * 2
""",
    fixed="""\
design "x" {}
let a = 1
let b = a * 2
""",
)

language.code(
    "DC-LANG-033",
    ERROR,
    "a number too large or not a number",
    doc="a value overflows 64-bit floating point (about 1.8e308 in SI base units) or is not a "
    "number; reported at the literal or the operation that produced it",
    example="`1e309`; `1e308 * 10`; `1e306 GW`",
    fix="use a smaller value or a larger unit",
    failing="""\
design "x" {}
let big = 1e308 * 10
""",
    fixed="""\
design "x" {}
let big = 1e30 * 10
""",
)
