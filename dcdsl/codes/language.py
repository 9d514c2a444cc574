"""Codes of the language and input section: one `language.code(...)` entry per diagnostic id."""

from dcdsl.codes.registry import ERROR, NOTE, WARNING, Section

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

language.code(
    "DC-LANG-040",
    NOTE,
    "a rule suppressed by `allow`",
    doc="(note) a rule was suppressed by `allow`",
    example='`allow DC-COOL-001 because "…"`',
    fix="listed so reviewers see every exception",
    failing="""\
design "x" {}
part node {
  kind = server
  allow DC-COST-001 because "priced at procurement"
}
rack_type r { device node }
hall "H1" { rack r * 2 }
""",
    fixed="""\
design "x" {}
part node { kind = server  price = 250000 USD }
rack_type r { device node }
hall "H1" { rack r * 2 }
""",
)

language.code(
    "DC-LIMIT-001",
    ERROR,
    "a design exceeds a size limit",
    doc="the design asks for more than a size limit allows: a count, a range, a height, a "
    "string, a file, a nesting depth, the cost model's years",
    example='`rack t * 1e12`; `"r1".."r999999999"`; `height = 1e12 U`',
    fix="the message names the limit, its value and the flag; the limits, and why each default "
    "is what it is, are in docs/security.md (Limits). Raise one for a run with "
    "`dcc check --limit racks=2e7`",
    failing="""\
design "x" {}
rack_type r {}
hall "H1" { rack r * 1e12 }
""",
    fixed="""\
design "x" {}
rack_type r {}
hall "H1" { rack r * 1000 }
""",
)

language.code(
    "DC-LIMIT-002",
    NOTE,
    "more diagnostics of one kind not shown",
    doc="(note) more diagnostics of one code in one file than the `diagnostics` limit (10,000): "
    "the rest are counted, not kept",
    example="20,000 lines `pue_target = 1.3` in one block",
    fix="fix the ones shown; `--limit diagnostics=N` lists more",
)

language.code(
    "DC-LANG-041",
    WARNING,
    "an `allow` that suppresses nothing",
    doc="(warning) an `allow` covers no finding: the finding it was for is gone, or the `allow` "
    "is in a block the finding does not point at",
    example='`rack_type r { allow DC-COOL-001 because "…" }` with no rack of type r too dense',
    fix="remove it, or move it to the block the finding points at",
    failing="""\
design "x" {}
rack_type r { allow DC-COOL-001 because "rear doors fitted on site" }
""",
    fixed="""\
design "x" {}
rack_type r {}
""",
)

language.code(
    "DC-LANG-042",
    WARNING,
    "an `allow` names a rule that does not exist",
    doc="(warning) an `allow` names a rule id that no rule has",
    example='`allow DC-COOL-01 because "…"` → did you mean `DC-COOL-001`?',
    fix="the closest rule id is suggested",
    failing="""\
design "x" {}
allow DC-COOL-01 because "rear doors fitted on site"
""",
    fixed="""\
design "x" {}
""",
)

language.code(
    "DC-LANG-050",
    ERROR,
    "`--set` names no top-level `let`",
    doc="`--set NAME=VALUE` (or a sweep, or `overrides=` in the Python API) names something that "
    "is not a top-level `let` of the design, or is not written `NAME=VALUE`",
    example="`dcc check pod.dc --set gpu=1024` when the design has `let gpus = …`",
    fix="the closest `let` is suggested; only top-level `let`s of the design file can be set",
)

language.code(
    "DC-LANG-051",
    ERROR,
    "`--set` value of the wrong kind",
    doc="`--set NAME=VALUE` gives a value that does not parse, or whose dimension (or kind) differs "
    "from what the design's `let` gives",
    example="`--set electricity_price=0.08` for `let electricity_price = 0.12 USD/kWh`",
    fix="write the value with a unit of the same dimension: `--set electricity_price=0.08 USD/kWh`",
)

language.code(
    "DC-IO-001",
    ERROR,
    "input file missing or not a file",
    doc="an input file is missing or is a directory (exit 2)",
    example="`dcc check nope.dc`",
)

language.code(
    "DC-IO-002",
    ERROR,
    "output directory cannot be written",
    doc="the output directory cannot be written (exit 2)",
    example="`dcc build d.dc -o /read-only`",
    fix="an earlier build there is left as it was",
)

language.code(
    "DC-IO-003",
    ERROR,
    "`dcc explain` of an id that is not a rule",
    doc="`dcc explain` of an id that is not a rule (exit 2)",
    example="`dcc explain DC-POWR-001`",
    fix="did you mean `DC-POWER-001`?",
)

language.code(
    "DC-IO-004",
    ERROR,
    "`dcc fmt` cannot read a file",
    doc="`dcc fmt` cannot read a file: permissions, or not UTF-8 (exit 2)",
    example="`dcc fmt locked.dc` on a file without read permission",
    fix="check the file and its permissions; the other files are still formatted",
)

language.code(
    "DC-IO-010",
    ERROR,
    "output folder is not dcc's to replace",
    doc="`dcc build -o DIR` refused: `DIR` is not empty and not dcc's (no `.dcc-build` marker, "
    "or files the marker does not list), is a git checkout, or is the working directory or a "
    "folder above it (exit 2, nothing written)",
    example="`dcc build d.dc -o .`",
    fix='choose a new or empty folder; see docs/outputs.md, "The output folder"',
)

language.code(
    "DC-IO-011",
    ERROR,
    "interrupted by SIGINT or SIGTERM",
    doc="interrupted by SIGINT (Ctrl-C, exit 130) or SIGTERM (exit 143): one line, temporaries "
    "removed, an earlier build left as it was",
    example="Ctrl-C during `dcc build`",
)

language.code(
    "DC-INTERNAL-001",
    ERROR,
    "internal error in the compiler",
    doc="a bug in dcc, reported as a diagnostic in the requested format (text, JSON, SARIF, "
    "GitHub, JUnit) rather than a traceback, at the last location dcc was working on (else the "
    "file), the other files' diagnostics kept; `dcc check` exits 2",
    fix="please report it with the design",
)

language.code(
    "DC-INTERNAL-002",
    ERROR,
    "`dcc fmt` could not format a file without changing it",
    doc="a bug in `dcc fmt`: its output would not parse to the same design, so the file is left as it was (exit 2)",
    fix="please report it with the file",
)
