"""Codes of the NetBox section (`dcc export netbox`, `dcc netbox sync|drift`)."""

from dcdsl.codes.registry import ERROR, Section

netbox = Section(
    "NetBox export and sync (DC-NETBOX-…)",
    intro="""\
Raised by `dcc export netbox` and `dcc netbox sync|drift` (docs/netbox.md). Usage, I/O and
NetBox errors exit 2; a design that cannot be exported, and drift, exit 1.
""",
)

netbox.code(
    "DC-NETBOX-001",
    ERROR,
    "the design cannot be expressed in NetBox's terms",
    doc="""\
NetBox needs unique rack names in a design's site: racks are named `<hall>-<rack>`, so two
rack ranges of one hall that generate the same name (written twice, or overlapping ranges) cannot
both become racks. Exit 1, nothing written.
""",
    example='`row "A" { rack t * 2 }` and a second `row "A" { rack t * 2 }` in hall H1',
    fix="rename one of the rows or rack ranges",
)

netbox.code(
    "DC-NETBOX-002",
    ERROR,
    "NetBox cannot be reached, the token is unset, or pynetbox is missing",
    doc="""\
`dcc netbox` talks to NetBox 4.x through pynetbox, an optional dependency. Raised when pynetbox is
not installed, when the token's environment variable (`--token-env`, default `NETBOX_TOKEN`) is
empty, when NetBox does not answer at `--url` or answers with a version other than 4.x, or when
reading its objects fails. Exit 2.
""",
    example="`dcc netbox sync pod.dc --url http://127.0.0.1:9` with nothing listening",
    fix="`pip install 'dcdsl[netbox]'`; `export NETBOX_TOKEN=…`; check the URL",
)

netbox.code(
    "DC-NETBOX-003",
    ERROR,
    "NetBox refused part of a sync",
    doc="""\
`dcc netbox sync --apply` writes in batches (`--batch-size`, default 200). When NetBox refuses a
batch (validation, permissions, a name held by an object without the design's tag), the command
stops and reports how many changes were applied and NetBox's answer. Everything applied carries
the design's tag, so the same command run again plans only what is still missing. Exit 2.
""",
    example="a rack `H1-A01` created by hand in the site, without the design's tag",
    fix="rename or tag the object in NetBox, then run the same command again",
)

netbox.code(
    "DC-NETBOX-004",
    ERROR,
    "NetBox differs from the design",
    doc="""\
`dcc netbox drift` plans a sync without applying it; a plan that would create, update or delete
anything is drift, listed object by object and field by field. Only fields dcc sets are compared;
objects without the design's tag are never drift. Exit 1, for a scheduled CI job.
""",
    example="a rack's height changed from 48 to 42 in NetBox",
    fix="`dcc netbox sync --apply`, or change the design to match",
)
