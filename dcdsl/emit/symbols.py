"""Single-line symbols as SVG groups, IEEE 315 (ANSI designs) or IEC 60617 (IEC designs).

Each function returns one ``<g class="sym-<kind>">`` drawn around a centre point (x, y) with
its terminals on the vertical axis: ``top`` where the supply comes in, ``bottom`` where it
leaves. Sizes are in SVG user units (px). The shapes:

- utility source: a circle with an a.c. sine (IEC 60617-02-06, IEEE 315 a.c. source);
- generator: a circle with "G" and a sine (IEC 60617-06-04, IEEE 315 machine symbol);
- transformer: two overlapping circles (IEC 60617-06-09), or two facing windings (IEEE 315);
- circuit breaker: a square (IEEE 315 / ANSI one-line "52"), or a switch with a × (IEC 60617-07);
- automatic transfer switch: a two-way switch between two inputs in a box;
- UPS: rectifier (~/=) and inverter (=/~) converters (IEC 60617-06-14), a battery between them,
  and the static bypass path over both with its static switch;
- floor PDU: a box holding a transformer; RPP: a panel with branch stubs; busway: a double bar;
- busbar: a heavy horizontal line; load: a box with an arrowhead (IEEE 315 load).
"""

from __future__ import annotations

from dcdsl.emit.escape import xml_text

STROKE = 'stroke="#222" stroke-width="1.6" fill="none"'


def text(
    x: float, y: float, body: str, size: int = 11, anchor: str = "start", extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{xml_text(body)}</text>"
    )


def _group(kind: str, body: list[str], colour: str = "#222") -> str:
    return f'<g class="sym-{kind}" stroke="{colour}">' + "".join(body) + "</g>"


def _line(x1: float, y1: float, x2: float, y2: float, width: float = 1.6) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{width:g}"/>'
    )


def _sine(x: float, y: float, w: float) -> str:
    h = w / 4
    return (
        f'<path d="M{x - w / 2:.1f},{y:.1f} q{w / 4:.1f},{-h * 2:.1f} {w / 2:.1f},0 '
        f't{w / 2:.1f},0" fill="none" stroke-width="1.4"/>'
    )


def utility(x: float, y: float) -> str:
    """An a.c. source: a circle with a sine; terminals at y ± 16."""
    return _group(
        "utility",
        [f'<circle cx="{x}" cy="{y}" r="16" fill="#fff" stroke-width="1.6"/>', _sine(x, y, 18)],
    )


def generator(x: float, y: float) -> str:
    return _group(
        "generator",
        [
            f'<circle cx="{x}" cy="{y}" r="16" fill="#fff" stroke-width="1.6"/>',
            text(x, y + 1, "G", 13, "middle", ' stroke="none" font-weight="bold"'),
            _sine(x, y + 8, 10),
        ],
    )


def transformer(x: float, y: float, iec: bool) -> str:
    """Terminals at y − 22 (primary) and y + 22 (secondary)."""
    if iec:
        body = [
            f'<circle cx="{x}" cy="{y - 7}" r="13" fill="none" stroke-width="1.6"/>',
            f'<circle cx="{x}" cy="{y + 7}" r="13" fill="none" stroke-width="1.6"/>',
            _line(x, y - 22, x, y - 20),
            _line(x, y + 20, x, y + 22),
        ]
    else:  # IEEE 315: two windings facing each other across the core
        arcs = "".join(
            f'<path d="M{x - 15 + 7.5 * i:.1f},{y - 6:.1f} a3.75,4 0 0 0 7.5,0" '
            f'fill="none" stroke-width="1.6"/>'
            f'<path d="M{x - 15 + 7.5 * i:.1f},{y + 6:.1f} a3.75,4 0 0 1 7.5,0" '
            f'fill="none" stroke-width="1.6"/>'
            for i in range(4)
        )
        body = [
            arcs,
            _line(x - 16, y - 1.5, x + 16, y - 1.5),
            _line(x - 16, y + 1.5, x + 16, y + 1.5),
            _line(x, y - 22, x, y - 6),
            _line(x, y + 6, x, y + 22),
        ]
    return _group("transformer", body)


def breaker(x: float, y: float, iec: bool) -> str:
    """Terminals at y − 9 and y + 9."""
    if iec:
        body = [
            _line(x, y - 9, x, y - 5),
            _line(x, y - 5, x - 6, y + 6),
            _line(x, y + 6, x, y + 9),
            _line(x - 3, y - 8, x + 3, y - 2),
            _line(x + 3, y - 8, x - 3, y - 2),
        ]
    else:
        body = [
            f'<rect x="{x - 7}" y="{y - 7}" width="14" height="14" fill="#fff" stroke-width="1.6"/>',
            _line(x, y - 9, x, y - 7),
            _line(x, y + 7, x, y + 9),
        ]
    return _group("breaker", body)


