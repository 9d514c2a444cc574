"""Line plots drawn with matplotlib, as SVG text: the plots of `dcc variants` (dcdsl/variants.py).

matplotlib's SVG ids are salted with a constant, text stays text (`svg.fonttype = none`) and no
date is written, so a plot is byte-identical on a rerun. Imported only by the command that
draws them: importing matplotlib takes about 0.4 s (report.html's bar charts are written
directly, dcdsl/emit/charts.py).
"""

from __future__ import annotations

import io
import re
from typing import Any

import markupsafe

from dcdsl.diagnostics import escape_controls

_RC: Any = {  # Any: matplotlib's stubs type rc keys as a Literal
    "svg.hashsalt": "dcdsl-report",  # stable clip-path ids: byte-identical rebuilds
    "svg.fonttype": "none",  # text as <text>, in the page's font
    "font.family": "sans-serif",
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10.0,
}


def svg(fig: Any) -> markupsafe.Markup:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "dcdsl"})
    text = buffer.getvalue()
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.S)
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)  # RDF: no use inline
    return markupsafe.Markup(text.strip())  # matplotlib escapes its text


def chart_text(text: str) -> str:
    """A design's name as matplotlib text: `$` is not mathtext, control characters escaped."""
    return escape_controls(str(text)).replace("$", r"\$")


def figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        return Figure(figsize=(width, height), dpi=96, layout="constrained")
