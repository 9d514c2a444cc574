"""Codes of the language section, continued: `allow`, size limits, the command line, files and
internal errors."""

from dcdsl.codes.language import language
from dcdsl.codes.registry import ERROR, NOTE, WARNING

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
