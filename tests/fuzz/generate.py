"""Hypothesis strategies for the fuzz suite: valid designs built from the grammar, and mutants.

``designs()`` draws a *project*: a few `.dc` files in a folder (``main.dc`` importing the others),
written the way people write them: a design block, typed `let`s with expressions over each
other, parts of every kind the rules read, rack types with counts, halls/rows/racks (ranges and
counts), power chains, cooling loops, fabrics, storage, workloads, costs, `require`/`allow`.
Names refer to what exists, so most drawn designs elaborate and reach the analyses and rules.

``mutants()`` damages a project or a shipped design: byte flips, token edits, unicode and
control characters, huge and non-finite numbers, deep nesting, long strings and ranges.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    [*ROOT.glob("designs/*.dc"), *ROOT.glob("tests/golden/elaborate/*.dc")],
    key=lambda p: p.name,
)
SHIPPED_TEXT = [p.read_text(encoding="utf-8") for p in SHIPPED]

Project = dict[str, str]  # relative file name → text; "main.dc" is the file checked

UNITS: dict[str, list[str]] = {
    "power": ["kW", "MW", "W"],
    "apparent": ["kVA", "MVA"],
    "voltage": ["V", "kV"],
    "money": ["USD", "kUSD", "MUSD"],
    "height": ["U"],
    "length": ["m", "mm", "ft"],
    "temperature": ["degC"],
    "delta": ["K"],
    "speed": ["Gb/s"],
    "capacity": ["TB", "PB"],
    "throughput": ["GB/s"],
    "time": ["min", "s", "h"],
}
TIERS = ["air", "air_contained", "rear_door", "direct_to_chip", "immersion"]
REDUNDANCY = ["N", "N+1", "N+2", "2N", "2(N+1)"]
SYLLABLES = ["a", "gpu", "x9", "main", "r_", "hv", "lo", "nv", "q", "z_z"]


def _name(r: random.Random) -> str:
    return f"{r.choice(SYLLABLES)}{r.randint(0, 99)}"


def _text(r: random.Random, alphabet: str, longest: int) -> str:
    return "".join(r.choice(alphabet) for _ in range(r.randint(0, longest)))


def _unicode(r: random.Random, longest: int) -> str:
    """Any code points but surrogates, mostly ASCII so that some of it tokenises."""
    chars = []
    for _ in range(r.randint(0, longest)):
        code = r.randint(0, 127) if r.random() < 0.7 else r.randint(0, 0x10FFFF)
        chars.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "?")
    return "".join(chars)


def _number(r: random.Random, low: float, high: float, integer: bool = False) -> str:
    if integer:
        value = r.randint(int(low), int(high))
        return f"{value:_}" if value >= 10_000 and r.random() < 0.5 else str(value)
    value = r.randint(int(low * 100), int(high * 100)) / 100
    return r.choice([f"{value:g}", f"{value:.3f}", f"{value:.2e}"])


class Names:
    """What a project defines so far: typed lets, parts by kind, rack types, chains, loops."""

    def __init__(self) -> None:
        self.lets: dict[str, str] = {}  # name → "count" or a dimension of UNITS
        self.parts: dict[str, list[str]] = {}  # kind → names
        self.rack_types: list[str] = []
        self.feeds: list[str] = []  # chain.element
        self.loops: list[str] = []
        self.halls: list[str] = []
        self.taken: set[str] = set()

    def fresh(self, r: random.Random, prefix: str) -> str:
        name = f"{prefix}_{_name(r)}"
        while name in self.taken:
            name += "_"
        self.taken.add(name)
        return name

    def part(self, r: random.Random, kind: str) -> str | None:
        names = self.parts.get(kind)
        return r.choice(names) if names else None


def _expr(r: random.Random, names: Names, dim: str, depth: int = 0) -> str:
    """An expression of dimension ``dim`` ("count" for a plain number)."""
    choice = r.randint(0, 9 if depth < 3 else 3)
    same = [n for n, d in names.lets.items() if d == dim]
    counts = [n for n, d in names.lets.items() if d == "count"]
    if choice <= 2 or (choice == 3 and not same):
        if dim == "count":
            return _number(r, 1, 64, integer=True)
        return f"{_number(r, 0.5, 500)} {r.choice(UNITS[dim])}"
    if choice == 3:
        return r.choice(same)
    a = _expr(r, names, dim, depth + 1)
    if choice == 4:
        return f"({a} + {_expr(r, names, dim, depth + 1)})"
    if choice == 5:
        factor = r.choice(counts) if counts else _number(r, 1, 8, integer=True)
        return f"{a} * {factor}"
    if choice == 6:
        function = r.choice(["min", "max"])
        return f"{function}({a}, {_expr(r, names, dim, depth + 1)})"
    if choice == 7 and dim == "count":
        function = r.choice(["ceil", "floor", "round", "abs"])
        return f"{function}({a} / {_number(r, 1, 4, integer=True)})"
    if choice == 8:
        return f"sum([{a}, {_expr(r, names, dim, depth + 1)}])"
    return f"abs({a})" if dim == "count" else f"({a})"


def _lets(r: random.Random, names: Names) -> list[str]:
    lines = []
    for _ in range(r.randint(0, 6)):
        dim = r.choice(["count", "count", "power", "money", "length"])
        value = _expr(r, names, dim)
        name = names.fresh(r, "v")
        names.lets[name] = dim
        lines.append(f"let {name} = {value}")
    return lines


def _part(r: random.Random, names: Names, kind: str) -> str:
    name = names.fresh(r, kind)
    names.parts.setdefault(kind, []).append(name)
    specs = [f"kind = {kind}", f"price = {_expr(r, names, 'money')}"]
    if kind == "server":
        specs += [
            f"gpus = {r.choice(['0', '4', '8'])}",
            f"power_max = {_expr(r, names, 'power')}",
            f"height = {r.randint(1, 10)} U",
            f"nics = {r.randint(0, 8)}",
            "nic_speed = 400 Gb/s",
        ]
    elif kind in ("pdu", "rack_pdu", "transformer"):
        specs.append(f"rating = {_number(r, 5, 5000)} kVA")
    elif kind == "ups":
        specs.append(f"rating_kw = {_expr(r, names, 'power')}")
    elif kind in ("cdu", "crah", "rdhx"):
        specs.append(f"capacity = {_expr(r, names, 'power')}")
    elif kind == "switch":
        specs += [f"ports = {r.choice([32, 48, 64])}", "port_speed = 400 Gb/s"]
    if r.random() < 0.5:
        specs.append(f'source = "{_text(r, "abc xyz-,.", 12)}"')
    if r.random() < 0.5:
        specs.append(f"confidence = {r.choice(['primary', 'estimate'])}")
    sep = r.choice(["  ", "\n  "])
    text = f"part {name} {{{sep[1:] if sep != '  ' else ' '}" + sep.join(specs) + " }"
    if names.parts[kind][:-1] and r.randint(0, 4) == 0:  # a variant: `extends`
        child = names.fresh(r, kind)
        names.parts[kind].append(child)
        text += f"\npart {child} {{ extends = {name}  price = {_expr(r, names, 'money')} }}"
    return text


def _rack_type(r: random.Random, names: Names) -> str:
    name = names.fresh(r, "rt")
    names.rack_types.append(name)
    body = [f"height = {r.choice(['42', '48', '52'])} U"]
    server = names.part(r, "server")
    if server:
        body.append(f"device {server} * {_expr(r, names, 'count')}")
    pdu = names.part(r, "rack_pdu")
    if pdu:
        body.append(f"rack_pdu {pdu} * {r.randint(1, 4)}")
    if names.loops and r.random() < 0.5:
        body.append(f"cooling = {r.choice(names.loops)}")
    elif r.random() < 0.5:
        body.append(f"cooling = {r.choice(TIERS)}")
    return f"rack_type {name} {{\n  " + "\n  ".join(body) + "\n}"


def _power(r: random.Random, names: Names) -> str:
    chain = names.fresh(r, "p")
    lines = [f'  utility "grid" {{ capacity = {_expr(r, names, "power")}  voltage = 13.8 kV }}']
    upstream = "grid"
    for kind, label in (("transformer", "T"), ("ups", "UPS"), ("pdu", "PDU")):
        part = names.part(r, kind)
        if part is None:
            continue
        attrs = [f"part = {part}", f"from = {upstream}"]
        if r.random() < 0.5:
            attrs.append(f"count = {r.randint(1, 12)}")
        if r.random() < 0.5:
            attrs.append(f"redundancy = {r.choice(REDUNDANCY)}")
        lines.append(f'  {kind} "{label}" {{ ' + "  ".join(attrs) + " }")
        upstream = label
    names.feeds.append(f"{chain}.{upstream}")
    return f'power "{chain}" {{\n' + "\n".join(lines) + "\n}"


def _cooling(r: random.Random, names: Names) -> str:
    loop = names.fresh(r, "c")
    names.loops.append(loop)
    body = [f"tier = {r.choice(TIERS)}"]
    for kind in ("cdu", "crah", "rdhx"):
        part = names.part(r, kind)
        if part and r.random() < 0.5:
            body.append(f"{kind} = {part} * {r.randint(1, 6)}")
    if r.random() < 0.5:
        body.append(f"redundancy = {r.choice(REDUNDANCY)}")
    if r.random() < 0.5:
        body.append(f"supply = {r.randint(10, 45)} degC")
        body.append(f"delta_t = {r.randint(2, 15)} K")
    return f'cooling "{loop}" {{ ' + "  ".join(body) + " }"


def _label_range(r: random.Random, prefix: str) -> str:
    if r.random() < 0.5:
        return f'"{prefix}{r.randint(1, 9)}"'
    first = r.randint(1, 5)
    last = first + r.randint(0, 6)
    width = r.choice([1, 2])
    return f'"{prefix}{first:0{width}d}".."{prefix}{last:0{width}d}"'


def _hall(r: random.Random, names: Names) -> str:
    hall = names.fresh(r, "H")
    names.halls.append(hall)
    rows = []
    for _ in range(r.randint(1, 3)):
        racks = []
        for _ in range(r.randint(1, 2)):
            if not names.rack_types:
                racks.append(f"rack {_label_range(r, 'x')} {{ }}")
                continue
            rack_type = r.choice(names.rack_types)
            how = f"* {_expr(r, names, 'count')}" if r.random() < 0.5 else _label_range(r, "r")
            attrs = []
            if names.feeds and r.random() < 0.5:
                feeds = [r.choice(names.feeds) for _ in range(r.randint(1, 2))]
                attrs.append(
                    f"power = {feeds[0] if len(feeds) == 1 else '[' + ', '.join(feeds) + ']'}"
                )
            block = f" {{ {'  '.join(attrs)} }}" if attrs else ""
            racks.append(f"rack {rack_type} {how}{block}")
        row_label = _label_range(r, r.choice(["A", "B", "Row"]))
        rows.append(f"  row {row_label} {{\n    " + "\n    ".join(racks) + "\n  }")
    return f'hall "{hall}" {{\n' + "\n".join(rows) + "\n}"


def _extras(r: random.Random, names: Names) -> list[str]:
    out = []
    switch = names.part(r, "switch")
    if switch and r.random() < 0.5:
        endpoints = r.choice(["gpus", *[f"{h}.gpus" for h in names.halls], "1024"])
        topology = r.choice(["leaf_spine", "fat_tree", "rail_optimized"])
        out.append(
            f'fabric "{names.fresh(r, "f")}" {{ topology = {topology}  endpoints = {endpoints}'
            f"  switch = {switch}  oversubscription = {r.choice(['1:1', '2:1'])} }}"
        )
    if r.random() < 0.5:
        out.append(
            f'storage "{names.fresh(r, "s")}" {{ capacity = {_number(r, 1, 50)} PB'
            f"  read = {_number(r, 1, 500)} GB/s  price = 0.1 USD/GB }}"
        )
    if r.random() < 0.5:
        out.append(
            f'workload "{names.fresh(r, "w")}" {{ params = {_number(r, 1e6, 1e12)}'
            "  bytes_per_param = 16  checkpoint_every = 10 min }"
        )
    if r.random() < 0.5:
        out.append(
            f'cost "{names.fresh(r, "k")}" {{ category = software'
            f"  amount = {_expr(r, names, 'money')} }}"
        )
    if r.random() < 0.5:
        metric = r.choice(["capex.total", "power.it_kw", "counts.gpus"])
        bound = {"capex.total": "80 MUSD", "power.it_kw": "2000", "counts.gpus": "4096"}[metric]
        out.append(f"require {metric} <= {bound}")
    if r.random() < 0.5:
        rule = r.choice(["DC-COOL-001", "DC-POWER-001", "DC-NET-001"])
        out.append(f'allow {rule} because "{_text(r, "ab c", 8)}"')
    return out


def project(r: random.Random) -> Project:
    """A project of 1-3 files that parses: main.dc, maybe lib.dc and sub/more.dc."""
    names = Names()
    std = r.randint(0, 9) == 0  # the catalogue is slow to parse
    pieces: list[str] = []
    settings = []
    if r.random() < 0.5:
        settings.append(f"electricity = {_number(r, 0.01, 0.3)} USD/kWh")
    if r.random() < 0.5:
        settings.append(f"pue_target = {_number(r, 1.05, 2)}")
    if r.random() < 0.5:
        settings.append(f"years = {r.randint(1, 20)}")
    if r.random() < 0.5:
        settings.append(f"load_factor = {r.randint(10, 100)} %")
    design = f'design "{_name(r).upper()}" {{ ' + "  ".join(settings) + " }"
    library = _lets(r, names)
    for kind in ("server", "rack_pdu", "transformer", "ups", "pdu", "cdu", "crah", "switch"):
        for _ in range(r.randint(0 if kind != "server" else 1, 2)):
            library.append(_part(r, names, kind))
    if std:
        names.parts.setdefault("server", []).append("dgx_h100")
        names.parts.setdefault("switch", []).append("qm9700")
    pieces += _lets(r, names)
    for _ in range(r.randint(0, 2)):
        pieces.append(_cooling(r, names))
    for _ in range(r.randint(1, 3)):
        pieces.append(_rack_type(r, names))
    for _ in range(r.randint(0, 2)):
        pieces.append(_power(r, names))
    for _ in range(r.randint(1, 2)):
        pieces.append(_hall(r, names))
    pieces += _extras(r, names)
    pieces = r.sample(pieces, len(pieces))  # order does not matter: forward references
    files: Project = {}
    split = r.choice(["one", "lib", "nested"])
    imports = ['import "std/nvidia"'] if std else []
    if split == "one":
        files["main.dc"] = "\n".join([*imports, design, *library, *pieces]) + "\n"
    elif split == "lib":
        files["lib.dc"] = "\n".join(library) + "\n"
        extension = r.choice(["", ".dc"])
        files["main.dc"] = "\n".join([*imports, f'import "lib{extension}"', design, *pieces]) + "\n"
    else:
        half = len(library) // 2
        files["sub/parts.dc"] = "\n".join(library[:half]) + "\n"
        files["sub/more.dc"] = "\n".join(['import "parts.dc"', *library[half:]]) + "\n"
        files["main.dc"] = "\n".join([*imports, 'import "sub/more.dc"', design, *pieces]) + "\n"
    return files


# --- mutants ----------------------------------------------------------------------------------

TOKEN = re.compile(r'"[^"\n]*"|\d[\d_.eE+]*|[A-Za-z_]\w*|\.\.|[<>=!]=|\s+|\S')
NASTY_CHARS = [
    "\x00",
    "\x1b[31m",
    "\x1b]8;;http://x\x07",
    "\x7f",
    "\r",
    "\x0c",
    "\x0b",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\u0301",
    "😀",
    "\U0010ffff",
    "\ud7ff",
    "é",
    "\t",
    '"',
    "\\",
    "#",
    "//",
]
NASTY_TOKENS = [
    "{",
    "}",
    "=",
    "*",
    "..",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "-",
    "+",
    "/",
    "%",
    '"x"',
    "kW",
    "N+1",
    "2N",
    "1:1",
    "0",
    "-1",
    "1e309",
    "-1e309",
    "1e-400",
    "9" * 400,
    "nan",
    "inf",
    "1e12",
    "999999999999",
    "0.0000001",
    "1_",
    "_1",
    "1__0",
    "0x10",
    "sqrt(-1)",
    "ceil(1e309)",
    "round(1e308 * 10)",
    "1 / 0",
    "0 kW / 0 kW",
    "std",
    "import",
    "let",
    "require",
    "allow",
    "because",
    "true",
    "N",
    '"std/../../etc/passwd"',
    '"/etc/passwd"',
    '"std//etc/hosts"',
    '"../x.dc"',
    '"r1".."r999999999"',
    '"r²".."r³"',
    '"A".."ZZZZ"',
    "* 1e12",
    "* -5",
    "* 0",
    "degC",
    "K",
    "USD/kWh",
    "m^2",
    "kW*h",
    "U",
    "MWW",
    "1 kW + 1 V",
    "sum([1 kW, kW])",
]


def _deep(r: random.Random) -> str:
    depth = r.choice([50, 200, 1000, 5000])
    kind = r.choice(["parens", "blocks", "lets", "sum", "extends", "list", "unary"])
    if kind == "parens":
        return f"let deep = {'(' * depth}1{')' * depth}"
    if kind == "blocks":
        return 'hall "H" { ' + "row { " * depth + "}" * depth + " }"
    if kind == "lets":
        return "\n".join(f"let l{i} = l{i + 1} + 1" for i in range(depth)) + f"\nlet l{depth} = 1"
    if kind == "sum":
        return "let s = " + " + ".join(["1 kW"] * depth)
    if kind == "extends":
        parts = [f"part e{i} {{ extends = e{i + 1} }}" for i in range(depth)]
        return "\n".join([*parts, f"part e{depth} {{ kind = server  price = 1 USD }}"])
    if kind == "list":
        return f"let nest = {'[' * depth}1{']' * depth}"
    return f"let u = {'-' * depth}1"


HUGE = [
    "part big { kind = server  price = 1 USD  height = 1e12 U }\n"
    "rack_type rt { height = 1e12 U  device big * 1e9 }\n"
    'hall "H" { row "A" { rack rt * 1e12 } }',
    'design "y" { years = 1e12 }',
    'design "y" { years = 1e309 }',
    'hall "H" { row "A" { rack "r1".."r999999999" { } } }',
    f'design "{"x" * 200_000}" {{ }}',
    "let x = " + "1" * 5000,
    "part p { kind = server  price = 1 USD }\nrack_type t { height = 48 U"
    "  device p * 1 { position = 50000 U } }",
    "\n".join(f'design "d" {{ pue_target = {i} }}' for i in range(2000)),
    "part p { kind = server  price = 1 USD " + "price = 2 USD " * 2000 + "}",
    "let r = ceil(1e309)\nlet q = sqrt(-1)\nlet z = round(0 / 0)",
    'hall "H" { row "A" { rack "r²".."r³" { } } }',
]


def _mutate_text(r: random.Random, text: str) -> str:
    tokens = TOKEN.findall(text) or [""]
    for _ in range(r.randint(1, 5)):
        i = r.randint(0, max(0, len(tokens) - 1))
        action = r.choice(["delete", "duplicate", "swap", "replace", "char", "insert"])
        if action == "delete" and tokens:
            del tokens[i]
        elif action == "duplicate" and tokens:
            tokens.insert(i, tokens[i])
        elif action == "swap" and i + 1 < len(tokens):
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
        elif action == "replace" and tokens:
            tokens[i] = r.choice(NASTY_TOKENS)
        elif action == "char":
            tokens.insert(i, r.choice(NASTY_CHARS))
        else:
            tokens.insert(i, " " + r.choice(NASTY_TOKENS) + " ")
    return "".join(tokens)


def _mutate_bytes(r: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(r.randint(1, 8)):
        i = r.randint(0, len(buffer))
        action = r.choice(["flip", "insert", "delete"])
        if action == "flip" and i < len(buffer):
            buffer[i] ^= 1 << r.randint(0, 7)
        elif action == "delete" and i < len(buffer):
            del buffer[i : i + r.randint(1, 16)]
        else:
            buffer[i:i] = r.randbytes(r.randint(1, 4))
    return bytes(buffer)


BinaryProject = dict[str, bytes]


def mutant(r: random.Random) -> BinaryProject:
    """A damaged project: a generated or shipped design with edits at the token or byte level,
    or with something deep or huge spliced in. Files are bytes: some are not valid UTF-8."""
    source = r.choice(["generated", "generated", "shipped"])
    files = {"main.dc": r.choice(SHIPPED_TEXT)} if source == "shipped" else project(r)
    name = r.choice(sorted(files))
    text = files[name]
    how = r.choice(["tokens", "tokens", "bytes", "deep", "huge", "text"])
    out = {k: v.encode("utf-8") for k, v in files.items()}
    if how == "tokens":
        out[name] = _mutate_text(r, text).encode("utf-8", "surrogatepass")
    elif how == "bytes":
        out[name] = _mutate_bytes(r, text.encode("utf-8"))
    elif how == "deep":
        out[name] = (text + "\n" + _deep(r) + "\n").encode("utf-8")
    elif how == "huge":
        out[name] = (text + "\n" + r.choice(HUGE) + "\n").encode("utf-8")
    else:
        random_text = _unicode(r, 300)
        out[name] = random_text.encode("utf-8")
    return out


# Hypothesis draws one seed per case; the generators above use it with `random.Random`: a draw
# through Hypothesis costs more than compiling a small design, and we want thousands of cases.
SEEDS = st.integers(min_value=0, max_value=2**64 - 1)


def designs() -> st.SearchStrategy[BinaryProject]:
    return SEEDS.map(lambda seed: encode(project(random.Random(seed))))


def mutants() -> st.SearchStrategy[BinaryProject]:
    return SEEDS.map(lambda seed: mutant(random.Random(seed)))


def encode(files: Project) -> BinaryProject:
    return {name: text.encode("utf-8") for name, text in files.items()}
