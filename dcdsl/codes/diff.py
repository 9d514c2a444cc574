"""Codes of the design-comparison section (`dcc diff`): one `diff.code(...)` entry per id."""

from dcdsl.codes.registry import ERROR, Section

diff = Section(
    "Comparing designs (DC-DIFF-…)",
    intro="""\
Raised by `dcc diff` before anything is compared: the command line or git cannot give it two
designs to compare. Each is a usage or I/O error (exit 2) and nothing is printed on standard
output. A design that does not compile is not one of these: its own diagnostics are shown and
the exit code is 1.
""",
)

diff.code(
    "DC-DIFF-001",
    ERROR,
    "`--fail-on` cannot be read or names an unknown figure",
    doc="""\
Each `--fail-on` item is `METRIC+N%` (growth in per cent of the old value) or `METRIC+N`
(growth in the figure's own unit); METRIC is one of the named figures (`capex`, `opex`,
`it_kw`, `facility_kw`, `pue`, `energy`, `water`, `gpus`, `nodes`, `racks`, `halls`,
`switches`, `links`, `cables`, `transceivers`, `errors`, `warnings`), `capex.<category>`,
`opex.<category>`, or any dotted path into summary.json.
""",
    example="`dcc diff a.dc b.dc --fail-on capex5%` (no `+`); `--fail-on capx+5%`",
    fix="`--fail-on capex+5%`",
)

diff.code(
    "DC-DIFF-002",
    ERROR,
    "git is missing or did not answer",
    doc="""\
`dcc diff --base REV` reads the old version of the design with git. Raised when git is not
installed, or when a git command takes longer than its time limit.
""",
    example="`dcc diff --base origin/main pod.dc` on a machine without git",
    fix="install git, or pass OLD and NEW files: `dcc diff old.dc new.dc`",
)

diff.code(
    "DC-DIFF-003",
    ERROR,
    "not a git revision, or the design is not in a git repository",
    doc="""\
`--base` must name a commit that exists in the repository that holds the design: a branch, a
tag or a commit id (an argument that starts with `-` is refused, so it cannot be read as a git
option).
""",
    example="`dcc diff --base origin/mian pod.dc`",
    fix="fetch the revision first (`git fetch origin main`), or name a branch, tag or commit that exists",
)

diff.code(
    "DC-DIFF-004",
    ERROR,
    "the design at the base revision is not UTF-8 text",
    doc="""\
The old version read from git must be UTF-8 text, as every dcdsl file is.
""",
    example="`dcc diff --base v1 pod.dc` where `pod.dc` at `v1` was saved as Latin-1",
    fix="compare against a revision where the file is UTF-8, or pass OLD and NEW files",
)

diff.code(
    "DC-DIFF-005",
    ERROR,
    "wrong number of design files",
    doc="""\
`dcc diff` compares two files (OLD and NEW), or one file against its version at `--base`.
""",
    example="`dcc diff pod.dc`; `dcc diff --base main a.dc b.dc`",
    fix="`dcc diff old.dc new.dc`, or `dcc diff --base main pod.dc`",
)