def ats(x: float, y: float, left_x: float, right_x: float, normal_left: bool = True) -> str:
    """Two inputs at y − 18 (``left_x``, ``right_x``); the blade rests on the normal one."""
    blade = -9 if normal_left else 9
    return _group(
        "ats",
        [
            f'<rect x="{x - 26}" y="{y - 14}" width="52" height="28" fill="#fff" stroke-width="1.6"/>',
            _line(left_x, y - 18, left_x, y - 14),
            _line(right_x, y - 18, right_x, y - 14),
            _line(left_x, y - 14, x - 9, y - 5),
            _line(right_x, y - 14, x + 9, y - 5),
            f'<circle cx="{x - 9}" cy="{y - 5}" r="2" fill="#222"/>',
            f'<circle cx="{x + 9}" cy="{y - 5}" r="2" fill="#222"/>',
            _line(x, y + 8, x + blade, y - 4),
            f'<circle cx="{x}" cy="{y + 8}" r="2" fill="#222"/>',
            _line(x, y + 8, x, y + 18),
            text(x + 12, y + 10, "ATS", 8, "start", ' stroke="none"'),
        ],
    )


def ups(x: float, y: float) -> str:
    """Rectifier and inverter with a battery, and the static bypass above; terminals y ± 30."""

    def converter(cx: float, top: str, bottom: str) -> str:
        return (
            f'<rect x="{cx - 11}" y="{y - 9}" width="22" height="22" fill="#fff" stroke-width="1.4"/>'
            + _line(cx - 11, y + 13, cx + 11, y - 9, 1.0)
            + text(cx - 5, y, top, 9, "middle", ' stroke="none"')
            + text(cx + 5, y + 11, bottom, 9, "middle", ' stroke="none"')
        )

    return _group(
        "ups",
        [
            _line(x, y - 30, x, y - 20),
            _line(x - 18, y - 20, x + 18, y - 20),
            _line(x - 18, y - 20, x - 18, y - 9),
            converter(x - 18, "~", "="),
            _line(x - 7, y + 2, x + 7, y + 2),
            converter(x + 18, "=", "~"),
            _line(x + 18, y + 13, x + 18, y + 22),
            _line(x - 18, y + 22, x + 18, y + 22),
            _line(x - 18, y + 13, x - 18, y + 22),
            _line(x, y + 22, x, y + 30),
            # battery on the DC link
            _line(x, y + 2, x, y + 8),
            _line(x - 6, y + 8, x + 6, y + 8),
            _line(x - 3, y + 11, x + 3, y + 11),
            # static bypass: a path over the converters with its static switch
            f'<path d="M{x - 18},{y - 20} L{x - 18},{y - 27} L{x + 32},{y - 27} '
            f'L{x + 32},{y + 22} L{x + 18},{y + 22}" fill="none" stroke-width="1.2" '
            'stroke-dasharray="3,2"/>',
            f'<path d="M{x + 28},{y - 4} l4,6 l4,-6 z" fill="#fff" stroke-width="1.1"/>',
            text(x + 32, y + 11, "SS", 7, "middle", ' stroke="none"'),
        ],
    )


def pdu(x: float, y: float, with_transformer: bool, iec: bool) -> str:
    body = [
        f'<rect x="{x - 20}" y="{y - 20}" width="40" height="40" fill="#fff" stroke-width="1.6"/>'
    ]
    if with_transformer:
        body.append(transformer(x, y, iec).replace('class="sym-transformer"', 'class="pdu-tx"'))
    else:
        body.extend(_line(x - 12 + 8 * i, y - 6, x - 12 + 8 * i, y + 12) for i in range(4))
        body.append(_line(x - 14, y - 6, x + 14, y - 6))
    body += [_line(x, y - 24, x, y - 20), _line(x, y + 20, x, y + 24)]
    return _group("pdu", body)


def rpp(x: float, y: float) -> str:
    body = [
        f'<rect x="{x - 18}" y="{y - 16}" width="36" height="32" fill="#fff" stroke-width="1.6"/>',
        _line(x, y - 20, x, y - 16),
        _line(x, y - 10, x, y + 10),
    ]
    body += [_line(x, y - 6 + 6 * i, x + (10 if i % 2 else -10), y - 6 + 6 * i) for i in range(3)]
    body.append(_line(x, y + 16, x, y + 20))
    return _group("rpp", body)


def busway(x: float, y: float) -> str:
    return _group(
        "busway",
        [
            f'<rect x="{x - 6}" y="{y - 20}" width="12" height="40" fill="#fff" stroke-width="1.6"/>',
            _line(x - 2, y - 18, x - 2, y + 18),
            _line(x + 2, y - 18, x + 2, y + 18),
        ],
    )


def bus(x1: float, x2: float, y: float, colour: str) -> str:
    return _group(
        "bus",
        [
            f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" stroke-width="5" '
            'stroke-linecap="square"/>'
        ],
        colour,
    )


def load(x: float, y: float, w: float, h: float, arrow: bool = True) -> str:
    """A load group: a box, with the IEEE 315 load arrowhead on its supply unless drawn apart."""
    body = [
        f'<rect x="{x - w / 2:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" '
        'fill="#e8eef7" stroke-width="1.4"/>'
    ]
    if arrow:
        body.append(f'<path d="M{x - 5:.1f},{y - 8:.1f} l5,8 l5,-8 z" fill="#222"/>')
    return _group("load", body)
